// Queries of the 行政执法事项清单 (P-02): items, their versions with review events, what is published.
import type { Queryable } from '../../platform/db/pool.ts'
import { ruleViolation } from '../../platform/http/errors.ts'
import { CASE_KINDS_OF_TYPE, publishedVersion, STATE_LABELS, versionState, type ItemType } from './rules.ts'
import type { ItemDetail, ItemOut, PublicVersion, VersionOut } from './schemas.ts'

export type ItemRow = { id: string; agencyId: string; agencyName: string; agencyCode: string; agencyPath: string; code: string }

const ITEM = `SELECT i.id, i.agency_id AS "agencyId", o.name AS "agencyName", o.code AS "agencyCode", o.path AS "agencyPath", i.code
                FROM enforcement_item i JOIN org_node o ON o.id = i.agency_id`

export async function findItem(q: Queryable, id: string): Promise<ItemRow | undefined> {
  const { rows } = await q.query<ItemRow>(`${ITEM} WHERE i.id = $1`, [id])
  return rows[0]
}

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString()

/** Every version of the given items with its review events, oldest first. */
export async function loadVersions(q: Queryable, itemIds: string[]): Promise<Map<string, VersionOut[]>> {
  const out = new Map<string, VersionOut[]>()
  if (!itemIds.length) return out
  const { rows } = await q.query(
    `SELECT v.*, b.name AS body_name, u.name AS unit_name, d.display_name AS drafted_by_name
       FROM enforcement_item_version v JOIN org_node b ON b.id = v.body_id JOIN org_node u ON u.id = v.unit_id
       JOIN app_user d ON d.id = v.drafted_by
      WHERE v.item_id = ANY ($1::uuid[]) ORDER BY v.item_id, v.version`, [itemIds])
  const { rows: events } = await q.query(
    `SELECT r.item_id, r.version, r.event, r.actor_id, a.display_name, r.comment, r.at
       FROM enforcement_item_review r JOIN app_user a ON a.id = r.actor_id
      WHERE r.item_id = ANY ($1::uuid[]) ORDER BY r.id`, [itemIds])
  for (const r of rows) {
    const own = events.filter((e) => e.item_id === r.item_id && e.version === r.version)
      .map((e) => ({ event: e.event, actorId: e.actor_id, actorName: e.display_name, comment: e.comment, at: iso(e.at) }))
    const state = versionState(own)
    const v: VersionOut = {
      version: r.version, name: r.name, type: r.type, bodyId: r.body_id, bodyName: r.body_name, unitId: r.unit_id, unitName: r.unit_name,
      basis: r.basis, timeLimit: r.time_limit, timeLimitUnit: r.time_limit_unit, status: r.status, guide: r.guide ?? null, note: r.note ?? null,
      draftedBy: r.drafted_by, draftedByName: r.drafted_by_name, draftedAt: iso(r.drafted_at), state, stateLabel: STATE_LABELS[state], published: false, events: own,
    }
    const list = out.get(r.item_id) ?? []
    list.push(v)
    out.set(r.item_id, list)
  }
  for (const list of out.values()) {
    const p = publishedVersion(list)
    for (const v of list) v.published = v.version === p
  }
  return out
}

function summary(item: ItemRow, versions: VersionOut[]): ItemOut {
  const latest = versions.at(-1)!
  return {
    id: item.id, agencyId: item.agencyId, agencyName: item.agencyName, code: item.code,
    caseKinds: [...CASE_KINDS_OF_TYPE[(versions.find((v) => v.published) ?? latest).type as ItemType]],
    latest, publishedVersion: versions.find((v) => v.published)?.version ?? null,
  }
}

export async function itemDetail(q: Queryable, item: ItemRow): Promise<ItemDetail> {
  const versions = (await loadVersions(q, [item.id])).get(item.id) ?? []
  return { ...summary(item, versions), versions }
}

/** P-02: the items of an agency, each with its latest version and the version published. */
export async function listAgencyItems(q: Queryable, agencyId: string): Promise<ItemOut[]> {
  const { rows } = await q.query<ItemRow>(`${ITEM} WHERE i.agency_id = $1 ORDER BY i.code`, [agencyId])
  const versions = await loadVersions(q, rows.map((r) => r.id))
  return rows.filter((r) => versions.has(r.id)).map((r) => summary(r, versions.get(r.id)!))
}

/** The agency node an item is kept for, or a refusal when the node is not a 执法主体. */
export async function agencyNode(q: Queryable, agencyId: string): Promise<{ id: string; path: string; kind: string } | undefined> {
  const { rows } = await q.query<{ id: string; path: string; kind: string }>(`SELECT id, path, kind FROM org_node WHERE id = $1`, [agencyId])
  return rows[0]
}

/**
 * The item triggers raise check_violation with the rule's stable code in HINT; this turns it
 * into a 422 with that code and the trigger's Chinese message.
 */
export async function withItemRules<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    const e = error as { code?: string; hint?: string; message?: string; constraint?: string }
    if (e.code === '23514' && e.hint && /^ITEM_[A-Z_]+$/.test(e.hint)) throw ruleViolation(e.hint, e.message ?? '违反事项清单规则')
    if (e.code === '23514' && e.constraint === 'enforcement_item_version_basis') throw ruleViolation('ITEM_BASIS', '执法依据应具体到法律法规的条款')
    throw error
  }
}

export type { PublicVersion }
