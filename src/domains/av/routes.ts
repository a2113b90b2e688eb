import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { addAvEntry, avAdvanceProblem, caseAvStatus, readAvList, recordAvAbsence } from './av.ts'

const tags = ['音像记录']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody }
const Level = z.enum(['required', 'expected'])
const EntryOut = z.object({
  id: z.string(),
  agencyId: z.string().nullable().describe('NULL 为全国默认清单'),
  kind: z.string(),
  actionType: z.string(),
  dataKey: z.string().nullable(),
  dataValue: z.string().nullable(),
  act: z.string(),
  level: Level,
  recordedHow: z.string(),
  source: z.string(),
  effectiveFrom: z.string(),
})
const NewEntry = z.strictObject({
  agencyId: z.uuid().optional(),
  kind: z.string().min(1).max(20),
  actionType: z.string().min(1).max(20),
  dataKey: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,49}$/).optional(),
  dataValue: z.string().trim().min(1).max(50).optional(),
  act: z.string().trim().min(1).max(50),
  level: Level,
  recordedHow: z.string().trim().min(1).max(50),
  source: z.string().trim().min(1).max(200),
  effectiveFrom: z.iso.date().optional(),
})
const StatusOut = z.object({
  actionId: z.string(),
  type: z.string(),
  actedOn: z.string(),
  act: z.string().nullable(),
  level: Level.nullable(),
  recordedHow: z.string().nullable(),
  source: z.string().nullable(),
  hasRecording: z.boolean(),
  absenceReason: z.string().nullable(),
  satisfied: z.boolean(),
})
const CaseParams = z.object({ id: z.uuid() })
const ActionParams = z.object({ id: z.uuid(), actionId: z.uuid() })

/** the 音像记录事项清单, the AV status of a case's actions and reasons for absent recordings. */
export const avRoutes: RoutePlugin = (app, { db }) => {
  app.get('/api/av-list', {
    schema: { tags, summary: '本机构音像记录事项清单（含全国默认）', querystring: z.object({ agencyId: z.uuid().optional() }), response: { 200: z.array(EntryOut), ...errors } },
  }, async (request) => readAvList(db, currentUser(request), request.query.agencyId))

  app.post('/api/av-list', {
    schema: { tags, summary: '增加本机构音像记录事项（覆盖同一事项的默认规定）', body: NewEntry, response: { 201: EntryOut, ...errors } },
  }, async (request, reply) => {
    const entry = await addAvEntry(db, currentUser(request), request.body, request.ip)
    return reply.code(201).send(entry)
  })

  app.get('/api/cases/:id/av-status', {
    schema: { tags, summary: '案件各执法行为的音像记录要求及是否满足', params: CaseParams, response: { 200: z.array(StatusOut), ...errors } },
  }, async (request) => caseAvStatus(db, currentUser(request), request.params.id))

  app.get('/api/cases/:id/av-advance', {
    schema: {
      tags, summary: '记录该环节前检查：此前清单内事项是否缺少音像记录或原因说明（与数据库规则相同的 code 与 message）',
      params: CaseParams, querystring: z.object({ type: z.string().min(1).max(20), supersedesId: z.uuid().optional() }),
      response: { 200: z.object({ problem: z.object({ code: z.enum(['AV_REQUIRED', 'AV_REASON_REQUIRED']), message: z.string() }).nullable() }), ...errors },
    },
  }, async (request) => ({ problem: await avAdvanceProblem(db, currentUser(request), request.params.id, request.query.type, request.query.supersedesId) }))

  app.post('/api/cases/:id/actions/:actionId/av-absence', {
    schema: { tags, summary: '说明未录音录像的原因', params: ActionParams, body: z.strictObject({ reason: z.string().trim().min(5).max(500) }), response: { 201: StatusOut, ...errors } },
  }, async (request, reply) => {
    const status = await recordAvAbsence(db, currentUser(request), request.params.id, request.params.actionId, request.body.reason, request.ip)
    return reply.code(201).send(status)
  })
}
