/** Legal dates are days in China Standard Time (UTC+8, no daylight saving). */
export const LEGAL_TIME_ZONE = 'Asia/Shanghai'

/** Today's date in China as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}
