import type { Db } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../../platform/access/scope.ts'
import { audit } from '../../../platform/audit/audit.ts'
import { badRequest, notFound } from '../../../platform/http/errors.ts'
import { findCase } from '../store.ts'
import { RECORD_ACCESS_HOURS, RECORD_ACCESS_MIN_REASON } from './rules.ts'
import type { RecordAccessRow } from './store.ts'

/**
 * R-11 (s002 §10): a supervisor opens a case of their scope for a time-limited, read-only
 * 调阅, with a reason (F-06). The access and its audit event commit together.
 */
export async function openRecordAccess(db: Db, user: AuthUser, caseId: string, reason: string, ip?: string): Promise<RecordAccessRow> {
  requireRole(user, 'supervisor')
  const trimmed = reason.trim()
  if ([...trimmed].length < RECORD_ACCESS_MIN_REASON) {
    throw badRequest('ACCESS_REASON', `调阅须说明理由（不少于${RECORD_ACCESS_MIN_REASON}个字）`)
  }
  return db.tx(async (tx) => {
    const found = await findCase(tx, caseId)
    if (!found) throw notFound('案件不存在')
    requireScope(user, found.path)
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO record_access (case_id, agency_id, user_id, user_name, reason, ip, opened_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), now() + make_interval(hours => $7)) RETURNING id`,
      [caseId, found.agencyId, user.id, user.displayName, trimmed, ip ?? null, RECORD_ACCESS_HOURS],
    )
    const id = rows[0]!.id
    await audit(tx, {
      actor: user,
      ip,
      action: 'record_access.open',
      entity: 'record_access',
      entityId: id,
      orgId: found.agencyId,
      reason: trimmed,
      detail: { caseId, caseNumber: found.number, hours: RECORD_ACCESS_HOURS },
    })
    const { rows: out } = await tx.query<RecordAccessRow>(
      `SELECT a.id, a.case_id AS "caseId", $2::text AS "caseNumber", a.agency_id AS "agencyId", a.user_id AS "userId",
              a.user_name AS "userName", a.reason, a.ip, a.opened_at AS "openedAt", a.expires_at AS "expiresAt"
         FROM record_access a WHERE a.id = $1`,
      [id, found.number],
    )
    return out[0]!
  })
}
