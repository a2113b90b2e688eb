import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { audit } from '../../platform/audit/audit.ts'
import { failedAnnualCheckReason } from './rules.ts'
import { findCertificate, type AnnualCheckRow, type CertificateRow } from './store.ts'
import { setCertificateStatus } from './change-certificate-status.ts'
import type { RecordAnnualCheck } from './schemas.ts'

/**
 * F-02: records a 年审 result. A failed check suspends (暂扣) the certificate in the same
 * transaction, so a failed check can never leave a valid certificate behind.
 */
export async function recordAnnualCheck(
  db: Db,
  user: AuthUser,
  certificateId: string,
  input: RecordAnnualCheck,
  ip: string | null = null,
): Promise<{ check: AnnualCheckRow; certificate: CertificateRow }> {
  requireRole(user, 'admin')
  const current = await findCertificate(db, certificateId, todayInChina())
  if (!current) throw notFound('执法证不存在')
  requireScope(user, current.agencyPath)
  if (current.storedStatus === '注销') throw ruleViolation('CERTIFICATE_REVOKED', '执法证已注销，不再年审')
  return db.tx(async (tx) => {
    const { rows: [existing] } = await tx.query(`SELECT 1 FROM certificate_annual_check WHERE certificate_id = $1 AND year = $2`, [certificateId, input.year])
    if (existing) throw conflict('ANNUAL_CHECK_EXISTS', `${input.year}年度的年审结果已经登记`)
    const { rows: [check] } = await tx.query<AnnualCheckRow>(
      `INSERT INTO certificate_annual_check (certificate_id, year, passed, checked_on, note, checked_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, year, passed, checked_on AS "checkedOn", note, checked_by AS "checkedBy"`,
      [certificateId, input.year, input.passed, input.checkedOn, input.note ?? null, user.id],
    )
    const suspend = !input.passed && current.storedStatus !== '暂扣'
    const certificate = suspend
      ? await setCertificateStatus(tx, user, certificateId, '暂扣', failedAnnualCheckReason(input.year))
      : (await findCertificate(tx, certificateId, todayInChina()))!
    await audit(tx, {
      actor: user,
      ip,
      action: 'certificate.annualCheck',
      entity: 'certificate',
      entityId: certificateId,
      orgId: current.agencyId,
      detail: { year: input.year, passed: input.passed, suspended: suspend },
    })
    return { check: check!, certificate }
  })
}
