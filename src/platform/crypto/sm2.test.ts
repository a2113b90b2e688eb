import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  generateSm2KeyPair,
  sm2Fingerprint,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm2PublicKeyFromPem,
  sm2PublicKeyFromPrivate,
  sm2PublicKeyToPem,
  sm2Sign,
  sm2Verify,
  sm3Hex,
} from './sm2.ts'

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-sm2-'))
const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] })
const verifyArgs = (pub: string, msg: string, sig: string) => [
  'pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', msg, '-sigfile', sig, '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678',
]

test('R-09: an SM2 signature made here verifies with openssl (SM3, Z value, user ID 1234567812345678, DER)', () => {
  const dir = tmp()
  const { privateKeyHex, publicKeyHex } = generateSm2KeyPair()
  const msg = crypto.randomBytes(1000)
  fs.writeFileSync(path.join(dir, 'pub.pem'), sm2PublicKeyToPem(publicKeyHex))
  fs.writeFileSync(path.join(dir, 'msg'), msg)
  fs.writeFileSync(path.join(dir, 'sig.der'), sm2Sign(privateKeyHex, msg))
  const out = openssl(verifyArgs(path.join(dir, 'pub.pem'), path.join(dir, 'msg'), path.join(dir, 'sig.der'))).toString()
  assert.match(out, /Signature Verified Successfully/)
  // one flipped byte: openssl refuses
  msg[10] = msg[10]! ^ 1
  fs.writeFileSync(path.join(dir, 'msg'), msg)
  assert.throws(() => openssl(verifyArgs(path.join(dir, 'pub.pem'), path.join(dir, 'msg'), path.join(dir, 'sig.der'))))
})

test('R-09: an SM2 signature made by openssl verifies here; openssl reads our PKCS#8 key and we read its key files', () => {
  const dir = tmp()
  const key = path.join(dir, 'key.pem')
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', key])
  openssl(['pkey', '-in', key, '-pubout', '-out', path.join(dir, 'pub.pem')])
  const priv = sm2PrivateKeyFromPem(fs.readFileSync(key, 'utf8'))
  const pub = sm2PublicKeyFromPem(fs.readFileSync(path.join(dir, 'pub.pem'), 'utf8'))
  assert.equal(sm2PublicKeyFromPrivate(priv), pub)
  const msg = Buffer.from('行政执法决定书 zhifa R-09', 'utf8')
  fs.writeFileSync(path.join(dir, 'msg'), msg)
  openssl(['pkeyutl', '-sign', '-inkey', key, '-rawin', '-in', path.join(dir, 'msg'), '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-out', path.join(dir, 'sig.der')])
  const sig = fs.readFileSync(path.join(dir, 'sig.der'))
  assert.equal(sm2Verify(pub, msg, sig), true)
  assert.equal(sm2Verify(pub, Buffer.from('行政执法决定书 zhifa R-08', 'utf8'), sig), false)

  // our PKCS#8 export is what openssl writes (same DER), and openssl signs with it
  assert.equal(sm2PrivateKeyToPem(priv), fs.readFileSync(key, 'utf8'))
  assert.equal(sm2PublicKeyToPem(pub), fs.readFileSync(path.join(dir, 'pub.pem'), 'utf8'))
  const ours = generateSm2KeyPair()
  fs.writeFileSync(path.join(dir, 'ours.pem'), sm2PrivateKeyToPem(ours.privateKeyHex))
  openssl(['pkeyutl', '-sign', '-inkey', path.join(dir, 'ours.pem'), '-rawin', '-in', path.join(dir, 'msg'), '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-out', path.join(dir, 'sig2.der')])
  assert.equal(sm2Verify(ours.publicKeyHex, msg, fs.readFileSync(path.join(dir, 'sig2.der'))), true)

  // fingerprint = SM3 of the SPKI DER, as openssl computes it
  const der = openssl(['pkey', '-pubin', '-in', path.join(dir, 'pub.pem'), '-outform', 'DER'])
  assert.equal(sm2Fingerprint(pub), sm3Hex(der))
  const dgst = openssl(['dgst', '-sm3', '-r', path.join(dir, 'pub.pem')]).toString()
  assert.equal(dgst.split(' ')[0], sm3Hex(fs.readFileSync(path.join(dir, 'pub.pem'))))
})

test('R-09: a signature fails after one byte of the message or the signature flips, under another key, or for another user ID', () => {
  const a = generateSm2KeyPair()
  const b = generateSm2KeyPair()
  const msg = crypto.randomBytes(200)
  const sig = sm2Sign(a.privateKeyHex, msg)
  assert.equal(sm2Verify(a.publicKeyHex, msg, sig), true)
  for (let i = 0; i < msg.length; i += 37) {
    const m = Buffer.from(msg)
    m[i] = m[i]! ^ 0x80
    assert.equal(sm2Verify(a.publicKeyHex, m, sig), false)
  }
  for (let i = 0; i < sig.length; i++) {
    const s = Buffer.from(sig)
    s[i] = s[i]! ^ 0x01
    assert.equal(sm2Verify(a.publicKeyHex, msg, s), false, `flipped signature byte ${i}`)
  }
  assert.equal(sm2Verify(b.publicKeyHex, msg, sig), false)
  assert.equal(sm2Verify(a.publicKeyHex, msg, sm2Sign(a.privateKeyHex, msg, { userId: 'other' })), false)
  assert.equal(sm2Verify('zz', msg, sig), false)
  assert.equal(sm2Verify(a.publicKeyHex, msg, Buffer.alloc(0)), false)
  assert.equal(sm2Verify(a.publicKeyHex, msg, Buffer.concat([sig, Buffer.from([0])])), false)
})

test('R-09: SM3 matches the GB/T 32905 example ("abc")', () => {
  assert.equal(sm3Hex(Buffer.from('abc')), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
})
