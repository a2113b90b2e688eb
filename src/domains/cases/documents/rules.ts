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

/** 处罚法44/45: the notice of the right to state and defend, with the period's last day. */
export function statementRightsText(deadline: string): string {
  return `根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。` +
    `请于${documentDate(deadline)}前向本机关提出陈述、申辩意见。本机关不因你（单位）陈述、申辩而给予更重的处罚。`
}

/** 处罚法63/64(一): the right to ask for a hearing, within five days of the notice. */
export function hearingRightsText(deadline: string): string {
  return `根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有要求听证的权利，` +
    `可于${documentDate(deadline)}前向本机关提出听证申请。`
}

/**
 * 处罚法44/45/64 / R-05: a 告知书 may give a later last day than the case computed (five
 * working days, F-04), never an earlier one.
 */
export function statementPeriodProblem(given: string, minimum: string): string | null {
  return given < minimum ? `陈述申辩、听证申请期限不得早于${documentDate(minimum)}（行政处罚法第六十四条：告知后五日内）` : null
}

export const SIGNATURE_MAX_BYTES = 200 * 1024

/**
 * a signature captured on screen as a PNG data URL; returns the image, or a Chinese
 * reason why it is not one (not PNG, too large).
 */
export function decodeSignature(dataUrl: string): Uint8Array | string {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/.exec(dataUrl)
  if (!match) return '签名须为 PNG 图片（data:image/png;base64,…）'
  const bytes = Buffer.from(match[1]!, 'base64')
  if (bytes.length > SIGNATURE_MAX_BYTES) return `签名图片不得超过 ${SIGNATURE_MAX_BYTES / 1024} KB`
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') return '签名须为 PNG 图片'
  return new Uint8Array(bytes)
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}
