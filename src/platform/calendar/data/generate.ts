/**
 * Generates the built-in notice files data/notice-YYYY.json (F-04) from the holiday-cn
 * data set (one JSON per notice year, scraped from the State Council General Office's
 * notices; see /work/shared/reference/holidays/README.md). Run once per new year:
 *
 *   node --import tsx src/platform/calendar/data/generate.ts /work/shared/reference/holidays 2019 2026
 *
 * Every day keeps the calendar date it has in the notice, so a notice that rearranges the
 * end of the previous December keeps those December dates. Notice numbers and dates are
 * filled in only where the reference table (reference/holidays.md) gives them. A weekday the
 * source lists as worked (2020-02-03, the first day back after the extended 2020 春节) is an
 * ordinary working day, not 调休, and is left out. After
 * generating, calendar.reference.test.ts checks 2024–2026 day by day against that table.
 */
import fs from 'node:fs'
import path from 'node:path'
import { HolidayCnFile, standardTitle, type NoticeFile } from '../notices.ts'
import { isWeekend } from '../dates.ts'

const KNOWN: Record<number, { number?: string; published?: string }> = {
  2024: { number: '国办发明电〔2023〕7号', published: '2023-10-25' },
  2025: { number: '国办发明电〔2024〕12号', published: '2024-11-12' },
  2026: { published: '2025-11-04' },
}

function generate(sourceDir: string, from: number, to: number): void {
  for (let year = from; year <= to; year++) {
    const source = HolidayCnFile.parse(JSON.parse(fs.readFileSync(path.join(sourceDir, `holiday-cn-${year}.json`), 'utf8')))
    if (!source.days.length) throw new Error(`${year} 年没有放假安排数据`)
    const sorted = [...source.days].sort((a, b) => a.date.localeCompare(b.date))
    const notice: NoticeFile = {
      year,
      number: KNOWN[year]?.number ?? null,
      title: standardTitle(year),
      published: KNOWN[year]?.published ?? null,
      sources: source.papers,
      offDays: sorted.filter((d) => d.isOffDay).map((d) => ({ date: d.date, name: d.name })),
      workDays: sorted.filter((d) => !d.isOffDay && isWeekend(d.date)).map((d) => ({ date: d.date, name: d.name })),
    }
    const target = path.join(import.meta.dirname, `notice-${year}.json`)
    fs.writeFileSync(target, format(notice))
    console.log(`${target}: ${notice.offDays.length} 放假日, ${notice.workDays.length} 调休上班日`)
  }
}

/** Pretty JSON with one day per line, so a reviewer can read a file against the notice. */
function format(notice: NoticeFile): string {
  const days = (list: NoticeFile['offDays']) => `[\n${list.map((d) => `    ${JSON.stringify(d)}`).join(',\n')}\n  ]`
  const { offDays, workDays, ...head } = notice
  const lines = Object.entries(head).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
  return `{\n${[...lines, `  "offDays": ${days(offDays)}`, `  "workDays": ${days(workDays)}`].join(',\n')}\n}\n`
}

const [dir, from, to] = process.argv.slice(2)
if (!dir) {
  console.error('用法：generate.ts <holiday-cn 目录> [起始年 2019] [结束年 2026]')
  process.exit(2)
}
generate(dir, Number(from ?? 2019), Number(to ?? 2026))
