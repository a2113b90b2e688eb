/**
 * 事后公开 use cases (P-08 … P-12, P-16, P-17): drafts and their deadlines, preview with the
 * masked spans, publish, correct, withdraw, not publish, and the accuracy figures. Every write
 * is one transaction with its audit event; the publication triggers hold the rules too.
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import { requireRole, requireScope, type AuthUser } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { badRequest, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { dueIn, loadCalendar } from '../../platform/calendar/calendar-service.ts'
import { mask, type MaskSpan } from './mask.ts'
import { composeDraft, loadDecisionSource, type Draft } from './draft.ts'
import {
  isLate, periodClass, publicationDue, publicityEnd, WITHDRAWAL_TRIGGERS, WITHDRAWAL_WORKING_DAYS, type PeriodClass, type WithdrawalTrigger,
} from './rules.ts'
import * as store from './store.ts'
import type { PublicationRow, VersionRow } from './store.ts'

/** P-09: a draft warns this many working days before its deadline. */
export const WARN_WORKING_DAYS = 2

export type DraftItem = {
  id: string
  publicId: string
  kind: string
  agencyName: string
  domain: string | null
  priority: boolean
  caseId: string | null
  decidedOn: string
  dueOn: string
  dueConfirmed: boolean
  overdue: boolean
  warn: boolean
}

async function loadForWrite(tx: Queryable, user: AuthUser, id: string): Promise<PublicationRow> {
  requireRole(user, 'disclosure')
  const pub = await store.findPublication(tx, { id })
  if (!pub) throw notFound('公示信息不存在')
  requireScope(user, pub.agencyPath)
  return pub
}

async function draftOf(tx: Queryable, pub: PublicationRow, override?: { title?: string; body?: string }): Promise<Draft> {
  const src = await loadDecisionSource(tx, pub)
  if (!src) throw ruleViolation('PUBLICATION_SOURCE', '该公示信息没有对应的执法决定')
  return composeDraft(pub, src, override)
}

/** P-08 / P-09: drafts in the user's scope with their due dates; due = 'overdue' | 'soon' filters. */
export async function listDrafts(db: Db, user: AuthUser, due?: 'overdue' | 'soon'): Promise<DraftItem[]> {
  requireRole(user, 'disclosure', 'supervisor')
  const today = todayInChina()
  const items: DraftItem[] = []
  for (const pub of await store.listDraftPublications(db, user.scopePath)) {
    const calendar = await loadCalendar(db, pub.agencyId)
    const d = publicationDue(calendar, pub.decidedOn, pub.workingDays)
    const overdue = today > d.due
    const warn = !overdue && calendar.workingDaysBetween(today, d.due) <= WARN_WORKING_DAYS
    if (due === 'overdue' && !overdue) continue
    if (due === 'soon' && !warn) continue
    items.push({
      id: pub.id, publicId: pub.publicId, kind: pub.kind, agencyName: pub.agencyName, domain: pub.domain, priority: pub.priority,
      caseId: pub.caseId, decidedOn: pub.decidedOn, dueOn: d.due, dueConfirmed: d.confirmed, overdue, warn,
    })
  }
  // P-16: priority domains first, then by due date
  return items.sort((a, b) => Number(b.priority) - Number(a.priority) || a.dueOn.localeCompare(b.dueOn))
}

export type Preview = {
  id: string
  publicId: string
  kind: string
  priority: boolean
  decidedOn: string
  dueOn: string
  dueBasis: string
  status: 'draft' | 'published' | 'corrected' | 'withdrawn' | 'not-published'
  title: string
  body: string
  spans: MaskSpan[]
  fields: Record<string, string>
  fieldSpans: Record<string, MaskSpan[]>
  periodClass: PeriodClass
  minorParty: boolean
  versions: VersionRow[]
}

/** P-10: what would be published, with each masked span for the officer to confirm. */
export async function previewPublication(db: Db, user: AuthUser, id: string): Promise<Preview> {
  return db.tx(async (tx) => {
    const pub = await loadForWrite(tx, user, id)
    const draft = await draftOf(tx, pub)
    const versions = await store.listVersions(tx, pub.id)
    const calendar = await loadCalendar(tx, pub.agencyId)
    const due = publicationDue(calendar, pub.decidedOn, pub.workingDays)
    const rule = await store.publicityRule(tx, pub.domain)
    const latest = versions[versions.length - 1]
    const non = await store.findNonPublication(tx, pub.id)
    return {
      id: pub.id, publicId: pub.publicId, kind: pub.kind, priority: pub.priority, decidedOn: pub.decidedOn, dueOn: due.due, dueBasis: due.basis,
      status: non ? 'not-published' : (latest?.status ?? 'draft'),
      title: draft.title, body: draft.body, spans: draft.spans, fields: draft.fields, fieldSpans: draft.fieldSpans,
      periodClass: periodClass(pub.kind, draft, rule), minorParty: draft.minorParty, versions,
    }
  })
}

const nextVersion = (versions: VersionRow[]) => (versions[versions.length - 1]?.version ?? 0) + 1
const publicOf = (versions: VersionRow[]) => versions.filter((v) => v.status !== 'draft')

/**
 * P-08 / P-09 / P-12: publishes the masked draft (or the officer's edited text, masked again).
 * Records the deadline on the F-04 calendar and whether it was met, and the publicity end.
 */
export async function publishPublication(db: Db, user: AuthUser, id: string, input: { title?: string; body?: string }, ip?: string) {
  return db.tx(async (tx) => {
    const pub = await loadForWrite(tx, user, id)
    const versions = await store.listVersions(tx, pub.id)
    if (publicOf(versions).length) throw ruleViolation('ALREADY_PUBLISHED', '已公开的信息只能更正或撤回')
    if (await store.findNonPublication(tx, pub.id)) throw ruleViolation('NOT_TO_BE_PUBLISHED', '已依法决定不予公开')
    const draft = await draftOf(tx, pub, input)
    if (draft.minorParty) throw ruleViolation('MINOR_PARTY', '当事人为未成年人，不予公开，请记录不予公开（P-10）')
    const rule = await store.publicityRule(tx, pub.domain)
    const cls = periodClass(pub.kind, draft, rule)
    if (cls === '仅警告' && !rule.publishWarningOnly) {
      throw ruleViolation('WARNING_NOT_PUBLISHED', `仅受警告处罚的信息不予公示（${rule.statute}），请记录不予公开`)
    }
    const today = todayInChina()
    const due = await dueIn(tx, { from: pub.decidedOn, n: pub.workingDays, mode: 'working', orgId: pub.agencyId })
    const versionId = await store.insertVersion(tx, {
      publicationId: pub.id, version: nextVersion(versions), status: 'published', title: draft.title, body: draft.body, fields: draft.fields,
      spans: draft.spans, legalBasis: draft.legalBasis, dueOn: due.due, onTime: !isLate(due.due, today), periodEndsOn: publicityEnd(cls, today, rule),
      createdBy: user.id,
    })
    await audit(tx, { actor: user, ip, action: 'publication.publish', entity: 'publication_version', entityId: versionId, orgId: pub.agencyId, detail: { publicationId: pub.id, dueOn: due.due } })
    return { id: pub.id, publicId: pub.publicId, versionId, dueOn: due.due, onTime: !isLate(due.due, today) }
  })
}

/** P-11 / P-17: a correction is a new version with a visible note; the earlier one stays. */
export async function correctPublication(db: Db, user: AuthUser, id: string, input: { text: string; title?: string; note: string }, ip?: string) {
  return db.tx(async (tx) => {
    const pub = await loadForWrite(tx, user, id)
    const versions = await store.listVersions(tx, pub.id)
    const current = publicOf(versions).at(-1)
    if (!current) throw ruleViolation('NOT_PUBLISHED', '尚未公开的信息不能更正')
    if (current.status === 'withdrawn') throw ruleViolation('PUBLICATION_WITHDRAWN', '公示信息已撤回，不能再更正')
    const note = input.note.trim()
    if (!note) throw badRequest('CORRECTION_NOTE_REQUIRED', '更正须写明更正说明')
    const draft = await draftOf(tx, pub, { body: input.text, title: input.title ?? current.title })
    const versionId = await store.insertVersion(tx, {
      publicationId: pub.id, version: nextVersion(versions), status: 'corrected', title: draft.title, body: draft.body, fields: current.fields,
      spans: draft.spans, legalBasis: current.legalBasis, note: mask(note, draft.context).text, periodEndsOn: current.periodEndsOn, createdBy: user.id,
    })
    await audit(tx, { actor: user, ip, action: 'publication.correct', entity: 'publication_version', entityId: versionId, orgId: pub.agencyId, detail: { publicationId: pub.id } })
    return { id: pub.id, publicId: pub.publicId, versionId }
  })
}

/**
 * 处罚法48 / P-11: withdrawal after 撤销, 确认违法, 确认无效, 变更 or 重新作出, within 3 working
 * days of that event (F-04); a later withdrawal is still recorded, flagged late. The reason is published.
 */
export async function withdrawPublication(
  db: Db, user: AuthUser, id: string, input: { reason: string; trigger: WithdrawalTrigger; triggerDate: string }, ip?: string,
) {
  return db.tx(async (tx) => {
    const pub = await loadForWrite(tx, user, id)
    if (!WITHDRAWAL_TRIGGERS.includes(input.trigger)) throw badRequest('WITHDRAWAL_TRIGGER', '撤回事由须为撤销、确认违法、确认无效、变更或重新作出')
    const versions = await store.listVersions(tx, pub.id)
    const current = publicOf(versions).at(-1)
    if (!current) throw ruleViolation('NOT_PUBLISHED', '尚未公开的信息不能撤回')
    if (current.status === 'withdrawn') throw ruleViolation('PUBLICATION_WITHDRAWN', '公示信息已撤回')
    const reason = input.reason.trim()
    if (!reason) throw badRequest('WITHDRAWAL_REASON_REQUIRED', '撤回须公开说明理由')
    const today = todayInChina()
    if (input.triggerDate > today) throw ruleViolation('WITHDRAWAL_DATE', '撤回事由发生日期不得晚于今天')
    if (input.triggerDate < pub.decidedOn) throw ruleViolation('WITHDRAWAL_DATE', '撤回事由发生日期不得早于决定日期')
    const due = await dueIn(tx, { from: input.triggerDate, n: WITHDRAWAL_WORKING_DAYS, mode: 'working', orgId: pub.agencyId })
    const draftContext = (await draftOf(tx, pub)).context
    const maskedReason = mask(reason, draftContext).text
    const late = isLate(due.due, today)
    const versionId = await store.insertVersion(tx, {
      publicationId: pub.id, version: nextVersion(versions), status: 'withdrawn', title: current.title,
      body: `本信息因原决定被${input.trigger}，已于${today}撤回。撤回理由：${maskedReason}`, fields: current.fields, spans: [],
      legalBasis: '行政处罚法第四十八条第二款', reason: maskedReason, withdrawTrigger: input.trigger, triggerDate: input.triggerDate,
      withdrawDue: due.due, late, periodEndsOn: current.periodEndsOn, createdBy: user.id,
    })
    await audit(tx, { actor: user, ip, action: 'publication.withdraw', entity: 'publication_version', entityId: versionId, orgId: pub.agencyId, detail: { publicationId: pub.id, trigger: input.trigger, late } })
    return { id: pub.id, publicId: pub.publicId, versionId, withdrawDue: due.due, late }
  })
}

/** P-09 (政府信息公开条例14、15): not publishing needs a ground from the list and a head's approval. */
export async function recordNonPublication(db: Db, user: AuthUser, id: string, input: { ground: string; basis: string; approverId: string }, ip?: string) {
  return db.tx(async (tx) => {
    const pub = await loadForWrite(tx, user, id)
    const grounds = await store.nonPublicationGrounds(tx)
    if (!grounds.some((g) => g.code === input.ground)) {
      throw badRequest('NON_PUBLICATION_GROUND', `不予公开须依法说明理由，理由须为：${grounds.map((g) => g.code).join('、')}`)
    }
    if (!input.basis.trim()) throw badRequest('NON_PUBLICATION_BASIS', '不予公开须写明具体依据')
    const { rows } = await store.withDisclosureRules(() =>
      tx.query<{ id: string }>(
        `INSERT INTO non_publication (publication_id, ground, basis, approved_by, recorded_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (publication_id) DO NOTHING RETURNING id`,
        [pub.id, input.ground, input.basis.trim(), input.approverId, user.id],
      ),
    )
    if (!rows[0]) throw ruleViolation('NOT_TO_BE_PUBLISHED', '已记录不予公开')
    await audit(tx, { actor: user, ip, action: 'publication.not-publish', entity: 'non_publication', entityId: rows[0].id, orgId: pub.agencyId, detail: { publicationId: pub.id, ground: input.ground } })
    return { id: rows[0].id }
  })
}

export type AgencyStats = {
  agencyId: string
  agencyName: string
  published: number
  onTime: number
  late: number
  corrections: number
  correctionsPer100: number
  withdrawals: number
  withdrawalsLate: number
  notPublished: number
  draftsOverdue: number
}

/** P-08 / P-17: accuracy per agency: published on time and late, corrections per 100 publications, withdrawals. */
export async function publicationStats(db: Db, user: AuthUser): Promise<AgencyStats[]> {
  requireRole(user, 'disclosure', 'supervisor', 'head')
  const { rows } = await db.query<Omit<AgencyStats, 'correctionsPer100' | 'draftsOverdue'>>(
    `SELECT p.agency_id AS "agencyId", o.name AS "agencyName",
            count(*) FILTER (WHERE v.status = 'published')::int AS published,
            count(*) FILTER (WHERE v.status = 'published' AND v.on_time)::int AS "onTime",
            count(*) FILTER (WHERE v.status = 'published' AND NOT v.on_time)::int AS late,
            count(*) FILTER (WHERE v.status = 'corrected')::int AS corrections,
            count(*) FILTER (WHERE v.status = 'withdrawn')::int AS withdrawals,
            count(*) FILTER (WHERE v.status = 'withdrawn' AND v.late)::int AS "withdrawalsLate",
            (SELECT count(*) FROM non_publication n JOIN publication q ON q.id = n.publication_id WHERE q.agency_id = p.agency_id)::int AS "notPublished"
       FROM publication p JOIN org_node o ON o.id = p.agency_id LEFT JOIN publication_version v ON v.publication_id = p.id
      WHERE o.path LIKE $1 || '%'
      GROUP BY p.agency_id, o.name ORDER BY o.name`,
    [user.scopePath],
  )
  const overdue = new Map<string, number>()
  for (const d of await listDrafts(db, { ...user, roles: [...user.roles, 'disclosure'] }, 'overdue')) {
    const pub = await store.findPublication(db, { id: d.id })
    overdue.set(pub!.agencyId, (overdue.get(pub!.agencyId) ?? 0) + 1)
  }
  return rows.map((r) => ({
    ...r,
    correctionsPer100: r.published ? Math.round((r.corrections / r.published) * 10000) / 100 : 0,
    draftsOverdue: overdue.get(r.agencyId) ?? 0,
  }))
}
