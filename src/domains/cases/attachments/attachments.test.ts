import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { testApp, testBlobs, testDb } from '../../../../test/support.ts'
import { makeCaseWorld, SAMPLE, type CaseWorld, type Member } from '../record-access/test-world.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { findSession } from '../../../platform/access/sessions.ts'
import { listAttachments } from './store.ts'
import { uploadAttachment } from './upload-attachment.ts'
import { ATTACHMENT_MAX_BYTES, magicMatches } from './media-types.ts'
import { parseRange } from './read-attachment.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => app.close())

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex')
const sm3 = (b: Buffer) => crypto.createHash('sm3').update(b).digest('hex')

function upload(caseId: string, body: Buffer, contentType: string, query: Record<string, string> = {}, who: Member = w.officerA) {
  const qs = new URLSearchParams(query).toString()
  return app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments${qs ? `?${qs}` : ''}`,
    headers: { ...who.headers, 'content-type': contentType },
    payload: body,
  })
}
const content = (id: string, who: Member, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/api/attachments/${id}/content`, headers: { ...who.headers, ...headers } })
const count = async (caseId: string) => (await listAttachments(db, caseId)).length

test('R-07: a phone photo is stored with SHA-256, SM3, size, type, uploader and its metadata; the list shows it', async () => {
  const caseId = await w.newCase()
  const action = await w.act(caseId, { type: '案源登记', actedOn: todayInChina() })
  const res = await upload(caseId, SAMPLE.jpeg, 'image/jpeg', {
    actionId: action.id,
    description: '现场照片：货架上的过期食品',
    capturedAt: '2026-03-02T09:30:00+08:00',
    device: 'HUAWEI P60',
    location: '楚雄市鹿城镇南路 12 号',
    fileName: 'IMG_0001.jpg',
  })
  assert.equal(res.statusCode, 201, res.body)
  const row = res.json()
  assert.equal(row.sha256, sha256(SAMPLE.jpeg))
  assert.equal(row.sm3, sm3(SAMPLE.jpeg))
  assert.equal(row.size, SAMPLE.jpeg.length)
  assert.equal(row.mediaType, 'image/jpeg')
  assert.equal(row.stage, '案源登记', 'the stage comes from the action it belongs to')
  assert.equal(row.capturedAt, '2026-03-02T01:30:00.000Z')
  assert.equal(row.uploadedBy, w.officerA.id)
  assert.equal(await testBlobs().exists(row.sha256), true)
  const list = await app.inject({ method: 'GET', url: `/api/cases/${caseId}/attachments`, headers: w.officerA.headers })
  assert.equal(list.statusCode, 200, list.body)
  assert.deepEqual(list.json().items.map((a: any) => [a.id, a.description, a.withheld]), [[row.id, '现场照片：货架上的过期食品', null]])
  const audited = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.attachment.add' AND entity_id = $1`, [row.id])
  assert.equal(audited.n, 1)
})

test('R-07: content is served whole (200) or by HTTP Range (206, Accept-Ranges, Content-Range); every read is audited (F-06)', async () => {
  const caseId = await w.newCase()
  const video = Buffer.concat([SAMPLE.mp4, crypto.randomBytes(10_000)])
  const { id } = (await upload(caseId, video, 'video/mp4')).json()
  const whole = await content(id, w.officerA)
  assert.equal(whole.statusCode, 200)
  assert.equal(whole.headers['accept-ranges'], 'bytes')
  assert.equal(whole.headers['content-type'], 'video/mp4')
  assert.deepEqual(whole.rawPayload, video)
  const part = await content(id, w.officerA, { range: 'bytes=100-199' })
  assert.equal(part.statusCode, 206)
  assert.equal(part.headers['content-range'], `bytes 100-199/${video.length}`)
  assert.equal(Number(part.headers['content-length']), 100)
  assert.deepEqual(part.rawPayload, video.subarray(100, 200))
  const tail = await content(id, w.officerA, { range: 'bytes=-10' })
  assert.deepEqual(tail.rawPayload, video.subarray(-10))
  const open = await content(id, w.officerA, { range: `bytes=${video.length - 5}-` })
  assert.deepEqual(open.rawPayload, video.subarray(-5))
  const bad = await content(id, w.officerA, { range: `bytes=${video.length}-` })
  assert.equal(bad.statusCode, 416)
  assert.equal(bad.json().code, 'RANGE_NOT_SATISFIABLE')
  const reads = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.read.attachment' AND entity_id = $1 AND actor_id = $2`, [id, w.officerA.id])
  assert.equal(reads.n, 4)
})

test('R-07: HTTP Range parsing follows RFC 9110 for one range', () => {
  assert.deepEqual(parseRange('bytes=0-0', 10), { start: 0, end: 0 })
  assert.deepEqual(parseRange('bytes=5-100', 10), { start: 5, end: 9 })
  assert.deepEqual(parseRange('bytes=-3', 10), { start: 7, end: 9 })
  assert.deepEqual(parseRange('bytes=-30', 10), { start: 0, end: 9 })
  assert.equal(parseRange(undefined, 10), undefined)
  assert.equal(parseRange('bytes=0-1,3-4', 10), undefined)
  for (const h of ['bytes=10-', 'bytes=5-4', 'bytes=-0', 'bytes=-', 'items=0-1', 'bytes=a-b']) assert.throws(() => parseRange(h, 10), { code: 'RANGE_NOT_SATISFIABLE' }, h)
})

test('R-07: only allow-listed types are taken, and the first bytes must match the declared type', async () => {
  const caseId = await w.newCase()
  const text = await upload(caseId, Buffer.from('hello'), 'text/plain')
  assert.equal(text.statusCode, 415)
  const zip = await upload(caseId, Buffer.from('PK\x03\x04zzzzzzzzzzzzzzzzzzzz'), 'application/zip')
  assert.equal(zip.statusCode, 415)
  const disguised = await upload(caseId, Buffer.from('MZ\x90\x00 this is an executable, not a picture'), 'image/png')
  assert.equal(disguised.statusCode, 415)
  assert.equal(disguised.json().code, 'MEDIA_TYPE_MISMATCH')
  assert.match(disguised.json().message, /不符/)
  const swapped = await upload(caseId, SAMPLE.jpeg, 'application/pdf')
  assert.equal(swapped.json().code, 'MEDIA_TYPE_MISMATCH')
  assert.equal(await count(caseId), 0, 'bad input changes nothing')
  for (const [type, body] of [['image/png', SAMPLE.png], ['application/pdf', SAMPLE.pdf], ['audio/mpeg', Buffer.concat([Buffer.from('ID3'), Buffer.alloc(100)])]] as const) {
    const res = await upload(caseId, body, type)
    assert.equal(res.statusCode, 201, `${type}: ${res.body}`)
  }
  assert.equal(await count(caseId), 3)
  assert.equal(magicMatches('image/heic', Buffer.from('\0\0\0\x18ftypheic\0\0\0\0')), true)
  assert.equal(magicMatches('video/mp4', Buffer.from('\0\0\0\x18ftypheic\0\0\0\0')), false)
})

test('R-07: an upload over 200 MB is refused before it is read; a stream that breaks off stores nothing', async () => {
  const caseId = await w.newCase()
  const user = (await findSession(db, w.officerA.cookie.split('=')[1]!))!.user
  let read = false
  const body = new Readable({ read() { read = true; this.push(null) } })
  await assert.rejects(
    uploadAttachment(db, testBlobs(), user, caseId, { contentType: 'video/mp4', contentLength: ATTACHMENT_MAX_BYTES + 1, body, meta: {} }),
    { code: 'BODY_TOO_LARGE', status: 413 },
  )
  assert.equal(read, false)
  const prefix = Buffer.concat([SAMPLE.mp4, crypto.randomBytes(3000)])
  const broken = new Readable({
    read() {
      this.push(prefix)
      this.destroy(new Error('network lost'))
    },
  })
  await assert.rejects(uploadAttachment(db, testBlobs(), user, caseId, { contentType: 'video/mp4', contentLength: undefined, body: broken, meta: {} }))
  assert.equal(await count(caseId), 0)
  assert.equal(await testBlobs().exists(sha256(prefix)), false)
})

test('R-07: metadata is checked: an action of another case, an unknown stage, unknown query fields', async () => {
  const caseId = await w.newCase()
  const other = await w.newCase()
  const foreign = await w.act(other, { type: '案源登记', actedOn: todayInChina() })
  assert.equal((await upload(caseId, SAMPLE.jpeg, 'image/jpeg', { actionId: foreign.id })).json().code, 'ATTACHMENT_ACTION')
  assert.equal((await upload(caseId, SAMPLE.jpeg, 'image/jpeg', { stage: '不存在的环节' })).json().code, 'ATTACHMENT_STAGE')
  assert.equal((await upload(caseId, SAMPLE.jpeg, 'image/jpeg', { colour: 'red' })).statusCode, 400)
  assert.equal((await upload(caseId, SAMPLE.jpeg, 'image/jpeg', { stage: '核查' })).statusCode, 201)
  assert.equal((await upload(caseId, SAMPLE.png, 'image/png', { stage: '陈述申辩' })).statusCode, 201, 'an action type of the kind names its stage too')
  await assert.rejects(
    db.query(
      `INSERT INTO case_attachment (case_id, action_id, blob_key, sha256, sm3, size, media_type, uploaded_by) VALUES ($1, $2, $3, $3, $3, 1, 'image/jpeg', $4)`,
      [caseId, foreign.id, 'a'.repeat(64), w.officerA.id],
    ),
    /不属于该案件/,
  )
})

test('R-07 R-10: nothing is attached to a case once it is 归档, and the table is append-only for the app', async () => {
  const archived = await w.closedCase(true)
  const res = await upload(archived, SAMPLE.jpeg, 'image/jpeg')
  assert.equal(res.statusCode, 422)
  assert.equal(res.json().code, 'CASE_ARCHIVED')
  await assert.rejects(
    db.query(
      `INSERT INTO case_attachment (case_id, blob_key, sha256, sm3, size, media_type, uploaded_by) VALUES ($1, $2, $2, $2, 1, 'image/jpeg', $3)`,
      [archived, 'a'.repeat(64), w.officerA.id],
    ),
    /已归档/,
  )
  const open = await w.newCase()
  const { id } = (await upload(open, SAMPLE.png, 'image/png')).json()
  await assert.rejects(db.query(`UPDATE case_attachment SET description = 'x' WHERE id = $1`, [id]), /permission denied|只追加/)
  await assert.rejects(db.query(`DELETE FROM case_attachment WHERE id = $1`, [id]), /permission denied|只追加/)
})

test('R-11: only the handling staff attach files: a supervisor, or an officer of another agency, cannot', async () => {
  const caseId = await w.newCase()
  const sup = await upload(caseId, SAMPLE.jpeg, 'image/jpeg', {}, w.supervisor)
  assert.equal(sup.statusCode, 403)
  const other = await upload(caseId, SAMPLE.jpeg, 'image/jpeg', {}, w.officerB)
  assert.equal(other.statusCode, 403)
  await assert.rejects(
    db.query(
      `INSERT INTO case_attachment (case_id, blob_key, sha256, sm3, size, media_type, uploaded_by) VALUES ($1, $2, $2, $2, 1, 'image/jpeg', $3)`,
      [caseId, 'a'.repeat(64), w.supervisor.id],
    ),
    /监督人员/,
  )
  assert.equal(await count(caseId), 0)
})
