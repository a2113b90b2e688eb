import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { builtinCalendar } from '../../platform/calendar/notices.ts'
import { addDays } from '../../platform/calendar/dates.ts'
import { listedDays, workingDaysLeft, type YearDays } from './days-left.ts'

const calendar = builtinCalendar()
/** The years as GET /api/calendar/:year answers them (holiday: a day off, workday: a worked weekend day). */
const years = listedDays(
  [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027].map(
    (year): YearDays => ({ year, days: calendar.year(year).days.map((d) => ({ date: d.date, kind: d.off ? 'holiday' : 'workday' })) }),
  ),
)

test('L-06 / F-04: the working days left in the queue across 国庆 2025 (holidays skipped, the worked Saturday 10-11 counted)', () => {
  // due 2025-10-11 for a round received 2025-09-30 (review.test.ts): 10-09, 10-10, 10-11
  assert.equal(workingDaysLeft('2025-09-30', '2025-10-11', years), 3)
  assert.equal(workingDaysLeft('2025-10-08', '2025-10-11', years), 3)
  assert.equal(workingDaysLeft('2025-10-11', '2025-10-11', years), 0)
  assert.equal(workingDaysLeft('2025-10-12', '2025-10-11', years), 0, 'overdue: none left')
  assert.equal(workingDaysLeft('2025-12-30', '2026-01-05', new Map([[2025, new Map()]])), null, 'a year not loaded counts nothing')
})

test('L-06 / F-04: the count from the calendar route agrees with the server calendar (workingDaysBetween) on any day pair 2019–2027', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 365 * 8 }), fc.integer({ min: 0, max: 40 }), (offset, span) => {
      const today = addDays('2019-01-01', offset)
      const due = addDays(today, span)
      assert.equal(workingDaysLeft(today, due, years), calendar.workingDaysBetween(today, due))
    }),
    { numRuns: 500 },
  )
})
