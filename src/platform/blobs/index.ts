import path from 'node:path'
import type { Config } from '../config.ts'
import type { BlobStore } from './blob-store.ts'
import { createLocalBlobStore } from './local.ts'
import { createS3BlobStore } from './s3.ts'

export * from './blob-store.ts'
export { createLocalBlobStore } from './local.ts'
export { createS3BlobStore, type S3Settings } from './s3.ts'

/** the provider the configuration names (`ZHIFA_BLOB_STORE`), local disk by default. */
export function createBlobStore(config: Pick<Config, 'dataDir' | 'blobStore' | 's3'>): BlobStore {
  if (config.blobStore === 's3') {
    if (!config.s3.bucket) throw new Error('ZHIFA_BLOB_STORE=s3 requires ZHIFA_S3_BUCKET')
    return createS3BlobStore(config.s3, { spoolDir: path.join(config.dataDir, 'blobs-spool') })
  }
  return createLocalBlobStore(path.join(config.dataDir, 'blobs'))
}
