// What the portal and the public API show of the 行政执法事项清单 (P-02, P-03): approved versions
// only. The current one is the newest approved; earlier approved versions stay readable.
import type { Queryable } from '../../platform/db/pool.ts'
import { CASE_KINDS_OF_TYPE, type ItemType } from './rules.ts'
import type { PublicItem, PublicVersion } from './schemas.ts'

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString()

const APPROVED = `
  SELECT v.*, r.at AS approved_at, b.name AS body_name, u.name AS unit_name
    FROM enforcement_item_version v
    JOIN enforcement_item_review r ON r.item_id = v.item_id AND r.version = v.version AND r.event = 'approved'
    JOIN org_node b ON b.id = v.body_id JOIN org_node u ON u.id = v.unit_id`

function toPublic(r: any, current: boolean): PublicVersion {
  return {
    version: r.version, name: r.name, type: r.type, bodyId: r.body_id, bodyName: r.body_name, unitId: r.unit_id, unitName: r.unit_name,
    basis: r.basis, timeLimit: r.time_limit, timeLimitUnit: r.time_limit_unit, status: r.status, guide: r.guide ?? null, note: r.note ?? null,
    published: current, approvedAt: iso(r.approved_at),
  }
}

type ItemHead = { id: string; agency_id: string; agency_name: string; agency_code: string; code: string }
const HEAD = `SELECT i.id, i.agency_id, o.name AS agency_name, o.code AS agency_code, i.code FROM enforcement_item i JOIN org_node o ON o.id = i.agency_id`

async function assemble(q: Queryable, head: ItemHead, version?: number): Promise<PublicItem | undefined> {
  const { rows } = await q.query(`${APPROVED} WHERE v.item_id = $1 ORDER BY v.version DESC`, [head.id])
  if (!rows.length) return undefined
  const newest = rows[0].version
  const shown = version === undefined ? rows[0] : rows.find((r) => r.version === version)
  if (!shown) return undefined
  return {
    id: head.id, agencyId: head.agency_id, agencyName: head.agency_name, agencyCode: head.agency_code, code: head.code,
    caseKinds: [...CASE_KINDS_OF_TYPE[shown.type as ItemType]],
    current: toPublic(shown, shown.version === newest),
    earlier: rows.filter((r) => r.version !== shown.version).map((r) => ({ version: r.version, approvedAt: iso(r.approved_at) })),
  }
}

/** P-02: the published items of an agency (the newest approved version of each), by 项目编码. */
export async function listPublishedItems(q: Queryable, agencyId: string, opts: { includeCancelled?: boolean } = {}): Promise<PublicItem[]> {
  const { rows } = await q.query(
    `SELECT p.*, b.name AS body_name, u.name AS unit_name, o.name AS agency_name, o.code AS agency_code, i.code
       FROM enforcement_item_published p JOIN enforcement_item i ON i.id = p.item_id JOIN org_node o ON o.id = i.agency_id
       JOIN org_node b ON b.id = p.body_id JOIN org_node u ON u.id = p.unit_id
      WHERE i.agency_id = $1 ${opts.includeCancelled ? '' : `AND p.status = '在用'`}
      ORDER BY (SELECT sort FROM enforcement_item_type t WHERE t.type = p.type), i.code`, [agencyId])
  return rows.map((r) => ({
    id: r.item_id, agencyId, agencyName: r.agency_name, agencyCode: r.agency_code, code: r.code,
    caseKinds: [...CASE_KINDS_OF_TYPE[r.type as ItemType]], current: toPublic(r, true), earlier: [],
  }))
}

/** P-02 / P-03: one published item by id (the current version, or an earlier approved one). */
export async function findPublishedItem(q: Queryable, itemId: string, version?: number): Promise<PublicItem | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(itemId)) return undefined
  const { rows: [head] } = await q.query<ItemHead>(`${HEAD} WHERE i.id = $1`, [itemId])
  return head ? assemble(q, head, version) : undefined
}

/** P-02 / P-03: one published item by the agency's code and its 项目编码 (the portal's stable URL). */
export async function findPublishedItemByCode(q: Queryable, agencyCode: string, itemCode: string, version?: number): Promise<PublicItem | undefined> {
  const { rows: [head] } = await q.query<ItemHead>(`${HEAD} WHERE o.code = $1 AND i.code = $2`, [agencyCode, itemCode])
  return head ? assemble(q, head, version) : undefined
}
