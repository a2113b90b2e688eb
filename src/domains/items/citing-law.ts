// P-02 "dynamic update when laws change": which published items cite a law, so the agency knows
// which items to re-draft when that law is amended or repealed.
import type { Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { badRequest } from '../../platform/http/errors.ts'
import { lawKey, type BasisEntry } from './rules.ts'

export type CitingItem = {
  itemId: string; agencyId: string; agencyName: string; code: string; name: string; type: string
  version: number; articles: string[]; pendingVersion: number | null
}

/** The SQL twin of lawKey() (rules.ts): 《》 and spaces dropped, 中华人民共和国 prefix ignored. */
const LAW_KEY_SQL = (expr: string) => `regexp_replace(regexp_replace(${expr}, '[《》[:space:]]', '', 'g'), '^中华人民共和国', '')`

/**
 * P-02: every item in the user's scope whose published version cites the law, with the articles
 * cited and the number of a newer version already drafted (if any).
 */
export async function citingItems(q: Queryable, user: AuthUser, law: string): Promise<CitingItem[]> {
  const key = lawKey(law)
  if (key.length < 2) throw badRequest('ITEM_LAW', '请填写法律法规名称')
  const { rows } = await q.query(
    `SELECT p.item_id, i.agency_id, o.name AS agency_name, i.code, p.name, p.type, p.version, p.basis,
            (SELECT max(version) FROM enforcement_item_version n WHERE n.item_id = p.item_id AND n.version > p.version) AS pending
       FROM enforcement_item_published p JOIN enforcement_item i ON i.id = p.item_id JOIN org_node o ON o.id = i.agency_id
      WHERE starts_with(o.path, $1) AND p.status = '在用'
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.basis) e WHERE ${LAW_KEY_SQL(`e ->> 'law'`)} = $2)
      ORDER BY o.path, i.code`, [user.scopePath, key])
  return rows.map((r) => ({
    itemId: r.item_id, agencyId: r.agency_id, agencyName: r.agency_name, code: r.code, name: r.name, type: r.type, version: r.version,
    articles: (r.basis as BasisEntry[]).filter((b) => lawKey(b.law) === key).map((b) => b.article),
    pendingVersion: r.pending ?? null,
  }))
}
