// L-06: how many working days a reviewer has left, for the queue. The due date and whether a
// review is overdue come from the server (reviewDue on the F-04 calendar); this only counts
// the days up to it, with the year arrangements the server's calendar answers
// (GET /api/calendar/:year). Kept free of React so a test can hold it against Calendar.

/** A year as GET /api/calendar/:year answers it: only the days that differ from Mon–Fri. */
export type YearDays = { year: number; days: { date: string; kind: 'holiday' | 'workday' }[] }

/** The listed days of each year as date → working. */
export const listedDays = (years: readonly YearDays[]): Map<number, Map<string, boolean>> =>
  new Map(years.map((y) => [y.year, new Map(y.days.map((d) => [d.date, d.kind === 'workday']))]))

const addDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/**
 * Working days d with today < d ≤ due: a day listed by the year arrangement (holiday or
 * 调休 workday) is what the list says, any other day is a working day from Monday to Friday,
 * as Calendar.day does on the server. Null while a needed year is not loaded.
 */
export function workingDaysLeft(today: string, due: string, years: ReadonlyMap<number, ReadonlyMap<string, boolean>>): number | null {
  if (due <= today) return 0
  let count = 0
  for (let date = addDay(today); date <= due; date = addDay(date)) {
    const listed = years.get(Number(date.slice(0, 4)))
    if (!listed) return null
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
    const working = listed.get(date) ?? (weekday !== 0 && weekday !== 6)
    if (working) count++
  }
  return count
}

