// The legal rules of 事前公开 (P-01, I-01) and the 岗位信息公示牌 (P-07), as pure functions.
// Their database twins are in migrations/0025_disclosure_before.sql.

/** P-01: a phone number as an agency publishes it (notice_phone_valid() in migrations/0025). */
export const NOTICE_PHONE = /^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|12\d{3}|400-?\d{3}-?\d{4})$/
export const POSTCODE = /^\d{6}$/
export const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/
/** P-07: a link on the board: an address on this site (/…) or an http(s) URL with a path. */
export const BOARD_LINK = /^(https?:\/\/[A-Za-z0-9.-]+(:\d+)?)?\/[^\s<>"]*$/

/** 行政复议法第二十条: sixty days from knowing of the act, unless a law gives longer. */
export const RECONSIDERATION_DAYS = 60
/** 行政诉讼法第四十六条: six months from knowing of the act, unless a law provides otherwise. */
export const LITIGATION_MONTHS = 6
/** 行政诉讼法第四十五条: fifteen days from receiving the reconsideration decision. */
export const AFTER_RECONSIDERATION_DAYS = 15

/** I-01: 抽查频次 is so many times per period. */
export const FREQUENCY_PERIODS = ['年', '半年', '季度', '月'] as const
export type FrequencyPeriod = (typeof FREQUENCY_PERIODS)[number]

export function frequencyText(times: number, period: FrequencyPeriod): string {
  return `每${period}${times === 1 ? '一' : times}次`
}

export function ratioText(ratio: number): string {
  return `${Number(ratio.toFixed(2))}%`
}

export type RemedyPeriods = { reconsiderationDays: number; litigationMonths: number; afterReconsiderationDays: number; periodBasis: string | null }

/** P-01: whether the periods are the general statutory ones (otherwise the law giving them must be named). */
export function generalPeriods(p: Omit<RemedyPeriods, 'periodBasis'>): boolean {
  return p.reconsiderationDays === RECONSIDERATION_DAYS && p.litigationMonths === LITIGATION_MONTHS && p.afterReconsiderationDays === AFTER_RECONSIDERATION_DAYS
}

/** P-01: what is wrong with the stated periods, or null (the CHECKs of agency_notice say the same). */
export function periodProblem(p: RemedyPeriods): string | null {
  if (p.reconsiderationDays < RECONSIDERATION_DAYS) return `行政复议申请期限不得少于六十日（行政复议法第二十条）`
  if (!generalPeriods(p) && !p.periodBasis?.trim()) return '申请期限与行政复议法第二十条、行政诉讼法第四十五条和第四十六条的一般期限不同的，须写明规定该期限的法律'
  return null
}

/** P-01: the sentences the public reads about the time limits. */
export function remedyPeriodsText(p: RemedyPeriods & { reconsiderationBody: string; court: string }): string[] {
  const basis = generalPeriods(p) ? '' : `（${p.periodBasis}）`
  return [
    `对行政执法决定不服的，可以自知道或者应当知道该行政行为之日起${p.reconsiderationDays}日内向${p.reconsiderationBody}申请行政复议（行政复议法第二十条）${basis}。`,
    `也可以自知道或者应当知道作出行政行为之日起${p.litigationMonths}个月内向${p.court}提起行政诉讼（行政诉讼法第四十六条）；经行政复议的，可以在收到复议决定书之日起${p.afterReconsiderationDays}日内提起诉讼（行政诉讼法第四十五条）${basis}。`,
  ]
}
