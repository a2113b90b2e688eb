// P-15: the portal's search over published decisions, and the machine-readable ways to the
// same data: a JSON API, RSS and JSON feeds, and a sitemap (index + one file per month of
// decisions, each far below the sitemap protocol's 50,000 URLs for a province's volume).
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../platform/http/app.ts'
import { AppError } from '../platform/http/errors.ts'
import { todayInChina } from '../platform/clock.ts'
import { escapeHtml } from './html.ts'
import { pageFor } from './layout.ts'
import { errorPage } from './pages/errors.ts'
import { searchPage, type SearchForm } from './pages/search.ts'
import { listPublicBodies } from '../domains/bodies/public.ts'
import { publishingAgencies, recentPublications, searchPublications, sitemapAgencyPages, sitemapMonth, sitemapMonths, type PublicationFilters, type PublicationHit } from '../domains/disclosure/search.ts'

const KINDS = ['许可', '处罚', '强制', '检查', '其他'] as const
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
const Filters = z.object({
  q: z.string().max(100).optional(),
  agency: z.union([z.string().uuid(), z.literal('')]).optional(),
  kind: z.union([z.enum(KINDS), z.literal('')]).optional(),
  domain: z.string().max(40).optional(),
  from: z.union([Day, z.literal('')]).optional(),
  to: z.union([Day, z.literal('')]).optional(),
  ended: z.enum(['1', 'true', '']).optional(),
  after: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  lang: z.string().max(10).optional(),
})
type FilterQuery = z.infer<typeof Filters>

const Hit = z.object({
  publicId: z.string(), title: z.string(), excerpt: z.string(), kind: z.string(), agencyId: z.string(), agencyName: z.string(),
  domain: z.string().nullable(), priority: z.boolean(), decidedOn: z.string(), status: z.enum(['published', 'corrected', 'withdrawn']),
  publishedOn: z.string(), updatedOn: z.string(), ended: z.boolean(), url: z.string(),
})

function filtersOf(query: FilterQuery): PublicationFilters {
  return {
    q: query.q?.trim() || undefined, agencyId: query.agency || undefined, kind: query.kind || undefined, domain: query.domain || undefined,
    from: query.from || undefined, to: query.to || undefined, ended: query.ended === '1' || query.ended === 'true', after: query.after, limit: query.limit,
  }
}

/** The same query with another cursor: the stable URL of the next page. */
function nextHref(path: string, query: FilterQuery, next: string | null): string | null {
  if (!next) return null
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '' && key !== 'after') params.set(key, String(value))
  params.set('after', next)
  return `${path}?${params}`
}

const xml = (s: string) => escapeHtml(s)

export const portalSearchRoutes: RoutePlugin = async (app, ctx) => {
  const base = ctx.config.publicUrl
  const urlOf = (hit: PublicationHit) => `${base}/publications/${encodeURIComponent(hit.publicId)}`

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>()
    scope.setErrorHandler((error: any, request: FastifyRequest, reply: FastifyReply) => {
      if (!request.url.startsWith('/search')) throw error
      const p = pageFor(request, reply, ctx.config.secureCookies)
      const status: number = error instanceof AppError ? error.status : hasZodFastifySchemaValidationErrors(error) ? 400 : (error.statusCode ?? 500)
      if (status >= 500) request.log.error({ err: error }, 'portal search failed')
      const text = error instanceof AppError ? error.message : status < 500 ? p.t.badRequestText : p.t.errorText
      return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(errorPage(p, { title: status < 500 ? p.t.badRequestTitle : p.t.errorTitle, text }).value)
    })

    scope.get('/search', { schema: { hide: true, querystring: Filters } }, async (request, reply) => {
      const query = request.query
      const today = todayInChina()
      const [result, agencies, domains] = await Promise.all([
        searchPublications(ctx.readDb, filtersOf(query), today),
        publishingAgencies(ctx.readDb),
        ctx.readDb.many<{ domain: string }>('SELECT domain FROM priority_domain ORDER BY domain'),
      ])
      const form: SearchForm = {
        q: query.q ?? '', agency: query.agency ?? '', kind: query.kind ?? '', domain: query.domain ?? '',
        from: query.from ?? '', to: query.to ?? '', ended: query.ended === '1' || query.ended === 'true',
      }
      const page = pageFor(request, reply, ctx.config.secureCookies)
      return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache')
        .send(searchPage(page, form, { agencies, kinds: KINDS, domains: domains.map((d) => d.domain) }, result, nextHref('/search', query, result.next)).value)
    })

    scope.get('/api/public/publications', {
      schema: {
        tags: ['公示门户'], summary: '检索已公开的执法决定（P-15）', description: '按汉字、字母或数字检索，可按执法主体、类别、领域、决定日期筛选；按决定日期倒序，用 next 翻页。',
        querystring: Filters, response: { 200: z.object({ items: z.array(Hit), next: z.string().nullable() }) },
      },
    }, async (request) => {
      const result = await searchPublications(ctx.readDb, filtersOf(request.query), todayInChina())
      return { items: result.items.map((hit) => ({ ...hit, url: urlOf(hit) })), next: nextHref('/api/public/publications', request.query, result.next) }
    })

    scope.get('/feeds/publications.xml', { schema: { tags: ['公示门户'], summary: '最新公示（RSS 2.0）' } }, async (_request, reply) => {
      const items = await recentPublications(ctx.readDb, 50, todayInChina())
      const body = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>行政执法决定公示</title><link>${xml(base)}/search</link><description>最新公开、更正与撤回的行政执法决定</description><language>zh-CN</language>
${items.map((hit) => `<item><title>${xml((hit.status === 'withdrawn' ? '【已撤回】' : hit.status === 'corrected' ? '【已更正】' : '') + hit.title)}</title><link>${xml(urlOf(hit))}</link><guid isPermaLink="false">${xml(`${hit.publicId}#${hit.updatedOn}`)}</guid><pubDate>${new Date(`${hit.updatedOn}T00:00:00+08:00`).toUTCString()}</pubDate><category>${xml(hit.kind)}</category><description>${xml(`${hit.agencyName}：${hit.excerpt}`)}</description></item>`).join('\n')}
</channel></rss>
`
      return reply.header('content-type', 'application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(body)
    })

    scope.get('/feeds/publications.json', { schema: { tags: ['公示门户'], summary: '最新公示（JSON Feed 1.1）' } }, async (_request, reply) => {
      const items = await recentPublications(ctx.readDb, 50, todayInChina())
      return reply.header('content-type', 'application/feed+json; charset=utf-8').header('cache-control', 'public, max-age=300').send({
        version: 'https://jsonfeed.org/version/1.1', title: '行政执法决定公示', home_page_url: `${base}/search`, feed_url: `${base}/feeds/publications.json`, language: 'zh-CN',
        items: items.map((hit) => ({
          id: `${hit.publicId}#${hit.updatedOn}`, url: urlOf(hit), title: hit.title, content_text: `${hit.agencyName}：${hit.excerpt}`,
          date_published: `${hit.publishedOn}T00:00:00+08:00`, date_modified: `${hit.updatedOn}T00:00:00+08:00`, tags: [hit.kind, hit.status],
        })),
      })
    })

    scope.get('/sitemap.xml', { schema: { hide: true } }, async (_request, reply) => {
      const months = (await sitemapMonths(ctx.readDb)).map((month) => ({ month }))
      const body = `<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>${xml(base)}/sitemaps/pages.xml</loc></sitemap>
<sitemap><loc>${xml(base)}/sitemaps/agency-pages.xml</loc></sitemap>
${months.map((m) => `<sitemap><loc>${xml(base)}/sitemaps/publications-${m.month}.xml</loc></sitemap>`).join('\n')}
</sitemapindex>
`
      return reply.header('content-type', 'application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body)
    })

    scope.get('/sitemaps/pages.xml', { schema: { hide: true } }, async (_request, reply) => {
      const pages = ['/', '/agencies', '/verify', '/procedures', '/review-catalogue', '/search']
      const bodies = await listPublicBodies(ctx.readDb, { limit: 50_000 })
      const urls = [...pages, ...bodies.map((b) => `/agencies/${encodeURIComponent(b.code)}`)]
      return reply.header('content-type', 'application/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `<url><loc>${xml(base + u)}</loc></url>`).join('\n')}
</urlset>
`)
    })

    // P-02 / P-07: the pages of the published 事项清单 items and of the 岗位信息公示牌 in use.
    scope.get('/sitemaps/agency-pages.xml', { schema: { hide: true } }, async (_request, reply) => {
      const paths = await sitemapAgencyPages(ctx.readDb)
      return reply.header('content-type', 'application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${paths.map((u) => `<url><loc>${xml(base + u)}</loc></url>`).join('\n')}
</urlset>
`)
    })

    scope.get('/sitemaps/:file', { schema: { hide: true, params: z.object({ file: z.string().regex(/^publications-\d{4}-\d{2}\.xml$/) }) } }, async (request, reply) => {
      const month = request.params.file.slice('publications-'.length, -'.xml'.length)
      const rows = await sitemapMonth(ctx.readDb, month)
      return reply.header('content-type', 'application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${rows.map((r) => `<url><loc>${xml(`${base}/publications/${encodeURIComponent(r.public_id)}`)}</loc><lastmod>${r.updated_on}</lastmod></url>`).join('\n')}
</urlset>
`)
    })
  })
}
