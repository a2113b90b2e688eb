// S-04 / P-15: 投诉举报 on the portal — a server-rendered POST form (signed, expiring,
// single-use token; honeypot; rate limit), the receipt, the status by query code — and the
// same as a public JSON API.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../platform/http/app.ts'
import { AppError, ErrorBody, notFound } from '../platform/http/errors.ts'
import { audit } from '../platform/audit/audit.ts'
import type { Queryable } from '../platform/db/pool.ts'
import { listPublicBodies } from '../domains/bodies/public.ts'
import { readQueryCode } from '../domains/cases/progress-code.ts'
import { queryCodeProblem } from '../domains/cases/progress.ts'
import { issueFormToken } from '../domains/complaints/form-token.ts'
import { submitComplaint } from '../domains/complaints/submit-complaint.ts'
import { findPublicComplaintStatus, COMPLAINT_ACTIONS, type PublicComplaintStatus } from '../domains/complaints/store.ts'
import { COMPLAINT_KINDS, type ComplaintDraft, type ComplaintProblem } from '../domains/complaints/rules.ts'
import { pageFor } from './layout.ts'
import type { Html } from './html.ts'
import { errorPage } from './pages/errors.ts'
import { complaintFormPage, complaintReceiptPage, complaintStatusFormPage, complaintStatusPage, type ComplaintFormValues } from './pages/complaints.ts'

/**
 * N-06: submissions per visitor IP; a person sends one or two, a script is stopped. Not tighter:
 * many visitors share one address behind a carrier's NAT.
 */
export const COMPLAINT_SUBMIT_RATE_LIMIT = { max: 10, timeWindow: '10 minutes' }
export const COMPLAINT_STATUS_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }
const FORM_RATE_LIMIT = { max: 60, timeWindow: '1 minute' }

const Text = (max: number) => z.string().max(max).optional()
/** The form's fields as posted; the rules (and their Chinese messages) are complaintProblems(). */
const FormBody = z.object({
  formToken: Text(200),
  agencyId: Text(60),
  kind: Text(20),
  content: Text(4000),
  certNo: Text(60),
  caseRef: Text(80),
  anonymous: Text(10),
  name: Text(100),
  phone: Text(40),
  email: Text(200),
  website: Text(200),
  lang: Text(10),
})
const ApiBody = z.strictObject({
  formToken: z.string().max(200).describe('GET /api/public/complaints/form 取得的表单令牌（2小时内有效，只能使用一次）'),
  agencyId: z.string().max(60),
  kind: z.enum(COMPLAINT_KINDS),
  content: z.string().max(4000),
  certNo: z.string().max(60).optional(),
  caseRef: z.string().max(80).optional(),
  anonymous: z.boolean().default(false),
  name: z.string().max(100).optional(),
  phone: z.string().max(40).optional(),
  email: z.string().max(200).optional(),
})
const Receipt = z.object({ receiptNo: z.string(), queryCode: z.string(), receivedAt: z.string(), statusUrl: z.string() })
const Status = z.object({
  receiptNo: z.string(), kind: z.enum(COMPLAINT_KINDS), status: z.enum(COMPLAINT_ACTIONS), receivedOn: z.string(),
  steps: z.array(z.object({ type: z.enum(COMPLAINT_ACTIONS), on: z.string() })),
})

const send = (reply: FastifyReply, status: number, body: Html) =>
  reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body.value)

const agenciesOf = async (db: Queryable) => (await listPublicBodies(db)).map((b) => ({ id: b.id, name: b.name }))

/**
 * S-04: the status of a complaint by its query code; one query whether it exists or not, and
 * the lookup logged (found or not) without the code, which is the complainant's key.
 */
async function lookupComplaintStatus(db: Queryable, typed: string, ip: string): Promise<PublicComplaintStatus> {
  const reading = readQueryCode(typed)
  if (!reading.ok) {
    const problem = queryCodeProblem(typed)!
    throw new AppError(400, problem.code, problem.message)
  }
  const found = await findPublicComplaintStatus(db, reading.code)
  await audit(db, { ip, action: 'complaint.status-lookup', entity: 'complaint', entityId: found?.id, detail: { found: Boolean(found) } })
  if (!found) throw notFound('未找到该查询码对应的投诉举报，请核对查询码')
  const { id: _id, ...status } = found
  return status
}

function draftOf(body: z.infer<typeof FormBody>): ComplaintDraft & { formToken?: string; honeypot?: string } {
  return {
    formToken: body.formToken, honeypot: body.website, agencyId: body.agencyId ?? '', kind: body.kind ?? '', content: body.content ?? '',
    certNo: body.certNo, caseRef: body.caseRef, anonymous: body.anonymous === '1' || body.anonymous === 'on' || body.anonymous === 'true',
    name: body.name, phone: body.phone, email: body.email,
  }
}

export const portalComplaintRoutes: RoutePlugin = async (app, ctx) => {
  const { db } = ctx
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>()
    // A plain HTML form posts application/x-www-form-urlencoded; only this scope reads it.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)))
    })
    scope.setErrorHandler((error: any, request: FastifyRequest, reply: FastifyReply) => {
      if (request.url.startsWith('/api/')) throw error
      const p = pageFor(request, reply, ctx.config.secureCookies)
      const status: number = error instanceof AppError ? error.status : hasZodFastifySchemaValidationErrors(error) ? 400 : (error.statusCode ?? 500)
      if (status === 429) return send(reply, 429, errorPage(p, { title: p.t.rateLimitedTitle, text: p.t.rateLimitedText }))
      if (status >= 500) request.log.error({ err: error }, 'complaint page failed')
      const text = error instanceof AppError && status < 500 ? error.message : status < 500 ? p.t.badRequestText : p.t.errorText
      return send(reply, status, errorPage(p, { title: status < 500 ? p.t.badRequestTitle : p.t.errorTitle, text }))
    })

    scope.get('/complaints', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/complaints/new', 302))

    scope.get(
      '/complaints/new',
      { schema: { hide: true, querystring: z.object({ lang: Text(10) }) }, config: { rateLimit: FORM_RATE_LIMIT } },
      async (request, reply) => {
        const p = pageFor(request, reply, ctx.config.secureCookies)
        const [agencies, { token }] = await Promise.all([agenciesOf(db), issueFormToken(db)])
        return send(reply, 200, complaintFormPage(p, { agencies, token }))
      },
    )

    scope.post(
      '/complaints',
      { schema: { hide: true, body: FormBody }, config: { rateLimit: COMPLAINT_SUBMIT_RATE_LIMIT, sessionless: true } },
      async (request, reply) => {
        const p = pageFor(request, reply, ctx.config.secureCookies)
        const body = request.body
        try {
          const receipt = await submitComplaint(db, draftOf(body), request.ip)
          return send(reply, 201, complaintReceiptPage(p, receipt))
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error
          // The form again, with what was typed and every problem; a fresh token unless this one still holds.
          const [agencies, { token }] = await Promise.all([agenciesOf(db), issueFormToken(db)])
          const { formToken: _t, website: _w, lang: _l, ...values } = body
          const problems = error.code === 'COMPLAINT_INVALID' ? (error.details as ComplaintProblem[]) : []
          return send(reply, error.status, complaintFormPage(p, {
            agencies, token, values: values as ComplaintFormValues, problems, error: problems.length ? undefined : error.message,
          }))
        }
      },
    )

    scope.get(
      '/complaints/status',
      {
        schema: { hide: true, querystring: z.object({ code: Text(100), lang: Text(10) }) },
        config: { rateLimit: COMPLAINT_STATUS_RATE_LIMIT },
      },
      async (request, reply) => {
        const p = pageFor(request, reply, ctx.config.secureCookies)
        const typed = request.query.code?.trim()
        if (!typed) return send(reply, 200, complaintStatusFormPage(p, {}))
        const problem = queryCodeProblem(typed)
        if (problem) return send(reply, 400, complaintStatusFormPage(p, { code: typed, error: problem.message }))
        try {
          return send(reply, 200, complaintStatusPage(p, await lookupComplaintStatus(db, typed, request.ip)))
        } catch (error) {
          if (error instanceof AppError && error.status === 404) return send(reply, 404, complaintStatusFormPage(p, { code: typed, notFound: true }))
          throw error
        }
      },
    )

    scope.get(
      '/api/public/complaints/form',
      {
        schema: {
          tags: ['公示门户'], summary: '投诉举报表单：表单令牌和可选的被投诉机关',
          response: { 200: z.object({ formToken: z.string(), expiresAt: z.string(), agencies: z.array(z.object({ id: z.string(), name: z.string() })) }) },
        },
        config: { rateLimit: FORM_RATE_LIMIT },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'no-store')
        const [agencies, { token, expiresAt }] = await Promise.all([agenciesOf(db), issueFormToken(db)])
        return { formToken: token, expiresAt, agencies }
      },
    )

    scope.post(
      '/api/public/complaints',
      {
        schema: {
          tags: ['公示门户'], summary: '提交投诉举报（投诉须实名；举报、意见建议可匿名）；返回受理编号和查询码',
          body: ApiBody, response: { 201: Receipt, 400: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody },
        },
        config: { rateLimit: COMPLAINT_SUBMIT_RATE_LIMIT, sessionless: true },
      },
      async (request, reply) => {
        const receipt = await submitComplaint(db, request.body, request.ip)
        return reply.code(201).send({ ...receipt, statusUrl: `${ctx.config.publicUrl}/complaints/status?code=${receipt.queryCode}` })
      },
    )

    scope.get(
      '/api/public/complaints/status/:code',
      {
        schema: {
          tags: ['公示门户'], summary: '投诉举报办理状态（凭查询码；只有状态和日期）',
          params: z.object({ code: z.string().min(1).max(100) }), response: { 200: Status, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
        },
        config: { rateLimit: COMPLAINT_STATUS_RATE_LIMIT },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store')
        return lookupComplaintStatus(db, request.params.code, request.ip)
      },
    )
  })
}
