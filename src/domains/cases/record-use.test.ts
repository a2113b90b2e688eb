import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, loginAs, type Session, dayFromToday } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { SAMPLE } from './record-access/test-world.ts'

const db = testDb()
let app: FastifyInstance
let officer: Session
let head: Session
let supervisor: Session
let stranger: Session
let agencyId: string
let persons: string[]

const day = dayFromToday

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'county' })
  const agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const bureau = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  agencyId = agency.id
  officer = await loginAs(app, (await makeUser(db, { org: agency, roles: ['officer', 'head'] })).username)
  head = await loginAs(app, (await makeUser(db, { org: agency, roles: ['head'] })).username)
  supervisor = await loginAs(app, (await makeUser(db, { org: bureau, roles: ['supervisor'], scope: region })).username)
  const elsewhere = await makeOrg(db, { level: 'county' })
  stranger = await loginAs(app, (await makeUser(db, { org: elsewhere, roles: ['supervisor'] })).username)
  persons = [await insertPerson(db, agency.id), await insertPerson(db, agency.id)]
  for (const id of persons) await insertCertificate(db, id)
})
after(async () => app.close())

async function post(url: string, payload: unknown, who = officer) {
  const res = await app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object })
  assert.equal(res.statusCode, 201, `${url}: ${res.body}`)
  return res.json() as { id: string }
}
const get = async (url: string, who = head) => app.inject({ method: 'GET', url, headers: who.headers })

async function investigatedCase(lead: number, filed: number) {
  const c = await post('/api/cases', { kind: '处罚-普通', partyKind: 'organisation', partyName: '某某超市', summary: '销售过期食品' })
  await post(`/api/cases/${c.id}/actions`, { type: '案源登记', actedOn: day(lead) })
  await post(`/api/cases/${c.id}/actions`, { type: '核查', actedOn: day(lead) })
  await post(`/api/cases/${c.id}/actions`, { type: '立案', actedOn: day(filed) })
  return c.id
}

test('R-12: on-site acts without a photo, audio or video record are counted per stage and listed behind the number', async () => {
  const caseId = await investigatedCase(-3, -3)
  const recorded = await post(`/api/cases/${caseId}/actions`, { type: '调查取证', actedOn: day(-2), officers: persons })
  const bare = await post(`/api/cases/${caseId}/actions`, { type: '调查取证', actedOn: day(-1), officers: persons })
  const paperOnly = await post(`/api/cases/${caseId}/actions`, { type: '调查取证', actedOn: day(-1), officers: persons })
  const photo = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments?actionId=${recorded.id}`,
    headers: { ...officer.headers, 'content-type': 'image/jpeg' },
    payload: SAMPLE.jpeg,
  })
  assert.equal(photo.statusCode, 201, photo.body)
  // a scanned paper record is not an audio-visual record
  const scan = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments?actionId=${paperOnly.id}`,
    headers: { ...officer.headers, 'content-type': 'application/pdf' },
    payload: SAMPLE.pdf,
  })
  assert.equal(scan.statusCode, 201, scan.body)

  const period = `agencyId=${agencyId}&from=${day(-30)}&to=${day(0)}`
  const report = await get(`/api/record-use?${period}`)
  assert.equal(report.statusCode, 200, report.body)
  const stage = report.json().stages.find((s: { type: string }) => s.type === '调查取证')
  assert.deepEqual(stage, { kind: '处罚-普通', type: '调查取证', actions: 3, withRecord: 1, withoutRecord: 2, missingShare: 0.6667 })
  // 立案 is not an on-site act, so it is not expected to carry a recording
  assert.ok(!report.json().stages.some((s: { type: string }) => s.type === '立案'))

  const drill = await get(`/api/record-use/actions-without-record?${period}&kind=${encodeURIComponent('处罚-普通')}&type=${encodeURIComponent('调查取证')}`)
  assert.equal(drill.statusCode, 200, drill.body)
  assert.deepEqual(drill.json().items.map((i: { actionId: string }) => i.actionId).sort(), [bare.id, paperOnly.id].sort())
  assert.equal(drill.json().items.length, stage.withoutRecord)

  // the supervisor of the region sees the same; one of another region is refused
  assert.equal((await get(`/api/record-use?${period}`, supervisor)).json().stages.find((s: { type: string }) => s.type === '调查取证').actions, 3)
  assert.equal((await get(`/api/record-use?${period}`, stranger)).statusCode, 403)
  assert.equal((await get(`/api/record-use?from=${day(0)}&to=${day(-1)}`)).json().code, 'BAD_PERIOD')
})

test('R-12 / R-03: officers whose cases have deadlines met late are counted, and the count lists its deadlines', async () => {
  // 市场监管程序规定18: 立案 within 15 working days of the lead; here about 40 days later
  const late = await investigatedCase(-70, -30)
  await post(`/api/cases/${late}/actions`, { type: '调查取证', actedOn: day(-29), officers: persons })
  const onTime = await investigatedCase(-5, -4)
  await post(`/api/cases/${onTime}/actions`, { type: '调查取证', actedOn: day(-3), officers: persons })

  const period = `agencyId=${agencyId}&from=${day(-100)}&to=${day(0)}`
  const report = await get(`/api/record-use?${period}`)
  assert.equal(report.statusCode, 200, report.body)
  const row = report.json().officers.find((o: { personId: string }) => o.personId === persons[0])
  assert.ok(row, report.body)
  assert.equal(row.metLate, 1)
  assert.equal(row.overdueOpen, 0)

  const drill = await get(`/api/record-use/officer-deadlines?${period}&personId=${persons[0]}`)
  assert.equal(drill.statusCode, 200, drill.body)
  assert.equal(drill.json().items.length, row.metLate + row.overdueOpen)
  const item = drill.json().items[0]
  assert.equal(item.caseId, late)
  assert.equal(item.ruleId, 'lead-check')
  assert.equal(item.metOn, day(-30))
  assert.ok(item.due < item.metOn)
  assert.match(item.statute, /第十八条/)
})
