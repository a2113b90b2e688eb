import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { unzipSync, strFromU8 } from 'fflate'
import { testApp, testDb } from '../../../../test/support.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { setDocumentNumberPrefix } from '../documents/numbers.ts'
import { makeCaseWorld, SAMPLE, type CaseWorld, type Member } from '../record-access/test-world.ts'
import { verifyBundleZip } from '../../seals/verify-bundle.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
  const prefix = '卷' + Array.from(crypto.randomBytes(5), (b) => '甲乙丙丁戊己庚辛壬癸'[b % 10]).join('')
  await db.tx((tx) => setDocumentNumberPrefix(tx, { agencyId: w.agencyA.id, prefix }))
})
after(async () => app.close())

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex')
const call = (method: 'GET' | 'POST', url: string, who: Member, payload?: unknown) =>
  app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as any }) })

test('R-10: POST /api/cases/:id/case-file assembles the real documents of an ended case; GET shows the 卷内目录; PDF and ZIP download with their hashes', async () => {
  const caseId = await w.newCase('许可')
  const today = todayInChina()
  await w.act(caseId, { type: '申请', actedOn: today })
  await w.act(caseId, { type: '不予受理', actedOn: today, data: { reason: '申请事项依法不需要取得行政许可' } })
  const generated = await call('POST', `/api/cases/${caseId}/documents`, w.officerA, {
    kind: 'license_rejection',
    fields: { application: '食品经营许可', appliedOn: today, reason: '不属于本机关职权范围', reconsiderationBody: '楚雄市人民政府', court: '楚雄市人民法院' },
  })
  assert.equal(generated.statusCode, 201, generated.body)
  const photo = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments?description=${encodeURIComponent('申请材料')}`,
    headers: { ...w.officerA.headers, 'content-type': 'image/jpeg' },
    payload: SAMPLE.jpeg,
  })
  assert.equal(photo.statusCode, 201, photo.body)

  assert.equal((await call('GET', `/api/cases/${caseId}/case-file`, w.officerA)).statusCode, 404)
  const made = await call('POST', `/api/cases/${caseId}/case-file`, w.officerA, {})
  assert.equal(made.statusCode, 201, made.body)
  const view = made.json()
  assert.equal(view.export.version, 1)
  const doc = view.toc[0]
  assert.equal(doc.name, '行政许可不予受理通知书')
  assert.match(doc.number, /〔\d{4}〕\d+号$/)
  assert.equal(doc.pageLabel, doc.pages === 1 ? '1' : `1-${doc.pages}`)
  assert.deepEqual(view.toc.slice(1).map((e: any) => e.name), ['证据清单', '音像资料清单'])

  const shown = await call('GET', `/api/cases/${caseId}/case-file`, w.headA)
  assert.equal(shown.statusCode, 200)
  assert.deepEqual(shown.json().toc, view.toc)
  const pdf = await call('GET', `/api/cases/${caseId}/case-file/${view.export.id}/pdf`, w.officerA)
  assert.equal(pdf.statusCode, 200)
  assert.equal(pdf.headers['content-type'], 'application/pdf')
  assert.equal(sha256(pdf.rawPayload), view.export.pdfSha256)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-cfr-'))
  fs.writeFileSync(path.join(dir, 'f.pdf'), pdf.rawPayload)
  const toc = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', path.join(dir, 'f.pdf'), '-'], { encoding: 'utf8' })
  fs.rmSync(dir, { recursive: true, force: true })
  // a long 文号 wraps inside its cell; the row's first line has 序号, name, date and 页号
  assert.match(toc, new RegExp(`1\\s+行政许可不予受理通知书\\s+\\S+\\s+${doc.date}\\s+${doc.pageLabel}\\s*\\n`))
  const flat = toc.replace(/\s+/g, '')
  const [head, tail] = [doc.number.slice(0, doc.number.indexOf('〔')), doc.number.slice(doc.number.indexOf('〔'))]
  assert.ok(flat.includes(head.slice(0, 5)) && flat.includes(tail), flat)
  const zip = await call('GET', `/api/cases/${caseId}/case-file/${view.export.id}/zip`, w.officerA)
  assert.equal(sha256(zip.rawPayload), view.export.zipSha256)
  const entries = unzipSync(zip.rawPayload)
  const manifest = JSON.parse(strFromU8(entries['manifest.json']!))
  const docEntry = manifest.files.find((f: any) => f.kind === 'document')
  assert.equal(sha256(entries[docEntry.path]!), docEntry.sha256)
  // the downloaded bundle verifies offline against the published seal key and the log key
  const sealPem = (await app.inject({ method: 'GET', url: `/api/seals/${w.agencyA.id}/public-key` })).body
  const logKey = (await app.inject({ method: 'GET', url: '/api/ledger/public-key' })).body.trim()
  const verified = verifyBundleZip(zip.rawPayload, { sealKeyPem: sealPem, logKey })
  assert.equal(verified.ok, true, JSON.stringify(verified))
  assert.ok(manifest.verification.seal.fingerprint && entries['manifest.sig'])
  assert.equal((await call('POST', `/api/cases/${caseId}/case-file`, w.officerA, {})).json().export.version, 2)

  // a supervisor never writes a document version either, whatever the route
  const documentId = generated.json().id as string
  await assert.rejects(
    db.query(
      `INSERT INTO case_document_version (document_id, version, template_kind, template_version, fields, reason, created_by)
       SELECT document_id, version + 1, template_kind, template_version, fields, '监督人员改写', $2
         FROM case_document_version WHERE document_id = $1 ORDER BY version DESC LIMIT 1`,
      [documentId, w.supervisor.id],
    ),
    /监督人员调阅案卷只能查看/,
  )
})

test('R-10 R-11: a case that has not ended is not assembled; a supervisor reads the case file only during a 调阅, audited, and never assembles it', async () => {
  const open = await w.newCase()
  const refused = await call('POST', `/api/cases/${open}/case-file`, w.officerA, {})
  assert.equal(refused.statusCode, 422)
  assert.equal(refused.json().code, 'CASE_NOT_CLOSED')
  const caseId = await w.closedCase()
  const { export: made } = (await call('POST', `/api/cases/${caseId}/case-file`, w.officerA, {})).json()
  assert.equal((await call('GET', `/api/cases/${caseId}/case-file`, w.supervisor)).json().code, 'RECORD_ACCESS_REQUIRED')
  const access = (await call('POST', `/api/cases/${caseId}/access`, w.supervisor, { reason: '案卷评查抽查' })).json()
  assert.equal((await call('GET', `/api/cases/${caseId}/case-file`, w.supervisor)).statusCode, 200)
  assert.equal((await call('GET', `/api/cases/${caseId}/case-file/${made.id}/zip`, w.supervisor)).statusCode, 200)
  assert.equal((await call('POST', `/api/cases/${caseId}/case-file`, w.supervisor, {})).statusCode, 403)
  assert.equal((await call('GET', `/api/cases/${caseId}/case-file/${made.id}/pdf`, w.officerB)).statusCode, 403)
  const reads = await db.many(`SELECT entity, entity_id FROM record_access_read WHERE access_id = $1 ORDER BY id`, [access.id])
  assert.deepEqual(reads.map((r) => [r.entity, r.entity_id]), [['case-file', made.id], ['case-file', made.id]])
})
