import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { createLocalBlobStore, readAll } from './index.ts'

const roots: string[] = []
const tempRoot = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-blob-test-'))
  roots.push(dir)
  return dir
}
after(() => roots.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    : []

test('R-07 local blob store: put hashes SHA-256 and SM3 while streaming, keys by SHA-256, get returns the bytes', async () => {
  const root = tempRoot()
  const store = createLocalBlobStore(root)
  const bytes = crypto.randomBytes(300_000)
  const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000, 200_000), bytes.subarray(200_000)]
  const info = await store.put(Readable.from(chunks))
  assert.equal(info.key, crypto.createHash('sha256').update(bytes).digest('hex'))
  assert.equal(info.sha256, info.key)
  assert.equal(info.sm3, crypto.createHash('sm3').update(bytes).digest('hex'))
  assert.equal(info.size, bytes.length)
  assert.deepEqual(await readAll(await store.get(info.key)), bytes)
  assert.equal(await store.exists(info.key), true)
  assert.deepEqual(await store.stat(info.key), { key: info.key, size: bytes.length })
  assert.deepEqual(filesUnder(path.join(root, 'tmp')), [], 'no temp file is left after a put')
})

test('R-07 local blob store: SM3 is the GB/T 32905 digest (standard test vector "abc")', async () => {
  const store = createLocalBlobStore(tempRoot())
  const info = await store.put(Readable.from([Buffer.from('abc')]))
  assert.equal(info.sm3, '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
})

test('R-07 local blob store: ranges are inclusive byte ranges; an impossible range is refused', async () => {
  const store = createLocalBlobStore(tempRoot())
  const info = await store.put(Readable.from([Buffer.from('0123456789')]))
  assert.equal((await readAll(await store.get(info.key, { start: 2, end: 5 }))).toString(), '2345')
  assert.equal((await readAll(await store.get(info.key, { start: 9, end: 9 }))).toString(), '9')
  await assert.rejects(store.get(info.key, { start: 5, end: 10 }), { code: 'RANGE_NOT_SATISFIABLE' })
  await assert.rejects(store.get(info.key, { start: 6, end: 5 }), { code: 'RANGE_NOT_SATISFIABLE' })
})

test('R-07 local blob store: writing existing content is a no-op, never an overwrite; a tampered stored copy is detected', async () => {
  const root = tempRoot()
  const store = createLocalBlobStore(root)
  const bytes = Buffer.from('同一份材料')
  const first = await store.put(Readable.from([bytes]))
  const file = filesUnder(path.join(root, 'sha256'))[0]!
  const inode = fs.statSync(file).ino
  const second = await store.put(Readable.from([bytes]))
  assert.deepEqual(second, first)
  assert.equal(fs.statSync(file).ino, inode, 'the stored file was not replaced')
  fs.chmodSync(file, 0o644)
  fs.writeFileSync(file, 'tampered')
  await assert.rejects(store.put(Readable.from([bytes])), { code: 'BLOB_CORRUPT' })
  assert.equal(fs.readFileSync(file, 'utf8'), 'tampered', 'even then the existing file is not overwritten')
})

test('R-07 local blob store: keys that try to leave the store (path traversal) are refused before touching the disk', async () => {
  const root = tempRoot()
  const outside = path.join(path.dirname(root), `secret-${crypto.randomUUID()}`)
  fs.writeFileSync(outside, 'outside')
  const store = createLocalBlobStore(root)
  const attempts = [
    `../${path.basename(outside)}`,
    '../../etc/passwd',
    '/etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    'a'.repeat(63) + '/',
    'A'.repeat(64),
    `${'a'.repeat(64)}/../../x`,
    '',
    'sha256/' + 'a'.repeat(64),
  ]
  for (const key of attempts) {
    await assert.rejects(store.get(key), { code: 'BLOB_KEY' }, key)
    await assert.rejects(store.exists(key), { code: 'BLOB_KEY' }, key)
    await assert.rejects(store.stat(key), { code: 'BLOB_KEY' }, key)
  }
  fs.rmSync(outside)
})

test('R-07 local blob store: a truncated upload (the stream fails mid-way) leaves nothing behind', async () => {
  const root = tempRoot()
  const store = createLocalBlobStore(root)
  const broken = new Readable({
    read() {
      this.push(crypto.randomBytes(64 * 1024))
      this.destroy(new Error('connection reset'))
    },
  })
  await assert.rejects(store.put(broken), /connection reset/)
  assert.deepEqual(filesUnder(root).filter((f) => !f.endsWith(path.sep + 'tmp')), [])
  assert.deepEqual(filesUnder(path.join(root, 'sha256')), [])
  assert.deepEqual(filesUnder(path.join(root, 'tmp')), [])
})

test('R-07 local blob store: an upload over the size limit is refused and leaves nothing behind', async () => {
  const root = tempRoot()
  const store = createLocalBlobStore(root)
  await assert.rejects(store.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1000 }), { code: 'BLOB_TOO_LARGE' })
  assert.deepEqual(filesUnder(root), [])
  const ok = await store.put(Readable.from([Buffer.alloc(1000)]), { maxBytes: 1000 })
  assert.equal(ok.size, 1000)
})

test('R-07 local blob store: a missing key is BLOB_NOT_FOUND, exists false, stat undefined', async () => {
  const store = createLocalBlobStore(tempRoot())
  const key = 'b'.repeat(64)
  await assert.rejects(store.get(key), { code: 'BLOB_NOT_FOUND' })
  assert.equal(await store.exists(key), false)
  assert.equal(await store.stat(key), undefined)
})

test('R-07 local blob store: putFile takes a finished upload without a second copy (one inode, read-only), and never overwrites', async () => {
  const root = tempRoot()
  const store = createLocalBlobStore(root)
  const bytes = crypto.randomBytes(200_000)
  const staged = path.join(root, 'staged.bin')
  fs.writeFileSync(staged, bytes)
  const digests = { size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), sm3: crypto.createHash('sm3').update(bytes).digest('hex') }
  const info = await store.putFile(staged, digests)
  assert.deepEqual(info, { key: digests.sha256, ...digests })
  assert.deepEqual(await readAll(await store.get(info.key)), bytes)
  const [blob] = filesUnder(path.join(root, 'sha256'))
  assert.equal(fs.statSync(blob!).ino, fs.statSync(staged).ino, 'a hard link, not a copy')
  assert.equal(fs.statSync(blob!).mode & 0o222, 0, 'not writable through either name')
  fs.rmSync(staged, { force: true })
  assert.deepEqual(await readAll(await store.get(info.key)), bytes, 'the blob outlives the staged name')
  // the same content again is a no-op; a size that does not match the stored blob is refused
  const again = path.join(root, 'again.bin')
  fs.writeFileSync(again, bytes)
  assert.deepEqual(await store.putFile(again, digests), info)
  await assert.rejects(store.putFile(again, { ...digests, size: digests.size + 1 }), (e: any) => e.code === 'BLOB_CORRUPT')
  const other = path.join(root, 'other.bin')
  fs.writeFileSync(other, bytes.subarray(1))
  await assert.rejects(store.putFile(other, { ...digests, sha256: 'ab'.repeat(32) }), (e: any) => e.code === 'BLOB_CORRUPT', 'a file of another size than its digests say')
  assert.deepEqual(filesUnder(path.join(root, 'tmp')), [])
})
