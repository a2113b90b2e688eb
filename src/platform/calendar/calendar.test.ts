import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Calendar } from './calendar.ts'
import { addDays, fromDayNumber, dayNumber } from './dates.ts'
import { builtinCalendar, builtinNotices, fromHolidayCn, noticeProblems, standardTitle } from './notices.ts'
import { lunarNewYear, statutoryHolidays, statutoryYear } from './statutory.ts'

test('F-04 / 处罚法85: 7 working days after 2025-09-26 is 2025-10-13 (国庆 and 中秋 skipped, 调休 Saturday 10-11 counted)', () => {
  const due = builtinCalendar().addWorkingDays('2025-09-26', 7)
  assert.equal(due.due, '2025-10-13')
  assert.equal(due.confirmed, true)
  assert.match(due.basis, /国办发明电〔2024〕12号/)
  assert.match(due.basis, /处罚法85/)
})

test('F-04: the start day is not counted; a worked weekend (调休) day counts as a working day', () => {
  const calendar = builtinCalendar()
  assert.equal(calendar.addWorkingDays('2025-04-24', 1).due, '2025-04-25') // Thursday → Friday
  assert.equal(calendar.addWorkingDays('2025-04-25', 1).due, '2025-04-27') // Sunday 04-27 is 调休
  assert.equal(calendar.addWorkingDays('2025-01-24', 1).due, '2025-01-26')
  assert.equal(calendar.addWorkingDays('2025-01-26', 1).due, '2025-01-27')
  assert.equal(calendar.addWorkingDays('2025-01-27', 1).due, '2025-02-05') // 春节 01-28…02-04
})

test('F-04 / 民诉法85: a calendar-day period ending on a holiday moves to the next working day', () => {
  const calendar = builtinCalendar()
  const rolled = calendar.addCalendarDays('2025-09-20', 12) // 2025-10-02, inside 国庆
  assert.equal(rolled.due, '2025-10-09')
  assert.match(rolled.basis, /2025-10-02/)
  assert.match(rolled.basis, /民诉法85/)
  assert.equal(calendar.addCalendarDays('2025-06-01', 5).due, '2025-06-06') // ends on a Friday: unchanged
  assert.equal(calendar.addCalendarDays('2025-06-01', 6).due, '2025-06-09') // Saturday → Monday
  assert.equal(calendar.addCalendarDays('2025-09-18', 10).due, '2025-09-28') // Sunday 09-28 is 调休, a working day
})

test('F-04: a deadline in 2027 (no notice yet) is unconfirmed and uses the computed lunar dates (除夕 2027-02-05)', () => {
  assert.equal(lunarNewYear(2027), '2027-02-06') // 正月初一
  const holidays = statutoryHolidays(2027)
  assert.deepEqual(
    holidays.filter((d) => d.name === '春节').map((d) => d.date),
    ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
  )
  assert.deepEqual(
    holidays.map((d) => d.date),
    ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'],
  )
  const calendar = builtinCalendar()
  assert.equal(calendar.isConfirmed(2027), false)
  assert.equal(calendar.year(2027).source, 'statutory')
  assert.equal(calendar.isWorkingDay('2027-02-04'), true)
  assert.equal(calendar.isWorkingDay('2027-02-05'), false)
  assert.equal(calendar.day('2027-02-05').confirmed, false)
  // 放假办法 第六条: 02-06 and 02-07 fall on the weekend, made up on 02-09 and 02-10; no 调休.
  const due = calendar.addWorkingDays('2027-02-04', 1)
  assert.equal(due.due, '2027-02-11')
  assert.equal(due.confirmed, false)
  assert.deepEqual(due.unconfirmedYears, [2027])
  assert.match(due.basis, /2027 年尚无国务院办公厅放假通知/)
  assert.equal(calendar.addCalendarDays('2027-01-31', 5).due, '2027-02-11') // 02-05 除夕 rolls over
})

test('F-04: a period that only reaches into 2027 is unconfirmed; one that stays in 2026 is confirmed', () => {
  const calendar = builtinCalendar()
  assert.equal(calendar.addWorkingDays('2026-12-21', 5).confirmed, true)
  const crossing = calendar.addWorkingDays('2026-12-28', 5)
  assert.equal(crossing.due, '2027-01-05')
  assert.equal(crossing.confirmed, false)
  assert.equal(calendar.addCalendarDays('2026-12-31', 1).confirmed, false)
})

test('F-04: with a 2027 notice the same deadline is confirmed and follows the notice', () => {
  const notice2027 = fromHolidayCn({
    year: 2027,
    papers: [],
    days: [
      ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({ date, name: '春节', isOffDay: true })),
      { date: '2027-02-14', name: '春节', isOffDay: false },
      ...['2027-01-01', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'].map((date) => ({ date, name: '节日', isOffDay: true })),
    ],
  })
  assert.deepEqual(noticeProblems(notice2027, true), [])
  const calendar = new Calendar([...builtinNotices(), { ...notice2027, source: 'database' }])
  const due = calendar.addWorkingDays('2027-02-04', 1)
  assert.equal(due.due, '2027-02-14')
  assert.equal(due.confirmed, true)
  assert.equal(calendar.isWorkingDay('2027-05-03'), true, 'no 补假 guesses once the notice is known')
})

test('F-04: 放假办法 revisions — 春节 3 days and 劳动节 1 day before 2025, 4 and 2 from 2025; 补假 for weekend holidays', () => {
  assert.equal(statutoryHolidays(2024).filter((d) => d.name === '春节').length, 3)
  assert.equal(statutoryHolidays(2024).filter((d) => d.name === '劳动节').length, 1)
  assert.equal(statutoryHolidays(2025).filter((d) => d.name === '春节').length, 4)
  assert.equal(statutoryHolidays(2025).filter((d) => d.name === '劳动节').length, 2)
  // 2028-01-01 is a Saturday: made up on Monday 01-03; 中秋 2028 falls on 10-03 inside 国庆.
  const y2028 = statutoryYear(2028)
  assert.deepEqual(y2028.find((d) => d.date === '2028-01-03'), { date: '2028-01-03', off: true, name: '元旦（补假）' })
  assert.equal(y2028.find((d) => d.date === '2028-10-03')?.name, '中秋节、国庆节')
  assert.equal(y2028.some((d) => d.date === '2028-01-01' && d.off), true)
})

test('F-04: a regional overlay adds its days only to the calendar it is given to', () => {
  const overlay = { regionOrgId: 'r', year: 2026, title: '测试民族节', days: [{ date: '2026-03-20', off: true, name: '测试民族节' }] }
  const regional = new Calendar(builtinNotices(), [overlay])
  assert.equal(regional.isWorkingDay('2026-03-20'), false)
  assert.equal(regional.addWorkingDays('2026-03-19', 1).due, '2026-03-23')
  assert.match(regional.addWorkingDays('2026-03-19', 1).basis, /测试民族节/)
  assert.equal(builtinCalendar().addWorkingDays('2026-03-19', 1).due, '2026-03-20')
})

test('F-04: entered notices are checked — dates in range, no duplicates, worked days on weekends, statutory days off', () => {
  const base = { year: 2030, number: null, title: standardTitle(2030) }
  const statutory = statutoryHolidays(2030).map((d) => ({ ...d }))
  assert.deepEqual(noticeProblems({ ...base, days: statutory }, true), [])
  const problems = (days: { date: string; off: boolean; name: string }[], national = true) => noticeProblems({ ...base, days }, national).join('\n')
  assert.match(problems([...statutory, { date: '2031-02-01', off: true, name: '春节' }]), /不在 2030 年/)
  assert.match(problems([...statutory, { date: '2030-13-01', off: true, name: '春节' }]), /日期格式不正确/)
  assert.match(problems([...statutory, statutory[0]!]), /重复/)
  assert.match(problems([...statutory, { date: '2030-03-05', off: false, name: '调休' }]), /调休上班日只能是周六或周日/)
  assert.match(problems(statutory.slice(1)), /2030-01-01（元旦）是放假办法第二条规定的法定节假日/)
  assert.equal(problems([{ date: '2030-07-01', off: true, name: '民族节' }], false), '', 'an overlay need not list the national holidays')
  assert.equal(problems([...statutory, { date: '2029-12-29', off: false, name: '元旦' }, { date: '2031-01-02', off: true, name: '元旦' }]), '')
})

test('F-04: dates outside the supported years and bad counts are refused', () => {
  const calendar = builtinCalendar()
  assert.throws(() => calendar.isWorkingDay('2007-12-31'), /2008—2099/)
  assert.throws(() => calendar.isWorkingDay('2025-02-30'), /日期格式不正确/)
  assert.throws(() => calendar.addWorkingDays('2025-01-02', 0), /1 至/)
  assert.throws(() => calendar.addWorkingDays('2025-01-02', 1.5), /1 至/)
})

const dates = fc.integer({ min: dayNumber('2019-01-01'), max: dayNumber('2028-06-30') }).map(fromDayNumber)

test('F-04 property: addWorkingDays(d, n) is a working day, strictly increasing in n, and n working days after d', () => {
  const calendar = builtinCalendar()
  fc.assert(
    fc.property(dates, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (d, n, extra) => {
      const due = calendar.addWorkingDays(d, n).due
      assert.equal(calendar.isWorkingDay(due), true)
      assert.ok(calendar.addWorkingDays(d, n + extra).due > due)
      assert.equal(calendar.workingDaysBetween(d, due), n)
      assert.equal(calendar.workingDaysBetween(due, d), -n)
    }),
    { numRuns: 300 },
  )
})

test('F-04 property: a calendar-day deadline is the first working day on or after start + n', () => {
  const calendar = builtinCalendar()
  fc.assert(
    fc.property(dates, fc.integer({ min: 1, max: 60 }), (d, n) => {
      const due = calendar.addCalendarDays(d, n).due
      const end = addDays(d, n)
      assert.ok(due >= end)
      assert.equal(calendar.isWorkingDay(due), true)
      for (let x = end; x < due; x = addDays(x, 1)) assert.equal(calendar.isWorkingDay(x), false)
    }),
    { numRuns: 300 },
  )
})
