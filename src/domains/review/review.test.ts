import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { day, makeCaseWorld, type CaseWorld, type Member } from '../cases/approvals.test-world.ts'

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

/** A 普通程序 case up to 告知. */
async function noticedCase() {
  const c = await w.newCase()
  await w.ok(c.id, { type: '案源登记', actedOn: day(-10) })
  await w.ok(c.id, { type: '核查', actedOn: day(-9) })
  await w.ok(c.id, { type: '立案', actedOn: day(-8) }, w.head)
  await w.ok(c.id, { type: '调查取证', actedOn: day(-7), officers: w.people.slice(0, 2) })
  await w.ok(c.id, { type: '案件审核', actedOn: day(-6) })
  await w.ok(c.id, { type: '告知', actedOn: day(-5) })
  return c
}

const allFindings = async () =>
  (await db.many<{ code: string }>(`SELECT code FROM review_checklist_point ORDER BY sort`)).map((p) => ({ point: p.code, finding: '符合' }))

test('L-03 L-04 L-05: 暂不同意 -> answer -> resubmit -> 同意 records the passed 法制审核; both rounds kept; bad opinions refused', async () => {
  const c = await noticedCase()
  const incomplete = await w.post(`/api/cases/${c.id}/reviews`, { proposal: { ...proposal, basis: '' }, statement: '情况说明' }, w.officer)
  assert.equal(incomplete.statusCode, 422)
  assert.equal(incomplete.json().code, 'PACKAGE_INCOMPLETE')
  assert.deepEqual(incomplete.json().details.missing, ['法律依据'])

  const sub = await w.post(`/api/cases/${c.id}/reviews`, { proposal, statement: '拟罚款', flags: [] }, w.officer)
  assert.equal(sub.statusCode, 201, sub.body)
  const id = sub.json().id as string
  const findings = await allFindings()

  // L-04: every checklist point needs a finding
  const partial = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings: findings.slice(1) }, reviewer)
  assert.equal(partial.json().code, 'REVIEW_CHECKLIST_INCOMPLETE')
  // L-05: 暂不同意 needs reasons
  const noReason = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '暂不同意', reasons: '', findings }, reviewer)
  assert.equal(noReason.json().code, 'REVIEW_REASONS_REQUIRED')
  // only a reviewer
  const byOfficer = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings }, w.officer)
  assert.equal(byOfficer.statusCode, 403)

  const back = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '暂不同意', reasons: '证据不足', findings }, reviewer)
  assert.equal(back.statusCode, 201, back.body)
  const again = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings }, reviewer)
  assert.equal(again.json().code, 'ROUND_CLOSED')
  const noAnswer = await w.post(`/api/reviews/${id}/rounds`, { answer: ' ' }, w.officer)
  assert.equal(noAnswer.json().code, 'ANSWER_REQUIRED')
  const re = await w.post(`/api/reviews/${id}/rounds`, { answer: '已补充证据' }, w.officer)
  assert.equal(re.statusCode, 201, re.body)
  assert.equal(re.json().round, 2)
  const closed = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings }, reviewer)
  assert.equal(closed.json().code, 'ROUND_CLOSED')

  const ok = await w.post(`/api/reviews/${id}/rounds/2/opinion`, { kind: '同意', findings }, reviewer)
  assert.equal(ok.statusCode, 201, ok.body)
  const action = await db.one(`SELECT data FROM case_action WHERE case_id = $1 AND type = '法制审核'`, [c.id])
  assert.equal(action.data.passed, true)
  assert.equal(action.data.reviewId, id)
  const notIn = await w.post(`/api/reviews/${id}/rounds/2/opinion`, { kind: '同意', findings }, reviewer)
  assert.equal(notIn.json().code, 'NOT_IN_REVIEW')

  const detail = await w.get(`/api/reviews/${id}`, w.officer)
  assert.equal(detail.statusCode, 200, detail.body)
  assert.equal(detail.json().status, '已通过')
  assert.deepEqual(detail.json().rounds.map((r: { n: number; opinion: { kind: string } }) => [r.n, r.opinion.kind]), [[1, '暂不同意'], [2, '同意']])
  assert.equal(detail.json().checklist.length, 11)
  const queue = await w.get(`/api/reviews?queue=mine`, reviewer)
  assert.equal(queue.statusCode, 200, queue.body)
  assert.ok(queue.json().items.some((i: { id: string; status: string }) => i.id === id && i.status === '已通过'))
})

test('L-05: the database refuses an opinion without reasons or without every checklist point, and a change of a round (direct SQL as the app role)', async () => {
  const c = await noticedCase()
  const id = (await w.post(`/api/cases/${c.id}/reviews`, { proposal, statement: '说明' }, w.officer)).json().id as string
  const round = await db.one(`SELECT id FROM legal_review_round WHERE review_id = $1`, [id])
  await assert.rejects(
    db.query(`INSERT INTO legal_review_opinion (round_id, kind, reasons, findings, given_by) VALUES ($1, '不同意', '', '[]', $2)`, [round.id, reviewer.id]),
    (e: { hint?: string }) => e.hint === 'REVIEW_REASONS_REQUIRED',
  )
  await assert.rejects(
    db.query(`INSERT INTO legal_review_opinion (round_id, kind, reasons, findings, given_by) VALUES ($1, '同意', '', '[]', $2)`, [round.id, reviewer.id]),
    (e: { hint?: string }) => e.hint === 'REVIEW_CHECKLIST_INCOMPLETE',
  )
  await assert.rejects(db.query(`UPDATE legal_review_round SET answer = 'x' WHERE id = $1`, [round.id]))
})

test('L-06: due in 3 working days on the F-04 calendar across 国庆, 10 where the agency sets review.workingDays', async () => {
  const { reviewDue } = await import('./review.ts')
  const due = await reviewDue(db, w.agency.id, '2025-09-30')
  // 10月1日至8日放假, not counted; 10月9日、10日 and the worked Saturday 10月11日 (调休) are the three days
  assert.equal(due, '2025-10-11')
  assert.equal(due, await reviewDue(db, w.agency.id, '2025-09-30'))
  const other = await makeCaseWorld(db, app, 0)
  await db.query(`INSERT INTO setting (org_id, key, value) VALUES ($1, 'review.workingDays', '10')`, [other.agency.id])
  const longer = await reviewDue(db, other.agency.id, '2025-09-30')
  assert.ok(longer > due, `${longer} > ${due}`)
})

test('L-10: a supervisor in scope reads a review but writes nothing; a reviewer out of scope is refused and nothing changes', async () => {
  const { makeOrg, makeUser, loginAs } = await import('../../../test/support.ts')
  const c = await noticedCase()
  const id = (await w.post(`/api/cases/${c.id}/reviews`, { proposal, statement: '说明' }, w.officer)).json().id as string
  const region = await db.one<{ id: string; path: string; code: string; name: string }>(
    `SELECT p.id, p.path, p.code, p.name FROM org_node a JOIN org_node p ON p.id = a.parent_id WHERE a.id = $1`, [w.agency.id])
  const sup = await makeUser(db, { org: region, roles: ['supervisor'] })
  const supervisor = { id: sup.id, session: await loginAs(app, sup.username), personId: null }
  const read = await w.get(`/api/reviews/${id}`, supervisor)
  assert.equal(read.statusCode, 200, read.body)
  const findings = await allFindings()
  const write = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings }, supervisor)
  assert.equal(write.statusCode, 403)
  const elsewhere = await makeOrg(db, { level: 'county' })
  const outsider = await w.member(['reviewer'], await makeOrg(db, { parent: elsewhere, kind: 'agency', level: 'county' }))
  const refused = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings }, outsider)
  assert.equal(refused.statusCode, 403)
  assert.ok(refused.json().message)
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM legal_review_opinion o JOIN legal_review_round x ON x.id = o.round_id WHERE x.review_id = $1`, [id])).n, 0)
})

test('L-09: a review sent to the 司法局 of the agency’s government is in its reviewers’ queue and reviewed there with the same rounds; the agency’s own reviewers no longer give the opinion', async () => {
  const { makeReviewWorld } = await import('./review.test-world.ts')
  const { makeOrg } = await import('../../../test/support.ts')
  const rw = await makeReviewWorld(db, app)
  const region = await db.one<{ id: string; path: string; code: string; name: string }>(
    `SELECT p.id, p.path, p.code, p.name FROM org_node a JOIN org_node p ON p.id = a.parent_id WHERE a.id = $1`, [rw.agency.id])
  const bureau = await makeOrg(db, { parent: region, kind: 'agency', level: 'county', name: `司法局${region.code}` })
  const admin = await rw.member(['admin'], region)
  const registered = await rw.post('/api/justice-bureaus', { orgId: bureau.id }, admin)
  assert.equal(registered.statusCode, 201, registered.body)
  assert.equal((await rw.post('/api/justice-bureaus', { orgId: bureau.id }, admin)).json().code, 'BUREAU_EXISTS')
  const farRegion = await makeOrg(db, { level: 'county' })
  const far = await makeOrg(db, { parent: farRegion, kind: 'agency', level: 'county' })
  assert.equal((await rw.post('/api/justice-bureaus', { orgId: far.id }, await rw.member(['admin'], farRegion))).statusCode, 201)

  const c = await rw.noticedCase()
  const id = await rw.submit(c.id)
  const own = await rw.reviewer()
  const bureauReviewer = await rw.reviewer({ org: bureau })
  const bureauHead = await rw.member(['head'], bureau)
  const bureaus = (await rw.get(`/api/reviews/${id}/bureaus`, rw.officer)).json().items as { orgId: string }[]
  assert.deepEqual(bureaus.map((b) => b.orgId), [bureau.id])

  assert.equal((await rw.post(`/api/reviews/${id}/referral`, { bureauId: bureau.id, reason: '以县人民政府名义作出' }, rw.officer)).statusCode, 403)
  assert.equal((await rw.post(`/api/reviews/${id}/referral`, { bureauId: far.id, reason: '以县人民政府名义作出' }, rw.head)).json().code, 'REFERRAL_BUREAU')
  assert.equal((await rw.post(`/api/reviews/${id}/referral`, { bureauId: bureau.id, reason: ' ' }, rw.head)).json().code, 'REFERRAL_REASON_REQUIRED')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM legal_review_referral WHERE review_id = $1`, [id])).n, 0)
  const referred = await rw.post(`/api/reviews/${id}/referral`, { bureauId: bureau.id, reason: '以县人民政府名义作出的重大执法决定' }, rw.head)
  assert.equal(referred.statusCode, 201, referred.body)
  assert.equal((await rw.post(`/api/reviews/${id}/referral`, { bureauId: bureau.id, reason: '再次' }, rw.head)).json().code, 'REVIEW_REFERRED')

  // the bureau's queue and candidates; the agency's reviewer is out
  const queue = (await rw.get('/api/reviews?queue=mine', bureauReviewer)).json().items as { id: string }[]
  assert.ok(queue.some((i) => i.id === id))
  const findings = await rw.findings()
  assert.equal((await rw.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings }, own)).statusCode, 403)
  const candidates = (await rw.get(`/api/reviews/${id}/candidates`, bureauHead)).json().items as { personId: string }[]
  assert.ok(candidates.some((x) => x.personId === bureauReviewer.personId) && !candidates.some((x) => x.personId === own.personId))
  await rw.assign(id, bureauReviewer.personId, bureauHead)

  // the same rounds: 暂不同意, answer and resubmission by the handling unit, 同意 records the passed 法制审核 in the case
  await rw.opinion(id, 1, '暂不同意', bureauReviewer, '需补充听证告知')
  assert.equal((await rw.post(`/api/reviews/${id}/rounds`, { answer: '已补充' }, rw.officer)).statusCode, 201)
  await rw.opinion(id, 2, '同意', bureauReviewer)
  const action = await db.one(`SELECT data FROM case_action WHERE case_id = $1 AND type = '法制审核'`, [c.id])
  assert.equal(action.data.reviewId, id)
  const detail = (await rw.get(`/api/reviews/${id}`, bureauReviewer)).json()
  assert.equal(detail.referral.bureauId, bureau.id)
  assert.equal(detail.status, '已通过')

  // sent after an opinion: refused by the database rule
  const later = await rw.submit((await rw.noticedCase()).id)
  await rw.opinion(later, 1, '暂不同意', own, '证据不足')
  const tooLate = await rw.post(`/api/reviews/${later}/referral`, { bureauId: bureau.id, reason: '以县人民政府名义作出' }, rw.head)
  assert.equal(tooLate.json().code, 'REFERRAL_TOO_LATE')
})

test('D-02: the review package shows the discretion findings: a proposed fine outside the recommended range of the sample 基准 is flagged OUT_OF_RANGE for the reviewer, one inside is not', async () => {
  const { makeReviewWorld, proposal: base } = await import('./review.test-world.ts')
  const { seedDiscretionSample, recordCaseDiscretion } = await import('../discretion/sample.ts')
  const { recommend } = await import('../discretion/rules.ts')
  const rw = await makeReviewWorld(db, app)
  const sv = await seedDiscretionSample(db, rw.agency.id, '2026-01-01')
  const c = await rw.noticedCase()
  const r = recommend(sv, 'SP-124-1', {})
  assert.equal(r.tier, '一般')
  await recordCaseDiscretion(db, { caseId: c.id, standardId: sv.standardId, version: sv.version, violationCode: 'SP-124-1', answers: {}, ...r, proposedAmount: 70000 })
  const id = await rw.submit(c.id, { proposal: { ...base, fineAmount: 5000 } })
  const reviewer = await rw.reviewer()
  type Finding = { code: string; message: string }
  const findings = async () => (await rw.get(`/api/reviews/${id}`, reviewer)).json().package.findings as Finding[]
  const first = await findings()
  assert.ok(first.some((f) => f.code === 'DISCRETION_RECOMMENDATION'))
  const out = first.find((f) => f.code === 'OUT_OF_RANGE')
  assert.ok(out, JSON.stringify(first))
  assert.ok(out.message.includes('65000') && out.message.includes('85000'))

  await rw.opinion(id, 1, '暂不同意', reviewer, '裁量不当')
  const re = await rw.post(`/api/reviews/${id}/rounds`, { answer: '按基准调整罚款数额', proposal: { ...base, fineAmount: 70000 } }, rw.officer)
  assert.equal(re.statusCode, 201, re.body)
  assert.ok(!(await findings()).some((f) => f.code === 'OUT_OF_RANGE'))
})
