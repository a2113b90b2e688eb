import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { testDb, makeOrg, DB_KIND } from '../../../test/support.ts'
import { computeDue, enterNotice, yearCalendar } from './calendar-service.ts'
import { statutoryHolidays } from './statutory.ts'
import type { CalendarDay } from './calendar.ts'

const run = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '../../..')
const cli = (...args: string[]) => run(process.execPath, ['bin/zhifa.mjs', 'calendar', ...args], { cwd: ROOT, env: process.env })

/** A made-up but well-formed national notice: the statutory days plus a longer 春节 and one 调休 Sunday. */
function hypotheticalNotice(year: number, extra: CalendarDay[] = []): CalendarDay[] {
  const days = new Map(statutoryHolidays(year).map((d) => [d.date, { ...d }]))
  for (const day of extra) days.set(day.date, day)
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date))
}

/** Another app instance (its own cache) enters the notice file over the app role. */
async function enterInAnotherProcess(file: string, number: string): Promise<void> {
  const script = `
    import fs from 'node:fs'
    import { createDb } from './src/platform/db/pool.ts'
    import { parseNoticeJson } from './src/platform/calendar/notices.ts'
    import { enterNotice } from './src/platform/calendar/calendar-service.ts'
    const db = createDb(process.env.DATABASE_URL, { max: 1 })
    const notice = parseNoticeJson(JSON.parse(fs.readFileSync(${JSON.stringify(file)}, 'utf8')))
    await enterNotice(db, { ...notice, number: ${JSON.stringify(number)}, regionOrgId: null }, { user: null, via: 'cli' })
    await db.close()`
  await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env: process.env })
}

const rejectsWith = (code: string) => (error: any) => error.code === code

test(`F-04: a 2027 deadline is unconfirmed until another process imports the notice (the CLI, on PostgreSQL), then confirmed; the used notice cannot be replaced (${DB_KIND})`, async () => {
  const db = testDb()
  const before = await computeDue(db, { from: '2027-02-04', n: 1, mode: 'working' })
  assert.equal(before.due, '2027-02-11')
  assert.equal(before.confirmed, false)

  const extra = ['2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({ date, off: true, name: '春节' }))
  const days = hypotheticalNotice(2027, [...extra, { date: '2027-02-14', off: false, name: '春节' }])
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-cal-')), 'holiday-cn-2027.json')
  fs.writeFileSync(file, JSON.stringify({ year: 2027, papers: [], days: days.map((d) => ({ name: d.name, date: d.date, isOffDay: d.off })) }))
  if (DB_KIND === 'postgres') {
    // The whole command, migration included. (Not against the embedded test database: PGlite
    // has one session for every connection, and a migration's SET ROLE would leak into it.)
    const imported = await cli('import', file, '--number', '国办发明电〔2026〕99号')
    assert.match(imported.stdout, /已录入 2027 年放假通知/)
  } else {
    await enterInAnotherProcess(file, '国办发明电〔2026〕99号')
  }

  // This process cached the 2027 calendar before the import; the version check refreshes it.
  const after = await computeDue(db, { from: '2027-02-04', n: 1, mode: 'working' })
  assert.equal(after.due, '2027-02-14')
  assert.equal(after.confirmed, true)
  assert.match(after.basis, /国办发明电〔2026〕99号/)

  await assert.rejects(
    enterNotice(db, { year: 2027, regionOrgId: null, number: null, title: '替换通知', days }, { user: null, via: 'cli' }),
    rejectsWith('CALENDAR_YEAR_LOCKED'),
  )
  if (DB_KIND === 'postgres') await assert.rejects(cli('import', file), /2027 年已有按该年放假安排计算的期限/)
  // The trigger holds the rule for direct SQL too (as the app role).
  await assert.rejects(
    db.query(`INSERT INTO calendar_notice (year, title, days, entered_via) VALUES (2027, '直接写入', $1, 'cli')`, [JSON.stringify(days)]),
    /2027 年已有按该年放假安排计算的期限/,
  )
  await assert.rejects(db.query(`UPDATE calendar_notice SET title = '改' WHERE year = 2027`), /permission denied|只追加/)
  await assert.rejects(db.query(`DELETE FROM calendar_notice WHERE year = 2027`), /permission denied|只追加/)
  await assert.rejects(db.query(`DELETE FROM calendar_year_use WHERE year = 2027`), /permission denied|只追加/)
})

test(`F-04: a notice not yet used may be replaced (the newest is in force, audited); built-in years never (${DB_KIND})`, async () => {
  const db = testDb()
  const first = await enterNotice(db, { year: 2032, regionOrgId: null, number: 'A', title: '2032 年通知', days: hypotheticalNotice(2032) }, { user: null, via: 'cli' })
  const second = await enterNotice(
    db,
    { year: 2032, regionOrgId: null, number: 'B', title: '2032 年通知（更正）', days: hypotheticalNotice(2032, [{ date: '2032-03-01', off: true, name: '测试假日' }]) },
    { user: null, via: 'cli' },
  )
  const due = await computeDue(db, { from: '2032-02-27', n: 1, mode: 'working' })
  assert.equal(due.due, '2032-03-02', 'the replacing notice is in force')
  const audited = await db.one(`SELECT detail FROM audit_event WHERE action = 'calendar.notice.enter' AND entity_id = $1`, [second.id])
  assert.equal(audited.detail.replaces, first.id)

  await assert.rejects(
    enterNotice(db, { year: 2025, regionOrgId: null, number: null, title: '2025 年通知', days: hypotheticalNotice(2025) }, { user: null, via: 'cli' }),
    rejectsWith('CALENDAR_BUILTIN_YEAR'),
  )
  await assert.rejects(
    // 2019: a built-in year no other test computes deadlines in (a used year is refused first, as locked)
    db.query(`INSERT INTO calendar_notice (year, title, days, entered_via) VALUES (2019, '直接写入', '[{"date":"2019-03-04","off":true,"name":"x"}]', 'cli')`),
    /calendar_notice_builtin_year/,
  )
  await assert.rejects(
    db.query(`INSERT INTO calendar_notice (year, title, days, entered_via) VALUES (2033, '直接写入', '[{"date":"2033-03-02","off":false,"name":"x"}]', 'cli')`),
    /不能列为调休上班日/,
  )
  await assert.rejects(
    db.query(`INSERT INTO calendar_notice (year, title, days, entered_via) VALUES (2033, '直接写入', '[{"date":"2033-03-05","off":true,"name":"x"},{"date":"2033-03-05","off":true,"name":"y"}]', 'cli')`),
    /重复/,
  )
})

test(`F-04: a regional overlay applies inside its subtree only, and is fixed once a deadline there used it (${DB_KIND})`, async () => {
  const db = testDb()
  const root = await makeOrg(db)
  const region = await makeOrg(db, { parent: root, kind: 'region', level: 'county' })
  const inside = await makeOrg(db, { parent: region })
  const sibling = await makeOrg(db, { parent: root, kind: 'region', level: 'county' })
  const outside = await makeOrg(db, { parent: sibling })
  const festival = [{ date: '2026-03-20', off: true, name: '测试民族节' }]
  await enterNotice(db, { year: 2026, regionOrgId: region.id, number: null, title: '测试民族节放假', days: festival }, { user: null, via: 'cli' })

  assert.equal((await computeDue(db, { from: '2026-03-19', n: 1, mode: 'working', orgId: inside.id })).due, '2026-03-23')
  assert.equal((await computeDue(db, { from: '2026-03-19', n: 1, mode: 'working', orgId: outside.id })).due, '2026-03-20')
  assert.equal((await computeDue(db, { from: '2026-03-19', n: 1, mode: 'working' })).due, '2026-03-20')
  assert.ok((await yearCalendar(db, 2026, inside.id)).days.some((d) => d.date === '2026-03-20' && d.off))
  assert.ok(!(await yearCalendar(db, 2026, outside.id)).days.some((d) => d.date === '2026-03-20'))

  const more = [{ date: '2026-03-27', off: true, name: '测试民族节' }]
  await assert.rejects(
    enterNotice(db, { year: 2026, regionOrgId: region.id, number: null, title: '再次调整', days: more }, { user: null, via: 'cli' }),
    rejectsWith('CALENDAR_YEAR_LOCKED'),
  )
  await assert.rejects(
    db.query(`INSERT INTO calendar_notice (year, region_org_id, title, days, entered_via) VALUES (2026, $1, '直接写入', $2, 'cli')`, [region.id, JSON.stringify(more)]),
    /不得再更改/,
  )
  // The sibling's deadline used the plain national 2026, so its subtree is fixed as well;
  // a region where nothing was computed yet can still receive an overlay.
  await assert.rejects(
    enterNotice(db, { year: 2026, regionOrgId: sibling.id, number: null, title: '邻区节日', days: more }, { user: null, via: 'cli' }),
    rejectsWith('CALENDAR_YEAR_LOCKED'),
  )
  const fresh = await makeOrg(db, { parent: root, kind: 'region', level: 'county' })
  const freshAgency = await makeOrg(db, { parent: fresh })
  await enterNotice(db, { year: 2026, regionOrgId: fresh.id, number: null, title: '新区节日', days: more }, { user: null, via: 'cli' })
  assert.equal((await computeDue(db, { from: '2026-03-26', n: 1, mode: 'working', orgId: freshAgency.id })).due, '2026-03-30')
  assert.equal((await computeDue(db, { from: '2026-03-26', n: 1, mode: 'working', orgId: inside.id })).due, '2026-03-27')
})
