import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { unzipSync, strFromU8 } from 'fflate'
import { testApp, testBlobs, testDb } from '../../../../test/support.ts'
import { findSession } from '../../../platform/access/sessions.ts'
import { readAll } from '../../../platform/blobs/index.ts'
import { makeCaseWorld, SAMPLE, type CaseWorld, type Member } from '../record-access/test-world.ts'
import { assembleCaseFile, type CaseFileDocument } from './assemble-case-file.ts'
import { tableOfContents } from './rules.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => app.close())

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex')
const sm3 = (b: Uint8Array) => crypto.createHash('sm3').update(b).digest('hex')
const userOf = async (m: Member) => (await findSession(db, m.cookie.split('=')[1]!))!.user

/** A document PDF of `pages` pages, each saying which document and page it is. */
async function documentPdf(label: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  for (let i = 1; i <= pages; i++) doc.addPage([595, 842]).drawText(`${label} sheet ${i}`, { x: 80, y: 400, size: 14, font })
  return doc.save()
}
async function fakeDocuments(specs: Array<{ name: string; number: string | null; pages: number }>): Promise<CaseFileDocument[]> {
  return Promise.all(
    specs.map(async (s, i) => {
      const bytes = await documentPdf(`DOC${i + 1}`, s.pages)
      return {
        id: crypto.randomUUID(),
        kind: 'test',
        name: s.name,
        number: s.number,
        version: 1,
        createdAt: new Date(Date.UTC(2026, 2, 1 + i, 2)),
        sha256: sha256(bytes),
        pages: s.pages,
        pdf: async () => bytes,
      }
    }),
  )
}
function pdfText(bytes: Uint8Array, page?: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-cf-'))
  try {
    const file = path.join(dir, 'f.pdf')
    fs.writeFileSync(file, bytes)
    const range = page ? ['-f', String(page), '-l', String(page)] : []
    return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
async function attach(caseId: string, body: Buffer, type: string, query: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments?${new URLSearchParams(query)}`,
    headers: { ...w.officerA.headers, 'content-type': type },
    payload: body,
  })
  assert.equal(res.statusCode, 201, res.body)
  return res.json() as { id: string; sha256: string; sm3: string }
}

test('R-10: the 案卷 PDF opens with a 卷内目录 listing each document with its 文号, date and the right page numbers, stamped on every page', async () => {
  const caseId = await w.newCase('许可')
  await w.act(caseId, { type: '申请', actedOn: '2026-03-01' })
  const photo = await attach(caseId, SAMPLE.jpeg, 'image/jpeg', { description: '申请材料照片' })
  const video = await attach(caseId, Buffer.concat([SAMPLE.mp4, crypto.randomBytes(1000)]), 'video/mp4', { description: '受理窗口录像' })
  await w.act(caseId, { type: '不予受理', actedOn: '2026-03-02', data: { reason: '申请事项依法不需要取得行政许可' } })
  const docs = await fakeDocuments([
    { name: '行政许可申请书', number: null, pages: 1 },
    { name: '补正材料通知书', number: '楚市监许补〔2026〕3号', pages: 2 },
    { name: '不予受理决定书', number: '楚市监许〔2026〕7号', pages: 3 },
  ])
  const result = await assembleCaseFile(db, testBlobs(), await userOf(w.officerA), caseId, { documents: async () => docs })
  assert.deepEqual(result.toc.map((e) => [e.name, e.pageLabel]), [
    ['行政许可申请书', '1'],
    ['补正材料通知书', '2-3'],
    ['不予受理决定书', '4-6'],
    ['证据清单', '7'],
    ['音像资料清单', '8'],
  ])
  const pdf = await readAll(await testBlobs().get(result.export.pdfSha256))
  assert.equal(sha256(pdf), result.export.pdfSha256)
  assert.equal(sm3(pdf), result.export.pdfSm3)
  const loaded = await PDFDocument.load(pdf)
  const tocPages = loaded.getPageCount() - 8
  assert.equal(tocPages, 1)
  assert.equal(result.export.pages, 9)
  const toc = pdfText(pdf, 1)
  assert.match(toc, /卷内目录/)
  assert.match(toc, /1\s+行政许可申请书\s+2026-03-01\s+1\s*\n/)
  assert.match(toc, /2\s+补正材料通知书\s+楚市监许补〔2026〕3号\s+2026-03-02\s+2-3\s*\n/)
  assert.match(toc, /3\s+不予受理决定书\s+楚市监许〔2026〕7号\s+2026-03-03\s+4-6\s*\n/)
  assert.match(toc, /4\s+证据清单\s+7\s*\n/)
  assert.match(toc, /5\s+音像资料清单\s+8\s*\n/)
  // every numbered page carries its number, and the documents keep their order
  const expected = ['DOC1 sheet 1', 'DOC2 sheet 1', 'DOC2 sheet 2', 'DOC3 sheet 1', 'DOC3 sheet 2', 'DOC3 sheet 3', '证据清单', '音像资料清单']
  expected.forEach((content, i) => {
    const text = pdfText(pdf, tocPages + i + 1)
    assert.ok(text.includes(content), `page ${i + 1}: ${JSON.stringify(text)}`)
    assert.match(text.trim().split('\n')[0]!, new RegExp(`(^|\\s)${i + 1}$`), `page number ${i + 1} at the top: ${text}`)
  })
  const evidence = pdfText(pdf, tocPages + 7).replace(/\s+/g, '')
  assert.ok(evidence.includes("申请材料照片") && evidence.includes(photo.sha256) && evidence.includes(photo.sm3), evidence)
  const mediaList = pdfText(pdf, tocPages + 8).replace(/\s+/g, '')
  assert.ok(mediaList.includes('受理窗口录像') && mediaList.includes(video.sha256) && mediaList.includes(video.sm3))
})

test('R-10: the ZIP bundle holds the PDF, each document and each attachment, and manifest.json lists every file with size, SHA-256 and SM3', async () => {
  const caseId = await w.closedCase()
  const photo = await attach(caseId, SAMPLE.png, 'image/png', { fileName: '现场.png' })
  const docs = await fakeDocuments([{ name: '不予受理决定书', number: '楚市监许〔2026〕8号', pages: 1 }])
  const { export: row } = await assembleCaseFile(db, testBlobs(), await userOf(w.headA), caseId, { documents: async () => docs })
  const zipBytes = await readAll(await testBlobs().get(row.zipSha256))
  assert.equal(sha256(zipBytes), row.zipSha256)
  assert.equal(sm3(zipBytes), row.zipSm3)
  assert.equal(zipBytes.length, Number(row.zipSize))
  const entries = unzipSync(zipBytes)
  const manifest = JSON.parse(strFromU8(entries['manifest.json']!))
  assert.deepEqual(Object.keys(entries).sort(), ['manifest.json', ...manifest.files.map((f: any) => f.path)].sort())
  for (const f of manifest.files) {
    const bytes = entries[f.path]!
    assert.equal(f.size, bytes.length, f.path)
    assert.equal(f.sha256, sha256(bytes), f.path)
    assert.equal(f.sm3, sm3(bytes), f.path)
  }
  assert.equal(sha256(entries['案卷.pdf']!), row.pdfSha256)
  const doc = manifest.files.find((f: any) => f.kind === 'document')
  assert.equal(doc.sha256, docs[0]!.sha256)
  const attachment = manifest.files.find((f: any) => f.kind === 'attachment')
  assert.equal(attachment.sha256, photo.sha256)
  assert.match(attachment.path, /^attachments\/01-现场\.png$/)
  assert.deepEqual(row.manifest.files, manifest.files)
})

test('R-10: every assembly is a new version; a case that has not ended cannot be assembled (API and database)', async () => {
  const caseId = await w.closedCase(true)
  const user = await userOf(w.officerA)
  const first = await assembleCaseFile(db, testBlobs(), user, caseId, { documents: async () => [] })
  const second = await assembleCaseFile(db, testBlobs(), user, caseId, { documents: async () => [] })
  assert.deepEqual([first.export.version, second.export.version], [1, 2])
  const open = await w.newCase()
  await assert.rejects(assembleCaseFile(db, testBlobs(), user, open, { documents: async () => [] }), { code: 'CASE_NOT_CLOSED' })
  const h = first.export
  await assert.rejects(
    db.query(
      `INSERT INTO case_file_export (case_id, version, pages, pdf_sha256, pdf_sm3, pdf_size, zip_sha256, zip_sm3, zip_size, manifest, assembled_by)
       VALUES ($1, 1, 1, $2, $2, 1, $2, $2, 1, '{}', $3)`,
      [open, h.pdfSha256, w.officerA.id],
    ),
    /尚未结案/,
  )
  await assert.rejects(
    db.query(
      `INSERT INTO case_file_export (case_id, version, pages, pdf_sha256, pdf_sm3, pdf_size, zip_sha256, zip_sm3, zip_size, manifest, assembled_by)
       VALUES ($1, 5, 1, $2, $2, 1, $2, $2, 1, '{}', $3)`,
      [caseId, h.pdfSha256, w.officerA.id],
    ),
    /版本必须连续/,
  )
  await assert.rejects(db.query(`DELETE FROM case_file_export WHERE case_id = $1`, [caseId]), /permission denied|只追加/)
  await assert.rejects(assembleCaseFile(db, testBlobs(), await userOf(w.supervisor), caseId, { documents: async () => [] }), { status: 403 })
})

test('R-10: 国家秘密 material is left out of the bundle and listed as withheld; big media go in as a hash entry only', async () => {
  const caseId = await w.closedCase()
  const secret = await attach(caseId, Buffer.concat([SAMPLE.jpeg, Buffer.from('secret')]), 'image/jpeg', { description: '涉密设施照片', secrecy: 'state-secret' })
  const big = await attach(caseId, Buffer.concat([SAMPLE.mp4, crypto.randomBytes(5000)]), 'video/mp4', { description: '执法记录仪视频' })
  const docs = await fakeDocuments([
    { name: '不予受理决定书', number: '楚市监许〔2026〕9号', pages: 1 },
    { name: '涉密情况说明', number: null, pages: 2 },
  ])
  const marked = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/secrecy`,
    headers: w.officerA.headers,
    payload: { entity: 'document', entityId: docs[1]!.id, level: 'state-secret', reason: '定密机关确定为国家秘密' },
  })
  // the documents here are stand-ins, not rows of case_document: mark them directly
  if (marked.statusCode !== 201) {
    await db.query(`INSERT INTO secrecy_mark (case_id, entity, entity_id, level, reason, marked_by) VALUES ($1, 'document', $2, 'state-secret', '定密', $3)`, [
      caseId,
      docs[1]!.id,
      w.officerA.id,
    ])
  }
  const cleared = await userOf(w.officerA)
  const { export: row, toc } = await assembleCaseFile(db, testBlobs(), cleared, caseId, { documents: async () => docs, mediaMaxBytes: 1000 })
  assert.deepEqual(row.withheld.map((x: any) => [x.entity, x.id]).sort(), [['attachment', secret.id], ['document', docs[1]!.id]].sort())
  assert.deepEqual(toc.map((e) => [e.name, e.pageLabel]), [
    ['不予受理决定书', '1'],
    ['涉密情况说明（国家秘密）', '未随卷'],
    ['证据清单', '2'],
    ['音像资料清单', '3'],
  ])
  const entries = unzipSync(await readAll(await testBlobs().get(row.zipSha256)))
  const manifest = JSON.parse(strFromU8(entries['manifest.json']!))
  assert.equal(manifest.files.filter((f: any) => f.kind === 'document').length, 1)
  assert.equal(manifest.files.filter((f: any) => f.kind === 'attachment').length, 0)
  assert.deepEqual(manifest.hashOnly.map((h: any) => [h.attachmentId, h.sha256, h.sm3]), [[big.id, big.sha256, big.sm3]])
  for (const bytes of Object.values(entries)) assert.notEqual(sha256(bytes), secret.sha256)
  const pdf = await readAll(await testBlobs().get(row.pdfSha256))
  const text = pdfText(pdf)
  assert.ok(!text.includes('DOC2 sheet'), 'the withheld document is not in the PDF')
  assert.ok(text.replace(/\s+/g, '').includes('涉密设施照片【国家秘密，未随卷】'))
  assert.ok(!text.replace(/\s+/g, '').includes(secret.sha256))
})

test('R-10: page numbers of the 卷内目录 run on from the first document; withheld items take no pages', () => {
  assert.deepEqual(
    tableOfContents([
      { name: 'a', number: null, date: null, pages: 2 },
      { name: 'b', number: null, date: null, pages: 0 },
      { name: 'c', number: null, date: null, pages: 1 },
    ]).map((e) => [e.seq, e.firstPage, e.lastPage, e.pageLabel]),
    [[1, 1, 2, '1-2'], [2, null, null, '未随卷'], [3, 3, 3, '3']],
  )
})
