/**
 * F-04: the State Council holiday notices as data — the built-in copy for 2019–2026
 * (data/notice-YYYY.json, made by data/generate.ts), the two file formats an administrator
 * can import, and the checks every entered notice must pass.
 */
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { badRequest } from '../http/errors.ts'
import { FIRST_YEAR, LAST_YEAR, isIsoDate, isWeekend, yearOf, ymd, type IsoDate } from './dates.ts'
import { statutoryHolidays, type CalendarDay } from './statutory.ts'
import { Calendar, type Notice } from './calendar.ts'

const DATA_DIR = path.join(import.meta.dirname, 'data')

const NamedDay = z.strictObject({ date: z.string().max(10), name: z.string().min(1).max(30) })

/** The project's own notice format (data/notice-YYYY.json and `zhifa calendar import`). */
export const NoticeFile = z.strictObject({
  year: z.number().int().min(FIRST_YEAR).max(LAST_YEAR),
  number: z.string().min(1).max(60).nullable().optional(),
  title: z.string().min(2).max(200),
  published: z.string().max(10).nullable().optional(),
  sources: z.array(z.string().max(300)).max(10).optional(),
  offDays: z.array(NamedDay).max(120),
  workDays: z.array(NamedDay).max(60),
})
export type NoticeFile = z.infer<typeof NoticeFile>

/** The holiday-cn data set's format (reference/holidays/holiday-cn-YYYY.json). */
export const HolidayCnFile = z.object({
  year: z.number().int().min(FIRST_YEAR).max(LAST_YEAR),
  papers: z.array(z.string().max(300)).max(10).default([]),
  days: z.array(z.object({ name: z.string().min(1).max(30), date: z.string().max(10), isOffDay: z.boolean() })).max(180),
})
export type HolidayCnFile = z.infer<typeof HolidayCnFile>

/** A notice as entered, before it is stored: national when regionOrgId is null. */
export type NoticeInput = {
  year: number
  number: string | null
  title: string
  days: CalendarDay[]
}

export const standardTitle = (year: number) => `国务院办公厅关于${year}年部分节假日安排的通知`

export function fromHolidayCn(file: HolidayCnFile): NoticeInput {
  return {
    year: file.year,
    number: null,
    title: standardTitle(file.year),
    days: file.days.map((d) => ({ date: d.date, off: d.isOffDay, name: d.name })),
  }
}

export function fromNoticeFile(file: NoticeFile): NoticeInput {
  return {
    year: file.year,
    number: file.number ?? null,
    title: file.title,
    days: [
      ...file.offDays.map((d) => ({ ...d, off: true })),
      ...file.workDays.map((d) => ({ ...d, off: false })),
    ].sort((a, b) => a.date.localeCompare(b.date)),
  }
}

/** Reads either format; which one is told by its fields. */
export function parseNoticeJson(json: unknown): NoticeInput {
  if (json && typeof json === 'object' && 'days' in json) {
    const parsed = HolidayCnFile.safeParse(json)
    if (!parsed.success) throw badRequest('BAD_NOTICE_FILE', `放假通知文件格式不正确（holiday-cn 格式）：${parsed.error.issues[0]?.message}`)
    return fromHolidayCn(parsed.data)
  }
  const parsed = NoticeFile.safeParse(json)
  if (!parsed.success) throw badRequest('BAD_NOTICE_FILE', `放假通知文件格式不正确：${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`)
  return fromNoticeFile(parsed.data)
}

/**
 * F-04: what an entered notice must satisfy. Days lie in the notice year or the
 * neighbouring December/January (notices rearrange the turn of the year); no date twice;
 * a worked day (调休上班) is a Saturday or Sunday; a national notice gives every statutory
 * holiday of 放假办法 第二条 off. Returns the problems in Chinese, empty when none.
 */
export function noticeProblems(input: NoticeInput, national: boolean): string[] {
  const problems: string[] = []
  if (!input.days.length) problems.push('放假通知至少应有一天')
  const first = ymd(input.year - 1, 12, 1)
  const last = ymd(input.year + 1, 1, 31)
  const seen = new Set<IsoDate>()
  for (const day of input.days) {
    if (!isIsoDate(day.date)) {
      problems.push(`日期格式不正确：${day.date}`)
      continue
    }
    if (day.date < first || day.date > last) problems.push(`${day.date} 不在 ${input.year} 年（或前一年 12 月、次年 1 月）内`)
    if (seen.has(day.date)) problems.push(`${day.date} 重复出现`)
    seen.add(day.date)
    if (!day.off && !isWeekend(day.date)) problems.push(`${day.date} 是工作日，不能列为调休上班日（调休上班日只能是周六或周日）`)
    if (!day.name.trim()) problems.push(`${day.date} 缺少节日名称`)
  }
  if (national && input.year >= FIRST_YEAR && input.year <= LAST_YEAR) {
    const off = new Set(input.days.filter((d) => d.off).map((d) => d.date))
    for (const holiday of statutoryHolidays(input.year)) {
      if (!off.has(holiday.date)) problems.push(`${holiday.date}（${holiday.name}）是放假办法第二条规定的法定节假日，通知中应为放假日`)
    }
  }
  return problems
}

let builtin: Notice[] | undefined

/** The notices embedded in the code (data/notice-YYYY.json); these years are immutable. */
export function builtinNotices(): Notice[] {
  builtin ??= fs
    .readdirSync(DATA_DIR)
    .filter((name) => /^notice-\d{4}\.json$/.test(name))
    .sort()
    .map((name) => {
      const file = NoticeFile.parse(JSON.parse(fs.readFileSync(path.join(DATA_DIR, name), 'utf8')))
      return { ...fromNoticeFile(file), source: 'builtin' as const }
    })
  return builtin
}

export const builtinYears = (): number[] => builtinNotices().map((n) => n.year)

export const isBuiltinYear = (year: number): boolean => builtinYears().includes(year)

/** Years a notice's days fall in (its own year plus any neighbouring December/January). */
export const touchedYears = (input: Pick<NoticeInput, 'year' | 'days'>): number[] =>
  [...new Set([input.year, ...input.days.filter((d) => isIsoDate(d.date)).map((d) => yearOf(d.date))])].sort()

let national: Calendar | undefined

/** The national calendar from the built-in notices alone: no database needed. */
export function builtinCalendar(): Calendar {
  national ??= new Calendar(builtinNotices())
  return national
}
