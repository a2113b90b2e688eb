import { SUPERVISORY_ROLES, ROLE_LABELS, type Role } from './roles.ts'

/** F-05: supervisors and administrators see the subtree of their scope node; everyone else their own agency. */
export const isSupervisory = (roles: readonly Role[]) => roles.some((role) => SUPERVISORY_ROLES.includes(role))

/** Roles that sign documents or take decisions, which 执法辅助人员 may not (处罚法42). */
const DECIDING_ROLES: readonly Role[] = ['officer', 'head', 'reviewer']

/**
 * F-02 / 处罚法42: a set of roles one account may hold, or why not (Chinese). An auxiliary
 * is recorded but never counts as an officer, so the role cannot be combined with those
 * that act in the agency's name. The database holds the same rule (migration 0005).
 */
export function roleSetProblem(roles: readonly Role[]): string | undefined {
  if (roles.length === 0) return '至少选择一个角色'
  if (roles.includes('auxiliary')) {
    const deciding = roles.filter((role) => DECIDING_ROLES.includes(role))
    if (deciding.length) {
      return `执法辅助人员不能同时担任${deciding.map((role) => ROLE_LABELS[role].zh).join('、')}（行政处罚法第四十二条）`
    }
  }
  return undefined
}

/** F-05: only an administrator may make another administrator. */
export function grantProblem(actorRoles: readonly Role[], roles: readonly Role[]): string | undefined {
  if (roles.includes('admin') && !actorRoles.includes('admin')) return '只有系统管理员才能授予系统管理员角色'
  return undefined
}
