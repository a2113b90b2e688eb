// R-07 media ingest over tus: chunked upload of a ~50 MB recording, digests against the
// system's sha256sum / openssl, Range playback, and refusals that leave nothing behind.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { Metadata } from '@tus/utils'
import { testDatabaseUrl, testDb } from '../../../test/support.ts'
import { buildApp } from '../../platform/http/app.ts'
import { loadConfig } from '../../platform/config.ts'
import { createLocalBlobStore } from '../../platform/blobs/index.ts'
import { allRoutes } from '../../routes.ts'
import { todayInChina } from '../../platform/clock.ts'
import { makeCaseWorld, type CaseWorld, type Member } from '../cases/record-access/test-world.ts'
import { uploadFile } from './upload-client.ts'
import { systemDigests, writeSyntheticMp4 } from './test-files.ts'
import { UPLOADS_PATH } from './staging.ts'

const db = testDb()
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-media-'))
const dataDir = path.join(dir, 'data')
const stagingDir = path.join(dataDir, 'media-staging')
const blobs = createLocalBlobStore(path.join(dir, 'blobs'))
let app: FastifyInstance
let base: string
let w: CaseWorld
let officerPerson: string

before(async () => {
  const config = { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl(), dataDir }
  app = await buildApp({ db, config, blobs }, allRoutes)
  await app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  w = await makeCaseWorld(db, app)
  officerPerson = (await db.one(`INSERT INTO person (agency_id, kind, name, post) VALUES ($1, 'officer', '李执法', '执法员') RETURNING id`, [w.agencyA.id])).id
})
after(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const meta = (caseId: string, extra: Record<string, string> = {}) => ({
  caseId,
  device: 'DSJ-V9 执法记录仪 #0457',
  officer: officerPerson,
  startedAt: '2026-03-02T09:30:00+08:00',
  endedAt: '2026-03-02T09:31:01+08:00',
  location: '楚雄市鹿城镇南路 12 号',
  filename: '20260302_093000_0457.mp4',
  mime: 'video/mp4',
  ...extra,
})
const session = (m: Member) => ({ cookie: m.cookie, csrf: m.csrf })
const staged = () => (fs.existsSync(stagingDir) ? fs.readdirSync(stagingDir) : [])
const rows = async (caseId: string) => {
  const { n } = await db.one(`SELECT count(*)::int AS n FROM case_attachment WHERE case_id = $1`, [caseId])
  const { m } = await db.one(`SELECT count(*)::int AS m FROM case_media WHERE case_id = $1`, [caseId])
  return n + m
}
/** A raw tus creation request (POST with Upload-Length and Upload-Metadata). */
const create = (who: Member, metadata: Record<string, string>, length = 1000, header?: string) =>
  fetch(`${base}${UPLOADS_PATH}`, {
    method: 'POST',
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrf,
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      'upload-metadata': header ?? Metadata.stringify(metadata),
    },
  })

let recording: { id: string; caseId: string; file: string; size: number }

test('R-07: a 50 MB recording uploaded in 8 MiB tus chunks is stored with the SHA-256 of sha256sum and the SM3 of openssl, its metadata, and enters the log (R-08)', async () => {
  const caseId = await w.newCase()
  const action = await w.act(caseId, { type: '案源登记', actedOn: todayInChina() })
  const file = path.join(dir, 'rec.mp4')
  const size = 50 * 1024 * 1024 + 12_345
  writeSyntheticMp4(file, size, 61_250)
  const expected = systemDigests(file)
  let chunks = 0
  const result = await uploadFile({ base, session: session(w.officerA), file, chunkSize: 8 * 1024 * 1024, metadata: meta(caseId, { actionId: action.id }), onChunk: () => chunks++ })
  assert.equal(chunks, 7)
  assert.ok(result.mediaId, 'the last PATCH names the recording')
  const res = await app.inject({ method: 'GET', url: `/api/media/${result.mediaId}`, headers: w.officerA.headers })
  assert.equal(res.statusCode, 200, res.body)
  const media = res.json()
  assert.equal(media.sha256, expected.sha256)
  assert.equal(media.sm3, expected.sm3)
  assert.equal(media.size, size)
  assert.equal(media.mediaType, 'video/mp4')
  assert.equal(media.stage, '案源登记')
  assert.equal(media.actionId, action.id)
  assert.equal(media.device, 'DSJ-V9 执法记录仪 #0457')
  assert.equal(media.officerId, officerPerson)
  assert.equal(media.officerName, '李执法')
  assert.equal(media.startedAt, '2026-03-02T01:30:00.000Z')
  assert.equal(media.endedAt, '2026-03-02T01:31:01.000Z')
  assert.equal(media.location, '楚雄市鹿城镇南路 12 号')
  assert.equal(media.durationMs, 61_250, 'the running time comes from the MP4 movie header')
  assert.equal(media.uploadedBy, w.officerA.id)
  assert.equal((await blobs.stat(expected.sha256))?.size, size)
  const attachment = await db.one(`SELECT sha256, sm3, size::float8 AS size, captured_at, device FROM case_attachment WHERE id = $1`, [media.id])
  assert.deepEqual([attachment.sha256, attachment.sm3, attachment.size], [expected.sha256, expected.sm3, size])
  const logged = await db.query(
    `SELECT kind FROM ledger_queue WHERE ref_id = $1 UNION ALL SELECT kind FROM ledger_leaf WHERE ref_id = $1`,
    [media.id],
  )
  assert.deepEqual(logged.rows.map((r) => r.kind).sort(), ['case_attachment', 'case_media'])
  const audited = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.media.add' AND entity_id = $1`, [media.id])
  assert.equal(audited.n, 1)
  assert.deepEqual(staged(), [], 'the staged copy is removed once ingested')
  const list = await app.inject({ method: 'GET', url: `/api/cases/${caseId}/media`, headers: w.officerA.headers })
  assert.deepEqual(list.json().items.map((m: any) => [m.id, m.withheld]), [[media.id, null]])

  // Resuming an upload that is already in: HEAD says complete and names the recording.
  const head = await fetch(`${base}${new URL(result.url).pathname}`, { method: 'HEAD', headers: { cookie: w.officerA.cookie, 'tus-resumable': '1.0.0' } })
  assert.equal(head.status, 200)
  assert.equal(head.headers.get('upload-offset'), String(size))
  assert.equal(head.headers.get('zhifa-media-id'), media.id)
  recording = { id: media.id, caseId, file, size }
})

test('R-07: playback by HTTP Range (206, Content-Range), whole (200), 416 on a bad range; each read audited (F-06)', async () => {
  const { id, file, size } = recording
  const bytes = fs.readFileSync(file)
  const get = (headers: Record<string, string> = {}, query = '') =>
    app.inject({ method: 'GET', url: `/api/media/${id}/content${query}`, headers: { ...w.officerA.headers, ...headers } })
  const seek = await get({ range: 'bytes=20000000-20000999' })
  assert.equal(seek.statusCode, 206)
  assert.equal(seek.headers['content-range'], `bytes 20000000-20000999/${size}`)
  assert.equal(seek.headers['accept-ranges'], 'bytes')
  assert.equal(seek.headers['content-type'], 'video/mp4')
  assert.deepEqual(seek.rawPayload, bytes.subarray(20_000_000, 20_001_000))
  const tail = await get({ range: 'bytes=-100' })
  assert.deepEqual(tail.rawPayload, bytes.subarray(-100))
  const whole = await get({}, '?download=1')
  assert.equal(whole.statusCode, 200)
  assert.equal(Number(whole.headers['content-length']), size)
  assert.match(String(whole.headers['content-disposition']), /^attachment; .*filename\*=UTF-8''20260302_093000_0457\.mp4/)
  assert.equal(whole.rawPayload.length, size)
  for (const range of [`bytes=${size}-`, 'bytes=9-3', 'bytes=-0']) {
    const bad = await get({ range })
    assert.equal(bad.statusCode, 416, range)
    assert.equal(bad.json().code, 'RANGE_NOT_SATISFIABLE')
  }
  const reads = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.read.attachment' AND entity_id = $1`, [id])
  assert.ok(reads.n >= 3, `reads audited: ${reads.n}`)
  const other = await app.inject({ method: 'GET', url: `/api/media/${id}/content`, headers: { ...w.officerB.headers, range: 'bytes=0-9' } })
  assert.equal(other.statusCode, 403, 'another agency reads nothing')
})

test('R-07: bad metadata and cases outside the uploader\'s write scope are refused with {code, message} in Chinese, before anything is staged or stored', async () => {
  const caseId = await w.newCase()
  const before = staged()
  const refusals: [Member, Record<string, string>, number, string, RegExp, string?][] = [
    [w.officerA, { ...meta(caseId), officer: 'not-a-uuid' }, 400, 'MEDIA_METADATA', /执法人员 ID/],
    [w.officerA, (({ device: _d, ...m }) => m)(meta(caseId)), 400, 'MEDIA_METADATA', /录制设备/],
    [w.officerA, meta(caseId, { endedAt: '2026-03-02T09:00:00+08:00' }), 400, 'MEDIA_METADATA', /不能早于开始时间/],
    [w.officerA, meta(caseId, { startedAt: '2026-03-02 09:30' }), 400, 'MEDIA_METADATA', /ISO 8601/],
    [w.officerA, meta(caseId, { mime: 'application/x-msdownload' }), 400, 'MEDIA_METADATA', /文件类型/],
    [w.officerA, meta(caseId, { uploadedBy: w.officerB.id }), 400, 'MEDIA_METADATA', /不认识的字段/],
    [w.officerA, meta(caseId, { stage: '不存在的环节' }), 400, 'ATTACHMENT_STAGE', /没有/],
    [w.officerA, meta(caseId), 400, 'MEDIA_METADATA', /格式不符合 tus/, 'caseId !!!'],
    [w.officerB, meta(caseId), 403, 'FORBIDDEN', /数据范围|办案人员/],
    [w.supervisor, meta(caseId), 403, 'FORBIDDEN', /角色/],
    [w.officerA, meta('00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND', /案件不存在/],
  ]
  for (const [who, m, status, code, message, header] of refusals) {
    const res = await create(who, m, 1000, header)
    const body = await res.json()
    assert.equal(res.status, status, JSON.stringify(body))
    assert.equal(body.code, code)
    assert.match(body.message, message)
    assert.match(body.message, /[\u4e00-\u9fff]/)
  }
  const auxiliary = await w.member(w.agencyA, ['auxiliary'])
  const aux = await create(auxiliary, meta(caseId))
  assert.equal(aux.status, 403)
  const notOfficer = (await db.one(`INSERT INTO person (agency_id, kind, name, post) VALUES ($1, 'auxiliary', '王辅助', '协管员') RETURNING id`, [w.agencyA.id])).id
  const recorder = await create(w.officerA, meta(caseId, { officer: notOfficer }))
  assert.equal((await recorder.json()).code, 'MEDIA_OFFICER')
  const tooBig = await create(w.officerA, meta(caseId), 65 * 1024 ** 3)
  assert.equal(tooBig.status, 413)
  const archived = await w.closedCase(true)
  const closed = await create(w.officerA, meta(archived))
  assert.equal((await closed.json()).code, 'CASE_ARCHIVED')
  const noCsrf = await fetch(`${base}${UPLOADS_PATH}`, { method: 'POST', headers: { cookie: w.officerA.cookie, 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': Metadata.stringify(meta(caseId)) } })
  assert.equal(noCsrf.status, 403)
  assert.equal((await noCsrf.json()).code, 'CSRF')
  const anonymous = await fetch(`${base}${UPLOADS_PATH}`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': Metadata.stringify(meta(caseId)) } })
  assert.equal(anonymous.status, 401)
  assert.deepEqual(staged(), before, 'nothing was staged')
  assert.equal(await rows(caseId), 0, 'nothing was stored')
})

test('R-07: an upload is continued only by whoever created it; content that is not the declared type is refused at the end and nothing is stored', async () => {
  const caseId = await w.newCase()
  const res = await create(w.officerA, meta(caseId), 64)
  assert.equal(res.status, 201, await res.text())
  const url = `${base}${res.headers.get('location')}`
  const other = await fetch(url, { method: 'HEAD', headers: { cookie: w.officerB.cookie, 'tus-resumable': '1.0.0' } })
  assert.equal(other.status, 404)
  const hijack = await fetch(url, {
    method: 'PATCH',
    headers: { cookie: w.headA.cookie, 'x-csrf-token': w.headA.csrf, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: Buffer.alloc(64, 1),
  })
  assert.equal(hijack.status, 404, 'a colleague cannot write into someone else\'s upload')
  const wrongOffset = await fetch(url, {
    method: 'PATCH',
    headers: { cookie: w.officerA.cookie, 'x-csrf-token': w.officerA.csrf, 'tus-resumable': '1.0.0', 'upload-offset': '10', 'content-type': 'application/offset+octet-stream' },
    body: Buffer.alloc(54, 1),
  })
  assert.equal(wrongOffset.status, 409)
  assert.equal(JSON.parse(await wrongOffset.text()).code, 'UPLOAD_OFFSET')
  const noVersion = await fetch(url, { method: 'HEAD', headers: { cookie: w.officerA.cookie } })
  assert.equal(noVersion.status, 412)
  const exe = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0]), Buffer.alloc(60, 7)])
  const patch = await fetch(url, {
    method: 'PATCH',
    headers: { cookie: w.officerA.cookie, 'x-csrf-token': w.officerA.csrf, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: exe,
  })
  assert.equal(patch.status, 415, await patch.clone().text())
  assert.deepEqual(JSON.parse(await patch.text()), { code: 'MEDIA_TYPE_MISMATCH', message: '文件内容与声明的类型（video/mp4）不符' })
  assert.equal(await rows(caseId), 0)
  const id = new URL(url).pathname.split('/').pop()!
  assert.deepEqual(staged().filter((f) => f.startsWith(id)), [], 'the staged bytes are dropped')
})

test('R-07: the database keeps a recording consistent with its attachment and its recorder a 执法人员; case_media is append-only', async () => {
  const { id, caseId } = recording
  const media = await db.one(`SELECT * FROM case_media WHERE id = $1`, [id])
  await assert.rejects(db.query(`UPDATE case_media SET device = 'x' WHERE id = $1`, [id]), /只追加|permission denied/)
  await assert.rejects(db.query(`DELETE FROM case_media WHERE id = $1`, [id]), /只追加|permission denied/)
  const other = await w.newCase()
  const { id: attachmentId } = await db.one(
    `INSERT INTO case_attachment (case_id, blob_key, sha256, sm3, size, media_type, uploaded_by) VALUES ($1, $2, $2, $3, $4, 'video/webm', $5) RETURNING id`,
    [other, media.sha256, media.sm3, media.size, w.officerA.id],
  )
  const insert = (over: Record<string, unknown>) => {
    const row = { id: attachmentId, case_id: other, upload_id: 'f'.repeat(32), officer_id: officerPerson, sha256: media.sha256, ...over }
    return db.query(
      `INSERT INTO case_media (id, case_id, upload_id, device, officer_id, started_at, ended_at, sha256, sm3, size)
       VALUES ($1, $2, $3, 'cam', $4, now() - interval '1 minute', now(), $5, $6, $7)`,
      [row.id, row.case_id, row.upload_id, row.officer_id, row.sha256, media.sm3, media.size],
    )
  }
  await assert.rejects(insert({ sha256: 'a'.repeat(64) }), /哈希或大小与所属附件不一致/)
  await assert.rejects(insert({ case_id: caseId }), /不属于同一案件/)
  const aux = (await db.one(`INSERT INTO person (agency_id, kind, name, post) VALUES ($1, 'auxiliary', '赵辅助', '协管员') RETURNING id`, [w.agencyA.id])).id
  await assert.rejects(insert({ officer_id: aux }), /录制人必须是执法人员/)
  await assert.rejects(insert({ upload_id: media.upload_id }), /duplicate|重复|unique/i)
  await insert({})
})

test('R-07: an upload whose bytes are all staged but that was never ingested (server stopped in between) is ingested by the next HEAD; a finished one cannot be deleted, an unfinished one can', async () => {
  const caseId = await w.newCase()
  const file = path.join(dir, 'late.mp4')
  writeSyntheticMp4(file, 3 * 1024 * 1024 + 5)
  const size = fs.statSync(file).size
  const res = await create(w.officerA, meta(caseId, { filename: 'late.mp4' }), size)
  assert.equal(res.status, 201, await res.text())
  const url = `${base}${res.headers.get('location')}`
  const id = new URL(url).pathname.split('/').pop()!
  // As if the last PATCH had written its bytes and the process had died before ingesting them.
  fs.copyFileSync(file, path.join(stagingDir, id))
  const head = await fetch(url, { method: 'HEAD', headers: { cookie: w.officerA.cookie, 'tus-resumable': '1.0.0' } })
  assert.equal(head.status, 200)
  assert.equal(head.headers.get('upload-offset'), String(size))
  const mediaId = head.headers.get('zhifa-media-id')
  assert.ok(mediaId)
  const media = (await app.inject({ method: 'GET', url: `/api/media/${mediaId}`, headers: w.officerA.headers })).json()
  assert.deepEqual([media.sha256, media.sm3], Object.values(systemDigests(file)))
  const again = await fetch(url, { method: 'HEAD', headers: { cookie: w.officerA.cookie, 'tus-resumable': '1.0.0' } })
  assert.equal(again.headers.get('zhifa-media-id'), mediaId, 'one upload, one recording')
  const del = await fetch(url, { method: 'DELETE', headers: { cookie: w.officerA.cookie, 'x-csrf-token': w.officerA.csrf, 'tus-resumable': '1.0.0' } })
  assert.equal(del.status, 403)
  assert.match((await del.json()).message, /不得删除/)
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_media WHERE case_id = $1`, [caseId])).n, 1)

  const open = await create(w.officerA, meta(caseId), 1000)
  const openUrl = `${base}${open.headers.get('location')}`
  const gone = await fetch(openUrl, { method: 'DELETE', headers: { cookie: w.officerA.cookie, 'x-csrf-token': w.officerA.csrf, 'tus-resumable': '1.0.0' } })
  assert.equal(gone.status, 204)
  assert.deepEqual(staged().filter((f) => f.startsWith(new URL(openUrl).pathname.split('/').pop()!)), [], 'an abandoned upload leaves nothing staged')
})
