import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../test/support.ts'
import { makeCaseWorld, type CaseWorld } from '../domains/cases/approvals.test-world.ts'
import { QUERY_CODE_ALPHABET, formatQueryCode } from '../domains/cases/progress-code.ts'
import { PROGRESS_RATE_LIMIT } from './progress.routes.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld
const apps: FastifyInstance[] = []
before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => Promise.all([app.close(), ...apps.map((a) => a.close())]))

const PARTY = '欧阳明华'
const ID_NUMBER = '53230119800101123X'
const PHONE = '13987654321'
const SECRET_NOTE = '内部意见：拟不予许可'

async function licenceCase() {
  const c = await w.newCase('许可', { partyName: PARTY, summary: `申请人${PARTY}（身份证${ID_NUMBER}，电话${PHONE}）申请食品经营许可` })
  await w.ok(c.id, { type: '申请', actedOn: '2025-09-25' })
  await w.ok(c.id, { type: '补正', actedOn: '2025-09-26', data: { content: `补交${PARTY}身份证复印件 ${ID_NUMBER}` } })
  await w.ok(c.id, { type: '受理', actedOn: '2025-09-29' })
  await w.ok(c.id, { type: '审查', actedOn: '2025-09-30', data: { opinion: SECRET_NOTE } })
  const { queryCode } = (await w.get(`/api/cases/${c.id}/query-code`, w.officer)).json()
  return { ...c, queryCode: queryCode as string }
}

const hidesPersonalData = (text: string) => {
  for (const secret of [PARTY, '欧阳', ID_NUMBER, PHONE, SECRET_NOTE, '身份证复印件']) assert.ok(!text.includes(secret), `shows ${secret}`)
}

test('P-15: the progress page shows agency, kind, stage, public step dates and the legal deadline, and no personal data, evidence or opinion', async () => {
  const c = await licenceCase()
  const res = await app.inject({ method: 'GET', url: `/progress?code=${encodeURIComponent(formatQueryCode(c.queryCode).toLowerCase())}` })
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(res.headers['cache-control'], 'no-store')
  assert.ok(res.body.includes('data-stage="审查"'))
  assert.ok(res.body.includes(w.agency.name))
  assert.ok(res.body.includes('行政许可'))
  for (const [stage, on] of [['申请', '2025-09-25'], ['受理', '2025-09-26'], ['审查', '2025-09-30']]) {
    assert.ok(res.body.includes(`<tr><td>${stage}</td><td>${on}</td></tr>`), `${stage} ${on}`)
  }
  // 许可法42/82: 20 working days from 受理 on 09-29, across 国庆
  assert.ok(res.body.includes('届满日 2025-11-03'))
  assert.ok(res.body.includes('尚未作出决定'))
  hidesPersonalData(res.body)

  const api = await app.inject({ method: 'GET', url: `/api/public/progress/${c.queryCode}` })
  assert.equal(api.statusCode, 200, api.body)
  const body = api.json()
  assert.equal(body.stage, '审查')
  assert.equal(body.kindName, '行政许可')
  assert.equal(body.decided, false)
  assert.deepEqual(body.steps, [{ stage: '申请', on: '2025-09-25' }, { stage: '受理', on: '2025-09-26' }, { stage: '审查', on: '2025-09-30' }])
  assert.ok(body.deadlines.some((d: { dueOn: string }) => d.dueOn === '2025-11-03'))
  hidesPersonalData(api.body)
  assert.deepEqual(Object.keys(body).sort(), ['agencyName', 'archived', 'closed', 'deadlines', 'decided', 'decidedOn', 'kind', 'kindName', 'stage', 'steps'])
})

test('P-15: internal stages (核查, 案件审核, 法制审核 …) show as the stage reached but give no date', async () => {
  const c = await w.newCase('处罚-普通', { partyName: PARTY })
  await w.ok(c.id, { type: '案源登记', actedOn: '2025-10-09' })
  await w.ok(c.id, { type: '核查', actedOn: '2025-10-10' })
  const { queryCode } = (await w.get(`/api/cases/${c.id}/query-code`, w.officer)).json()
  const body = (await app.inject({ method: 'GET', url: `/api/public/progress/${queryCode}` })).json()
  assert.equal(body.stage, '核查')
  assert.deepEqual(body.steps, [{ stage: '案源登记', on: '2025-10-09' }])
})

test('P-15: a wrong check character is told apart from an unknown code; both answer in Chinese, and every lookup is logged', async () => {
  const c = await licenceCase()
  const last = c.queryCode[12]!
  const typo = c.queryCode.slice(0, 12) + QUERY_CODE_ALPHABET[(QUERY_CODE_ALPHABET.indexOf(last) + 1) % 32]
  const checkApi = await app.inject({ method: 'GET', url: `/api/public/progress/${typo}` })
  assert.equal(checkApi.statusCode, 400)
  assert.equal(checkApi.json().code, 'QUERY_CODE_CHECK')
  assert.match(checkApi.json().message, /校验不符/)
  const checkPage = await app.inject({ method: 'GET', url: `/progress?code=${typo}` })
  assert.equal(checkPage.statusCode, 400)
  assert.ok(checkPage.body.includes('aria-invalid="true"'))
  assert.ok(checkPage.body.includes('查询码校验不符'))

  const format = await app.inject({ method: 'GET', url: `/api/public/progress/ABC` })
  assert.equal(format.json().code, 'QUERY_CODE_FORMAT')

  // a well-formed code nobody holds: not found, through the same lookup
  const { rows } = await db.query<{ code: string }>(`SELECT query_code_new() AS code`)
  const before = (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.progress-lookup'`)).n
  const unknown = await app.inject({ method: 'GET', url: `/api/public/progress/${rows[0]!.code}` })
  assert.equal(unknown.statusCode, 404)
  assert.equal(unknown.json().code, 'NOT_FOUND')
  assert.match(unknown.json().message, /未找到/)
  const unknownPage = await app.inject({ method: 'GET', url: `/progress?code=${rows[0]!.code}` })
  assert.equal(unknownPage.statusCode, 404)
  assert.ok(unknownPage.body.includes('未找到该查询码对应的事项'))
  const found = await app.inject({ method: 'GET', url: `/api/public/progress/${c.queryCode}`, remoteAddress: '10.1.2.3' })
  assert.equal(found.statusCode, 200)
  const logged = await db.many<{ ip: string; entityId: string | null; found: boolean; detail: string }>(
    `SELECT ip, entity_id AS "entityId", (detail->>'found')::boolean AS found, detail::text FROM audit_event
      WHERE action = 'case.progress-lookup' ORDER BY id DESC LIMIT 3`)
  assert.equal((await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.progress-lookup'`)).n, before + 3)
  assert.equal(logged[0]!.ip, '10.1.2.3')
  assert.equal(logged[0]!.entityId, c.id)
  assert.equal(logged[0]!.found, true)
  assert.equal(logged[1]!.found, false)
  // the code is the holder's key: it is not kept in the log
  for (const row of logged) assert.ok(!row.detail.includes(c.queryCode))
})

test('P-15 / N-06: progress lookups are rate-limited per visitor (429, a Chinese page)', async () => {
  const fresh = await testApp()
  apps.push(fresh)
  const { rows } = await db.query<{ code: string }>(`SELECT query_code_new() AS code`)
  const statuses: number[] = []
  for (let i = 0; i < PROGRESS_RATE_LIMIT.max; i++) {
    statuses.push((await fresh.inject({ method: 'GET', url: `/progress?code=${rows[0]!.code}`, remoteAddress: '10.9.9.9' })).statusCode)
  }
  assert.deepEqual(statuses, Array(PROGRESS_RATE_LIMIT.max).fill(404))
  const limited = await fresh.inject({ method: 'GET', url: `/progress?code=${rows[0]!.code}`, remoteAddress: '10.9.9.9' })
  assert.equal(limited.statusCode, 429)
  assert.match(limited.headers['content-type'] as string, /^text\/html/)
  assert.ok(limited.body.includes('查询过于频繁'))
  const api = await fresh.inject({ method: 'GET', url: `/api/public/progress/${rows[0]!.code}`, remoteAddress: '10.9.9.8' })
  assert.equal(api.statusCode, 404)
  for (let i = 0; i < PROGRESS_RATE_LIMIT.max; i++) await fresh.inject({ method: 'GET', url: `/api/public/progress/${rows[0]!.code}`, remoteAddress: '10.9.9.8' })
  const apiLimited = await fresh.inject({ method: 'GET', url: `/api/public/progress/${rows[0]!.code}`, remoteAddress: '10.9.9.8' })
  assert.equal(apiLimited.statusCode, 429)
  assert.equal(apiLimited.json().code, 'RATE_LIMITED')
})

test('P-15: the query code is given to the agency\'s own staff only; the form page works without a code', async () => {
  const c = await w.newCase('许可')
  const own = await w.get(`/api/cases/${c.id}/query-code`, w.officer)
  assert.equal(own.statusCode, 200)
  assert.match(own.json().display, /^[0-9A-Z]{4}-[0-9A-Z]{5}-[0-9A-Z]{4}$/)
  assert.ok(own.json().url.endsWith(`/progress?code=${own.json().queryCode}`))
  const other = await makeCaseWorld(db, app, 0)
  assert.equal((await other.get(`/api/cases/${c.id}/query-code`, other.officer)).statusCode, 403)
  const form = await app.inject({ method: 'GET', url: '/progress' })
  assert.equal(form.statusCode, 200)
  assert.ok(form.body.includes('<form class="search" method="get" action="/progress"'))
  assert.ok(form.body.includes('aria-current="page">办理进度查询'))
})
