// The part of lunar-javascript (untyped CommonJS) the calendar uses.
declare module 'lunar-javascript' {
  interface SolarDate {
    getYear(): number
    getMonth(): number
    getDay(): number
    toYmd(): string
  }
  interface LunarDate {
    getSolar(): SolarDate
    getJieQiTable(): Record<string, SolarDate>
  }
  const lunar: {
    Lunar: { fromYmd(year: number, month: number, day: number): LunarDate }
    Solar: { fromYmd(year: number, month: number, day: number): SolarDate & { getLunar(): LunarDate } }
  }
  export default lunar
}
