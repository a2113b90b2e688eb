/**
 * F-04 working-day calendar: pure functions over the holiday arrangements, no database.
 *
 * - 处罚法85, 许可法82, 强制法69: short periods (2, 3, 5, 7, 10 days; every 许可 period) are
 *   working days and do not include statutory holidays; weekends are off unless a State
 *   Council notice makes one a working day (调休).
 * - 民诉法85: the day a period starts is not counted; a period whose last day is a
 *   statutory rest day ends on the first day after it, i.e. the next working day.
 * - A year without a State Council notice falls back to the holidays the 全国年节及纪念日
 *   放假办法 fixes itself (statutory.ts); every result whose counting touches such a year is
 *   unconfirmed until the notice is entered.
 */
import { badRequest } from '../http/errors.ts'
import { addDays, assertCalendarDate, isWeekend, yearOf, type IsoDate } from './dates.ts'
import { statutoryYear, type CalendarDay } from './statutory.ts'

export type { CalendarDay } from './statutory.ts'

/** A State Council General Office notice (国务院办公厅关于某年部分节假日安排的通知). */
export type Notice = {
  year: number
  number: string | null
  title: string
  source: 'builtin' | 'database'
  /** Days in the notice; a notice can reach into the previous December or next January. */
  days: CalendarDay[]
}

/** Regional days (e.g. a minority festival, 放假办法 第四条) for one organisation subtree. */
export type Overlay = { regionOrgId: string; year: number; title: string; days: CalendarDay[] }

export type YearSource = 'builtin' | 'database' | 'statutory'

export type YearCalendar = {
  year: number
  /** True when the State Council notice for the year is known. */
  confirmed: boolean
  source: YearSource
  number: string | null
  title: string | null
  /** Every listed day dated inside the year, from whichever notice or overlay names it. */
  days: CalendarDay[]
}

export type DayStatus = {
  date: IsoDate
  working: boolean
  kind: 'workday' | 'weekend' | 'holiday' | 'adjusted-workday'
  name: string | null
  confirmed: boolean
}

export type Due = {
  due: IsoDate
  /** False when any year the counting touches has no State Council notice yet. */
  confirmed: boolean
  unconfirmedYears: number[]
  /** Chinese explanation: the rule applied and the notices it rests on. */
  basis: string
}

export const MAX_WORKING_DAYS = 1000
export const MAX_CALENDAR_DAYS = 3660

export class Calendar {
  private readonly national = new Map<number, Notice>()
  private readonly nationalInOrder: Notice[]
  private readonly years = new Map<number, { info: YearCalendar; byDate: Map<IsoDate, CalendarDay> }>()

  /** notices: at most one national notice per year; overlays: nearest region last (it wins). */
  constructor(
    notices: Notice[],
    private readonly overlays: Overlay[] = [],
  ) {
    for (const notice of notices) this.national.set(notice.year, notice)
    this.nationalInOrder = [...this.national.values()].sort((a, b) => a.year - b.year)
  }

  /** Whether the State Council notice for the year is known. */
  isConfirmed(year: number): boolean {
    return this.national.has(year)
  }

  /** The year's arrangement: the notice (or the 放假办法 fallback), neighbours' days, overlays. */
  year(year: number): YearCalendar {
    return this.load(year).info
  }

  day(date: IsoDate): DayStatus {
    assertCalendarDate(date)
    const { info, byDate } = this.load(yearOf(date))
    const listed = byDate.get(date)
    const confirmed = info.confirmed
    if (listed) {
      if (listed.off) return { date, working: false, kind: 'holiday', name: listed.name, confirmed }
      return { date, working: true, kind: isWeekend(date) ? 'adjusted-workday' : 'workday', name: listed.name, confirmed }
    }
    return isWeekend(date)
      ? { date, working: false, kind: 'weekend', name: null, confirmed }
      : { date, working: true, kind: 'workday', name: null, confirmed }
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.day(date).working
  }

  /**
   * 处罚法85, 许可法82, 强制法69: "N working days after start" — the start day is not
   * counted (民诉法85), weekends and holidays are skipped, 调休 weekend days count.
   */
  addWorkingDays(start: IsoDate, n: number): Due {
    assertCalendarDate(start)
    assertCount(n, MAX_WORKING_DAYS)
    let date = start
    for (let left = n; left > 0; ) {
      date = addDays(date, 1)
      if (this.isWorkingDay(date)) left--
    }
    return this.result(start, date, `${start} 后第 ${n} 个工作日（起算日不计入，不含法定节假日和休息日；处罚法85、许可法82、强制法69）`)
  }

  /**
   * 民诉法85: n calendar days after start, the start day not counted; when the last day is a
   * statutory holiday or rest day, the period ends on the next working day.
   */
  addCalendarDays(start: IsoDate, n: number): Due {
    assertCalendarDate(start)
    assertCount(n, MAX_CALENDAR_DAYS)
    const end = addDays(start, n)
    let due = end
    while (!this.isWorkingDay(due)) due = addDays(due, 1)
    let basis = `${start} 后第 ${n} 日（起算日不计入）`
    if (due !== end) {
      const day = this.day(end)
      basis += `为 ${end}，系${day.name ?? '休息日'}，依民诉法85顺延至其后第一个工作日`
    }
    return this.result(start, due, basis)
  }

  /** Working days d with a < d ≤ b (negative when b is before a). */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    assertCalendarDate(a)
    assertCalendarDate(b)
    if (b < a) return -this.workingDaysBetween(b, a)
    let count = 0
    for (let date = addDays(a, 1); date <= b; date = addDays(date, 1)) if (this.isWorkingDay(date)) count++
    return count
  }

  private result(start: IsoDate, due: IsoDate, rule: string): Due {
    const years = countedYears(start, due)
    const unconfirmedYears = years.filter((y) => !this.isConfirmed(y))
    const notices = years
      .map((y) => this.national.get(y))
      .filter((notice): notice is Notice => notice !== undefined)
      .map((notice) => notice.number ?? notice.title)
    let basis = `${rule}，届满日 ${due}`
    if (notices.length) basis += `；放假安排依据：${notices.join('、')}`
    if (unconfirmedYears.length) {
      basis += `；${unconfirmedYears.join('、')} 年尚无国务院办公厅放假通知，按《全国年节及纪念日放假办法》第二条、第六条推算（节日逢周末的在其后工作日补假，不含调休），待通知录入后确认`
    }
    if (this.overlays.length) basis += `；含地区性假日：${[...new Set(this.overlays.map((o) => o.title))].join('、')}`
    return { due, confirmed: unconfirmedYears.length === 0, unconfirmedYears, basis }
  }

  private load(year: number) {
    const cached = this.years.get(year)
    if (cached) return cached
    const own = this.national.get(year)
    const byDate = new Map<IsoDate, CalendarDay>()
    if (!own) for (const day of statutoryYear(year)) byDate.set(day.date, day)
    // Later notices win: the 2019 notice rearranged the last days of December 2018.
    for (const notice of this.nationalInOrder) {
      if (Math.abs(notice.year - year) > 1) continue
      for (const day of notice.days) if (yearOf(day.date) === year) byDate.set(day.date, day)
    }
    for (const overlay of this.overlays) {
      for (const day of overlay.days) if (yearOf(day.date) === year) byDate.set(day.date, day)
    }
    const info: YearCalendar = {
      year,
      confirmed: own !== undefined,
      source: own ? own.source : 'statutory',
      number: own?.number ?? null,
      title: own?.title ?? null,
      days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)),
    }
    const entry = { info, byDate }
    this.years.set(year, entry)
    return entry
  }
}

/** The years a period from start (not counted) to due runs through. */
export function countedYears(start: IsoDate, due: IsoDate): number[] {
  const years: number[] = []
  for (let y = yearOf(addDays(start, 1)); y <= yearOf(due); y++) years.push(y)
  return years
}

function assertCount(n: number, max: number): void {
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest('BAD_PERIOD', `期限天数应为 1 至 ${max} 的整数：${n}`)
}
