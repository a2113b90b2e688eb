// N-02 / R-01 / R-02: recording an action takes the direct path (fewer trips, the insert's
// triggers holding 回避 and the certified officers); these tests pin that it answers what the
// full checks answer: the same action, and for a refusal the same {code, message, details},
// with nothing written.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { day, makeCaseWorld, type CaseWorld } from './approvals.test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app, 3)
})
after(async () => app.close())

async function openedCase() {
  const c = await w.newCase()
  await w.ok(c.id, { type: '案源登记', actedOn: day(-6), data: { violationDate: day(-8) } })
  await w.ok(c.id, { type: '核查', actedOn: day(-6) })
  await w.ok(c.id, { type: '立案', actedOn: day(-5) }, w.head)
  return c
}

const written = async (caseId: string) => ({
  actions: (await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1`, [caseId])).n as number,
  audits: (await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action LIKE 'case.action.%' AND detail->>'caseId' = $1`, [caseId])).n as number,
  queued: (await db.one(`SELECT count(*)::int AS n FROM ledger_queue q WHERE q.kind = 'case_action' AND q.content->>'case_id' = $1`, [caseId])).n as number,
})

test('N-02 R-01: the recorded action answered is the one the case then lists, its deadlines and audit event written with it', async () => {
  const c = await openedCase()
  const res = await w.act(c.id, { type: '调查取证', actedOn: day(-4), officers: w.people.slice(0, 2), data: { note: '现场检查' } })
  assert.equal(res.statusCode, 201, res.body)
  const answered = res.json()
  const detail = await w.get(`/api/cases/${c.id}`, w.officer)
  const listed = detail.json().actions.find((a: { id: string }) => a.id === answered.id)
  assert.deepEqual(answered, listed)
  assert.deepEqual(answered.officers, w.people.slice(0, 2))
  assert.equal(answered.supersededBy, null)
  assert.equal(detail.json().stage, '调查取证')
  // R-03: the deadlines of the case were recomputed in the same transaction (立案 starts 处罚法60's 90 days)
  const rules = (await db.many(`SELECT rule_id FROM case_deadline WHERE case_id = $1 ORDER BY rule_id`, [c.id])).map((r) => r.rule_id)
  assert.ok(rules.includes('penalty-decision'), rules.join())
  const audit = await db.one(`SELECT action, entity_id, org_id FROM audit_event WHERE entity = 'case_action' AND entity_id = $1`, [answered.id])
  assert.equal(audit.action, 'case.action.record')
  assert.equal(audit.org_id, w.agency.id)
})

test('N-02 R-02: a correction on the direct path answers its supersedesId, and the corrected action names it', async () => {
  const c = await openedCase()
  const first = await w.ok(c.id, { type: '调查取证', actedOn: day(-4), officers: w.people.slice(0, 2), data: { note: '初记' } })
  const fix = await w.act(c.id, { type: '调查取证', actedOn: day(-4), officers: w.people.slice(0, 2), data: { note: '更正' }, supersedesId: first.id })
  assert.equal(fix.statusCode, 201, fix.body)
  assert.equal(fix.json().supersedesId, first.id)
  const actions = (await w.get(`/api/cases/${c.id}`, w.officer)).json().actions
  assert.equal(actions.find((a: { id: string }) => a.id === first.id).supersededBy, fix.json().id)
  assert.equal((await db.one(`SELECT action FROM audit_event WHERE entity_id = $1`, [fix.json().id])).action, 'case.action.correct')
})

test('R-02 处罚法42: an on-site act with an officer whose certificate expired is refused with the per-person details, nothing written', async () => {
  const c = await openedCase()
  const expired = await insertPerson(db, w.agency.id)
  await insertCertificate(db, expired, { validFrom: day(-400), validTo: day(-30) })
  const before = await written(c.id)
  const res = await w.act(c.id, { type: '调查取证', actedOn: day(-4), officers: [w.people[0], expired] })
  assert.equal(res.statusCode, 422, res.body)
  assert.equal(res.json().code, 'ACTING_OFFICERS')
  assert.deepEqual(res.json().details.map((d: { personId: string }) => d.personId), [expired])
  assert.deepEqual(await written(c.id), before)
})

test('R-01 处罚法43: a recused officer named on the direct path is refused as RECUSED, nothing written', async () => {
  const c = await openedCase()
  const [a, b, c3] = w.people as [string, string, string]
  const declared = await w.post(`/api/cases/${c.id}/recusals`, { personId: a, source: 'declared', grounds: '当事人系其亲属', appliedOn: day(-5) }, w.head)
  assert.equal(declared.statusCode, 201, declared.body)
  const before = await written(c.id)
  const res = await w.act(c.id, { type: '调查取证', actedOn: day(-4), officers: [a, b] })
  assert.equal(res.statusCode, 422, res.body)
  assert.equal(res.json().code, 'RECUSED')
  assert.match(res.json().message, /已回避本案/)
  assert.deepEqual(await written(c.id), before)
  await w.ok(c.id, { type: '调查取证', actedOn: day(-4), officers: [b, c3] })
})

test('F-05: an officer outside the recorder\'s scope is refused (403) before anything is written', async () => {
  const c = await openedCase()
  const elsewhere = await makeOtherAgencyOfficer()
  const before = await written(c.id)
  const res = await w.act(c.id, { type: '调查取证', actedOn: day(-4), officers: [w.people[0], elsewhere] })
  assert.equal(res.statusCode, 403, res.body)
  assert.deepEqual(await written(c.id), before)
})

async function makeOtherAgencyOfficer(): Promise<string> {
  const { makeOrg } = await import('../../../test/support.ts')
  const region = await makeOrg(db, { level: 'county' })
  const other = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const id = await insertPerson(db, other.id)
  await insertCertificate(db, id)
  return id
}
