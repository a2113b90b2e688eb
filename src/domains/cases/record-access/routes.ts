import { z } from 'zod'
import type { RoutePlugin } from '../../../platform/http/app.ts'
import { currentUser } from '../../../platform/http/app.ts'
import { ErrorBody, notFound } from '../../../platform/http/errors.ts'
import { requireRole, requireScope } from '../../../platform/access/scope.ts'
import { openRecordAccess } from './open-access.ts'
import { decideClearance, markSecrecy } from './secrecy.ts'
import { RECORD_ACCESS_MIN_REASON, SECRECY_LEVELS } from './rules.ts'
import { listAgencyAccesses, type RecordAccessRow } from './store.ts'

const tags = ['调阅与密级']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const IdParams = z.object({ id: z.uuid() })
export const SecrecyLevelSchema = z.enum(SECRECY_LEVELS).describe('state-secret 国家秘密 / trade-secret 商业秘密 / privacy 个人隐私')

const AccessOut = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  agencyId: z.string(),
  userId: z.string(),
  userName: z.string(),
  reason: z.string(),
  openedAt: z.string(),
  expiresAt: z.string(),
})
const accessOut = (a: RecordAccessRow) => ({
  id: a.id,
  caseId: a.caseId,
  caseNumber: a.caseNumber,
  agencyId: a.agencyId,
  userId: a.userId,
  userName: a.userName,
  reason: a.reason,
  openedAt: a.openedAt.toISOString(),
  expiresAt: a.expiresAt.toISOString(),
})

/** R-11 调阅 and R-10 secrecy marks and clearances. */
export const recordAccessRoutes: RoutePlugin = (app, { db }) => {
  app.post(
    '/api/cases/:id/access',
    {
      schema: {
        tags,
        summary: '调阅案件（监督人员，只读，限时，须说明理由）',
        params: IdParams,
        body: z.strictObject({ reason: z.string().trim().min(RECORD_ACCESS_MIN_REASON).max(500).describe('调阅理由') }),
        response: { 201: AccessOut, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const access = await openRecordAccess(db, user, request.params.id, request.body.reason, request.ip)
      return reply.code(201).send(accessOut(access))
    },
  )

  app.get(
    '/api/record-access',
    {
      schema: {
        tags,
        summary: '本机关案件被调阅的记录：何人、何时、何故、查阅了什么',
        querystring: z.object({
          agencyId: z.uuid(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: {
          200: z.object({
            items: z.array(AccessOut.extend({ reads: z.array(z.object({ entity: z.string(), entityId: z.string().nullable(), readAt: z.string() })) })),
            total: z.number(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, 'head', 'officer', 'reviewer', 'admin', 'supervisor')
      const agency = await db.maybeOne<{ path: string }>(`SELECT path FROM org_node WHERE id = $1 AND kind = 'agency'`, [request.query.agencyId])
      if (!agency) throw notFound('机关不存在')
      requireScope(user, agency.path)
      const { items, total } = await listAgencyAccesses(db, request.query.agencyId, request.query)
      return { items: items.map((a) => ({ ...accessOut(a), reads: a.reads.map((r) => ({ ...r, readAt: r.readAt.toISOString() })) })), total }
    },
  )

  app.post(
    '/api/cases/:id/secrecy',
    {
      schema: {
        tags,
        summary: '标注（或撤销）案件、文书、附件的密级',
        params: IdParams,
        body: z.strictObject({
          entity: z.enum(['case', 'document', 'attachment']),
          entityId: z.uuid().optional(),
          level: SecrecyLevelSchema.nullable(),
          reason: z.string().trim().min(2).max(500),
        }),
        response: { 201: z.object({ entity: z.string(), entityId: z.string(), level: z.string().nullable() }), ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(await markSecrecy(db, user, request.params.id, request.body, request.ip))
    },
  )

  app.post(
    '/api/secrecy-clearances',
    {
      schema: {
        tags,
        summary: '授予或收回用户的知悉授权（系统管理员）',
        body: z.strictObject({ userId: z.uuid(), level: SecrecyLevelSchema, granted: z.boolean(), reason: z.string().trim().min(2).max(500) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      await decideClearance(db, user, request.body, request.ip)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/secrecy-clearances',
    {
      schema: {
        tags,
        summary: '用户当前的知悉授权',
        querystring: z.object({ userId: z.uuid() }),
        response: { 200: z.object({ levels: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, 'admin')
      const target = await db.maybeOne<{ path: string }>(
        `SELECT o.path FROM app_user u JOIN org_node o ON o.id = u.org_id WHERE u.id = $1`,
        [request.query.userId],
      )
      if (!target) throw notFound('用户不存在')
      requireScope(user, target.path)
      const rows = await db.many<{ level: string }>(
        `SELECT level FROM secrecy_clearance_current WHERE user_id = $1 AND granted ORDER BY level`,
        [request.query.userId],
      )
      return { levels: rows.map((r) => r.level) }
    },
  )
}
