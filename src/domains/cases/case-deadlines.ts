/**
 * the statutory deadlines of a case, derived from its live actions with the rule
 * catalogue of deadlines.ts and the agency's F-04 calendar, and kept in case_deadline. They
 * are recomputed in the transaction that records an action, so they are never out of step
 * with the case; the status of each (ok / near-due / overdue) depends on the day and is
 * computed when read.
 */
import { prepared, type Queryable } from '../../platform/db/pool.ts'
import { ruleViolation } from '../../platform/http/errors.ts'
import { cachedCalendar, loadCalendar } from '../../platform/calendar/calendar-service.ts'
import { lockCalendarShared } from '../../platform/calendar/store.ts'
import { countedYears, type Calendar } from '../../platform/calendar/calendar.ts'
import { addDays, type IsoDate } from '../../platform/calendar/dates.ts'
import { todayInChina } from '../../platform/clock.ts'
import {
  deadlineStatus,
  dueDate,
  enforcementTimeProblems,
  getDeadlineRule,
  lateSurcharge,
  type DeadlineRuleId,
  type DeadlineUnit,
  type Suspension,
} from './deadlines.ts'

type LiveAction = { id: string; n: number; type: string; actedOn: IsoDate; officers: string[]; data: Record<string, unknown> }

/**
 * which action starts which rule, and which later actions satisfy it. `start` gives
 * the day the period counts from (default: the action's date); `when` limits the source to
 * the actions (and cases) the statute speaks of.
 */
export type DeadlineSource = {
  kind: string
  startsWith: string[]
  rule: DeadlineRuleId | ((action: LiveAction) => DeadlineRuleId)
  metBy: string[]
  /** 'agency': the agency must act in time and is warned; 'party': the party's own period. */
  obligor: 'agency' | 'party'
  start?: (action: LiveAction) => IsoDate | null
  /** Only the latest source action that gives a start counts (a date the case states, corrected later). */
  latestOnly?: boolean
  /** The satisfying action may have been recorded before the source (discovery before the violation date is entered). */
  metByEarlier?: boolean
  when?: (action: LiveAction, live: LiveAction[]) => boolean
}

const isDate = (v: unknown): v is IsoDate => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
/** 民诉法87–95 (migration 0009 sets data.servedOn): the day the party received the decision. */
const servedOn = (a: LiveAction): IsoDate => (isDate(a.data.servedOn) ? a.data.servedOn : a.actedOn)
const isFreeze = (a: LiveAction) => a.data.measure === '冻结'
/** The fine of the live 决定 in 分, when it imposes one (data.fineYuan). */
const fineFen = (live: LiveAction[]): number | null => {
  const decision = live.find((a) => a.type === '决定' || a.type === '现场处罚决定')
  const yuan = decision?.data.fineYuan
  return typeof yuan === 'number' && yuan > 0 ? Math.round(yuan * 100) : null
}

/** the deadlines each kind of case carries, as data. */
export const DEADLINE_SOURCES: DeadlineSource[] = [
  /** 处罚法36: counted from the violation date the case records; met when the case is discovered (案源登记). */
  {
    kind: '处罚-普通',
    startsWith: ['案源登记', '核查', '立案'],
    rule: (a) => (a.data.seriousHarm === true ? 'limitation-serious' : 'limitation'),
    metBy: ['案源登记'],
    obligor: 'agency',
    start: (a) => (isDate(a.data.violationDate) ? a.data.violationDate : null),
    latestOnly: true,
    metByEarlier: true,
  },
  /** 市场监管程序规定18 (documented default): 立案 or 不予立案 within 15 working days of the lead. */
  { kind: '处罚-普通', startsWith: ['案源登记'], rule: 'lead-check', metBy: ['立案', '不予立案'], obligor: 'agency' },
  /** 处罚法60: decision within 90 days of 立案, suspensions excluded, one approved extension. */
  { kind: '处罚-普通', startsWith: ['立案'], rule: 'penalty-decision', metBy: ['决定'], obligor: 'agency' },
  /** 处罚法56: a decision on the preserved evidence within 7 working days. */
  { kind: '处罚-普通', startsWith: ['先行登记保存'], rule: 'preservation-decision', metBy: ['保存处理决定'], obligor: 'agency' },
  /** 处罚法64(一): the party's 5 working days to state, defend or ask for a hearing. */
  { kind: '处罚-普通', startsWith: ['告知'], rule: 'statement-or-hearing-request', metBy: ['陈述申辩', '听证申请', '放弃陈述申辩'], obligor: 'party' },
  /** 处罚法61: service within 7 working days of the decision. */
  { kind: '处罚-普通', startsWith: ['决定'], rule: 'penalty-service', metBy: ['送达'], obligor: 'agency' },
  /** 处罚法67: payment within 15 days of service, when the decision imposes a fine (加处罚款: 处罚法72). */
  { kind: '处罚-普通', startsWith: ['送达'], rule: 'fine-payment', metBy: ['执行'], obligor: 'party', start: servedOn, when: (_a, live) => fineFen(live) !== null },
  { kind: '处罚-简易', startsWith: ['送达'], rule: 'fine-payment', metBy: ['执行'], obligor: 'party', start: servedOn, when: (_a, live) => fineFen(live) !== null },
  /** 许可法32: 受理, 不予受理 or one 补正 notice within 5 working days of the application. */
  { kind: '许可', startsWith: ['申请'], rule: 'licence-acceptance', metBy: ['补正', '受理', '不予受理'], obligor: 'agency' },
  /** 许可法42: decision within 20 working days of 受理, +10 with approval. */
  { kind: '许可', startsWith: ['受理'], rule: 'licence-decision', metBy: ['决定'], obligor: 'agency' },
  /** 许可法44: certificate within 10 working days of a decision that grants. */
  { kind: '许可', startsWith: ['决定'], rule: 'licence-certificate', metBy: ['发证', '送达'], obligor: 'agency', when: (a) => a.data.granted !== false },
  /** 强制法25: 查封、扣押 at most 30 days, +30 once with approval; ended by 解除 or 处理. */
  { kind: '强制-措施', startsWith: ['实施'], rule: 'seizure', metBy: ['解除', '处理'], obligor: 'agency', when: (a) => !isFreeze(a) },
  /** 强制法31: the 冻结决定书 within 3 working days of freezing. */
  { kind: '强制-措施', startsWith: ['实施'], rule: 'freeze-decision-delivery', metBy: ['决定书送达'], obligor: 'agency', when: isFreeze },
]

/** One row of case_deadline as the application computes it. */
export type ComputedDeadline = {
  ruleId: string
  name: string
  statute: string
  obligor: 'agency' | 'party'
  startDate: IsoDate
  dueDate: IsoDate
  warnFrom: IsoDate
  length: number
  unit: string
  extended: number
  suspendedDays: number
  suspendedSince: IsoDate | null
  confirmed: boolean
  basis: string
  sourceActionId: string
  metOn: IsoDate | null
  metByActionId: string | null
}

type Adjustment = { actionType: string; effect: 'extend' | 'suspend' | 'resume'; ruleId: string; maxLength: number | null }

/** The first day deadlineStatus calls the result near-due, so that lists can filter by date in SQL. */
function warnFrom(result: ReturnType<typeof dueDate>, calendar: Calendar): IsoDate {
  let day = result.due
  while (day > addDays(result.due, -60) && deadlineStatus(result, addDays(day, -1), calendar) !== 'ok') day = addDays(day, -1)
  return day
}

/**
 * the deadlines of a case from its live actions (in recording order), on `today`
 * for a suspension still open. Pure: the caller brings the calendar and the adjustment
 * rules of case_deadline_adjustment.
 */
export function computeDeadlines(
  kind: string,
  live: LiveAction[],
  adjustments: Adjustment[],
  calendar: Calendar,
  today: IsoDate,
): ComputedDeadline[] {
  const out: ComputedDeadline[] = []
  for (const source of DEADLINE_SOURCES.filter((s) => s.kind === kind)) {
    // each satisfying action meets one deadline of the source (the k-th 保存 by the k-th 处理决定)
    const used = new Set<string>()
    const sources = live.filter((a) => source.startsWith.includes(a.type) && (!source.when || source.when(a, live)))
    const withStart = sources.flatMap((a) => {
      const start = source.start ? source.start(a) : a.actedOn
      return start ? [{ action: a, start }] : []
    })
    for (const { action, start } of source.latestOnly ? withStart.slice(-1) : withStart) {
      const rule = getDeadlineRule(typeof source.rule === 'function' ? source.rule(action) : source.rule)
      const own = adjustments.filter((a) => a.ruleId === rule.id)
      const after = (a: LiveAction) => a.n > action.n && a.actedOn >= start
      const extensions = live
        .filter((a) => after(a) && own.some((j) => j.effect === 'extend' && j.actionType === a.type))
        .map((a) => {
          const max = own.find((j) => j.actionType === a.type)!.maxLength!
          return typeof a.data.days === 'number' ? a.data.days : Number(a.data.days ?? max)
        })
      const { suspensions, openSince } = suspensionsOf(live.filter(after), own, today)
      const result = dueDate(rule, start, { calendar, extensions, suspensions })
      const met = live
        .filter((a) => source.metBy.includes(a.type) && a.actedOn >= start && !used.has(a.id) && (source.metByEarlier || a.n > action.n))
        .sort((a, b) => (a.actedOn === b.actedOn ? a.n - b.n : a.actedOn < b.actedOn ? -1 : 1))[0]
      if (met) used.add(met.id)
      out.push({
        ruleId: rule.id,
        name: rule.name,
        statute: rule.statute,
        obligor: source.obligor,
        startDate: start,
        dueDate: result.due,
        warnFrom: warnFrom(result, calendar),
        length: result.length,
        unit: rule.unit,
        extended: extensions.reduce((s, n) => s + n, 0),
        suspendedDays: result.suspendedDays,
        suspendedSince: met ? null : openSince,
        confirmed: result.confirmed,
        basis: openSince && !met ? `${result.basis}；自 ${openSince} 起期限中止，尚未恢复` : result.basis,
        sourceActionId: action.id,
        metOn: met?.actedOn ?? null,
        metByActionId: met?.id ?? null,
      })
    }
  }
  return out
}

/** 市场监管程序规定65, 许可法45, 强制法25第三款: each 期限中止 stops the clock from its `from` day until the day before 期限恢复. */
function suspensionsOf(live: LiveAction[], own: Adjustment[], today: IsoDate): { suspensions: Suspension[]; openSince: IsoDate | null } {
  const effect = (a: LiveAction) => own.find((j) => j.actionType === a.type)?.effect
  const suspensions: Suspension[] = []
  let open: IsoDate | null = null
  for (const a of live) {
    if (effect(a) === 'suspend' && open === null) open = isDate(a.data.from) ? a.data.from : a.actedOn
    else if (effect(a) === 'resume' && open !== null) {
      if (addDays(a.actedOn, -1) >= open) suspensions.push({ from: open, to: addDays(a.actedOn, -1) })
      open = null
    }
  }
  if (open !== null && today >= open) suspensions.push({ from: open, to: today })
  return { suspensions, openSince: open }
}

/**
 * 强制法43 / R-03: the 实施 of a 强制执行 is refused at night or on a statutory holiday
 * unless an urgency reason is given. The database refuses night-time itself; the holiday
 * needs the F-04 calendar.
 */
export function assertEnforcementTime(kind: string, type: string, data: Record<string, unknown>, calendar: Calendar): void {
  if (kind !== '强制-执行' || type !== '实施') return
  const at = typeof data.at === 'string' ? data.at : ''
  const reason = typeof data.urgencyReason === 'string' ? data.urgencyReason : null
  const problems = enforcementTimeProblems(calendar, at, reason)
  if (problems.length) throw ruleViolation('ENFORCEMENT_TIME', problems.map((p) => p.message).join('；'))
}

/**
 * after an action is recorded (inside its transaction): checks 强制法43 for the new
 * action, then replaces the case's deadlines with those its live actions now give.
 */
export async function afterActionRecorded(
  tx: Queryable,
  found: { id: string; kind: string; agencyId: string },
  action: { type: string; data: Record<string, unknown> },
  o: { calendarLocked?: boolean } = {},
): Promise<void> {
  if (!o.calendarLocked) await lockCalendarShared(tx)
  const { version, path, ...inputs } = await deadlineInputs(tx, found)
  const calendar = cachedCalendar(version, path) ?? (await loadCalendar(tx, found.agencyId))
  assertEnforcementTime(found.kind, action.type, action.data, calendar)
  await writeCaseDeadlines(tx, found, calendar, inputs)
}

type DeadlineInputs = { live: LiveAction[]; adjustments: Adjustment[] }

/**
 * One read, with the calendar lock held: the case's live actions, its kind's adjustment
 * rules, and the calendar's notice count and the agency's path (the key of a built calendar).
 */
async function deadlineInputs(tx: Queryable, found: { id: string; kind: string; agencyId: string }): Promise<DeadlineInputs & { version: number; path: string | null }> {
  const { rows } = await tx.query<{ live: LiveAction[] | null; adjustments: Adjustment[] | null; version: string; path: string | null }>(
    prepared(`SELECT (SELECT json_agg(json_build_object('id', id, 'n', n::int, 'type', type, 'actedOn', to_char(acted_on, 'YYYY-MM-DD'),
                                               'officers', officers, 'data', data) ORDER BY n)
               FROM case_action_live WHERE case_id = $1) AS live,
            (SELECT json_agg(json_build_object('actionType', action_type, 'effect', effect, 'ruleId', rule_id, 'maxLength', max_length))
               FROM case_deadline_adjustment WHERE kind = $2) AS adjustments,
            (SELECT count(*) FROM calendar_notice) AS version,
            (SELECT path FROM org_node WHERE id = $3) AS path`),
    [found.id, found.kind, found.agencyId],
  )
  const row = rows[0]!
  return { live: row.live ?? [], adjustments: row.adjustments ?? [], version: Number(row.version), path: row.path }
}

/**
 * replaces the stored deadlines of a case with those its live actions give. Two trips:
 * one read (live actions and the kind's adjustment rules), one write (the years of the
 * F-04 calendar the periods run through, the old rows removed, the new ones inserted).
 */
export async function refreshCaseDeadlines(tx: Queryable, found: { id: string; kind: string; agencyId: string }, calendar: Calendar): Promise<void> {
  await writeCaseDeadlines(tx, found, calendar, await deadlineInputs(tx, found))
}

async function writeCaseDeadlines(
  tx: Queryable,
  found: { id: string; kind: string; agencyId: string },
  calendar: Calendar,
  { live, adjustments }: DeadlineInputs,
): Promise<void> {
  const today = todayInChina()
  const deadlines = computeDeadlines(found.kind, live, adjustments, calendar, today)
  const years = new Set<number>()
  for (const d of deadlines) if (d.unit !== 'months') for (const y of countedYears(d.startDate, d.dueDate)) years.add(y)
  const yearUse = [...years].map((year) => ({ year, confirmed: calendar.isConfirmed(year) }))
  const persons = [...new Set(live.flatMap((a) => a.officers))]
  // The insert reads the delete's count, so the old rows are gone before the new ones go in
  // (the sub-statements of one WITH otherwise run in no set order).
  await tx.query(
    prepared(`WITH years AS (
       INSERT INTO calendar_year_use (year, org_id, confirmed)
       SELECT y, $3::uuid, c FROM unnest($4::int[], $5::boolean[]) AS t(y, c)
       ON CONFLICT DO NOTHING
     ), old AS (
       DELETE FROM case_deadline WHERE case_id = $1 RETURNING 1
     )
     INSERT INTO case_deadline (case_id, rule_id, name, statute, obligor, start_date, due_date, warn_from, length, unit, extended,
                                suspended_days, suspended_since, confirmed, basis, source_action_id, met_on, met_by_action_id,
                                responsible_users, responsible_persons)
     SELECT $1, d."ruleId", d.name, d.statute, d.obligor, d."startDate", d."dueDate", d."warnFrom", d.length, d.unit, d.extended,
            d."suspendedDays", d."suspendedSince", d.confirmed, d.basis, d."sourceActionId", d."metOn", d."metByActionId",
            array(SELECT DISTINCT u FROM (SELECT c.created_by AS u FROM enforcement_case c WHERE c.id = $1
                                          UNION SELECT p.id FROM app_user p WHERE p.person_id = ANY ($6::uuid[])) x WHERE u IS NOT NULL),
            $6::uuid[]
       FROM jsonb_to_recordset($2::jsonb) AS d("ruleId" text, name text, statute text, obligor text, "startDate" date, "dueDate" date,
              "warnFrom" date, length int, unit text, extended int, "suspendedDays" int, "suspendedSince" date, confirmed boolean,
              basis text, "sourceActionId" uuid, "metOn" date, "metByActionId" uuid, ord int)
      WHERE (SELECT count(*) FROM old) >= 0
      ORDER BY d.ord`),
    [
      found.id,
      JSON.stringify(deadlines.map((d, ord) => ({ ...d, ord }))),
      found.agencyId,
      yearUse.map((y) => y.year),
      yearUse.map((y) => y.confirmed),
      persons,
    ],
  )
}

/** The status of a stored deadline on `today`, in SQL, the same as deadlineStatus (via warn_from). */
export const STATUS_SQL = (today: string) => `CASE
  WHEN d.met_on IS NOT NULL THEN CASE WHEN d.met_on > d.due_date THEN 'overdue' ELSE 'ok' END
  WHEN d.suspended_since IS NOT NULL THEN 'ok'
  WHEN ${today}::date > d.due_date THEN 'overdue'
  WHEN ${today}::date >= d.warn_from THEN 'near-due'
  ELSE 'ok' END`

export type CaseDeadlineView = {
  ruleId: string
  label: string
  statute: string
  obligor: 'agency' | 'party'
  startDate: string
  due: string
  status: 'ok' | 'near-due' | 'overdue'
  confirmed: boolean
  basis: string
  length: number
  unit: DeadlineUnit
  extended: number
  suspendedDays: number
  suspendedSince: string | null
  metOn: string | null
  sourceActionId: string
  /** 处罚法72: 加处罚款 so far (or at payment), for a fine. */
  lateSurcharge: { daysLate: number; surchargeFen: number; capped: boolean } | null
}

/** the stored deadlines of one case with their status today. */
export async function listCaseDeadlines(db: Queryable, caseId: string, today: IsoDate = todayInChina()): Promise<CaseDeadlineView[]> {
  const { rows } = await db.query<CaseDeadlineView & { fineYuan: number | null }>(
    `SELECT d.rule_id AS "ruleId", d.name AS label, d.statute, d.obligor, to_char(d.start_date, 'YYYY-MM-DD') AS "startDate",
            to_char(d.due_date, 'YYYY-MM-DD') AS due, ${STATUS_SQL('$2')} AS status, d.confirmed, d.basis, d.length, d.unit,
            d.extended, d.suspended_days AS "suspendedDays", to_char(d.suspended_since, 'YYYY-MM-DD') AS "suspendedSince",
            to_char(d.met_on, 'YYYY-MM-DD') AS "metOn", d.source_action_id AS "sourceActionId",
            (SELECT (l.data->>'fineYuan')::numeric::float8 FROM case_action_live l
              WHERE l.case_id = d.case_id AND l.type IN ('决定', '现场处罚决定') AND jsonb_typeof(l.data->'fineYuan') = 'number' LIMIT 1) AS "fineYuan"
       FROM case_deadline d WHERE d.case_id = $1 ORDER BY d.start_date, d.due_date, d.rule_id`,
    [caseId, today],
  )
  return rows.map(({ fineYuan, ...d }) => ({
    ...d,
    lateSurcharge:
      d.ruleId === 'fine-payment' && fineYuan && fineYuan > 0 ? lateSurcharge(Math.round(fineYuan * 100), d.due, d.metOn ?? today) : null,
  }))
}
