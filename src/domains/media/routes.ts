import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { AppError, ErrorBody, forbidden, notFound } from '../../platform/http/errors.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { checkMediaTarget } from './check-target.ts'
import { UPLOADED_BY } from './ingest-recording.ts'
import { MEDIA_MAX_BYTES, MEDIA_TYPES } from './media-kinds.ts'
import { parseMediaMetadata } from './metadata.ts'
import { getRecording, listRecordings, readRecording, type ListedMedia } from './read-media.ts'
import { createMediaStaging, MEDIA_ID_HEADER, UPLOADS_PATH, type MediaStaging } from './staging.ts'
import { findMediaByUpload, type MediaRow } from './store.ts'

const tags = ['音像记录']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 412: ErrorBody, 413: ErrorBody, 415: ErrorBody, 416: ErrorBody, 422: ErrorBody }
const UploadParams = z.object({ uploadId: z.string().regex(/^[0-9a-f]{32}$/, { error: '上传 ID 格式不正确' }) })
const IdParams = z.object({ id: z.uuid() })
const TusHeaders = z.looseObject({
  'tus-resumable': z.string().optional().describe('1.0.0'),
  'upload-length': z.string().regex(/^\d+$/).optional(),
  'upload-offset': z.string().regex(/^\d+$/).optional(),
  'upload-metadata': z.string().max(8000).optional(),
})

const MediaOut = z.object({
  id: z.string().describe('附件 ID（同 /api/attachments/:id）'),
  caseId: z.string(),
  actionId: z.string().nullable(),
  stage: z.string().nullable(),
  sha256: z.string(),
  sm3: z.string(),
  size: z.number(),
  mediaType: z.string(),
  fileName: z.string().nullable(),
  device: z.string(),
  officerId: z.string(),
  officerName: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  location: z.string().nullable(),
  durationMs: z.number().nullable(),
  secrecy: z.string().nullable(),
  uploadedBy: z.string(),
  uploaderName: z.string(),
  recordedAt: z.string(),
})
const mediaOut = (row: MediaRow) => ({
  id: row.id,
  caseId: row.caseId,
  actionId: row.actionId,
  stage: row.stage,
  sha256: row.sha256,
  sm3: row.sm3,
  size: Number(row.size),
  mediaType: row.mediaType,
  fileName: row.fileName,
  device: row.device,
  officerId: row.officerId,
  officerName: row.officerName,
  startedAt: row.startedAt.toISOString(),
  endedAt: row.endedAt.toISOString(),
  location: row.location,
  durationMs: row.durationMs === null ? null : Number(row.durationMs),
  secrecy: row.secrecy,
  uploadedBy: row.uploadedBy,
  uploaderName: row.uploaderName,
  recordedAt: row.recordedAt.toISOString(),
})

/** tus answers carry Tus-Resumable; so do our own refusals on the tus endpoint. */
const TUS_VERSION = '1.0.0'

/**
 * body-camera and 采集工作站 recordings. Uploads speak tus 1.0 (creation, termination)
 * at /api/media/uploads behind the session, its CSRF token and the case's write access;
 * recordings are listed, described and played back (HTTP Range) through the case read gate.
 */
export const mediaRoutes: RoutePlugin = async (root, { db, blobs, config }) => {
  // Made on first use: an app that never takes an upload leaves the data directory alone.
  let made: MediaStaging | undefined
  const stagingArea = () => (made ??= createMediaStaging(db, blobs, config.dataDir, config.databaseUrl))

  /** Hands the request to the tus server, keeping the headers Fastify's hooks set (security headers). */
  const toTus = async (request: FastifyRequest, reply: FastifyReply, user: AuthUser, extra: Record<string, string> = {}) => {
    for (const [name, value] of Object.entries({ ...reply.getHeaders(), ...extra })) if (value !== undefined) reply.raw.setHeader(name, value as string)
    reply.hijack()
    await stagingArea().handle(request.raw, reply.raw, { user, ip: request.ip })
  }
  /** Every tus answer names the protocol version; a request must name it too (tus 1.0 §3.2). */
  const tusReply = (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('tus-resumable', TUS_VERSION).header('cache-control', 'no-store')
    if (request.headers['tus-resumable'] !== TUS_VERSION) throw new AppError(412, 'TUS_VERSION', `须带 Tus-Resumable: ${TUS_VERSION} 请求头`)
  }

  await root.register(async (scoped) => {
    // The tus server reads the body itself, as it streams into the staging area.
    scoped.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null, undefined))

    scoped.post(
      UPLOADS_PATH,
      {
        schema: {
          tags,
          summary: '新建可续传上传（tus 1.0 creation）',
          description:
            `Upload-Metadata（base64）：caseId、actionId 或 stage、device、officer（执法人员 ID）、startedAt、endedAt、location、filename、mime（${MEDIA_TYPES.join('、')}）、secrecy（可选）。` +
            '须带 Upload-Length；元数据不合法或无权向该案件添加材料时拒绝，不写入任何内容。',
          headers: TusHeaders,
          response: { 201: z.any().describe('Location 为上传地址'), ...errors },
        },
      },
      async (request, reply) => {
        const user = currentUser(request)
        tusReply(request, reply)
        const header = (name: string) => {
          const value = request.headers[name]
          return typeof value === 'string' ? value : undefined
        }
        const meta = parseMediaMetadata(header('upload-metadata'))
        const length = header('upload-length')
        if (length === undefined || !/^\d+$/.test(length)) throw new AppError(400, 'UPLOAD_LENGTH', '须声明文件大小（Upload-Length）')
        if (Number(length) === 0) throw new AppError(400, 'EMPTY_BODY', '上传的文件为空')
        if (Number(length) > MEDIA_MAX_BYTES) throw new AppError(413, 'BODY_TOO_LARGE', `音像文件不得超过 ${MEDIA_MAX_BYTES / 1024 ** 3} GB`)
        await checkMediaTarget(db, user, meta)
        await toTus(request, reply, user)
      },
    )

    scoped.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: `${UPLOADS_PATH}/:uploadId`,
      schema: {
        tags,
        summary: '续传（HEAD 查询偏移量，PATCH 追加字节，DELETE 放弃未完成的上传）',
        description: '只有创建上传的用户可以续传。上传完成时文件计算 SHA-256 与 SM3 并入库，响应头 Zhifa-Media-Id 为音像记录 ID。',
        params: UploadParams,
        headers: TusHeaders,
        response: { 200: z.any(), 204: z.any(), ...errors },
      },
      handler: async (request, reply) => {
        const user = currentUser(request)
        tusReply(request, reply)
        const { uploadId } = request.params as { uploadId: string }
        const done = await findMediaByUpload(db, uploadId)
        if (done) {
          if (done.uploadedBy !== user.id) throw notFound('上传不存在')
          await stagingArea().discard(uploadId)
          if (request.method === 'DELETE') throw forbidden('已入库的音像记录不得删除')
          return reply
            .code(request.method === 'HEAD' ? 200 : 204)
            .header('upload-offset', String(done.size))
            .header('upload-length', String(done.size))
            .header(MEDIA_ID_HEADER, done.id)
            .send()
        }
        const upload = await stagingArea().find(uploadId)
        if (!upload || upload.metadata?.[UPLOADED_BY] !== user.id) throw notFound('上传不存在')
        if (request.method === 'HEAD' && upload.size !== undefined && upload.offset === upload.size) {
          // Complete but not ingested (the server stopped while ingesting it): ingest now.
          const media = await stagingArea().ingest(user, upload, request.ip)
          return reply.code(200).header('upload-offset', String(media.size)).header('upload-length', String(media.size)).header(MEDIA_ID_HEADER, media.id).send()
        }
        await toTus(request, reply, user)
      },
    })
  })

  root.get(
    '/api/cases/:id/media',
    {
      schema: {
        tags,
        summary: '案件的音像记录（录制人、设备、起止时间、地点、哈希）',
        params: IdParams,
        response: { 200: z.object({ items: z.array(MediaOut.extend({ withheld: z.string().nullable().describe('不能打开的原因') })) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const rows = await listRecordings(db, user, request.params.id, request.ip)
      return { items: rows.map((row: ListedMedia) => ({ ...mediaOut(row), secrecy: row.level, withheld: row.withheld })) }
    },
  )

  root.get(
    '/api/media/:id',
    { schema: { tags, summary: '一条音像记录', params: IdParams, response: { 200: MediaOut, ...errors } } },
    async (request) => mediaOut(await getRecording(db, currentUser(request), request.params.id, request.ip)),
  )

  root.get(
    '/api/media/:id/content',
    {
      schema: {
        tags,
        summary: '播放或下载音像记录（支持 Range，用于浏览器内拖动播放）',
        params: IdParams,
        querystring: z.strictObject({ download: z.enum(['1']).optional().describe('1：作为附件下载') }),
        response: { 200: z.any().describe('文件全部内容'), 206: z.any().describe('所请求的字节范围'), ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const { media, range, stream } = await readRecording(db, blobs, user, request.params.id, { range: request.headers.range, ip: request.ip })
      const size = Number(media.size)
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', media.mediaType)
        .header('etag', `"${media.sha256}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256', media.sha256)
        .header('x-content-sm3', media.sm3)
      if (request.query.download) {
        const name = media.fileName ?? `${media.id}`
        reply.header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      }
      if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1)
      else reply.code(200).header('content-length', size)
      return reply.send(stream)
    },
  )
}
