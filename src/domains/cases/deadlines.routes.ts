import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody, notFound } from '../../platform/http/errors.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { todayInChina } from '../../platform/clock.ts'
import { findCase } from './store.ts'
import { listCaseDeadlines } from './case-deadlines.ts'
import { listOpenDeadlines } from './deadline-lists.ts'

const tags = ['案件期限']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }
const Status = z.enum(['ok', 'near-due', 'overdue']).describe('ok 正常、near-due 临期、overdue 逾期（已办结的：按期为 ok，超期为 overdue）')
const READERS = ['officer', 'head', 'reviewer', 'supervisor', 'admin'] as const

const CaseDeadlineOut = z.object({
  ruleId: z.string(),
  label: z.string().describe('期限名称'),
  statute: z.string().describe('设定期限的法条'),
  obligor: z.enum(['agency', 'party']).describe('agency 行政机关须在期限内作为；party 当事人的期限'),
  startDate: z.string(),
  due: z.string().describe('届满日'),
  status: Status,
  confirmed: z.boolean().describe('false：期间所涉年份尚无国务院办公厅放假通知'),
  basis: z.string().describe('计算依据'),
  length: z.number(),
  unit: z.enum(['working-days', 'calendar-days', 'months']),
  extended: z.number(),
  suspendedDays: z.number(),
  suspendedSince: z.string().nullable(),
  metOn: z.string().nullable(),
  sourceActionId: z.string(),
  lateSurcharge: z.object({ daysLate: z.number(), surchargeFen: z.number(), capped: z.boolean() }).nullable().describe('行政处罚法第七十二条 加处罚款（分）'),
})

const Counts = z.object({ nearDue: z.number(), overdue: z.number() })
const OpenDeadlineOut = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  kind: z.string(),
  partyName: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  ruleId: z.string(),
  label: z.string(),
  statute: z.string(),
  startDate: z.string(),
  due: z.string(),
  status: z.enum(['ok', 'near-due', 'overdue']),
  confirmed: z.boolean(),
  sourceActionId: z.string(),
  responsible: z.array(z.object({ userId: z.string(), name: z.string() })).describe('立案人和执法人员中有账号的'),
  officers: z.array(z.string()).describe('执法人员（人员编号）'),
})
const Cursor = z.string().regex(/^\d{4}-\d{2}-\d{2}~[0-9a-f-]{36}~[0-9a-f-]{36}~[a-z-]{1,40}$/, '游标格式不正确')

/** R-03 / S-01: the deadlines of a case, and the near-due and overdue lists of a scope. */
export const deadlinesRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/cases/:id/deadlines',
    {
      schema: {
        tags,
        summary: '案件的法定期限（届满日、状态、法条依据）',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ today: z.string(), items: z.array(CaseDeadlineOut) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, ...READERS)
      const found = await findCase(db, request.params.id)
      if (!found) throw notFound('案件不存在')
      requireScope(user, found.path)
      const today = todayInChina()
      return { today, items: await listCaseDeadlines(db, found.id, today) }
    },
  )

  app.get(
    '/api/deadlines',
    {
      schema: {
        tags,
        summary: '临期、逾期的行政机关期限（数据范围内），按人员和执法主体计数',
        querystring: z.strictObject({
          status: z.enum(['near-due', 'overdue', 'open']).optional().describe('缺省：临期和逾期；open：全部未办结'),
          agencyId: z.uuid().optional(),
          officerId: z.uuid().optional().describe('用户编号或人员编号：立案人或执法人员'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: Cursor.optional(),
        }),
        response: {
          200: z.object({
            today: z.string(),
            items: z.array(OpenDeadlineOut),
            nextCursor: z.string().nullable(),
            total: z.number(),
            byAgency: z.array(Counts.extend({ agencyId: z.string(), agencyName: z.string() })),
            byPerson: z.array(Counts.extend({ userId: z.string(), name: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, ...READERS)
      const { agencyId } = request.query
      if (agencyId) {
        const agency = await db.maybeOne<{ path: string }>(`SELECT path FROM org_node WHERE id = $1`, [agencyId])
        requireScope(user, agency?.path)
      }
      return listOpenDeadlines(db, { scopePath: user.scopePath, today: todayInChina(), ...request.query })
    },
  )
}
