import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { notFound, ruleViolation } from '../../platform/http/errors.ts'
import { recordVersion } from '../../platform/db/versions.ts'
import { todayInChina } from '../../platform/clock.ts'
import { audit } from '../../platform/audit/audit.ts'
import { statusChangeProblem, type StoredCertificateStatus } from './rules.ts'
import { certificateData, findCertificate, type CertificateRow } from './store.ts'

const ACTIONS: Record<StoredCertificateStatus, string> = { 暂扣: 'certificate.suspend', 注销: 'certificate.revoke', 有效: 'certificate.reinstate' }

/** Sets a certificate's deliberate status inside the caller's transaction and keeps the new version. */
export async function setCertificateStatus(
  tx: Queryable,
  user: AuthUser,
  id: string,
  status: StoredCertificateStatus,
  reason: string,
): Promise<CertificateRow> {
  const { rows: [locked] } = await tx.query<{ status: StoredCertificateStatus }>(`SELECT status FROM certificate WHERE id = $1 FOR UPDATE`, [id])
  const problem = statusChangeProblem(locked!.status, status)
  if (problem) throw ruleViolation(problem.code, problem.message)
  await tx.query(`UPDATE certificate SET status = $2, status_reason = $3, version = version + 1 WHERE id = $1`, [id, status, reason])
  const row = (await findCertificate(tx, id, todayInChina()))!
  await recordVersion(tx, { entity: 'certificate', entityId: id, version: row.version, data: certificateData(row), changedBy: user.id, reason })
  return row
}

/** F-02: 暂扣, 注销 or restores (from 暂扣 only) a certificate, with a reason. 注销 is final. */
export async function changeCertificateStatus(
  db: Db,
  user: AuthUser,
  id: string,
  input: { status: StoredCertificateStatus; reason: string },
  ip: string | null = null,
): Promise<CertificateRow> {
  requireRole(user, 'admin')
  const current = await findCertificate(db, id, todayInChina())
  if (!current) throw notFound('执法证不存在')
  requireScope(user, current.agencyPath)
  return db.tx(async (tx) => {
    const row = await setCertificateStatus(tx, user, id, input.status, input.reason)
    await audit(tx, {
      actor: user,
      ip,
      action: ACTIONS[input.status],
      entity: 'certificate',
      entityId: id,
      orgId: current.agencyId,
      reason: input.reason,
      detail: { from: current.storedStatus, to: input.status, version: row.version },
    })
    return row
  })
}
