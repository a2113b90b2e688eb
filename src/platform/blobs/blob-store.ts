import crypto from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import { AppError } from '../http/errors.ts'

/** What a stored blob is known by: its SHA-256 (the key), its size and its SM3 digest. */
export type BlobInfo = { key: string; size: number; sha256: string; sm3: string }
/** Byte range, both ends inclusive, as in HTTP `Range: bytes=start-end`. */
export type ByteRange = { start: number; end: number }
export type PutOptions = { maxBytes?: number }

/**
 * the one storage interface. Content-addressed by SHA-256 and never overwritten:
 * writing a key that exists is a no-op once the stored object is verified.
 */
export type BlobStore = {
  readonly kind: 'local' | 's3'
  put(source: Readable | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<BlobInfo>
  /**
   * Stores a file that is on this server's disk and whose digests the caller has just taken
   * from it (a finished upload), without hashing or spooling it again: on local disk a hard
   * link into the store (a copy across file systems), on S3 an upload straight from the file.
   * The caller must not change the file while this runs.
   */
  putFile(file: string, digests: { size: number; sha256: string; sm3: string }): Promise<BlobInfo>
  get(key: string, range?: ByteRange): Promise<Readable>
  exists(key: string): Promise<boolean>
  stat(key: string): Promise<{ key: string; size: number } | undefined>
}

const KEY = /^[0-9a-f]{64}$/

/** A key is a lower-case SHA-256 in hex and nothing else: no path can be smuggled in. */
export function assertBlobKey(key: string): void {
  if (typeof key !== 'string' || !KEY.test(key)) throw new AppError(400, 'BLOB_KEY', '文件标识不合法')
}

export const blobTooLarge = (maxBytes: number) =>
  new AppError(413, 'BLOB_TOO_LARGE', `文件超过大小上限（${Math.floor(maxBytes / 1024 / 1024)} MB）`)
export const blobNotFound = () => new AppError(404, 'BLOB_NOT_FOUND', '文件不存在')
export const blobCorrupt = () => new AppError(500, 'BLOB_CORRUPT', '已存储的文件校验失败')
export const rangeNotSatisfiable = () => new AppError(416, 'RANGE_NOT_SATISFIABLE', '请求的字节范围无效')

/**
 * computes SHA-256 and SM3 of the bytes passing through, and stops the stream once
 * it exceeds maxBytes, so a file is hashed as it arrives, never read twice.
 */
export class HashingCounter extends Transform {
  readonly sha256 = crypto.createHash('sha256')
  readonly sm3 = crypto.createHash('sm3')
  size = 0
  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    super()
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.size += chunk.length
    if (this.size > this.maxBytes) return done(blobTooLarge(this.maxBytes))
    this.sha256.update(chunk)
    this.sm3.update(chunk)
    done(null, chunk)
  }
  digests(): { size: number; sha256: string; sm3: string } {
    return { size: this.size, sha256: this.sha256.digest('hex'), sm3: this.sm3.digest('hex') }
  }
}

/** SHA-256 and SM3 of bytes in memory (exports, manifests). */
export function hashBytes(bytes: Uint8Array): { size: number; sha256: string; sm3: string } {
  return {
    size: bytes.length,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    sm3: crypto.createHash('sm3').update(bytes).digest('hex'),
  }
}

/** Reads a whole stream into memory (for small blobs only). */
export async function readAll(stream: Readable | AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}
