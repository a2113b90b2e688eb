import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { loginAs, makeOrg, makeUser, testApp, testDb, type Session } from '../../../test/support.ts'
import { makePublishedBody, type PublishedBody } from '../../portal/portal.fixtures.ts'
import { FORM_TOKEN_TTL_MS, issueFormToken } from './form-token.ts'
import { COMPLAINT_SUBMIT_RATE_LIMIT } from '../../portal/complaints.routes.ts'
import { complaintProblems } from './rules.ts'

const db = testDb()
let app: FastifyInstance
let agency: PublishedBody
let supervisor: Session
let outsider: Session
const apps: FastifyInstance[] = []

before(async () => {
  app = await testApp()
  agency = await makePublishedBody(db)
  // the 司法局's supervisor: scope = the agency's region subtree (F-05)
  const bureau = await makeOrg(db, { parent: agency.region, kind: 'agency', name: `司法局${crypto.randomBytes(3).toString('hex')}` })
  supervisor = await loginAs(app, (await makeUser(db, { org: bureau, roles: ['supervisor'], scope: agency.region })).username)
  const elsewhere = await makePublishedBody(db)
  outsider = await loginAs(app, (await makeUser(db, { org: elsewhere, roles: ['supervisor'], scope: elsewhere.region })).username)
})
after(async () => Promise.all([app.close(), ...apps.map((a) => a.close())]))

const NAME = '司马光明'
const PHONE = '13812345678'
const EMAIL = 'sima@example.com'

async function formToken(server = app): Promise<string> {
  const res = await server.inject({ method: 'GET', url: '/complaints/new', remoteAddress: visitor() })
  assert.equal(res.statusCode, 200)
  return /name="formToken" value="([^"]+)"/.exec(res.body)![1]!
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
/** A visitor of its own per request, so the rate limit is met only where a test means it. */
const visitor = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`
const post = (fields: Record<string, string>, server = app, remoteAddress = visitor()) =>
  server.inject({ method: 'POST', url: '/complaints', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields), remoteAddress })

const valid = (extra: Record<string, string> = {}) => ({
  agencyId: agency.id, kind: '投诉', content: '2026年3月1日在人民路执法时态度粗暴，未出示执法证件。', name: NAME, phone: PHONE, email: EMAIL, ...extra,
})
const count = async () => (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM complaint WHERE agency_id = $1`, [agency.id])).n
const receiptOf = (res: LightMyRequestResponse) => ({
  receiptNo: /data-receipt="([^"]+)"/.exec(res.body)![1]!,
  queryCode: /data-query-code="([^"]+)"/.exec(res.body)![1]!,
})

async function submit(extra: Record<string, string> = {}) {
  const res = await post({ formToken: await formToken(), ...valid(extra) })
  assert.equal(res.statusCode, 201, res.body)
  return receiptOf(res)
}

test('S-04 P-15: a complaint submitted on the plain HTML form is stored with its 收到 action; the receipt gives a 受理编号 and a query code', async () => {
  const page = await app.inject({ method: 'GET', url: '/complaints/new' })
  assert.ok(page.body.includes('<form class="complaint-form" method="post" action="/complaints"'))
  assert.ok(page.body.includes(`<option value="${agency.id}">${agency.name}</option>`))
  const receipt = await submit()
  assert.match(receipt.receiptNo, /^TS\d{4}\d{6}$/)
  const stored = await db.one(`SELECT c.*, s.status FROM complaint c JOIN complaint_state s ON s.complaint_id = c.id WHERE c.receipt_no = $1`, [receipt.receiptNo])
  assert.equal(stored.query_code, receipt.queryCode)
  assert.equal(stored.complainant_name, NAME)
  assert.equal(stored.phone, PHONE)
  assert.equal(stored.status, '收到')
  assert.equal(stored.anonymous, false)
})

test('S-04: the status page and its API show only status and dates, never the complainant or the content', async () => {
  const receipt = await submit()
  for (const url of [`/complaints/status?code=${receipt.queryCode}`, `/api/public/complaints/status/${receipt.queryCode}`]) {
    const res = await app.inject({ method: 'GET', url })
    assert.equal(res.statusCode, 200, res.body)
    for (const secret of [NAME, PHONE, EMAIL, '态度粗暴', '人民路']) assert.ok(!res.body.includes(secret), `${url} shows ${secret}`)
  }
  const api = (await app.inject({ method: 'GET', url: `/api/public/complaints/status/${receipt.queryCode}` })).json()
  assert.deepEqual(Object.keys(api).sort(), ['kind', 'receiptNo', 'receivedOn', 'status', 'steps'])
  assert.equal(api.status, '收到')
  const page = await app.inject({ method: 'GET', url: `/complaints/status?code=${receipt.queryCode}` })
  assert.ok(page.body.includes('data-status="收到"'))
  const typo = receipt.queryCode.slice(0, 12) + (receipt.queryCode[12] === '0' ? '1' : '0')
  const bad = await app.inject({ method: 'GET', url: `/api/public/complaints/status/${typo}` })
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().code, 'QUERY_CODE_CHECK')
  const { rows } = await db.query<{ code: string }>(`SELECT query_code_new() AS code`)
  assert.equal((await app.inject({ method: 'GET', url: `/api/public/complaints/status/${rows[0]!.code}` })).statusCode, 404)
})

const refusals: [string, Record<string, string>, string, RegExp][] = [
  ['a bad phone number', { phone: '1381234' }, 'phone', /联系电话格式不正确/],
  ['a landline without area code', { phone: '6123456' }, 'phone', /联系电话格式不正确/],
  ['empty content', { content: '   ' }, 'content', /请填写投诉举报的内容/],
  ['too short content', { content: '态度不好' }, 'content', /内容至少10个字/],
  ['an anonymous 投诉', { anonymous: '1', name: '', phone: '', email: '' }, 'anonymous', /投诉须留下姓名和联系电话/],
  ['a named 投诉 without a phone', { phone: '' }, 'phone', /请填写联系电话/],
  ['no agency', { agencyId: '' }, 'agencyId', /请选择被投诉的执法机关/],
  ['a bad e-mail', { email: 'not-an-address' }, 'email', /电子邮箱格式不正确/],
]
for (const [what, change, fieldName, message] of refusals) {
  test(`S-04: ${what} is refused with a Chinese message beside the field, the form keeps what was typed, nothing is stored`, async () => {
    const before = await count()
    const res = await post({ formToken: await formToken(), ...valid(change) })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, message)
    assert.ok(res.body.includes(`id="${fieldName}-error"`), 'the message is tied to its field')
    assert.ok(res.body.includes('aria-invalid="true"') || fieldName === 'anonymous')
    if (change.content === undefined) assert.ok(res.body.includes('未出示执法证件'), 'the content is kept')
    assert.equal(await count(), before)
  })
}

test('S-04: the JSON API refuses the same with {code, message} and details per field; an anonymous 举报 is taken without contact', async () => {
  const token = (await app.inject({ method: 'GET', url: '/api/public/complaints/form' })).json()
  assert.ok(token.agencies.some((a: { id: string }) => a.id === agency.id))
  const before = await count()
  const bad = await app.inject({ method: 'POST', url: '/api/public/complaints', payload: { formToken: token.formToken, agencyId: agency.id, kind: '投诉', content: '执法人员未出示证件就进行检查', anonymous: true } })
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().code, 'COMPLAINT_INVALID')
  assert.match(bad.json().message, /投诉须留下姓名和联系电话/)
  assert.equal(await count(), before)
  // the token was not used up by a refused submission
  const ok = await app.inject({ method: 'POST', url: '/api/public/complaints', payload: { formToken: token.formToken, agencyId: agency.id, kind: '举报', content: '某执法人员收受商户财物，时间在上月', anonymous: true } })
  assert.equal(ok.statusCode, 201, ok.body)
  assert.ok(ok.json().statusUrl.endsWith(`/complaints/status?code=${ok.json().queryCode}`))
  const stored = await db.one(`SELECT anonymous, complainant_name, phone FROM complaint WHERE query_code = $1`, [ok.json().queryCode])
  assert.deepEqual(stored, { anonymous: true, complainant_name: null, phone: null })
})

test('S-04: the database refuses what the form refuses, in Chinese (an anonymous 投诉, contact missing)', async () => {
  await assert.rejects(
    db.query(`INSERT INTO complaint (agency_id, kind, content, anonymous) VALUES ($1, '投诉', '执法人员态度粗暴未出示证件', true)`, [agency.id]),
    /投诉须留下姓名和联系电话/,
  )
  await assert.rejects(
    db.query(`INSERT INTO complaint (agency_id, kind, content, anonymous, complainant_name) VALUES ($1, '举报', '执法人员态度粗暴未出示证件', false, '张三')`, [agency.id]),
    /实名提交须填写姓名和联系电话/,
  )
  await assert.rejects(
    db.query(`INSERT INTO complaint (agency_id, kind, content, anonymous, complainant_name, phone) VALUES ($1, '投诉', '执法人员态度粗暴未出示证件', false, '张三', '12345')`, [agency.id]),
    (e: { code?: string }) => e.code === '23514',
  )
  assert.deepEqual(complaintProblems({ agencyId: agency.id, kind: '投诉', content: '执法人员态度粗暴未出示证件', anonymous: false, name: '张三', phone: '0871-6123456' }), [])
})

test('S-04: a form token is required, must be this deployment\'s, expires after two hours, and is taken once', async () => {
  const before = await count()
  const missing = await post(valid())
  assert.equal(missing.statusCode, 400)
  assert.ok(missing.body.includes('缺少表单令牌'))
  const forged = await post({ formToken: `${Date.now().toString(36)}.${crypto.randomBytes(16).toString('base64url')}.${crypto.randomBytes(32).toString('base64url')}`, ...valid() })
  assert.equal(forged.statusCode, 400)
  assert.ok(forged.body.includes('表单令牌无效'))
  const old = await issueFormToken(db, Date.now() - FORM_TOKEN_TTL_MS - 1000)
  const expired = await post({ formToken: old.token, ...valid() })
  assert.equal(expired.statusCode, 400)
  assert.ok(expired.body.includes('表单已过期'))
  // the refused form comes back with a fresh token and what was typed
  assert.ok(expired.body.includes(NAME))
  assert.notEqual(/name="formToken" value="([^"]+)"/.exec(expired.body)![1], old.token)
  const fresh = await issueFormToken(db, Date.now() - FORM_TOKEN_TTL_MS + 60_000)
  assert.equal((await post({ formToken: fresh.token, ...valid() })).statusCode, 201)
  const again = await post({ formToken: fresh.token, ...valid() })
  assert.equal(again.statusCode, 409)
  assert.ok(again.body.includes('该表单已提交过'))
  assert.equal(await count(), before + 1)
})

test('S-04: a filled-in honeypot field stores nothing', async () => {
  const before = await count()
  const res = await post({ formToken: await formToken(), ...valid(), website: 'http://spam.example' })
  assert.equal(res.statusCode, 400)
  assert.equal(await count(), before)
})

test('S-04 / N-06: submissions are rate-limited per visitor', async () => {
  const fresh = await testApp()
  apps.push(fresh)
  const statuses: number[] = []
  for (let i = 0; i <= COMPLAINT_SUBMIT_RATE_LIMIT.max; i++) statuses.push((await post({ formToken: 'x', ...valid() }, fresh, '10.7.7.7')).statusCode)
  assert.deepEqual(statuses.slice(0, COMPLAINT_SUBMIT_RATE_LIMIT.max), Array(COMPLAINT_SUBMIT_RATE_LIMIT.max).fill(400))
  assert.equal(statuses.at(-1), 429)
})

test('S-04 F-05: the supervisor sees new complaints of the scope with their age in working days, and only those', async () => {
  const receipt = await submit()
  const id = (await db.one(`SELECT id FROM complaint WHERE receipt_no = $1`, [receipt.receiptNo])).id
  const list = await app.inject({ method: 'GET', url: '/api/complaints', headers: supervisor.headers })
  assert.equal(list.statusCode, 200, list.body)
  const item = list.json().items.find((c: { id: string }) => c.id === id)
  assert.ok(item)
  assert.equal(item.status, '收到')
  assert.equal(item.ageWorkingDays, 0)
  assert.equal(item.complainantName, NAME)
  const theirs = await app.inject({ method: 'GET', url: '/api/complaints?status=all', headers: outsider.headers })
  assert.ok(!theirs.json().items.some((c: { agencyId: string }) => c.agencyId === agency.id))
  assert.equal((await app.inject({ method: 'GET', url: `/api/complaints/${id}`, headers: outsider.headers })).statusCode, 403)
  assert.equal((await app.inject({ method: 'POST', url: `/api/complaints/${id}/actions`, headers: outsider.headers, payload: { type: '受理' } })).statusCode, 403)
  const detail = await app.inject({ method: 'GET', url: `/api/complaints/${id}`, headers: supervisor.headers })
  assert.equal(detail.statusCode, 200)
  assert.deepEqual(detail.json().actions.map((a: { type: string }) => a.type), ['收到'])
  // F-06: reading the complainant's data is logged
  assert.equal((await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'complaint.read' AND entity_id = $1`, [id])).n, 1)
})

test('S-04: the working-day age counts on the F-04 calendar (国庆 2025 not counted)', async () => {
  const { workingDaysSince } = await import('./complaint-actions.ts')
  // received 09-30; 10-01 … 10-08 holiday, 10-11 worked Saturday
  assert.equal(await workingDaysSince(db, agency.id, '2025-09-30', '2025-10-10'), 2)
})

test('S-04: 转办 and 不予受理 are appended actions; the order holds; nothing changes or goes away', async () => {
  const forwarded = await submit()
  const a = (await db.one(`SELECT id FROM complaint WHERE receipt_no = $1`, [forwarded.receiptNo])).id
  const act = (id: string, payload: Record<string, unknown>, who = supervisor) =>
    app.inject({ method: 'POST', url: `/api/complaints/${id}/actions`, headers: who.headers, payload })
  const noReason = await act(a, { type: '不予受理', reason: '' })
  assert.equal(noReason.statusCode, 400)
  const toAgency = await act(a, { type: '转办', toAgencyId: agency.id })
  assert.equal(toAgency.statusCode, 201, toAgency.body)
  assert.equal(toAgency.json().toAgencyName, agency.name)
  const finished = await act(a, { type: '办结', result: '已处理' })
  assert.equal(finished.statusCode, 422)
  assert.equal(finished.json().code, 'COMPLAINT_ORDER')
  assert.match(finished.json().message, /须先受理/)
  assert.equal((await act(a, { type: '受理' })).statusCode, 201)
  assert.equal((await act(a, { type: '办结', result: '经核实，已对执法人员批评教育并向投诉人答复' })).statusCode, 201)
  const status = (await app.inject({ method: 'GET', url: `/api/public/complaints/status/${forwarded.queryCode}` })).json()
  assert.deepEqual(status.steps.map((s: { type: string }) => s.type), ['收到', '转办', '受理', '办结'])
  assert.equal(status.status, '办结')
  assert.ok(!JSON.stringify(status).includes('批评教育'))

  const refused = await submit()
  const b = (await db.one(`SELECT id FROM complaint WHERE receipt_no = $1`, [refused.receiptNo])).id
  const notAccepted = await act(b, { type: '不予受理', reason: '不属于行政执法监督范围，已告知向人民法院起诉' })
  assert.equal(notAccepted.statusCode, 201)
  const after = await act(b, { type: '转办', toAgencyId: agency.id })
  assert.equal(after.statusCode, 422)
  assert.equal(after.json().code, 'COMPLAINT_CLOSED')
  assert.equal((await app.inject({ method: 'GET', url: '/api/complaints', headers: supervisor.headers })).json().items.some((c: { id: string }) => c.id === b), false)

  // append-only for the app role: UPDATE and DELETE refused on both tables
  for (const sql of [
    `UPDATE complaint_action SET reason = '改' WHERE complaint_id = '${b}'`,
    `DELETE FROM complaint_action WHERE complaint_id = '${b}'`,
    `UPDATE complaint SET content = '改过的内容改过的内容' WHERE id = '${b}'`,
    `DELETE FROM complaint WHERE id = '${b}'`,
  ]) {
    await assert.rejects(db.query(sql), (e: { code?: string }) => e.code === '42501', sql)
  }
  assert.equal((await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM complaint_action WHERE complaint_id = $1`, [b])).n, 2)
})

test('S-04 F-05: a visitor signed in to the workbench posts the public form without the session\'s CSRF token (the form acts as nobody); the session\'s own writes still need it', async () => {
  const res = await app.inject({
    method: 'POST', url: '/complaints', remoteAddress: visitor(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: supervisor.cookie },
    payload: form({ formToken: await formToken(), ...valid() }),
  })
  assert.equal(res.statusCode, 201, res.body)
  const { receiptNo } = receiptOf(res)
  const stored = await db.one(`SELECT id FROM complaint WHERE receipt_no = $1`, [receiptNo])
  const event = await db.one(`SELECT actor_id FROM audit_event WHERE action = 'complaint.submit' AND entity_id = $1`, [stored.id])
  assert.equal(event.actor_id, null)
  const write = await app.inject({ method: 'POST', url: `/api/complaints/${stored.id}/actions`, headers: { cookie: supervisor.cookie }, payload: { type: '受理' } })
  assert.equal(write.statusCode, 403)
  assert.equal(write.json().code, 'CSRF')
})
