import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import QRCode from 'qrcode'
import { loadConfig } from '../platform/config.ts'
import { testApp, testDb } from '../../test/support.ts'
import { signCertNo, signedVerificationUrl, signerFromPrivateKey, verifyCertNo } from '../platform/crypto/qr-signing.ts'
import { makeCertificate, makeOfficer, makePublishedBody } from './portal.fixtures.ts'

// The deployment key comes from the environment, as in production; nothing is written under ./data.
const signingKey = crypto.generateKeyPairSync('ed25519').privateKey
process.env.ZHIFA_QR_SIGNING_KEY = signingKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const signer = signerFromPrivateKey(signingKey)

const db = testDb()
const apps: FastifyInstance[] = []
/** A fresh app per test: each has its own rate-limit counters. */
async function app(): Promise<FastifyInstance> {
  const built = await testApp()
  apps.push(built)
  return built
}
after(() => Promise.all(apps.map((a) => a.close())))

const PHOTO = `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`

async function officerWith(status: '有效' | '暂扣' | '注销' | '过期' | '未生效') {
  const body = await makePublishedBody(db)
  const officer = await makeOfficer(db, body, { photo: PHOTO })
  const certNo = await makeCertificate(db, officer.id, { status, categories: ['市场监管', '食品安全'], areas: ['测试区'] })
  return { body, officer, certNo }
}

test('P-05: a valid certificate shows photo, name, agency, 执法类别, 区域, validity and a green 有效 banner', async () => {
  const { body, officer, certNo } = await officerWith('有效')
  const res = await (await app()).inject({ method: 'GET', url: `/verify/${certNo}` })
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['cache-control'], 'no-store')
  assert.ok(res.body.includes('class="banner banner-ok"'))
  assert.ok(res.body.includes('<strong class="status-word" data-status="有效">有效</strong>'))
  assert.ok(res.body.includes('该执法证件真实有效'))
  assert.ok(res.body.includes(`<img src="${PHOTO}" alt="${officer.name}的照片"`))
  for (const text of [officer.name, body.name, '市场监管、食品安全', '测试区', '测试市人民政府', ' 至 ']) assert.ok(res.body.includes(text), text)
  assert.match(res.body, /\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/)
})

for (const status of ['注销', '过期', '暂扣', '未生效'] as const) {
  test(`P-05: a ${status} certificate shows as ${status} in red, and says it must not be used for enforcement now`, async () => {
    const { certNo } = await officerWith(status)
    const res = await (await app()).inject({ method: 'GET', url: `/verify/${certNo}` })
    assert.equal(res.statusCode, 200)
    assert.ok(res.body.includes('class="banner banner-bad"'))
    assert.ok(!res.body.includes('banner-ok'))
    assert.ok(res.body.includes(`<strong class="status-word" data-status="${status}">${status}</strong>`))
    assert.ok(res.body.includes(`该执法证件当前为“${status}”状态，持证人现在不得使用此证件从事行政执法活动`))
  })
}

test('P-05: an unknown certificate number answers 404 with a Chinese no-such-certificate page', async () => {
  const server = await app()
  for (const certNo of ['ZF-NOSUCH-0000', 'x']) {
    const res = await server.inject({ method: 'GET', url: `/verify/${certNo}` })
    assert.equal(res.statusCode, 404)
    assert.match(res.headers['content-type'] as string, /^text\/html/)
    assert.ok(res.body.includes('未找到该执法证'))
    assert.ok(res.body.includes(`本平台没有证号为“${certNo}”的执法证件`))
  }
})

test('P-05: every lookup is logged with the visitor address and no actor', async () => {
  const { certNo } = await officerWith('过期')
  const server = await app()
  await server.inject({ method: 'GET', url: `/verify/${certNo}` })
  const unknown = `ZF-LOG-${crypto.randomBytes(4).toString('hex')}`
  await server.inject({ method: 'GET', url: `/verify/${unknown}` })
  const rows = await db.many(
    `SELECT entity_id AS "entityId", actor_id AS "actorId", ip, detail FROM audit_event
      WHERE action = 'certificate.verify' AND entity_id = ANY($1) ORDER BY id`,
    [[certNo, unknown]],
  )
  assert.deepEqual(
    rows.map((r) => [r.entityId, r.actorId, r.ip, r.detail.found, r.detail.status]),
    [
      [certNo, null, '127.0.0.1', true, '过期'],
      [unknown, null, '127.0.0.1', false, null],
    ],
  )
})

test('P-05: a QR link signed by this deployment shows 二维码签名有效; a forged one warns; a typed lookup shows neither', async () => {
  const { certNo } = await officerWith('有效')
  const server = await app()
  const signed = new URL(signedVerificationUrl(signer, 'http://localhost', certNo))
  const good = await server.inject({ method: 'GET', url: signed.pathname + signed.search })
  assert.ok(good.body.includes('二维码签名有效'))
  assert.ok(!good.body.includes('二维码签名无效'))

  const otherKey = signerFromPrivateKey(crypto.generateKeyPairSync('ed25519').privateKey)
  for (const sig of [signCertNo(otherKey, certNo), signCertNo(signer, `${certNo}X`), 'garbage']) {
    const forged = await server.inject({ method: 'GET', url: `/verify/${certNo}?sig=${sig}` })
    assert.equal(forged.statusCode, 200)
    assert.ok(forged.body.includes('二维码签名无效，可能是伪造证件'))
  }

  const typed = await server.inject({ method: 'GET', url: `/verify/${certNo}` })
  assert.ok(!typed.body.includes('二维码签名'))
})

test('P-05: the QR code is an SVG for existing certificates, and the public key verifies the signature offline', async () => {
  const { certNo } = await officerWith('有效')
  const server = await app()
  const svg = await server.inject({ method: 'GET', url: `/verify/${certNo}/qr.svg` })
  assert.equal(svg.statusCode, 200)
  assert.match(svg.headers['content-type'] as string, /^image\/svg\+xml/)
  assert.match(svg.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
  // Ed25519 signatures are deterministic, so the code must be exactly the one for the signed link.
  const expected = await QRCode.toString(signedVerificationUrl(signer, loadConfig({}).publicUrl, certNo), {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
  })
  assert.equal(svg.body, expected)
  assert.equal((await server.inject({ method: 'GET', url: '/verify/ZF-NOSUCH-0001/qr.svg' })).statusCode, 404)

  const pem = await server.inject({ method: 'GET', url: '/.well-known/zhifa-qr-key.pem' })
  assert.equal(pem.statusCode, 200)
  const publicKey = crypto.createPublicKey(pem.body)
  assert.ok(verifyCertNo({ publicKey }, certNo, signCertNo(signer, certNo)))
})

test('P-05: the verify form is labelled and sends a number to its page; a malformed number is explained', async () => {
  const server = await app()
  const form = await server.inject({ method: 'GET', url: '/verify' })
  assert.equal(form.statusCode, 200)
  assert.ok(form.body.includes('<label for="cert-no">执法证号</label>'))
  assert.ok(form.body.includes('<form class="search" method="get" action="/verify"'))

  const go = await server.inject({ method: 'GET', url: '/verify?certNo=%20ZF-2026-0001%20' })
  assert.equal(go.statusCode, 303)
  assert.equal(go.headers.location, '/verify/ZF-2026-0001')

  const bad = await server.inject({ method: 'GET', url: `/verify?certNo=${encodeURIComponent('<b>12')}` })
  assert.equal(bad.statusCode, 400)
  assert.ok(bad.body.includes('证号格式不正确'))
  assert.ok(bad.body.includes('aria-invalid="true"'))
  assert.ok(bad.body.includes('value="&lt;b&gt;12"'))
})

test('N-06 / P-05: lookups are rate-limited per visitor with a Chinese page', async () => {
  const server = await app()
  const statuses: number[] = []
  for (let i = 0; i < 31; i++) {
    statuses.push((await server.inject({ method: 'GET', url: `/verify/ZF-RATE-${i.toString().padStart(4, '0')}` })).statusCode)
  }
  assert.deepEqual(statuses.slice(0, 30), Array(30).fill(404))
  const limited = await server.inject({ method: 'GET', url: '/verify/ZF-RATE-9999' })
  assert.equal(limited.statusCode, 429)
  assert.match(limited.headers['content-type'] as string, /^text\/html/)
  assert.ok(limited.body.includes('查询过于频繁'))
  assert.equal(statuses[30], 429)
})

test('N-07: the certificate page in English keeps the legal status word beside its translation', async () => {
  const { certNo } = await officerWith('注销')
  const res = await (await app()).inject({ method: 'GET', url: `/verify/${certNo}?lang=en` })
  assert.ok(res.body.includes('Revoked (注销)'))
  assert.ok(res.body.includes('must not use it for any enforcement now'))
})
