// P-02 / P-03: the portal's 行政执法事项清单 pages: an agency's list, one item with its 服务指南,
// an earlier approved version. Stable URLs by the agency's code and the 项目编码. No login, no JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../platform/http/app.ts'
import { AppError, notFound } from '../platform/http/errors.ts'
import { findPublicBody } from '../domains/bodies/public.ts'
import { findPublishedItemByCode, listPublishedItems } from '../domains/items/public.ts'
import type { Html } from './html.ts'
import { pageFor } from './layout.ts'
import { errorPage } from './pages/errors.ts'
import { agencyItemsPage, itemPage } from './pages/items.ts'

const Lang = z.string().max(10).optional()
const AgencyParams = z.object({ code: z.string().min(1).max(40) })
const ItemParams = AgencyParams.extend({ itemCode: z.string().min(1).max(40) })

export const portalItemRoutes: RoutePlugin = async (app, ctx) => {
  const send = (reply: FastifyReply, status: number, body: Html) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(body.value)
  const agency = async (code: string) => {
    const body = await findPublicBody(ctx.db, code)
    if (!body) throw notFound('执法主体不存在或尚未公示')
    return body
  }
  const kindNames = async () => new Map((await ctx.db.query<{ code: string; name: string }>(`SELECT code, name FROM case_kind`)).rows.map((r) => [r.code, r.name]))

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>()
    scope.setErrorHandler((error: any, request: FastifyRequest, reply: FastifyReply) => {
      const p = pageFor(request, reply, ctx.config.secureCookies)
      const status: number = error instanceof AppError ? error.status : hasZodFastifySchemaValidationErrors(error) ? 400 : (error.statusCode ?? 500)
      if (status >= 500) request.log.error({ err: error }, 'portal items page failed')
      const [title, text] = status === 404 ? [p.t.notFoundTitle, p.t.notFoundText] : status < 500 ? [p.t.badRequestTitle, p.t.badRequestText] : [p.t.errorTitle, p.t.errorText]
      return send(reply, status, errorPage(p, { title, text }))
    })

    scope.get('/agencies/:code/items', { schema: { hide: true, params: AgencyParams, querystring: z.object({ lang: Lang }) } }, async (request, reply) => {
      const body = await agency(request.params.code)
      return send(reply, 200, agencyItemsPage(pageFor(request, reply, ctx.config.secureCookies), { body, items: await listPublishedItems(ctx.db, body.id) }))
    })

    const item = async (request: FastifyRequest, reply: FastifyReply, params: z.infer<typeof ItemParams>, version?: number) => {
      const body = await agency(params.code)
      const found = await findPublishedItemByCode(ctx.db, body.code, params.itemCode, version)
      if (!found) throw notFound('事项不存在或尚未公示')
      return send(reply, 200, itemPage(pageFor(request, reply, ctx.config.secureCookies), { body, item: found, kindNames: await kindNames() }))
    }

    scope.get('/agencies/:code/items/:itemCode', { schema: { hide: true, params: ItemParams, querystring: z.object({ lang: Lang }) } }, async (request, reply) =>
      item(request, reply, request.params))

    scope.get(
      '/agencies/:code/items/:itemCode/versions/:version',
      { schema: { hide: true, params: ItemParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }), querystring: z.object({ lang: Lang }) } },
      async (request, reply) => item(request, reply, request.params, request.params.version),
    )
  })
}
