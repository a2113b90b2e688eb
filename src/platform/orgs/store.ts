import type { Queryable } from '../db/pool.ts'
import type { OrgKind, OrgLevel } from './rules.ts'

export type OrgNode = {
  id: string
  parentId: string | null
  kind: OrgKind
  level: OrgLevel
  code: string
  name: string
  duties: string | null
  active: boolean
  version: number
  path: string
}

const COLUMNS = `id, parent_id AS "parentId", kind, level, code, name, duties, active, version, path`

export async function findOrg(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<OrgNode | undefined> {
  const { rows } = await db.query<OrgNode>(`SELECT ${COLUMNS} FROM org_node WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id])
  return rows[0]
}

export async function findOrgByCode(db: Queryable, code: string): Promise<OrgNode | undefined> {
  const { rows } = await db.query<OrgNode>(`SELECT ${COLUMNS} FROM org_node WHERE code = $1`, [code])
  return rows[0]
}

/** The subtree under path (the node itself included), parents before children. */
export async function listOrgsUnder(db: Queryable, path: string, filter: { kind?: OrgKind } = {}): Promise<OrgNode[]> {
  const { rows } = await db.query<OrgNode>(
    `SELECT ${COLUMNS} FROM org_node WHERE path LIKE $1 || '%' AND ($2::text IS NULL OR kind = $2) ORDER BY path`,
    [path, filter.kind ?? null],
  )
  return rows
}

/** The nearest agency at or above the node (migration 0005), if any. */
export async function findOrgAgency(db: Queryable, id: string): Promise<OrgNode | undefined> {
  const { rows } = await db.query<OrgNode>(`SELECT ${COLUMNS} FROM org_node WHERE id = org_agency($1)`, [id])
  return rows[0]
}

/** The state kept in record_version for each version of a node. */
export const versionData = (org: OrgNode) => ({
  id: org.id,
  parentId: org.parentId,
  kind: org.kind,
  level: org.level,
  code: org.code,
  name: org.name,
  duties: org.duties,
  active: org.active,
  path: org.path,
})
