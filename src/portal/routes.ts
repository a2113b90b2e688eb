// The public portal (P-01, P-05, P-15): server-rendered HTML, readable without JavaScript
// and without signing in. Errors inside the portal answer as HTML pages, not JSON.
import fs from 'node:fs'
import type { FastifyReply, FastifyRequest } from 'fastify'
import QRCode from 'qrcode'
import { z } from 'zod'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../platform/http/app.ts'
import { AppError, notFound } from '../platform/http/errors.ts'
import { todayInChina } from '../platform/clock.ts'
import { loadQrSigner, signedVerificationUrl, type QrSigner } from '../platform/crypto/qr-signing.ts'
import { findPublicBody, listPublicBodies } from '../domains/bodies/public.ts'
import { findPublicCertificate, findPublicOfficer, listPublicOfficers } from '../domains/people/public.ts'
import type { Html } from './html.ts'
import { pageFor, PUBLIC_KEY_PATH, type Page } from './layout.ts'
import { homePage } from './pages/home.ts'
import { agenciesPage, agencyPage } from './pages/bodies.ts'
import { agencyNoticeSections } from './pages/notices.ts'
import { listPublicWindows, publicNotice } from '../domains/notices/public.ts'
import { officerPage } from './pages/officers.ts'
import { certificateNotFoundPage, certificatePage, verifyFormPage } from './pages/certificates.ts'
import { errorPage } from './pages/errors.ts'
import { CERT_NO, verifyCertificate } from './verify-certificate.ts'
import { loadCaseModel } from '../domains/cases/model.ts'
import { flowGraph, flowSvg } from '../domains/cases/flowchart.ts'
import { flowLabels, procedurePage, proceduresPage } from './pages/procedures.ts'
import { loadReviewCatalogue, reviewCataloguePage } from './pages/review-catalogue.ts'
import { publicationPage } from './pages/publication.ts'
import { findPublicPublication } from '../domains/disclosure/public.ts'
import { discretionListPage, discretionStandardPage } from './pages/discretion.ts'
import { findPublishedStandard, listPublishedStandards } from '../domains/discretion/standards.ts'

/** P-05 / N-06: lookups per visitor IP; generous for a person checking a card, tight for enumeration. */
const VERIFY_RATE_LIMIT = { max: 30, timeWindow: '1 minute' }
const QR_RATE_LIMIT = { max: 60, timeWindow: '1 minute' }

const Lang = z.string().max(10).optional()
const HIDDEN = { hide: true } as const

function sendPage(reply: FastifyReply, status: number, body: Html, cache = 'no-cache'): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', cache).send(body.value)
}

export const portalRoutes: RoutePlugin = async (app, ctx) => {
  const stylesheet = fs.readFileSync(new URL('./assets/portal.css', import.meta.url))
  let signer: QrSigner | undefined
  // Loaded on first use, so an app that never serves a certificate never creates a key file.
  const qrSigner = () => (signer ??= loadQrSigner({ env: process.env, dataDir: ctx.config.dataDir }))
  const page = (request: FastifyRequest, reply: FastifyReply): Page => pageFor(request, reply, ctx.config.secureCookies)

  await app.register(async (scope) => {
    const portal = scope.withTypeProvider<ZodTypeProvider>()

    portal.setErrorHandler((error: any, request, reply) => {
      // Machine endpoints (the QR image, the public key) answer errors as the API does.
      if ((request.routeOptions.config as { jsonErrors?: boolean }).jsonErrors) throw error
      const p = page(request, reply)
      const status: number =
        error instanceof AppError ? error.status : hasZodFastifySchemaValidationErrors(error) ? 400 : (error.statusCode ?? 500)
      if (status === 429) return sendPage(reply, 429, errorPage(p, { title: p.t.rateLimitedTitle, text: p.t.rateLimitedText }), 'no-store')
      if (status === 404) return sendPage(reply, 404, errorPage(p, { title: p.t.notFoundTitle, text: p.t.notFoundText }))
      if (status >= 400 && status < 500) {
        return sendPage(reply, status, errorPage(p, { title: p.t.badRequestTitle, text: p.t.badRequestText }))
      }
      request.log.error({ err: error }, 'portal page failed')
      return sendPage(reply, 500, errorPage(p, { title: p.t.errorTitle, text: p.t.errorText }), 'no-store')
    })

    portal.get('/portal/assets/portal.css', { schema: HIDDEN }, async (_request, reply) =>
      reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet),
    )

    portal.get(PUBLIC_KEY_PATH, { schema: { tags: ['公示门户'], summary: '执法证二维码签名公钥（PEM）' }, config: { jsonErrors: true } }, async (_request, reply) =>
      reply.header('content-type', 'application/x-pem-file').header('cache-control', 'public, max-age=3600').send(qrSigner().publicKeyPem),
    )

    portal.get('/', { schema: { ...HIDDEN, querystring: z.object({ lang: Lang }) } }, async (request, reply) =>
      sendPage(reply, 200, homePage(page(request, reply))),
    )

    portal.get(
      '/agencies',
      { schema: { ...HIDDEN, querystring: z.object({ lang: Lang, domain: z.string().max(50).optional() }) } },
      async (request, reply) => {
        const domain = request.query.domain?.trim() || undefined
        const all = await listPublicBodies(ctx.readDb)
        const domains = [...new Set(all.flatMap((b) => b.domains))].sort((a, b) => a.localeCompare(b, 'zh-CN'))
        const bodies = domain ? await listPublicBodies(ctx.readDb, { domain }) : all
        return sendPage(reply, 200, agenciesPage(page(request, reply), { bodies, domains, domain }))
      },
    )

    portal.get(
      '/agencies/:code',
      { schema: { ...HIDDEN, params: z.object({ code: z.string().min(1).max(40) }), querystring: z.object({ lang: Lang }) } },
      async (request, reply) => {
        const p = page(request, reply)
        const body = await findPublicBody(ctx.readDb, request.params.code)
        if (!body) return sendPage(reply, 404, errorPage(p, { title: p.t.notFoundTitle, text: p.t.agencyNotFoundText }))
        const officers = await listPublicOfficers(ctx.readDb, body.id)
        // P-01 / P-07: the published 救济渠道, 监督方式, 随机抽查事项清单 and the windows' boards
        const notices = agencyNoticeSections(p, { agencyCode: body.code, notice: await publicNotice(ctx.readDb, body.id), windows: await listPublicWindows(ctx.readDb, body.id) })
        return sendPage(reply, 200, agencyPage(p, { body, officers, notices }))
      },
    )

    portal.get(
      '/officers/:id',
      { schema: { ...HIDDEN, params: z.object({ id: z.string().min(1).max(40) }), querystring: z.object({ lang: Lang }) } },
      async (request, reply) => {
        const p = page(request, reply)
        const officer = await findPublicOfficer(ctx.readDb, request.params.id)
        if (!officer) return sendPage(reply, 404, errorPage(p, { title: p.t.officerNotFound, text: p.t.officerNotFoundText }))
        return sendPage(reply, 200, officerPage(p, officer))
      },
    )

    portal.get('/review-catalogue', { schema: { ...HIDDEN, querystring: z.object({ lang: Lang }) } }, async (request, reply) => sendPage(reply, 200, reviewCataloguePage(page(request, reply), await loadReviewCatalogue(ctx.readDb))))

    portal.get('/discretion', { schema: { ...HIDDEN, querystring: z.object({ lang: Lang }) } }, async (request, reply) => sendPage(reply, 200, discretionListPage(page(request, reply), await listPublishedStandards(ctx.readDb))))

    portal.get(
      '/discretion/:standardId',
      { schema: { ...HIDDEN, params: z.object({ standardId: z.string().min(1).max(40) }), querystring: z.object({ lang: Lang }) } },
      async (request, reply) => {
        const p = page(request, reply)
        const standard = await findPublishedStandard(ctx.readDb, request.params.standardId)
        if (!standard) return sendPage(reply, 404, errorPage(p, { title: p.t.notFoundTitle, text: p.t.notFoundText }))
        return sendPage(reply, 200, discretionStandardPage(p, standard))
      },
    )

    portal.get('/procedures', { schema: { ...HIDDEN, querystring: z.object({ lang: Lang }) } }, async (request, reply) =>
      sendPage(reply, 200, proceduresPage(page(request, reply), await loadCaseModel(ctx.readDb))),
    )

    portal.get(
      '/procedures/:kind',
      { schema: { ...HIDDEN, params: z.object({ kind: z.string().min(1).max(40) }), querystring: z.object({ lang: Lang }) } },
      async (request, reply) => {
        const p = page(request, reply)
        const kind = (await loadCaseModel(ctx.readDb)).find((k) => k.code === request.params.kind)
        if (!kind) return sendPage(reply, 404, errorPage(p, { title: p.t.notFoundTitle, text: p.t.procedureNotFoundText }))
        return sendPage(reply, 200, procedurePage(p, kind))
      },
    )

    portal.get(
      '/procedures/:kind/flow.svg',
      {
        schema: { tags: ['公示门户'], summary: '执法流程图（SVG，由办案环节模型生成，P-04）', params: z.object({ kind: z.string().min(1).max(40) }), querystring: z.object({ lang: Lang }) },
        config: { jsonErrors: true },
      },
      async (request, reply) => {
        const kind = (await loadCaseModel(ctx.readDb)).find((k) => k.code === request.params.kind)
        if (!kind) throw notFound('没有该类执法行为的流程')
        const svg = flowSvg(flowGraph(kind), flowLabels(page(request, reply), kind))
        return reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(svg)
      },
    )

    portal.get(
      '/publications/:publicId',
      { schema: { ...HIDDEN, params: z.object({ publicId: z.string().min(1).max(40) }), querystring: z.object({ lang: Lang }) } },
      async (request, reply) => {
        const p = page(request, reply)
        const pub = await findPublicPublication(ctx.readDb, request.params.publicId, todayInChina())
        if (!pub) return sendPage(reply, 404, errorPage(p, { title: p.t.notFoundTitle, text: p.t.notFoundText }))
        return sendPage(reply, 200, publicationPage(p, pub))
      },
    )

    portal.get(
      '/verify',
      {
        schema: { ...HIDDEN, querystring: z.object({ lang: Lang, certNo: z.string().max(100).optional() }) },
        config: { rateLimit: VERIFY_RATE_LIMIT },
      },
      async (request, reply) => {
        const p = page(request, reply)
        if (request.query.certNo === undefined) return sendPage(reply, 200, verifyFormPage(p, {}))
        const certNo = request.query.certNo.trim()
        if (!CERT_NO.test(certNo)) return sendPage(reply, 400, verifyFormPage(p, { certNo, invalid: true }))
        return reply.redirect(`/verify/${encodeURIComponent(certNo)}`, 303)
      },
    )

    portal.get(
      '/verify/:certNo',
      {
        schema: {
          ...HIDDEN,
          params: z.object({ certNo: z.string().min(1).max(100) }),
          querystring: z.object({ lang: Lang, sig: z.string().max(200).optional() }),
        },
        config: { rateLimit: VERIFY_RATE_LIMIT },
      },
      async (request, reply) => {
        const p = page(request, reply)
        const { certNo } = request.params
        const { cert, signature } = await verifyCertificate({ read: ctx.readDb, write: ctx.db }, { certNo, sig: request.query.sig, ip: request.ip, signer: qrSigner })
        if (!cert) return sendPage(reply, 404, certificateNotFoundPage(p, { certNo, signature }), 'no-store')
        return sendPage(reply, 200, certificatePage(p, { cert, signature, today: todayInChina() }), 'no-store')
      },
    )

    portal.get(
      '/verify/:certNo/qr.svg',
      {
        schema: { tags: ['公示门户'], summary: '执法证二维码（SVG，内容为带签名的查询链接）', params: z.object({ certNo: z.string().min(1).max(100) }) },
        config: { rateLimit: QR_RATE_LIMIT, jsonErrors: true },
      },
      async (request, reply) => {
        const { certNo } = request.params
        // Only numbers that exist get a signed link: the signature vouches for this deployment's records.
        const cert = CERT_NO.test(certNo) ? await findPublicCertificate(ctx.readDb, certNo) : undefined
        // An image endpoint for machines and <img>: its errors are the API's JSON errors.
        if (!cert) throw notFound('未找到该执法证')
        const svg = await QRCode.toString(signedVerificationUrl(qrSigner(), ctx.config.publicUrl, cert.certNo), {
          type: 'svg',
          errorCorrectionLevel: 'M',
          margin: 2,
        })
        return reply.header('content-type', 'image/svg+xml').header('cache-control', 'public, max-age=86400').send(svg)
      },
    )
  })
}

