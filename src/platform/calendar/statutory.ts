import lunar from 'lunar-javascript'
import { addDays, isWeekend, ymd, type IsoDate } from './dates.ts'

/** A day of a holiday arrangement: off (放假) or a weekend day that is worked (调休上班). */
export type CalendarDay = { date: IsoDate; off: boolean; name: string }

const { Lunar, Solar } = lunar

const lunarDay = (year: number, month: number, day: number): IsoDate => Lunar.fromYmd(year, month, day).getSolar().toYmd()

/** 农历正月初一 of the lunar year that begins in the given Gregorian year. */
export const lunarNewYear = (year: number): IsoDate => lunarDay(year, 1, 1)

/** The 清明 solar term of the Gregorian year (always early April, inside lunar year `year`). */
export function qingming(year: number): IsoDate {
  const date = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()['清明']
  if (!date || date.getYear() !== year) throw new Error(`无法计算 ${year} 年清明`)
  return date.toYmd()
}

/**
 * 全国年节及纪念日放假办法 第二条: the holidays of all citizens, as each revision fixes them.
 * The 2024-11-10 revision (in force for 2025 on) has 11 days: 元旦 1, 春节 4 (除夕 to 正月初三),
 * 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. The 2013 revision (2014–2024) had 春节 初一 to 初三
 * and 劳动节 1; the 2007 revision (2008–2013) had 春节 除夕 to 初二 and 劳动节 1.
 * Lunar dates (除夕, 端午 五月初五, 中秋 八月十五) and 清明 are computed, not looked up.
 */
export function statutoryHolidays(year: number): CalendarDay[] {
  const newYear = lunarNewYear(year)
  const springFestival =
    year >= 2025 ? [-1, 0, 1, 2] : year >= 2014 ? [0, 1, 2] : [-1, 0, 1]
  const labourDays = year >= 2025 ? [1, 2] : [1]
  const days: CalendarDay[] = [
    { date: ymd(year, 1, 1), off: true, name: '元旦' },
    ...springFestival.map((k) => ({ date: addDays(newYear, k), off: true, name: '春节' })),
    { date: qingming(year), off: true, name: '清明节' },
    ...labourDays.map((d) => ({ date: ymd(year, 5, d), off: true, name: '劳动节' })),
    { date: lunarDay(year, 5, 5), off: true, name: '端午节' },
    { date: lunarDay(year, 8, 15), off: true, name: '中秋节' },
    ...[1, 2, 3].map((d) => ({ date: ymd(year, 10, d), off: true, name: '国庆节' })),
  ]
  return days.sort((a, b) => a.date.localeCompare(b.date))
}

/**
 * The days off of a year for which the State Council has issued no notice yet (F-04):
 * the statutory holidays of 放假办法 第二条, plus 第六条 — a holiday falling on a Saturday or
 * Sunday is made up on a working day, taken here as the next weekdays after that holiday.
 * No 调休 (第七条 leaves those to the annual notice), so no weekend day is worked.
 */
export function statutoryYear(year: number): CalendarDay[] {
  const holidays = statutoryHolidays(year)
  const byDate = new Map<IsoDate, CalendarDay>()
  for (const day of holidays) {
    const same = byDate.get(day.date)
    // 中秋 can fall inside 国庆: one day off, both names.
    byDate.set(day.date, same ? { ...same, name: `${same.name}、${day.name}` } : { ...day })
  }
  const groups = new Map<string, IsoDate[]>()
  for (const day of holidays) groups.set(day.name, [...(groups.get(day.name) ?? []), day.date])
  for (const [name, dates] of groups) {
    let owed = dates.filter(isWeekend).length
    let next = dates[dates.length - 1]!
    while (owed > 0) {
      next = addDays(next, 1)
      if (isWeekend(next) || byDate.has(next)) continue
      byDate.set(next, { date: next, off: true, name: `${name}（补假）` })
      owed--
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date))
}
