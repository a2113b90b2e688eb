// P-14 行政执法统计年报: the computed draft, 报送, 公开, corrections, drill-down.
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { badRequest, conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { loadCalendar } from '../../platform/calendar/calendar-service.ts'
import { todayInChina } from '../../platform/clock.ts'
import {
  COUNTING_RULE, deadlineState, REPORT_KINDS, reportDeadlines, rollUp, totalsEqual, yearIsOver, yearRange,
  type DeadlineState, type ReportKind, type Totals,
} from './rules.ts'
import * as store from './store.ts'

export type ReportChild = { id: string; name: string; kind: string; totals: Totals; agencies: number }

export type ComputedReport = {
  org: { id: string; name: string; kind: string; path: string }
  year: number
  rule: string
  kinds: ReportKind[]
  totals: Totals
  agencies: number
  children: ReportChild[]
}

/** P-14: the report of any node, computed from the case data: its subtree summed, by child. */
export async function computeReport(q: Queryable, orgId: string, year: number): Promise<ComputedReport> {
  const org = await store.findOrg(q, orgId)
  if (!org || org.kind === 'unit') throw notFound('机构不存在或不是行政区域、执法机关')
  const { from, to } = yearRange(year)
  const [nodes, counts] = [await store.subtree(q, org.path), await store.agencyCounts(q, org.path, from, to)]
  const rolled = rollUp(nodes, counts)
  const me = rolled.get(org.id)!
  const children = nodes
    .filter((n) => n.parentId === org.id)
    .map((n) => rolled.get(n.id)!)
    .filter((n) => n.agencies > 0)
    .map((n) => ({ id: n.id, name: n.name, kind: n.kind, totals: store.ordered(n.totals), agencies: n.agencies }))
  return {
    org: { id: org.id, name: org.name, kind: org.kind, path: org.path },
    year,
    rule: COUNTING_RULE,
    kinds: REPORT_KINDS.filter((k) => me.totals[k] !== undefined),
    totals: store.ordered(me.totals),
    agencies: me.agencies,
    children,
  }
}

export type ReportView = ComputedReport & {
  status: 'draft' | 'submitted' | 'published'
  /** the computed numbers differ from the newest frozen version: a new version needs a note */
  changedSinceFrozen: boolean
  submit: DeadlineState
  publish: DeadlineState
  versions: store.VersionRow[]
  bureauId: string | null
}

/** P-14: what the agency's head and the 司法局 see: the draft as computed now, the frozen versions, the deadlines. */
export async function viewReport(db: Db, user: AuthUser, orgId: string, year: number): Promise<ReportView> {
  const org = await store.findOrg(db, orgId)
  if (!org) throw notFound('机构不存在')
  requireScope(user, org.path)
  const [computed, versions, calendar] = [await computeReport(db, orgId, year), await store.reportVersions(db, orgId, year), await loadCalendar(db, orgId)]
  const today = todayInChina()
  const latest = versions.at(-1)
  const { submitDue, publishDue } = reportDeadlines(year)
  const firstSubmitted = versions.find((v) => v.submittedOn)?.submittedOn ?? null
  const firstPublished = versions.find((v) => v.publishedOn)?.publishedOn ?? null
  return {
    ...computed,
    status: !latest ? 'draft' : latest.publishedOn ? 'published' : 'submitted',
    changedSinceFrozen: !!latest && !totalsEqual(latest.totals, computed.totals),
    submit: deadlineState(submitDue, firstSubmitted, today, calendar),
    publish: deadlineState(publishDue, firstPublished, today, calendar),
    versions,
    bureauId: org.bureauId,
  }
}

async function agencyForHead(db: Queryable, user: AuthUser, orgId: string) {
  requireRole(user, 'head')
  const org = await store.findOrg(db, orgId)
  if (!org) throw notFound('机构不存在')
  requireScope(user, org.path)
  if (org.kind !== 'agency') throw badRequest('NOT_AN_AGENCY', '只有执法机关报送和公开本机关的统计年报；上级的数字由下级汇总')
  return org
}

/**
 * P-14 报送: freezes the computed numbers as a version and records the submission to the
 * 司法局 (deadline 10 January, late ones marked). A re-submission after the numbers changed,
 * or after publication, is a new version and needs the correction note.
 */
export async function submitReport(db: Db, user: AuthUser, orgId: string, year: number, input: { note?: string }, ip?: string) {
  const today = todayInChina()
  if (!yearIsOver(year, today)) throw ruleViolation('YEAR_NOT_OVER', `${year}年度尚未结束，不能报送统计年报`)
  return db.tx(async (q) => {
    const org = await agencyForHead(q, user, orgId)
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`annual_report:${orgId}:${year}`])
    const report = (await store.findReport(q, orgId, year)) ??
      (await q.query<{ id: string }>('INSERT INTO annual_report (agency_id, year) VALUES ($1, $2) RETURNING id', [orgId, year])).rows[0]!
    const versions = await store.reportVersions(q, orgId, year)
    const latest = versions.at(-1)
    const computed = await computeReport(q, orgId, year)
    if (latest && totalsEqual(latest.totals, computed.totals) && latest.submittedOn) {
      throw conflict('ALREADY_SUBMITTED', `第${latest.version}版已于${latest.submittedOn}报送，数字没有变化`)
    }
    const note = input.note?.trim() || undefined
    if (latest && !note) throw ruleViolation('CORRECTION_NOTE_REQUIRED', '已报送或公开的年报不得修改；重新统计的数字作为新版本报送，须说明更正原因')
    if (!latest && note) throw badRequest('NOTE_NOT_ALLOWED', '首次报送不需要更正说明')
    const version = (latest?.version ?? 0) + 1
    const { rows: [v] } = await q.query<{ id: string }>(
      'INSERT INTO annual_report_version (report_id, version, totals, note, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [report.id, version, JSON.stringify(computed.totals), note ?? null, user.id],
    )
    const { submitDue } = reportDeadlines(year)
    await q.query(
      `INSERT INTO annual_report_event (version_id, event, bureau_id, on_date, due_on, late, by_user) VALUES ($1, 'submitted', $2, $3, $4, $5, $6)`,
      [v!.id, org.bureauId, today, submitDue, today > submitDue, user.id],
    )
    await audit(q, { actor: user, ip, action: 'annual_report.submit', entity: 'annual_report_version', entityId: v!.id, orgId, detail: { year, version, totals: computed.totals } })
    return { id: v!.id, version, totals: computed.totals, submittedOn: today, due: submitDue, late: today > submitDue, bureauId: org.bureauId }
  })
}

/** P-14 公开: publishes the newest submitted version (deadline 31 January, late ones marked); published numbers never change. */
export async function publishReport(db: Db, user: AuthUser, orgId: string, year: number, ip?: string) {
  const today = todayInChina()
  return db.tx(async (q) => {
    await agencyForHead(q, user, orgId)
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`annual_report:${orgId}:${year}`])
    const latest = (await store.reportVersions(q, orgId, year)).at(-1)
    if (!latest) throw ruleViolation('REPORT_NOT_SUBMITTED', '年报须先报送司法行政部门，再向社会公开')
    if (latest.publishedOn) throw conflict('ALREADY_PUBLISHED', `第${latest.version}版已于${latest.publishedOn}公开`)
    const { publishDue } = reportDeadlines(year)
    await q.query(
      `INSERT INTO annual_report_event (version_id, event, on_date, due_on, late, by_user) VALUES ($1, 'published', $2, $3, $4, $5)`,
      [latest.id, today, publishDue, today > publishDue, user.id],
    )
    await audit(q, { actor: user, ip, action: 'annual_report.publish', entity: 'annual_report_version', entityId: latest.id, orgId, detail: { year, version: latest.version } })
    return { id: latest.id, version: latest.version, totals: latest.totals, publishedOn: today, due: publishDue, late: today > publishDue }
  })
}

const CURSOR = /^(\d{4}-\d{2}-\d{2})_([0-9a-f-]{36})$/

/** P-14 drill-down: the cases counted in one cell of any node's report, keyset paginated. */
export async function listCellCases(
  db: Db,
  user: AuthUser,
  input: { orgId: string; year: number; kind: ReportKind; after?: string; limit: number },
) {
  const org = await store.findOrg(db, input.orgId)
  if (!org) throw notFound('机构不存在')
  requireScope(user, org.path)
  let after: { date: string; caseId: string } | null = null
  if (input.after) {
    const m = CURSOR.exec(input.after)
    if (!m) throw badRequest('BAD_CURSOR', '分页游标格式不正确')
    after = { date: m[1]!, caseId: m[2]! }
  }
  const { from, to } = yearRange(input.year)
  const items = await store.cellCases(db, { path: org.path, kind: input.kind, from, to, after, limit: input.limit })
  const last = items.length === input.limit ? items.at(-1) : undefined
  return { items, next: last ? `${last.decidedOn}_${last.caseId}` : null }
}
