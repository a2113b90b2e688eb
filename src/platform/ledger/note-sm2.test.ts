import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testDb } from '../../../test/support.ts'
import { loadConfig } from '../config.ts'
import { generateSm2KeyPair, sm2PrivateKeyToPem, sm2PublicKeyFromRaw, sm2PublicKeyToPem } from '../crypto/sm2.ts'
import { latestCheckpoint, loadLedger, sequenceAll, signedCheckpoint } from './log.ts'
import { checkpointBody, keyId, parseVerifierKey, signNote, sm2Signer, splitNote, verifierKeyText, verifyNote, SM2_IDENTIFIER } from './note.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-ledger-sm2-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))
const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString()

/** Verifies the note's signature line with openssl against the SM2 public key of the verifier key text. */
function opensslVerifiesNote(note: string, vkey: string, sub: string): boolean {
  const parsed = splitNote(note)!
  const v = parseVerifierKey(vkey)
  const d = path.join(dir, sub)
  fs.mkdirSync(d, { recursive: true })
  fs.writeFileSync(path.join(d, 'pub.pem'), sm2PublicKeyToPem(sm2PublicKeyFromRaw(v.keyBytes.subarray(SM2_IDENTIFIER.length))))
  fs.writeFileSync(path.join(d, 'msg'), parsed.text)
  fs.writeFileSync(path.join(d, 'sig.der'), parsed.signatures[0]!.sig)
  try {
    const out = openssl([
      'pkeyutl', '-verify', '-pubin', '-inkey', path.join(d, 'pub.pem'), '-rawin', '-in', path.join(d, 'msg'),
      '-sigfile', path.join(d, 'sig.der'), '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678',
    ])
    return /Signature Verified Successfully/.test(out)
  } catch {
    return false
  }
}

test('R-08 / R-09: an SM2-signed checkpoint note verifies here and with openssl; key ID per the 0xFF "zhifa-sm2" rule; a changed body fails both', () => {
  const { privateKeyHex } = generateSm2KeyPair()
  const signer = sm2Signer('zhifa.test/sm2-log', privateKeyHex)
  assert.deepEqual(signer.keyId, keyId('zhifa.test/sm2-log', 0xff, signer.verifier.keyBytes))
  assert.equal(signer.verifier.keyBytes.length, SM2_IDENTIFIER.length + 65)
  const vkey = verifierKeyText(signer.verifier)
  assert.deepEqual(parseVerifierKey(vkey).keyId, signer.keyId)
  const note = signNote(checkpointBody({ origin: 'zhifa.test/sm2-log', size: 7, root: Buffer.alloc(32, 3) }), [signer])
  assert.deepEqual(verifyNote(note, [parseVerifierKey(vkey)])?.verifiedBy, ['zhifa.test/sm2-log'])
  assert.equal(opensslVerifiesNote(note, vkey, 'ok'), true)
  const changed = note.replace('\n7\n', '\n8\n')
  assert.equal(verifyNote(changed, [signer.verifier]), null)
  assert.equal(opensslVerifiesNote(changed, vkey, 'changed'), false)
  // another SM2 key under the same name is not this log's key
  const other = sm2Signer('zhifa.test/sm2-log', generateSm2KeyPair().privateKeyHex)
  assert.equal(verifyNote(signNote(checkpointBody({ origin: 'x', size: 1, root: Buffer.alloc(32) }), [other]), [signer.verifier]), null)
})

test('R-08: SM2 is the default log algorithm (key file log-sm2.pem created once, 0600); Ed25519 stays selectable; ZHIFA_LOG_KEY takes an SM2 PEM', async () => {
  assert.equal(loadConfig({}).log.algorithm, 'sm2')
  assert.equal(loadConfig({ ZHIFA_LOG_ALGORITHM: 'ed25519' }).log.algorithm, 'ed25519')
  const a = loadLedger({ dataDir: dir, origin: 'zhifa.test/default', hash: 'sm3' })
  assert.equal(a.algorithm, 'sm2')
  const file = path.join(dir, 'keys', 'log-sm2.pem')
  assert.equal(fs.statSync(file).mode & 0o777, 0o600)
  assert.equal(loadLedger({ dataDir: dir, origin: 'zhifa.test/default', hash: 'sm3' }).publicKeyText, a.publicKeyText, 'the same key on restart')
  const e = loadLedger({ dataDir: dir, origin: 'zhifa.test/default', hash: 'sm3', algorithm: 'ed25519' })
  assert.match(Buffer.from(e.publicKeyText.split('+')[2]!, 'base64').subarray(0, 1).toString('hex'), /^01$/)
  const pem = sm2PrivateKeyToPem(generateSm2KeyPair().privateKeyHex)
  const fromEnv = loadLedger({ dataDir: dir, origin: 'zhifa.test/env', hash: 'sm3', key: Buffer.from(pem).toString('base64') })
  assert.equal(fromEnv.signer.verifier.alg, 'sm2')
  assert.notEqual(fromEnv.publicKeyText.split('+')[2], a.publicKeyText.split('+')[2])
})

test('R-08: the sequencer signs checkpoints with SM2 and openssl verifies the stored checkpoint; signedCheckpoint returns one this key signed', async () => {
  const db = testDb()
  const ledger = loadLedger({ dataDir: dir, origin: loadConfig({}).log.origin, hash: 'sm3' })
  await db.query(`SELECT ledger_enqueue('publication', $1, '{"t":"sm2"}'::jsonb)`, [`sm2-${Date.now()}`])
  await sequenceAll(db, ledger)
  const cp = await signedCheckpoint(db, ledger)
  assert.ok(verifyNote(cp.note, [ledger.signer.verifier]))
  assert.equal(opensslVerifiesNote(cp.note, ledger.publicKeyText, 'stored'), true)
  // A checkpoint signed by another key is not taken: a new one is signed by this key.
  const other = loadLedger({ dataDir: path.join(dir, 'other'), origin: ledger.origin, hash: 'sm3' })
  await db.query(`SELECT ledger_enqueue('publication', $1, '{"t":"other"}'::jsonb)`, [`sm2o-${Date.now()}`])
  await sequenceAll(db, other)
  assert.equal(verifyNote((await latestCheckpoint(db))!.note, [ledger.signer.verifier]), null)
  const mine = await signedCheckpoint(db, ledger)
  assert.ok(verifyNote(mine.note, [ledger.signer.verifier]))
  assert.ok(mine.treeSize > cp.treeSize)
})
