// L-06: the year arrangements the queue needs to count a review's working days left.
import { useEffect, useState } from 'react'
import { api } from '../api.ts'
import { chinaToday } from '../cases/common.tsx'
import { listedDays, type YearDays } from './days-left.ts'

export { workingDaysLeft } from './days-left.ts'

/** The years from today's to the latest due date, each as date → working. */
export function useWorkingYears(dues: readonly string[], orgId: string | null): { today: string; years: ReadonlyMap<number, ReadonlyMap<string, boolean>> } {
  const today = chinaToday()
  const last = dues.reduce((max, d) => (d > max ? d : max), today)
  const from = Number(today.slice(0, 4))
  const to = Math.min(Number(last.slice(0, 4)), from + 2)
  const [years, setYears] = useState<ReadonlyMap<number, ReadonlyMap<string, boolean>>>(new Map())
  useEffect(() => {
    let live = true
    const wanted = Array.from({ length: to - from + 1 }, (_, i) => from + i)
    Promise.all(wanted.map((y) => api<YearDays>('GET', `/api/calendar/${y}${orgId ? `?orgId=${orgId}` : ''}`))).then(
      (loaded) => live && setYears(listedDays(loaded)),
      () => live && setYears(new Map()),
    )
    return () => {
      live = false
    }
  }, [from, to, orgId])
  return { today, years }
}
