// P-02 / P-03: the 行政执法事项清单 and 服务指南: the agency's list and history for its staff,
// drafting by the agency's administrators and 法制机构, review by the 法制机构, the law-change
// lookup, and the public read API (approved versions only, no login).
import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody, notFound } from '../../platform/http/errors.ts'
import { requireScope } from '../../platform/access/scope.ts'
import { CASE_KINDS_OF_TYPE, ITEM_TYPES, TIME_LIMIT_UNITS } from './rules.ts'
import { CreateItem, DraftVersion, ItemDetail, ItemOut, PublicItem, ReturnBody, ReviewBody } from './schemas.ts'
import { agencyNode, findItem, itemDetail, listAgencyItems } from './store.ts'
import { createItem, draftVersion } from './draft-version.ts'
import { decideVersion, submitVersion } from './review-version.ts'
import { citingItems } from './citing-law.ts'
import { findPublishedItem, listPublishedItems } from './public.ts'

const tags = ['行政执法事项清单']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const IdParams = z.object({ id: z.uuid({ error: '事项编号不正确' }) })
const VersionParams = IdParams.extend({ version: z.coerce.number({ error: '版本号应为数字' }).int().min(1).max(1_000_000) })

export const itemsRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/items/types',
    {
      schema: {
        tags, summary: '事项类型、对应的执法流程图案件类别（P-04）和办理时限单位',
        response: { 200: z.object({ types: z.array(z.object({ type: z.string(), caseKinds: z.array(z.string()) })), timeLimitUnits: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      currentUser(request)
      return { types: ITEM_TYPES.map((type) => ({ type, caseKinds: [...CASE_KINDS_OF_TYPE[type]] })), timeLimitUnits: [...TIME_LIMIT_UNITS] }
    },
  )

  app.get(
    '/api/items',
    {
      schema: {
        tags, summary: '机关的行政执法事项清单：每项的最新版本及其状态、当前公示版本（本机关及上级数据范围内）',
        querystring: z.object({ agency: z.uuid({ error: '机关编号不正确' }).describe('机关') }),
        response: { 200: z.object({ items: z.array(ItemOut) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const agency = await agencyNode(db, request.query.agency)
      if (!agency) throw notFound('机关不存在')
      requireScope(user, agency.path)
      return { items: await listAgencyItems(db, agency.id) }
    },
  )

  app.get(
    '/api/items/citing',
    {
      schema: {
        tags, summary: '法律法规修改时：数据范围内当前公示版本引用该法的事项及所引条款，供重新起草',
        querystring: z.object({ law: z.string({ error: '请填写法律法规名称' }).trim().min(2, '法律法规名称不得少于2个字').max(100, '法律法规名称不得超过100个字') }),
        response: {
          200: z.object({
            items: z.array(z.object({
              itemId: z.string(), agencyId: z.string(), agencyName: z.string(), code: z.string(), name: z.string(), type: z.string(),
              version: z.number(), articles: z.array(z.string()), pendingVersion: z.number().nullable().describe('已起草的更新版本号'),
            })),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({ items: await citingItems(db, currentUser(request), request.query.law) }),
  )

  app.post(
    '/api/items',
    { schema: { tags, summary: '新建事项（第1版为草稿）', body: CreateItem, response: { 201: ItemDetail, ...errors } } },
    async (request, reply) => reply.code(201).send(await createItem(db, currentUser(request), request.body, request.ip)),
  )

  app.get(
    '/api/items/:id',
    { schema: { tags, summary: '事项及其全部版本（版本历史、审核记录）', params: IdParams, response: { 200: ItemDetail, ...errors } } },
    async (request) => {
      const user = currentUser(request)
      const item = await findItem(db, request.params.id)
      if (!item) throw notFound('事项不存在')
      requireScope(user, item.agencyPath)
      return itemDetail(db, item)
    },
  )

  app.post(
    '/api/items/:id/versions',
    { schema: { tags, summary: '起草新版本（草稿，经法制机构审核通过后公示）', params: IdParams, body: DraftVersion, response: { 201: ItemDetail, ...errors } } },
    async (request, reply) => reply.code(201).send(await draftVersion(db, currentUser(request), request.params.id, request.body, request.ip)),
  )

  app.post(
    '/api/items/:id/versions/:version/submit',
    { schema: { tags, summary: '提交法制机构审核', params: VersionParams, response: { 200: ItemDetail, ...errors } } },
    async (request) => submitVersion(db, currentUser(request), request.params.id, request.params.version, request.ip),
  )

  app.post(
    '/api/items/:id/versions/:version/approve',
    { schema: { tags, summary: '法制机构审核通过（公示该版本，取代此前的公示版本）；起草人不得审核', params: VersionParams, body: ReviewBody.optional(), response: { 200: ItemDetail, ...errors } } },
    async (request) => decideVersion(db, currentUser(request), request.params.id, request.params.version, 'approved', request.body?.comment, request.ip),
  )

  app.post(
    '/api/items/:id/versions/:version/return',
    { schema: { tags, summary: '法制机构退回（须说明理由）', params: VersionParams, body: ReturnBody, response: { 200: ItemDetail, ...errors } } },
    async (request) => decideVersion(db, currentUser(request), request.params.id, request.params.version, 'returned', request.body.comment, request.ip),
  )

  // Public, no login: what the portal shows.
  app.get(
    '/api/public/agencies/:id/items',
    {
      schema: {
        tags, summary: '公开：机关公示的行政执法事项清单（审核通过的现行版本）',
        params: z.object({ id: z.uuid({ error: '机关编号不正确' }) }),
        response: { 200: z.object({ items: z.array(PublicItem) }), ...errors },
      },
    },
    async (request) => ({ items: await listPublishedItems(db, request.params.id) }),
  )

  app.get(
    '/api/public/items/:id',
    {
      schema: {
        tags, summary: '公开：事项及服务指南（现行公示版本，或以 version 指定此前公示过的版本）',
        params: IdParams, querystring: z.object({ version: z.coerce.number({ error: '版本号应为数字' }).int().min(1).max(1_000_000).optional() }),
        response: { 200: PublicItem, ...errors },
      },
    },
    async (request) => {
      const item = await findPublishedItem(db, request.params.id, request.query.version)
      if (!item) throw notFound('事项不存在或尚未公示')
      return item
    },
  )
}
