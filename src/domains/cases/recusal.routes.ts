import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { decideRecusal, listRecusals, recordRecusal, type RecusalRow } from './recusal.ts'

const tags = ['回避']
const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }

const RecordRecusal = z.strictObject({
  personId: z.uuid(),
  source: z.enum(['declared', 'application']).describe('declared：执法人员自行回避；application：当事人申请回避'),
  grounds: z.string().trim().min(1).max(2000).describe('利害关系或者申请理由'),
  appliedOn: z.iso.date().describe('声明或者申请的日期'),
  applicant: z.string().trim().min(1).max(100).optional().describe('申请人（当事人申请时必填）'),
})
const DecideRecusal = z.strictObject({
  granted: z.boolean(),
  grounds: z.string().trim().min(1).max(2000).describe('决定理由'),
  decidedOn: z.iso.date(),
})
const RecusalOut = z.object({
  id: z.string(),
  caseId: z.string(),
  personId: z.string(),
  personName: z.string(),
  source: z.enum(['declared', 'application']),
  grounds: z.string(),
  appliedOn: z.string(),
  applicant: z.string().nullable(),
  recordedAt: z.string(),
  status: z.enum(['in-force', 'pending', 'refused']),
  decision: z
    .object({ granted: z.boolean(), grounds: z.string(), decidedOn: z.string(), decidedBy: z.object({ id: z.string(), name: z.string() }), decidedAt: z.string() })
    .nullable(),
})
const recusalOut = ({ recordedBy: _recordedBy, recordedAt, ...row }: RecusalRow) => ({ ...row, recordedAt: recordedAt.toISOString() })

/** 处罚法43: declarations of and applications for 回避, and the head's decisions. */
export const recusalRoutes: RoutePlugin = (app, { db }) => {
  app.post(
    '/api/cases/:id/recusals',
    { schema: { tags, summary: '登记执法人员自行回避或者当事人的回避申请', params: IdParams, body: RecordRecusal, response: { 201: RecusalOut, ...errors } } },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(recusalOut(await recordRecusal(db, user, request.params.id, request.body, request.ip)))
    },
  )

  app.get(
    '/api/cases/:id/recusals',
    { schema: { tags, summary: '本案的回避记录', params: IdParams, response: { 200: z.object({ items: z.array(RecusalOut) }), ...errors } } },
    async (request) => {
      const user = currentUser(request)
      return { items: (await listRecusals(db, user, request.params.id, request.ip)).map(recusalOut) }
    },
  )

  app.post(
    '/api/recusals/:id/decision',
    { schema: { tags, summary: '负责人对回避申请作出决定', params: IdParams, body: DecideRecusal, response: { 200: RecusalOut, ...errors } } },
    async (request) => {
      const user = currentUser(request)
      return recusalOut(await decideRecusal(db, user, request.params.id, request.body, request.ip))
    },
  )
}
