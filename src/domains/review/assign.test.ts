import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { makeOrg, testApp, testDb } from '../../../test/support.ts'
import { day } from '../cases/approvals.test-world.ts'
import { makeReviewWorld, type ReviewWorld } from './review.test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: ReviewWorld

before(async () => {
  app = await testApp()
  w = await makeReviewWorld(db, app)
})
after(async () => app.close())

const assignments = async (reviewId: string) =>
  (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM legal_review_assignment WHERE review_id = $1`, [reviewId])).n

test('F-03 L-05: candidates are the agency reviewers and the shared pool; the head assigns; only the assignee gives the opinion', async () => {
  const c = await w.noticedCase()
  const id = await w.submit(c.id)
  const own = await w.reviewer()
  const elsewhere = await makeOrg(db, { parent: await makeOrg(db, { level: 'city' }), kind: 'agency', level: 'city' })
  const counsel = await w.reviewer({ org: elsewhere, sharedPool: true, kind: 'counsel' })
  const foreign = await w.reviewer({ org: elsewhere })

  const list = await w.get(`/api/reviews/${id}/candidates`, w.head)
  assert.equal(list.statusCode, 200, list.body)
  const ids = list.json().items.map((i: { personId: string }) => i.personId)
  assert.ok(ids.includes(own.personId) && ids.includes(counsel.personId))
  assert.ok(!ids.includes(foreign.personId), 'a reviewer of another agency outside the pool is no candidate')
  assert.equal((await w.get(`/api/reviews/${id}`, w.officer)).json().status, '待分配')

  const byOfficer = await w.post(`/api/reviews/${id}/assign`, { reviewerId: own.personId }, w.officer)
  assert.equal(byOfficer.statusCode, 403)
  const notCandidate = await w.post(`/api/reviews/${id}/assign`, { reviewerId: foreign.personId }, w.head)
  assert.equal(notCandidate.json().code, 'REVIEWER_NOT_CANDIDATE')
  assert.equal(await assignments(id), 0)

  await w.assign(id, own.personId)
  await w.assign(id, counsel.personId) // re-assignment: the latest counts, both kept
  assert.equal(await assignments(id), 2)
  const detail = (await w.get(`/api/reviews/${id}`, w.officer)).json()
  assert.equal(detail.status, '审核中')
  assert.equal(detail.assignee, (await db.one(`SELECT name FROM person WHERE id = $1`, [counsel.personId])).name)

  const other = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings: await w.findings() }, own)
  assert.equal(other.statusCode, 422)
  assert.equal(other.json().code, 'REVIEW_ASSIGNED_TO_OTHER')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM legal_review_opinion o JOIN legal_review_round x ON x.id = o.round_id WHERE x.review_id = $1`, [id])).n, 0)
  // the shared-pool counsel of another agency sees the review in the queue, reads it and gives the opinion
  const mine = (await w.get(`/api/reviews?queue=mine`, counsel)).json().items as { id: string }[]
  assert.ok(mine.some((i) => i.id === id))
  assert.equal((await w.get(`/api/reviews/${id}`, counsel)).statusCode, 200)
  assert.equal((await w.get(`/api/reviews/${id}`, foreign)).statusCode, 403)
  await w.opinion(id, 1, '同意', counsel)
})

test('F-03 处罚法43: a handling officer of the case or a person with a 回避 recorded is refused REVIEWER_RECUSED, in the database too', async () => {
  const c = await w.noticedCase()
  const id = await w.submit(c.id)
  // w.people[0] acted in 调查取证
  const handler = await w.reviewer({ personId: w.people[0]!, firstTime: false })
  const recused = await w.reviewer()
  await db.query(
    `INSERT INTO case_recusal (case_id, person_id, source, grounds, applied_on, recorded_by) VALUES ($1, $2, 'declared', '与当事人有亲属关系', $3, $4)`,
    [c.id, recused.personId, day(-1), w.head.id],
  )
  const candidates = (await w.get(`/api/reviews/${id}/candidates`, w.head)).json().items as { personId: string; conflicted: boolean }[]
  assert.equal(candidates.find((x) => x.personId === handler.personId)?.conflicted, true)
  for (const r of [handler, recused]) {
    const res = await w.post(`/api/reviews/${id}/assign`, { reviewerId: r.personId }, w.head)
    assert.equal(res.statusCode, 422, res.body)
    assert.equal(res.json().code, 'REVIEWER_RECUSED')
    assert.ok(res.json().message.includes('回避'))
  }
  assert.equal(await assignments(id), 0)
  await assert.rejects(
    db.query(`INSERT INTO legal_review_assignment (review_id, reviewer_id, assigned_by) VALUES ($1, $2, $3)`, [id, recused.personId, w.head.id]),
    (e: { hint?: string }) => e.hint === 'REVIEWER_RECUSED',
  )
  // nor may the recused reviewer give the opinion of an unassigned review
  const opinion = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings: await w.findings() }, recused)
  assert.equal(opinion.json().code, 'REVIEWER_RECUSED')
})

test('F-03 处罚法58: a first-time reviewer without 法律职业资格 is refused REVIEWER_NOT_QUALIFIED, in the database too, and gives no opinion; one not reviewing for the first time may review without it', async () => {
  const c = await w.noticedCase()
  const id = await w.submit(c.id)
  const novice = await w.reviewer({ firstTime: true, qualified: true })
  // the qualification turns out not to be held (record corrected after the appointment)
  await db.query(`UPDATE person SET legal_qualification = false, legal_qualification_no = NULL WHERE id = $1`, [novice.personId])
  const res = await w.post(`/api/reviews/${id}/assign`, { reviewerId: novice.personId }, w.head)
  assert.equal(res.statusCode, 422)
  assert.equal(res.json().code, 'REVIEWER_NOT_QUALIFIED')
  assert.ok(res.json().message.includes('第五十八条'))
  assert.equal(await assignments(id), 0)
  await assert.rejects(
    db.query(`INSERT INTO legal_review_assignment (review_id, reviewer_id, assigned_by) VALUES ($1, $2, $3)`, [id, novice.personId, w.head.id]),
    (e: { hint?: string }) => e.hint === 'REVIEWER_NOT_QUALIFIED',
  )
  // nor does the novice give the opinion of the unassigned review
  const opinion = await w.post(`/api/reviews/${id}/rounds/1/opinion`, { kind: '同意', findings: await w.findings() }, novice)
  assert.equal(opinion.json().code, 'REVIEWER_NOT_QUALIFIED')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM legal_review_opinion o JOIN legal_review_round x ON x.id = o.round_id WHERE x.review_id = $1`, [id])).n, 0)
  // an experienced reviewer (first_time false) without the qualification may review
  const veteran = await w.reviewer({ firstTime: false, qualified: false })
  await w.assign(id, veteran.personId)
})

test('F-03 处罚法43: recording the 法制审核 result does not make the reviewer a handling officer of the case', async () => {
  const c = await w.noticedCase()
  const first = await w.submit(c.id)
  const reviewer = await w.reviewer()
  await w.assign(first, reviewer.personId)
  await w.opinion(first, 1, '同意', reviewer)
  const recorded = await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM case_action a JOIN app_user u ON u.id = a.recorded_by WHERE a.case_id = $1 AND a.type = '法制审核' AND u.person_id = $2`,
    [c.id, reviewer.personId])
  assert.equal(recorded.n, 1)
  const second = await w.submit(c.id, { statement: '变更处罚内容后再次送审' })
  await w.assign(second, reviewer.personId)
})
