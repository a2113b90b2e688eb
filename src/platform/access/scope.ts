import { forbidden } from '../http/errors.ts'
import type { Role } from './roles.ts'

export type AuthUser = {
  id: string
  username: string
  displayName: string
  roles: Role[]
  orgId: string
  orgPath: string
  /** Materialised path of the node whose subtree this user may read and write. */
  scopePath: string
  scopeOrgId: string
  personId: string | null
  locale: 'zh-CN' | 'en'
}

/** F-05: a record belongs to a user's scope when its organisation lies in the user's scope subtree. */
export function inScope(user: Pick<AuthUser, 'scopePath'>, orgPath: string): boolean {
  return orgPath.startsWith(user.scopePath)
}

export function requireScope(user: Pick<AuthUser, 'scopePath'>, orgPath: string | undefined): void {
  if (!orgPath || !inScope(user, orgPath)) throw forbidden('超出您的数据范围')
}

export function hasRole(user: Pick<AuthUser, 'roles'>, ...roles: Role[]): boolean {
  return roles.some((role) => user.roles.includes(role))
}

export function requireRole(user: Pick<AuthUser, 'roles'>, ...roles: Role[]): void {
  if (!hasRole(user, ...roles)) throw forbidden('您的角色无权执行此操作')
}
