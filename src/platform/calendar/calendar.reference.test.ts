import { test } from 'node:test'
import assert from 'node:assert/strict'
import { addDays, isWeekend, yearOf, ymd } from './dates.ts'
import { builtinCalendar, builtinNotices } from './notices.ts'
import { statutoryHolidays } from './statutory.ts'

// reference/holidays.md, transcribed: the State Council notices for 2024–2026.
const TABLE = [
  { year: 2024, notice: '国办发明电〔2023〕7号', off: '01-01; 02-10…02-17; 04-04…04-06; 05-01…05-05; 06-10; 09-15…09-17; 10-01…10-07', worked: '02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12' },
  { year: 2025, notice: '国办发明电〔2024〕12号', off: '01-01; 01-28…02-04; 04-04…04-06; 05-01…05-05; 05-31…06-02; 10-01…10-08', worked: '01-26, 02-08, 04-27, 09-28, 10-11' },
  { year: 2026, notice: null, off: '01-01…01-03; 02-15…02-23; 04-04…04-06; 05-01…05-05; 06-19…06-21; 09-25…09-27; 10-01…10-07', worked: '01-04, 02-14, 02-28, 05-09, 09-20, 10-10' },
]

/** '02-10…02-17' → every date of the block. */
function blocks(year: number, spec: string): string[][] {
  return spec.split(';').map((part) => {
    const [from, to] = part.trim().split('…')
    const first = `${year}-${from}`
    const last = `${year}-${to ?? from}`
    const days: string[] = []
    for (let d = first; d <= last; d = addDays(d, 1)) days.push(d)
    return days
  })
}

for (const row of TABLE) {
  test(`F-04: ${row.year} matches the State Council notice day by day (holiday blocks, 调休, ordinary days)`, () => {
    const calendar = builtinCalendar()
    const offBlocks = blocks(row.year, row.off)
    const off = new Set(offBlocks.flat())
    const worked = new Set(row.worked.split(',').map((d) => `${row.year}-${d.trim()}`))
    for (const date of worked) assert.ok(isWeekend(date), `${date} is a weekend day in the table`)

    const info = calendar.year(row.year)
    assert.equal(info.confirmed, true)
    assert.equal(info.source, 'builtin')
    if (row.notice) assert.equal(info.number, row.notice)
    assert.deepEqual(new Set(info.days.filter((d) => d.off).map((d) => d.date)), off)
    assert.deepEqual(new Set(info.days.filter((d) => !d.off).map((d) => d.date)), worked)

    for (const block of offBlocks) {
      for (const date of block) assert.equal(calendar.isWorkingDay(date), false, `${date} is a day off`)
      // The days just outside a block follow the ordinary week unless they are 调休.
      for (const edge of [addDays(block[0]!, -1), addDays(block[block.length - 1]!, 1)]) {
        if (off.has(edge) || yearOf(edge) !== row.year) continue
        assert.equal(calendar.isWorkingDay(edge), worked.has(edge) || !isWeekend(edge), `${edge} next to a holiday block`)
      }
    }
    for (const date of worked) {
      assert.equal(calendar.isWorkingDay(date), true, `${date} is a worked weekend day`)
      assert.equal(calendar.day(date).kind, 'adjusted-workday')
    }
    for (let date = ymd(row.year, 1, 1); yearOf(date) === row.year; date = addDays(date, 1)) {
      const expected = worked.has(date) || (!off.has(date) && !isWeekend(date))
      assert.equal(calendar.isWorkingDay(date), expected, date)
      assert.equal(calendar.day(date).confirmed, true)
    }
  })
}

test('F-04: every built-in notice (2019–2026) gives each statutory holiday of 放假办法 第二条 off, lunar dates computed', () => {
  const notices = builtinNotices()
  assert.deepEqual(notices.map((n) => n.year), [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
  for (const notice of notices) {
    const off = new Set(notice.days.filter((d) => d.off).map((d) => d.date))
    for (const holiday of statutoryHolidays(notice.year)) {
      assert.ok(off.has(holiday.date), `${notice.year}: ${holiday.date} ${holiday.name}`)
    }
  }
})

test('F-04: a notice day of the previous December counts on its own calendar date (2019 notice, 2018-12-29…31)', () => {
  const calendar = builtinCalendar()
  assert.equal(calendar.isWorkingDay('2018-12-29'), true, 'Saturday worked')
  assert.equal(calendar.isWorkingDay('2018-12-31'), false, 'Monday off')
  assert.equal(calendar.isConfirmed(2018), false, 'the 2018 notice itself is not built in')
  assert.ok(!calendar.year(2019).days.some((d) => d.date.startsWith('2018')))
})
