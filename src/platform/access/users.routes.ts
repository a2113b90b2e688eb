import { z } from 'zod'
import type { RoutePlugin } from '../http/app.ts'
import { currentUser } from '../http/app.ts'
import { ErrorBody } from '../http/errors.ts'
import { requireRole } from './scope.ts'
import { ROLES, ROLE_LABELS } from './roles.ts'
import { changePassword, createUser, getUser, listUsers, unlockUser, updateUser, type UserRecord } from './users.ts'

export const Username = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, '用户名须为 3–40 位小写字母、数字、点、下划线或连字符，以字母或数字开头')
const Password = z.string().min(1, '请输入密码').max(128, '密码不得超过 128 位')
const DisplayName = z.string().trim().min(1, '请填写姓名').max(50, '姓名不得超过 50 个字')
const Roles = z.array(z.enum(ROLES)).min(1, '至少选择一个角色').max(ROLES.length)
const Locale = z.enum(['zh-CN', 'en'])

export const User = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  roleLabels: z.array(z.string()),
  orgId: z.uuid(),
  orgCode: z.string(),
  orgName: z.string(),
  scopeOrgId: z.uuid(),
  scopeCode: z.string(),
  personId: z.uuid().nullable(),
  locale: Locale,
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
})

export const NewUserBody = z.strictObject({
  username: Username,
  displayName: DisplayName,
  password: Password,
  orgId: z.uuid({ error: '所属组织 ID 格式不正确' }),
  scopeOrgId: z.uuid({ error: '数据范围组织 ID 格式不正确' }).optional(),
  roles: Roles,
  personId: z.uuid({ error: '人员 ID 格式不正确' }).optional(),
})

const UserChangeBody = z.strictObject({
  roles: Roles.optional(),
  active: z.boolean().optional(),
  displayName: DisplayName.optional(),
  locale: Locale.optional(),
})

const PasswordBody = z.strictObject({
  oldPassword: Password.optional(),
  newPassword: Password,
})

const IdParams = z.strictObject({ id: z.uuid({ error: '用户 ID 格式不正确' }) })
const ListQuery = z.object({
  orgId: z.uuid({ error: '组织 ID 格式不正确' }).optional(),
  q: z.string().trim().min(1).max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }
const TAGS = ['用户与权限']

const toUser = ({ orgPath, scopePath, lockedUntil, createdAt, ...user }: UserRecord): z.infer<typeof User> => ({
  ...user,
  roleLabels: user.roles.map((role) => ROLE_LABELS[role].zh),
  lockedUntil: lockedUntil && lockedUntil > new Date() ? lockedUntil.toISOString() : null,
  createdAt: createdAt.toISOString(),
})

/** Accounts (F-05): administrators manage those in their scope; everyone their own name, language and password. */
export const userRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/users',
    { schema: { tags: TAGS, summary: '数据范围内的用户', querystring: ListQuery, response: { 200: z.array(User), ...errors } } },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, 'admin')
      return (await listUsers(db, user, request.query)).map(toUser)
    },
  )

  app.get(
    '/api/users/:id',
    { schema: { tags: TAGS, summary: '用户详情', params: IdParams, response: { 200: User, ...errors } } },
    async (request) => toUser(await getUser(db, currentUser(request), request.params.id)),
  )

  app.post(
    '/api/users',
    { schema: { tags: TAGS, summary: '新建用户', body: NewUserBody, response: { 201: User, ...errors, 409: ErrorBody, 422: ErrorBody } } },
    async (request, reply) => {
      const user = currentUser(request)
      requireRole(user, 'admin')
      return reply.code(201).send(toUser(await createUser(db, user, request.body, request.ip)))
    },
  )

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改用户角色、启用状态、姓名或语言',
        params: IdParams,
        body: UserChangeBody,
        response: { 200: User, ...errors, 422: ErrorBody },
      },
    },
    async (request) => toUser(await updateUser(db, currentUser(request), request.params.id, request.body, request.ip)),
  )

  app.post(
    '/api/users/:id/unlock',
    { schema: { tags: TAGS, summary: '解除登录锁定', params: IdParams, response: { 200: User, ...errors } } },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, 'admin')
      return toUser(await unlockUser(db, user, request.params.id, request.ip))
    },
  )

  app.post(
    '/api/users/:id/password',
    {
      schema: { tags: TAGS, summary: '修改本人密码或重置他人密码', params: IdParams, body: PasswordBody, response: { 204: z.null(), ...errors } },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await changePassword(db, currentUser(request), request.params.id, request.body, { ip: request.ip, sessionToken: request.sessionToken })
      return reply.code(204).send(null)
    },
  )
}
