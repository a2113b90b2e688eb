import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { day, makeCaseWorld, type CaseWorld, type Member } from '../cases/approvals.test-world.ts'
import { passReview } from './gate.test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld
let reviewer: Member

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
  reviewer = await w.member(['reviewer'])
})
after(async () => app.close())

const proposal = { decision: '罚款五千元', penalties: ['罚款'], fineAmount: 5000, basis: '食品安全法第一百二十二条', facts: '无证经营', reason: '情节一般' }
const findings = async () => (await db.many<{ code: string }>(`SELECT code FROM review_checklist_point ORDER BY sort`)).map((p) => ({ point: p.code, finding: '符合' }))

/** A 普通程序 case up to 告知, the party waiving 陈述申辩, so only the review stands before 决定. */
async function caseBeforeDecision() {
  const c = await w.newCase()
  await w.ok(c.id, { type: '案源登记', actedOn: day(-10) })
  await w.ok(c.id, { type: '核查', actedOn: day(-9) })
  await w.ok(c.id, { type: '立案', actedOn: day(-8) }, w.head)
  await w.ok(c.id, { type: '调查取证', actedOn: day(-7), officers: w.people.slice(0, 2) })
  await w.ok(c.id, { type: '案件审核', actedOn: day(-6) })
  await w.ok(c.id, { type: '告知', actedOn: day(-5) })
  await w.ok(c.id, { type: '放弃陈述申辩', actedOn: day(-5) })
  return c
}

/** A 许可 case up to 审查. */
async function permitBeforeDecision() {
  const c = await w.newCase('许可')
  await w.ok(c.id, { type: '申请', actedOn: day(-6) })
  await w.ok(c.id, { type: '受理', actedOn: day(-5) })
  await w.ok(c.id, { type: '审查', actedOn: day(-4) })
  return c
}

const decisionSql = (caseId: string, data: Record<string, unknown> = {}, type = '决定') =>
  db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) SELECT id, kind, $2, $3, $4, $5 FROM enforcement_case WHERE id = $1`,
    [caseId, type, day(0), JSON.stringify(data), w.head.id])

test('L-01 L-02 处罚法58: a 普通程序 decision is refused until the latest round passes (暂不同意 -> resubmit -> 同意), by the API', async () => {
  const c = await caseBeforeDecision()
  const need = await w.get(`/api/cases/${c.id}/review-need`, w.officer)
  assert.equal(need.statusCode, 200, need.body)
  assert.equal(need.json().needed, true)
  assert.ok(need.json().rules.some((r: { code: string; source: string }) => r.code === 'CF-PT' && r.source === 's002 §12(1)'))

  const refused = await w.act(c.id, { type: '决定', actedOn: day(0), data: { result: '罚款五千元' } }, w.head)
  assert.equal(refused.statusCode, 422)
  assert.equal(refused.json().code, 'REVIEW_NOT_PASSED')
  assert.match(refused.json().message, /CF-PT 普通程序作出的行政处罚决定.*不得作出决定/)

  const id = (await w.post(`/api/cases/${c.id}/reviews`, { proposal, statement: '拟罚款' }, w.officer)).json().id as string
  assert.equal((await w.act(c.id, { type: '决定', actedOn: day(0) }, w.head)).json().code, 'REVIEW_NOT_PASSED')
  const back = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '暂不同意', reasons: '证据不足', findings: await findings() }, reviewer)
  assert.equal(back.statusCode, 201, back.body)
  assert.equal((await w.act(c.id, { type: '决定', actedOn: day(0) }, w.head)).json().code, 'REVIEW_NOT_PASSED')
  assert.equal((await w.post(`/api/reviews/${id}/rounds`, { answer: '已补充证据' }, w.officer)).statusCode, 201)
  assert.equal((await w.act(c.id, { type: '决定', actedOn: day(0) }, w.head)).json().code, 'REVIEW_NOT_PASSED')
  const ok = await w.post(`/api/reviews/${id}/rounds/2/opinion`, { kind: '同意', findings: await findings() }, reviewer)
  assert.equal(ok.statusCode, 201, ok.body)
  await w.ok(c.id, { type: '决定', actedOn: day(0), data: { result: '罚款五千元' } }, w.head)
  // the review names the catalogue entries that made it necessary
  const detail = await w.get(`/api/reviews/${id}`, w.officer)
  assert.ok(detail.json().needRules.some((r: { code: string; id: string }) => r.code === 'CF-PT' && r.id), detail.body)
})

test('L-01: the database refuses the decision as the app role with the same code and message as the API; it lets it pass once the review passed', async () => {
  const c = await caseBeforeDecision()
  const api = (await w.act(c.id, { type: '决定', actedOn: day(0) }, w.head)).json()
  await assert.rejects(decisionSql(c.id), (e: { hint?: string; message?: string }) => {
    assert.equal(e.hint, 'REVIEW_NOT_PASSED')
    assert.equal(e.message, api.message)
    return true
  })
  // submitted, the open round keeps the gate shut; a passing opinion opens it
  const id = (await w.post(`/api/cases/${c.id}/reviews`, { proposal, statement: '拟罚款' }, w.officer)).json().id as string
  await assert.rejects(decisionSql(c.id), (e: { hint?: string }) => e.hint === 'REVIEW_NOT_PASSED')
  assert.equal((await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings: await findings() }, reviewer)).statusCode, 201)
  await decisionSql(c.id)
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1 AND type = '决定'`, [c.id])).n, 1)
})

test('L-01 L-02: a 许可 decision needs review only when the catalogue matches it (不予许可), or once an officer sent the case for review', async () => {
  const granted = await permitBeforeDecision()
  const need = (await w.get(`/api/cases/${granted.id}/review-need`, w.officer)).json()
  assert.deepEqual(need, { needed: false, rules: [] })
  await w.ok(granted.id, { type: '决定', actedOn: day(-3), data: { granted: true } }, w.head)

  const refusedPermit = await permitBeforeDecision()
  const res = await w.act(refusedPermit.id, { type: '决定', actedOn: day(-3), data: { granted: false } }, w.head)
  assert.equal(res.json().code, 'REVIEW_NOT_PASSED')
  assert.match(res.json().message, /XK-BY/)
  await assert.rejects(decisionSql(refusedPermit.id, { granted: false }), (e: { hint?: string; message?: string }) => e.hint === 'REVIEW_NOT_PASSED' && e.message === res.json().message)
  await passReview(db, refusedPermit.id)
  await w.ok(refusedPermit.id, { type: '决定', actedOn: day(-3), data: { granted: false } }, w.head)

  // L-02: an officer may send any case; once sent, its decision waits for the review to pass
  const voluntary = await permitBeforeDecision()
  const sent = await w.post(`/api/cases/${voluntary.id}/reviews`, { proposal: { ...proposal, penalties: [] }, statement: '案情复杂，主动送审', flags: ['案件情况疑难复杂、涉及多个法律关系'] }, w.officer)
  assert.equal(sent.statusCode, 201, sent.body)
  const after = (await w.get(`/api/cases/${voluntary.id}/review-need`, w.officer)).json()
  assert.deepEqual(after.rules.map((r: { code: string }) => r.code), ['TY-YN'])
  const waiting = await w.act(voluntary.id, { type: '决定', actedOn: day(-3), data: { granted: true } }, w.head)
  assert.equal(waiting.json().code, 'REVIEW_NOT_PASSED')
  const ok = await w.post(`/api/reviews/${sent.json().id}/rounds/1/opinion`, { kind: '同意', findings: await findings() }, reviewer)
  assert.equal(ok.statusCode, 201, ok.body)
  await w.ok(voluntary.id, { type: '决定', actedOn: day(-3), data: { granted: true } }, w.head)
})

test('L-01: the gate applies to the 决定 stage of every kind (强制执行决定 with 查封), not to other actions', async () => {
  const c = await w.newCase('强制-执行')
  await w.ok(c.id, { type: '催告', actedOn: day(-3) })
  const res = await w.act(c.id, { type: '强制执行决定', actedOn: day(-2), data: { measure: '查封' } }, w.head)
  assert.equal(res.json().code, 'REVIEW_NOT_PASSED')
  assert.match(res.json().message, /QZ-ZD/)
  await passReview(db, c.id)
  await w.ok(c.id, { type: '强制执行决定', actedOn: day(-2), data: { measure: '查封' } }, w.head)
})

test('L-02: an administrator adds an agency rule and its versions; the gate and the published catalogue follow; others are refused and nothing changes', async () => {
  const admin = await w.member(['admin'])
  const rule = { code: 'A-DUO', title: '当事人三人以上的行政许可', source: '本机关重大执法决定法制审核目录', condition: { kinds: ['许可'], partiesAtLeast: 3 }, effectiveFrom: day(-30) }
  const byOfficer = await w.post(`/api/review-catalogue/${w.agency.id}/rules`, rule, w.officer)
  assert.equal(byOfficer.statusCode, 403)
  const taken = await w.post(`/api/review-catalogue/${w.agency.id}/rules`, { ...rule, code: 'CF-PT' }, admin)
  assert.equal(taken.json().code, 'CATALOGUE_CODE_TAKEN')
  const empty = await w.post(`/api/review-catalogue/${w.agency.id}/rules`, { ...rule, condition: {} }, admin)
  assert.equal(empty.statusCode, 400)
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM review_catalogue_rule WHERE agency_id = $1`, [w.agency.id])).n, 0)

  const v1 = await w.post(`/api/review-catalogue/${w.agency.id}/rules`, rule, admin)
  assert.equal(v1.statusCode, 201, v1.body)
  assert.equal(v1.json().version, 1)
  const published = (await w.get(`/api/review-catalogue?agency=${w.agency.id}`, w.officer)).json().rules as { code: string; scope: string }[]
  assert.ok(published.some((r) => r.code === 'A-DUO' && r.scope === '本机关'))
  assert.ok(published.some((r) => r.code === 'CF-PT' && r.scope === '全国默认'))

  const many = await permitBeforeDecision()
  const res = await w.act(many.id, { type: '决定', actedOn: day(-3), data: { granted: true, partyCount: 3 } }, w.head)
  assert.equal(res.json().code, 'REVIEW_NOT_PASSED')
  assert.match(res.json().message, /A-DUO 当事人三人以上的行政许可/)

  // version 2 ends the rule as of yesterday: no longer in force, the decision may be made
  const v2 = await w.post(`/api/review-catalogue/${w.agency.id}/rules`, { ...rule, effectiveFrom: day(-10), effectiveTo: day(-1) }, admin)
  assert.equal(v2.json().version, 2)
  assert.ok(!(await w.get(`/api/review-catalogue?agency=${w.agency.id}`, w.officer)).json().rules.some((r: { code: string }) => r.code === 'A-DUO'))
  await w.ok(many.id, { type: '决定', actedOn: day(-3), data: { granted: true, partyCount: 3 } }, w.head)

  // the database numbers versions itself and keeps them
  await assert.rejects(
    db.query(`INSERT INTO review_catalogue_rule (agency_id, code, version, title, source, condition, effective_from) VALUES ($1, 'A-DUO', 5, 't', 's', '{"kinds": ["许可"]}', current_date)`, [w.agency.id]),
    (e: { hint?: string }) => e.hint === 'CATALOGUE_VERSION',
  )
  await assert.rejects(db.query(`UPDATE review_catalogue_rule SET title = 'x' WHERE agency_id = $1`, [w.agency.id]))
  await assert.rejects(db.query(`INSERT INTO review_catalogue_rule (code, version, title, source, condition, effective_from) VALUES ('X-BAD', 1, 't', 's', '{"kinds": []}', current_date)`))
})
