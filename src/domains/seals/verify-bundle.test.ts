import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { strFromU8, unzipSync, zipSync } from 'fflate'
import { testDatabaseUrl, testDb } from '../../../test/support.ts'
import { allRoutes } from '../../routes.ts'
import { findSession } from '../../platform/access/sessions.ts'
import { createLocalBlobStore, readAll } from '../../platform/blobs/index.ts'
import { todayInChina } from '../../platform/clock.ts'
import { loadConfig } from '../../platform/config.ts'
import { createDb } from '../../platform/db/pool.ts'
import { buildApp } from '../../platform/http/app.ts'
import { loadLedger } from '../../platform/ledger/log.ts'
import { assembleCaseFile } from '../cases/case-file/assemble-case-file.ts'
import { listCaseDocuments } from '../cases/documents/store.ts'
import { setDocumentNumberPrefix } from '../cases/documents/numbers.ts'
import { makeCaseWorld, SAMPLE, type CaseWorld } from '../cases/record-access/test-world.ts'
import { sealKeyFor, sealsOf } from './seal.ts'
import { verifyBundleFiles, verifyBundleZip } from './verify-bundle.ts'

const db = testDb()
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-verify-'))
const blobRoot = path.join(dir, 'blobs')
const blobs = createLocalBlobStore(blobRoot)
const keysDir = path.join(dir, 'keys')
const config = { ...loadConfig({ ZHIFA_DATA_DIR: dir }), logLevel: 'silent', databaseUrl: testDatabaseUrl() }
const ledger = loadLedger({ dataDir: dir, ...config.log })
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await buildApp({ db, config, blobs }, allRoutes)
  w = await makeCaseWorld(db, app)
  const prefix = '验' + Array.from(crypto.randomBytes(5), (b) => '甲乙丙丁戊己庚辛壬癸'[b % 10]).join('')
  await db.tx((tx) => setDocumentNumberPrefix(tx, { agencyId: w.agencyA.id, prefix }))
})
after(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A closed 许可 case with one generated document and one photo. */
async function caseWithFiles(): Promise<{ caseId: string; photo: { id: string; sha256: string } }> {
  const caseId = await w.closedCase()
  const today = todayInChina()
  const doc = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/documents`,
    headers: w.officerA.headers,
    payload: { kind: 'license_rejection', fields: { application: '食品经营许可', appliedOn: today, reason: '不属于本机关职权范围', reconsiderationBody: '楚雄市人民政府', court: '楚雄市人民法院' } },
  })
  assert.equal(doc.statusCode, 201, doc.body)
  const photoBytes = Buffer.concat([SAMPLE.jpeg.subarray(0, 20), crypto.randomBytes(64), SAMPLE.jpeg.subarray(20)])
  const photo = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments?description=${encodeURIComponent('现场照片')}`,
    headers: { ...w.officerA.headers, 'content-type': 'image/jpeg' },
    payload: photoBytes,
  })
  assert.equal(photo.statusCode, 201, photo.body)
  return { caseId, photo: photo.json() }
}

async function bundle(caseId: string, o: { keepDamaged?: boolean } = {}): Promise<{ zip: Buffer; exportId: string }> {
  const user = (await findSession(db, w.officerA.cookie.split('=')[1]!))!.user
  const { export: row } = await assembleCaseFile(db, blobs, user, caseId, { documents: listCaseDocuments, verification: { ledger, keysDir }, ...o })
  return { zip: await readAll(await blobs.get(row.zipSha256)), exportId: row.id }
}

function cli(zip: Uint8Array, extra: string[] = []): { status: number | null; out: string } {
  const file = path.join(dir, `${crypto.randomUUID()}.zip`)
  fs.writeFileSync(file, zip)
  const r = spawnSync(process.execPath, ['bin/zhifa.mjs', 'verify', file, ...extra], { encoding: 'utf8', cwd: path.resolve(import.meta.dirname, '../../..') })
  return { status: r.status, out: r.stdout + r.stderr }
}

const rezip = (files: Record<string, Uint8Array>) => Buffer.from(zipSync(files, { level: 0 }))

test('R-08 / R-09 / R-10: an untouched case bundle verifies OK offline (zhifa verify exits 0); the manifest seal verifies with openssl; the bundle, PDF and ZIP are sealed', async () => {
  const { caseId } = await caseWithFiles()
  const { zip, exportId } = await bundle(caseId)
  const r = verifyBundleZip(zip)
  assert.equal(r.ok, true, JSON.stringify(r))
  const files = unzipSync(zip)
  const manifest = JSON.parse(strFromU8(files['manifest.json']!))
  const leaves = JSON.parse(strFromU8(files['verification/proofs.json']!)).leaves
  assert.deepEqual([...new Set(leaves.map((l: any) => l.kind))].sort(), ['case_action', 'case_attachment', 'case_document_version'])
  assert.ok(leaves.every((l: any) => Number.isInteger(l.index)))
  assert.equal(manifest.verification.exportId, exportId)
  assert.equal(JSON.parse(strFromU8(files['verification/document-seals.json']!)).length, 1)

  const ok = cli(zip)
  assert.equal(ok.status, 0, ok.out)
  assert.match(ok.out, /^OK /)
  // pinned to the published keys: still OK
  const published = await app.inject({ method: 'GET', url: `/api/seals/${w.agencyA.id}/public-key` })
  fs.writeFileSync(path.join(dir, 'seal.pem'), published.body)
  const pinned = cli(zip, ['--log-key', ledger.publicKeyText, '--seal-key', path.join(dir, 'seal.pem')])
  assert.equal(pinned.status, 0, pinned.out)

  // openssl: the manifest seal over the signed message, whose digests are those of manifest.json
  const msg = strFromU8(files['manifest.seal-message.txt']!)
  assert.ok(msg.includes(`sha256 ${crypto.createHash('sha256').update(files['manifest.json']!).digest('hex')}\n`))
  assert.ok(msg.includes(`sm3 ${crypto.createHash('sm3').update(files['manifest.json']!).digest('hex')}\n`))
  fs.writeFileSync(path.join(dir, 'msg'), files['manifest.seal-message.txt']!)
  fs.writeFileSync(path.join(dir, 'sig'), files['manifest.sig']!)
  const out = execFileSync('openssl', [
    'pkeyutl', '-verify', '-pubin', '-inkey', path.join(dir, 'seal.pem'), '-rawin', '-in', path.join(dir, 'msg'),
    '-sigfile', path.join(dir, 'sig'), '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678',
  ]).toString()
  assert.match(out, /Signature Verified Successfully/)
  for (const kind of ['case_file_manifest', 'case_file_pdf', 'case_file_zip'] as const) assert.equal((await sealsOf(db, kind, exportId)).length, 1, kind)
})

test('R-08: one flipped byte of a stored blob (on local disk) → verify of a freshly built bundle names that file and its leaf; without keepDamaged the bundle is refused', async () => {
  const { caseId, photo } = await caseWithFiles()
  const file = path.join(blobRoot, 'sha256', photo.sha256.slice(0, 2), photo.sha256.slice(2, 4), photo.sha256)
  const original = fs.readFileSync(file)
  const damaged = Buffer.from(original)
  damaged[40] = damaged[40]! ^ 0x01
  fs.writeFileSync(file, damaged)
  try {
    const user = (await findSession(db, w.officerA.cookie.split('=')[1]!))!.user
    await assert.rejects(assembleCaseFile(db, blobs, user, caseId, { documents: listCaseDocuments, verification: { ledger, keysDir } }), (e: any) => e.code === 'BLOB_CORRUPT')
    const { zip } = await bundle(caseId, { keepDamaged: true })
    const r = verifyBundleZip(zip)
    assert.equal(r.ok, false)
    if (r.ok) return
    assert.match(r.problem.where, /^attachments\/.+\.jpg$/)
    assert.equal(r.problem.leaf?.kind, 'case_attachment')
    assert.equal(r.problem.leaf?.refId, photo.id)
    assert.match(r.problem.reason, /SHA-256 .* 与日志叶 \d+（case_attachment）所记 .* 不符/)
    const c = cli(zip)
    assert.equal(c.status, 1)
    assert.match(c.out, /不符 {2}attachments\/.+\.jpg：.*case_attachment/)
  } finally {
    fs.writeFileSync(file, original)
  }
})

test('R-08: a case_action row changed in the database (owner, append-only trigger disabled) → verify names the leaf whose canonical bytes no longer hash to the logged leaf', async () => {
  const { caseId } = await caseWithFiles()
  const action = await db.one(`SELECT id FROM case_action WHERE case_id = $1 AND type = '不予受理'`, [caseId])
  await bundle(caseId) // logged and sequenced as it was
  const owner = createDb(testDatabaseUrl(), { role: null, max: 1 })
  const rewrite = (sql: string) =>
    owner.tx(async (tx) => {
      await tx.query('SET LOCAL ROLE zhifa_owner')
      await tx.query('ALTER TABLE case_action DISABLE TRIGGER case_action_append_only')
      await tx.query(sql, [action.id])
      await tx.query('ALTER TABLE case_action ENABLE TRIGGER case_action_append_only')
    })
  try {
    await rewrite(`UPDATE case_action SET acted_on = acted_on - 1 WHERE id = $1`)
    const { zip } = await bundle(caseId)
    const r = verifyBundleZip(zip)
    assert.equal(r.ok, false)
    if (r.ok) return
    assert.equal(r.problem.leaf?.kind, 'case_action')
    assert.equal(r.problem.leaf?.refId, action.id)
    const logged = await db.one(`SELECT idx FROM ledger_leaf WHERE kind = 'case_action' AND ref_id = $1`, [action.id])
    assert.equal(r.problem.leaf?.index, Number(logged.idx))
    assert.match(r.problem.reason, /叶哈希与日志中的叶不符/)
    const c = cli(zip)
    assert.equal(c.status, 1)
    assert.match(c.out, new RegExp(`叶 ${logged.idx}（case_action ${action.id}）`))
  } finally {
    await rewrite(`UPDATE case_action SET acted_on = acted_on + 1 WHERE id = $1`)
    await owner.close()
  }
})

test('R-08 / R-09: a tampered checkpoint signature, an untrusted log key, a changed file, a changed manifest and an unlisted file are each reported', async () => {
  const { caseId } = await caseWithFiles()
  const { zip } = await bundle(caseId)
  const files = unzipSync(zip)

  const note = strFromU8(files['verification/checkpoint.txt']!)
  const sigLine = note.slice(note.lastIndexOf('\n— '))
  const b64 = sigLine.split(' ').pop()!.trim()
  const raw = Buffer.from(b64, 'base64')
  raw[raw.length - 5] = raw[raw.length - 5]! ^ 0x01
  const tampered = note.replace(b64, raw.toString('base64'))
  const r1 = verifyBundleFiles({ ...files, 'verification/checkpoint.txt': new TextEncoder().encode(tampered) })
  assert.equal(r1.ok, false)
  if (!r1.ok) {
    assert.equal(r1.problem.where, 'verification/checkpoint.txt')
    assert.match(r1.problem.reason, /检查点签名无效/)
  }
  const c = cli(rezip({ ...files, 'verification/checkpoint.txt': new TextEncoder().encode(tampered) }))
  assert.equal(c.status, 1)
  assert.match(c.out, /verification\/checkpoint\.txt：检查点签名无效/)

  const stranger = loadLedger({ dataDir: path.join(dir, 'stranger'), origin: ledger.origin, hash: 'sm3' })
  const r2 = verifyBundleFiles(files, { logKey: stranger.publicKeyText })
  assert.equal(r2.ok, false)
  if (!r2.ok) assert.match(r2.problem.reason, /不是所信任的公钥|检查点签名无效/)

  const docPath = Object.keys(files).find((p) => p.startsWith('documents/'))!
  const doc = Buffer.from(files[docPath]!)
  doc[200] = doc[200]! ^ 0x01
  const r3 = verifyBundleFiles({ ...files, [docPath]: doc })
  assert.equal(r3.ok, false)
  if (!r3.ok) {
    assert.equal(r3.problem.where, docPath)
    assert.match(r3.problem.reason, /SHA-256 .* 与清单所载 .* 不符/)
  }

  const manifest = strFromU8(files['manifest.json']!).replace(/"assembledBy": "[^"]*"/, '"assembledBy": "某人"')
  const r4 = verifyBundleFiles({ ...files, 'manifest.json': new TextEncoder().encode(manifest) })
  assert.equal(r4.ok, false)
  if (!r4.ok) assert.match(r4.problem.reason, /清单的机关签章无效/)

  const otherAgencyKey = await sealKeyFor(db, keysDir, w.agencyB.id)
  const r6 = verifyBundleFiles(files, { sealKeyPem: otherAgencyKey.publicKeyPem })
  assert.equal(r6.ok, false)
  if (!r6.ok) assert.match(r6.problem.reason, /印章公钥指纹 .* 与清单所载 .* 不符/)

  const r5 = verifyBundleFiles({ ...files, 'attachments/extra.jpg': SAMPLE.jpeg })
  assert.equal(r5.ok, false)
  if (!r5.ok) assert.deepEqual([r5.problem.where, r5.problem.reason], ['attachments/extra.jpg', '文件不在清单中'])
  assert.equal(verifyBundleZip(Buffer.from('not a zip')).ok, false)
})
