import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, loginAs, type Session, type OrgRow } from '../../../test/support.ts'
import { todayInChina } from '../../platform/clock.ts'
import { computeReport } from './annual-report.ts'
import { decidedCase, makeBody, reportIndexMismatches } from './test-world.ts'

const db = testDb()
let app: FastifyInstance
let city: OrgRow
let county: OrgRow
let market: OrgRow
let ecology: OrgRow
let transport: OrgRow
let bureau: OrgRow
let head: Session
let officer: Session
let supervisor: Session
let stranger: Session
const lastYear = Number(todayInChina().slice(0, 4)) - 1

before(async () => {
  app = await testApp()
  city = await makeOrg(db, { level: 'city', name: '测试州' })
  county = await makeOrg(db, { parent: city, kind: 'region', level: 'county', name: '测试县' })
  market = await makeOrg(db, { parent: county, kind: 'agency', level: 'county', name: '测试县市场监督管理局' })
  ecology = await makeOrg(db, { parent: county, kind: 'agency', level: 'county', name: '测试县生态环境分局' })
  transport = await makeOrg(db, { parent: city, kind: 'agency', level: 'city', name: '测试州交通运输局' })
  bureau = await makeOrg(db, { parent: county, kind: 'agency', level: 'county', name: '测试县司法局' })
  await db.query('INSERT INTO justice_bureau (org_id) VALUES ($1)', [bureau.id])
  for (const a of [market, ecology, transport]) await makeBody(db, a.id)
  head = await loginAs(app, (await makeUser(db, { org: market, roles: ['head'] })).username)
  officer = await loginAs(app, (await makeUser(db, { org: market, roles: ['officer'] })).username)
  supervisor = await loginAs(app, (await makeUser(db, { org: bureau, roles: ['supervisor'], scope: city })).username)
  recorder = (await makeUser(db, { org: city, roles: ['head'], scope: city })).id
  stranger = await loginAs(app, (await makeUser(db, { org: await makeOrg(db, { level: 'city' }), roles: ['supervisor'] })).username)
})
after(async () => app.close())

let recorder = ''
const decided = (input: Omit<Parameters<typeof decidedCase>[1], 'recordedBy'>) => decidedCase(db, { ...input, recordedBy: recorder })
const get = (url: string, who: Session) => app.inject({ method: 'GET', url, headers: who.headers })
const post = (url: string, who: Session, payload: object = {}) => app.inject({ method: 'POST', url, headers: who.headers, payload })

test('P-14: a case counts in the year of its deciding action — 31 December in that year, 1 January in the next; a core kind without cases is 0; 收费 only where the agency has it', async () => {
  const y = 2024
  await decided({ agencyId: market.id, kind: '许可', decidedOn: `${y}-12-31` })
  await decided({ agencyId: market.id, kind: '许可', decidedOn: `${y + 1}-01-01` })
  await decided({ agencyId: market.id, kind: '许可', decidedOn: `${y}-01-01` })
  await decided({ agencyId: market.id, kind: '强制-执行', decidedOn: `${y}-06-03` })
  await decided({ agencyId: market.id, kind: '征收征用', decidedOn: `${y}-06-03` })
  await decided({ agencyId: market.id, kind: '征收征用', decidedOn: `${y}-06-04`, data: { category: '征用' } })
  await decided({ agencyId: ecology.id, kind: '收费', decidedOn: `${y - 1}-05-06` })
  // an application not yet decided does not count
  const open = await db.one(`INSERT INTO enforcement_case (agency_id, kind, number, party_kind, party_name, summary)
    VALUES ($1, '许可', 'NB-open', 'organisation', '某某公司', '未决') RETURNING id`, [market.id])
  await db.query(`INSERT INTO case_action (case_id, type, acted_on) VALUES ($1, '申请', $2)`, [open.id, `${y}-03-04`])

  const m = await computeReport(db, market.id, y)
  assert.deepEqual(m.totals, { 许可: 2, 处罚: 0, 强制: 1, 检查: 0, 征收: 1, 征用: 1 })
  assert.deepEqual(m.kinds, ['许可', '处罚', '强制', '检查', '征收', '征用'], 'no 收费: the agency has never had such a case')
  assert.deepEqual((await computeReport(db, market.id, y + 1)).totals, { 许可: 1, 处罚: 0, 强制: 0, 检查: 0, 征收: 0, 征用: 0 })
  // ecology has 收费 (a case in an earlier year), so it reports 收费 as 0 in this one
  assert.deepEqual((await computeReport(db, ecology.id, y)).totals, { 许可: 0, 处罚: 0, 强制: 0, 检查: 0, 征收: 0, 征用: 0, 收费: 0 })
  assert.equal((await computeReport(db, ecology.id, y - 1)).totals.收费, 1)
})

test('P-14: a correction of the deciding action moves the case to the corrected date; the superseded action no longer counts', async () => {
  const { caseId, actionId } = await decided({ agencyId: transport.id, kind: '许可', decidedOn: '2023-12-29' })
  assert.equal((await computeReport(db, transport.id, 2023)).totals.许可, 1)
  await db.query(`INSERT INTO case_action (case_id, type, acted_on, supersedes_id, data, recorded_by) VALUES ($1, '决定', '2024-01-02', $2, '{"reason":"日期笔误"}', $3)`, [caseId, actionId, recorder])
  assert.equal((await computeReport(db, transport.id, 2023)).totals.许可, 0)
  assert.equal((await computeReport(db, transport.id, 2024)).totals.许可, 1)
})

test('P-14: the annual report index equals a direct recount from case_action (live deciding actions only)', async () => {
  assert.equal(await reportIndexMismatches(db), 0)
})

test('P-14: a region sees the sum of its subtree, each child its own; every number lists exactly the cases it counts (keyset pages)', async () => {
  const y = 2022
  const made: Record<string, string[]> = { market: [], ecology: [], transport: [] }
  for (let i = 0; i < 5; i++) made.market!.push((await decided({ agencyId: market.id, kind: '许可', decidedOn: `${y}-03-0${1 + (i % 3)}` })).caseId)
  for (let i = 0; i < 3; i++) made.ecology!.push((await decided({ agencyId: ecology.id, kind: '许可', decidedOn: `${y}-04-01` })).caseId)
  for (let i = 0; i < 2; i++) made.transport!.push((await decided({ agencyId: transport.id, kind: '许可', decidedOn: `${y}-12-31` })).caseId)

  const res = await get(`/api/annual-reports/${city.id}/${y}`, supervisor)
  assert.equal(res.statusCode, 200, res.body)
  const r = res.json()
  assert.equal(r.totals.许可, 10)
  const byName = Object.fromEntries(r.children.map((c: { name: string; totals: { 许可: number } }) => [c.name, c.totals.许可]))
  assert.deepEqual(byName, { 测试县: 8, 测试州交通运输局: 2 })
  for (const k of r.kinds) assert.equal(r.totals[k], r.children.reduce((s: number, c: { totals: Record<string, number> }) => s + (c.totals[k] ?? 0), 0), k)
  const countyReport = (await get(`/api/annual-reports/${county.id}/${y}`, supervisor)).json()
  assert.equal(countyReport.totals.许可, 8)
  assert.equal(countyReport.agencies, 2, 'the 司法局 reports nothing: it is no enforcement body and has no cases')

  // drill-down of the city's 许可 cell, three per page: exactly the ten cases
  const seen: string[] = []
  let after = ''
  for (let page = 0; page < 10; page++) {
    const d = await get(`/api/annual-reports/${city.id}/${y}/cases?kind=${encodeURIComponent('许可')}&limit=3${after ? `&after=${after}` : ''}`, supervisor)
    assert.equal(d.statusCode, 200, d.body)
    seen.push(...d.json().items.map((i: { caseId: string }) => i.caseId))
    if (!d.json().next) break
    after = d.json().next
  }
  assert.deepEqual(seen.sort(), [...made.market!, ...made.ecology!, ...made.transport!].sort())
  const agencyDrill = (await get(`/api/annual-reports/${ecology.id}/${y}/cases?kind=${encodeURIComponent('许可')}`, supervisor)).json()
  assert.deepEqual(agencyDrill.items.map((i: { caseId: string }) => i.caseId).sort(), made.ecology!.sort())
  assert.equal(agencyDrill.next, null)

  assert.equal((await get(`/api/annual-reports/${city.id}/${y}`, stranger)).statusCode, 403)
  assert.equal((await get(`/api/annual-reports/${city.id}/${y}/cases?kind=x`, supervisor)).statusCode, 400)
  assert.equal((await get(`/api/annual-reports/${city.id}/${y}/cases?kind=${encodeURIComponent('许可')}&after=bad`, supervisor)).json().code, 'BAD_CURSOR')
})

test('P-14: 报送 then 公开 by the head; late against 10 and 31 January; a published report is frozen and a recount is a new version with a note', async () => {
  const y = lastYear
  await decided({ agencyId: market.id, kind: '许可', decidedOn: `${y}-07-01` })
  const base = `/api/annual-reports/${market.id}/${y}`
  const draft = (await get(base, head)).json()
  assert.equal(draft.status, 'draft')
  assert.equal(draft.submit.due, `${y + 1}-01-10`)
  assert.equal(draft.publish.due, `${y + 1}-01-31`)

  assert.equal((await post(`${base}/submit`, officer)).statusCode, 403, 'only the head submits')
  assert.equal((await post(`${base}/publish`, head)).json().code, 'REPORT_NOT_SUBMITTED')
  assert.equal((await post(`/api/annual-reports/${county.id}/${y}/submit`, supervisor)).statusCode, 403)
  const thisYear = await post(`/api/annual-reports/${market.id}/${y + 1}/submit`, head)
  assert.equal(thisYear.json().code, 'YEAR_NOT_OVER')

  const submitted = await post(`${base}/submit`, head)
  assert.equal(submitted.statusCode, 201, submitted.body)
  const today = todayInChina()
  assert.equal(submitted.json().late, today > `${y + 1}-01-10`)
  assert.equal(submitted.json().bureauId, bureau.id, 'sent to the 司法局 of the county')
  assert.equal(submitted.json().totals.许可, draft.totals.许可)
  assert.equal((await post(`${base}/submit`, head)).json().code, 'ALREADY_SUBMITTED')

  const published = await post(`${base}/publish`, head)
  assert.equal(published.statusCode, 201, published.body)
  assert.equal(published.json().late, today > `${y + 1}-01-31`)
  assert.equal((await post(`${base}/publish`, head)).json().code, 'ALREADY_PUBLISHED')

  // a new decision of that year changes the computation, not the published numbers
  await decided({ agencyId: market.id, kind: '许可', decidedOn: `${y}-08-01` })
  const after = (await get(base, head)).json()
  assert.equal(after.status, 'published')
  assert.equal(after.changedSinceFrozen, true)
  assert.equal(after.versions[0].totals.许可, draft.totals.许可)
  assert.equal(after.totals.许可, draft.totals.许可 + 1)
  assert.equal((await post(`${base}/submit`, head)).json().code, 'CORRECTION_NOTE_REQUIRED')
  const v2 = await post(`${base}/submit`, head, { note: '补录一件漏报的许可决定' })
  assert.equal(v2.statusCode, 201, v2.body)
  assert.equal(v2.json().version, 2)
  assert.equal((await post(`${base}/publish`, head)).statusCode, 201)
  const final = (await get(base, head)).json()
  assert.deepEqual(final.versions.map((v: { version: number; note: string | null }) => [v.version, v.note]), [[1, null], [2, '补录一件漏报的许可决定']])
  assert.equal(final.versions[0].totals.许可, draft.totals.许可, 'version 1 is kept as published')

  // the database refuses an in-place edit even to a direct UPDATE, and a version 3 without a note
  await assert.rejects(db.query(`UPDATE annual_report_version SET totals = '{"许可": 99}' WHERE id = $1`, [submitted.json().id]))
  await assert.rejects(db.query(`DELETE FROM annual_report_event WHERE version_id = $1`, [submitted.json().id]))
  const reportId = (await db.one('SELECT report_id FROM annual_report_version WHERE id = $1', [submitted.json().id])).report_id
  await assert.rejects(db.query(`INSERT INTO annual_report_version (report_id, version, totals, created_by) SELECT $1, 3, '{}', by_user FROM annual_report_event LIMIT 1`, [reportId]))
  await assert.rejects(db.query(`INSERT INTO annual_report_version (report_id, version, totals, note, created_by) SELECT $1, 3, '{"许可": -1}', '错', by_user FROM annual_report_event LIMIT 1`, [reportId]), /非负整数/)
})
