import { prepared, type Queryable } from '../db/pool.ts'
import type { AuthUser } from '../access/scope.ts'

export type AuditEntry = {
  actor?: Pick<AuthUser, 'id' | 'displayName'> | null
  ip?: string | null
  /** Verb in dotted form: 'person.create', 'certificate.revoke', 'case.read' … */
  action: string
  entity?: string
  entityId?: string
  orgId?: string | null
  /** Required for 调阅 of another agency's record (F-06, R-11). */
  reason?: string | null
  detail?: Record<string, unknown>
}

/**
 * F-06: appends one audit event. Call it with the transaction of the write it records,
 * so the write and its audit event commit or fail together.
 */
export async function audit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    prepared(`INSERT INTO audit_event (actor_id, actor_name, ip, action, entity, entity_id, org_id, reason, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
    [
      entry.actor?.id ?? null,
      entry.actor?.displayName ?? null,
      entry.ip ?? null,
      entry.action,
      entry.entity ?? null,
      entry.entityId ?? null,
      entry.orgId ?? null,
      entry.reason ?? null,
      JSON.stringify(entry.detail ?? {}),
    ],
  )
}
