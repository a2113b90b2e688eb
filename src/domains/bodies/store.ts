// Queries of the 执法主体 registry (F-01).
import type { Queryable } from '../../platform/db/pool.ts'
import type { BodyKind } from './rules.ts'

/** The whole state of a body as kept in record_version and shown in the registry. */
export type BodyData = {
  id: string
  code: string
  name: string
  level: string
  parentId: string | null
  parentName: string | null
  duties: string | null
  uscc: string
  bodyKind: BodyKind
  entrustingBodyId: string | null
  entrustingBodyName: string | null
  legalBasis: string
  domains: string[]
  address: string
  postcode: string | null
  phone: string
  email: string | null
  supervisorName: string
  supervisorContact: string
  reconsiderationBody: string
  court: string
  status: 'active' | 'abolished'
}

export type BodyRow = BodyData & { path: string; version: number; publishedVersion: number | null; updatedAt: Date }

export type Unit = { id: string; parentId: string | null; code: string; name: string; duties: string | null }

const BODY_SELECT = `
  SELECT o.id, o.code, o.name, o.level, o.parent_id AS "parentId", p.name AS "parentName", o.duties, o.path,
         b.uscc, b.body_kind AS "bodyKind", b.entrusting_body_id AS "entrustingBodyId", eo.name AS "entrustingBodyName",
         b.legal_basis AS "legalBasis", b.domains, b.address, b.postcode, b.phone, b.email,
         b.supervisor_name AS "supervisorName", b.supervisor_contact AS "supervisorContact",
         b.reconsideration_body AS "reconsiderationBody", b.court, b.status,
         b.version, b.published_version AS "publishedVersion", b.updated_at AS "updatedAt"
    FROM enforcement_body b
    JOIN org_node o ON o.id = b.id
    LEFT JOIN org_node p ON p.id = o.parent_id
    LEFT JOIN org_node eo ON eo.id = b.entrusting_body_id`

export async function findBody(db: Queryable, id: string): Promise<BodyRow | undefined> {
  const { rows } = await db.query<BodyRow>(`${BODY_SELECT} WHERE b.id = $1`, [id])
  return rows[0]
}

/** The part of a body row that is versioned (everything but bookkeeping). */
export function bodyData(row: BodyRow): BodyData {
  const { path: _path, version: _version, publishedVersion: _published, updatedAt: _updated, ...data } = row
  return data
}

export async function listBodies(
  db: Queryable,
  filter: { scopePath: string; q?: string; domain?: string; limit: number; offset: number },
): Promise<{ items: BodyRow[]; total: number }> {
  const where = [`o.path LIKE $1 || '%'`]
  const values: unknown[] = [filter.scopePath]
  if (filter.q) {
    values.push(`%${filter.q}%`)
    where.push(`(o.name LIKE $${values.length} OR o.code LIKE $${values.length} OR b.uscc LIKE $${values.length})`)
  }
  if (filter.domain) {
    values.push(filter.domain)
    where.push(`$${values.length} = ANY (b.domains)`)
  }
  const condition = where.join(' AND ')
  const { rows: [count] } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM enforcement_body b JOIN org_node o ON o.id = b.id WHERE ${condition}`,
    values,
  )
  values.push(filter.limit, filter.offset)
  const { rows } = await db.query<BodyRow>(
    `${BODY_SELECT} WHERE ${condition} ORDER BY o.path, o.name LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  )
  return { items: rows, total: count?.n ?? 0 }
}

/** Internal units (内设机构) of an agency, with their division of duties (P-01). */
export async function listUnits(db: Queryable, agencyId: string): Promise<Unit[]> {
  const { rows } = await db.query<Unit>(
    `SELECT u.id, u.parent_id AS "parentId", u.code, u.name, u.duties
       FROM org_node a JOIN org_node u ON u.path LIKE a.path || '%' AND u.id <> a.id
      WHERE a.id = $1 AND u.kind = 'unit' AND u.active
      ORDER BY u.path`,
    [agencyId],
  )
  return rows
}

/** Versions of a body, each marked when it was ever published. */
export async function listBodyVersions(db: Queryable, bodyId: string) {
  const { rows } = await db.query(
    `SELECT rv.version, rv.data, rv.reason, rv.changed_by AS "changedBy", rv.changed_at AS "changedAt",
            bp.published_at AS "publishedAt"
       FROM record_version rv
       LEFT JOIN body_publication bp ON bp.body_id = rv.entity_id AND bp.version = rv.version
      WHERE rv.entity = 'enforcement_body' AND rv.entity_id = $1
      ORDER BY rv.version`,
    [bodyId],
  )
  return rows as { version: number; data: BodyData; reason: string | null; changedBy: string | null; changedAt: Date; publishedAt: Date | null }[]
}
