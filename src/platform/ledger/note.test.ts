import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import {
  checkpointBody, cosignLine, ed25519Signer, ed25519Verifier, keyId, parseCheckpoint, parseVerifierKey,
  signNote, verifierKeyText, verifyNote,
} from './note.ts'
import { canonicalJson, canonicalRecordBytes } from './canonical.ts'

test('R-08 signed checkpoint: Ed25519 note verifies, a changed body or unknown key does not', () => {
  const { privateKey } = crypto.generateKeyPairSync('ed25519')
  const signer = ed25519Signer('zhifa.test/log', privateKey)
  const root = crypto.createHash('sha256').update('x').digest()
  const body = checkpointBody({ origin: 'zhifa.test/log', size: 42, root })
  const note = signNote(body, [signer])
  assert.deepEqual(verifyNote(note, [signer.verifier])?.verifiedBy, ['zhifa.test/log'])
  assert.deepEqual(parseCheckpoint(note), { origin: 'zhifa.test/log', size: 42, root, extensions: [] })
  assert.equal(verifyNote(note.replace('\n42\n', '\n43\n'), [signer.verifier]), null)
  const other = ed25519Signer('zhifa.test/log', crypto.generateKeyPairSync('ed25519').privateKey)
  assert.equal(verifyNote(note, [other.verifier]), null)
  // Key ID per signed-note: SHA-256(name || 0x0A || 0x01 || key)[:4]; the vkey round-trips.
  assert.deepEqual(signer.keyId, keyId('zhifa.test/log', 0x01, signer.verifier.keyBytes))
  const parsed = parseVerifierKey(verifierKeyText(signer.verifier))
  assert.ok(verifyNote(note, [parsed]))
  // A key whose base64 holds '+' still parses (the vkey splits at its first two '+').
  for (let i = 0; i < 40; i++) {
    const s = ed25519Signer('n', crypto.generateKeyPairSync('ed25519').privateKey)
    assert.deepEqual(parseVerifierKey(verifierKeyText(s.verifier)).keyId, s.keyId)
  }
  assert.equal(parseCheckpoint('o\n01\nAAAA\n'), null)
  assert.equal(verifyNote('garbage', [signer.verifier]), null)
})

test('R-08 cosignature/v1: a witness cosignature verifies over its timestamp', () => {
  const log = ed25519Signer('log', crypto.generateKeyPairSync('ed25519').privateKey)
  const w = crypto.generateKeyPairSync('ed25519')
  const body = checkpointBody({ origin: 'log', size: 1, root: Buffer.alloc(32, 7) })
  const note = signNote(body, [log]) + cosignLine('witness', w.privateKey, body, 1700000000n)
  const wv = ed25519Verifier('witness', w.publicKey, true)
  assert.deepEqual(verifyNote(note, [log.verifier, wv])?.verifiedBy, ['log', 'witness'])
  assert.equal(verifyNote(note.replace(body, body.replace('\n1\n', '\n2\n')), [wv]), null)
})

test('R-08 canonical bytes: RFC 8785 key order and number form', () => {
  assert.equal(canonicalJson({ b: 1, a: [true, null, 1e21, 0.1], 'é': 'x', A: -0 }), '{"A":0,"a":[true,null,1e+21,0.1],"b":1,"é":"x"}')
  assert.equal(canonicalRecordBytes('t', { z: 1, y: '中' }).toString('utf8'), '{"kind":"t","row":{"y":"中","z":1}}')
})
