import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { decideApproval, listApprovals, listCaseApprovals, requestApproval, type ApprovalRow } from './approvals.ts'

const tags = ['案件审批']
const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const DataValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])
const Person = z.object({ id: z.string(), name: z.string() })

/** The body of POST /api/cases/:id/actions, plus the reason for the request. */
const RequestApproval = z.strictObject({
  type: z.string().min(1).max(20),
  actedOn: z.iso.date(),
  officers: z.array(z.uuid()).max(20).optional(),
  data: z.record(z.string().max(50), DataValue).refine((d) => Object.keys(d).length <= 50, '字段过多').optional(),
  supersedesId: z.uuid().optional(),
  reason: z.string().trim().min(1).max(2000).describe('提请负责人批准的理由'),
})
const Decide = z.strictObject({
  approve: z.boolean(),
  opinion: z.string().max(2000).describe('审批意见；不予批准时必填'),
})

const ApprovalOut = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  caseKind: z.string(),
  partyName: z.string(),
  type: z.string(),
  actedOn: z.string(),
  officers: z.array(z.string()),
  data: z.record(z.string(), z.unknown()),
  supersedesId: z.string().nullable(),
  reason: z.string(),
  requestedBy: Person,
  requestedAt: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decision: z
    .object({ approved: z.boolean(), opinion: z.string(), decidedBy: Person, decidedAt: z.string(), actionId: z.string().nullable() })
    .nullable(),
})

const approvalOut = ({ agencyId: _agencyId, requestedAt, decision, ...row }: ApprovalRow) => ({
  ...row,
  requestedAt: requestedAt.toISOString(),
  decision: decision && { ...decision, decidedAt: decision.decidedAt.toISOString() },
})

/** requests for the head's approval of 立案, measures and decisions, and the head's decisions. */
export const approvalsRoutes: RoutePlugin = (app, { db }) => {
  app.post(
    '/api/cases/:id/approvals',
    {
      schema: {
        tags,
        summary: '提请机关负责人批准执法行为（立案、决定、强制措施、延期等）',
        params: IdParams,
        body: RequestApproval,
        response: { 201: ApprovalOut, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(approvalOut(await requestApproval(db, user, request.params.id, request.body, request.ip)))
    },
  )

  app.get(
    '/api/cases/:id/approvals',
    { schema: { tags, summary: '本案的审批申请', params: IdParams, response: { 200: z.object({ items: z.array(ApprovalOut) }), ...errors } } },
    async (request) => {
      const user = currentUser(request)
      return { items: (await listCaseApprovals(db, user, request.params.id, request.ip)).map(approvalOut) }
    },
  )

  app.get(
    '/api/approvals',
    {
      schema: {
        tags,
        summary: '负责人审批事项（数据范围内，先到先列）',
        querystring: z.object({ status: z.enum(['pending', 'decided']).default('pending') }),
        response: { 200: z.object({ items: z.array(ApprovalOut) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      return { items: (await listApprovals(db, user, request.query.status)).map(approvalOut) }
    },
  )

  app.post(
    '/api/approvals/:id/decision',
    {
      schema: {
        tags,
        summary: '负责人审批：批准即记录该执法行为，不予批准须写明意见',
        params: IdParams,
        body: Decide,
        response: { 200: ApprovalOut.extend({ actionId: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { approval, action } = await decideApproval(db, user, request.params.id, request.body, request.ip)
      return { ...approvalOut(approval), actionId: action?.id ?? null }
    },
  )
}
