import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import {
  assertBlobKey,
  blobCorrupt,
  blobNotFound,
  HashingCounter,
  rangeNotSatisfiable,
  type BlobInfo,
  type BlobStore,
  type ByteRange,
  type PutOptions,
} from './blob-store.ts'

export type S3Settings = {
  endpoint: string | undefined
  bucket: string
  region: string
  accessKeyId: string | undefined
  secretAccessKey: string | undefined
  forcePathStyle: boolean
}

const objectKey = (key: string) => {
  assertBlobKey(key)
  return `sha256/${key}`
}
const isNotFound = (error: any) => error?.name === 'NotFound' || error?.name === 'NoSuchKey' || error?.$metadata?.httpStatusCode === 404
const isPreconditionFailed = (error: any) => error?.name === 'PreconditionFailed' || error?.$metadata?.httpStatusCode === 412

export function s3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    // S3-compatible stores (MinIO, Ceph, the domestic clouds) do not all accept the SDK's
    // default streaming CRC trailers; our own SHA-256 and SM3 are the integrity check.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

/**
 * blobs in an S3-compatible object store, object `sha256/<key>` with the SHA-256 and
 * SM3 as object metadata. The hash is the key, so the body is spooled to a local temp file
 * while hashing; the object is then written with `If-None-Match: *` so an existing object
 * is never overwritten, and an existing one counts only if its metadata and size agree.
 */
export function createS3BlobStore(settings: S3Settings, options: { client?: S3Client; spoolDir?: string } = {}): BlobStore {
  const client = options.client ?? s3Client(settings)
  const spoolDir = options.spoolDir ?? path.join(os.tmpdir(), 'zhifa-s3-spool')
  const Bucket = settings.bucket

  const head = async (key: string) => {
    try {
      return await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) }))
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }
  const verifyExisting = (found: Awaited<ReturnType<typeof head>>, info: BlobInfo) => {
    if (!found) return false
    if (found.ContentLength !== info.size || found.Metadata?.sha256 !== info.sha256) throw blobCorrupt()
    return true
  }

  /** Uploads unless the object exists; an existing object must carry the same size and SHA-256. */
  const store = async (info: BlobInfo, body: () => Readable) => {
    if (verifyExisting(await head(info.key), info)) return
    try {
      await new Upload({
        client,
        params: {
          Bucket,
          Key: objectKey(info.key),
          Body: body(),
          ContentLength: info.size,
          ContentType: 'application/octet-stream',
          IfNoneMatch: '*',
          Metadata: { sha256: info.sha256, sm3: info.sm3 },
        },
      }).done()
    } catch (error) {
      // Another writer stored the same content first.
      if (!isPreconditionFailed(error)) throw error
      verifyExisting(await head(info.key), info)
    }
  }

  return {
    kind: 's3',
    async putFile(file, digests): Promise<BlobInfo> {
      if ((await fsp.stat(file)).size !== digests.size) throw blobCorrupt()
      const info: BlobInfo = { key: digests.sha256, ...digests }
      await store(info, () => fs.createReadStream(file))
      return info
    },
    async put(source, putOptions: PutOptions = {}): Promise<BlobInfo> {
      await fsp.mkdir(spoolDir, { recursive: true })
      const tmp = path.join(spoolDir, `${crypto.randomUUID()}.part`)
      try {
        const hashing = new HashingCounter(putOptions.maxBytes)
        const input = source instanceof Readable ? source : Readable.from(source)
        await pipeline(input, hashing, fs.createWriteStream(tmp, { flags: 'wx' }))
        const info: BlobInfo = { key: '', ...hashing.digests() }
        info.key = info.sha256
        await store(info, () => fs.createReadStream(tmp))
        return info
      } finally {
        await fsp.rm(tmp, { force: true })
      }
    },

    async get(key: string, range?: ByteRange) {
      if (range && (range.start < 0 || range.end < range.start)) throw rangeNotSatisfiable()
      try {
        const out = await client.send(
          new GetObjectCommand({ Bucket, Key: objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
        )
        return out.Body as Readable
      } catch (error: any) {
        if (isNotFound(error)) throw blobNotFound()
        if (error?.$metadata?.httpStatusCode === 416) throw rangeNotSatisfiable()
        throw error
      }
    },

    async exists(key: string) {
      return (await head(key)) !== undefined
    },

    async stat(key: string) {
      const found = await head(key)
      return found ? { key, size: Number(found.ContentLength ?? 0) } : undefined
    },
  }
}
