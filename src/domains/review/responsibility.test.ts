import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { makeReviewWorld, type ReviewWorld } from './review.test-world.ts'
import { decisionMarks } from './responsibility.ts'

const db = testDb()
let app: FastifyInstance
let w: ReviewWorld

before(async () => {
  app = await testApp()
  w = await makeReviewWorld(db, app)
})
after(async () => app.close())

const nameOf = async (userId: string) => (await db.one<{ n: string }>(`SELECT display_name AS n FROM app_user WHERE id = $1`, [userId])).n
const decisions = async (reviewId: string) => (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM legal_review_decision WHERE review_id = $1`, [reviewId])).n

test('L-08: decisionMarks: against the proposal or the opinion, by outcome and opinion', () => {
  assert.deepEqual(decisionMarks('proposal', true), { againstProposal: false, againstOpinion: false })
  assert.deepEqual(decisionMarks('opinion', true), { againstProposal: false, againstOpinion: false })
  assert.deepEqual(decisionMarks('proposal', false), { againstProposal: false, againstOpinion: true })
  assert.deepEqual(decisionMarks('opinion', false), { againstProposal: true, againstOpinion: false })
  assert.deepEqual(decisionMarks('other', true), { againstProposal: true, againstOpinion: true })
})

test('L-08: who submitted, reviewed and approved; a decision along the 同意 carries no mark', async () => {
  const c = await w.noticedCase()
  const id = await w.submit(c.id)
  const reviewer = await w.reviewer()
  const pending = await w.post(`/api/reviews/${id}/decision`, { outcome: 'proposal', decision: '罚款五千元' }, w.head)
  assert.equal(pending.json().code, 'OPINION_PENDING')
  await w.opinion(id, 1, '同意', reviewer)
  assert.equal((await w.post(`/api/reviews/${id}/decision`, { outcome: 'proposal', decision: '罚款五千元' }, w.officer)).statusCode, 403)
  const ok = await w.post(`/api/reviews/${id}/decision`, { outcome: 'proposal', decision: '罚款五千元' }, w.head)
  assert.equal(ok.statusCode, 201, ok.body)
  assert.deepEqual(ok.json(), { againstProposal: false, againstOpinion: false })
  const again = await w.post(`/api/reviews/${id}/decision`, { outcome: 'proposal', decision: '罚款五千元' }, w.head)
  assert.equal(again.json().code, 'REVIEW_DECIDED')
  const r = (await w.get(`/api/reviews/${id}`, w.officer)).json().responsibility
  assert.equal(r.handler, await nameOf(w.officer.id))
  assert.equal(r.reviewer, await nameOf(reviewer.id))
  assert.equal(r.head, await nameOf(w.head.id))
  assert.equal(r.againstOpinion, false)
  const onCase = (await w.get(`/api/cases/${c.id}/review-responsibility`, w.officer)).json()
  assert.equal(onCase.marked, false)
  assert.equal(onCase.reviews[0].head, await nameOf(w.head.id))
  const { makeCaseWorld } = await import('../cases/approvals.test-world.ts')
  const stranger = (await makeCaseWorld(db, app, 0)).officer
  assert.equal((await w.get(`/api/cases/${c.id}/review-responsibility`, stranger)).statusCode, 403)
})

test('L-08: a head deciding against the reviewer’s 不同意 must give the reason; the mark shows on the review and on the case, also for the database', async () => {
  const c = await w.noticedCase()
  const id = await w.submit(c.id)
  const reviewer = await w.reviewer()
  await w.opinion(id, 1, '不同意', reviewer, '适用依据错误')
  const coord = await w.post(`/api/reviews/${id}/coordination`, { unitOpinion: '依据正确', participants: ['承办人', '审核人'], outcome: '未一致', resolved: false }, w.officer)
  assert.equal(coord.statusCode, 201, coord.body)

  const noReason = await w.post(`/api/reviews/${id}/decision`, { outcome: 'proposal', decision: '罚款五千元', reason: ' ' }, w.head)
  assert.equal(noReason.statusCode, 422)
  assert.equal(noReason.json().code, 'DECISION_REASON_REQUIRED')
  assert.equal(await decisions(id), 0)
  // the database sets the marks itself and refuses the same decision without a reason
  const round = await db.one<{ id: string }>(`SELECT id FROM legal_review_round WHERE review_id = $1`, [id])
  await assert.rejects(
    db.query(`INSERT INTO legal_review_decision (review_id, round_id, outcome, decision, against_opinion, reason, decided_by) VALUES ($1, $2, 'proposal', '罚款', false, '', $3)`,
      [id, round.id, w.head.id]),
    (e: { hint?: string }) => e.hint === 'DECISION_REASON_REQUIRED',
  )
  await assert.rejects(
    db.query(`INSERT INTO legal_review_decision (review_id, round_id, outcome, decision, reason, decided_by) VALUES ($1, $2, 'proposal', '罚款', '理由', $3)`,
      [id, round.id, w.officer.id]),
    (e: { hint?: string }) => e.hint === 'DECISION_BY_HEAD',
  )

  const decided = await w.post(`/api/reviews/${id}/decision`, { outcome: 'proposal', decision: '罚款五千元', reason: '经集体讨论，认定适用依据正确' }, w.head)
  assert.equal(decided.statusCode, 201, decided.body)
  assert.deepEqual(decided.json(), { againstProposal: false, againstOpinion: true })
  const detail = (await w.get(`/api/reviews/${id}`, w.officer)).json()
  assert.equal(detail.responsibility.againstOpinion, true)
  assert.equal(detail.responsibility.againstReviewOpinion, true)
  assert.equal(detail.responsibility.note, '经集体讨论，认定适用依据正确')
  assert.equal(detail.decision.againstOpinion, true)
  const onCase = (await w.get(`/api/cases/${c.id}/review-responsibility`, w.officer)).json()
  assert.equal(onCase.marked, true)
  assert.equal(onCase.reviews[0].reason, '经集体讨论，认定适用依据正确')
  assert.equal((await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM case_review_mark WHERE case_id = $1 AND against_opinion`, [c.id])).n, 1)
  await assert.rejects(db.query(`UPDATE legal_review_decision SET against_opinion = false WHERE review_id = $1`, [id]))
})
