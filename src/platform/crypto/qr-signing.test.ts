import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { loadQrSigner, signCertNo, signedVerificationUrl, signerFromPrivateKey, verifyCertNo } from './qr-signing.ts'

const newSigner = () => signerFromPrivateKey(crypto.generateKeyPairSync('ed25519').privateKey)
const certNo = fc.stringMatching(/^[A-Za-z0-9-]{6,30}$/)

test('P-05: a signature over a certificate number verifies with the same key', () => {
  const signer = newSigner()
  fc.assert(fc.property(certNo, (no) => verifyCertNo(signer, no, signCertNo(signer, no))))
})

test('P-05: a signature does not verify for another certificate number (tampered card)', () => {
  const signer = newSigner()
  fc.assert(
    fc.property(certNo, certNo, (a, b) => {
      fc.pre(a !== b)
      return !verifyCertNo(signer, b, signCertNo(signer, a))
    }),
  )
})

test('P-05: a signature made by another key does not verify (look-alike deployment)', () => {
  const ours = newSigner()
  const theirs = newSigner()
  assert.equal(verifyCertNo(ours, 'ZF-2026-0001', signCertNo(theirs, 'ZF-2026-0001')), false)
})

test('malformed signatures are rejected without throwing', () => {
  const signer = newSigner()
  for (const sig of ['', 'abc', '!'.repeat(86), 'A'.repeat(86), 'A'.repeat(200)]) {
    assert.equal(verifyCertNo(signer, 'ZF-2026-0001', sig), false)
  }
})

test('the signed URL points at the verification page and carries a valid signature', () => {
  const signer = newSigner()
  const url = new URL(signedVerificationUrl(signer, 'https://zhifa.example.gov.cn', 'ZF-2026-0001'))
  assert.equal(url.origin + url.pathname, 'https://zhifa.example.gov.cn/verify/ZF-2026-0001')
  assert.ok(verifyCertNo(signer, 'ZF-2026-0001', url.searchParams.get('sig')!))
})

test('the key comes from ZHIFA_QR_SIGNING_KEY as PEM or as base64 of the PEM', () => {
  const { privateKey } = crypto.generateKeyPairSync('ed25519')
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-qr-'))
  try {
    const fromPem = loadQrSigner({ env: { ZHIFA_QR_SIGNING_KEY: pem }, dataDir })
    const fromBase64 = loadQrSigner({ env: { ZHIFA_QR_SIGNING_KEY: Buffer.from(pem).toString('base64') }, dataDir })
    const sig = signCertNo(fromPem, 'ZF-2026-0001')
    assert.ok(verifyCertNo(fromBase64, 'ZF-2026-0001', sig))
    assert.ok(crypto.verify(null, Buffer.from('zhifa-cert:v1:ZF-2026-0001'), privateKey, Buffer.from(sig, 'base64url')))
    assert.equal(fs.existsSync(path.join(dataDir, 'keys')), false, 'no key file when the key comes from the environment')
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})

test('without the environment variable a key is generated once, kept with mode 0600 and reused', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-qr-'))
  try {
    const first = loadQrSigner({ env: {}, dataDir })
    const file = path.join(dataDir, 'keys', 'qr-ed25519.pem')
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    const second = loadQrSigner({ env: {}, dataDir })
    assert.equal(second.publicKeyPem, first.publicKeyPem)
    assert.match(first.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/)
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['qr-ed25519.pem'])
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})
