import fs from 'node:fs'
import * as tus from 'tus-js-client'
import type { MediaMetadata } from './metadata.ts'
import { MEDIA_ID_HEADER, UPLOADS_PATH } from './staging.ts'

export type UploadSession = { cookie: string; csrf: string }
export type UploadResult = { url: string; mediaId: string | undefined; ms: number }

/**
 * uploads a file from node with tus-js-client, as a 采集工作站 would: in chunks, with
 * the session cookie and CSRF token. Resumes from uploadUrl when given.
 */
export function uploadFile(input: {
  base: string
  session: UploadSession
  file: string
  metadata?: Partial<Record<keyof MediaMetadata, string>>
  chunkSize?: number
  uploadUrl?: string
  onUrl?: (url: string) => void
  onChunk?: (accepted: number, total: number) => void
  onProgress?: (sent: number, total: number) => void
}): Promise<UploadResult> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const upload: tus.Upload = new tus.Upload(fs.createReadStream(input.file) as never, {
      endpoint: `${input.base}${UPLOADS_PATH}`,
      ...(input.uploadUrl ? { uploadUrl: input.uploadUrl } : {}),
      uploadSize: fs.statSync(input.file).size,
      chunkSize: input.chunkSize ?? 16 * 1024 * 1024,
      retryDelays: null,
      storeFingerprintForResuming: false,
      headers: { cookie: input.session.cookie, 'x-csrf-token': input.session.csrf },
      metadata: Object.fromEntries(Object.entries(input.metadata ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>,
      onUploadUrlAvailable: () => input.onUrl?.(upload.url!),
      onChunkComplete: (_size, accepted, total) => input.onChunk?.(accepted, total),
      onProgress: (sent, total) => input.onProgress?.(sent, total),
      onSuccess: ({ lastResponse }) =>
        resolve({ url: upload.url!, mediaId: lastResponse.getHeader(MEDIA_ID_HEADER) ?? undefined, ms: performance.now() - started }),
      onError: reject,
    })
    upload.start()
  })
}
