/**
 * R-03 statutory time limits: the catalogue of deadline rules as data, and pure functions
 * that compute a due date on the F-04 working-day calendar, a status on a given day, and the
 * 加处罚款 of 处罚法72. No database: the case system stores the events and calls these.
 *
 * Whether a period counts working days or calendar days is decided by statute, and each
 * rule names the article that decides it (`countingBasis`):
 * - 处罚法85: only 二日、三日、五日、七日 are working days; 15 and 90 days are calendar days.
 * - 强制法69: periods of 十日以内 are working days; 30 days are calendar days.
 * - 许可法82: every period in which the agency acts on a 许可 is in working days.
 * - 复议法88: only 三日、五日、七日、十日 are working days; 60 days are calendar days.
 * - 民诉法85 (applied through 处罚法61, 复议法88 and as the general rule of counting): the
 *   start day is not counted; a period whose last day is a statutory rest day ends on the
 *   first working day after it.
 */
import { ruleViolation, badRequest } from '../../platform/http/errors.ts'
import { countedYears, type Calendar } from '../../platform/calendar/calendar.ts'
import { addDays, assertCalendarDate, dayNumber, ymd, type IsoDate } from '../../platform/calendar/dates.ts'

export type DeadlineUnit = 'working-days' | 'calendar-days' | 'months'

export type DeadlineRule = {
  id: string
  /** Chinese name shown on the case. */
  name: string
  /** The article that sets the period. */
  statute: string
  unit: DeadlineUnit
  length: number
  /** The article that says whether the days are working days or calendar days. */
  countingBasis: string
  /** The event the period counts from (or, for `before`, the event it counts back from). */
  countsFrom: string
  /** `before`: the due date is the last day on which the act may be done before the event. */
  direction: 'after' | 'before'
  /** How many times, by how much at most, and who approves; null when the statute allows none. */
  extension: { length: number; times: number; approver: string; statute: string } | null
  /** Periods during which the clock stops, with the article that excludes them. */
  suspensions: { kinds: string[]; statute: string } | null
  /** 民诉法85: a period ending on a rest day ends on the next working day. */
  rollsOverRestDays: boolean
  /** Where the period is not a statute's but a documented default (F-07: configurable). */
  note?: string
}

const MINSU_85 = '民事诉讼法第八十五条'

/** every statutory time limit the case system tracks. */
export const DEADLINE_RULES = [
  {
    id: 'lead-check',
    name: '案源线索核查、决定是否立案',
    statute: '市场监督管理行政处罚程序规定第十八条',
    unit: 'working-days',
    length: 15,
    countingBasis: '市场监督管理行政处罚程序规定第十八条（明定“十五个工作日”）',
    countsFrom: '发现线索或者收到材料之日',
    direction: 'after',
    extension: { length: 15, times: 1, approver: '行政机关负责人', statute: '市场监督管理行政处罚程序规定第十八条' },
    suspensions: null,
    rollsOverRestDays: true,
    note: '处罚法第五十四条只要求“及时立案”，未定期限；此处以市场监管部门规章为默认值，其他领域按本部门规定配置。',
  },
  {
    id: 'penalty-decision',
    name: '作出行政处罚决定',
    statute: '行政处罚法第六十条',
    unit: 'calendar-days',
    length: 90,
    countingBasis: '行政处罚法第八十五条（仅二日、三日、五日、七日为工作日）',
    countsFrom: '立案之日',
    direction: 'after',
    extension: { length: 30, times: 1, approver: '行政机关负责人', statute: '市场监督管理行政处罚程序规定第六十四条' },
    suspensions: { kinds: ['听证', '公告', '检测、检验、检疫、鉴定', '专家论证'], statute: '市场监督管理行政处罚程序规定第六十五条' },
    rollsOverRestDays: true,
    note: '处罚法第六十条许可“法律、法规、规章另有规定”；延期与不计入期间的情形以市场监管部门规章为默认值。',
  },
  {
    id: 'statement-or-hearing-request',
    name: '当事人提出陈述申辩、要求听证',
    statute: '行政处罚法第六十四条第一项',
    unit: 'working-days',
    length: 5,
    countingBasis: '行政处罚法第八十五条',
    countsFrom: '行政处罚事先告知书送达之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
  },
  {
    id: 'hearing-notice',
    name: '通知听证时间、地点',
    statute: '行政处罚法第六十四条第二项',
    unit: 'working-days',
    length: 7,
    countingBasis: '行政处罚法第八十五条',
    countsFrom: '举行听证之日',
    direction: 'before',
    extension: null,
    suspensions: null,
    rollsOverRestDays: false,
  },
  {
    id: 'penalty-service',
    name: '当事人不在场时送达行政处罚决定书',
    statute: '行政处罚法第六十一条',
    unit: 'working-days',
    length: 7,
    countingBasis: '行政处罚法第八十五条',
    countsFrom: '宣告行政处罚决定之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
  },
  {
    id: 'preservation-decision',
    name: '先行登记保存后作出处理决定',
    statute: '行政处罚法第五十六条',
    unit: 'working-days',
    length: 7,
    countingBasis: '行政处罚法第八十五条',
    countsFrom: '先行登记保存之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
  },
  {
    id: 'seizure',
    name: '查封、扣押期限',
    statute: '行政强制法第二十五条',
    unit: 'calendar-days',
    length: 30,
    countingBasis: '行政强制法第六十九条（仅十日以内为工作日）',
    countsFrom: '实施查封、扣押之日',
    direction: 'after',
    extension: { length: 30, times: 1, approver: '行政机关负责人', statute: '行政强制法第二十五条第一款' },
    suspensions: { kinds: ['检测、检验、检疫、技术鉴定'], statute: '行政强制法第二十五条第三款' },
    rollsOverRestDays: true,
  },
  {
    id: 'freeze-decision-delivery',
    name: '交付冻结决定书',
    statute: '行政强制法第三十一条',
    unit: 'working-days',
    length: 3,
    countingBasis: '行政强制法第六十九条',
    countsFrom: '冻结存款、汇款之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
  },
  {
    id: 'licence-acceptance',
    name: '受理行政许可申请或者一次告知补正',
    statute: '行政许可法第三十二条第一款第四项',
    unit: 'working-days',
    length: 5,
    countingBasis: '行政许可法第八十二条',
    countsFrom: '收到行政许可申请材料之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
    note: '逾期不告知补正的，自收到申请材料之日起即为受理（行政许可法第三十二条第一款第四项）。',
  },
  {
    id: 'licence-decision',
    name: '作出行政许可决定',
    statute: '行政许可法第四十二条第一款',
    unit: 'working-days',
    length: 20,
    countingBasis: '行政许可法第八十二条',
    countsFrom: '受理行政许可申请之日',
    direction: 'after',
    extension: { length: 10, times: 1, approver: '本行政机关负责人', statute: '行政许可法第四十二条第一款' },
    suspensions: { kinds: ['听证', '招标', '拍卖', '检验、检测、检疫', '鉴定', '专家评审'], statute: '行政许可法第四十五条' },
    rollsOverRestDays: true,
  },
  {
    id: 'licence-joint-decision',
    name: '统一、联合、集中办理行政许可',
    statute: '行政许可法第四十二条第二款',
    unit: 'working-days',
    length: 45,
    countingBasis: '行政许可法第八十二条',
    countsFrom: '受理行政许可申请之日',
    direction: 'after',
    extension: { length: 15, times: 1, approver: '本级人民政府负责人', statute: '行政许可法第四十二条第二款' },
    suspensions: { kinds: ['听证', '招标', '拍卖', '检验、检测、检疫', '鉴定', '专家评审'], statute: '行政许可法第四十五条' },
    rollsOverRestDays: true,
  },
  {
    id: 'licence-lower-review',
    name: '下级行政机关审查完毕',
    statute: '行政许可法第四十三条',
    unit: 'working-days',
    length: 20,
    countingBasis: '行政许可法第八十二条',
    countsFrom: '下级行政机关受理申请之日',
    direction: 'after',
    extension: null,
    suspensions: { kinds: ['听证', '招标', '拍卖', '检验、检测、检疫', '鉴定', '专家评审'], statute: '行政许可法第四十五条' },
    rollsOverRestDays: true,
  },
  {
    id: 'licence-certificate',
    name: '颁发、送达行政许可证件',
    statute: '行政许可法第四十四条',
    unit: 'working-days',
    length: 10,
    countingBasis: '行政许可法第八十二条',
    countsFrom: '作出准予行政许可决定之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
  },
  {
    id: 'fine-payment',
    name: '缴纳罚款',
    statute: '行政处罚法第六十七条第三款',
    unit: 'calendar-days',
    length: 15,
    countingBasis: '行政处罚法第八十五条（仅二日、三日、五日、七日为工作日）',
    countsFrom: '收到行政处罚决定书之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
    note: '逾期每日按罚款数额百分之三加处罚款，以罚款数额为限（行政处罚法第七十二条第一款第一项），见 lateSurcharge。暂缓或者分期缴纳经批准的（第六十六条第二款），按批准的期限另计。',
  },
  {
    id: 'limitation',
    name: '行政处罚追责时效',
    statute: '行政处罚法第三十六条',
    unit: 'months',
    length: 24,
    countingBasis: '行政处罚法第三十六条（以年计）',
    countsFrom: '违法行为发生之日；连续或者继续状态的，行为终了之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: false,
    note: '时效届满日是“未被发现”的界限，不是当事人或者行政机关须在其内作为的期间，不因节假日顺延。',
  },
  {
    id: 'limitation-serious',
    name: '行政处罚追责时效（涉及生命健康安全、金融安全且有危害后果）',
    statute: '行政处罚法第三十六条',
    unit: 'months',
    length: 60,
    countingBasis: '行政处罚法第三十六条（以年计）',
    countsFrom: '违法行为发生之日；连续或者继续状态的，行为终了之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: false,
    note: '时效届满日是“未被发现”的界限，不因节假日顺延。',
  },
  {
    id: 'reconsideration-application',
    name: '申请行政复议',
    statute: '行政复议法第二十条',
    unit: 'calendar-days',
    length: 60,
    countingBasis: '行政复议法第八十八条（仅三日、五日、七日、十日为工作日）',
    countsFrom: '知道或者应当知道该行政行为之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
  },
  {
    id: 'litigation',
    name: '提起行政诉讼',
    statute: '行政诉讼法第四十六条',
    unit: 'months',
    length: 6,
    countingBasis: '行政诉讼法第四十六条（以月计）；期间计算依民事诉讼法第八十五条',
    countsFrom: '知道或者应当知道作出行政行为之日',
    direction: 'after',
    extension: null,
    suspensions: null,
    rollsOverRestDays: true,
  },
] as const satisfies readonly DeadlineRule[]

export type DeadlineRuleId = (typeof DEADLINE_RULES)[number]['id']

/** the rule with this id; throws when the catalogue has none. */
export function getDeadlineRule(id: string): DeadlineRule {
  const rule = DEADLINE_RULES.find((r) => r.id === id)
  if (!rule) throw badRequest('UNKNOWN_DEADLINE_RULE', `没有此期限规则：${id}`)
  return rule
}

/** Days from..to, both included, on which the clock stops. */
export type Suspension = { from: IsoDate; to: IsoDate }

export type DueOptions = {
  calendar: Calendar
  /** Approved extensions, each in the rule's unit and at most the rule's extension length. */
  extensions?: number[]
  suspensions?: Suspension[]
}

export type DeadlineDue = {
  due: IsoDate
  /** False when any year the counting touches has no State Council holiday notice yet (F-04). */
  confirmed: boolean
  unconfirmedYears: number[]
  rule: DeadlineRule
  statute: string
  /** Length after extensions, in the rule's unit. */
  length: number
  /** Days on which the clock stood still. */
  suspendedDays: number
  /** Chinese explanation of how the date was reached. */
  basis: string
}

const MAX_SUSPENDED_DAYS = 3660

/** the due date of a rule counted from startDate, with approved extensions and suspensions. */
export function dueDate(rule: DeadlineRule, startDate: IsoDate, options: DueOptions): DeadlineDue {
  assertCalendarDate(startDate)
  const { calendar } = options
  const extensions = options.extensions ?? []
  checkExtensions(rule, extensions)
  const suspensions = (options.suspensions ?? []).map(checkSuspension)
  if (rule.direction === 'before' && suspensions.length) {
    throw badRequest('SUSPENSION_NOT_APPLICABLE', `${rule.name}的期限向前计算，不存在中止`)
  }
  const length = rule.length + extensions.reduce((sum, n) => sum + n, 0)
  const suspended = (date: IsoDate) => suspensions.some((s) => s.from <= date && date <= s.to)

  let end: IsoDate
  let suspendedDays = 0
  if (rule.direction === 'before') {
    end = workingDaysBefore(calendar, startDate, length)
  } else if (rule.unit === 'months') {
    const plain = addMonths(startDate, length)
    end = plain
    // Each suspended day inside the running period pushes the end one day further.
    for (;;) {
      const counted = countSuspended(startDate, end, suspended)
      const next = addDays(plain, counted)
      if (next === end) break
      end = next
    }
    suspendedDays = countSuspended(startDate, end, suspended)
  } else {
    end = startDate
    for (let left = length; left > 0; ) {
      end = addDays(end, 1)
      if (suspended(end)) {
        if (++suspendedDays > MAX_SUSPENDED_DAYS) throw badRequest('BAD_SUSPENSION', '中止期间过长')
        continue
      }
      if (rule.unit === 'calendar-days' || calendar.isWorkingDay(end)) left--
    }
  }

  let due = end
  if (rule.rollsOverRestDays) while (!calendar.isWorkingDay(due)) due = addDays(due, 1)

  const [from, to] = rule.direction === 'before' ? [due, startDate] : [startDate, due]
  const unconfirmedYears = dependsOnCalendar(rule)
    ? countedYears(from, to).filter((y) => !calendar.isConfirmed(y))
    : []
  return {
    due,
    confirmed: unconfirmedYears.length === 0,
    unconfirmedYears,
    rule,
    statute: rule.statute,
    length,
    suspendedDays,
    basis: explain(rule, startDate, length, extensions, suspendedDays, end, due, unconfirmedYears),
  }
}

/** Whether the holiday arrangement can change the result (a limitation date never moves). */
function dependsOnCalendar(rule: DeadlineRule): boolean {
  return rule.unit === 'working-days' || rule.rollsOverRestDays
}

function checkExtensions(rule: DeadlineRule, extensions: number[]): void {
  if (!extensions.length) return
  const ext = rule.extension
  if (!ext) throw ruleViolation('NO_EXTENSION_ALLOWED', `${rule.name}（${rule.statute}）不得延长`)
  if (extensions.length > ext.times) {
    throw ruleViolation('EXTENSION_LIMIT', `${rule.name}只能延长 ${ext.times} 次（${ext.statute}）`)
  }
  for (const n of extensions) {
    if (!Number.isInteger(n) || n < 1 || n > ext.length) {
      throw ruleViolation('EXTENSION_TOO_LONG', `${rule.name}每次延长不得超过 ${ext.length}${unitName(rule.unit)}（${ext.statute}）：${n}`)
    }
  }
}

function checkSuspension(s: Suspension): Suspension {
  assertCalendarDate(s.from)
  assertCalendarDate(s.to)
  if (s.to < s.from) throw badRequest('BAD_SUSPENSION', `中止期间的结束日早于开始日：${s.from}—${s.to}`)
  if (dayNumber(s.to) - dayNumber(s.from) >= MAX_SUSPENDED_DAYS) throw badRequest('BAD_SUSPENSION', '中止期间过长')
  return s
}

function countSuspended(start: IsoDate, end: IsoDate, suspended: (d: IsoDate) => boolean): number {
  let n = 0
  for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) if (suspended(d)) n++
  return n
}

/**
 * 处罚法64(二) "举行听证的七日前": counted back from the hearing as 民诉法85 counts forward —
 * the hearing day is not counted, and the notice must be given on or before the 7th working
 * day before it.
 */
function workingDaysBefore(calendar: Calendar, event: IsoDate, n: number): IsoDate {
  let date = event
  for (let left = n; left > 0; ) {
    date = addDays(date, -1)
    if (calendar.isWorkingDay(date)) left--
  }
  return date
}

/** 民诉法85: a period of months ends on the same day of the month, or the month's last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7)) - 1 + months
  const year = y + Math.floor(m / 12)
  const month = (m % 12) + 1
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return ymd(year, month, Math.min(Number(date.slice(8, 10)), lastDay))
}

const unitName = (unit: DeadlineUnit) => (unit === 'working-days' ? '个工作日' : unit === 'calendar-days' ? '日' : '个月')

function explain(
  rule: DeadlineRule,
  start: IsoDate,
  length: number,
  extensions: number[],
  suspendedDays: number,
  end: IsoDate,
  due: IsoDate,
  unconfirmedYears: number[],
): string {
  const parts = [
    rule.direction === 'before'
      ? `${rule.name}：${rule.countsFrom}（${start}）前第 ${length}${unitName(rule.unit)}，不计听证当日（${rule.statute}；${rule.countingBasis}）`
      : `${rule.name}：自${rule.countsFrom}（${start}，不计入）起 ${length}${unitName(rule.unit)}（${rule.statute}；${rule.countingBasis}）`,
  ]
  if (extensions.length && rule.extension) {
    parts.push(`经${rule.extension.approver}批准延长 ${extensions.join('+')}${unitName(rule.unit)}（${rule.extension.statute}）`)
  }
  if (suspendedDays && rule.suspensions) {
    parts.push(`${suspendedDays} 日不计入期限（${rule.suspensions.kinds.join('、')}；${rule.suspensions.statute}）`)
  }
  if (due !== end) parts.push(`期间最后一日 ${end} 为休息日，依${MINSU_85}顺延至 ${due}`)
  parts.push(`届满日 ${due}`)
  if (unconfirmedYears.length) parts.push(`${unconfirmedYears.join('、')} 年尚无国务院办公厅放假通知，结果待确认`)
  return parts.join('；')
}

export type DeadlineStatus = 'ok' | 'near-due' | 'overdue'

/**
 * R-03 / S-01 warnings: overdue after the due day; near-due when at most `nearDays` remain,
 * counted in working days for working-day rules and calendar days otherwise. For a
 * `before` rule (the hearing notice) the due day is the last day to act.
 */
export function deadlineStatus(result: DeadlineDue, today: IsoDate, calendar: Calendar, nearDays = 3): DeadlineStatus {
  assertCalendarDate(today)
  if (!Number.isInteger(nearDays) || nearDays < 0) throw badRequest('BAD_NEAR_DAYS', `临期提醒天数应为非负整数：${nearDays}`)
  if (today > result.due) return 'overdue'
  const left =
    result.rule.unit === 'working-days' ? calendar.workingDaysBetween(today, result.due) : dayNumber(result.due) - dayNumber(today)
  return left <= nearDays ? 'near-due' : 'ok'
}

/** 1,000 亿元: far above any fine, and small enough that 分 × 102 stays an exact integer. */
const MAX_FINE_FEN = 10_000_000_000_000

export type Surcharge = {
  /** Calendar days after the due day up to and including the day of payment (or today). */
  daysLate: number
  /** 加处罚款 in 分. */
  surchargeFen: number
  /** True when the cap of 处罚法72 (the fine itself) was reached. */
  capped: boolean
}

/**
 * 处罚法72(一), 强制法45: from the day after the payment due day, 3 % of the fine a day,
 * never more than the fine. Amounts in 分 so the arithmetic is exact; fractions of a 分
 * are dropped, which never charges the party more than the statute allows.
 */
export function lateSurcharge(fineFen: number, due: IsoDate, paidOn: IsoDate): Surcharge {
  if (!Number.isSafeInteger(fineFen) || fineFen < 0 || fineFen > MAX_FINE_FEN) throw badRequest('BAD_AMOUNT', `罚款金额应为非负整数（分）：${fineFen}`)
  assertCalendarDate(due)
  assertCalendarDate(paidOn)
  const daysLate = Math.max(0, dayNumber(paidOn) - dayNumber(due))
  // After 34 days 3 % a day exceeds the fine, so the product never needs to grow past that.
  const uncapped = Math.floor((fineFen * 3 * Math.min(daysLate, 34)) / 100)
  return { daysLate, surchargeFen: Math.min(uncapped, fineFen), capped: uncapped >= fineFen && daysLate > 0 }
}

/** 夜间 as 噪声污染防治法第八十八条 defines it: 22:00 to 06:00 the next morning. */
export const NIGHT_STARTS_AT = 22
export const NIGHT_ENDS_AT = 6

export type EnforcementTimeProblem = { code: 'NIGHT' | 'STATUTORY_HOLIDAY'; message: string }

/**
 * 行政强制法第四十三条 / R-03: 行政强制执行 is not carried out at night or on a statutory
 * holiday unless the situation is urgent (an urgency reason is then recorded). `at` is a
 * China local time 'YYYY-MM-DDTHH:mm'. Ordinary weekends are 休息日, not 法定节假日; the days
 * a State Council notice lists as off (the holiday block) count as holidays.
 */
export function enforcementTimeProblems(calendar: Calendar, at: string, urgencyReason: string | null): EnforcementTimeProblem[] {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(at)
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) throw badRequest('BAD_TIME', `时间格式不正确：${at}（应为 YYYY-MM-DDTHH:mm）`)
  const date = assertCalendarDate(m[1] as string)
  if (urgencyReason !== null && urgencyReason.trim().length > 0) return []
  const problems: EnforcementTimeProblem[] = []
  const hour = Number(m[2])
  if (hour >= NIGHT_STARTS_AT || hour < NIGHT_ENDS_AT) {
    problems.push({ code: 'NIGHT', message: `${at} 属夜间，非情况紧急不得实施行政强制执行（行政强制法第四十三条）` })
  }
  const day = calendar.day(date)
  if (day.kind === 'holiday') {
    problems.push({ code: 'STATUTORY_HOLIDAY', message: `${date} 为${day.name ?? '法定节假日'}，非情况紧急不得实施行政强制执行（行政强制法第四十三条）` })
  }
  return problems
}
