import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import crypto from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
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

async function fsyncPath(p: string): Promise<void> {
  const handle = await fsp.open(p, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hashing = new HashingCounter()
  await pipeline(fs.createReadStream(file), hashing, async (source) => {
    for await (const _ of source);
  })
  const { size, sha256 } = hashing.digests()
  return { size, sha256 }
}

/**
 * blobs on the local disk under `root` (`$ZHIFA_DATA_DIR/blobs`), one file per SHA-256
 * at `sha256/ab/cd/<key>`. An upload goes to `tmp/`, is fsynced and renamed into place, and
 * the directory is fsynced: once put() resolves the blob survives a crash, and a crash or a
 * broken upload before that leaves at most a temp file, never a partial blob.
 */
export function createLocalBlobStore(root: string): BlobStore {
  const tmpDir = path.join(root, 'tmp')
  const fileOf = (key: string) => {
    assertBlobKey(key)
    return path.join(root, 'sha256', key.slice(0, 2), key.slice(2, 4), key)
  }
  const statOf = async (key: string) => {
    try {
      const s = await fsp.stat(fileOf(key))
      return s.isFile() ? s : undefined
    } catch (error: any) {
      if (error.code === 'ENOENT') return undefined
      throw error
    }
  }

  return {
    kind: 'local',
    async put(source, options: PutOptions = {}): Promise<BlobInfo> {
      await fsp.mkdir(tmpDir, { recursive: true })
      const tmp = path.join(tmpDir, `${crypto.randomUUID()}.part`)
      const hashing = new HashingCounter(options.maxBytes)
      try {
        const input = source instanceof Readable ? source : Readable.from(source)
        const out = fs.createWriteStream(tmp, { flags: 'wx' })
        await pipeline(input, hashing, out)
        await fsyncPath(tmp)
        const digests = hashing.digests()
        const key = digests.sha256
        const target = fileOf(key)
        if (await statOf(key)) {
          // Never overwritten: the stored copy must be the same bytes.
          const stored = await hashFile(target)
          if (stored.sha256 !== key || stored.size !== digests.size) throw blobCorrupt()
          await fsp.rm(tmp, { force: true })
        } else {
          await fsp.mkdir(path.dirname(target), { recursive: true })
          await fsp.rename(tmp, target)
          await fsyncPath(path.dirname(target))
        }
        return { key, ...digests }
      } catch (error) {
        await fsp.rm(tmp, { force: true })
        throw error
      }
    },

    async putFile(file, digests): Promise<BlobInfo> {
      const key = digests.sha256
      const target = fileOf(key)
      const existing = await statOf(key)
      if (existing) {
        // Never overwritten; the same key with another size is not the same content.
        if (existing.size !== digests.size) throw blobCorrupt()
        return { key, ...digests }
      }
      if ((await fsp.stat(file)).size !== digests.size) throw blobCorrupt()
      await fsp.mkdir(tmpDir, { recursive: true })
      const tmp = path.join(tmpDir, `${crypto.randomUUID()}.part`)
      try {
        try {
          await fsp.link(file, tmp)
        } catch (error: any) {
          if (error.code !== 'EXDEV' && error.code !== 'EPERM') throw error
          await fsp.copyFile(file, tmp, fs.constants.COPYFILE_EXCL)
        }
        // A hard link shares the inode with the caller's file: read-only, so neither name can be written through.
        await fsp.chmod(tmp, 0o444)
        await fsyncPath(tmp)
        await fsp.mkdir(path.dirname(target), { recursive: true })
        await fsp.rename(tmp, target)
        await fsyncPath(path.dirname(target))
        return { key, ...digests }
      } catch (error) {
        await fsp.rm(tmp, { force: true })
        throw error
      }
    },

    async get(key: string, range?: ByteRange) {
      const s = await statOf(key)
      if (!s) throw blobNotFound()
      if (range && (range.start < 0 || range.end < range.start || range.end >= s.size)) throw rangeNotSatisfiable()
      return fs.createReadStream(fileOf(key), range ? { start: range.start, end: range.end } : {})
    },

    async exists(key: string) {
      return (await statOf(key)) !== undefined
    },

    async stat(key: string) {
      const s = await statOf(key)
      return s ? { key, size: s.size } : undefined
    },
  }
}
