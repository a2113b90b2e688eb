// Test world for attachments, 调阅 and case files: one region with two agencies and a 司法局,
// a supervisor whose scope is the region, an administrator, and officers of agency A.
// Imported by the *.test.ts files of src/domains/cases/{attachments,record-access,case-file}.
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../platform/db/pool.ts'
import type { Role } from '../../../platform/access/roles.ts'
import { loginAs, makeOrg, makeUser, type OrgRow, type Session } from '../../../../test/support.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { recordAv } from '../../av/test-world.ts'

export type Member = Session & { id: string }
export type CaseWorld = {
  region: OrgRow
  agencyA: OrgRow
  agencyB: OrgRow
  bureau: OrgRow
  officerA: Member
  headA: Member
  officerB: Member
  supervisor: Member
  admin: Member
  member(org: OrgRow, roles: Role[], scope?: OrgRow): Promise<Member>
  newCase(kind?: string): Promise<string>
  act(caseId: string, payload: Record<string, unknown>, who?: Member): Promise<{ id: string }>
  /** A 许可 case ended by 不予受理 (closed, 许可法32), optionally 归档 as well. */
  closedCase(archive?: boolean): Promise<string>
}

export async function makeCaseWorld(db: Db, app: FastifyInstance): Promise<CaseWorld> {
  const region = await makeOrg(db, { level: 'county' })
  const agencyA = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const agencyB = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const bureau = await makeOrg(db, { parent: region, kind: 'agency', level: 'county', name: `测试司法局${agencyA.code}` })
  const member = async (org: OrgRow, roles: Role[], scope?: OrgRow): Promise<Member> => {
    const user = await makeUser(db, { org, roles, ...(scope ? { scope } : {}) })
    return { ...(await loginAs(app, user.username)), id: user.id }
  }
  const officerA = await member(agencyA, ['officer'])
  const world: CaseWorld = {
    region,
    agencyA,
    agencyB,
    bureau,
    officerA,
    headA: await member(agencyA, ['head']),
    officerB: await member(agencyB, ['officer']),
    supervisor: await member(bureau, ['supervisor'], region),
    admin: await member(region, ['admin']),
    member,
    async newCase(kind = '处罚-普通') {
      const res = await app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: officerA.headers,
        payload: { kind, partyKind: 'organisation', partyName: '某某商贸有限公司', summary: '涉嫌销售过期食品' },
      })
      assert.equal(res.statusCode, 201, res.body)
      return res.json().id as string
    },
    async act(caseId, payload, who = officerA) {
      const res = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: who.headers, payload })
      assert.equal(res.statusCode, 201, res.body)
      // the walk records the act's recording or absence reason before it goes on
      await recordAv(app, who.headers, caseId, res.json().id)
      return res.json()
    },
    async closedCase(archive = false) {
      const id = await world.newCase('许可')
      const today = todayInChina()
      await world.act(id, { type: '申请', actedOn: today })
      await world.act(id, { type: '不予受理', actedOn: today, data: { reason: '申请事项依法不需要取得行政许可' } })
      if (archive) await world.act(id, { type: '归档', actedOn: today })
      return id
    },
  }
  return world
}

/** Minimal valid files of each kind, by their first bytes. */
export const SAMPLE = {
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]),
  mp4: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(4000, 3)]),
  pdf: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1'),
}
