// P-15: 办理进度查询 on the portal (/progress, a GET form) and its JSON twin
// (/api/public/progress/:code). No login; rate-limited per visitor; every lookup logged.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../platform/http/app.ts'
import { AppError, ErrorBody } from '../platform/http/errors.ts'
import { lookupProgress, queryCodeProblem } from '../domains/cases/progress.ts'
import { pageFor } from './layout.ts'
import type { Html } from './html.ts'
import { errorPage } from './pages/errors.ts'
import { progressFormPage, progressNotFoundPage, progressPage } from './pages/progress.ts'

/** P-15 / N-06: lookups per visitor IP — enough for a person, too few to try codes at random. */
export const PROGRESS_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }

const Progress = z.object({
  agencyName: z.string(), kind: z.string(), kindName: z.string(), stage: z.string().nullable(),
  steps: z.array(z.object({ stage: z.string(), on: z.string() })),
  decided: z.boolean(), decidedOn: z.string().nullable(), closed: z.boolean(), archived: z.boolean(),
  deadlines: z.array(z.object({ name: z.string(), statute: z.string(), dueOn: z.string(), confirmed: z.boolean() })),
})

const send = (reply: FastifyReply, status: number, body: Html) =>
  reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body.value)

export const portalProgressRoutes: RoutePlugin = async (app, ctx) => {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>()
    scope.setErrorHandler((error: any, request: FastifyRequest, reply: FastifyReply) => {
      if (request.url.startsWith('/api/')) throw error
      const p = pageFor(request, reply, ctx.config.secureCookies)
      const status: number = error instanceof AppError ? error.status : hasZodFastifySchemaValidationErrors(error) ? 400 : (error.statusCode ?? 500)
      if (status === 429) return send(reply, 429, errorPage(p, { title: p.t.rateLimitedTitle, text: p.t.rateLimitedText }))
      if (status >= 500) request.log.error({ err: error }, 'progress page failed')
      return send(reply, status, errorPage(p, { title: status < 500 ? p.t.badRequestTitle : p.t.errorTitle, text: status < 500 ? p.t.badRequestText : p.t.errorText }))
    })

    scope.get(
      '/progress',
      {
        schema: { hide: true, querystring: z.object({ code: z.string().max(100).optional(), lang: z.string().max(10).optional() }) },
        config: { rateLimit: PROGRESS_RATE_LIMIT },
      },
      async (request, reply) => {
        const p = pageFor(request, reply, ctx.config.secureCookies)
        const typed = request.query.code?.trim()
        if (!typed) return send(reply, 200, progressFormPage(p, {}))
        const problem = queryCodeProblem(typed)
        if (problem) return send(reply, 400, progressFormPage(p, { code: typed, error: problem.message }))
        try {
          return send(reply, 200, progressPage(p, await lookupProgress(ctx.db, { typed, ip: request.ip })))
        } catch (error) {
          if (error instanceof AppError && error.status === 404) return send(reply, 404, progressNotFoundPage(p, typed))
          throw error
        }
      },
    )

    scope.get(
      '/api/public/progress/:code',
      {
        schema: {
          tags: ['公示门户'],
          summary: '办理进度查询（凭查询码；不含当事人、执法人员和案情）',
          params: z.object({ code: z.string().min(1).max(100) }),
          response: { 200: Progress, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
        },
        config: { rateLimit: PROGRESS_RATE_LIMIT },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store')
        return lookupProgress(ctx.db, { typed: request.params.code, ip: request.ip })
      },
    )
  })
}
