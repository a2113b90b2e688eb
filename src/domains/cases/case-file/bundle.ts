import { once } from 'node:events'
import { PassThrough, type Readable } from 'node:stream'
import { Zip, ZipPassThrough } from 'fflate'
import type { BlobInfo, BlobStore } from '../../../platform/blobs/index.ts'
import { blobCorrupt, HashingCounter, hashBytes } from '../../../platform/blobs/index.ts'

export type ManifestFile = { path: string; size: number; sha256: string; sm3: string; [key: string]: unknown }

/**
 * writes a ZIP (stored, not compressed: PDFs and media are compressed already) straight
 * into the blob store while it is built, and records every file with its size, SHA-256 and
 * SM3. A streamed file whose hash differs from what the database holds stops the bundle.
 */
export function zipIntoBlobStore(blobs: BlobStore) {
  const out = new PassThrough()
  const stored: Promise<BlobInfo> = blobs.put(out)
  stored.catch(() => {})
  let failure: Error | null = null
  const zip = new Zip((error, chunk, final) => {
    if (error) return void out.destroy((failure = error))
    out.write(chunk)
    if (final) out.end()
  })
  const files: ManifestFile[] = []
  const drain = async () => {
    if (failure) throw failure
    if (out.writableNeedDrain) await once(out, 'drain')
  }
  return {
    files,
    async addBytes(path: string, bytes: Uint8Array, extra: Record<string, unknown> = {}): Promise<ManifestFile> {
      const entry = new ZipPassThrough(path)
      zip.add(entry)
      entry.push(bytes, true)
      await drain()
      const file = { path, ...hashBytes(bytes), ...extra }
      files.push(file)
      return file
    },
    /**
     * Streams a stored file in. A hash other than `expected` stops the bundle, unless
     * `keepDamaged` (R-08: the damaged bytes go in as they are, and `zhifa verify` names the file).
     */
    async addStream(
      path: string,
      stream: Readable,
      expected: { sha256: string },
      extra: Record<string, unknown> = {},
      options: { keepDamaged?: boolean } = {},
    ): Promise<ManifestFile> {
      const entry = new ZipPassThrough(path)
      zip.add(entry)
      const hashing = new HashingCounter()
      for await (const chunk of stream.pipe(hashing)) {
        entry.push(chunk as Uint8Array, false)
        await drain()
      }
      entry.push(new Uint8Array(0), true)
      const digests = hashing.digests()
      if (digests.sha256 !== expected.sha256 && !options.keepDamaged) throw blobCorrupt()
      const file = { path, ...digests, ...extra }
      files.push(file)
      return file
    },
    async finish(): Promise<BlobInfo> {
      zip.end()
      return stored
    },
    abort(error: Error) {
      out.destroy(error)
    },
  }
}
