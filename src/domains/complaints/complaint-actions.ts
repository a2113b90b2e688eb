// S-04: the supervisor's queue of complaints and what is done with each, as appended actions.
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { hasRole, requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { loadCalendar } from '../../platform/calendar/calendar-service.ts'
import { todayInChina } from '../../platform/clock.ts'
import { forbidden, notFound } from '../../platform/http/errors.ts'
import { withCaseRules } from '../cases/db-rules.ts'
import { findComplaint, listComplaintActions, listComplaints, type ComplaintActionRow, type ComplaintRow } from './store.ts'

export type ComplaintActionInput =
  | { type: '转办'; toAgencyId: string }
  | { type: '受理' }
  | { type: '不予受理'; reason: string }
  | { type: '办结'; result: string }

/** F-04 / S-04: working days since a complaint was received (the day of receipt not counted), on its agency's calendar. */
export async function workingDaysSince(db: Queryable, agencyId: string, receivedOn: string, today = todayInChina()): Promise<number> {
  return (await loadCalendar(db, agencyId)).workingDaysBetween(receivedOn, today)
}

export type QueuedComplaint = ComplaintRow & { ageWorkingDays: number }

/** S-04 / F-05: the supervisor's queue, only the complaints about agencies in the user's scope. */
export async function complaintQueue(
  db: Db,
  user: AuthUser,
  input: { status?: 'new' | 'open' | 'all'; limit?: number; offset?: number; after?: string },
  today = todayInChina(),
): Promise<{ items: QueuedComplaint[]; total: number; next: string | null }> {
  requireRole(user, 'supervisor')
  const { items, total, next } = await listComplaints(db, { scopePath: user.scopePath, status: input.status, limit: input.limit ?? 50, offset: input.offset ?? 0, after: input.after })
  const aged = await Promise.all(items.map(async (c) => ({ ...c, ageWorkingDays: await workingDaysSince(db, c.agencyId, c.receivedOn, today) })))
  return { items: aged, total, next }
}

/** S-04: one complaint with its author's data, for a supervisor of its scope; each read is audited. */
export async function readComplaint(db: Db, user: AuthUser, id: string, ip?: string): Promise<{ complaint: QueuedComplaint; actions: ComplaintActionRow[] }> {
  requireRole(user, 'supervisor')
  const complaint = await findComplaint(db, id)
  if (!complaint) throw notFound('投诉举报不存在')
  requireScope(user, complaint.agencyPath)
  const [actions, ageWorkingDays] = await Promise.all([listComplaintActions(db, id), workingDaysSince(db, complaint.agencyId, complaint.receivedOn)])
  await audit(db, { actor: user, ip, action: 'complaint.read', entity: 'complaint', entityId: id, orgId: complaint.agencyId })
  return { complaint: { ...complaint, ageWorkingDays }, actions }
}

/**
 * S-04: appends one action (转办, 受理, 不予受理 with its reason, 办结 with its result). The
 * order and who may act are the database's rule (complaint_action_check in 0026); a
 * supervisor acts within the scope holding the complained-about agency.
 */
export async function recordComplaintAction(db: Db, user: AuthUser, id: string, input: ComplaintActionInput, ip?: string): Promise<ComplaintActionRow> {
  requireRole(user, 'supervisor', 'head')
  return db.tx(async (tx) => {
    const complaint = await findComplaint(tx, id)
    if (!complaint) throw notFound('投诉举报不存在')
    if (hasRole(user, 'supervisor')) requireScope(user, complaint.agencyPath)
    else if (input.type === '转办' || input.type === '不予受理') throw forbidden('转办和不予受理由司法行政机关监督人员办理')
    const { rows } = await withCaseRules(() =>
      tx.query<{ id: string }>(
        `INSERT INTO complaint_action (complaint_id, type, to_agency_id, reason, result, acted_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          id,
          input.type,
          input.type === '转办' ? input.toAgencyId : null,
          input.type === '不予受理' ? input.reason.trim() : null,
          input.type === '办结' ? input.result.trim() : null,
          user.id,
        ],
      ),
    )
    await audit(tx, { actor: user, ip, action: `complaint.${input.type}`, entity: 'complaint', entityId: id, orgId: complaint.agencyId, detail: { actionId: rows[0]!.id } })
    return (await listComplaintActions(tx, id)).find((a) => a.id === rows[0]!.id)!
  })
}
