import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDb, testApp, makeOrg, makeUser, loginAs, uid, dayFromToday } from '../../../test/support.ts'
import { COLUMNS, exportStandardCsv, splitLine } from './import-csv.ts'
import { exportStandardXlsx, tableToXlsx, XLSX_TYPE } from './import-xlsx.ts'
import { SAMPLE_VIOLATION } from './sample.ts'
import { discretionFindings } from './package-findings.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close(); await db.close() })

async function world() {
  const region = await makeOrg(db)
  const agency = await makeOrg(db, { parent: region })
  const other = await makeOrg(db, { parent: region })
  const admin = await loginAs(app, (await makeUser(db, { org: agency, roles: ['admin'] })).username)
  const legal = await loginAs(app, (await makeUser(db, { org: agency, roles: ['reviewer'] })).username)
  const officer = await loginAs(app, (await makeUser(db, { org: agency, roles: ['officer'] })).username)
  const stranger = await loginAs(app, (await makeUser(db, { org: other, roles: ['officer'] })).username)
  const otherAdmin = await loginAs(app, (await makeUser(db, { org: other, roles: ['admin'] })).username)
  return { agency, other, admin, legal, officer, stranger, otherAdmin }
}

const versions = async (agencyId: string) =>
  Number((await db.query(`SELECT count(*)::int AS n FROM discretion_version v JOIN discretion_standard s ON s.id = v.standard_id WHERE s.agency_id = $1`, [agencyId])).rows[0].n)

const importUrl = (agencyId: string, code = 'SCJG-SP') => `/api/discretion/standards/${agencyId}/import?code=${code}&domain=${encodeURIComponent('市场监管')}&title=${encodeURIComponent('食品安全裁量基准')}`

test('D-01: CSV and XLSX imports become draft versions; broken rows are refused row by row and nothing is written', async () => {
  const w = await world()
  const csv = exportStandardCsv([SAMPLE_VIOLATION])
  const r1 = await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.legal.headers, 'content-type': 'text/csv' }, payload: csv })
  assert.equal(r1.statusCode, 201, r1.body)
  assert.deepEqual({ ...(r1.json() as object), standardId: undefined }, { standardId: undefined, version: 1, status: 'draft', violations: 1 })
  const r2 = await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.admin.headers, 'content-type': XLSX_TYPE }, payload: await exportStandardXlsx([SAMPLE_VIOLATION]) })
  assert.equal(r2.statusCode, 201, r2.body)
  assert.equal(r2.json().version, 2)
  assert.equal(r2.json().standardId, r1.json().standardId)

  const good = splitLine(csv.split('\n')[1]!)
  const bad = good.map((c, i) => (i === COLUMNS.indexOf('档次') ? '特重' : i === COLUMNS.indexOf('最低罚款') ? 'abc' : c))
  const before = await versions(w.agency.id)
  const r3 = await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.admin.headers, 'content-type': 'text/csv' }, payload: [COLUMNS.join(','), good.join(','), bad.join(',')].join('\n') })
  assert.equal(r3.statusCode, 422, r3.body)
  assert.equal(r3.json().code, 'DISCRETION_ROWS')
  assert.match(r3.json().message, /未导入/)
  assert.deepEqual(r3.json().details.errors.map((e: any) => [e.row, e.column]), [[3, '档次'], [3, '最低罚款']])
  const r3x = await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.admin.headers, 'content-type': XLSX_TYPE }, payload: await tableToXlsx([[...COLUMNS], good, bad]) })
  assert.equal(r3x.statusCode, 422, r3x.body)
  assert.deepEqual(r3x.json().details.errors, r3.json().details.errors, 'the XLSX is refused row by row as the CSV is')
  const r3z = await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.admin.headers, 'content-type': XLSX_TYPE }, payload: Buffer.from('not a workbook') })
  assert.equal(r3z.statusCode, 400)
  assert.equal(r3z.json().code, 'XLSX_MALFORMED')
  const r4 = await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.admin.headers, 'content-type': 'text/csv' }, payload: 'a,b\n1,2\n' })
  assert.equal(r4.statusCode, 400)
  assert.equal(r4.json().code, 'DISCRETION_HEADER')
  const r5 = await app.inject({ method: 'POST', url: importUrl(w.agency.id, 'NEW-ONE').replace(/&domain=[^&]*/, ''), headers: { ...w.admin.headers, 'content-type': 'text/csv' }, payload: csv })
  assert.equal(r5.statusCode, 422)
  assert.equal(r5.json().code, 'DISCRETION_NEW_STANDARD')
  // D-01: only the agency's administrators and legal staff write its 基准
  for (const who of [w.officer, w.otherAdmin]) {
    const r = await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...who.headers, 'content-type': 'text/csv' }, payload: csv })
    assert.equal(r.statusCode, 403, r.body)
  }
  assert.equal(await versions(w.agency.id), before)
})

test('D-01 / 处罚法34: publish a draft; it cannot be published again; the list shows drafts only to the agency\'s own staff', async () => {
  const w = await world()
  const csv = exportStandardCsv([SAMPLE_VIOLATION])
  const { standardId } = (await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.admin.headers, 'content-type': 'text/csv' }, payload: csv })).json()
  await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.admin.headers, 'content-type': 'text/csv' }, payload: csv })
  const url = `/api/discretion/standards/${standardId}/versions/1/publish`
  const badDate = await app.inject({ method: 'POST', url, headers: w.admin.headers, payload: { effectiveFrom: '2026-13-01' } })
  assert.equal(badDate.statusCode, 400)
  const denied = await app.inject({ method: 'POST', url, headers: w.otherAdmin.headers, payload: { effectiveFrom: dayFromToday(-1) } })
  assert.equal(denied.statusCode, 403)
  const ok = await app.inject({ method: 'POST', url, headers: w.legal.headers, payload: { effectiveFrom: dayFromToday(-1) } })
  assert.equal(ok.statusCode, 200, ok.body)
  assert.equal(ok.json().status, 'published')
  const again = await app.inject({ method: 'POST', url, headers: w.admin.headers, payload: { effectiveFrom: dayFromToday(0) } })
  assert.equal(again.statusCode, 409)
  const missing = await app.inject({ method: 'POST', url: `/api/discretion/standards/${standardId}/versions/9/publish`, headers: w.admin.headers, payload: { effectiveFrom: dayFromToday(0) } })
  assert.equal(missing.statusCode, 404)

  const own = await app.inject({ method: 'GET', url: `/api/discretion/standards?agency=${w.agency.id}`, headers: w.officer.headers })
  assert.equal(own.statusCode, 200, own.body)
  assert.deepEqual(own.json().standards[0].versions.map((v: any) => [v.version, v.status]), [[1, 'published'], [2, 'draft']])
  assert.equal(own.json().standards[0].versions[0].violations[0].tiers.length, 4)
  const outside = await app.inject({ method: 'GET', url: `/api/discretion/standards?agency=${w.agency.id}`, headers: w.stranger.headers })
  assert.deepEqual(outside.json().standards[0].versions.map((v: any) => [v.version, v.status]), [[1, 'published']])
})

test('D-02: the sample standard gives the expected tier and range for given facts, records the version, and an amount outside it is the OUT_OF_RANGE flag', async () => {
  const w = await world()
  const csv = exportStandardCsv([SAMPLE_VIOLATION])
  const { standardId } = (await app.inject({ method: 'POST', url: importUrl(w.agency.id), headers: { ...w.admin.headers, 'content-type': 'text/csv' }, payload: csv })).json()
  const { rows: [c] } = await db.query(
    `INSERT INTO enforcement_case (agency_id, kind, number, party_kind, party_name, summary) VALUES ($1, '检查', $2, 'organisation', '某食品店', '测试') RETURNING id`, [w.agency.id, uid('n')])
  const advise = (body: object, who = w.officer) => app.inject({ method: 'POST', url: `/api/cases/${c.id}/discretion`, headers: who.headers, payload: { standardId, violationCode: 'SP-124-1', ...body } })
  const draftOnly = await advise({ answers: {} })
  assert.equal(draftOnly.statusCode, 404, 'a draft 基准 is not applied')
  await app.inject({ method: 'POST', url: `/api/discretion/standards/${standardId}/versions/1/publish`, headers: w.admin.headers, payload: { effectiveFrom: dayFromToday(-1) } })

  const cases: [object, string, number, number][] = [
    [{}, '一般', 65000, 85000],
    [{ remedied: true }, '从轻', 50000, 65000],
    [{ first_violation: true, remedied: true, goods_value: 1500 }, '减轻', 10000, 50000],
    [{ first_violation: true, remedied: true, goods_value: 2500 }, '从轻', 50000, 65000],
    [{ serious_harm: true }, '从重', 85000, 100000],
  ]
  for (const [answers, tier, min, max] of cases) {
    const r = await advise({ answers })
    assert.equal(r.statusCode, 201, r.body)
    assert.deepEqual([r.json().tier, r.json().range, r.json().version, r.json().outOfRange], [tier, { min, max }, 1, false], JSON.stringify(answers))
  }
  const out = await advise({ answers: { remedied: true }, proposedAmount: 80000 })
  assert.equal(out.statusCode, 201)
  assert.equal(out.json().outOfRange, true)
  assert.match(out.json().reason, /从轻/)
  const codes = (await discretionFindings(db, c.id)).map((f) => f.code)
  assert.ok(codes.includes('OUT_OF_RANGE'), 'the review package shows the flag')
  const inside = await advise({ answers: { remedied: true }, proposedAmount: 60000 })
  assert.equal(inside.json().outOfRange, false)
  assert.ok(!(await discretionFindings(db, c.id)).some((f) => f.code === 'OUT_OF_RANGE'))

  const history = await app.inject({ method: 'GET', url: `/api/cases/${c.id}/discretion`, headers: w.officer.headers })
  assert.equal(history.statusCode, 200, history.body)
  assert.equal(history.json().records.length, cases.length + 2)
  assert.ok(history.json().records.every((r: any) => r.version === 1 && r.standardId === standardId))

  const before = history.json().records.length
  for (const [body, status] of [
    [{ answers: {}, violationCode: 'NOPE' }, 422],
    [{ answers: { 'Bad-Key': true } }, 400],
    [{ answers: {}, proposedAmount: -1 }, 400],
  ] as const) assert.equal((await advise(body)).statusCode, status, JSON.stringify(body))
  assert.equal((await advise({ answers: {} }, w.stranger)).statusCode, 403)
  assert.equal((await advise({ answers: {} }, w.legal)).statusCode, 403, 'only an officer of the case')
  const n = (await db.query(`SELECT count(*)::int AS n FROM case_discretion WHERE case_id = $1`, [c.id])).rows[0].n
  assert.equal(Number(n), before)
})
