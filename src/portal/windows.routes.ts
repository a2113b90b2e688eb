// P-07: the portal's 岗位信息公示牌 of a service window, as a page (printable with board.css)
// and as an A4 PDF carrying a QR code to that page. No login, no JavaScript.
import fs from 'node:fs'
import type { FastifyReply, FastifyRequest } from 'fastify'
import QRCode from 'qrcode'
import { z } from 'zod'
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../platform/http/app.ts'
import { AppError, notFound } from '../platform/http/errors.ts'
import { pageFor } from './layout.ts'
import { errorPage } from './pages/errors.ts'
import { BOARD_STYLESHEET, windowPage } from './pages/notices.ts'
import { boardPath, findPublicAgency, findPublicWindow } from '../domains/notices/public.ts'
import { renderBoardPdf } from '../domains/notices/board-pdf.ts'

const Params = z.object({ code: z.string().min(1).max(40), windowId: z.uuid() })
const Lang = z.string().max(10).optional()

export const portalWindowRoutes: RoutePlugin = async (app, ctx) => {
  const stylesheet = fs.readFileSync(new URL('./assets/board.css', import.meta.url))
  const board = async (code: string, windowId: string) => {
    const agency = await findPublicAgency(ctx.db, code)
    const window = agency && (await findPublicWindow(ctx.db, agency.id, windowId))
    if (!agency || !window) throw notFound('未找到该公示牌')
    return { agency, window, url: `${ctx.config.publicUrl}${boardPath(agency.code, window.id)}` }
  }

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>()
    scope.setErrorHandler((error: any, request: FastifyRequest, reply: FastifyReply) => {
      // the PDF is a machine endpoint: its errors are the API's JSON errors
      if (request.url.split('?')[0]!.endsWith('.pdf')) throw error
      const p = pageFor(request, reply, ctx.config.secureCookies)
      const status: number = error instanceof AppError ? error.status : hasZodFastifySchemaValidationErrors(error) ? 400 : (error.statusCode ?? 500)
      if (status >= 500) request.log.error({ err: error }, 'portal board failed')
      const [title, text] = status === 404 ? [p.t.notFoundTitle, p.t.notFoundText] : status < 500 ? [p.t.badRequestTitle, p.t.badRequestText] : [p.t.errorTitle, p.t.errorText]
      return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(errorPage(p, { title, text }).value)
    })

    scope.get(BOARD_STYLESHEET, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet),
    )

    scope.get('/agencies/:code/windows/:windowId', { schema: { hide: true, params: Params, querystring: z.object({ lang: Lang }) } }, async (request, reply) => {
      const { agency, window, url } = await board(request.params.code, request.params.windowId)
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      const page = windowPage(pageFor(request, reply, ctx.config.secureCookies), { agency, window, qrSvg })
      return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(page.value)
    })

    scope.get(
      '/agencies/:code/windows/:windowId/board.pdf',
      { schema: { tags: ['公示门户'], summary: '岗位信息公示牌（A4 PDF，带指向门户页面的二维码，P-07）', params: Params } },
      async (request, reply) => {
        const { agency, window, url } = await board(request.params.code, request.params.windowId)
        const pdf = await renderBoardPdf({ agencyName: agency.name, window, publicUrl: ctx.config.publicUrl, boardUrl: url })
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="board-${window.id}-v${window.version}.pdf"`)
          .header('cache-control', 'no-cache')
          .send(Buffer.from(pdf))
      },
    )
  })
}
