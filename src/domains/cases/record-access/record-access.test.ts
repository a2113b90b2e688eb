import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { makeOrg, testApp, testDb } from '../../../../test/support.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { makeCaseWorld, SAMPLE, type CaseWorld, type Member } from './test-world.ts'
import { secrecyRefusal } from './rules.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => app.close())

const get = (url: string, who: Member) => app.inject({ method: 'GET', url, headers: who.headers })
const post = (url: string, who: Member, payload: unknown) => app.inject({ method: 'POST', url, headers: who.headers, payload: payload as any })
const openAccess = (caseId: string, who: Member = w.supervisor, reason = '专项监督检查抽查案卷') => post(`/api/cases/${caseId}/access`, who, { reason })
async function attach(caseId: string, secrecy?: string) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments${secrecy ? `?secrecy=${secrecy}` : ''}`,
    headers: { ...w.officerA.headers, 'content-type': 'image/png' },
    payload: Buffer.concat([SAMPLE.png, Buffer.from(`${caseId}${secrecy}`)]),
  })
  assert.equal(res.statusCode, 201, res.body)
  return res.json().id as string
}

test('R-11: a supervisor reads another agency\'s case only after opening a 调阅 with a reason; the owning agency reads as before', async () => {
  const caseId = await w.newCase()
  await w.act(caseId, { type: '案源登记', actedOn: todayInChina() })
  assert.equal((await get(`/api/cases/${caseId}`, w.officerA)).statusCode, 200)
  assert.equal((await get(`/api/cases/${caseId}`, w.headA)).statusCode, 200)
  const refused = await get(`/api/cases/${caseId}`, w.supervisor)
  assert.equal(refused.statusCode, 403)
  assert.equal(refused.json().code, 'RECORD_ACCESS_REQUIRED')
  assert.match(refused.json().message, /调阅/)
  assert.equal((await get(`/api/cases/${caseId}/attachments`, w.supervisor)).statusCode, 403)

  const short = await post(`/api/cases/${caseId}/access`, w.supervisor, { reason: '看看' })
  assert.equal(short.statusCode, 400)
  assert.equal((await post(`/api/cases/${caseId}/access`, w.supervisor, {})).statusCode, 400)
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM record_access WHERE case_id = $1`, [caseId])).n, 0, 'bad input changes nothing')

  const opened = await openAccess(caseId)
  assert.equal(opened.statusCode, 201, opened.body)
  const access = opened.json()
  const hours = (Date.parse(access.expiresAt) - Date.parse(access.openedAt)) / 3_600_000
  assert.equal(hours, 8)
  const read = await get(`/api/cases/${caseId}`, w.supervisor)
  assert.equal(read.statusCode, 200, read.body)
  assert.equal(read.json().actions.length, 1)
  assert.deepEqual(read.json().nextActions, [], 'a 调阅 is read-only: no next steps are offered')
  const audited = await db.many(`SELECT action, reason, detail FROM audit_event WHERE actor_id = $1 ORDER BY id`, [w.supervisor.id])
  const mine = audited.filter((e) => e.detail.caseId === caseId)
  assert.deepEqual(mine.map((e) => e.action), ['record_access.open', 'case.read.case'])
  assert.equal(mine[1].detail.recordAccessId, access.id)
  assert.equal(mine[1].reason, '专项监督检查抽查案卷')
})

test('R-11: a supervisor can never write to the case, in the API and in the database', async () => {
  const caseId = await w.newCase()
  assert.equal((await openAccess(caseId)).statusCode, 201)
  const res = await post(`/api/cases/${caseId}/actions`, w.supervisor, { type: '案源登记', actedOn: todayInChina() })
  assert.equal(res.statusCode, 403)
  const mark = await post(`/api/cases/${caseId}/secrecy`, w.supervisor, { entity: 'case', level: 'privacy', reason: '涉及个人隐私' })
  assert.equal(mark.statusCode, 403)
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, recorded_by) VALUES ($1, '处罚-普通', '案源登记', $2, $3)`, [caseId, todayInChina(), w.supervisor.id]),
    /监督人员调阅案卷只能查看/,
  )
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1`, [caseId])).n, 0)
})

test('R-11: 调阅 stays within the supervisor\'s scope; others outside the owning agency cannot open or read', async () => {
  const caseId = await w.newCase()
  const elsewhere = await makeOrg(db, { level: 'county' })
  const farBureau = await makeOrg(db, { parent: elsewhere, kind: 'agency', level: 'county' })
  const outsider = await w.member(farBureau, ['supervisor'], elsewhere)
  assert.equal((await openAccess(caseId, outsider)).statusCode, 403)
  assert.equal((await openAccess(caseId, w.officerB)).statusCode, 403, 'only supervisors open a 调阅')
  assert.equal((await get(`/api/cases/${caseId}`, w.officerB)).statusCode, 403)
  const regionalAdmin = await get(`/api/cases/${caseId}`, w.admin)
  assert.equal(regionalAdmin.statusCode, 403, 'an administrator in scope is not handling staff either')
})

test('R-11: an expired 调阅 no longer opens the case, and no read is recorded under it', async () => {
  const caseId = await w.newCase()
  const { id } = await db.one(
    `INSERT INTO record_access (case_id, agency_id, user_id, user_name, reason, opened_at, expires_at)
     VALUES ($1, $2, $3, '监督员', '上周的专项检查', now() - interval '9 hours', now() - interval '1 hour') RETURNING id`,
    [caseId, w.agencyA.id, w.supervisor.id],
  )
  assert.equal((await get(`/api/cases/${caseId}`, w.supervisor)).json().code, 'RECORD_ACCESS_REQUIRED')
  await assert.rejects(db.query(`INSERT INTO record_access_read (access_id, entity) VALUES ($1, 'case')`, [id]), /调阅已过期/)
})

test('R-11: the database holds the 调阅 rules: a supervisor, a reason of 5 characters, at most 8 hours, the case\'s own agency, append-only', async () => {
  const caseId = await w.newCase()
  const insert = (reason: string, hours: number, agency = w.agencyA.id) =>
    db.query(
      `INSERT INTO record_access (case_id, agency_id, user_id, user_name, reason, expires_at) VALUES ($1, $2, $3, '监督员', $4, now() + make_interval(hours => $5))`,
      [caseId, agency, w.supervisor.id, reason, hours],
    )
  await assert.rejects(insert('四个字啊', 1), /check constraint/)
  await assert.rejects(insert('足够长的理由', 9), /check constraint/)
  await assert.rejects(insert('足够长的理由', 1, w.agencyB.id), /案件所属机关/)
  await insert('足够长的理由', 8)
  await assert.rejects(
    db.query(
      `INSERT INTO record_access (case_id, agency_id, user_id, user_name, reason, expires_at) VALUES ($1, $2, $3, '执法人员', '足够长的理由', now() + interval '1 hour')`,
      [caseId, w.agencyA.id, w.officerB.id],
    ),
    /只有司法行政机关监督人员/,
  )
  await assert.rejects(db.query(`UPDATE record_access SET reason = '改过的理由呀' WHERE case_id = $1`, [caseId]), /permission denied|只追加/)
  await assert.rejects(db.query(`DELETE FROM record_access WHERE case_id = $1`, [caseId]), /permission denied|只追加/)
})

test('R-11: the owning agency sees every 调阅 of its cases: who, when, why and what was opened', async () => {
  const caseId = await w.newCase()
  const attachmentId = await attach(caseId)
  const access = (await openAccess(caseId, w.supervisor, '群众举报核查，调阅原始记录')).json()
  await get(`/api/cases/${caseId}`, w.supervisor)
  await get(`/api/cases/${caseId}/attachments`, w.supervisor)
  assert.equal((await get(`/api/attachments/${attachmentId}/content`, w.supervisor)).statusCode, 200)
  const res = await get(`/api/record-access?agencyId=${w.agencyA.id}`, w.headA)
  assert.equal(res.statusCode, 200, res.body)
  const entry = res.json().items.find((a: any) => a.id === access.id)
  assert.ok(entry)
  assert.equal(entry.userId, w.supervisor.id)
  assert.equal(entry.reason, '群众举报核查，调阅原始记录')
  assert.deepEqual(entry.reads.map((r: any) => [r.entity, r.entityId]), [['case', caseId], ['attachments', caseId], ['attachment', attachmentId]])
  const other = await get(`/api/record-access?agencyId=${w.agencyA.id}`, w.officerB)
  assert.equal(other.statusCode, 403, 'another agency does not see them')
  const audited = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE detail->>'recordAccessId' = $1`, [access.id])
  assert.equal(audited.n, 3)
})

test('R-10: 商业秘密 and 个人隐私 open for the handling staff, for others only with a clearance; the refusal says why', async () => {
  const caseId = await w.newCase()
  const trade = await attach(caseId, 'trade-secret')
  const plain = await attach(caseId)
  assert.equal((await get(`/api/attachments/${trade}/content`, w.officerA)).statusCode, 200)
  await openAccess(caseId)
  const refused = await get(`/api/attachments/${trade}/content`, w.supervisor)
  assert.equal(refused.statusCode, 403)
  assert.equal(refused.json().code, 'SECRECY')
  assert.match(refused.json().message, /商业秘密/)
  assert.equal((await get(`/api/attachments/${plain}/content`, w.supervisor)).statusCode, 200)
  const list = (await get(`/api/cases/${caseId}/attachments`, w.supervisor)).json().items
  assert.match(list.find((a: any) => a.id === trade).withheld, /商业秘密/)
  assert.equal(list.find((a: any) => a.id === plain).withheld, null)

  const grant = await post('/api/secrecy-clearances', w.admin, { userId: w.supervisor.id, level: 'trade-secret', granted: true, reason: '专项督查授权' })
  assert.equal(grant.statusCode, 204, grant.body)
  assert.equal((await get(`/api/attachments/${trade}/content`, w.supervisor)).statusCode, 200)
  assert.deepEqual((await get(`/api/secrecy-clearances?userId=${w.supervisor.id}`, w.admin)).json().levels, ['trade-secret'])
  await post('/api/secrecy-clearances', w.admin, { userId: w.supervisor.id, level: 'trade-secret', granted: false, reason: '督查结束' })
  assert.equal((await get(`/api/attachments/${trade}/content`, w.supervisor)).statusCode, 403)
  assert.equal((await post('/api/secrecy-clearances', w.officerA, { userId: w.officerA.id, level: 'state-secret', granted: true, reason: '自己授权' })).statusCode, 403)
})

test('R-10: 国家秘密 opens only with an explicit clearance, even for the handling staff; marking the case covers all of it', async () => {
  const caseId = await w.newCase()
  const mark = await post(`/api/cases/${caseId}/secrecy`, w.officerA, { entity: 'case', level: 'state-secret', reason: '涉及国防设施' })
  assert.equal(mark.statusCode, 201, mark.body)
  const refused = await get(`/api/cases/${caseId}`, w.headA)
  assert.equal(refused.statusCode, 403)
  assert.match(refused.json().message, /国家秘密/)
  const cleared = await w.member(w.agencyA, ['officer'])
  await post('/api/secrecy-clearances', w.admin, { userId: cleared.id, level: 'state-secret', granted: true, reason: '经保密审查' })
  assert.equal((await get(`/api/cases/${caseId}`, cleared)).statusCode, 200)
  const listed = async (who: Member) =>
    (await get('/api/cases?limit=200', who)).json().items.find((c: any) => c.id === caseId)
  assert.equal((await listed(w.headA)).partyName, '（国家秘密，已隐去）', 'the list does not show what the case opens only to the cleared')
  assert.equal((await listed(w.supervisor)).summary, '（国家秘密，已隐去）')
  assert.equal((await listed(cleared)).partyName, '某某商贸有限公司')
  const lift = await post(`/api/cases/${caseId}/secrecy`, cleared, { entity: 'case', level: null, reason: '经定密机关解密' })
  assert.equal(lift.statusCode, 201)
  assert.equal((await get(`/api/cases/${caseId}`, w.headA)).statusCode, 200)
  assert.equal((await listed(w.headA)).partyName, '某某商贸有限公司')
  await assert.rejects(db.query(`UPDATE secrecy_mark SET level = NULL WHERE case_id = $1`, [caseId]), /permission denied|只追加/)
})

test('R-10: the secrecy rule as a function: each mark needs the reader to be cleared or, below 国家秘密, handling staff', () => {
  const none = new Set<never>()
  assert.equal(secrecyRefusal([null, undefined], { handlingStaff: false, clearances: none }), null)
  assert.equal(secrecyRefusal(['privacy'], { handlingStaff: true, clearances: none }), null)
  assert.match(secrecyRefusal(['privacy'], { handlingStaff: false, clearances: none })!, /个人隐私/)
  assert.match(secrecyRefusal(['state-secret'], { handlingStaff: true, clearances: none })!, /国家秘密/)
  assert.equal(secrecyRefusal(['state-secret'], { handlingStaff: false, clearances: new Set(['state-secret']) }), null)
  assert.match(secrecyRefusal(['state-secret', 'trade-secret'], { handlingStaff: false, clearances: new Set(['state-secret']) })!, /商业秘密/)
})
