import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { notFound, ruleViolation } from '../../platform/http/errors.ts'
import { recordVersion } from '../../platform/db/versions.ts'
import { todayInChina } from '../../platform/clock.ts'
import { audit } from '../../platform/audit/audit.ts'
import { defaultValidTo, validityProblem } from './rules.ts'
import { certificateData, findCertificate, findPerson, type CertificateRow } from './store.ts'
import type { IssueCertificate } from './schemas.ts'

/** Inserts a certificate and keeps its version 1; shared by issue and reissue. */
export async function insertCertificate(
  tx: Queryable,
  user: AuthUser,
  personId: string,
  input: IssueCertificate & { replacesId?: string | null },
  reason: string,
): Promise<CertificateRow> {
  const validTo = input.validTo ?? defaultValidTo(input.validFrom)
  const problem = validityProblem(input.validFrom, validTo)
  if (problem) throw ruleViolation('CERTIFICATE_VALIDITY', problem)
  const { rows: [created] } = await tx.query<{ id: string }>(
    `INSERT INTO certificate (person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to, replaces_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [personId, input.certNo, input.issuingAuthority, input.categories, input.areas, input.validFrom, validTo, input.replacesId ?? null],
  )
  const row = (await findCertificate(tx, created!.id, todayInChina()))!
  await recordVersion(tx, { entity: 'certificate', entityId: row.id, version: 1, data: certificateData(row), changedBy: user.id, reason })
  return row
}

/** F-02: issues a 执法证 to an officer (never to auxiliary staff or counsel), valid for at most five years. */
export async function issueCertificate(db: Db, user: AuthUser, personId: string, input: IssueCertificate, ip: string | null = null): Promise<CertificateRow> {
  requireRole(user, 'admin')
  const person = await findPerson(db, personId)
  if (!person) throw notFound('人员不存在')
  requireScope(user, person.agencyPath)
  if (person.kind !== 'officer') throw ruleViolation('NOT_AN_OFFICER', '执法证只能发给执法人员，执法辅助人员和法律顾问不持执法证')
  return db.tx(async (tx) => {
    const row = await insertCertificate(tx, user, personId, input, '核发执法证')
    await audit(tx, { actor: user, ip, action: 'certificate.issue', entity: 'certificate', entityId: row.id, orgId: person.agencyId, detail: { certNo: row.certNo, personId } })
    return row
  })
}
