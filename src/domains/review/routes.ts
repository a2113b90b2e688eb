import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { getReview, giveOpinion, listBureausFor, listReviews, referToBureau, registerJusticeBureau, resubmitReview, submitReview } from './review.ts'
import { assignReviewer, listCandidates } from './assign.ts'
import { reviewWarnings } from './warnings.ts'
import { listEscalations, recordCoordination } from './coordination.ts'
import { caseResponsibility, decideReview } from './responsibility.ts'
import { decideExtension, listPendingExtensions, requestExtension } from './extend.ts'

const tags = ['法制审核']
const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const Text = (max: number) => z.string().max(max)
const Proposal = z.strictObject({
  decision: Text(2000).describe('拟作决定'),
  penalties: z.array(Text(50)).max(20),
  fineAmount: z.number().nonnegative().max(1e12).optional(),
  basis: Text(5000).describe('法律依据'),
  facts: Text(10000).describe('事实依据'),
  reason: Text(5000).describe('建议及理由'),
})
const Submit = z.strictObject({ proposal: Proposal, statement: Text(5000).describe('情况说明'), flags: z.array(Text(50)).max(20).default([]) })
const Resubmit = z.strictObject({ answer: Text(5000).describe('对审核意见的答复'), proposal: Proposal.optional() })
const Finding = z.strictObject({ point: Text(50), finding: z.enum(['符合', '不符合', '不适用']), note: Text(2000).optional() })
const Opinion = z.strictObject({ kind: Text(20), reasons: Text(5000).default(''), findings: z.array(Finding).max(50) })
const Status = z.enum(['待分配', '审核中', '已退回', '已通过', '不同意'])
const QueueItem = z.object({
  id: z.string(), caseId: z.string(), caseNumber: z.string(), caseKind: z.string(), partyName: z.string(), round: z.number(),
  status: Status, receivedAt: z.string(), dueOn: z.string(), overdue: z.boolean(), extended: z.boolean(), reviewerName: z.string().nullable(),
})
const Detail = z.object({
  id: z.string(), caseId: z.string(), caseNumber: z.string(), status: Status,
  needRules: z.array(z.object({ id: z.string(), code: z.string(), title: z.string() })),
  package: z.object({
    items: z.array(z.object({ key: z.string(), title: z.string(), present: z.boolean(), refs: z.array(z.object({ kind: z.string(), id: z.string(), title: z.string() })) })),
    missing: z.array(z.string()),
    findings: z.array(z.unknown()),
  }),
  checklist: z.array(z.object({ point: z.string(), title: z.string() })),
  rounds: z.array(z.object({
    n: z.number(), submittedAt: z.string(), submittedBy: z.string(), answer: z.string().nullable(), proposal: z.record(z.string(), z.unknown()), dueOn: z.string(),
    opinion: z.object({ kind: z.string(), reasons: z.string(), findings: z.array(z.unknown()), by: z.string(), at: z.string() }).nullable(),
  })),
  extension: z.unknown().nullable(),
  assignee: z.string().nullable(),
  coordination: z.array(z.object({
    round: z.number(), unitOpinion: z.string(), participants: z.array(z.string()), outcome: z.string(), resolved: z.boolean(), by: z.string(), at: z.string(),
  })),
  referral: z.object({ bureauId: z.string(), bureauName: z.string(), reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  decision: z.object({
    outcome: z.string(), decision: z.string(), againstProposal: z.boolean(), againstOpinion: z.boolean(), reason: z.string(), by: z.string(), at: z.string(),
  }).nullable(),
  responsibility: z.object({
    handler: z.string().nullable(), reviewer: z.string().nullable(), head: z.string().nullable(), againstOpinion: z.boolean(),
    againstProposal: z.boolean(), againstReviewOpinion: z.boolean(), note: z.string(),
  }),
})

/** L-03 … L-05: submission, rounds, opinions, the queue and the detail of a review. */
export const reviewRoutes: RoutePlugin = (app, { db }) => {
  app.post(
    '/api/cases/:id/reviews',
    { schema: { tags, summary: '提交法制审核（送审材料、拟作决定、情况说明）', params: IdParams, body: Submit, response: { 201: z.object({ id: z.string() }), ...errors } } },
    async (request, reply) => reply.code(201).send(await submitReview(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
  app.post(
    '/api/reviews/:id/rounds',
    { schema: { tags, summary: '答复审核意见并重新送审', params: IdParams, body: Resubmit, response: { 201: z.object({ id: z.string(), round: z.number() }), ...errors } } },
    async (request, reply) => reply.code(201).send(await resubmitReview(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
  app.post(
    '/api/reviews/:id/rounds/:n/opinion',
    {
      schema: {
        tags, summary: '提出法制审核意见（逐项审核要点）',
        params: z.object({ id: z.uuid(), n: z.coerce.number().int().min(1).max(1000) }),
        body: Opinion, response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await giveOpinion(db, currentUser(request), request.params.id, request.params.n, request.body, request.ip)),
  )
  app.get(
    '/api/reviews',
    { schema: { tags, summary: '法制审核队列', querystring: z.object({ queue: z.enum(['mine', 'agency', 'submitted']).default('agency') }), response: { 200: z.object({ items: z.array(QueueItem) }), ...errors } } },
    async (request) => ({ items: await listReviews(db, currentUser(request), request.query.queue) }),
  )
  app.get(
    '/api/reviews/:id',
    { schema: { tags, summary: '法制审核详情', params: IdParams, response: { 200: Detail, ...errors } } },
    async (request) => getReview(db, currentUser(request), request.params.id),
  )
  app.get(
    '/api/reviews/:id/candidates',
    {
      schema: {
        tags, summary: '可分配的法制审核人员（本机关及法律顾问、公职律师共享库）', params: IdParams,
        response: {
          200: z.object({ items: z.array(z.object({
            personId: z.string(), name: z.string(), kind: z.string(), agencyId: z.string(), agencyName: z.string(), sharedPool: z.boolean(),
            firstTime: z.boolean(), legalQualification: z.boolean(), notQualified: z.boolean(), conflicted: z.boolean(), assigned: z.boolean(),
          })) }),
          ...errors,
        },
      },
    },
    async (request) => ({ items: await listCandidates(db, currentUser(request), request.params.id) }),
  )
  app.post(
    '/api/reviews/:id/assign',
    { schema: { tags, summary: '分配法制审核人员', params: IdParams, body: z.strictObject({ reviewerId: z.uuid() }), response: { 201: z.object({ reviewerId: z.string() }), ...errors } } },
    async (request, reply) => reply.code(201).send(await assignReviewer(db, currentUser(request), request.params.id, request.body.reviewerId, request.ip)),
  )
  app.post(
    '/api/reviews/:id/extension',
    {
      schema: {
        tags, summary: '申请延长审核期限（须经分管负责人批准）', params: IdParams, body: z.strictObject({ reason: Text(2000).describe('延期理由') }),
        response: { 201: z.object({ id: z.string(), days: z.number() }), ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await requestExtension(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
  app.get(
    '/api/review-extensions',
    {
      schema: {
        tags, summary: '待批准的延长审核期限申请',
        response: {
          200: z.object({ items: z.array(z.object({
            id: z.string(), reviewId: z.string(), caseNumber: z.string(), round: z.number(), days: z.number(), reason: z.string(), requestedBy: z.string(), dueOn: z.string(),
          })) }),
          ...errors,
        },
      },
    },
    async (request) => ({ items: await listPendingExtensions(db, currentUser(request)) }),
  )
  app.post(
    '/api/review-extensions/:id/decision',
    {
      schema: {
        tags, summary: '分管负责人批准或者不批准延长审核期限', params: IdParams,
        body: z.strictObject({ approve: z.boolean(), opinion: Text(2000).default('') }),
        response: { 200: z.object({ approved: z.boolean(), dueOn: z.string() }), ...errors },
      },
    },
    async (request) => decideExtension(db, currentUser(request), request.params.id, request.body, request.ip),
  )
  app.get(
    '/api/reviews/warnings',
    {
      schema: {
        tags, summary: '法制审核期限预警（已超期、今日到期、明日到期）',
        response: {
          200: z.object({ items: z.array(z.object({
            reviewId: z.string(), caseId: z.string(), caseNumber: z.string(), partyName: z.string(), round: z.number(), dueOn: z.string(),
            extended: z.boolean(), kind: z.enum(['overdue', 'due-today', 'due-tomorrow']), overdueWorkingDays: z.number(), reviewerName: z.string().nullable(),
          })) }),
          ...errors,
        },
      },
    },
    async (request) => ({ items: await reviewWarnings(db, currentUser(request)) }),
  )
  app.post(
    '/api/reviews/:id/coordination',
    {
      schema: {
        tags, summary: '承办机构对审核意见有异议：记录意见与协调情况（未协调一致的报负责人决定）', params: IdParams,
        body: z.strictObject({
          unitOpinion: Text(5000).describe('承办机构意见'),
          participants: z.array(Text(100)).max(50).describe('参加协调人员'),
          outcome: Text(5000).describe('协调结果'),
          resolved: z.boolean().describe('是否协调一致'),
        }),
        response: { 201: z.object({ id: z.string(), escalated: z.boolean() }), ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await recordCoordination(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
  app.get(
    '/api/review-escalations',
    {
      schema: {
        tags, summary: '报请负责人决定的审核分歧',
        response: {
          200: z.object({ items: z.array(z.object({
            reviewId: z.string(), caseId: z.string(), caseNumber: z.string(), partyName: z.string(), round: z.number(), opinionKind: z.string(),
            unitOpinion: z.string(), outcome: z.string(), participants: z.array(z.string()),
          })) }),
          ...errors,
        },
      },
    },
    async (request) => ({ items: await listEscalations(db, currentUser(request)) }),
  )
  app.post(
    '/api/reviews/:id/decision',
    {
      schema: {
        tags, summary: '负责人决定（未采纳承办机构建议或者审核意见的须说明理由并予标注）', params: IdParams,
        body: z.strictObject({ outcome: z.enum(['proposal', 'opinion', 'other']), decision: Text(5000).describe('决定内容'), reason: Text(5000).default('') }),
        response: { 201: z.object({ againstProposal: z.boolean(), againstOpinion: z.boolean() }), ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await decideReview(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
  app.get(
    '/api/cases/:id/review-responsibility',
    {
      schema: {
        tags, summary: '案件的法制审核责任记录（承办人、审核人、负责人及未采纳意见标注）', params: IdParams,
        response: {
          200: z.object({
            marked: z.boolean(),
            reviews: z.array(z.object({
              reviewId: z.string(), submittedBy: z.array(z.string()), reviewers: z.array(z.string()), head: z.string().nullable(), outcome: z.string().nullable(),
              againstProposal: z.boolean(), againstOpinion: z.boolean(), reason: z.string(),
            })),
          }),
          ...errors,
        },
      },
    },
    async (request) => caseResponsibility(db, currentUser(request), request.params.id),
  )
  app.post(
    '/api/justice-bureaus',
    { schema: { tags, summary: '登记司法行政部门（承担以人民政府名义作出决定的法制审核）', body: z.strictObject({ orgId: z.uuid() }), response: { 201: z.object({ orgId: z.string() }), ...errors } } },
    async (request, reply) => reply.code(201).send(await registerJusticeBureau(db, currentUser(request), request.body.orgId, request.ip)),
  )
  app.get(
    '/api/reviews/:id/bureaus',
    { schema: { tags, summary: '可送审的司法行政部门（本级及上级人民政府）', params: IdParams, response: { 200: z.object({ items: z.array(z.object({ orgId: z.string(), name: z.string() })) }), ...errors } } },
    async (request) => ({ items: await listBureausFor(db, currentUser(request), request.params.id) }),
  )
  app.post(
    '/api/reviews/:id/referral',
    {
      schema: {
        tags, summary: '送司法行政部门审核（以人民政府名义作出的重大执法决定）', params: IdParams,
        body: z.strictObject({ bureauId: z.uuid(), reason: Text(2000).describe('送审理由') }),
        response: { 201: z.object({ bureauId: z.string() }), ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await referToBureau(db, currentUser(request), request.params.id, request.body, request.ip)),
  )
}
