import type { AuthUser } from '../../../platform/access/scope.ts'
import { hasRole, inScope } from '../../../platform/access/scope.ts'

/** the marks of 案卷 material (处罚法50, 许可法5: 国家秘密、商业秘密、个人隐私 are kept confidential). */
export const SECRECY_LEVELS = ['state-secret', 'trade-secret', 'privacy'] as const
export type SecrecyLevel = (typeof SECRECY_LEVELS)[number]
export const SECRECY_LABELS: Record<SecrecyLevel, string> = {
  'state-secret': '国家秘密',
  'trade-secret': '商业秘密',
  privacy: '个人隐私',
}

/** how long one 调阅 stays open (the database allows at most 8 hours). */
export const RECORD_ACCESS_HOURS = 8
/** R-11 / F-06: a 调阅 needs a reason of at least this many characters. */
export const RECORD_ACCESS_MIN_REASON = 5

/**
 * the handling staff of a case are the officers, heads and reviewers of the owning
 * agency (the user's organisation lies inside the agency). A supervisor never is, even
 * when placed in the agency: supervision reads only through 调阅.
 */
export function isHandlingStaff(user: Pick<AuthUser, 'roles' | 'orgPath' | 'scopePath'>, agencyPath: string): boolean {
  if (hasRole(user, 'supervisor')) return false
  return hasRole(user, 'officer', 'head', 'reviewer') && user.orgPath.startsWith(agencyPath) && inScope(user, agencyPath)
}

/**
 * R-10 (处罚法50): why the user may not open material carrying `marks`, or null. 国家秘密
 * opens only with an explicit clearance of that level; 商业秘密 and 个人隐私 open for the
 * handling staff of the case, and for others with a clearance of that level.
 */
export function secrecyRefusal(
  marks: Array<SecrecyLevel | null | undefined>,
  reader: { handlingStaff: boolean; clearances: ReadonlySet<SecrecyLevel> },
): string | null {
  for (const level of new Set(marks)) {
    if (!level) continue
    if (reader.clearances.has(level)) continue
    if (level === 'state-secret') {
      return '该材料标为国家秘密，只有经授权知悉国家秘密的人员才能查阅（行政处罚法第五十条）；请联系系统管理员办理知悉授权'
    }
    if (!reader.handlingStaff) {
      return `该材料标为${SECRECY_LABELS[level]}，只有本案办案人员或经授权知悉${SECRECY_LABELS[level]}的人员才能查阅（行政处罚法第五十条）`
    }
  }
  return null
}
