import { z } from 'zod'
import type { RoutePlugin } from '../http/app.ts'
import { currentUser } from '../http/app.ts'
import { ErrorBody } from '../http/errors.ts'
import { requireRole } from '../access/scope.ts'
import { todayInChina } from '../clock.ts'
import { FIRST_YEAR, LAST_YEAR } from './dates.ts'
import { MAX_CALENDAR_DAYS, MAX_WORKING_DAYS } from './calendar.ts'
import { computeDue, enterNotice, listEnteredNotices, listYears, requireReadableOrg, yearCalendar } from './calendar-service.ts'

const TAGS = ['工作日历']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }
const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
const Year = z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR)
const OrgId = z.uuid({ error: '组织 ID 格式不正确' })

const YearSummary = z.object({
  year: z.number(),
  confirmed: z.boolean(),
  source: z.enum(['builtin', 'database', 'statutory']),
  number: z.string().nullable(),
  title: z.string().nullable(),
  editable: z.boolean(),
})

const YearCalendar = z.object({
  year: z.number(),
  confirmed: z.boolean(),
  source: z.enum(['builtin', 'database', 'statutory']),
  number: z.string().nullable(),
  title: z.string().nullable(),
  /** holiday: a day off; workday: a weekend day worked (调休上班). */
  days: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() })),
})

const DueQuery = z.strictObject({
  from: DateString,
  n: z.coerce.number().int().min(1).max(MAX_CALENDAR_DAYS),
  mode: z.enum(['working', 'calendar']).default('working'),
  orgId: OrgId.optional(),
})

const Due = z.object({
  due: z.string(),
  confirmed: z.boolean(),
  unconfirmedYears: z.array(z.number()),
  basis: z.string(),
})

const NoticeDay = z.strictObject({
  date: DateString,
  off: z.boolean(),
  name: z.string().trim().min(1).max(30),
})

const NewNotice = z.strictObject({
  year: z.number().int().min(FIRST_YEAR).max(LAST_YEAR),
  regionOrgId: OrgId.nullable().optional(),
  number: z.string().trim().min(1).max(60).nullable().optional(),
  title: z.string().trim().min(2).max(200),
  days: z.array(NoticeDay).min(1).max(200),
})

const Notice = z.object({
  id: z.string(),
  year: z.number(),
  regionOrgId: z.string().nullable(),
  regionName: z.string().nullable(),
  number: z.string().nullable(),
  title: z.string(),
  days: z.array(z.object({ date: z.string(), off: z.boolean(), name: z.string() })),
  enteredVia: z.enum(['api', 'cli']),
  enteredAt: z.string(),
  inForce: z.boolean(),
})

/** F-04: the working-day calendar. Every signed-in user reads it; only administrators enter notices. */
export const calendarRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/calendar/years',
    { schema: { tags: TAGS, summary: '各年份放假安排是否已确认及其来源', response: { 200: z.array(YearSummary), ...errors } } },
    async (request) => {
      currentUser(request)
      return listYears(db, todayInChina())
    },
  )

  app.get(
    '/api/calendar/due',
    {
      schema: {
        tags: TAGS,
        summary: '计算期限届满日（工作日或自然日，起算日不计入）',
        description: `工作日期限不超过 ${MAX_WORKING_DAYS} 个工作日；orgId 指定时包含该组织所在地区的地区性假日。`,
        querystring: DueQuery,
        response: { 200: Due, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { orgId, ...input } = request.query
      if (orgId) await requireReadableOrg(db, user, orgId)
      return computeDue(db, { ...input, orgId: orgId ?? null })
    },
  )

  app.get(
    '/api/calendar/notices',
    {
      schema: {
        tags: TAGS,
        summary: '已录入的放假通知与地区性假日（含被替换的）',
        querystring: z.strictObject({ year: Year.optional() }),
        response: { 200: z.array(Notice), ...errors },
      },
    },
    async (request) => listEnteredNotices(db, currentUser(request), request.query.year),
  )

  app.post(
    '/api/calendar/notices',
    {
      schema: {
        tags: TAGS,
        summary: '录入国务院办公厅放假通知或地区性假日',
        body: NewNotice,
        response: { 201: Notice, ...errors, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      requireRole(user, 'admin')
      const body = request.body
      const notice = await enterNotice(
        db,
        { year: body.year, regionOrgId: body.regionOrgId ?? null, number: body.number ?? null, title: body.title, days: body.days },
        { user, via: 'api', ip: request.ip },
      )
      return reply.code(201).send(notice)
    },
  )

  app.get(
    '/api/calendar/:year',
    {
      schema: {
        tags: TAGS,
        summary: '某年的放假日与调休上班日',
        params: z.strictObject({ year: Year }),
        querystring: z.strictObject({ orgId: OrgId.optional() }),
        response: { 200: YearCalendar, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { orgId } = request.query
      if (orgId) await requireReadableOrg(db, user, orgId)
      const info = await yearCalendar(db, request.params.year, orgId ?? null)
      return {
        ...info,
        days: info.days.map((d) => ({ date: d.date, kind: d.off ? ('holiday' as const) : ('workday' as const), name: d.name })),
      }
    },
  )
}
