// What the portal shows of 执法主体 without a login (P-01): only published versions.
import type { Queryable } from '../../platform/db/pool.ts'
import { listUnits, type BodyData, type Unit } from './store.ts'

export type PublicBody = BodyData & { version: number; publishedAt: string }
export type PublicBodyDetail = PublicBody & { units: Unit[] }

const PUBLISHED = `
  SELECT rv.data, rv.version, bp.published_at AS "publishedAt"
    FROM enforcement_body b
    JOIN org_node o ON o.id = b.id
    JOIN record_version rv ON rv.entity = 'enforcement_body' AND rv.entity_id = b.id AND rv.version = b.published_version
    JOIN body_publication bp ON bp.body_id = b.id AND bp.version = b.published_version`

type Row = { data: BodyData; version: number; publishedAt: Date }
const toPublic = (row: Row): PublicBody => ({ ...row.data, version: row.version, publishedAt: row.publishedAt.toISOString() })

/**
 * P-01 / F-01: every body with a published version, as that version says (a later edit
 * that is not yet published does not show). Optional filters by 领域 and name.
 */
export async function listPublicBodies(
  db: Queryable,
  filter: { domain?: string; q?: string; limit?: number; offset?: number } = {},
): Promise<PublicBody[]> {
  const where: string[] = []
  const values: unknown[] = []
  if (filter.domain) {
    values.push(filter.domain)
    where.push(`rv.data->'domains' ? $${values.length}`)
  }
  if (filter.q) {
    values.push(`%${filter.q}%`)
    where.push(`rv.data->>'name' LIKE $${values.length}`)
  }
  values.push(Math.min(filter.limit ?? 1000, 1000), filter.offset ?? 0)
  const { rows } = await db.query<Row>(
    `${PUBLISHED} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY o.path, rv.data->>'name' LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  )
  return rows.map(toPublic)
}

/** P-01 / F-01: one published body by its organisation code or 统一社会信用代码, with its internal units. */
export async function findPublicBody(db: Queryable, code: string): Promise<PublicBodyDetail | undefined> {
  const { rows } = await db.query<Row & { id: string }>(
    `${PUBLISHED} WHERE o.code = $1 OR b.uscc = $1 ORDER BY (o.code = $1) DESC LIMIT 1`,
    [code],
  )
  const row = rows[0]
  if (!row) return undefined
  return { ...toPublic(row), units: await listUnits(db, row.data.id) }
}
