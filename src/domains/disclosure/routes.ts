import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import {
  correctPublication, listDrafts, previewPublication, publicationStats, publishPublication, recordNonPublication, withdrawPublication,
} from './publications.ts'
import { WITHDRAWAL_TRIGGERS } from './rules.ts'

const tags = ['事后公开']
const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const Span = z.object({ start: z.number(), end: z.number(), kind: z.string(), rule: z.string() })
const DraftItem = z.object({
  id: z.string(), publicId: z.string(), kind: z.string(), agencyName: z.string(), domain: z.string().nullable(), priority: z.boolean(),
  caseId: z.string().nullable(), decidedOn: z.string(), dueOn: z.string(), dueConfirmed: z.boolean(), overdue: z.boolean(), warn: z.boolean(),
})
const Preview = z.object({
  id: z.string(), publicId: z.string(), kind: z.string(), priority: z.boolean(), decidedOn: z.string(), dueOn: z.string(), dueBasis: z.string(),
  status: z.string(), title: z.string(), body: z.string(), spans: z.array(Span), fields: z.record(z.string(), z.string()),
  fieldSpans: z.record(z.string(), z.array(Span)), periodClass: z.string(), minorParty: z.boolean(), versions: z.array(z.unknown()),
})
const Written = z.object({ id: z.string(), publicId: z.string(), versionId: z.string() }).passthrough()

/** P-08 … P-12, P-17: the disclosure officer's routes. */
export const disclosureRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/publications',
    {
      schema: {
        tags, summary: '待公开的执法决定（草稿）及其公开期限；due=overdue 逾期、due=soon 即将到期',
        querystring: z.object({ due: z.enum(['overdue', 'soon']).optional() }),
        response: { 200: z.object({ items: z.array(DraftItem) }), ...errors },
      },
    },
    async (request) => ({ items: await listDrafts(db, currentUser(request), request.query.due) }),
  )
  app.get(
    '/api/publications/stats',
    {
      schema: {
        tags, summary: '公示准确率：各机关按期/逾期公开、更正、撤回、不予公开',
        response: { 200: z.object({ items: z.array(z.object({
          agencyId: z.string(), agencyName: z.string(), published: z.number(), onTime: z.number(), late: z.number(), corrections: z.number(),
          correctionsPer100: z.number(), withdrawals: z.number(), withdrawalsLate: z.number(), notPublished: z.number(), draftsOverdue: z.number(),
        })) }), ...errors },
      },
    },
    async (request) => ({ items: await publicationStats(db, currentUser(request)) }),
  )
  app.get(
    '/api/publications/:id/preview',
    { schema: { tags, summary: '公示预览：脱敏后的文本与每处脱敏位置', params: IdParams, response: { 200: Preview, ...errors } } },
    async (request) => previewPublication(db, currentUser(request), request.params.id),
  )
  app.post(
    '/api/publications/:id/publish',
    {
      schema: {
        tags, summary: '公开（脱敏后的文本；修改的文本会再次脱敏）', params: IdParams,
        body: z.strictObject({ title: z.string().min(1).max(300).optional(), body: z.string().min(1).max(50000).optional() }).default({}),
        response: { 201: Written, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await publishPublication(db, currentUser(request), request.params.id, request.body ?? {}, request.ip)),
  )
  app.post(
    '/api/publications/:id/correct',
    {
      schema: {
        tags, summary: '更正（新版本，附更正说明）', params: IdParams,
        body: z.strictObject({ text: z.string().min(1).max(50000), title: z.string().min(1).max(300).optional(), note: z.string().min(1).max(2000) }),
        response: { 201: Written, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await correctPublication(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
  app.post(
    '/api/publications/:id/withdraw',
    {
      schema: {
        tags, summary: '撤回（原决定被撤销、确认违法、确认无效、变更或重新作出，3个工作日内，公开理由）', params: IdParams,
        body: z.strictObject({ reason: z.string().min(1).max(2000), trigger: z.enum(WITHDRAWAL_TRIGGERS), triggerDate: Day }),
        response: { 201: Written, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await withdrawPublication(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
  app.post(
    '/api/publications/:id/non-publication',
    {
      schema: {
        tags, summary: '不予公开（须依法说明理由并经机关负责人批准）', params: IdParams,
        body: z.strictObject({ ground: z.string().min(1).max(100), basis: z.string().min(1).max(2000), approverId: z.uuid() }),
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await recordNonPublication(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
}
