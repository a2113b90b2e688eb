/**
 * The legal rules of 事后公开 as pure functions (P-08, P-11, P-12). The numbers of days are
 * data in the database (publication_deadline_rule, publicity_rule, F-07); these functions
 * apply them on the F-04 calendar.
 */
import type { Calendar, Due } from '../../platform/calendar/calendar.ts'
import type { IsoDate } from '../../platform/calendar/dates.ts'

export const PUBLICATION_KINDS = ['许可', '处罚', '强制', '检查', '其他'] as const
export type PublicationKind = (typeof PUBLICATION_KINDS)[number]

/** 处罚法48 / P-11: the events that oblige the agency to withdraw a published decision. */
export const WITHDRAWAL_TRIGGERS = ['撤销', '确认违法', '确认无效', '变更', '重新作出'] as const
export type WithdrawalTrigger = (typeof WITHDRAWAL_TRIGGERS)[number]

/** 处罚法48 (“三日内”, working days per 处罚法85), 市场监督管理行政处罚信息公示规定第十一条. */
export const WITHDRAWAL_WORKING_DAYS = 3

/** P-08: publish within n working days of the decision (7 for 许可/处罚, 20 otherwise). */
export function publicationDue(calendar: Calendar, decidedOn: IsoDate, workingDays: number): Due {
  return calendar.addWorkingDays(decidedOn, workingDays)
}

/** P-11: withdraw within 3 working days of the 撤销/确认违法/… event; later is allowed but late. */
export function withdrawalDue(calendar: Calendar, triggerDate: IsoDate): Due {
  return calendar.addWorkingDays(triggerDate, WITHDRAWAL_WORKING_DAYS)
}

export function isLate(due: IsoDate, on: IsoDate): boolean {
  return on > due
}

export type PublicityRule = {
  publishWarningOnly: boolean
  shortMonths: number
  longMonths: number
  lowFineCitizenYuan: number
  lowFineOrgYuan: number
}

export type PeriodClass = '仅警告' | '通报批评或较低罚款' | '其他处罚' | '不限期'

/**
 * P-12 (市场监督管理行政处罚信息公示规定第二条、第十三条): which publicity period a decision
 * has. penalties: the kinds of penalty given (警告, 通报批评, 罚款, …); fineYuan the fine.
 */
export function periodClass(
  kind: PublicationKind,
  decision: { penalties: string[]; fineYuan?: number | null; partyKind: 'citizen' | 'organisation' },
  rule: PublicityRule,
): PeriodClass {
  if (kind !== '处罚') return '不限期'
  const penalties = decision.penalties.filter((p) => p.trim() !== '')
  if (penalties.length > 0 && penalties.every((p) => p === '警告')) return '仅警告'
  const low = decision.partyKind === 'citizen' ? rule.lowFineCitizenYuan : rule.lowFineOrgYuan
  const onlyLight = penalties.every((p) => p === '警告' || p === '通报批评' || p === '罚款')
  const fine = decision.fineYuan ?? 0
  if (onlyLight && fine <= low && penalties.some((p) => p === '通报批评' || p === '罚款')) return '通报批评或较低罚款'
  return '其他处罚'
}

/** P-12: the last day of publicity (null: no end); the period runs from the day of publication. */
export function publicityEnd(cls: PeriodClass, publishedOn: IsoDate, rule: PublicityRule): IsoDate | null {
  if (cls === '不限期' || cls === '仅警告') return null
  return addMonths(publishedOn, cls === '通报批评或较低罚款' ? rule.shortMonths : rule.longMonths)
}

/** The same day n months later (the last day of a shorter month when it has none). */
export function addMonths(date: IsoDate, n: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + n
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const day = Math.min(d, last)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export function publicityEnded(endsOn: IsoDate | null, today: IsoDate): boolean {
  return endsOn !== null && today > endsOn
}


/** P-10: the birth date in a 公民身份号码 (18 digits, or the old 15 with a 19xx year), or null. */
export function birthDateOfId(id: string): IsoDate | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(id) ?? /^\d{6}(\d{2})(\d{2})(\d{2})\d{3}$/.exec(id)
  if (!m) return null
  const year = m[1]!.length === 2 ? `19${m[1]}` : m[1]!
  const date = `${year}-${m[2]}-${m[3]}`
  return /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(date) ? date : null
}

/** P-10 (“Nothing is published when the party is a minor”): under 18 on the day of the decision. */
export function isMinorOn(birthDate: IsoDate, on: IsoDate): boolean {
  return addMonths(birthDate, 18 * 12) > on
}
