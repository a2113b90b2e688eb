import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { openCaseForRead } from '../cases/record-access/case-read.ts'
import { addAgencyRule, publishedCatalogue, reviewNeed, ReviewCondition } from './catalogue.ts'

const tags = ['法制审核']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const Day = z.iso.date()
const Rule = z.object({
  id: z.string(), agencyId: z.string().nullable(), scope: z.enum(['全国默认', '本机关']), code: z.string(), version: z.number(), title: z.string(),
  source: z.string(), condition: z.record(z.string(), z.unknown()), effectiveFrom: z.string(), effectiveTo: z.string().nullable(),
})
const NewRule = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9-]{1,39}$/, '编号为大写字母、数字和连字符，2 至 40 位').describe('事项编号'),
  title: z.string().trim().min(1).max(300).describe('事项名称'),
  source: z.string().trim().min(1).max(300).describe('依据'),
  condition: ReviewCondition,
  effectiveFrom: Day.describe('生效日期'),
  effectiveTo: Day.nullable().optional().describe('失效日期'),
})

/** L-01 / L-02: whether a case needs legal review and why; the published catalogue; an agency's own rule versions. */
export const reviewCatalogueRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/cases/:id/review-need',
    {
      schema: {
        tags, summary: '案件是否属于重大执法决定（命中的目录事项）', params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ needed: z.boolean(), rules: z.array(z.object({ code: z.string(), title: z.string(), source: z.string() })) }), ...errors },
      },
    },
    async (request) => {
      await openCaseForRead(db, currentUser(request), request.params.id)
      return reviewNeed(db, request.params.id)
    },
  )
  app.get(
    '/api/review-catalogue',
    {
      schema: {
        tags, summary: '重大执法决定法制审核目录清单（公开；不指定机关时为全国默认目录）',
        querystring: z.object({ agency: z.uuid().optional().describe('机关') }),
        response: { 200: z.object({ rules: z.array(Rule) }), ...errors },
      },
    },
    async (request) => ({ rules: await publishedCatalogue(db, request.query.agency) }),
  )
  app.post(
    '/api/review-catalogue/:agency/rules',
    {
      schema: {
        tags, summary: '增加本机关目录事项（或事项的新版本）', params: z.object({ agency: z.uuid() }), body: NewRule,
        response: { 201: Rule, ...errors },
      },
    },
    async (request, reply) => {
      const rule = await addAgencyRule(db, currentUser(request), request.params.agency, request.body, request.ip)
      return reply.code(201).send({ ...rule, scope: '本机关' as const })
    },
  )
}
