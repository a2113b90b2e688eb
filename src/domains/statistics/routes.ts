import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { listCellCases, publishReport, submitReport, viewReport } from './annual-report.ts'
import { REPORT_KINDS } from './rules.ts'

const tags = ['统计年报']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const Params = z.object({ orgId: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) })
const Totals = z.record(z.string(), z.number())
const Deadline = z.object({ due: z.string(), doneOn: z.string().nullable(), late: z.boolean(), warn: z.boolean(), dueIsWorkingDay: z.boolean() })
const Version = z.object({
  id: z.string(), version: z.number(), totals: Totals, note: z.string().nullable(), createdAt: z.date(),
  submittedOn: z.string().nullable(), submitDue: z.string().nullable(), submitLate: z.boolean().nullable(),
  publishedOn: z.string().nullable(), publishDue: z.string().nullable(), publishLate: z.boolean().nullable(),
})
const Report = z.object({
  org: z.object({ id: z.string(), name: z.string(), kind: z.string(), path: z.string() }),
  year: z.number(), rule: z.string(), kinds: z.array(z.string()), totals: Totals, agencies: z.number(),
  children: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), totals: Totals, agencies: z.number() })),
  status: z.enum(['draft', 'submitted', 'published']), changedSinceFrozen: z.boolean(),
  submit: Deadline, publish: Deadline, versions: z.array(Version), bureauId: z.string().nullable(),
})

/** P-14: the annual report — computed draft, 报送, 公开, and the cases behind every number. */
export const statisticsRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/annual-reports/:orgId/:year',
    {
      schema: {
        tags, summary: '行政执法统计年报：按本机构及下级汇总的数字（草稿为实时统计），已报送、公开的版本与期限', params: Params,
        response: { 200: Report, ...errors },
      },
    },
    async (request) => viewReport(db, currentUser(request), request.params.orgId, request.params.year),
  )
  app.get(
    '/api/annual-reports/:orgId/:year/cases',
    {
      schema: {
        tags, summary: '统计年报某一数字所计入的案件（钻取，按决定日期和案件编号分页）', params: Params,
        querystring: z.object({
          kind: z.enum(REPORT_KINDS),
          after: z.string().max(60).optional().describe('上一页返回的 next'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({
            items: z.array(z.object({ caseId: z.string(), number: z.string(), caseKind: z.string(), agencyName: z.string(), agencyId: z.string(), decidedOn: z.string(), actionId: z.string() })),
            next: z.string().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => listCellCases(db, currentUser(request), { ...request.params, ...request.query }),
  )
  app.post(
    '/api/annual-reports/:orgId/:year/submit',
    {
      schema: {
        tags, summary: '报送司法行政部门（次年1月10日前）；数字冻结为一个版本，重新统计须附更正说明', params: Params,
        body: z.strictObject({ note: z.string().min(1).max(2000).optional() }).default({}),
        response: {
          201: z.object({ id: z.string(), version: z.number(), totals: Totals, submittedOn: z.string(), due: z.string(), late: z.boolean(), bureauId: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await submitReport(db, currentUser(request), request.params.orgId, request.params.year, request.body ?? {}, request.ip)),
  )
  app.post(
    '/api/annual-reports/:orgId/:year/publish',
    {
      schema: {
        tags, summary: '向社会公开（次年1月31日前）最新报送的版本；公开后数字不再改变', params: Params,
        response: { 201: z.object({ id: z.string(), version: z.number(), totals: Totals, publishedOn: z.string(), due: z.string(), late: z.boolean() }), ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await publishReport(db, currentUser(request), request.params.orgId, request.params.year, request.ip)),
  )
}
