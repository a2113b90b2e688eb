import { z } from 'zod'
import type { RoutePlugin } from '../../../platform/http/app.ts'
import { currentUser } from '../../../platform/http/app.ts'
import { ErrorBody } from '../../../platform/http/errors.ts'
import { requireRole } from '../../../platform/access/scope.ts'
import { correctDocument, generateDocument, type DocumentSummary } from './generate-document.ts'
import { listDocumentsOfCase, readDocument, readDocumentFile } from './read-documents.ts'
import { recordServiceConsent, serveDocuments, SERVICE_METHODS } from './serve-documents.ts'
import { signDocument } from './sign-document.ts'
import { TEMPLATES } from './templates.ts'
import { sealPendingDocuments } from '../../seals/seal.ts'
import path from 'node:path'

const tags = ['执法文书']
const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const IsoDate = z.iso.date()
const READ_ROLES = ['officer', 'auxiliary', 'head', 'reviewer', 'supervisor', 'admin'] as const
/** A signature PNG as a data URL: 200 KB of image is at most ~273 KB of base64. */
const SIGNATURE_DATA_URL_MAX = 280_000

const FieldValue = z.union([z.string().max(4000), z.array(z.string().max(2000)).max(100), z.boolean()])
const Fields = z.record(z.string().min(1).max(40), FieldValue).refine((f) => Object.keys(f).length <= 40, '字段过多')
const KindEnum = z.enum(TEMPLATES.map((t) => t.kind) as [string, ...string[]])

const GenerateBody = z.strictObject({ kind: KindEnum, fields: Fields.default({}) })
const CorrectBody = z.strictObject({ fields: Fields, reason: z.string().trim().min(1).max(500) })
const SignatureBody = z.strictObject({
  role: z.enum(['party', 'officer', 'witness']),
  signedOn: IsoDate,
  name: z.string().trim().min(1).max(50).optional(),
  personId: z.uuid().optional(),
  image: z.string().max(SIGNATURE_DATA_URL_MAX).optional().describe('签名图片，data:image/png;base64,…'),
  refused: z.boolean().optional().describe('拒绝签字（须有见证人和执法人员说明）'),
  witnessName: z.string().trim().min(1).max(50).optional(),
  note: z.string().trim().min(1).max(500).optional(),
})
const ServiceBody = z.strictObject({
  actedOn: IsoDate,
  method: z.enum(SERVICE_METHODS),
  documentIds: z.array(z.uuid()).min(1).max(50),
  officers: z.array(z.uuid()).max(20).optional(),
  recipient: z.string().trim().min(1).max(100).optional(),
  servicePlace: z.string().trim().min(1).max(200).optional(),
  signature: z.string().max(SIGNATURE_DATA_URL_MAX).optional(),
  witness: z.string().trim().min(1).max(50).optional(),
  refusalNote: z.string().trim().min(1).max(500).optional(),
  trackingNumber: z.string().trim().min(1).max(50).optional(),
  receivedOn: IsoDate.optional(),
  consentId: z.uuid().optional(),
  reason: z.string().trim().min(1).max(500).optional(),
})
const ConsentBody = z.strictObject({
  channel: z.enum(['电子邮件', '传真', '短信', '电子送达平台']),
  address: z.string().trim().min(3).max(200),
  consentedOn: IsoDate,
  confirmation: z.string().trim().min(2).max(200).describe('当事人签订的确认书编号或说明'),
})

const DocumentOut = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.string(),
  name: z.string(),
  number: z.string().nullable().describe('文号；不编文号的文书为空'),
  version: z.number(),
  templateVersion: z.number(),
  pdfSha256: z.string(),
  docxSha256: z.string(),
  pages: z.number(),
  createdAt: z.string(),
})
const VersionOut = z.object({
  version: z.number(),
  change: z.enum(['create', 'correct', 'sign']),
  reason: z.string().nullable(),
  templateVersion: z.number(),
  createdAt: z.string(),
  pdfSha256: z.string(),
  docxSha256: z.string(),
  pages: z.number(),
})
const SignatureOut = z.object({
  id: z.string(),
  version: z.number(),
  role: z.string(),
  signerName: z.string(),
  personId: z.string().nullable(),
  signedOn: z.string(),
  refused: z.boolean(),
  witnessName: z.string().nullable(),
  note: z.string().nullable(),
  imageSha256: z.string().nullable(),
})

const documentOut = (d: DocumentSummary) => ({ ...d, createdAt: d.createdAt.toISOString() })

/** D-04 / R-05 / P-06: case documents generated from case data, their signatures and their 送达. */
export const caseDocumentRoutes: RoutePlugin = (app, { db, config }) => {
  const keysDir = path.join(config.dataDir, 'keys')
  /**
   * a new document version's PDF is sealed with its agency's SM2 key before the answer
   * (only the unsealed PDFs of that one case are read, so a write costs the same in a big system).
   * The version is already committed; a sealing failure is logged, and the version is sealed
   * later (sealPendingDocuments, or when its case bundle is made), never lost.
   */
  const seal = async <T extends { caseId: string }>(result: T): Promise<T> => {
    const { failed } = await sealPendingDocuments(db, keysDir, { caseId: result.caseId }).catch((error) => ({ failed: [{ ref: '*', agencyId: '*', error: String(error) }] }))
    for (const f of failed) app.log.error(f, '文书签章失败')
    return result
  }
  app.post(
    '/api/cases/:id/documents',
    { schema: { tags, summary: '由案件数据生成执法文书（编发文号，生成 PDF 与 DOCX）', params: IdParams, body: GenerateBody, response: { 201: DocumentOut, ...errors } } },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(documentOut(await seal(await generateDocument(db, user, request.params.id, request.body, request.ip))))
    },
  )

  app.get(
    '/api/cases/:id/documents',
    { schema: { tags, summary: '案件的执法文书（各文书的现行版本）', params: IdParams, response: { 200: z.object({ items: z.array(DocumentOut) }), ...errors } } },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, ...READ_ROLES)
      return { items: (await listDocumentsOfCase(db, user, request.params.id, request.ip)).map(documentOut) }
    },
  )

  app.get(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: '执法文书：各版本与签名',
        params: IdParams,
        response: { 200: DocumentOut.extend({ versions: z.array(VersionOut), signatures: z.array(SignatureOut) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      requireRole(user, ...READ_ROLES)
      const d = await readDocument(db, user, request.params.id, request.ip)
      return {
        ...documentOut(d),
        versions: d.versions.map(({ fields: _fields, templateKind: _kind, createdAt, ...v }) => ({ ...v, createdAt: createdAt.toISOString() })),
        signatures: d.signatures,
      }
    },
  )

  for (const format of ['pdf', 'docx'] as const) {
    app.get(
      `/api/documents/:id/${format}`,
      {
        schema: {
          tags,
          summary: format === 'pdf' ? '文书 PDF（打印、盖章、公开）' : '文书 DOCX（编辑）',
          params: IdParams,
          querystring: z.object({ version: z.coerce.number().int().min(1).max(100_000).optional() }),
        },
      },
      async (request, reply) => {
        const user = currentUser(request)
        requireRole(user, ...READ_ROLES)
        const file = await readDocumentFile(db, user, request.params.id, format, request.query.version, request.ip)
        return reply
          .type(format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .header('x-content-sha256', file.sha256)
          .header('x-document-version', String(file.version))
          .send(file.content)
      },
    )
  }

  app.post(
    '/api/documents/:id/versions',
    { schema: { tags, summary: '更正文书（新版本，文号不变，原版本保留）', params: IdParams, body: CorrectBody, response: { 201: DocumentOut, ...errors } } },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(documentOut(await seal(await correctDocument(db, user, request.params.id, request.body, request.ip))))
    },
  )

  app.post(
    '/api/documents/:id/signatures',
    { schema: { tags, summary: '签名（屏幕手写签名，或记录拒绝签字及见证人）', params: IdParams, body: SignatureBody, response: { 201: DocumentOut, ...errors } } },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(documentOut(await seal(await signDocument(db, user, request.params.id, request.body, request.ip))))
    },
  )

  app.post(
    '/api/cases/:id/service',
    {
      schema: {
        tags,
        summary: '送达（直接、留置、邮寄、电子、公告），生成送达回证',
        params: IdParams,
        body: ServiceBody,
        response: { 201: z.object({ actionId: z.string(), servedOn: z.string(), receipt: DocumentOut }), ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const result = await serveDocuments(db, user, request.params.id, request.body, request.ip)
      await seal(result.receipt)
      return reply.code(201).send({ ...result, receipt: documentOut(result.receipt) })
    },
  )

  app.post(
    '/api/cases/:id/service-consents',
    { schema: { tags, summary: '记录当事人同意电子送达的确认书', params: IdParams, body: ConsentBody, response: { 201: z.object({ id: z.string() }), ...errors } } },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(await recordServiceConsent(db, user, request.params.id, request.body, request.ip))
    },
  )
}
