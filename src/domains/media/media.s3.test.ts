// the same tus ingest with an S3-compatible object store (s3rver) as the blob store:
// the recording lands as object sha256/<key> with both digests as metadata, and plays back
// by HTTP Range from the object store.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import S3rver from 's3rver'
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { testDatabaseUrl, testDb } from '../../../test/support.ts'
import { buildApp } from '../../platform/http/app.ts'
import { loadConfig } from '../../platform/config.ts'
import { createS3BlobStore, readAll } from '../../platform/blobs/index.ts'
import { s3Client } from '../../platform/blobs/s3.ts'
import { allRoutes } from '../../routes.ts'
import { makeCaseWorld, type CaseWorld } from '../cases/record-access/test-world.ts'
import { uploadFile } from './upload-client.ts'
import { systemDigests, writeSyntheticMp4 } from './test-files.ts'

const db = testDb()
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-media-s3-'))
const BUCKET = 'zhifa-media-test'
let s3: S3rver
let settings: Parameters<typeof createS3BlobStore>[0]
let app: FastifyInstance
let base: string
let w: CaseWorld

before(async () => {
  fs.mkdirSync(path.join(dir, 's3'))
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(dir, 's3'), configureBuckets: [{ name: BUCKET, configs: [] }] })
  const { port } = await s3.run()
  settings = { endpoint: `http://127.0.0.1:${port}`, bucket: BUCKET, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true }
  const blobs = createS3BlobStore(settings, { spoolDir: path.join(dir, 'spool') })
  const config = { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl(), dataDir: path.join(dir, 'data'), blobStore: 's3' as const, s3: settings }
  app = await buildApp({ db, config, blobs }, allRoutes)
  await app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  w = await makeCaseWorld(db, app)
})
after(async () => {
  await app.close()
  await s3.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('R-07: a 24 MiB recording uploaded over tus is stored in the S3 peer (s3rver) under its SHA-256 with SHA-256 and SM3 as object metadata, equal to sha256sum and openssl', async () => {
  const officer = (await db.one(`INSERT INTO person (agency_id, kind, name, post) VALUES ($1, 'officer', '周执法', '执法员') RETURNING id`, [w.agencyA.id])).id
  const caseId = await w.newCase()
  const file = path.join(dir, 'rec.mp4')
  const size = 24 * 1024 * 1024 + 777
  writeSyntheticMp4(file, size)
  const expected = systemDigests(file)
  const result = await uploadFile({
    base,
    session: { cookie: w.officerA.cookie, csrf: w.officerA.csrf },
    file,
    chunkSize: 5 * 1024 * 1024,
    metadata: { caseId, device: '采集工作站 CJ-02', officer, startedAt: '2026-03-02T09:30:00+08:00', endedAt: '2026-03-02T09:45:00+08:00', filename: 'a.mp4', mime: 'video/mp4' },
  })
  const media = (await app.inject({ method: 'GET', url: `/api/media/${result.mediaId}`, headers: w.officerA.headers })).json()
  assert.equal(media.sha256, expected.sha256)
  assert.equal(media.sm3, expected.sm3)

  const client = s3Client(settings)
  const headObject = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `sha256/${expected.sha256}` }))
  assert.equal(headObject.ContentLength, size)
  assert.equal(headObject.Metadata?.sha256, expected.sha256)
  assert.equal(headObject.Metadata?.sm3, expected.sm3)
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `sha256/${expected.sha256}`, Range: 'bytes=0-1048575' }))
  assert.deepEqual(await readAll(object.Body as never), fs.readFileSync(file).subarray(0, 1024 * 1024))

  const part = await app.inject({ method: 'GET', url: `/api/media/${media.id}/content`, headers: { ...w.officerA.headers, range: 'bytes=5000000-5000099' } })
  assert.equal(part.statusCode, 206)
  assert.equal(part.headers['content-range'], `bytes 5000000-5000099/${size}`)
  assert.deepEqual(part.rawPayload, fs.readFileSync(file).subarray(5_000_000, 5_000_100))
  assert.deepEqual(fs.readdirSync(path.join(dir, 'data', 'media-staging')), [], 'nothing left in the staging area')
})
