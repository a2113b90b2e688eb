// What the portal shows of officers and certificates without a login (P-01, P-05).
// Never ID number or phone.
import type { Queryable } from '../../platform/db/pool.ts'
import { todayInChina } from '../../platform/clock.ts'
import type { CertificateStatus } from './rules.ts'

export type PublicCertificate = {
  certNo: string
  status: CertificateStatus
  validFrom: string
  validTo: string
  issuingAuthority: string
  categories: string[]
  areas: string[]
  person: { id: string; name: string; post: string; photo: string | null; agencyName: string; agencyCode: string }
}

/**
 * P-05: a certificate by its number, with its status today (有效/暂扣/注销/过期/未生效) so a
 * revoked or expired card shows as such. The portal rate-limits and logs the lookups.
 */
export async function findPublicCertificate(db: Queryable, certNo: string): Promise<PublicCertificate | undefined> {
  const { rows } = await db.query<Omit<PublicCertificate, 'person'> & PublicCertificate['person'] & { personId: string }>(
    `SELECT c.cert_no AS "certNo", certificate_status_on(c, $2::date) AS status, c.valid_from AS "validFrom",
            c.valid_to AS "validTo", c.issuing_authority AS "issuingAuthority", c.categories, c.areas,
            p.id AS "personId", p.name, p.post, p.photo, a.name AS "agencyName", a.code AS "agencyCode"
       FROM certificate c JOIN person p ON p.id = c.person_id JOIN org_node a ON a.id = p.agency_id
      WHERE c.cert_no = $1`,
    [certNo, todayInChina()],
  )
  const r = rows[0]
  if (!r) return undefined
  return {
    certNo: r.certNo,
    status: r.status,
    validFrom: r.validFrom,
    validTo: r.validTo,
    issuingAuthority: r.issuingAuthority,
    categories: r.categories,
    areas: r.areas,
    person: { id: r.personId, name: r.name, post: r.post, photo: r.photo, agencyName: r.agencyName, agencyCode: r.agencyCode },
  }
}

export type PublicOfficer = {
  personId: string
  name: string
  unitName: string | null
  post: string
  certNo: string
  categories: string[]
  areas: string[]
  validTo: string
}

/**
 * P-01: the 执法人员清单 of an agency: officers in post holding a certificate valid today,
 * with the 执法类别 and 执法区域 the certificate grants. Auxiliary staff are not officers (F-02).
 */
export async function listPublicOfficers(db: Queryable, agencyId: string): Promise<PublicOfficer[]> {
  const { rows } = await db.query<PublicOfficer>(
    `SELECT DISTINCT ON (p.name, p.id) p.id AS "personId", p.name, u.name AS "unitName", p.post,
            c.cert_no AS "certNo", c.categories, c.areas, c.valid_to AS "validTo"
       FROM person p
       JOIN certificate c ON c.person_id = p.id AND certificate_status_on(c, $2::date) = '有效'
       LEFT JOIN org_node u ON u.id = p.unit_id
      WHERE p.agency_id = $1 AND p.kind = 'officer' AND p.status = '在岗'
      ORDER BY p.name, p.id, c.valid_to DESC`,
    [agencyId, todayInChina()],
  )
  return rows
}

export type PublicOfficerProfile = {
  id: string
  name: string
  post: string
  photo: string | null
  agencyName: string
  agencyCode: string
  unitName: string | null
  certificates: Omit<PublicCertificate, 'person'>[]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * P-01 / P-05: an enforcement officer's public profile with every certificate and its
 * status today, or undefined for anyone who is not an officer (执法辅助人员 and 法律顾问
 * hold no certificate, F-02). Selects public columns only: ID number and phone are never read.
 */
export async function findPublicOfficer(db: Queryable, id: string): Promise<PublicOfficerProfile | undefined> {
  if (!UUID.test(id)) return undefined
  const { rows } = await db.query<Omit<PublicOfficerProfile, 'certificates'>>(
    `SELECT p.id, p.name, p.post, p.photo, a.name AS "agencyName", a.code AS "agencyCode", u.name AS "unitName"
       FROM person p JOIN org_node a ON a.id = p.agency_id LEFT JOIN org_node u ON u.id = p.unit_id
      WHERE p.id = $1 AND p.kind = 'officer'`,
    [id],
  )
  const person = rows[0]
  if (!person) return undefined
  const certificates = await db.query<Omit<PublicCertificate, 'person'>>(
    `SELECT c.cert_no AS "certNo", certificate_status_on(c, $2::date) AS status, c.valid_from AS "validFrom",
            c.valid_to AS "validTo", c.issuing_authority AS "issuingAuthority", c.categories, c.areas
       FROM certificate c WHERE c.person_id = $1 ORDER BY c.valid_to DESC`,
    [id, todayInChina()],
  )
  return { ...person, certificates: certificates.rows }
}
