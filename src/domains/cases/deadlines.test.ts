import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { builtinCalendar } from '../../platform/calendar/notices.ts'
import { addDays } from '../../platform/calendar/dates.ts'
import { AppError } from '../../platform/http/errors.ts'
import { DEADLINE_RULES, addMonths, deadlineStatus, dueDate, enforcementTimeProblems, getDeadlineRule, lateSurcharge } from './deadlines.ts'

const calendar = builtinCalendar()
const due = (id: string, start: string, options: { extensions?: number[]; suspensions?: { from: string; to: string }[] } = {}) =>
  dueDate(getDeadlineRule(id), start, { calendar, ...options })
const refusedWith = (code: string) => (error: unknown) => error instanceof AppError && error.code === code

test('R-03 / 行政处罚法第六十一条、第八十五条: serving a decision within 7 working days of 2025-09-26 ends on 2025-10-13 (国庆 block)', () => {
  const result = due('penalty-service', '2025-09-26')
  assert.equal(result.due, '2025-10-13')
  assert.equal(result.confirmed, true)
  assert.equal(result.statute, '行政处罚法第六十一条')
  assert.match(result.basis, /行政处罚法第八十五条/)
})

test('R-03 / 行政处罚法第五十六条: 先行登记保存 decision within 7 working days, across the 2025 National Day block', () => {
  assert.equal(due('preservation-decision', '2025-09-26').due, '2025-10-13')
  assert.equal(due('preservation-decision', '2025-09-29').due, '2025-10-15') // 09-30, 10-09…10-11 (调休 Saturday), 10-13…10-15
})

test('R-03 / 行政处罚法第六十四条第一项: 陈述申辩/听证 request within 5 working days, across the 2026 Spring Festival block', () => {
  // 02-12, 02-13, 02-14 (调休 Saturday), then 02-15…02-23 off, 02-24, 02-25.
  const result = due('statement-or-hearing-request', '2026-02-11')
  assert.equal(result.due, '2026-02-25')
  assert.equal(result.confirmed, true)
})

test('R-03 / 行政强制法第三十一条、第六十九条: 冻结决定书 within 3 working days, across the 2026 Spring Festival block', () => {
  assert.equal(due('freeze-decision-delivery', '2026-02-12').due, '2026-02-24')
})

test('R-03 / 行政处罚法第六十四条第二项: the hearing notice is due 7 working days before the hearing, counted back across 国庆', () => {
  const result = due('hearing-notice', '2025-10-13')
  assert.equal(result.due, '2025-09-26') // 10-11 and 09-28 are 调休 working days
  assert.equal(result.rule.direction, 'before')
  assert.equal(due('hearing-notice', '2025-06-20').due, '2025-06-11') // Friday hearing: 7 working days back is Wednesday
})

test('R-03 / 行政处罚法第六十条: decision within 90 calendar days of 立案; a hearing suspension is not counted', () => {
  const plain = due('penalty-decision', '2025-03-03')
  // Day 90 is Sunday 2025-06-01, inside 端午 (05-31…06-02): 民事诉讼法第八十五条 rolls it to 06-03.
  assert.equal(plain.due, '2025-06-03')
  assert.match(plain.basis, /2025-06-01/)
  const withHearing = due('penalty-decision', '2025-03-03', { suspensions: [{ from: '2025-04-10', to: '2025-04-20' }] })
  assert.equal(withHearing.suspendedDays, 11)
  assert.equal(withHearing.due, '2025-06-12') // 06-01 + 11 days, a Thursday
  assert.match(withHearing.basis, /11 日不计入期限/)
  // A suspension outside the running period changes nothing.
  assert.equal(due('penalty-decision', '2025-03-03', { suspensions: [{ from: '2025-01-01', to: '2025-03-03' }] }).due, '2025-06-03')
  const extended = due('penalty-decision', '2025-03-03', { extensions: [30] })
  assert.equal(extended.length, 120)
  assert.equal(extended.due, '2025-07-01')
})

test('R-03 / 行政强制法第二十五条: 查封扣押 30 days, extended once by 30; a second extension or a longer one is refused', () => {
  assert.equal(due('seizure', '2025-08-01').due, '2025-09-01') // day 30 is Sunday 08-31
  assert.equal(due('seizure', '2025-08-01', { extensions: [30] }).due, '2025-09-30')
  assert.throws(() => due('seizure', '2025-08-01', { extensions: [30, 30] }), refusedWith('EXTENSION_LIMIT'))
  assert.throws(() => due('seizure', '2025-08-01', { extensions: [31] }), refusedWith('EXTENSION_TOO_LONG'))
  // 第二十五条第三款: testing time is not part of the period.
  assert.equal(due('seizure', '2025-08-01', { suspensions: [{ from: '2025-08-11', to: '2025-08-15' }] }).due, '2025-09-05')
})

test('R-03 / 行政处罚法第六十四条: a period the statute does not let be extended refuses an extension', () => {
  assert.throws(() => due('statement-or-hearing-request', '2025-09-26', { extensions: [5] }), refusedWith('NO_EXTENSION_ALLOWED'))
})

test('R-03 / 行政许可法第四十二条、第四十四条、第八十二条: 20 (+10) and 45 (+15) working days, certificate within 10 working days', () => {
  const single = due('licence-decision', '2025-09-26', { extensions: [10] })
  assert.equal(single.due, '2025-11-13')
  assert.match(single.basis, /本行政机关负责人/)
  const joint = due('licence-joint-decision', '2025-09-26', { extensions: [15] })
  assert.equal(joint.due, '2025-12-25')
  assert.match(joint.basis, /本级人民政府负责人/)
  assert.throws(() => due('licence-decision', '2025-09-26', { extensions: [15] }), refusedWith('EXTENSION_TOO_LONG'))
  assert.equal(due('licence-certificate', '2025-09-26').due, '2025-10-16') // 09-28 and 10-11 are 调休 working days
})

test('R-03 / 行政许可法第三十二条第一款第四项、第八十二条: 受理 or one 补正 notice within 5 working days of the application, across 国庆 2025', () => {
  const result = due('licence-acceptance', '2025-09-26')
  // 09-28 (调休 Sunday), 09-29, 09-30, then 10-01…10-08 off, 10-09, 10-10.
  assert.equal(result.due, '2025-10-10')
  assert.equal(result.statute, '行政许可法第三十二条第一款第四项')
  assert.throws(() => due('licence-acceptance', '2025-09-26', { extensions: [1] }), refusedWith('NO_EXTENSION_ALLOWED'))
})

test('R-03 / 市场监督管理行政处罚程序规定第十八条 (documented default): 立案 check 15 working days, +15, across the 2026 Spring Festival', () => {
  const rule = getDeadlineRule('lead-check')
  assert.match(rule.note ?? '', /处罚法第五十四条/)
  assert.equal(due('lead-check', '2026-02-02').due, '2026-02-28') // 调休 Saturday is the 15th working day
  assert.equal(due('lead-check', '2026-02-02', { extensions: [15] }).due, '2026-03-20')
})

test('R-03 / 民事诉讼法第八十五条: calendar-day periods ending on a holiday roll over to the next working day (行政处罚法第六十七条)', () => {
  const national = due('fine-payment', '2025-09-20') // day 15 is 2025-10-05, inside 国庆
  assert.equal(national.due, '2025-10-09')
  assert.match(national.basis, /民事诉讼法第八十五条/)
  assert.equal(due('fine-payment', '2026-02-01').due, '2026-02-24') // day 15 is 2026-02-16, inside 春节
  assert.equal(due('fine-payment', '2025-06-01').due, '2025-06-16') // day 15 is a Monday: unchanged
  assert.equal(due('reconsideration-application', '2025-08-04').due, '2025-10-09') // 行政复议法第二十条: day 60 is 10-03
})

test('R-03 / 行政处罚法第三十六条: limitation 2 and 5 years, not moved by holidays and needing no holiday notice', () => {
  const two = due('limitation', '2025-03-01')
  assert.equal(two.due, '2027-03-01')
  assert.equal(two.confirmed, true)
  assert.equal(due('limitation-serious', '2024-02-29').due, '2029-02-28')
  assert.equal(due('limitation', '2024-01-06').due, '2026-01-06')
  assert.equal(addMonths('2025-08-31', 6), '2026-02-28')
  assert.equal(addMonths('2025-11-30', 3), '2026-02-28')
  assert.equal(addMonths('2027-12-31', 2), '2028-02-29')
})

test('R-03 / F-04: a deadline counted into 2027 (no State Council notice yet) is unconfirmed', () => {
  const licence = due('licence-decision', '2026-12-20')
  assert.equal(licence.due, '2027-01-18') // 2027-01-01 is the statutory 元旦
  assert.equal(licence.confirmed, false)
  assert.deepEqual(licence.unconfirmedYears, [2027])
  assert.match(licence.basis, /2027 年尚无国务院办公厅放假通知/)
  const litigation = due('litigation', '2026-08-31') // 行政诉讼法第四十六条: six months end Sunday 2027-02-28
  assert.equal(litigation.due, '2027-03-01')
  assert.equal(litigation.confirmed, false)
})

test('R-03: status on a day is ok, near-due (configurable) or overdue', () => {
  const result = due('penalty-service', '2025-09-26') // due 2025-10-13
  assert.equal(deadlineStatus(result, '2025-09-29', calendar), 'ok')
  assert.equal(deadlineStatus(result, '2025-10-09', calendar), 'near-due') // 10-10, 10-11, 10-13 left
  assert.equal(deadlineStatus(result, '2025-10-09', calendar, 2), 'ok')
  assert.equal(deadlineStatus(result, '2025-10-13', calendar), 'near-due')
  assert.equal(deadlineStatus(result, '2025-10-14', calendar), 'overdue')
  const decision = due('penalty-decision', '2025-03-03') // due 2025-06-03, calendar days
  assert.equal(deadlineStatus(decision, '2025-05-20', calendar, 10), 'ok')
  assert.equal(deadlineStatus(decision, '2025-05-25', calendar, 10), 'near-due')
})

test('R-03 / 行政处罚法第七十二条: 加处罚款 is 3 % of the fine a day from the day after the due day, capped at the fine', () => {
  const fine = 1_000_000 // 10,000 元 in 分
  assert.deepEqual(lateSurcharge(fine, '2025-10-09', '2025-10-09'), { daysLate: 0, surchargeFen: 0, capped: false })
  assert.deepEqual(lateSurcharge(fine, '2025-10-09', '2025-10-01'), { daysLate: 0, surchargeFen: 0, capped: false })
  assert.deepEqual(lateSurcharge(fine, '2025-10-09', '2025-10-10'), { daysLate: 1, surchargeFen: 30_000, capped: false })
  assert.deepEqual(lateSurcharge(fine, '2025-10-09', '2025-10-19'), { daysLate: 10, surchargeFen: 300_000, capped: false })
  assert.deepEqual(lateSurcharge(fine, '2025-10-09', '2025-11-11'), { daysLate: 33, surchargeFen: 990_000, capped: false })
  assert.deepEqual(lateSurcharge(fine, '2025-10-09', '2025-11-12'), { daysLate: 34, surchargeFen: fine, capped: true })
  assert.deepEqual(lateSurcharge(fine, '2025-10-09', '2026-10-09'), { daysLate: 365, surchargeFen: fine, capped: true })
  assert.equal(lateSurcharge(333, '2025-10-09', '2025-10-10').surchargeFen, 9) // 9.99 分 rounds down, never up
  assert.throws(() => lateSurcharge(-1, '2025-10-09', '2025-10-10'), refusedWith('BAD_AMOUNT'))
  assert.throws(() => lateSurcharge(1.5, '2025-10-09', '2025-10-10'), refusedWith('BAD_AMOUNT'))
})

test('R-03: the catalogue follows what each statute says about working days (处罚法85, 强制法69, 许可法82, 复议法88)', () => {
  const ids = new Set<string>()
  for (const rule of DEADLINE_RULES) {
    assert.ok(!ids.has(rule.id), `duplicate id ${rule.id}`)
    ids.add(rule.id)
    assert.match(rule.name, /\p{Script=Han}/u)
    assert.match(rule.statute, /第.+条/)
    assert.match(rule.countingBasis, /第.+条/)
    if (rule.statute.startsWith('行政处罚法')) {
      assert.equal(rule.unit === 'working-days', [2, 3, 5, 7].includes(rule.length), rule.id)
    }
    if (rule.statute.startsWith('行政强制法')) assert.equal(rule.unit === 'working-days', rule.length <= 10, rule.id)
    if (rule.statute.startsWith('行政许可法')) assert.equal(rule.unit, 'working-days', rule.id)
    if (rule.unit === 'working-days') assert.match(rule.countingBasis, /第八十五条|第六十九条|第八十二条|工作日/, rule.id)
  }
  assert.throws(() => getDeadlineRule('no-such-rule'), refusedWith('UNKNOWN_DEADLINE_RULE'))
})

const dayIn2025 = fc.integer({ min: 0, max: 364 }).map((n) => addDays('2025-01-01', n))
const forwardRules = DEADLINE_RULES.filter((r) => r.direction === 'after')

test('R-03 (property): suspensions and extensions never make a due date earlier; rolled-over and working-day dues are working days', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...forwardRules),
      dayIn2025,
      fc.array(fc.tuple(dayIn2025, fc.integer({ min: 0, max: 20 })), { maxLength: 3 }),
      fc.boolean(),
      (rule, start, spans, extend) => {
        const plain = dueDate(rule, start, { calendar })
        const suspensions = spans.map(([from, n]) => ({ from, to: addDays(from, n) }))
        const suspended = dueDate(rule, start, { calendar, suspensions })
        assert.ok(suspended.due >= plain.due, `${rule.id} ${start}: ${suspended.due} < ${plain.due}`)
        if (rule.rollsOverRestDays) assert.ok(calendar.isWorkingDay(suspended.due))
        if (extend && rule.extension) {
          const extended = dueDate(rule, start, { calendar, suspensions, extensions: [rule.extension.length] })
          assert.ok(extended.due > suspended.due)
        }
      },
    ),
    { numRuns: 300 },
  )
})

test('R-03 / 行政强制法第四十三条: no forced enforcement at night or on a statutory holiday without an urgency reason', () => {
  assert.deepEqual(enforcementTimeProblems(calendar, '2025-10-09T10:00', null), [])
  assert.deepEqual(enforcementTimeProblems(calendar, '2025-10-11T10:00', null), []) // 调休 Saturday is a working day
  assert.deepEqual(enforcementTimeProblems(calendar, '2025-10-18T10:00', null), []) // an ordinary weekend is not a 法定节假日
  assert.deepEqual(enforcementTimeProblems(calendar, '2025-10-09T22:00', null).map((p) => p.code), ['NIGHT'])
  assert.deepEqual(enforcementTimeProblems(calendar, '2025-10-09T05:59', null).map((p) => p.code), ['NIGHT'])
  assert.deepEqual(enforcementTimeProblems(calendar, '2025-10-09T06:00', null), [])
  const holiday = enforcementTimeProblems(calendar, '2025-10-03T23:30', null)
  assert.deepEqual(holiday.map((p) => p.code), ['NIGHT', 'STATUTORY_HOLIDAY'])
  assert.match(holiday[1]?.message ?? '', /国庆/)
  assert.deepEqual(enforcementTimeProblems(calendar, '2026-02-17T23:30', '危及人身安全，须立即拆除'), [])
  assert.equal(enforcementTimeProblems(calendar, '2026-02-17T10:00', '  ').length, 1)
  assert.throws(() => enforcementTimeProblems(calendar, '2026-02-17 10:00', null), refusedWith('BAD_TIME'))
})
