import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { audit } from '../../platform/audit/audit.ts'
import { reissueProblem } from './rules.ts'
import { findCertificate, type CertificateRow } from './store.ts'
import { insertCertificate } from './issue-certificate.ts'
import { setCertificateStatus } from './change-certificate-status.ts'
import type { ReissueCertificate } from './schemas.ts'

/**
 * F-02: 换发 at the end of the five-year term: a new certificate that replaces the old
 * one, and the old one 注销, in one transaction.
 */
export async function reissueCertificate(
  db: Db,
  user: AuthUser,
  oldId: string,
  input: ReissueCertificate,
  ip: string | null = null,
): Promise<{ certificate: CertificateRow; replaced: CertificateRow }> {
  requireRole(user, 'admin')
  const old = await findCertificate(db, oldId, todayInChina())
  if (!old) throw notFound('执法证不存在')
  requireScope(user, old.agencyPath)
  const problem = reissueProblem(old.storedStatus)
  if (problem) throw ruleViolation(problem.code, problem.message)
  return db.tx(async (tx) => {
    const replaced = await setCertificateStatus(tx, user, oldId, '注销', `换发新证（${input.certNo}）`)
    const certificate = await insertCertificate(
      tx,
      user,
      old.personId,
      {
        certNo: input.certNo,
        issuingAuthority: input.issuingAuthority ?? old.issuingAuthority,
        categories: input.categories ?? old.categories,
        areas: input.areas ?? old.areas,
        validFrom: input.validFrom,
        validTo: input.validTo,
        replacesId: oldId,
      },
      `换发执法证（原证 ${old.certNo}）`,
    )
    await audit(tx, {
      actor: user,
      ip,
      action: 'certificate.reissue',
      entity: 'certificate',
      entityId: certificate.id,
      orgId: old.agencyId,
      detail: { replacesId: oldId, oldCertNo: old.certNo, certNo: certificate.certNo },
    })
    return { certificate, replaced }
  })
}
