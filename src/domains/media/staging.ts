import path from 'node:path'
import type { IncomingMessage } from 'node:http'
import { FileStore } from '@tus/file-store'
import { Server, type ServerOptions } from '@tus/server'
import { ERRORS, type Upload } from '@tus/utils'
import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import type { BlobStore } from '../../platform/blobs/index.ts'
import { AppError } from '../../platform/http/errors.ts'
import { ingestRecording, UPLOADED_BY } from './ingest-recording.ts'
import { MEDIA_MAX_BYTES } from './media-kinds.ts'
import type { MediaRow } from './store.ts'
import { uploadLocker } from './upload-lock.ts'

export const UPLOADS_PATH = '/api/media/uploads'
/** Response header naming the recording an upload became. */
export const MEDIA_ID_HEADER = 'zhifa-media-id'

/** Who is behind a request the tus server handles: set by the route before it hands over. */
type RequestContext = { user: AuthUser; ip: string }
type TusRequest = Parameters<NonNullable<ServerOptions['onUploadCreate']>>[0]

/** The tus error form our clients read: `{code, message}` as JSON, the status of the AppError. */
export const tusError = (error: AppError) => ({ status_code: error.status, body: JSON.stringify({ code: error.code, message: error.message }) })

type TusFailure = { status_code: number; body: string }
/** The tus server's own refusals, in the one error form with Chinese messages. */
const TUS_ERRORS: [TusFailure, string, string][] = [
  [ERRORS.MISSING_OFFSET, 'UPLOAD_OFFSET', '缺少 Upload-Offset 请求头'],
  [ERRORS.INVALID_OFFSET, 'UPLOAD_OFFSET', 'Upload-Offset 与服务器已收到的字节数不一致，请先查询偏移量（HEAD）再续传'],
  [ERRORS.INVALID_CONTENT_TYPE, 'UPLOAD_CONTENT_TYPE', '续传请求的 Content-Type 须为 application/offset+octet-stream'],
  [ERRORS.FILE_NOT_FOUND, 'NOT_FOUND', '上传不存在'],
  [ERRORS.FILE_NO_LONGER_EXISTS, 'UPLOAD_GONE', '上传已不存在，请重新上传'],
  [ERRORS.ERR_SIZE_EXCEEDED, 'BODY_TOO_LARGE', '上传的字节超过了声明的文件大小'],
  [ERRORS.ERR_MAX_SIZE_EXCEEDED, 'BODY_TOO_LARGE', '音像文件超过大小上限'],
  [ERRORS.INVALID_LENGTH, 'UPLOAD_LENGTH', '须声明文件大小（Upload-Length）'],
  [ERRORS.ABORTED, 'UPLOAD_BUSY', '该上传正被另一个请求写入，请稍后重试'],
  [ERRORS.ERR_LOCK_TIMEOUT, 'UPLOAD_BUSY', '该上传正被另一个请求写入，请稍后重试'],
  [ERRORS.FILE_WRITE_ERROR, 'UPLOAD_WRITE', '接收文件时出错，请续传'],
]

/** Maps whatever the tus server refuses with to `{code, message}`. */
export function tusRefusal(error: Error | TusFailure): TusFailure {
  if (error instanceof AppError) return tusError(error)
  const failure = error as Partial<TusFailure>
  const known = TUS_ERRORS.find(([e]) => e === error || (e.status_code === failure.status_code && e.body === failure.body))
  if (known) return tusError(new AppError(known[0].status_code, known[1], known[2]))
  const status = typeof failure.status_code === 'number' ? failure.status_code : 500
  return status >= 500
    ? tusError(new AppError(500, 'INTERNAL', '服务器内部错误'))
    : tusError(new AppError(status, 'UPLOAD_REFUSED', '上传请求不合法'))
}

export type MediaStaging = {
  tus: Server
  dir: string
  /** Hands a raw request to the tus server on behalf of an authenticated user. */
  handle(req: IncomingMessage, res: import('node:http').ServerResponse, context: RequestContext): Promise<void>
  /** The staged upload, or undefined when there is none with that id. */
  find(id: string): Promise<Upload | undefined>
  /** Ingests a completed upload once, however many requests ask at the same time. */
  ingest(user: AuthUser, upload: Upload, ip?: string): Promise<MediaRow>
  /** Removes what is left of an upload in the staging area (best effort). */
  discard(id: string): Promise<void>
}

/**
 * the staging area of resumable uploads (tus 1.0, creation + termination), a
 * directory under the data directory whatever the blob store: a partial upload is a file
 * there whose length is the offset, so it survives the server being killed, and the client
 * resumes where the file ends. A completed upload is ingested into the blob store and the
 * staged copy removed.
 */
export function createMediaStaging(db: Db, blobs: BlobStore, dataDir: string, databaseUrl?: string): MediaStaging {
  const dir = path.join(dataDir, 'media-staging')
  // N-02: one writer per upload across app servers (upload-lock.ts)
  const { locker } = uploadLocker(databaseUrl)
  const datastore = new FileStore({ directory: dir })
  const contexts = new WeakMap<IncomingMessage, RequestContext>()
  const running = new Map<string, Promise<MediaRow>>()
  const contextOf = (req: TusRequest): RequestContext => {
    const raw = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req
    const context = raw && contexts.get(raw)
    if (!context) throw tusError(new AppError(401, 'UNAUTHENTICATED', '请先登录'))
    return context
  }

  const staging: MediaStaging = {
    dir,
    tus: new Server({
      path: UPLOADS_PATH,
      datastore,
      locker,
      relativeLocation: true,
      maxSize: MEDIA_MAX_BYTES,
      disableTerminationForFinishedUploads: true,
      async onUploadCreate(req, upload) {
        // The server, not the client, says who created an upload.
        return { metadata: { ...upload.metadata, [UPLOADED_BY]: contextOf(req).user.id } }
      },
      async onUploadFinish(req, upload) {
        const { user, ip } = contextOf(req)
        const media = await staging.ingest(user, upload, ip)
        return { headers: { [MEDIA_ID_HEADER]: media.id } }
      },
      onResponseError: (_req, error) => tusRefusal(error),
    }),
    async handle(req, res, context) {
      contexts.set(req, context)
      await staging.tus.handle(req, res)
    },
    async find(id) {
      try {
        return await datastore.getUpload(id)
      } catch (error) {
        if ((error as { status_code?: number }).status_code === 404 || (error as { status_code?: number }).status_code === 410) return undefined
        throw error
      }
    },
    ingest(user, upload, ip) {
      let job = running.get(upload.id)
      if (!job) {
        job = ingestRecording(db, blobs, user, { id: upload.id, size: upload.size ?? 0, metadata: upload.metadata ?? {}, file: path.join(dir, upload.id) }, ip)
          .then(
            async (media) => {
              await staging.discard(upload.id)
              return media
            },
            async (error) => {
              // Bytes that are not what they claim to be will never become a recording.
              if (error instanceof AppError && error.code === 'MEDIA_TYPE_MISMATCH') await staging.discard(upload.id)
              throw error
            },
          )
          .finally(() => running.delete(upload.id))
        running.set(upload.id, job)
      }
      return job
    },
    async discard(id) {
      await datastore.remove(id).catch(() => {})
    },
  }
  return staging
}
