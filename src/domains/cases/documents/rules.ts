// Legal rules for the content of 执法文书. Pure functions, shared by the PDF and DOCX.

/** 行政复议法20: a 行政复议 application within 六十日 of knowing of the act. */
export const RECONSIDERATION_PERIOD = '六十日'
/** 行政诉讼法46: a 行政诉讼 within 六个月 of knowing of the act. */
export const LITIGATION_PERIOD = '六个月'

/**
 * 处罚法59(5) / R-05: the 途径和期限 of 申请行政复议 and 提起行政诉讼, with 处罚法73 (the decision
 * is executed meanwhile). The periods are the statutes', not the caller's.
 */
export function remedyText(reconsiderationBody: string, court: string): string {
  return (
    `如不服本决定，可以自收到本决定书之日起${RECONSIDERATION_PERIOD}内向${reconsiderationBody}申请行政复议，` +
    `也可以自收到本决定书之日起${LITIGATION_PERIOD}内依法向${court}提起行政诉讼。` +
    '申请行政复议或者提起行政诉讼期间，本决定不停止执行，法律另有规定的除外。'
  )
}

/**
 * a 居民身份证号码 as a document shows it: the birth date (digits 7–14) hidden, the
 * region code and the last four kept so the party can still be identified.
 */
export function maskIdNumber(id: string): string {
  if (id.length === 18) return `${id.slice(0, 6)}********${id.slice(14)}`
  if (id.length <= 4) return '*'.repeat(id.length)
  return `${id.slice(0, 2)}${'*'.repeat(id.length - 4)}${id.slice(-2)}`
}

/** GB/T 9704 §7.3.5.2: 成文日期 in Arabic numerals, without leading zeros: 2026年3月5日. */
export function documentDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  if (!match) throw new RangeError(`不是日期：${isoDate}`)
  return `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`
}

/** An 18-character 居民身份证号码 with its ISO 7064 MOD 11-2 check character. */
export function idNumberValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((total, w, i) => total + w * Number(id[i]), 0)
  return '10X98765432'[sum % 11] === id[17]
}
