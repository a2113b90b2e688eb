// deadlines of 处罚-普通 cases (处罚法60 with suspensions and 延期, 36, 56, 61, 64, 67/72),
// the stored status against the pure rule, and the near-due/overdue list within data scope.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, loginAs, type OrgRow, type Session } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { builtinCalendar } from '../../platform/calendar/notices.ts'
import { addDays } from '../../platform/calendar/dates.ts'
import { todayInChina } from '../../platform/clock.ts'
import { DEADLINE_RULES, deadlineStatus, dueDate, getDeadlineRule } from './deadlines.ts'
import { computeDeadlines } from './case-deadlines.ts'
import { passReview } from '../review/gate.test-world.ts'
import { recordAv } from '../av/test-world.ts'

const db = testDb()
let app: FastifyInstance
let region: OrgRow
let agency: OrgRow
let head: Session
let headUser: { id: string; username: string }
let officers: string[]

const day = (offset: number) => addDays(todayInChina(), offset)

before(async () => {
  app = await testApp()
  region = await makeOrg(db, { level: 'county' })
  agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  headUser = await makeUser(db, { org: agency, roles: ['officer', 'head'] })
  head = await loginAs(app, headUser.username)
  officers = [await insertPerson(db, agency.id), await insertPerson(db, agency.id)]
  for (const id of officers) await insertCertificate(db, id, { validFrom: '2024-01-01', validTo: '2028-12-31' })
})
after(async () => app.close())

async function newCase(session: Session = head) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: session.headers,
    payload: { kind: '处罚-普通', partyKind: 'organisation', partyName: '某某商贸有限公司', summary: '销售过期食品' },
  })
  assert.equal(res.statusCode, 201, res.body)
  return (res.json() as { id: string }).id
}
const act = (caseId: string, payload: Record<string, unknown>, session: Session = head) =>
  app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: session.headers, payload })
async function ok(caseId: string, payload: Record<string, unknown>, session: Session = head) {
  const res = await act(caseId, payload, session)
  assert.equal(res.statusCode, 201, `${payload.type}: ${res.body}`)
  // the walk records the act's recording or absence reason before it goes on
  await recordAv(app, session.headers, caseId, res.json().id)
  return res.json() as { id: string; data: Record<string, unknown> }
}
type Deadline = {
  ruleId: string
  due: string
  status: string
  statute: string
  basis: string
  metOn: string | null
  suspendedDays: number
  suspendedSince: string | null
  extended: number
  obligor: string
  lateSurcharge: { daysLate: number; surchargeFen: number; capped: boolean } | null
}
async function deadlines(caseId: string, session: Session = head): Promise<Deadline[]> {
  const res = await app.inject({ method: 'GET', url: `/api/cases/${caseId}/deadlines`, headers: session.headers })
  assert.equal(res.statusCode, 200, res.body)
  return res.json().items
}
const deadline = async (caseId: string, ruleId: string) => {
  const found = (await deadlines(caseId)).find((d) => d.ruleId === ruleId)
  assert.ok(found, `no ${ruleId}`)
  return found
}
const stored = async (caseId: string) => (await db.one(`SELECT count(*)::int AS n FROM case_deadline WHERE case_id = $1`, [caseId])).n as number

async function upToFiling(caseId: string, filedOn: string, violationDate?: string, session: Session = head) {
  await ok(caseId, { type: '案源登记', actedOn: filedOn, data: violationDate ? { violationDate } : {} }, session)
  await ok(caseId, { type: '核查', actedOn: filedOn }, session)
  await ok(caseId, { type: '立案', actedOn: filedOn }, session)
}

test('R-03 处罚法60 市场监管程序规定64/65: 期限中止 and 期限恢复 move the 90-day decision deadline; one 延期 adds 30 days', async () => {
  const c = await newCase()
  await ok(c, { type: '案源登记', actedOn: '2025-07-01' })
  const lead = await deadline(c, 'lead-check')
  assert.equal(lead.due, '2025-07-22') // 15 working days, no holiday in July
  assert.equal(lead.metOn, null)
  await ok(c, { type: '核查', actedOn: '2025-07-01' })
  await ok(c, { type: '立案', actedOn: '2025-07-01' })
  assert.equal((await deadline(c, 'lead-check')).metOn, '2025-07-01')
  assert.equal((await deadline(c, 'penalty-decision')).due, '2025-09-29') // 07-01 + 90 days, a Monday

  await ok(c, { type: '期限中止', actedOn: '2025-08-01', data: { reason: '检测、检验、检疫、鉴定', from: '2025-08-01' } })
  const suspended = await deadline(c, 'penalty-decision')
  assert.equal(suspended.suspendedSince, '2025-08-01')
  assert.equal(suspended.status, 'ok') // the clock stands still
  const again = await act(c, { type: '期限中止', actedOn: '2025-08-05', data: { reason: '公告' } })
  assert.equal(again.json().code, 'SUSPENSION_OPEN')

  await ok(c, { type: '期限恢复', actedOn: '2025-08-11' })
  const resumed = await deadline(c, 'penalty-decision')
  assert.equal(resumed.suspendedDays, 10) // 08-01 … 08-10
  assert.equal(resumed.due, '2025-10-09') // 09-29 + 10 days, a Thursday after 国庆
  assert.equal(resumed.suspendedSince, null)
  assert.match(resumed.basis, /10 日不计入期限/)
  assert.match(resumed.basis, /市场监督管理行政处罚程序规定第六十五条/)
  assert.equal((await act(c, { type: '期限恢复', actedOn: '2025-08-12' })).json().code, 'SUSPENSION_NOT_OPEN')

  assert.equal((await act(c, { type: '延期', actedOn: '2025-09-20', data: { days: 31 } })).json().code, 'EXTENSION_TOO_LONG')
  await ok(c, { type: '延期', actedOn: '2025-09-20', data: { days: 30, reason: '案情复杂' } })
  const extended = await deadline(c, 'penalty-decision')
  assert.equal(extended.extended, 30)
  assert.equal(extended.due, '2025-11-10') // 130 days end on Saturday 11-08: 民诉法85 rolls it to Monday
  assert.equal((await act(c, { type: '延期', actedOn: '2025-09-21', data: { days: 1 } })).json().code, 'CASE_ACTION_REPEATED')
})

test('R-03 市场监管程序规定65: a suspension needs one of the statutory reasons, refused by the database too', async () => {
  const c = await newCase()
  await upToFiling(c, '2025-07-01')
  const before = await stored(c)
  const bad = await act(c, { type: '期限中止', actedOn: '2025-08-01', data: { reason: '领导出差' } })
  assert.equal(bad.statusCode, 422)
  assert.equal(bad.json().code, 'SUSPENSION_REASON')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, '处罚-普通', '期限中止', '2025-08-01', '{"reason": "领导出差"}', $2)`, [c, headUser.id]),
    /事由/,
  )
  const early = await act(c, { type: '期限中止', actedOn: '2025-08-01', data: { reason: '听证', from: '2025-06-01' } })
  assert.equal(early.json().code, 'BAD_SUSPENSION')
  assert.equal(await stored(c), before)
  assert.equal((await deadline(c, 'penalty-decision')).due, '2025-09-29')
})

test('R-03 处罚法64/61/67/72: the statement period, service of the decision and payment with 加处罚款 follow the case', async () => {
  const c = await newCase()
  await upToFiling(c, '2025-09-01')
  await ok(c, { type: '调查取证', actedOn: '2025-09-02', officers })
  await ok(c, { type: '案件审核', actedOn: '2025-09-22' })
  const notice = await ok(c, { type: '告知', actedOn: '2025-09-26', data: { content: '拟罚款五千元' } })
  const statement = await deadline(c, 'statement-or-hearing-request')
  assert.equal(statement.due, '2025-10-10') // 09-28 (worked), 09-29, 09-30, 10-09, 10-10
  assert.equal(statement.due, notice.data.statementDeadline) // the same date the 决定 waits for
  assert.equal(statement.obligor, 'party')
  await ok(c, { type: '陈述申辩', actedOn: '2025-09-30', data: { summary: '初犯' } })
  assert.equal((await deadline(c, 'statement-or-hearing-request')).metOn, '2025-09-30')

  await passReview(db, c)
  await ok(c, { type: '决定', actedOn: '2025-10-13', data: { result: '罚款五千元', fineYuan: 5000 } })
  assert.equal((await deadline(c, 'penalty-decision')).metOn, '2025-10-13')
  const service = await deadline(c, 'penalty-service')
  assert.equal(service.due, '2025-10-22') // 7 working days from Monday 10-13
  assert.equal(service.statute, '行政处罚法第六十一条')
  await ok(c, { type: '送达', actedOn: '2025-10-14' })
  const payment = await deadline(c, 'fine-payment')
  assert.equal(payment.due, '2025-10-29') // 15 days from 10-14
  // unpaid since: 3 % a day of 5,000 元 reaches the fine itself (处罚法72)
  assert.deepEqual(payment.lateSurcharge, { daysLate: Number((Date.parse(todayInChina()) - Date.parse('2025-10-29')) / 86400000), surchargeFen: 500000, capped: true })
  assert.equal(payment.status, 'overdue')
  await ok(c, { type: '执行', actedOn: '2025-11-03' })
  const paid = await deadline(c, 'fine-payment')
  assert.equal(paid.metOn, '2025-11-03')
  assert.deepEqual(paid.lateSurcharge, { daysLate: 5, surchargeFen: 75000, capped: false })
})

test('R-03 处罚法36: the 2-year limitation counts from the violation date the case records; discovery after it shows overdue', async () => {
  const late = await newCase()
  await upToFiling(late, '2025-06-20', '2023-05-10')
  const expired = await deadline(late, 'limitation')
  assert.equal(expired.due, '2025-05-10')
  assert.equal(expired.metOn, '2025-06-20')
  assert.equal(expired.status, 'overdue')
  assert.equal(expired.statute, '行政处罚法第三十六条')

  const timely = await newCase()
  await upToFiling(timely, '2025-06-20', '2024-12-01')
  const open = await deadline(timely, 'limitation')
  assert.equal(open.due, '2026-12-01')
  assert.equal(open.status, 'ok')
})

test('R-03 处罚法56: 先行登记保存 needs a decision within 7 working days, across 国庆', async () => {
  const c = await newCase()
  await upToFiling(c, '2025-09-20')
  const kept = await ok(c, { type: '先行登记保存', actedOn: '2025-09-26', officers, data: { items: '过期食品 20 箱' } })
  const preservation = await deadline(c, 'preservation-decision')
  assert.equal(preservation.due, '2025-10-13')
  assert.equal(preservation.statute, '行政处罚法第五十六条')
  await ok(c, { type: '保存处理决定', actedOn: '2025-10-10', data: { result: '解除保存' } })
  const met = (await deadlines(c)).filter((d) => d.ruleId === 'preservation-decision')
  assert.deepEqual(met.map((d) => [d.metOn, d.status]), [['2025-10-10', 'ok']])
  assert.ok(kept.id)
})

test('R-03 强制法31: freezing needs the 冻结决定书 within 3 working days and has no 查封扣押 period', async () => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: head.headers,
    payload: { kind: '强制-措施', partyKind: 'organisation', partyName: '某某贸易有限公司', summary: '冻结存款' },
  })
  const c = (res.json() as { id: string }).id
  await ok(c, { type: '审批', actedOn: '2026-02-12' })
  await ok(c, { type: '实施', actedOn: '2026-02-12', officers, data: { measure: '冻结' } })
  const all = await deadlines(c)
  assert.deepEqual(all.map((d) => [d.ruleId, d.due]), [['freeze-decision-delivery', '2026-02-24']]) // across the Spring Festival
  await ok(c, { type: '决定书送达', actedOn: '2026-02-13' })
  assert.equal((await deadline(c, 'freeze-decision-delivery')).metOn, '2026-02-13')
})

async function caseOf(kind: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: head.headers,
    payload: { kind, partyKind: 'organisation', partyName: '某某贸易有限公司', summary: '测试' },
  })
  assert.equal(res.statusCode, 201, res.body)
  return (res.json() as { id: string }).id
}

test('R-03 强制法25: 检测 time is left out of the 查封扣押 period, and a 延长 after the period has expired is refused (API and SQL)', async () => {
  const c = await caseOf('强制-措施')
  await ok(c, { type: '审批', actedOn: '2025-09-01' })
  await ok(c, { type: '实施', actedOn: '2025-09-01', officers, data: { measure: '扣押' } })
  await ok(c, { type: '决定书送达', actedOn: '2025-09-01' })
  const wrongReason = await act(c, { type: '期限中止', actedOn: '2025-09-05', data: { reason: '听证' } })
  assert.equal(wrongReason.json().code, 'SUSPENSION_REASON')
  await ok(c, { type: '期限中止', actedOn: '2025-09-05', data: { reason: '检测、检验、检疫、技术鉴定' } })
  await ok(c, { type: '期限恢复', actedOn: '2025-09-15' })
  const seizure = await deadline(c, 'seizure')
  assert.equal(seizure.suspendedDays, 10)
  assert.equal(seizure.due, '2025-10-11') // day 40 is Saturday 10-11, a worked day of the 国庆 arrangement
  assert.match(seizure.basis, /行政强制法第二十五条第三款/)
  const late = await act(c, { type: '延长', actedOn: '2025-10-13', data: { days: 30 } })
  assert.equal(late.statusCode, 422)
  assert.equal(late.json().code, 'EXTENSION_TOO_LATE')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, '强制-措施', '延长', '2025-10-13', '{"days": 30}', $2)`, [c, headUser.id]),
    /届满/,
  )
  await ok(c, { type: '延长', actedOn: '2025-10-11', data: { days: 30 } })
  assert.equal((await deadline(c, 'seizure')).due, '2025-11-10') // 60 days plus the 10 suspended, a Monday
})

test('R-03 许可法45: 专家评审 time is left out of the 20 working days', async () => {
  const c = await caseOf('许可')
  await ok(c, { type: '申请', actedOn: '2025-09-25' })
  await ok(c, { type: '受理', actedOn: '2025-09-29' })
  await ok(c, { type: '期限中止', actedOn: '2025-10-09', data: { reason: '专家评审' } })
  assert.equal((await deadline(c, 'licence-decision')).suspendedSince, '2025-10-09')
  await ok(c, { type: '期限恢复', actedOn: '2025-10-20' })
  const decision = await deadline(c, 'licence-decision')
  // 10-09 … 10-19 hold 8 working days (10-11 was worked), so 11-03 moves by 8 working days
  assert.equal(decision.due, '2025-11-13')
  assert.match(decision.basis, /行政许可法第四十五条/)
})

test('R-03: the stored near-due day gives the same status as deadlineStatus on every day', () => {
  const calendar = builtinCalendar()
  const live = [
    { id: '00000000-0000-4000-8000-000000000001', n: 1, type: '申请', actedOn: '2025-09-25', officers: [], data: {} },
    { id: '00000000-0000-4000-8000-000000000002', n: 2, type: '受理', actedOn: '2025-09-29', officers: [], data: {} },
  ]
  const computed = computeDeadlines('许可', live, [], calendar, '2025-09-29')
  assert.equal(computed.length, 2)
  for (const d of computed) {
    const pure = dueDate(getDeadlineRule(d.ruleId), d.startDate, { calendar })
    for (let at = d.startDate; at <= addDays(d.dueDate, 3); at = addDays(at, 1)) {
      const fromStored = at > d.dueDate ? 'overdue' : at >= d.warnFrom ? 'near-due' : 'ok'
      assert.equal(fromStored, deadlineStatus(pure, at, calendar), `${d.ruleId} on ${at}`)
    }
  }
})

test('R-03: the database limits on extensions and suspensions are the catalogue’s', async () => {
  const rows = await db.many(`SELECT kind, action_type, effect, rule_id, max_length, max_times, reasons FROM case_deadline_adjustment`)
  assert.ok(rows.length >= 5)
  for (const row of rows) {
    const rule = DEADLINE_RULES.find((r) => r.id === row.rule_id)
    assert.ok(rule, row.rule_id)
    if (row.effect === 'extend') {
      assert.deepEqual([row.max_length, row.max_times], [rule.extension?.length, rule.extension?.times], row.rule_id)
    }
    if (row.effect === 'suspend') {
      for (const reason of row.reasons as string[]) assert.ok((rule.suspensions?.kinds as readonly string[]).includes(reason), reason)
    }
  }
  await assert.rejects(db.query(`UPDATE case_deadline SET due_date = due_date + 365`), /permission|权限/)
})

test('R-03 S-01: near-due and overdue items are listed per agency and person within the data scope only', async () => {
  // an agency of its own, so that the counts are this test's alone
  const agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const headUser = await makeUser(db, { org: agency, roles: ['officer', 'head'] })
  const head = await loginAs(app, headUser.username)
  const officers = [await insertPerson(db, agency.id), await insertPerson(db, agency.id)]
  for (const id of officers) await insertCertificate(db, id)
  const other = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const stranger = await loginAs(app, (await makeUser(db, { org: other, roles: ['officer', 'head'] })).username)
  const supervisor = await loginAs(app, (await makeUser(db, { org: region, roles: ['supervisor'] })).username)
  const farRegion = await makeOrg(db, { level: 'county' })
  const farSupervisor = await loginAs(app, (await makeUser(db, { org: farRegion, roles: ['supervisor'] })).username)

  const overdue = await newCase(head)
  await upToFiling(overdue, day(-100), undefined, head)
  await ok(overdue, { type: '调查取证', actedOn: day(-99), officers }, head)
  const nearDue = await newCase(head)
  await upToFiling(nearDue, day(-89), undefined, head)
  const theirs = await newCase(stranger)
  await upToFiling(theirs, day(-100), undefined, stranger)

  const list = async (session: Session, query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/deadlines${query}`, headers: session.headers })
    return res
  }
  const mine = (await list(head, `?agencyId=${agency.id}`)).json()
  const byCase = new Map(mine.items.map((i: { caseId: string; status: string; ruleId: string }) => [`${i.caseId}:${i.ruleId}`, i.status]))
  assert.equal(byCase.get(`${overdue}:penalty-decision`), 'overdue')
  assert.equal(byCase.get(`${nearDue}:penalty-decision`), 'near-due')
  assert.equal(mine.items.some((i: { caseId: string }) => i.caseId === theirs), false)
  assert.deepEqual(mine.byAgency.map((a: { agencyId: string; nearDue: number; overdue: number }) => [a.agencyId, a.nearDue, a.overdue]), [[agency.id, 1, 1]])
  assert.deepEqual(mine.byPerson.map((p: { userId: string; nearDue: number; overdue: number }) => [p.userId, p.nearDue, p.overdue]), [[headUser.id, 1, 1]])
  const item = mine.items.find((i: { caseId: string }) => i.caseId === overdue)
  assert.deepEqual(item.responsible.map((r: { userId: string }) => r.userId), [headUser.id])
  assert.deepEqual([...item.officers].sort(), [...officers].sort())

  // drill down: by status, by acting officer (a person), one page at a time
  const onlyOverdue = (await list(head, `?status=overdue&agencyId=${agency.id}`)).json()
  assert.deepEqual(onlyOverdue.items.map((i: { caseId: string }) => i.caseId), [overdue])
  const byOfficer = (await list(head, `?officerId=${officers[0]}`)).json()
  assert.deepEqual(byOfficer.items.map((i: { caseId: string }) => i.caseId), [overdue])
  const page1 = (await list(head, `?agencyId=${agency.id}&limit=1`)).json()
  assert.equal(page1.items.length, 1)
  assert.equal(page1.total, 2)
  const page2 = (await list(head, `?agencyId=${agency.id}&limit=1&cursor=${page1.nextCursor}`)).json()
  assert.equal(page2.items.length, 1)
  assert.notEqual(page2.items[0].caseId, page1.items[0].caseId)
  assert.equal(page2.nextCursor, null)

  // the supervisor of the region sees both agencies' counts; the other agency's officer and
  // a supervisor elsewhere see none of this agency's items
  const sup = (await list(supervisor, `?agencyId=${region.id}`)).json()
  const counts = new Map(sup.byAgency.map((a: { agencyId: string; overdue: number }) => [a.agencyId, a.overdue]))
  assert.equal(counts.get(agency.id), 1)
  assert.equal(counts.get(other.id), 1)
  const strangers = (await list(stranger)).json()
  assert.equal(strangers.items.some((i: { agencyId: string }) => i.agencyId === agency.id), false)
  assert.equal(strangers.byAgency.some((a: { agencyId: string }) => a.agencyId === agency.id), false)
  assert.equal((await list(stranger, `?agencyId=${agency.id}`)).statusCode, 403)
  assert.equal((await list(farSupervisor)).json().total, 0)
  const detail = await app.inject({ method: 'GET', url: `/api/cases/${overdue}/deadlines`, headers: stranger.headers })
  assert.equal(detail.statusCode, 403)

  assert.equal((await list(head, '?status=late')).statusCode, 400)
  assert.equal((await list(head, '?cursor=nonsense')).statusCode, 400)
  assert.equal((await list(head, '?unknown=1')).statusCode, 400)
})
