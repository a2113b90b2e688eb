import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { notFound } from '../../platform/http/errors.ts'
import { REVIEWER_RATIO_SETTING, requiredReviewers, reviewerRatio } from './rules.ts'
import { staffingCounts } from './store.ts'

export type StaffingItem = { agencyId: string; name: string; officers: number; reviewers: number; required: number; ratio: number; ok: boolean }

/**
 * F-03 / F-07: per agency under orgId (default: the user's scope), officers in post,
 * reviewers, and whether reviewers reach the configured share of officers (at least one).
 */
export async function staffingReport(db: Db, user: AuthUser, filter: { orgId?: string; underOnly?: boolean } = {}): Promise<StaffingItem[]> {
  requireRole(user, 'supervisor', 'admin', 'head')
  let rootPath = user.scopePath
  if (filter.orgId) {
    const org = await db.maybeOne<{ path: string }>(`SELECT path FROM org_node WHERE id = $1`, [filter.orgId])
    if (!org) throw notFound('组织不存在')
    requireScope(user, org.path)
    rootPath = org.path
  }
  const items = (await staffingCounts(db, rootPath, REVIEWER_RATIO_SETTING)).map((row) => {
    const ratio = reviewerRatio(row.ratioSetting)
    const required = requiredReviewers(row.officers, ratio)
    return { agencyId: row.agencyId, name: row.name, officers: row.officers, reviewers: row.reviewers, required, ratio, ok: row.reviewers >= required }
  })
  return filter.underOnly ? items.filter((item) => !item.ok) : items
}
