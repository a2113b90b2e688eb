// Queries of 执法人员, 执法证 and 法制审核人员 (F-02, F-03).
import type { Queryable } from '../../platform/db/pool.ts'
import type { CertificateStatus, PersonKind, PersonStatus, StoredCertificateStatus } from './rules.ts'

export type PersonRow = {
  id: string
  agencyId: string
  agencyName: string
  agencyCode: string
  agencyPath: string
  unitId: string | null
  unitName: string | null
  kind: PersonKind
  name: string
  gender: '男' | '女' | null
  idNumber: string | null
  phone: string | null
  post: string
  photo: string | null
  categories: string[]
  areas: string[]
  legalQualification: boolean
  legalQualificationNo: string | null
  trainingHours: number
  status: PersonStatus
  version: number
  createdAt: Date
  updatedAt: Date
}

const PERSON_SELECT = `
  SELECT p.id, p.agency_id AS "agencyId", a.name AS "agencyName", a.code AS "agencyCode", a.path AS "agencyPath",
         p.unit_id AS "unitId", u.name AS "unitName", p.kind, p.name, p.gender, p.id_number AS "idNumber", p.phone,
         p.post, p.photo, p.categories, p.areas, p.legal_qualification AS "legalQualification",
         p.legal_qualification_no AS "legalQualificationNo", p.training_hours::float8 AS "trainingHours",
         p.status, p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
    FROM person p
    JOIN org_node a ON a.id = p.agency_id
    LEFT JOIN org_node u ON u.id = p.unit_id`

export async function findPerson(db: Queryable, id: string): Promise<PersonRow | undefined> {
  const { rows } = await db.query<PersonRow>(`${PERSON_SELECT} WHERE p.id = $1`, [id])
  return rows[0]
}

/** The versioned state of a person. The photo is kept as its hash: a 200 kB image per version would swamp record_version. */
export async function personData(db: Queryable, id: string) {
  const row = await findPerson(db, id)
  if (!row) throw new Error(`person ${id} vanished inside its own transaction`)
  const { agencyPath: _path, photo, createdAt: _c, updatedAt: _u, version: _v, ...rest } = row
  const { rows } = await db.query<{ sha: string | null }>(`SELECT encode(sha256(convert_to($1::text, 'UTF8')), 'hex') AS sha`, [photo])
  return { ...rest, photoSha256: rows[0]?.sha ?? null }
}

export type PersonListItem = Omit<PersonRow, 'idNumber' | 'phone' | 'photo' | 'agencyPath' | 'createdAt'> & {
  certNo: string | null
  certStatus: CertificateStatus | null
  certValidTo: string | null
}

/** People in a scope subtree. Never selects ID number, phone or photo (P-01, F-06). */
export async function listPeople(
  db: Queryable,
  filter: { scopePath: string; agencyId?: string; kind?: PersonKind; status?: PersonStatus; q?: string; day: string; limit: number; offset: number },
): Promise<{ items: PersonListItem[]; total: number }> {
  const values: unknown[] = [filter.scopePath, filter.day]
  const where = [`a.path LIKE $1 || '%'`]
  const add = (value: unknown, sql: (n: string) => string) => {
    values.push(value)
    where.push(sql(`$${values.length}`))
  }
  if (filter.agencyId) add(filter.agencyId, (n) => `p.agency_id = ${n}`)
  if (filter.kind) add(filter.kind, (n) => `p.kind = ${n}`)
  if (filter.status) add(filter.status, (n) => `p.status = ${n}`)
  if (filter.q) add(`%${filter.q}%`, (n) => `(p.name LIKE ${n} OR p.post LIKE ${n} OR EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = p.id AND c.cert_no LIKE ${n}))`)
  const condition = where.join(' AND ')
  // the count shares the parameter list, so it must give the day ($2) a type too
  const { rows: [count] } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM person p JOIN org_node a ON a.id = p.agency_id WHERE ${condition} AND $2::date IS NOT NULL`,
    values,
  )
  values.push(filter.limit, filter.offset)
  const { rows } = await db.query<PersonListItem>(
    `SELECT p.id, p.agency_id AS "agencyId", a.name AS "agencyName", a.code AS "agencyCode",
            p.unit_id AS "unitId", u.name AS "unitName", p.kind, p.name, p.gender, p.post, p.categories, p.areas,
            p.legal_qualification AS "legalQualification", p.legal_qualification_no AS "legalQualificationNo",
            p.training_hours::float8 AS "trainingHours", p.status, p.version, p.updated_at AS "updatedAt",
            cert.cert_no AS "certNo", cert.status AS "certStatus", cert.valid_to AS "certValidTo"
       FROM person p
       JOIN org_node a ON a.id = p.agency_id
       LEFT JOIN org_node u ON u.id = p.unit_id
       LEFT JOIN LATERAL (
         SELECT c.cert_no, certificate_status_on(c, $2::date) AS status, c.valid_to
           FROM certificate c WHERE c.person_id = p.id
          ORDER BY (certificate_status_on(c, $2::date) = '有效') DESC, c.issued_at DESC LIMIT 1) cert ON true
      WHERE ${condition}
      ORDER BY a.path, p.name, p.id
      LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  )
  return { items: rows, total: count?.n ?? 0 }
}

export type CertificateRow = {
  id: string
  personId: string
  personName: string
  agencyId: string
  agencyName: string
  agencyPath: string
  certNo: string
  issuingAuthority: string
  categories: string[]
  areas: string[]
  validFrom: string
  validTo: string
  storedStatus: StoredCertificateStatus
  status: CertificateStatus
  statusReason: string | null
  replacesId: string | null
  version: number
  issuedAt: Date
}

const CERTIFICATE_SELECT = `
  SELECT c.id, c.person_id AS "personId", p.name AS "personName", p.agency_id AS "agencyId", a.name AS "agencyName",
         a.path AS "agencyPath", c.cert_no AS "certNo", c.issuing_authority AS "issuingAuthority", c.categories, c.areas,
         c.valid_from AS "validFrom", c.valid_to AS "validTo", c.status AS "storedStatus",
         certificate_status_on(c, $1::date) AS status, c.status_reason AS "statusReason", c.replaces_id AS "replacesId",
         c.version, c.issued_at AS "issuedAt"
    FROM certificate c
    JOIN person p ON p.id = c.person_id
    JOIN org_node a ON a.id = p.agency_id`

export async function findCertificate(db: Queryable, id: string, day: string): Promise<CertificateRow | undefined> {
  const { rows } = await db.query<CertificateRow>(`${CERTIFICATE_SELECT} WHERE c.id = $2`, [day, id])
  return rows[0]
}

export async function findCertificateByNo(db: Queryable, certNo: string, day: string): Promise<CertificateRow | undefined> {
  const { rows } = await db.query<CertificateRow>(`${CERTIFICATE_SELECT} WHERE c.cert_no = $2`, [day, certNo])
  return rows[0]
}

/** The versioned state of a certificate (the computed status depends on the day, so it is not kept). */
export function certificateData(row: CertificateRow) {
  const { agencyPath: _p, status: _s, issuedAt: _i, version: _v, ...data } = row
  return data
}

export async function listCertificates(
  db: Queryable,
  filter: { scopePath: string; day: string; agencyId?: string; personId?: string; status?: CertificateStatus; limit: number; offset: number },
): Promise<{ items: CertificateRow[]; total: number }> {
  const values: unknown[] = [filter.day, filter.scopePath]
  const where = [`a.path LIKE $2 || '%'`]
  const add = (value: unknown, sql: (n: string) => string) => {
    values.push(value)
    where.push(sql(`$${values.length}`))
  }
  if (filter.agencyId) add(filter.agencyId, (n) => `p.agency_id = ${n}`)
  if (filter.personId) add(filter.personId, (n) => `c.person_id = ${n}`)
  if (filter.status) add(filter.status, (n) => `certificate_status_on(c, $1::date) = ${n}`)
  const condition = where.join(' AND ')
  // the count shares the parameter list, so it must give the day ($1) a type too
  const { rows: [count] } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM certificate c JOIN person p ON p.id = c.person_id JOIN org_node a ON a.id = p.agency_id
      WHERE ${condition} AND $1::date IS NOT NULL`,
    values,
  )
  values.push(filter.limit, filter.offset)
  const { rows } = await db.query<CertificateRow>(
    `${CERTIFICATE_SELECT} WHERE ${condition} ORDER BY a.path, p.name, c.issued_at DESC LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  )
  return { items: rows, total: count?.n ?? 0 }
}

export type AnnualCheckRow = { id: number; year: number; passed: boolean; checkedOn: string; note: string | null; checkedBy: string | null }

export async function listAnnualChecks(db: Queryable, certificateId: string): Promise<AnnualCheckRow[]> {
  const { rows } = await db.query<AnnualCheckRow>(
    `SELECT id, year, passed, checked_on AS "checkedOn", note, checked_by AS "checkedBy"
       FROM certificate_annual_check WHERE certificate_id = $1 ORDER BY year`,
    [certificateId],
  )
  return rows
}

export type ReviewerRow = {
  personId: string
  name: string
  kind: PersonKind
  personStatus: PersonStatus
  agencyId: string
  agencyName: string
  sharedPool: boolean
  appointedOn: string
  firstTime: boolean
  active: boolean
  legalQualification: boolean
  legalQualificationNo: string | null
  version: number
}

const REVIEWER_SELECT = `
  SELECT r.person_id AS "personId", p.name, p.kind, p.status AS "personStatus", r.agency_id AS "agencyId", a.name AS "agencyName",
         r.shared_pool AS "sharedPool", r.appointed_on AS "appointedOn", r.first_time AS "firstTime", r.active,
         p.legal_qualification AS "legalQualification", p.legal_qualification_no AS "legalQualificationNo", r.version
    FROM legal_reviewer r
    JOIN person p ON p.id = r.person_id
    JOIN org_node a ON a.id = r.agency_id`

export async function findReviewer(db: Queryable, personId: string): Promise<ReviewerRow | undefined> {
  const { rows } = await db.query<ReviewerRow>(`${REVIEWER_SELECT} WHERE r.person_id = $1`, [personId])
  return rows[0]
}

/** Reviewers in a scope subtree and, when asked, the shared pool of the whole deployment (F-03, s004 task 28). */
export async function listReviewers(
  db: Queryable,
  filter: { scopePath: string; agencyId?: string; includeShared: boolean; activeOnly: boolean },
): Promise<ReviewerRow[]> {
  const values: unknown[] = [filter.scopePath]
  let scope = `a.path LIKE $1 || '%'`
  if (filter.agencyId) {
    values.push(filter.agencyId)
    scope = `(${scope} AND r.agency_id = $${values.length})`
  }
  const where = [filter.includeShared ? `(${scope} OR r.shared_pool)` : scope]
  if (filter.activeOnly) where.push(`r.active AND p.status = '在岗'`)
  const { rows } = await db.query<ReviewerRow>(`${REVIEWER_SELECT} WHERE ${where.join(' AND ')} ORDER BY a.path, p.name`, values)
  return rows
}

export type StaffingRow = { agencyId: string; name: string; path: string; officers: number; reviewers: number; ratioSetting: unknown }

/**
 * F-03 / F-07: per agency under a node, officers in post, active reviewers in post, and
 * the nearest 'staffing.reviewerRatio' setting up the tree (org_id NULL is the deployment default).
 * The check covers agencies that enforce: registered 执法主体 and agencies with officers; a
 * 司法局 that only hosts the shared pool of counsel is not an enforcement body.
 */
export async function staffingCounts(db: Queryable, rootPath: string, settingKey: string): Promise<StaffingRow[]> {
  const { rows } = await db.query<StaffingRow>(
    `SELECT a.id AS "agencyId", a.name, a.path,
            (SELECT count(*)::int FROM person p WHERE p.agency_id = a.id AND p.kind = 'officer' AND p.status = '在岗') AS officers,
            (SELECT count(*)::int FROM legal_reviewer r JOIN person p ON p.id = r.person_id
              WHERE r.agency_id = a.id AND r.active AND p.status = '在岗') AS reviewers,
            (SELECT s.value FROM setting s LEFT JOIN org_node so ON so.id = s.org_id
              WHERE s.key = $2 AND (s.org_id IS NULL OR a.path LIKE so.path || '%')
              ORDER BY length(so.path) DESC NULLS LAST LIMIT 1) AS "ratioSetting"
       FROM org_node a
      WHERE a.kind = 'agency' AND a.active AND a.path LIKE $1 || '%'
        AND (EXISTS (SELECT 1 FROM enforcement_body b WHERE b.id = a.id AND b.status = 'active')
             OR EXISTS (SELECT 1 FROM person p WHERE p.agency_id = a.id AND p.kind = 'officer'))
      ORDER BY a.path`,
    [rootPath, settingKey],
  )
  return rows
}
