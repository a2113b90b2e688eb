// Use cases for accounts (F-05). Every write is audited in its transaction (F-06).
// actor null is the local operator at the `zhifa user` command line, who already holds
// the database credentials; every other rule applies to them as to the API.
import type { Db, Queryable } from '../db/pool.ts'
import { audit } from '../audit/audit.ts'
import { AppError, badRequest, conflict, forbidden, notFound, ruleViolation } from '../http/errors.ts'
import { findOrg, findOrgAgency, type OrgNode } from '../orgs/store.ts'
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import { requireRole, requireScope, type AuthUser } from './scope.ts'
import { revokeSessions } from './sessions.ts'
import { grantProblem, isSupervisory, roleSetProblem } from './users.rules.ts'
import type { Role } from './roles.ts'

export type Actor = AuthUser | null

export type UserRecord = {
  id: string
  username: string
  displayName: string
  roles: Role[]
  orgId: string
  orgCode: string
  orgName: string
  orgPath: string
  scopeOrgId: string
  scopeCode: string
  scopePath: string
  personId: string | null
  locale: 'zh-CN' | 'en'
  active: boolean
  lockedUntil: Date | null
  createdAt: Date
}

const COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.roles, u.org_id AS "orgId", o.code AS "orgCode",
  o.name AS "orgName", o.path AS "orgPath", u.scope_org_id AS "scopeOrgId", s.code AS "scopeCode", s.path AS "scopePath",
  u.person_id AS "personId", u.locale, u.active, u.locked_until AS "lockedUntil", u.created_at AS "createdAt"`
const FROM = `app_user u JOIN org_node o ON o.id = u.org_id JOIN org_node s ON s.id = u.scope_org_id`

async function findUser(db: Queryable, id: string, forUpdate = false): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRecord>(`SELECT ${COLUMNS} FROM ${FROM} WHERE u.id = $1${forUpdate ? ' FOR UPDATE OF u' : ''}`, [id])
  return rows[0]
}

/** F-05: an admin manages an account only when both its organisation and its scope lie in the admin's scope. */
function requireManage(actor: Actor, target: UserRecord): void {
  if (!actor) return
  requireRole(actor, 'admin')
  requireScope(actor, target.orgPath)
  requireScope(actor, target.scopePath)
}

async function getManagedUser(db: Queryable, actor: Actor, id: string): Promise<UserRecord> {
  const target = await findUser(db, id, true)
  if (!target) throw notFound('用户不存在')
  requireManage(actor, target)
  return target
}

const uniqueRoles = (roles: readonly Role[]) => [...new Set(roles)]

function checkRoles(actor: Actor, roles: Role[]): void {
  const problem = roleSetProblem(roles)
  if (problem) throw ruleViolation('ROLES_INVALID', problem)
  const refused = actor && grantProblem(actor.roles, roles)
  if (refused) throw forbidden(refused)
}

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password) ?? (password.toLowerCase().includes(username.toLowerCase()) ? '密码不得包含用户名' : undefined)
  if (problem) throw badRequest('WEAK_PASSWORD', problem)
}

/**
 * F-05: the node whose subtree the account will see. Everyone but supervisors and
 * administrators sees their own agency; those may get a node inside the actor's scope.
 */
async function resolveScope(db: Queryable, actor: Actor, org: OrgNode, roles: Role[], scopeOrgId?: string): Promise<OrgNode> {
  if (isSupervisory(roles)) {
    const scope = scopeOrgId ? await findOrg(db, scopeOrgId) : org
    if (!scope) throw notFound('数据范围所指的组织不存在')
    if (actor && !scope.path.startsWith(actor.scopePath)) throw forbidden('不能授予超出您本人数据范围的数据范围')
    if (!scope.active) throw ruleViolation('ORG_INACTIVE', `组织“${scope.name}”已停用，不能作为数据范围`)
    return scope
  }
  const agency = await findOrgAgency(db, org.id)
  if (!agency) throw ruleViolation('USER_NEEDS_AGENCY', `“${org.name}”不是执法主体或其内设机构；非监督类用户必须隶属于执法主体`)
  if (scopeOrgId && scopeOrgId !== agency.id) {
    throw ruleViolation('SCOPE_NOT_ALLOWED', `非监督类用户的数据范围只能是本人所在的执法主体“${agency.name}”`)
  }
  return agency
}

export type NewUser = {
  username: string
  displayName: string
  password: string
  orgId: string
  scopeOrgId?: string
  roles: Role[]
  personId?: string
}

export async function createUser(db: Db, actor: Actor, input: NewUser, ip?: string): Promise<UserRecord> {
  if (actor) requireRole(actor, 'admin')
  const roles = uniqueRoles(input.roles)
  checkRoles(actor, roles)
  checkPassword(input.password, input.username)
  const passwordHash = await hashPassword(input.password)
  const id = await db.tx(async (tx) => {
    const org = await findOrg(tx, input.orgId)
    if (!org) throw notFound('所属组织不存在')
    if (actor) requireScope(actor, org.path)
    if (!org.active) throw ruleViolation('ORG_INACTIVE', `组织“${org.name}”已停用，不能在其下新建用户`)
    const scope = await resolveScope(tx, actor, org, roles, input.scopeOrgId)
    if (input.personId) await checkPerson(tx, input.personId, org)
    const { rows: taken } = await tx.query(`SELECT 1 FROM app_user WHERE username = $1`, [input.username])
    if (taken.length) throw conflict('USERNAME_TAKEN', `用户名 ${input.username} 已被使用`)
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO app_user (username, display_name, password_hash, org_id, scope_org_id, roles, person_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [input.username, input.displayName, passwordHash, org.id, scope.id, roles, input.personId ?? null],
    )
    const created = rows[0]!.id
    await audit(tx, {
      actor,
      ip,
      action: 'user.create',
      entity: 'user',
      entityId: created,
      orgId: org.id,
      detail: { username: input.username, roles, scopeOrgId: scope.id, personId: input.personId ?? null, ...(actor ? {} : { via: 'cli' }) },
    })
    return created
  })
  return (await findUser(db, id))!
}

/** The person record an account acts as must belong to the account's agency and have no other account. */
async function checkPerson(db: Queryable, personId: string, org: OrgNode): Promise<void> {
  const { rows } = await db.query<{ agencyId: string; linked: boolean }>(
    `SELECT p.agency_id AS "agencyId", EXISTS (SELECT 1 FROM app_user u WHERE u.person_id = p.id) AS linked FROM person p WHERE p.id = $1`,
    [personId],
  )
  const person = rows[0]
  if (!person) throw notFound('人员不存在')
  const agency = await findOrgAgency(db, org.id)
  if (person.agencyId !== agency?.id) throw ruleViolation('PERSON_OTHER_AGENCY', '该人员不属于此用户所在的执法主体')
  if (person.linked) throw conflict('PERSON_LINKED', '该人员已有账号')
}

export type UserChange = { roles?: Role[]; active?: boolean; displayName?: string; locale?: 'zh-CN' | 'en' }

/** Admins change roles and activation; anyone may change their own display name and language. */
export async function updateUser(db: Db, actor: AuthUser, id: string, change: UserChange, ip?: string): Promise<UserRecord> {
  const self = actor.id === id
  const adminChange = change.roles !== undefined || change.active !== undefined
  if (!self || adminChange) requireRole(actor, 'admin')
  if (Object.values(change).every((value) => value === undefined)) throw badRequest('NOTHING_TO_CHANGE', '请至少修改一项')
  await db.tx(async (tx) => {
    const target = self ? await findUser(tx, id, true) : await getManagedUser(tx, actor, id)
    if (!target) throw notFound('用户不存在')
    const roles = change.roles ? uniqueRoles(change.roles) : target.roles
    if (self && target.roles.includes('admin') && !roles.includes('admin')) {
      throw ruleViolation('SELF_DEMOTE', '不能取消自己的系统管理员角色，请由其他管理员操作')
    }
    if (self && change.active === false) throw ruleViolation('SELF_DEACTIVATE', '不能停用自己的账号')
    let scopeOrgId = target.scopeOrgId
    if (change.roles) {
      checkRoles(actor, roles)
      if (!isSupervisory(roles)) {
        const org = (await findOrg(tx, target.orgId))!
        scopeOrgId = (await resolveScope(tx, actor, org, roles)).id
      }
    }
    await tx.query(
      `UPDATE app_user SET roles = $2, scope_org_id = $3, active = COALESCE($4, active), display_name = COALESCE($5, display_name),
              locale = COALESCE($6, locale) WHERE id = $1`,
      [id, roles, scopeOrgId, change.active ?? null, change.displayName ?? null, change.locale ?? null],
    )
    if (change.active === false) await revokeSessions(tx, id)
    await audit(tx, { actor, ip, action: 'user.update', entity: 'user', entityId: id, orgId: target.orgId, detail: { ...change, scopeOrgId } })
  })
  return (await findUser(db, id))!
}

export async function unlockUser(db: Db, actor: AuthUser, id: string, ip?: string): Promise<UserRecord> {
  await db.tx(async (tx) => {
    const target = await getManagedUser(tx, actor, id)
    await tx.query(`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [id])
    await audit(tx, { actor, ip, action: 'user.unlock', entity: 'user', entityId: id, orgId: target.orgId })
  })
  return (await findUser(db, id))!
}

/**
 * A user changes their own password with the old one; an admin resets another user's.
 * Either way the other sessions of the account end, and a reset also lifts a lockout.
 */
export async function changePassword(
  db: Db,
  actor: AuthUser,
  id: string,
  input: { oldPassword?: string; newPassword: string },
  context: { ip?: string; sessionToken?: string | null } = {},
): Promise<void> {
  const self = actor.id === id
  if (!self) requireRole(actor, 'admin')
  const target = self ? await findUser(db, id) : await getManagedUser(db, actor, id)
  if (!target) throw notFound('用户不存在')
  if (self) {
    if (!input.oldPassword) throw badRequest('OLD_PASSWORD_REQUIRED', '修改本人密码须提供原密码')
    const { password_hash } = await db.one(`SELECT password_hash FROM app_user WHERE id = $1`, [id])
    if (!(await verifyPassword(password_hash, input.oldPassword))) throw new AppError(403, 'WRONG_PASSWORD', '原密码不正确')
  }
  checkPassword(input.newPassword, target.username)
  const passwordHash = await hashPassword(input.newPassword)
  await db.tx(async (tx) => {
    if (!self) await getManagedUser(tx, actor, id)
    await tx.query(`UPDATE app_user SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1`, [id, passwordHash])
    await revokeSessions(tx, id, self ? context.sessionToken : null)
    await audit(tx, { actor, ip: context.ip, action: self ? 'user.password.change' : 'user.password.reset', entity: 'user', entityId: id, orgId: target.orgId })
  })
}

/** F-05: the accounts of the organisations in the admin's scope, or in the part of it under orgId. */
export async function listUsers(
  db: Db,
  actor: Actor,
  filter: { orgId?: string; q?: string; limit?: number; offset?: number },
): Promise<UserRecord[]> {
  if (actor) requireRole(actor, 'admin')
  let root = actor?.scopePath ?? '/'
  if (filter.orgId) {
    const org = await findOrg(db, filter.orgId)
    if (!org) throw notFound('组织不存在')
    if (actor) requireScope(actor, org.path)
    root = org.path
  }
  const q = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  return db.many<UserRecord>(
    `SELECT ${COLUMNS} FROM ${FROM}
      WHERE o.path LIKE $1 || '%' AND ($2::text IS NULL OR u.username ILIKE $2 OR u.display_name ILIKE $2)
      ORDER BY o.path, u.username LIMIT $3 OFFSET $4`,
    [root, q, filter.limit ?? 100, filter.offset ?? 0],
  )
}

export async function getUser(db: Db, actor: AuthUser, id: string): Promise<UserRecord> {
  const target = await findUser(db, id)
  if (!target) throw notFound('用户不存在')
  if (actor.id !== id) {
    requireRole(actor, 'admin')
    requireScope(actor, target.orgPath)
  }
  return target
}
