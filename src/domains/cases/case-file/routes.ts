import path from 'node:path'
import { z } from 'zod'
import { loadLedger, type Ledger } from '../../../platform/ledger/log.ts'
import type { RoutePlugin } from '../../../platform/http/app.ts'
import { currentUser } from '../../../platform/http/app.ts'
import { ErrorBody, notFound } from '../../../platform/http/errors.ts'
import { listCaseDocuments } from '../documents/store.ts'
import { openCaseForRead, recordRead } from '../record-access/case-read.ts'
import { assembleCaseFile } from './assemble-case-file.ts'
import { findCaseFileExport, listCaseFileExports, type CaseFileExportRow } from './store.ts'

const tags = ['案卷']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const IdParams = z.object({ id: z.uuid() })

const TocOut = z.object({ seq: z.number(), name: z.string(), number: z.string().nullable(), date: z.string().nullable(), pages: z.number(), pageLabel: z.string() })
const ExportOut = z.object({
  id: z.string(),
  version: z.number(),
  pages: z.number(),
  pdfSha256: z.string(),
  pdfSm3: z.string(),
  pdfSize: z.number(),
  zipSha256: z.string(),
  zipSm3: z.string(),
  zipSize: z.number(),
  withheld: z.array(z.object({ entity: z.string(), id: z.string(), name: z.string(), level: z.string() })).describe('未随卷的国家秘密材料'),
  assembledAt: z.string(),
})
const CaseFileOut = z.object({ export: ExportOut, toc: z.array(TocOut) })

const exportOut = (row: CaseFileExportRow) => ({
  id: row.id,
  version: row.version,
  pages: row.pages,
  pdfSha256: row.pdfSha256,
  pdfSm3: row.pdfSm3,
  pdfSize: Number(row.pdfSize),
  zipSha256: row.zipSha256,
  zipSm3: row.zipSm3,
  zipSize: Number(row.zipSize),
  withheld: row.withheld as Array<{ entity: string; id: string; name: string; level: string }>,
  assembledAt: row.assembledAt.toISOString(),
})
const viewOf = (row: CaseFileExportRow) => ({ export: exportOut(row), toc: (row.manifest.toc ?? []) as z.infer<typeof TocOut>[] })

/** assembling the 案卷 and reading its exports (R-11: supervisors during a 调阅). */
export const caseFileRoutes: RoutePlugin = (app, { db, blobs, config }) => {
  // the bundle carries inclusion proofs under a checkpoint of this log and the agency's seal
  let ledger: Ledger | undefined
  const verification = () => ({
    ledger: (ledger ??= loadLedger({ dataDir: config.dataDir, ...config.log })),
    keysDir: path.join(config.dataDir, 'keys'),
  })
  app.post(
    '/api/cases/:id/case-file',
    {
      schema: {
        tags,
        summary: '组卷：生成卷内目录、页码连续的案卷 PDF 与带清单的 ZIP（每次生成新版本）',
        params: IdParams,
        body: z.strictObject({}).optional(),
        response: { 201: CaseFileOut, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const { export: row } = await assembleCaseFile(db, blobs, user, request.params.id, { documents: listCaseDocuments, ip: request.ip, verification: verification() })
      return reply.code(201).send(viewOf(row))
    },
  )

  app.get(
    '/api/cases/:id/case-file',
    {
      schema: {
        tags,
        summary: '案卷的最新版本与卷内目录（尚未组卷时 404）',
        params: IdParams,
        response: { 200: CaseFileOut.extend({ versions: z.array(ExportOut) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const reader = await openCaseForRead(db, user, request.params.id)
      const rows = await listCaseFileExports(db, reader.row.id)
      if (!rows[0]) throw notFound('该案件尚未组卷')
      await recordRead(db, reader, { target: 'case-file', entityId: rows[0].id, ip: request.ip })
      return { ...viewOf(rows[0]), versions: rows.map(exportOut) }
    },
  )

  app.get(
    '/api/cases/:id/case-file/:exportId/:format',
    {
      schema: {
        tags,
        summary: '下载某一版本的案卷 PDF 或 ZIP',
        params: z.object({ id: z.uuid(), exportId: z.uuid(), format: z.enum(['pdf', 'zip']) }),
        response: { 200: z.any().describe('文件内容'), ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const reader = await openCaseForRead(db, user, request.params.id)
      const row = await findCaseFileExport(db, request.params.exportId)
      if (!row || row.caseId !== reader.row.id) throw notFound('案卷版本不存在')
      const pdf = request.params.format === 'pdf'
      const key = pdf ? row.pdfSha256 : row.zipSha256
      const stream = await blobs.get(key)
      await recordRead(db, reader, { target: 'case-file', entityId: row.id, ip: request.ip, protectedMaterial: true })
      const name = `${reader.row.number}-案卷-v${row.version}.${request.params.format}`
      return reply
        .header('content-type', pdf ? 'application/pdf' : 'application/zip')
        .header('content-length', Number(pdf ? row.pdfSize : row.zipSize))
        .header('content-disposition', `attachment; filename="case-file-v${row.version}.${request.params.format}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('x-content-sha256', key)
        .header('x-content-sm3', pdf ? row.pdfSm3 : row.zipSm3)
        .header('cache-control', 'private, no-store')
        .send(stream)
    },
  )
}
