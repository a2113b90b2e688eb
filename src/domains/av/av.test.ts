import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeUser, loginAs } from '../../../test/support.ts'
import { makeCaseWorld, day, type CaseWorld } from '../cases/approvals.test-world.ts'
import { SAMPLE } from '../cases/record-access/test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => app.close())

/** what the database's advance rule (av_advance_problem) says about advancing the case now. */
async function advanceProblem(caseId: string, except: string | null = null) {
  const { rows } = await db.query<{ code: string | null; message: string | null }>(`SELECT * FROM av_advance_problem($1, $2)`, [caseId, except])
  return rows[0] ?? { code: null, message: null }
}

/** Records an action through the API and leaves its recording/reason unrecorded (w.ok records them). */
async function bare(caseId: string, payload: Record<string, unknown>, world = w) {
  const res = await world.act(caseId, payload)
  assert.equal(res.statusCode, 201, res.body)
  return res.json() as { id: string }
}

/** the same advance, written with SQL as the app role, straight into case_action. */
async function advanceBySql(caseId: string, kind: string, type: string, actedOn: string) {
  return db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, officers, data, recorded_by) VALUES ($1, $2, $3, $4, '{}', '{}', $5)`,
    [caseId, kind, type, actedOn, w.officer.id])
}

async function attach(caseId: string, actionId: string, type: string, payload: Buffer) {
  const res = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/attachments?actionId=${actionId}`, headers: { ...w.officer.session.headers, 'content-type': type }, payload })
  assert.equal(res.statusCode, 201, res.body)
}

/** A 强制-措施 case at 实施 with the given measure, approved beforehand by the head. */
async function seizureAt(measure: string) {
  const c = await w.newCase('强制-措施')
  const approval = await w.post(`/api/cases/${c.id}/approvals`, { type: '审批', actedOn: day(-5), reason: `拟${measure}涉案物品` }, w.officer)
  assert.equal(approval.statusCode, 201, approval.body)
  const decided = await w.post(`/api/approvals/${approval.json().id}/decision`, { approve: true, opinion: '同意' }, w.head)
  assert.equal(decided.statusCode, 200, decided.body)
  const act = await bare(c.id, { type: '实施', actedOn: day(-5), officers: w.people.slice(0, 2), data: { measure } })
  return { caseId: c.id, actionId: act.id }
}

test('R-06: the national default list marks 查封/扣押/限制人身自由/强制拆除 required and on-site acts, 听证, 留置/公告送达 expected', async () => {
  const res = await w.get('/api/av-list', w.officer)
  assert.equal(res.statusCode, 200, res.body)
  const list = res.json() as { kind: string; actionType: string; dataValue: string | null; level: string; agencyId: string | null }[]
  const level = (kind: string, type: string, value: string | null) => list.find((e) => e.kind === kind && e.actionType === type && e.dataValue === value)?.level
  assert.equal(level('强制-措施', '实施', '查封'), 'required')
  assert.equal(level('强制-措施', '实施', '扣押'), 'required')
  assert.equal(level('强制-措施', '实施', '限制人身自由'), 'required')
  assert.equal(level('强制-执行', '实施', '强制拆除'), 'required')
  assert.equal(level('强制-措施', '实施', null), 'expected')
  assert.equal(level('处罚-普通', '调查取证', null), 'expected')
  assert.equal(level('处罚-普通', '听证', null), 'expected')
  assert.equal(level('检查', '实施检查', null), 'expected')
  assert.equal(level('处罚-普通', '送达', '留置送达'), 'expected')
  assert.equal(level('处罚-普通', '送达', '公告送达'), 'expected')
  assert.equal(level('处罚-普通', '送达', null), undefined)
  assert.ok(list.every((e) => e.agencyId === null))
  // read-only for officers
  const add = await w.post('/api/av-list', { kind: '检查', actionType: '实施检查', act: '随机抽查', level: 'required', recordedHow: '全程音像', source: '本局规定' }, w.officer)
  assert.equal(add.statusCode, 403)
})

test('R-06: advancing past a required 查封 is refused without a video (a photo or a reason is not enough) by the API and by SQL as the app role, allowed with one', async () => {
  const { caseId, actionId } = await seizureAt('查封')
  const status = (await w.get(`/api/cases/${caseId}/av-status`, w.officer)).json() as { actionId: string; level: string; satisfied: boolean }[]
  assert.deepEqual(status.find((s) => s.actionId === actionId)?.level, 'required')
  assert.equal(status.find((s) => s.actionId === actionId)?.satisfied, false)
  const refused = await advanceProblem(caseId)
  assert.equal(refused.code, 'AV_REQUIRED')
  assert.match(refused.message!, /实施.*查封财产.*全程音像/)
  // advancing is refused by the API and by the database (SQL as the app role), with the same code and message
  const api = await w.act(caseId, { type: '决定书送达', actedOn: day(-4) })
  assert.equal(api.statusCode, 422, api.body)
  assert.deepEqual({ code: api.json().code, message: api.json().message }, refused)
  await assert.rejects(advanceBySql(caseId, '强制-措施', '决定书送达', day(-4)), (e: { hint?: string; message?: string }) => e.hint === 'AV_REQUIRED' && e.message === refused.message)
  // the corrected action itself is not passed by its correction
  assert.equal((await advanceProblem(caseId, actionId)).code, null)
  // a reason does not replace a required recording
  const reason = await w.post(`/api/cases/${caseId}/actions/${actionId}/av-absence`, { reason: '执法记录仪故障未能录像' }, w.officer)
  assert.equal(reason.statusCode, 422)
  assert.equal(reason.json().code, 'AV_REQUIRED')
  // a photo is not a recording
  await attach(caseId, actionId, 'image/jpeg', SAMPLE.jpeg)
  assert.equal((await advanceProblem(caseId)).code, 'AV_REQUIRED')
  await attach(caseId, actionId, 'video/mp4', SAMPLE.mp4)
  assert.equal((await advanceProblem(caseId)).code, null)
  await w.ok(caseId, { type: '决定书送达', actedOn: day(-4) })
  const after = (await w.get(`/api/cases/${caseId}/av-status`, w.officer)).json() as { actionId: string; satisfied: boolean; hasRecording: boolean }[]
  assert.equal(after.find((s) => s.actionId === actionId)?.hasRecording, true)
})

test('R-06: expected 调查取证 is refused without a recording or reason, accepted with a reason (≥ 5 characters) or with audio (API and SQL)', async () => {
  const c = await w.newCase('处罚-普通')
  await w.ok(c.id, { type: '案源登记', actedOn: day(-5) })
  await w.ok(c.id, { type: '核查', actedOn: day(-5) })
  await w.ok(c.id, { type: '立案', actedOn: day(-5) }, w.head)
  const first = await bare(c.id, { type: '调查取证', actedOn: day(-4), officers: w.people.slice(0, 2) })
  const refused = await advanceProblem(c.id)
  assert.equal(refused.code, 'AV_REASON_REQUIRED')
  assert.match(refused.message!, /调查取证.*说明原因/)
  const api = await w.act(c.id, { type: '案件审核', actedOn: day(-2) })
  assert.equal(api.statusCode, 422, api.body)
  assert.deepEqual({ code: api.json().code, message: api.json().message }, refused)
  await assert.rejects(advanceBySql(c.id, '处罚-普通', '案件审核', day(-2)), (e: { hint?: string }) => e.hint === 'AV_REASON_REQUIRED')
  const short = await w.post(`/api/cases/${c.id}/actions/${first.id}/av-absence`, { reason: '没录' }, w.officer)
  assert.equal(short.statusCode, 400)
  await assert.rejects(db.query(`INSERT INTO av_absence_reason (action_id, reason, recorded_by) VALUES ($1, '没录', $2)`, [first.id, w.officer.id]))
  const reason = await w.post(`/api/cases/${c.id}/actions/${first.id}/av-absence`, { reason: '当事人场所内禁止拍摄，已制作现场笔录' }, w.officer)
  assert.equal(reason.statusCode, 201, reason.body)
  assert.equal(reason.json().satisfied, true)
  assert.equal((await advanceProblem(c.id)).code, null)
  const second = await bare(c.id, { type: '调查取证', actedOn: day(-3), officers: w.people.slice(0, 2) })
  assert.equal((await advanceProblem(c.id)).code, 'AV_REASON_REQUIRED')
  await attach(c.id, second.id, 'audio/mpeg', Buffer.concat([Buffer.from('ID3'), Buffer.alloc(2000, 1)]))
  assert.equal((await advanceProblem(c.id)).code, null)
  await w.ok(c.id, { type: '案件审核', actedOn: day(-2) })
})

test('R-06: an agency entry overrides the national default for the same act (admin API), from its effective date', async () => {
  const admin = await makeUser(db, { org: w.agency, roles: ['admin'] })
  const session = await loginAs(app, admin.username)
  const add = await app.inject({ method: 'POST', url: '/api/av-list', headers: session.headers,
    payload: { kind: '处罚-普通', actionType: '调查取证', act: '调查取证', level: 'required', recordedHow: '全程音像', source: '本局音像记录事项清单第3项', effectiveFrom: day(-30) } })
  assert.equal(add.statusCode, 201, add.body)
  const list = (await w.get('/api/av-list', w.officer)).json() as { actionType: string; kind: string; level: string; agencyId: string | null }[]
  const entries = list.filter((e) => e.kind === '处罚-普通' && e.actionType === '调查取证')
  assert.deepEqual(entries.map((e) => [e.level, e.agencyId]), [['required', w.agency.id]])
  const c = await w.newCase('处罚-普通')
  await w.ok(c.id, { type: '案源登记', actedOn: day(-5) })
  await w.ok(c.id, { type: '核查', actedOn: day(-5) })
  await w.ok(c.id, { type: '立案', actedOn: day(-5) }, w.head)
  const inv = await bare(c.id, { type: '调查取证', actedOn: day(-4), officers: w.people.slice(0, 2) })
  const reason = await w.post(`/api/cases/${c.id}/actions/${inv.id}/av-absence`, { reason: '执法记录仪电量耗尽' }, w.officer)
  assert.equal(reason.statusCode, 422)
  const refused = await advanceProblem(c.id)
  assert.equal(refused.code, 'AV_REQUIRED')
  assert.match(refused.message!, /本局音像记录事项清单第3项/)
  const api = await w.act(c.id, { type: '案件审核', actedOn: day(-2) })
  assert.equal(api.statusCode, 422, api.body)
  assert.equal(api.json().code, 'AV_REQUIRED')
  // another agency still follows the default
  const other = await makeCaseWorld(db, app)
  const otherList = (await other.get('/api/av-list', other.officer)).json() as { kind: string; actionType: string; level: string }[]
  assert.equal(otherList.find((e) => e.kind === '处罚-普通' && e.actionType === '调查取证')?.level, 'expected')
})

test('R-06: a further act of the same stage is not advancing past it; the next stage is refused naming the first unexplained act, and the pre-check says the same', async () => {
  // a world of its own: the test above changed its agency's list
  const w = await makeCaseWorld(db, app)
  const c = await w.newCase('处罚-普通')
  await w.ok(c.id, { type: '案源登记', actedOn: day(-5) })
  await w.ok(c.id, { type: '核查', actedOn: day(-5) })
  await w.ok(c.id, { type: '立案', actedOn: day(-5) }, w.head)
  const first = await bare(c.id, { type: '调查取证', actedOn: day(-4), officers: w.people.slice(0, 2) }, w)
  const second = await bare(c.id, { type: '调查取证', actedOn: day(-3), officers: w.people.slice(0, 2) }, w)
  const pre = await w.get(`/api/cases/${c.id}/av-advance?type=${encodeURIComponent('案件审核')}`, w.officer)
  assert.equal(pre.statusCode, 200, pre.body)
  const same = await w.get(`/api/cases/${c.id}/av-advance?type=${encodeURIComponent('调查取证')}`, w.officer)
  assert.equal(same.json().problem, null)
  const api = await w.act(c.id, { type: '案件审核', actedOn: day(-2) })
  assert.equal(api.statusCode, 422, api.body)
  assert.deepEqual({ code: api.json().code, message: api.json().message }, pre.json().problem)
  assert.equal(api.json().code, 'AV_REASON_REQUIRED')
  await w.post(`/api/cases/${c.id}/actions/${first.id}/av-absence`, { reason: '当事人场所内禁止拍摄，已制作现场笔录' }, w.officer)
  // the second act still lacks its reason
  assert.equal((await w.act(c.id, { type: '案件审核', actedOn: day(-2) })).statusCode, 422)
  await w.post(`/api/cases/${c.id}/actions/${second.id}/av-absence`, { reason: '当事人场所内禁止拍摄，已制作现场笔录' }, w.officer)
  assert.equal((await w.get(`/api/cases/${c.id}/av-advance?type=${encodeURIComponent('案件审核')}`, w.officer)).json().problem, null)
  await w.ok(c.id, { type: '案件审核', actedOn: day(-2) })
})
