// P-02: create an item with its first draft, and draft a new version of an item. Nothing is
// edited in place: every save is a new version, a draft until the 法制机构 approves it.
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { mayDraft } from './rules.ts'
import type { CreateItem, DraftVersion, ItemDetail, VersionContent } from './schemas.ts'
import { agencyNode, findItem, itemDetail, loadVersions, withItemRules } from './store.ts'

/** P-02: who keeps an agency's list: its administrators and its 法制机构 (reviewers), within their scope. */
export async function agencyForWrite(q: Queryable, user: AuthUser, agencyId: string) {
  requireRole(user, 'admin', 'reviewer')
  const agency = await agencyNode(q, agencyId)
  if (!agency) throw notFound('机关不存在')
  requireScope(user, agency.path)
  if (agency.kind !== 'agency') throw ruleViolation('ITEM_AGENCY', '行政执法事项清单由执法主体编制，所选机构不是执法主体')
  return agency
}

async function insertVersion(q: Queryable, itemId: string, agencyId: string, version: number, c: VersionContent, user: AuthUser) {
  await q.query(
    `INSERT INTO enforcement_item_version (item_id, version, name, type, body_id, unit_id, basis, time_limit, time_limit_unit, status, guide, note, drafted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [itemId, version, c.name, c.type, c.bodyId ?? agencyId, c.unitId, JSON.stringify(c.basis), c.timeLimit, c.timeLimitUnit, c.status,
      c.guide ? JSON.stringify(c.guide) : null, c.note ?? null, user.id])
}

/** P-02: a new item of an agency (项目编码 unique per agency) with version 1 as a draft. */
export async function createItem(db: Db, user: AuthUser, input: CreateItem, ip?: string): Promise<ItemDetail> {
  const { agencyId, code, ...content } = input
  const id = await withItemRules(() => db.tx(async (tx) => {
    await agencyForWrite(tx, user, agencyId)
    const { rows: taken } = await tx.query(`SELECT 1 FROM enforcement_item WHERE agency_id = $1 AND code = $2`, [agencyId, code])
    if (taken.length) throw conflict('ITEM_CODE_TAKEN', `本机关已有项目编码为 ${code} 的事项`)
    const { rows: [item] } = await tx.query<{ id: string }>(
      `INSERT INTO enforcement_item (agency_id, code, created_by) VALUES ($1, $2, $3) RETURNING id`, [agencyId, code, user.id])
    await insertVersion(tx, item!.id, agencyId, 1, content, user)
    await audit(tx, { actor: user, ip, action: 'item.create', entity: 'enforcement_item', entityId: item!.id, orgId: agencyId, detail: { code, version: 1 } })
    return item!.id
  }))
  return itemDetail(db, (await findItem(db, id))!)
}

/**
 * P-02: a new draft version of an item, from the full content the editor saw on basedOn (the
 * latest version then). Refused while the latest version waits for review.
 */
export async function draftVersion(db: Db, user: AuthUser, itemId: string, input: DraftVersion, ip?: string): Promise<ItemDetail> {
  const { basedOn, ...content } = input
  await withItemRules(() => db.tx(async (tx) => {
    const item = await findItem(tx, itemId)
    if (!item) throw notFound('事项不存在')
    await agencyForWrite(tx, user, item.agencyId)
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('enforcement_item:' || $1::text))`, [itemId])
    const versions = (await loadVersions(tx, [itemId])).get(itemId) ?? []
    const latest = versions.at(-1)
    if ((latest?.version ?? 0) !== basedOn) throw conflict('ITEM_STALE', `事项已有第 ${latest?.version ?? 0} 版，请在最新版本基础上修改`)
    if (!mayDraft(latest?.state)) throw conflict('ITEM_UNDER_REVIEW', `第 ${latest!.version} 版正在法制审核中，审核完成或退回前不能起草新版本`)
    await insertVersion(tx, itemId, item.agencyId, basedOn + 1, content, user)
    await audit(tx, { actor: user, ip, action: 'item.draft', entity: 'enforcement_item', entityId: itemId, orgId: item.agencyId, detail: { version: basedOn + 1 } })
  }))
  return itemDetail(db, (await findItem(db, itemId))!)
}
