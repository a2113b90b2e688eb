// Test world for approvals, 回避 and 简易程序: an agency with an officer, a head and
// certified people, and helpers to open cases and record actions through the API.
import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Db } from '../../platform/db/pool.ts'
import type { Role } from '../../platform/access/roles.ts'
import { loginAs, makeOrg, makeUser, type OrgRow, type Session, dayFromToday } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { recordAv } from '../av/test-world.ts'

export const day = dayFromToday

export type Member = { id: string; session: Session; personId: string | null }

export type CaseWorld = {
  agency: OrgRow
  officer: Member
  head: Member
  /** Certified officers (person ids) of the agency. */
  people: string[]
  member(roles: Role[], org?: OrgRow, personId?: string): Promise<Member>
  newCase(kind?: string, extra?: Record<string, unknown>): Promise<{ id: string; number: string }>
  act(caseId: string, payload: Record<string, unknown>, who?: Member): Promise<LightMyRequestResponse>
  ok(caseId: string, payload: Record<string, unknown>, who?: Member): Promise<{ id: string; data: Record<string, unknown> }>
  post(url: string, payload: Record<string, unknown>, who: Member): Promise<LightMyRequestResponse>
  get(url: string, who: Member): Promise<LightMyRequestResponse>
}

export async function makeCaseWorld(db: Db, app: FastifyInstance, peopleCount = 3): Promise<CaseWorld> {
  const region = await makeOrg(db, { level: 'county' })
  const agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const people: string[] = []
  for (let i = 0; i < peopleCount; i++) {
    const id = await insertPerson(db, agency.id)
    await insertCertificate(db, id)
    people.push(id)
  }
  const member = async (roles: Role[], org = agency, personId?: string): Promise<Member> => {
    const user = await makeUser(db, { org, roles })
    if (personId) await db.query(`UPDATE app_user SET person_id = $1 WHERE id = $2`, [personId, user.id])
    return { id: user.id, session: await loginAs(app, user.username), personId: personId ?? null }
  }
  const officer = await member(['officer'])
  const head = await member(['officer', 'head'])
  const post = (url: string, payload: Record<string, unknown>, who: Member) =>
    app.inject({ method: 'POST', url, headers: who.session.headers, payload })
  const get = (url: string, who: Member) => app.inject({ method: 'GET', url, headers: who.session.headers })
  const act = (caseId: string, payload: Record<string, unknown>, who = officer) => post(`/api/cases/${caseId}/actions`, payload, who)
  return {
    agency,
    officer,
    head,
    people,
    member,
    post,
    get,
    act,
    async ok(caseId, payload, who) {
      const res = await act(caseId, payload, who)
      assert.equal(res.statusCode, 201, `${payload.type}: ${res.body}`)
      // the walk records the act's recording or absence reason before it goes on
      await recordAv(app, (who ?? officer).session.headers, caseId, res.json().id)
      return res.json()
    },
    async newCase(kind = '处罚-普通', extra = {}) {
      const res = await post('/api/cases', { kind, partyKind: 'citizen', partyName: '张三', summary: '无照经营', ...extra }, officer)
      assert.equal(res.statusCode, 201, res.body)
      return res.json()
    },
  }
}
