// S-04: the supervisor's routes for 投诉举报 (the public intake is in src/portal/complaints.routes.ts).
import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { complaintQueue, readComplaint, recordComplaintAction, type QueuedComplaint } from './complaint-actions.ts'
import { COMPLAINT_ACTIONS, type ComplaintActionRow } from './store.ts'
import { COMPLAINT_KINDS } from './rules.ts'

const tags = ['投诉举报']
const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }

export const ComplaintOut = z.object({
  id: z.string(), receiptNo: z.string(), agencyId: z.string(), agencyName: z.string(), kind: z.enum(COMPLAINT_KINDS), content: z.string(),
  certNo: z.string().nullable(), caseRef: z.string().nullable(), caseId: z.string().nullable(), caseNumber: z.string().nullable(),
  anonymous: z.boolean(), complainantName: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), channel: z.string(),
  receivedAt: z.string(), receivedOn: z.string(), status: z.enum(COMPLAINT_ACTIONS), statusAt: z.string(), holderId: z.string(), holderName: z.string(),
  ageWorkingDays: z.number().int().describe('收到后经过的工作日（收到当日不计）'),
})
export const ComplaintActionOut = z.object({
  id: z.string(), type: z.enum(COMPLAINT_ACTIONS), toAgencyId: z.string().nullable(), toAgencyName: z.string().nullable(),
  reason: z.string().nullable(), result: z.string().nullable(), actedBy: z.string().nullable(), actedByName: z.string().nullable(), actedAt: z.string(),
})
const ActionIn = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('转办'), toAgencyId: z.uuid() }),
  z.strictObject({ type: z.literal('受理') }),
  z.strictObject({ type: z.literal('不予受理'), reason: z.string().trim().min(2, '请写明不予受理的理由').max(1000) }),
  z.strictObject({ type: z.literal('办结'), result: z.string().trim().min(2, '请写明办理结果').max(2000) }),
])

const complaintOut = (c: QueuedComplaint) => {
  const { agencyPath: _path, ...rest } = c
  return { ...rest, receivedAt: c.receivedAt.toISOString(), statusAt: c.statusAt.toISOString() }
}
const actionOut = (a: ComplaintActionRow) => ({ ...a, actedAt: a.actedAt.toISOString() })

export const complaintRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/complaints',
    {
      schema: {
        tags, summary: '投诉举报队列（本数据范围内的机关）：status=new 新收到（默认），open 未办结，all 全部；含收到后的工作日数',
        querystring: z.object({
          status: z.enum(['new', 'open', 'all']).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          offset: z.coerce.number().int().min(0).optional(),
          after: z.uuid().optional().describe('下一页：上一页返回的 next（按收到时间先后的键集翻页，N-02）'),
        }),
        response: { 200: z.object({ items: z.array(ComplaintOut), total: z.number(), next: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const { items, total, next } = await complaintQueue(db, currentUser(request), request.query)
      return { items: items.map(complaintOut), total, next }
    },
  )
  app.get(
    '/api/complaints/:id',
    { schema: { tags, summary: '一件投诉举报及其办理记录（含投诉人信息，查阅留痕）', params: IdParams, response: { 200: z.object({ complaint: ComplaintOut, actions: z.array(ComplaintActionOut) }), ...errors } } },
    async (request) => {
      const { complaint, actions } = await readComplaint(db, currentUser(request), request.params.id, request.ip)
      return { complaint: complaintOut(complaint), actions: actions.map(actionOut) }
    },
  )
  app.post(
    '/api/complaints/:id/actions',
    {
      schema: {
        tags, summary: '办理投诉举报（追加记录）：转办给执法机关、受理、不予受理（须写理由）、办结（须写结果）',
        params: IdParams, body: ActionIn, response: { 201: ComplaintActionOut, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(actionOut(await recordComplaintAction(db, currentUser(request), request.params.id, request.body, request.ip))),
  )
}
