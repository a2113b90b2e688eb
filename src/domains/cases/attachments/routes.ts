import type { Readable } from 'node:stream'
import { z } from 'zod'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../../../platform/http/app.ts'
import { currentUser } from '../../../platform/http/app.ts'
import { ErrorBody } from '../../../platform/http/errors.ts'
import { SecrecyLevelSchema } from '../record-access/routes.ts'
import { ATTACHMENT_MAX_BYTES } from './media-types.ts'
import { readAttachmentContent, readAttachmentList, type ListedAttachment } from './read-attachment.ts'
import { uploadAttachment } from './upload-attachment.ts'
import type { AttachmentRow } from './store.ts'

const tags = ['案件附件']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 416: ErrorBody, 422: ErrorBody }
const IdParams = z.object({ id: z.uuid() })

const AttachmentOut = z.object({
  id: z.string(),
  caseId: z.string(),
  actionId: z.string().nullable(),
  stage: z.string().nullable(),
  sha256: z.string(),
  sm3: z.string(),
  size: z.number(),
  mediaType: z.string(),
  fileName: z.string().nullable(),
  description: z.string().nullable(),
  capturedAt: z.string().nullable(),
  device: z.string().nullable(),
  location: z.string().nullable(),
  secrecy: z.string().nullable().describe('当前密级'),
  uploadedBy: z.string(),
  uploaderName: z.string(),
  uploadedAt: z.string(),
})
const attachmentOut = (row: AttachmentRow, level: string | null = row.secrecy) => ({
  id: row.id,
  caseId: row.caseId,
  actionId: row.actionId,
  stage: row.stage,
  sha256: row.sha256,
  sm3: row.sm3,
  size: Number(row.size),
  mediaType: row.mediaType,
  fileName: row.fileName,
  description: row.description,
  capturedAt: row.capturedAt?.toISOString() ?? null,
  device: row.device,
  location: row.location,
  secrecy: level,
  uploadedBy: row.uploadedBy,
  uploaderName: row.uploaderName,
  uploadedAt: row.uploadedAt.toISOString(),
})
const listedOut = (row: ListedAttachment) => ({ ...attachmentOut(row, row.level), withheld: row.withheld })

const UploadQuery = z.strictObject({
  actionId: z.uuid().optional(),
  stage: z.string().trim().min(1).max(40).optional(),
  description: z.string().trim().min(1).max(500).optional(),
  capturedAt: z.iso.datetime({ offset: true }).optional().describe('拍摄/录制时间（ISO 8601，带时区）'),
  device: z.string().trim().min(1).max(100).optional(),
  location: z.string().trim().min(1).max(200).optional().describe('地点，如“楚雄市鹿城镇南路 12 号”或“25.04,101.54”'),
  secrecy: SecrecyLevelSchema.optional(),
  fileName: z.string().trim().min(1).max(200).optional(),
})

/** R-07 / R-10 / F-06: case attachments, uploaded as the raw request body and read with HTTP Range. */
export const attachmentRoutes: RoutePlugin = async (root, { db, blobs }) => {
  await root.register(async (scoped) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>()
    // The body stays a stream: the handler checks access first, then streams it into the blob store.
    app.addContentTypeParser(/^(image|audio|video)\/|^application\/pdf/, (_request, payload, done) => done(null, payload))

    app.post(
      '/api/cases/:id/attachments',
      {
        bodyLimit: ATTACHMENT_MAX_BYTES,
        schema: {
          tags,
          summary: '上传案件附件（请求体为文件本身；元数据放在查询参数中）',
          description: '允许的类型：image/jpeg、image/png、image/heic、audio/*（mpeg、mp4、wav、ogg、amr）、video/mp4、application/pdf；上限 200 MB；内容按文件头校验。',
          params: IdParams,
          querystring: UploadQuery,
          response: { 201: AttachmentOut, ...errors },
        },
      },
      async (request, reply) => {
        const user = currentUser(request)
        const length = request.headers['content-length']
        const row = await uploadAttachment(db, blobs, user, request.params.id, {
          contentType: request.headers['content-type'],
          contentLength: length === undefined ? undefined : Number(length),
          body: request.body as Readable,
          meta: request.query,
          ip: request.ip,
        })
        return reply.code(201).send(attachmentOut(row))
      },
    )
  })

  root.get(
    '/api/cases/:id/attachments',
    {
      schema: {
        tags,
        summary: '案件附件列表（含哈希与密级；无权查看的标明原因）',
        params: IdParams,
        response: { 200: z.object({ items: z.array(AttachmentOut.extend({ withheld: z.string().nullable().describe('不能打开的原因') })) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const rows = await readAttachmentList(db, user, request.params.id, request.ip)
      return { items: rows.map(listedOut) }
    },
  )

  root.get(
    '/api/attachments/:id/content',
    {
      schema: {
        tags,
        summary: '附件内容（支持 Range 分段读取，用于浏览器内播放与拖动）',
        params: IdParams,
        response: { 200: z.any().describe('文件全部内容'), 206: z.any().describe('所请求的字节范围'), ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const { row, range, stream } = await readAttachmentContent(db, blobs, user, request.params.id, {
        range: request.headers.range,
        ip: request.ip,
      })
      const size = Number(row.size)
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', row.mediaType)
        .header('etag', `"${row.sha256}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256', row.sha256)
        .header('x-content-sm3', row.sm3)
      if (range) {
        reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1)
      } else {
        reply.code(200).header('content-length', size)
      }
      return reply.send(stream)
    },
  )
}
