// P-14: the portal's 行政执法统计年报 pages — an agency's published reports by year (stable URLs
// by the agency's code), and the deployment's roll-up of a year. No login, no JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../platform/http/app.ts'
import { AppError, notFound } from '../platform/http/errors.ts'
import { todayInChina } from '../platform/clock.ts'
import { findPublicBody } from '../domains/bodies/public.ts'
import { publishedReports, reportVersions } from '../domains/statistics/store.ts'
import { rollUp, type TreeNode } from '../domains/statistics/rules.ts'
import type { Html } from './html.ts'
import { pageFor } from './layout.ts'
import { errorPage } from './pages/errors.ts'
import { agencyReportPage, agencyReportsPage, deploymentReportPage, type RollUpRow } from './pages/annual-reports.ts'

const Lang = z.string().max(10).optional()
const AgencyParams = z.object({ code: z.string().min(1).max(40) })
const Year = z.coerce.number().int().min(2000).max(2100)

export const portalReportRoutes: RoutePlugin = async (app, ctx) => {
  const send = (reply: FastifyReply, status: number, body: Html) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(body.value)
  const agency = async (code: string) => {
    const body = await findPublicBody(ctx.readDb, code)
    if (!body) throw notFound('执法主体不存在或尚未公示')
    return body
  }

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>()
    scope.setErrorHandler((error: any, request: FastifyRequest, reply: FastifyReply) => {
      const p = pageFor(request, reply, ctx.config.secureCookies)
      const status: number = error instanceof AppError ? error.status : hasZodFastifySchemaValidationErrors(error) ? 400 : (error.statusCode ?? 500)
      if (status >= 500) request.log.error({ err: error }, 'portal annual report page failed')
      const [title, text] = status === 404 ? [p.t.notFoundTitle, error instanceof AppError ? error.message : p.t.notFoundText] : status < 500 ? [p.t.badRequestTitle, p.t.badRequestText] : [p.t.errorTitle, p.t.errorText]
      return send(reply, status, errorPage(p, { title, text }))
    })

    scope.get('/agencies/:code/annual-reports', { schema: { hide: true, params: AgencyParams, querystring: z.object({ lang: Lang }) } }, async (request, reply) => {
      const body = await agency(request.params.code)
      const reports = (await publishedReports(ctx.readDb, { agencyId: body.id })).sort((a, b) => b.year - a.year)
      return send(reply, 200, agencyReportsPage(pageFor(request, reply, ctx.config.secureCookies), { body, reports }))
    })

    scope.get(
      '/agencies/:code/annual-reports/:year',
      { schema: { hide: true, params: AgencyParams.extend({ year: Year }), querystring: z.object({ lang: Lang }) } },
      async (request, reply) => {
        const body = await agency(request.params.code)
        const versions = await reportVersions(ctx.readDb, body.id, request.params.year)
        if (!versions.some((v) => v.publishedOn)) throw notFound(`${request.params.year}年度统计年报尚未公开`)
        return send(reply, 200, agencyReportPage(pageFor(request, reply, ctx.config.secureCookies), { body, year: request.params.year, versions }))
      },
    )

    scope.get('/annual-reports', { schema: { hide: true, querystring: z.object({ lang: Lang }) } }, async (_request, reply) => {
      const latest = await ctx.readDb.maybeOne<{ year: number }>(`SELECT max(r.year) AS year FROM annual_report r JOIN annual_report_version v ON v.report_id = r.id
        JOIN annual_report_event e ON e.version_id = v.id AND e.event = 'published'`)
      return reply.redirect(`/annual-reports/${latest?.year ?? Number(todayInChina().slice(0, 4)) - 1}`)
    })

    scope.get('/annual-reports/:year', { schema: { hide: true, params: z.object({ year: Year }), querystring: z.object({ lang: Lang }) } }, async (request, reply) => {
      const year = request.params.year
      const [published, nodes, bodies, years] = await Promise.all([
        publishedReports(ctx.readDb, { year }),
        ctx.readDb.many<TreeNode & { code: string }>(`SELECT id, parent_id AS "parentId", path, name, kind, level, code FROM org_node WHERE kind <> 'unit' AND active ORDER BY path`),
        ctx.readDb.many<{ path: string }>(`SELECT o.path FROM enforcement_body b JOIN org_node o ON o.id = b.id WHERE b.status = 'active'`),
        ctx.readDb.many<{ year: number }>(`SELECT DISTINCT r.year FROM annual_report r JOIN annual_report_version v ON v.report_id = r.id
          JOIN annual_report_event e ON e.version_id = v.id AND e.event = 'published' ORDER BY r.year DESC`),
      ])
      const rolled = rollUp(nodes, published.map((p) => ({ id: p.agencyId, path: p.agencyPath, totals: p.totals })))
      const rows: RollUpRow[] = nodes
        .map((n) => ({ ...rolled.get(n.id)!, code: n.code, depth: n.path.split('/').length - 3, bodies: bodies.filter((b) => b.path.startsWith(n.path)).length }))
        .filter((r) => r.agencies > 0)
      return send(reply, 200, deploymentReportPage(pageFor(request, reply, ctx.config.secureCookies), { year, rows, years: years.map((y) => y.year) }))
    })
  })
}
