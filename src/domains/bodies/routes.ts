import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody, notFound } from '../../platform/http/errors.ts'
import { requireScope } from '../../platform/access/scope.ts'
import { BodyDetail, BodyList, BodyOut, BodyVersion, CreateBody, PublishBody, UpdateBody } from './schemas.ts'
import { findBody, listBodies, listBodyVersions, listUnits, type BodyRow } from './store.ts'
import { createBody } from './create-body.ts'
import { updateBody } from './update-body.ts'
import { publishBody } from './publish-body.ts'

const tags = ['执法主体']
const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }

const out = (row: BodyRow) => {
  const { path: _path, updatedAt, ...rest } = row
  return { ...rest, updatedAt: updatedAt.toISOString() }
}

/** F-01: the 执法主体 registry. */
export const bodiesRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/bodies',
    {
      schema: {
        tags,
        summary: '执法主体列表（数据范围内）',
        querystring: z.object({
          q: z.string().max(100).optional(),
          domain: z.string().max(30).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: BodyList, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { items, total } = await listBodies(db, { scopePath: user.scopePath, ...request.query })
      return { items: items.map(out), total }
    },
  )

  app.get(
    '/api/bodies/:id',
    { schema: { tags, summary: '执法主体详情', params: IdParams, response: { 200: BodyDetail, ...errors } } },
    async (request) => {
      const user = currentUser(request)
      const row = await findBody(db, request.params.id)
      if (!row) throw notFound('执法主体不存在')
      requireScope(user, row.path)
      return { ...out(row), units: await listUnits(db, row.id) }
    },
  )

  app.post(
    '/api/bodies',
    { schema: { tags, summary: '登记执法主体', body: CreateBody, response: { 201: BodyOut, ...errors } } },
    async (request, reply) => {
      const user = currentUser(request)
      const row = await createBody(db, user, request.body, request.ip)
      return reply.code(201).send(out(row))
    },
  )

  app.patch(
    '/api/bodies/:id',
    { schema: { tags, summary: '修改执法主体（生成新版本）', params: IdParams, body: UpdateBody, response: { 200: BodyOut, ...errors } } },
    async (request) => out(await updateBody(db, currentUser(request), request.params.id, request.body, request.ip)),
  )

  app.post(
    '/api/bodies/:id/publish',
    { schema: { tags, summary: '公示执法主体当前版本', params: IdParams, body: PublishBody.optional(), response: { 200: BodyOut, ...errors } } },
    async (request) => out(await publishBody(db, currentUser(request), request.params.id, request.body?.expectedVersion, request.ip)),
  )

  app.get(
    '/api/bodies/:id/versions',
    { schema: { tags, summary: '执法主体历史版本', params: IdParams, response: { 200: z.object({ items: z.array(BodyVersion) }), ...errors } } },
    async (request) => {
      const user = currentUser(request)
      const row = await findBody(db, request.params.id)
      if (!row) throw notFound('执法主体不存在')
      requireScope(user, row.path)
      const versions = await listBodyVersions(db, row.id)
      return {
        items: versions.map((v) => ({
          ...v,
          changedAt: v.changedAt.toISOString(),
          published: v.publishedAt !== null,
          publishedAt: v.publishedAt?.toISOString() ?? null,
        })),
      }
    },
  )
}
