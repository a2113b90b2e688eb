/**
 * "nothing is deleted by hand; retention expiry is its own recorded event (and
 * leaf)". When a record's retention period (保管期限) has passed, the agency head records an
 * expiry event; the event is append-only and enters the R-08 log (trigger in migration 0016),
 * and the record itself stays: case_action, case_document* and case_attachment refuse DELETE.
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { forbidden, ruleViolation } from '../../platform/http/errors.ts'
import { openCaseForRead } from '../cases/record-access/case-read.ts'

export type RetentionSubject = 'case' | 'case_attachment' | 'case_document'
export type RetentionEvent = {
  id: string
  caseId: string
  subjectKind: RetentionSubject
  subjectId: string
  event: 'expired'
  retentionUntil: string
  basis: string
  recordedBy: string
  recordedAt: Date
}

const COLUMNS = `id, case_id AS "caseId", subject_kind AS "subjectKind", subject_id AS "subjectId", event,
  to_char(retention_until, 'YYYY-MM-DD') AS "retentionUntil", basis, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`

export async function listRetentionEvents(db: Queryable, caseId: string): Promise<RetentionEvent[]> {
  const { rows } = await db.query<RetentionEvent>(`SELECT ${COLUMNS} FROM retention_event WHERE case_id = $1 ORDER BY recorded_at, id`, [caseId])
  return rows
}

/** records the expiry of a record of the case (the agency head of the case's agency). */
export async function recordRetentionExpiry(
  db: Db,
  user: AuthUser,
  caseId: string,
  input: { subjectKind: RetentionSubject; subjectId: string; retentionUntil: string; basis: string; ip?: string },
): Promise<RetentionEvent> {
  requireRole(user, 'head')
  const reader = await openCaseForRead(db, user, caseId)
  if (!reader.handlingStaff) throw forbidden('只有本案所属机关的负责人可以记录保管期限届满')
  return db.tx(async (tx) => {
    let id: string
    try {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO retention_event (case_id, subject_kind, subject_id, event, retention_until, basis, recorded_by)
         VALUES ($1, $2, $3, 'expired', $4, $5, $6) RETURNING id`,
        [caseId, input.subjectKind, input.subjectId, input.retentionUntil, input.basis, user.id],
      )
      id = rows[0]!.id
    } catch (error) {
      const e = error as { code?: string; hint?: string; message?: string }
      if (e.code === '23514' && e.hint?.startsWith('RETENTION_')) throw ruleViolation(e.hint, e.message ?? '保管期限事件不合规则')
      if (e.code === '23505') throw ruleViolation('RETENTION_RECORDED', '该记录的保管期限届满已经记录')
      throw error
    }
    await audit(tx, {
      actor: user,
      ip: input.ip,
      action: 'retention.expired',
      entity: 'retention_event',
      entityId: id,
      orgId: reader.row.agencyId,
      detail: { caseId, subjectKind: input.subjectKind, subjectId: input.subjectId, retentionUntil: input.retentionUntil },
    })
    return (await tx.query<RetentionEvent>(`SELECT ${COLUMNS} FROM retention_event WHERE id = $1`, [id])).rows[0]!
  })
}
