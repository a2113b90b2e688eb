// P-02 (s001 "经本机关法制机构审核后予以公示"): submit a version to the agency's 法制机构, which
// approves it (it is then published, replacing the earlier published version) or returns it.
import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { conflict, forbidden, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { guideMissing } from './rules.ts'
import type { ItemDetail } from './schemas.ts'
import { findItem, itemDetail, loadVersions, withItemRules } from './store.ts'
import { agencyForWrite } from './draft-version.ts'

type Decision = 'approved' | 'returned'

/** P-02: the latest version, as a draft, goes to the 法制机构. */
export async function submitVersion(db: Db, user: AuthUser, itemId: string, version: number, ip?: string): Promise<ItemDetail> {
  await withItemRules(() => db.tx(async (tx) => {
    const item = await findItem(tx, itemId)
    if (!item) throw notFound('事项不存在')
    await agencyForWrite(tx, user, item.agencyId)
    const versions = (await loadVersions(tx, [itemId])).get(itemId) ?? []
    const v = versions.find((x) => x.version === version)
    if (!v) throw notFound('事项版本不存在')
    if (version !== versions.at(-1)!.version) throw conflict('ITEM_NOT_LATEST', `只能提交事项的最新版本（第 ${versions.at(-1)!.version} 版）`)
    if (v.state !== 'draft') throw conflict('ITEM_ALREADY_SUBMITTED', `第 ${version} 版已提交过审核；退回后请起草新版本`)
    if (guideMissing(v)) throw ruleViolation('ITEM_GUIDE_REQUIRED', '行政许可事项应附服务指南后方可提交审核')
    await tx.query(`INSERT INTO enforcement_item_review (item_id, version, event, actor_id) VALUES ($1, $2, 'submitted', $3)`, [itemId, version, user.id])
    await audit(tx, { actor: user, ip, action: 'item.submit', entity: 'enforcement_item', entityId: itemId, orgId: item.agencyId, detail: { version } })
  }))
  return itemDetail(db, (await findItem(db, itemId))!)
}

/**
 * P-02: the 法制机构's decision on a submitted version: only a reviewer of the item's own agency,
 * never the drafter of that version; a return states its reason. The database checks the same
 * (enforcement_item_review_check in 0024).
 */
export async function decideVersion(db: Db, user: AuthUser, itemId: string, version: number, decision: Decision, comment: string | undefined, ip?: string): Promise<ItemDetail> {
  requireRole(user, 'reviewer')
  await withItemRules(() => db.tx(async (tx) => {
    const item = await findItem(tx, itemId)
    if (!item) throw notFound('事项不存在')
    const { rows: [own] } = await tx.query<{ agency: string | null }>(`SELECT org_agency($1) AS agency`, [user.orgId])
    if (own?.agency !== item.agencyId) throw forbidden('事项清单须经本机关法制机构审核，您不是该机关的法制审核人员')
    const v = ((await loadVersions(tx, [itemId])).get(itemId) ?? []).find((x) => x.version === version)
    if (!v) throw notFound('事项版本不存在')
    if (v.state !== 'submitted') throw conflict('ITEM_NOT_SUBMITTED', `第 ${version} 版不在待审核状态`)
    if (v.draftedBy === user.id) throw ruleViolation('ITEM_SELF_REVIEW', '起草人不得审核自己起草的版本')
    if (decision === 'approved' && guideMissing(v)) throw ruleViolation('ITEM_GUIDE_REQUIRED', '行政许可事项应附服务指南后方可审核通过')
    if (decision === 'returned' && !comment) throw ruleViolation('ITEM_RETURN_REASON', '退回须说明理由')
    await tx.query(`INSERT INTO enforcement_item_review (item_id, version, event, actor_id, comment) VALUES ($1, $2, $3, $4, $5)`,
      [itemId, version, decision, user.id, comment ?? null])
    await audit(tx, { actor: user, ip, action: decision === 'approved' ? 'item.approve' : 'item.return', entity: 'enforcement_item', entityId: itemId, orgId: item.agencyId, detail: { version, comment: comment ?? null } })
  }))
  return itemDetail(db, (await findItem(db, itemId))!)
}
