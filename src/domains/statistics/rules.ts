// P-14 行政执法统计年报: the domain's rules as pure functions.
import type { Calendar } from '../../platform/calendar/calendar.ts'

/** The report's kinds in order; 收费 only where the agency has it (the six others always, 0 included). */
export const REPORT_KINDS = ['许可', '处罚', '强制', '检查', '征收', '征用', '收费'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]
export const REPORT_KIND_NAMES: Record<ReportKind, string> = {
  许可: '行政许可', 处罚: '行政处罚', 强制: '行政强制', 检查: '行政检查', 征收: '行政征收', 征用: '行政征用', 收费: '行政收费',
}
export type Totals = Partial<Record<ReportKind, number>>

/**
 * P-14: what counts. A case counts once, for the agency that handles it, in the year (China
 * date) of its live deciding action: 处罚 the 行政处罚决定 (处罚法51/52 当场, 57 普通程序),
 * 许可 the 准予/不予许可决定 (许可法37/38), 强制 the 实施 of a 强制措施 (强制法18) or the
 * 强制执行决定 (强制法37), 检查 the 检查结论, 征收/征用 the 决定 (征用 when data.category
 * = 征用), 收费 the 核定. A correction of that action replaces it with its own date. The table
 * is data (annual_report_source, migrations/0027); this is its one reading in TypeScript.
 */
export const COUNTING_RULE =
  '案件在其生效的执法决定行为（行政处罚决定、行政许可决定、行政强制措施的实施或强制执行决定、检查结论、征收征用决定、收费核定）所载日期的年度计入办案机关；更正以更正后的日期为准。'

export const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` })

/**
 * P-14 deadlines: 报送 to the 司法局 by 10 January of the next year (s004), 公开 by 31 January
 * (国办发〔2018〕118号: 每年1月31日前公开本机关上年度行政执法总体情况有关数据).
 * The dates are calendar dates and stay so when they fall on a rest day or holiday: the rule
 * fixes a day of the year ("…前"), it is not a period counted from an event, so the
 * postponement of 民诉法85 (a period whose last day is a holiday ends on the next working
 * day) does not apply. dueIsWorkingDay tells the user when the last day is a rest day.
 */
export function reportDeadlines(year: number): { submitDue: string; publishDue: string } {
  return { submitDue: `${year + 1}-01-10`, publishDue: `${year + 1}-01-31` }
}

/** Days before a deadline from which an undone step is warned about. */
export const WARN_DAYS = 5

export type DeadlineState = {
  due: string
  doneOn: string | null
  late: boolean
  /** not done and due within WARN_DAYS, or past due */
  warn: boolean
  dueIsWorkingDay: boolean
}

export function deadlineState(due: string, doneOn: string | null, today: string, calendar?: Calendar): DeadlineState {
  const late = doneOn ? doneOn > due : today > due
  const warnFrom = shiftDays(due, -WARN_DAYS)
  return {
    due,
    doneOn,
    late,
    warn: !doneOn && today >= warnFrom,
    dueIsWorkingDay: calendar ? calendar.isWorkingDay(due) : true,
  }
}

function shiftDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** P-14: a year can be reported once it is over (China date). */
export const yearIsOver = (year: number, today: string) => today > `${year}-12-31`

export const totalsEqual = (a: Totals, b: Totals) =>
  REPORT_KINDS.every((k) => (a[k] ?? null) === (b[k] ?? null))

export type AgencyCounts = { id: string; path: string; totals: Totals }
export type TreeNode = { id: string; parentId: string | null; path: string; name: string; kind: string; level: string }
export type RolledNode = TreeNode & { totals: Totals; agencies: number }

/**
 * P-14 roll-up: a node's number for a kind is the sum over the agencies of its subtree; a
 * kind appears at a node when any agency below reports it.
 */
export function rollUp(nodes: TreeNode[], counts: AgencyCounts[]): Map<string, RolledNode> {
  const out = new Map<string, RolledNode>()
  for (const n of nodes) out.set(n.id, { ...n, totals: {}, agencies: 0 })
  for (const c of counts) {
    const ids = c.path.split('/').filter(Boolean)
    for (const id of ids) {
      const node = out.get(id)
      if (!node) continue
      node.agencies++
      for (const k of REPORT_KINDS) {
        const v = c.totals[k]
        if (v !== undefined) node.totals[k] = (node.totals[k] ?? 0) + v
      }
    }
  }
  return out
}
