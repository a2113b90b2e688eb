import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { makeOrg, testApp, testDb } from '../../test/support.ts'
import { makeCertificate, makeOfficer, makePublishedBody } from './portal.fixtures.ts'

const db = testDb()
let shared: Promise<FastifyInstance> | undefined
const app = () => (shared ??= testApp())
after(async () => (await shared)?.close())

const get = async (url: string, headers: Record<string, string> = {}) => (await app()).inject({ method: 'GET', url, headers })

test('P-01: an agency page publishes the body, its units, supervision, remedies and the officer list', async () => {
  const body = await makePublishedBody(db, { domains: ['市场监管', '食品安全'] })
  const unit = await makeOrg(db, { parent: body, kind: 'unit', name: '稽查支队' })
  await db.query(`UPDATE org_node SET duties = '负责市场监管领域案件查办' WHERE id = $1`, [unit.id])
  const officer = await makeOfficer(db, body, { name: '王执法', unit, phone: '13912345678', idNumber: '110101199003071234' })
  const certNo = await makeCertificate(db, officer.id, { categories: ['市场监管'], areas: ['测试区全域'] })

  const res = await get(`/agencies/${body.code}`)
  assert.equal(res.statusCode, 200)
  assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/)
  for (const text of [
    body.name, body.uscc, '统一社会信用代码', '行政机关', '《中华人民共和国行政处罚法》', '市场监管、食品安全', '测试市人民路1号', '010-12345678',
    '监督方式', '测试市司法局', '010-87654321', '救济渠道', '测试市人民政府', '测试市中级人民法院',
    '稽查支队', '负责市场监管领域案件查办', '执法人员清单', '王执法', certNo, '测试区全域',
  ]) {
    assert.ok(res.body.includes(text), `page shows ${text}`)
  }
  // the unit appears in the officer's row, beside the certificate number
  assert.match(res.body, new RegExp(`王执法</a></th><td>稽查支队</td><td><a href="/verify/${certNo}">`))
})

test('P-01: the officer list never shows an officer\'s ID number or phone', async () => {
  const body = await makePublishedBody(db)
  const phone = '13800138000'
  const idNumber = '11010119850101123X'
  const officer = await makeOfficer(db, body, { phone, idNumber })
  await makeCertificate(db, officer.id)
  const res = await get(`/agencies/${body.code}`)
  assert.equal(res.statusCode, 200)
  assert.ok(res.body.includes(officer.name))
  assert.ok(!res.body.includes(phone))
  assert.ok(!res.body.includes(idNumber))
  const profile = await get(`/officers/${officer.id}`)
  assert.equal(profile.statusCode, 200)
  assert.ok(profile.body.includes(officer.name))
  assert.ok(!profile.body.includes(phone))
  assert.ok(!profile.body.includes(idNumber))
})

test('P-01: only officers with a valid certificate are listed; auxiliary staff and revoked holders are not', async () => {
  const body = await makePublishedBody(db)
  const revoked = await makeOfficer(db, body, { name: '注销证持有人' })
  await makeCertificate(db, revoked.id, { status: '注销' })
  const auxiliary = await makeOfficer(db, body, { name: '辅助人员甲', kind: 'auxiliary' })
  const res = await get(`/agencies/${body.code}`)
  assert.ok(!res.body.includes(revoked.name))
  assert.ok(!res.body.includes(auxiliary.name))
  assert.ok(res.body.includes('暂无持证执法人员'))
  assert.equal((await get(`/officers/${auxiliary.id}`)).statusCode, 404)
})

test('N-06: a name containing <script> is printed as text', async () => {
  const body = await makePublishedBody(db, { name: '<script>alert(1)</script>局' })
  const officer = await makeOfficer(db, body, { name: '<script>x()</script>' })
  await makeCertificate(db, officer.id)
  for (const url of [`/agencies/${body.code}`, '/agencies', `/officers/${officer.id}`]) {
    const res = await get(url)
    assert.equal(res.statusCode, 200, url)
    assert.ok(!res.body.includes('<script>'), `${url} contains no script element`)
  }
  const page = await get(`/agencies/${body.code}`)
  assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;局'))
  assert.ok(page.body.includes('&lt;script&gt;x()&lt;/script&gt;'))
})

test('P-01: the directory groups published bodies by region and filters by domain; unpublished bodies stay hidden', async () => {
  const regionName = `滤区${Date.now()}`
  const food = await makePublishedBody(db, { regionName, domains: ['食品安全'] })
  const traffic = await makePublishedBody(db, { domains: ['交通运输'] })
  const hidden = await makeOrg(db, { parent: traffic.region, kind: 'agency', name: '未公示的局' })

  const all = await get('/agencies')
  assert.equal(all.statusCode, 200)
  assert.ok(all.body.includes(`<h2 id="region-${food.region.id}">${regionName}</h2>`))
  assert.ok(all.body.includes(food.name) && all.body.includes(traffic.name))
  assert.ok(!all.body.includes(hidden.name))
  assert.ok(all.body.includes('<option value="交通运输">交通运输</option>'))

  const filtered = await get(`/agencies?domain=${encodeURIComponent('食品安全')}`)
  assert.ok(filtered.body.includes(food.name))
  assert.ok(!filtered.body.includes(traffic.name))
  assert.ok(filtered.body.includes('<option value="食品安全" selected>'))

  assert.equal((await get(`/agencies/${hidden.code}`)).statusCode, 404)
})

test('N-07: ?lang=en switches to English, keeps the choice in a cookie, and every page links back to Chinese', async () => {
  const body = await makePublishedBody(db)
  const zh = await get(`/agencies/${body.code}`)
  assert.match(zh.body, /<html lang="zh-CN">/)
  assert.ok(zh.body.includes(`href="/agencies/${body.code}?lang=en" lang="en" hreflang="en">English</a>`))

  const en = await get(`/agencies/${body.code}?lang=en`)
  assert.match(en.body, /<html lang="en">/)
  assert.ok(en.body.includes('Unified social credit code'))
  assert.ok(en.body.includes('Administrative organ'))
  const cookie = en.cookies.find((c) => c.name === 'zhifa_lang')
  assert.equal(cookie?.value, 'en')
  assert.ok(en.body.includes(`href="/agencies/${body.code}?lang=zh-CN" lang="zh-CN" hreflang="zh-CN">中文</a>`))

  const later = await get('/verify', { cookie: 'zhifa_lang=en' })
  assert.match(later.body, /<html lang="en">/)
  assert.ok(later.body.includes('Verify an enforcement certificate'))
  const back = await get('/verify?lang=zh-CN', { cookie: 'zhifa_lang=en' })
  assert.match(back.body, /<html lang="zh-CN">/)
})

test('N-08: pages have a skip link, landmarks, a labelled navigation and the stylesheet; the home page links only to what exists', async () => {
  const home = await get('/')
  assert.equal(home.statusCode, 200)
  assert.ok(home.body.startsWith('<!doctype html>'))
  assert.ok(home.body.includes('<a class="skip-link" href="#main">跳到主要内容</a>'))
  assert.ok(home.body.includes('<main id="main"'))
  assert.ok(home.body.includes('<header') && home.body.includes('<footer'))
  assert.ok(home.body.includes('<nav class="wrap" aria-label="主导航">'))
  assert.ok(home.body.includes('href="/agencies"') && home.body.includes('href="/verify"'))
  assert.ok(!home.body.includes('<form'), 'no search box until search exists')
  assert.ok(!home.body.includes('<script'), 'readable without JavaScript')

  const css = await get('/portal/assets/portal.css')
  assert.equal(css.statusCode, 200)
  assert.match(css.headers['content-type'] as string, /^text\/css/)
  assert.ok(css.body.includes(':focus-visible'))
})

test('an unknown agency or officer answers a Chinese 404 page', async () => {
  const agency = await get('/agencies/no-such-agency')
  assert.equal(agency.statusCode, 404)
  assert.match(agency.headers['content-type'] as string, /^text\/html/)
  assert.ok(agency.body.includes('没有该执法主体'))
  const officer = await get('/officers/not-a-uuid')
  assert.equal(officer.statusCode, 404)
  assert.ok(officer.body.includes('未找到该执法人员'))
  const tooLong = await get(`/agencies/${'x'.repeat(60)}`)
  assert.equal(tooLong.statusCode, 400)
  assert.match(tooLong.headers['content-type'] as string, /^text\/html/)
  assert.ok(tooLong.body.includes('请求不正确'))
})
