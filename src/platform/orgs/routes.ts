import { z } from 'zod'
import type { RoutePlugin } from '../http/app.ts'
import { currentUser } from '../http/app.ts'
import { ErrorBody } from '../http/errors.ts'
import { requireRole } from '../access/scope.ts'
import { ORG_KINDS } from './rules.ts'
import { Org, NewOrg, OrgChange, OrgVersion } from './types.ts'
import { getOrg, listOrgs, listOrgVersions, toOrg } from './read-orgs.ts'
import { createOrg } from './create-org.ts'
import { updateOrg } from './update-org.ts'

const IdParams = z.strictObject({ id: z.uuid({ error: '组织 ID 格式不正确' }) })
const ListQuery = z.object({
  under: z.uuid({ error: '组织 ID 格式不正确' }).optional(),
  kind: z.enum(ORG_KINDS).optional(),
})
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }
const TAGS = ['组织机构']

/** The organisation tree (§0, F-05): everyone reads their scope; administrators extend and edit it. */
export const orgRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/orgs',
    { schema: { tags: TAGS, summary: '数据范围内的组织机构（平铺列表）', querystring: ListQuery, response: { 200: z.array(Org), ...errors } } },
    async (request) => (await listOrgs(db, currentUser(request), request.query)).map(toOrg),
  )

  app.get(
    '/api/orgs/:id',
    { schema: { tags: TAGS, summary: '组织机构详情', params: IdParams, response: { 200: Org, ...errors } } },
    async (request) => toOrg(await getOrg(db, currentUser(request), request.params.id)),
  )

  app.get(
    '/api/orgs/:id/versions',
    { schema: { tags: TAGS, summary: '组织机构的历史版本', params: IdParams, response: { 200: z.array(OrgVersion), ...errors } } },
    async (request) => listOrgVersions(db, currentUser(request), request.params.id),
  )

  app.post(
    '/api/orgs',
    {
      schema: {
        tags: TAGS,
        summary: '新建行政区域、执法主体或内设机构',
        body: NewOrg,
        response: { 201: Org, ...errors, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      requireRole(user, 'admin')
      const org = await createOrg(db, user, request.body, request.ip)
      return reply.code(201).send(toOrg(org))
    },
  )

  app.patch(
    '/api/orgs/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改组织机构名称、职责或启用状态',
        params: IdParams,
        body: OrgChange,
        response: { 200: Org, ...errors, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, 'admin')
      return toOrg(await updateOrg(db, user, request.params.id, request.body, request.ip))
    },
  )
}
