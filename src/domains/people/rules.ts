// Legal rules of 执法人员, 执法证 and 法制审核人员 (F-02, F-03), as pure functions.
import type { AuthUser } from '../../platform/access/scope.ts'

export const PERSON_KINDS = ['officer', 'auxiliary', 'counsel'] as const
export type PersonKind = (typeof PERSON_KINDS)[number]
export const PERSON_STATUSES = ['在岗', '离岗', '调离', '退休'] as const
export type PersonStatus = (typeof PERSON_STATUSES)[number]

/** Stored certificate statuses: the deliberate acts. 过期 and 未生效 follow from the dates. */
export const STORED_CERTIFICATE_STATUSES = ['有效', '暂扣', '注销'] as const
export type StoredCertificateStatus = (typeof STORED_CERTIFICATE_STATUSES)[number]
export const CERTIFICATE_STATUSES = ['有效', '暂扣', '注销', '过期', '未生效'] as const
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number]

/** F-02: a 执法证 is valid for at most five years; then it is reissued (换发). */
export const CERTIFICATE_MAX_YEARS = 5

/** Adds whole years to a YYYY-MM-DD date, clamping 29 February as PostgreSQL does. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const year = y + years
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
}

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

/** F-02: the last day of a full five-year term starting on validFrom. */
export function defaultValidTo(validFrom: string): string {
  return addDays(addYears(validFrom, CERTIFICATE_MAX_YEARS), -1)
}

/**
 * F-02: why a validity period is not allowed, or undefined. Mirrors the CHECKs on
 * certificate (valid_to > valid_from, valid_to <= valid_from + 5 years).
 */
export function validityProblem(validFrom: string, validTo: string): string | undefined {
  if (validTo <= validFrom) return '有效期截止日期必须晚于起始日期'
  if (validTo > addYears(validFrom, CERTIFICATE_MAX_YEARS)) return `执法证有效期不得超过${CERTIFICATE_MAX_YEARS}年，期满应换发`
  return undefined
}

/**
 * F-02 / P-05: the status of a certificate on a day. Mirrors the database function
 * certificate_status_on(): the deliberate acts first, then the dates.
 */
export function certificateStatusOn(
  cert: { status: StoredCertificateStatus; validFrom: string; validTo: string },
  day: string,
): CertificateStatus {
  if (cert.status !== '有效') return cert.status
  if (day < cert.validFrom) return '未生效'
  if (day > cert.validTo) return '过期'
  return '有效'
}

/** F-02: which deliberate status changes are allowed. 注销 is final; anything else changes. */
export function statusChangeProblem(from: StoredCertificateStatus, to: StoredCertificateStatus): { code: string; message: string } | undefined {
  if (from === '注销') return { code: 'CERTIFICATE_REVOKED', message: '执法证已注销，不能恢复或变更' }
  if (from === to) return { code: 'CERTIFICATE_STATUS_UNCHANGED', message: `执法证已是${to}状态` }
  return undefined
}

/** F-02: a failed 年审 suspends the certificate; this is the reason recorded with it. */
export function failedAnnualCheckReason(year: number): string {
  return `${year}年度年审不合格`
}

/**
 * F-02: 换发 is for a certificate in good standing whose term ends; a suspended or revoked
 * certificate is not renewed around its sanction.
 */
export function reissueProblem(status: StoredCertificateStatus): { code: string; message: string } | undefined {
  if (status === '注销') return { code: 'CERTIFICATE_REVOKED', message: '执法证已注销，不能换发' }
  if (status === '暂扣') return { code: 'CERTIFICATE_SUSPENDED', message: '执法证被暂扣期间不能换发' }
  return undefined
}

/** F-03: default share of reviewers among officers in post (s000 §2(三)2, s002 §11). */
export const DEFAULT_REVIEWER_RATIO = 0.05
export const REVIEWER_RATIO_SETTING = 'staffing.reviewerRatio'

/** F-07: a configured ratio is a number in (0, 1]; anything else falls back to the default. */
export function reviewerRatio(value: unknown): number {
  return typeof value === 'number' && value > 0 && value <= 1 ? value : DEFAULT_REVIEWER_RATIO
}

/**
 * F-03: reviewers required for an agency: at least ratio × officers in post, rounded up,
 * and never fewer than one. The product is rounded to 6 places first so that 0.05 × 60
 * is 3, not 3.0000000000000004 → 4.
 */
export function requiredReviewers(officers: number, ratio: number): number {
  return Math.max(1, Math.ceil(Math.round(officers * ratio * 1e6) / 1e6))
}

/**
 * F-05 / F-06 / P-01: who may see a person's ID number and phone: an administrator with
 * the person in scope, or a head (负责人) of the person's own agency.
 */
export function maySeeProtected(user: Pick<AuthUser, 'roles' | 'orgPath' | 'scopePath'>, agencyPath: string): boolean {
  if (user.roles.includes('admin') && agencyPath.startsWith(user.scopePath)) return true
  return user.roles.includes('head') && user.orgPath.startsWith(agencyPath)
}

export const PHOTO_MAX_BYTES = 200 * 1024
const PHOTO_DATA_URL = /^data:(image\/jpeg|image\/png);base64,([A-Za-z0-9+/]+={0,2})$/

/** F-02: a person's photo is a JPEG or PNG data URL of at most 200 kB whose bytes match its type. */
export function photoProblem(photo: string): string | undefined {
  const match = PHOTO_DATA_URL.exec(photo)
  if (!match) return '照片必须是 JPEG 或 PNG 格式的 data URL'
  const bytes = Buffer.from(match[2]!, 'base64')
  if (bytes.length > PHOTO_MAX_BYTES) return '照片不得超过 200 kB'
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  if ((match[1] === 'image/jpeg' && !jpeg) || (match[1] === 'image/png' && !png)) return '照片内容与声明的格式不符'
  return undefined
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const ID_CHECK = '10X98765432'

/** GB 11643-1999: an 18-digit 公民身份号码 whose last character is its ISO 7064 MOD 11-2 check. */
export function idNumberValid(idNumber: string): boolean {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return false
  let total = 0
  for (let i = 0; i < 17; i++) total += Number(idNumber[i]) * ID_WEIGHTS[i]!
  return ID_CHECK[total % 11] === idNumber[17]
}
