import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { badRequest, ErrorBody } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { actionsWithoutRecord, officerDeadlineUse, officerLateDeadlines, stageRecordUse, type RecordUseQuery } from './record-use.ts'

const tags = ['记录使用']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }
const IsoDate = z.iso.date()
const Period = z.object({
  agencyId: z.uuid().optional().describe('只统计该机构（及其下级）；默认为本人数据范围'),
  from: IsoDate.optional().describe('起始日期，默认本年 1 月 1 日'),
  to: IsoDate.optional().describe('截止日期，默认今天'),
})
const Limit = z.coerce.number().int().min(1).max(500).default(100)

function period(q: z.infer<typeof Period>): RecordUseQuery {
  const today = todayInChina()
  const from = q.from ?? `${today.slice(0, 4)}-01-01`
  const to = q.to ?? today
  if (from > to) throw badRequest('BAD_PERIOD', '起始日期不得晚于截止日期')
  return { agencyId: q.agencyId, from, to, today }
}

/** where recording is weak, each number with the list of records behind it. */
export const recordUseRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/record-use',
    {
      schema: {
        tags,
        summary: '执法记录使用分析：现场执法环节缺少音像记录的比例、执法人员的逾期和超期办结',
        querystring: Period,
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            stages: z.array(z.object({ kind: z.string(), type: z.string(), actions: z.number(), withRecord: z.number(), withoutRecord: z.number(), missingShare: z.number() })),
            officers: z.array(z.object({ personId: z.string(), name: z.string(), agencyName: z.string(), deadlines: z.number(), overdueOpen: z.number(), metLate: z.number() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const q = period(request.query)
      const [stages, officers] = [await stageRecordUse(db, user, q), await officerDeadlineUse(db, user, q)]
      return { from: q.from, to: q.to, stages, officers }
    },
  )

  app.get(
    '/api/record-use/actions-without-record',
    {
      schema: {
        tags,
        summary: '某一现场执法环节中没有照片、录音或录像的执法行为（钻取）',
        querystring: Period.extend({ kind: z.string().min(1).max(20), type: z.string().min(1).max(20), limit: Limit }),
        response: {
          200: z.object({ items: z.array(z.object({ caseId: z.string(), caseNumber: z.string(), agencyName: z.string(), actionId: z.string(), actedOn: z.string(), officers: z.array(z.string()) })) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { kind, type, limit, ...rest } = request.query
      return { items: await actionsWithoutRecord(db, currentUser(request), { ...period(rest), kind, type, limit }) }
    },
  )

  app.get(
    '/api/record-use/officer-deadlines',
    {
      schema: {
        tags,
        summary: '某一执法人员逾期未办或超期办结的期限（钻取）',
        querystring: Period.extend({ personId: z.uuid(), limit: Limit }),
        response: {
          200: z.object({
            items: z.array(z.object({ caseId: z.string(), caseNumber: z.string(), agencyName: z.string(), ruleId: z.string(), label: z.string(), statute: z.string(), due: z.string(), metOn: z.string().nullable() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { personId, limit, ...rest } = request.query
      return { items: await officerLateDeadlines(db, currentUser(request), { ...period(rest), personId, limit }) }
    },
  )
}
