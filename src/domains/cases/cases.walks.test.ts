// R-03 done-means tests through the HTTP API: a 许可 and a 强制-措施 walk from the first
// action to 归档, with their statutory deadlines on the working-day calendar (dates around
// 国庆 2025: 10-01…10-08 off, 09-28 and 10-11 worked).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, loginAs, type OrgRow, type Session } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'

const db = testDb()
let app: FastifyInstance
let agency: OrgRow
let officer: Session
let headUserId: string
let officers: string[]

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'county' })
  agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const head = await makeUser(db, { org: agency, roles: ['officer', 'head'] })
  headUserId = head.id
  officer = await loginAs(app, head.username)
  officers = [await insertPerson(db, agency.id), await insertPerson(db, agency.id)]
  for (const id of officers) await insertCertificate(db, id, { validFrom: '2024-01-01', validTo: '2028-12-31' })
})
after(async () => app.close())

async function newCase(kind: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: officer.headers,
    payload: { kind, partyKind: 'organisation', partyName: '某某食品有限公司', summary: '测试案件' },
  })
  assert.equal(res.statusCode, 201, res.body)
  return (res.json() as { id: string }).id
}

const act = (caseId: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: officer.headers, payload })

async function ok(caseId: string, payload: Record<string, unknown>) {
  const res = await act(caseId, payload)
  assert.equal(res.statusCode, 201, `${payload.type}: ${res.body}`)
  return res.json() as { id: string }
}

type Deadline = { ruleId: string; label: string; statute: string; due: string; status: string; confirmed: boolean; basis: string; metOn: string | null; extended: number }

async function deadlines(caseId: string): Promise<Deadline[]> {
  const res = await app.inject({ method: 'GET', url: `/api/cases/${caseId}/deadlines`, headers: officer.headers })
  assert.equal(res.statusCode, 200, res.body)
  return res.json().items
}
const deadline = async (caseId: string, ruleId: string) => {
  const found = (await deadlines(caseId)).find((d) => d.ruleId === ruleId)
  assert.ok(found, `no ${ruleId}`)
  return found
}

test('R-03 许可法32/42/44/82: a 许可 walks 申请 → 补正 → 受理 → 审查 → 决定 → 发证 → 结案 → 归档 with its working-day deadlines across 国庆', async () => {
  const c = await newCase('许可')
  await ok(c, { type: '申请', actedOn: '2025-09-25' })
  // 许可法32: 09-26, 09-28 (worked Sunday), 09-29, 09-30, then 10-09 after the holiday
  const acceptance = await deadline(c, 'licence-acceptance')
  assert.equal(acceptance.due, '2025-10-09')
  assert.equal(acceptance.statute, '行政许可法第三十二条第一款第四项')
  assert.equal(acceptance.metOn, null)
  assert.equal(acceptance.confirmed, true)

  await ok(c, { type: '补正', actedOn: '2025-09-26', data: { content: '补交营业执照复印件' } })
  assert.equal((await deadline(c, 'licence-acceptance')).metOn, '2025-09-26')
  assert.equal((await deadline(c, 'licence-acceptance')).status, 'ok')

  await ok(c, { type: '受理', actedOn: '2025-09-29' })
  // 许可法42, 82: 20 working days from 09-29 — 09-30, 10-09, 10-10, 10-11 (worked), … 11-03
  const decision = await deadline(c, 'licence-decision')
  assert.equal(decision.due, '2025-11-03')
  assert.equal(decision.statute, '行政许可法第四十二条第一款')
  assert.match(decision.basis, /行政许可法第八十二条/)

  await ok(c, { type: '审查', actedOn: '2025-10-09' })
  await ok(c, { type: '决定', actedOn: '2025-10-20', data: { granted: true } })
  assert.equal((await deadline(c, 'licence-decision')).metOn, '2025-10-20')
  // 许可法44: 10 working days from the decision of Monday 10-20 is Monday 11-03
  const certificate = await deadline(c, 'licence-certificate')
  assert.equal(certificate.due, '2025-11-03')
  assert.equal(certificate.statute, '行政许可法第四十四条')
  assert.equal(certificate.metOn, null)

  await ok(c, { type: '发证', actedOn: '2025-10-24' })
  await ok(c, { type: '结案', actedOn: '2025-10-24' })
  await ok(c, { type: '归档', actedOn: '2025-10-27' })
  const all = await deadlines(c)
  assert.deepEqual(all.map((d) => d.ruleId).sort(), ['licence-acceptance', 'licence-certificate', 'licence-decision'])
  assert.ok(all.every((d) => d.metOn !== null && d.status === 'ok'), JSON.stringify(all))
})

test('R-03 许可法42: one approved 延期 adds at most 10 working days; more days or a second 延期 are refused, also by the database', async () => {
  const c = await newCase('许可')
  await ok(c, { type: '申请', actedOn: '2025-09-25' })
  await ok(c, { type: '受理', actedOn: '2025-09-29' })
  await ok(c, { type: '审查', actedOn: '2025-10-09' })
  const tooLong = await act(c, { type: '延期', actedOn: '2025-10-30', data: { days: 11 } })
  assert.equal(tooLong.statusCode, 422)
  assert.equal(tooLong.json().code, 'EXTENSION_TOO_LONG')
  await ok(c, { type: '延期', actedOn: '2025-10-30', data: { days: 10, reason: '情况复杂' } })
  const extended = await deadline(c, 'licence-decision')
  assert.equal(extended.due, '2025-11-17') // 11-04…11-07, 11-10…11-14, 11-17
  assert.equal(extended.extended, 10)
  const second = await act(c, { type: '延期', actedOn: '2025-11-03', data: { days: 1 } })
  assert.equal(second.statusCode, 422)
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, '许可', '延期', '2025-11-03', '{"days": 1}', $2)`, [c, headUserId]),
    /只能|已经记录/,
  )
})

test('R-03 强制法25: 查封扣押 walks 审批 → 实施 → 决定书送达 → 延长 → 处理 → 结案 → 归档; 30 days become 60 once, a second 延长 is refused (API and SQL)', async () => {
  const c = await newCase('强制-措施')
  await ok(c, { type: '审批', actedOn: '2025-09-01' })
  await ok(c, { type: '实施', actedOn: '2025-09-01', officers, data: { measure: '扣押' } })
  // 30 days from 09-01 is 10-01, 国庆: 民诉法85 rolls it to the first working day, 10-09
  const seizure = await deadline(c, 'seizure')
  assert.equal(seizure.due, '2025-10-09')
  assert.equal(seizure.statute, '行政强制法第二十五条')
  assert.match(seizure.basis, /顺延至 2025-10-09/)

  await ok(c, { type: '决定书送达', actedOn: '2025-09-01' })
  await ok(c, { type: '延长', actedOn: '2025-09-25', data: { days: 30, reason: '案情复杂' } })
  const extended = await deadline(c, 'seizure')
  assert.equal(extended.due, '2025-10-31') // 60 days from 09-01, a Friday
  assert.equal(extended.extended, 30)

  const second = await act(c, { type: '延长', actedOn: '2025-10-20', data: { days: 1 } })
  assert.equal(second.statusCode, 422)
  assert.equal(second.json().code, 'CASE_ACTION_REPEATED')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, '强制-措施', '延长', '2025-10-20', '{"days": 1}', $2)`, [c, headUserId]),
    /已经记录|只能/,
  )
  assert.equal((await deadline(c, 'seizure')).due, '2025-10-31')

  await ok(c, { type: '处理', actedOn: '2025-10-20', data: { result: '没收' } })
  assert.equal((await deadline(c, 'seizure')).metOn, '2025-10-20')
  await ok(c, { type: '结案', actedOn: '2025-10-21' })
  await ok(c, { type: '归档', actedOn: '2025-10-22' })
  const all = await deadlines(c)
  assert.deepEqual(all.map((d) => [d.ruleId, d.status]), [['seizure', 'ok']])
})

test('R-03 强制法25: a 延长 of more than 30 days is refused by the API and by the database, and a correction cannot get round it', async () => {
  const c = await newCase('强制-措施')
  await ok(c, { type: '审批', actedOn: '2025-09-01' })
  await ok(c, { type: '实施', actedOn: '2025-09-01', officers, data: { measure: '查封' } })
  await ok(c, { type: '决定书送达', actedOn: '2025-09-02' })
  const tooLong = await act(c, { type: '延长', actedOn: '2025-09-20', data: { days: 31 } })
  assert.equal(tooLong.statusCode, 422)
  assert.equal(tooLong.json().code, 'EXTENSION_TOO_LONG')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, '强制-措施', '延长', '2025-09-20', '{"days": 45}', $2)`, [c, headUserId]),
    /不得超过 30/,
  )
  const first = await ok(c, { type: '延长', actedOn: '2025-09-20', data: { days: 20 } })
  assert.equal((await deadline(c, 'seizure')).due, '2025-10-21') // 50 days from 09-01, a Tuesday
  const corrected = await act(c, { type: '延长', actedOn: '2025-09-20', data: { days: 40 }, supersedesId: first.id })
  assert.equal(corrected.json().code, 'EXTENSION_TOO_LONG')
  await ok(c, { type: '延长', actedOn: '2025-09-20', data: { days: 30 }, supersedesId: first.id })
  assert.equal((await deadline(c, 'seizure')).due, '2025-10-31')
})

test('R-03 强制法43: a forced enforcement at night or on a statutory holiday is refused without an urgency reason', async () => {
  const c = await newCase('强制-执行')
  await ok(c, { type: '催告', actedOn: '2025-09-01' })
  await ok(c, { type: '强制执行决定', actedOn: '2025-09-15' })
  await ok(c, { type: '送达', actedOn: '2025-09-16' })
  const night = await act(c, { type: '实施', actedOn: '2025-09-30', officers, data: { at: '2025-09-30T23:10' } })
  assert.equal(night.statusCode, 422)
  assert.equal(night.json().code, 'ENFORCEMENT_TIME')
  assert.match(night.json().message, /夜间/)
  const holiday = await act(c, { type: '实施', actedOn: '2025-10-02', officers, data: { at: '2025-10-02T10:00' } })
  assert.equal(holiday.statusCode, 422)
  assert.equal(holiday.json().code, 'ENFORCEMENT_TIME')
  assert.match(holiday.json().message, /国庆|节/)
  const noTime = await act(c, { type: '实施', actedOn: '2025-09-30', officers })
  assert.equal(noTime.json().code, 'ENFORCEMENT_TIME')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1 AND type = '实施'`, [c])).n, 0)
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, officers, data, recorded_by) VALUES ($1, '强制-执行', '实施', '2025-09-30', $2::uuid[], '{"at": "2025-09-30T05:30"}', $3)`, [c, officers, headUserId]),
    /夜间/,
  )
  // a normal working day in daytime, and an urgent night-time act with its reason, are allowed
  await ok(c, { type: '实施', actedOn: '2025-09-30', officers, data: { at: '2025-09-30T09:30' } })
  await ok(c, { type: '实施', actedOn: '2025-10-03', officers, data: { at: '2025-10-03T23:00', urgencyReason: '危化品泄漏，情况紧急' } })
})
