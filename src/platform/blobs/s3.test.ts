import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { createS3BlobStore, readAll } from './index.ts'
import { createBlobStore } from './index.ts'
import { loadConfig } from '../config.ts'

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders }
type Stored = { body: Buffer; meta: Record<string, string> }

/** Just enough S3 (path style) for PutObject, GetObject with Range and HeadObject. */
async function fakeS3() {
  const objects = new Map<string, Stored>()
  const uploads = new Map<string, { key: string; meta: Record<string, string>; parts: Map<number, Buffer> }>()
  const seen: Seen[] = []
  const server = http.createServer(async (req, res) => {
    const body = await readAll(req)
    seen.push({ method: req.method!, url: req.url!, headers: req.headers })
    const [rawPath, rawQuery = ''] = req.url!.split('?')
    const key = decodeURIComponent(rawPath!)
    const query = new URLSearchParams(rawQuery)
    const found = objects.get(key)
    const xml = (body: string) => {
      res.writeHead(200, { 'content-type': 'application/xml' })
      res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`)
    }
    if (req.method === 'POST' && query.has('uploads')) {
      const meta = Object.fromEntries(
        Object.entries(req.headers).filter(([h]) => h.startsWith('x-amz-meta-')).map(([h, v]) => [h.slice(11), String(v)]),
      )
      uploads.set('u1', { key, meta, parts: new Map() })
      return xml(`<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>${key}</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>`)
    }
    if (req.method === 'PUT' && query.has('partNumber')) {
      uploads.get(query.get('uploadId')!)!.parts.set(Number(query.get('partNumber')), body)
      res.writeHead(200, { etag: `"p${query.get('partNumber')}"` })
      return res.end()
    }
    if (req.method === 'POST' && query.has('uploadId')) {
      const upload = uploads.get(query.get('uploadId')!)!
      if (req.headers['if-none-match'] === '*' && found) {
        res.writeHead(412, { 'content-type': 'application/xml' })
        return res.end('<?xml version="1.0"?><Error><Code>PreconditionFailed</Code><Message>exists</Message></Error>')
      }
      const whole = Buffer.concat([...upload.parts.entries()].sort((x, y) => x[0] - y[0]).map(([, b]) => b))
      objects.set(key, { body: whole, meta: upload.meta })
      return xml(`<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>${key}</Key><ETag>"m"</ETag></CompleteMultipartUploadResult>`)
    }
    if (req.method === 'PUT') {
      if (req.headers['if-none-match'] === '*' && found) {
        res.writeHead(412, { 'content-type': 'application/xml' })
        return res.end('<?xml version="1.0"?><Error><Code>PreconditionFailed</Code><Message>exists</Message></Error>')
      }
      const meta = Object.fromEntries(
        Object.entries(req.headers).filter(([h]) => h.startsWith('x-amz-meta-')).map(([h, v]) => [h.slice(11), String(v)]),
      )
      objects.set(key, { body, meta })
      res.writeHead(200, { etag: '"e"' })
      return res.end()
    }
    if (!found) {
      res.writeHead(404, { 'content-type': 'application/xml' })
      return res.end(req.method === 'HEAD' ? undefined : '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no</Message></Error>')
    }
    const metaHeaders = Object.fromEntries(Object.entries(found.meta).map(([k, v]) => [`x-amz-meta-${k}`, v]))
    const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''))
    if (range) {
      const [start, end] = [Number(range[1]), Number(range[2])]
      const part = found.body.subarray(start, end + 1)
      res.writeHead(206, { 'content-length': part.length, 'content-range': `bytes ${start}-${end}/${found.body.length}`, ...metaHeaders })
      return res.end(part)
    }
    res.writeHead(200, { 'content-length': found.body.length, ...metaHeaders })
    res.end(req.method === 'HEAD' ? undefined : found.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { objects, seen, endpoint, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const settings = (endpoint: string) => ({
  endpoint,
  bucket: 'zhifa-test',
  region: 'cn-north-1',
  accessKeyId: 'AKIDTEST',
  secretAccessKey: 'secret-test',
  forcePathStyle: true,
})

test('R-07 S3 blob store: PutObject is signed, path-style, keyed by SHA-256 with both digests as metadata, and never overwrites', async () => {
  const s3 = await fakeS3()
  try {
    const store = createS3BlobStore(settings(s3.endpoint))
    const bytes = crypto.randomBytes(10_000)
    const info = await store.put(Readable.from([bytes.subarray(0, 4000), bytes.subarray(4000)]))
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex')
    assert.equal(info.key, sha256)
    assert.equal(info.sm3, crypto.createHash('sm3').update(bytes).digest('hex'))
    const puts = s3.seen.filter((r) => r.method === 'PUT')
    assert.equal(puts.length, 1)
    const put = puts[0]!
    assert.equal(put.url.split('?')[0], `/zhifa-test/sha256/${sha256}`)
    assert.match(String(put.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/cn-north-1\/s3\/aws4_request/)
    assert.equal(put.headers['if-none-match'], '*')
    assert.equal(put.headers['x-amz-meta-sha256'], sha256)
    assert.equal(put.headers['x-amz-meta-sm3'], info.sm3)
    assert.deepEqual(s3.objects.get(`/zhifa-test/sha256/${sha256}`)!.body, bytes)

    const again = await store.put(Readable.from([bytes]))
    assert.deepEqual(again, info)
    assert.equal(s3.seen.filter((r) => r.method === 'PUT').length, 1, 'existing content is verified by HeadObject, not written again')

    s3.objects.get(`/zhifa-test/sha256/${sha256}`)!.meta.sha256 = 'f'.repeat(64)
    await assert.rejects(store.put(Readable.from([bytes])), { code: 'BLOB_CORRUPT' })
  } finally {
    await s3.close()
  }
})

test('R-07 S3 blob store: GetObject with a Range header, HeadObject for exists/stat, missing keys and bad keys', async () => {
  const s3 = await fakeS3()
  try {
    const store = createS3BlobStore(settings(s3.endpoint))
    const info = await store.put(Readable.from([Buffer.from('0123456789')]))
    assert.equal((await readAll(await store.get(info.key))).toString(), '0123456789')
    assert.equal((await readAll(await store.get(info.key, { start: 3, end: 6 }))).toString(), '3456')
    const ranged = s3.seen.filter((r) => r.method === 'GET').at(-1)!
    assert.equal(ranged.headers.range, 'bytes=3-6')
    assert.equal(await store.exists(info.key), true)
    assert.deepEqual(await store.stat(info.key), { key: info.key, size: 10 })
    const missing = 'c'.repeat(64)
    assert.equal(await store.exists(missing), false)
    assert.equal(await store.stat(missing), undefined)
    await assert.rejects(store.get(missing), { code: 'BLOB_NOT_FOUND' })
    const before = s3.seen.length
    await assert.rejects(store.get('../other-bucket/x'), { code: 'BLOB_KEY' })
    assert.equal(s3.seen.length, before, 'a bad key never reaches the store')
  } finally {
    await s3.close()
  }
})

test('R-07 S3 blob store: a large file goes up as a multipart upload with its digests, and completing it never overwrites', async () => {
  const s3 = await fakeS3()
  try {
    const store = createS3BlobStore(settings(s3.endpoint))
    const bytes = crypto.randomBytes(6 * 1024 * 1024 + 123)
    const info = await store.put(Readable.from([bytes]))
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex')
    const create = s3.seen.find((r) => r.method === 'POST' && r.url.includes('uploads'))!
    assert.equal(create.headers['x-amz-meta-sha256'], sha256)
    assert.equal(create.headers['x-amz-meta-sm3'], info.sm3)
    assert.equal(s3.seen.filter((r) => r.method === 'PUT' && r.url.includes('partNumber=')).length, 2)
    const complete = s3.seen.find((r) => r.method === 'POST' && r.url.includes('uploadId='))!
    assert.equal(complete.headers['if-none-match'], '*')
    assert.deepEqual(s3.objects.get(`/zhifa-test/sha256/${sha256}`)!.body, bytes)
    assert.deepEqual(await store.stat(sha256), { key: sha256, size: bytes.length })
  } finally {
    await s3.close()
  }
})

test('R-07 S3 blob store: a truncated upload sends nothing to the store', async () => {
  const s3 = await fakeS3()
  try {
    const store = createS3BlobStore(settings(s3.endpoint))
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(1000))
        this.destroy(new Error('connection reset'))
      },
    })
    await assert.rejects(store.put(broken), /connection reset/)
    assert.equal(s3.seen.filter((r) => r.method === 'PUT').length, 0)
  } finally {
    await s3.close()
  }
})

test('R-07 blob store is chosen by ZHIFA_BLOB_STORE; an unknown provider is refused', () => {
  const base = { ZHIFA_DATA_DIR: '/tmp/zhifa-config-test' }
  assert.equal(createBlobStore(loadConfig(base)).kind, 'local')
  const s3 = loadConfig({ ...base, ZHIFA_BLOB_STORE: 's3', ZHIFA_S3_BUCKET: 'b', ZHIFA_S3_ENDPOINT: 'http://minio:9000', ZHIFA_S3_FORCE_PATH_STYLE: 'true' })
  assert.deepEqual(s3.s3, { endpoint: 'http://minio:9000', bucket: 'b', region: 'us-east-1', accessKeyId: undefined, secretAccessKey: undefined, forcePathStyle: true })
  assert.equal(createBlobStore(s3).kind, 's3')
  assert.throws(() => createBlobStore(loadConfig({ ...base, ZHIFA_BLOB_STORE: 's3' })), /ZHIFA_S3_BUCKET/)
  assert.throws(() => loadConfig({ ...base, ZHIFA_BLOB_STORE: 'ftp' }), /ZHIFA_BLOB_STORE/)
})
