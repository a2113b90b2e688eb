import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { createCase } from './create-case.ts'
import { recordAction } from './record-action.ts'
import { listActions, listCases, nextAllowedActions, type ActionRow, type CaseRow } from './store.ts'
import { concealMarkedCases, openCaseForRead, recordRead } from './record-access/case-read.ts'

const tags = ['案件']
const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const IsoDate = z.iso.date()

const CaseOut = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  kind: z.string(),
  number: z.string(),
  partyKind: z.enum(['citizen', 'organisation']),
  partyName: z.string(),
  summary: z.string(),
  major: z.boolean(),
  collective: z.boolean(),
  createdAt: z.string(),
  stage: z.string().nullable().describe('由未被更正的执法行为推导出的当前环节'),
  closed: z.boolean(),
  archived: z.boolean(),
})
const ActionOut = z.object({
  id: z.string(),
  type: z.string(),
  actedOn: z.string(),
  officers: z.array(z.string()),
  data: z.record(z.string(), z.unknown()),
  supersedesId: z.string().nullable(),
  supersededBy: z.string().nullable(),
  notBefore: z.string().nullable(),
  recordedAt: z.string(),
})
const DataValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])
const CreateCase = z.strictObject({
  agencyId: z.uuid().optional(),
  kind: z.string().min(1).max(20),
  partyKind: z.enum(['citizen', 'organisation']),
  partyName: z.string().trim().min(1).max(100),
  summary: z.string().trim().min(1).max(2000),
  major: z.boolean().optional(),
  collective: z.boolean().optional(),
})
const RecordAction = z.strictObject({
  type: z.string().min(1).max(20),
  actedOn: IsoDate,
  officers: z.array(z.uuid()).max(20).optional(),
  data: z.record(z.string().max(50), DataValue).refine((d) => Object.keys(d).length <= 50, '字段过多').optional(),
  supersedesId: z.uuid().optional(),
})

const caseOut = (row: CaseRow) => {
  const { path: _path, createdBy: _createdBy, createdAt, ...rest } = row
  return { ...rest, createdAt: createdAt.toISOString() }
}
const actionOut = (row: ActionRow) => {
  const { n: _n, recordedBy: _recordedBy, recordedAt, ...rest } = row
  return { ...rest, recordedAt: recordedAt.toISOString() }
}

/** cases and their append-only actions. */
export const casesRoutes: RoutePlugin = (app, { db }) => {
  app.post(
    '/api/cases',
    { schema: { tags, summary: '新建案件', body: CreateCase, response: { 201: CaseOut, ...errors } } },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(caseOut(await createCase(db, user, request.body, request.ip)))
    },
  )

  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: '案件列表（数据范围内）',
        querystring: z.object({
          kind: z.string().max(20).optional(),
          stage: z.string().max(40).optional().describe('当前环节'),
          mine: z.enum(['true', 'false']).optional().describe('true：只列本人立案、记录或作为执法人员参与的案件'),
          q: z.string().max(100).optional().describe('案件编号或当事人名称的一部分（带密级标识的案件不按当事人检索）'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          after: z.uuid().optional().describe('下一页：上一页返回的 next（按立案时间倒序的键集翻页，N-02）'),
        }),
        response: {
          200: z.object({
            items: z.array(CaseOut),
            total: z.number().nullable().describe('合计；数据范围宽于一个执法机关（如一个地区）时不计，为 null（N-02）'),
            next: z.string().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { mine, ...query } = request.query
      const { items, total, next } = await listCases(db, {
        scopePath: user.scopePath,
        ...query,
        mine: mine === 'true' ? { userId: user.id, personId: user.personId } : undefined,
      })
      return { items: (await concealMarkedCases(db, user, items)).map(caseOut), total, next }
    },
  )

  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: '案件详情：执法行为、当前环节与可进行的下一步',
        params: IdParams,
        response: { 200: CaseOut.extend({ actions: z.array(ActionOut), nextActions: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      // own agency's staff, or a supervisor during an open 调阅; secrecy marks hold.
      const reader = await openCaseForRead(db, user, request.params.id)
      const row = reader.row
      const [actions, nextActions] = await Promise.all([
        listActions(db, row.id),
        reader.handlingStaff ? nextAllowedActions(db, row.id, row.kind, todayInChina()) : Promise.resolve([]),
      ])
      await recordRead(db, reader, { target: 'case', entityId: row.id, ip: request.ip })
      return { ...caseOut(row), actions: actions.map(actionOut), nextActions }
    },
  )

  app.post(
    '/api/cases/:id/actions',
    { schema: { tags, summary: '记录执法行为（或更正此前的记录）', params: IdParams, body: RecordAction, response: { 201: ActionOut, ...errors } } },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(actionOut(await recordAction(db, user, request.params.id, request.body, request.ip)))
    },
  )
}
