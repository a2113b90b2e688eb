import { badRequest } from '../http/errors.ts'

/** A legal date 'YYYY-MM-DD': a day in China, with no time of day and no time zone (F-04). */
export type IsoDate = string

/** The years the calendar can answer for: 放假办法 revisions from 2008 on, lunar tables to 2099. */
export const FIRST_YEAR = 2008
export const LAST_YEAR = 2099

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return date.toISOString().slice(0, 10) === value
}

/** Throws a 400 unless value is a real date inside the supported years. */
export function assertCalendarDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw badRequest('BAD_DATE', `日期格式不正确：${value}（应为 YYYY-MM-DD）`)
  const year = yearOf(value)
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw badRequest('CALENDAR_RANGE', `日期超出工作日历支持的范围（${FIRST_YEAR}—${LAST_YEAR} 年）：${value}`)
  }
  return value
}

/** Days since 1970-01-01 (the date taken as a UTC day, so no zone shifts it). */
export function dayNumber(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(dayNumber(date) + n)
}

export function ymd(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4))

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const d = new Date(dayNumber(date) * DAY_MS).getUTCDay()
  return d === 0 ? 7 : d
}

export const isWeekend = (date: IsoDate): boolean => isoWeekday(date) >= 6
