import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { makeOrg, testApp, testDb, testDatabaseUrl } from '../../../test/support.ts'
import { createDb } from '../../platform/db/pool.ts'
import { todayInChina } from '../../platform/clock.ts'
import { makeCaseWorld, type CaseWorld } from '../cases/record-access/test-world.ts'
import { setDocumentNumberPrefix } from '../cases/documents/numbers.ts'
import { sealCaseDocuments, sealKeyFor, sealMessage, sealPendingDocuments, sealsOf, sealSubject, verifySeal } from './seal.ts'

const db = testDb()
const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-seal-keys-'))
let app: FastifyInstance
let w: CaseWorld
before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
  const prefix = '章' + Array.from(crypto.randomBytes(5), (b) => '甲乙丙丁戊己庚辛壬癸'[b % 10]).join('')
  await db.tx((tx) => setDocumentNumberPrefix(tx, { agencyId: w.agencyA.id, prefix }))
})
after(async () => {
  await app.close()
  fs.rmSync(keysDir, { recursive: true, force: true })
})

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString()
function opensslVerifies(pem: string, msg: Buffer, sig: Buffer): boolean {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-seal-v-'))
  try {
    fs.writeFileSync(path.join(d, 'pub.pem'), pem)
    fs.writeFileSync(path.join(d, 'msg'), msg)
    fs.writeFileSync(path.join(d, 'sig'), sig)
    return /Signature Verified Successfully/.test(
      openssl(['pkeyutl', '-verify', '-pubin', '-inkey', path.join(d, 'pub.pem'), '-rawin', '-in', path.join(d, 'msg'), '-sigfile', path.join(d, 'sig'), '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678']),
    )
  } catch {
    return false
  } finally {
    fs.rmSync(d, { recursive: true, force: true })
  }
}

test('R-09: an agency seal key is created once: the private key is a 0600 file under keys/seals, the database holds the public key and its SM3 fingerprint; only agencies have seals', async () => {
  const a = await sealKeyFor(db, keysDir, w.agencyA.id)
  const again = await sealKeyFor(db, keysDir, w.agencyA.id)
  assert.equal(again.id, a.id)
  const file = path.join(keysDir, 'seals', `${a.fingerprint}.pem`)
  assert.equal(fs.statSync(file).mode & 0o777, 0o600)
  const columns = (await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'seal_key'`)).rows.map((r) => r.column_name)
  assert.ok(!columns.some((c: string) => /priv|secret/.test(c)), 'no private key column')
  // fingerprint = openssl's SM3 of the SPKI DER
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-seal-fp-'))
  fs.writeFileSync(path.join(d, 'pub.pem'), a.publicKeyPem)
  openssl(['pkey', '-pubin', '-in', path.join(d, 'pub.pem'), '-outform', 'DER', '-out', path.join(d, 'pub.der')])
  assert.match(openssl(['dgst', '-sm3', path.join(d, 'pub.der')]), new RegExp(a.fingerprint))
  fs.rmSync(d, { recursive: true, force: true })

  const region = await makeOrg(db, { kind: 'region', level: 'city' })
  await assert.rejects(sealKeyFor(db, keysDir, region.id), (e: any) => e.code === 'SEAL_AGENCY')
  assert.equal((await db.query(`SELECT 1 FROM seal_key WHERE agency_id = $1`, [region.id])).rowCount, 0)
})

test('R-09: every document version PDF of a case is sealed; openssl verifies the seal against the key published at GET /api/seals/:agencyId/public-key', async () => {
  const caseId = await w.closedCase()
  const today = todayInChina()
  const generated = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/documents`,
    headers: w.officerA.headers,
    payload: { kind: 'license_rejection', fields: { application: '食品经营许可', appliedOn: today, reason: '不属于本机关职权范围', reconsiderationBody: '楚雄市人民政府', court: '楚雄市人民法院' } },
  })
  assert.equal(generated.statusCode, 201, generated.body)
  const ref = `${generated.json().id}:1`
  assert.match(ref, /^[0-9a-f-]{36}:1$/)
  assert.equal((await sealsOf(db, 'document_version', ref)).length, 0)
  // the background sealer reaches every unsealed PDF of the agency
  assert.deepEqual(await sealPendingDocuments(db, keysDir, { agencyId: w.agencyA.id }), { sealed: 1, failed: [] })
  assert.deepEqual(await sealPendingDocuments(db, keysDir, { agencyId: w.agencyA.id }), { sealed: 0, failed: [] })
  assert.equal((await sealsOf(db, 'document_version', ref)).length, 1)
  const seals = await sealCaseDocuments(db, keysDir, caseId)
  assert.equal(seals.length, 1)
  const s = seals[0]!
  const pdf = (await db.one(`SELECT content FROM case_document_file WHERE document_id || ':' || version = $1 AND format = 'pdf'`, [s.ref])).content as Buffer
  assert.equal(s.sha256, crypto.createHash('sha256').update(pdf).digest('hex'))
  assert.equal(s.sm3, crypto.createHash('sm3').update(pdf).digest('hex'))
  // sealing again adds nothing
  assert.equal((await sealCaseDocuments(db, keysDir, caseId))[0]!.id, s.id)

  const published = await app.inject({ method: 'GET', url: `/api/seals/${w.agencyA.id}/public-key` })
  assert.equal(published.statusCode, 200)
  assert.equal(published.headers['x-seal-fingerprint'], s.fingerprint)
  const msg = sealMessage(s)
  assert.equal(opensslVerifies(published.body, msg, s.signature), true)
  assert.equal(verifySeal(published.body, s, s.signature), true)
  // another digest (one flipped byte of the PDF) does not verify
  const flipped = Buffer.from(pdf)
  flipped[100] = flipped[100]! ^ 1
  const other = { ...s, sha256: crypto.createHash('sha256').update(flipped).digest('hex'), sm3: crypto.createHash('sm3').update(flipped).digest('hex') }
  assert.equal(opensslVerifies(published.body, sealMessage(other), s.signature), false)
  assert.equal(verifySeal(published.body, other, s.signature), false)

  const list = await app.inject({ method: 'GET', url: `/api/seals?agencyId=${w.agencyA.id}` })
  assert.equal(list.statusCode, 200)
  assert.deepEqual(list.json().keys.map((k: any) => [k.agencyName, k.fingerprint, k.validTo]), [[w.agencyA.name, s.fingerprint, null]])
  assert.equal((await app.inject({ method: 'GET', url: `/api/seals/${crypto.randomUUID()}/public-key` })).json().code, 'NOT_FOUND')
  assert.equal((await app.inject({ method: 'GET', url: `/api/seals/not-a-uuid/public-key` })).statusCode, 400)
})

test('R-09: seals are append-only (UPDATE/DELETE refused, owner included), keys only retire once, and a seal by another agency\'s key is refused', async () => {
  const s = await sealSubject(db, keysDir, w.agencyA.id, { kind: 'case_file_pdf', ref: crypto.randomUUID(), bytes: Buffer.from('案卷') })
  await assert.rejects(db.query(`UPDATE seal_signature SET sha256 = sm3 WHERE id = $1`, [s.id]), /只追加|permission denied/)
  await assert.rejects(db.query(`DELETE FROM seal_signature WHERE id = $1`, [s.id]), /只追加|permission denied/)
  const owner = createDb(testDatabaseUrl(), { role: 'zhifa_owner', max: 1 })
  try {
    await assert.rejects(owner.query(`UPDATE seal_signature SET sha256 = sm3 WHERE id = $1`, [s.id]), /只追加/)
    await assert.rejects(owner.query(`DELETE FROM seal_signature WHERE id = $1`, [s.id]), /只追加/)
    await assert.rejects(owner.query(`UPDATE seal_key SET public_key_pem = public_key_pem || '' , fingerprint = fingerprint WHERE id = $1`, [s.keyId]), /停用/)
    await assert.rejects(owner.query(`DELETE FROM seal_key WHERE id = $1`, [s.keyId]), /只追加/)
  } finally {
    await owner.close()
  }
  const b = await sealKeyFor(db, keysDir, w.agencyB.id)
  await assert.rejects(
    db.query(`INSERT INTO seal_signature (key_id, agency_id, subject_kind, subject_ref, sha256, sm3, signature) VALUES ($1, $2, 'case_file_pdf', 'x', $3, $3, $4)`, [
      b.id, w.agencyA.id, s.sha256, s.signature,
    ]),
    /本机关/,
  )
  // retiring: once; afterwards the agency gets a new key and the old one stays published
  await db.query(`UPDATE seal_key SET valid_to = now() WHERE id = $1`, [b.id])
  await assert.rejects(db.query(`UPDATE seal_key SET valid_to = now() + interval '1 day' WHERE id = $1`, [b.id]), /停用/)
  const b2 = await sealKeyFor(db, keysDir, w.agencyB.id)
  assert.notEqual(b2.id, b.id)
  const list = (await app.inject({ method: 'GET', url: `/api/seals?agencyId=${w.agencyB.id}` })).json().keys
  assert.deepEqual(new Set(list.map((k: any) => k.fingerprint)), new Set([b.fingerprint, b2.fingerprint]))
  const old = await app.inject({ method: 'GET', url: `/api/seals/${w.agencyB.id}/public-key?fingerprint=${b.fingerprint}` })
  assert.equal(old.body, b.publicKeyPem)
  // a seal is a leaf of the R-08 log
  assert.equal((await db.query(`SELECT 1 FROM ledger_queue WHERE kind = 'seal_signature' AND ref_id = $1 UNION ALL SELECT 1 FROM ledger_leaf WHERE kind = 'seal_signature' AND ref_id = $1`, [s.id])).rowCount, 1)
})
