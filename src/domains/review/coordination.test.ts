import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { makeReviewWorld, type ReviewWorld } from './review.test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: ReviewWorld

before(async () => {
  app = await testApp()
  w = await makeReviewWorld(db, app)
})
after(async () => app.close())

const coordinations = async (reviewId: string) =>
  (await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM legal_review_coordination c JOIN legal_review_round x ON x.id = c.round_id WHERE x.review_id = $1`, [reviewId])).n
const body = { unitOpinion: '证据已足以认定违法事实', participants: ['承办科室负责人', '法规科科长'], outcome: '双方未能达成一致', resolved: false }

test('L-07: the handling unit records its 意见 and the coordination on a 不同意; a resolved one goes back to the rounds, an unresolved one to the head', async () => {
  const c = await w.noticedCase()
  const id = await w.submit(c.id)
  const reviewer = await w.reviewer()
  const early = await w.post(`/api/reviews/${id}/coordination`, body, w.officer)
  assert.equal(early.json().code, 'NO_DISAGREEMENT', 'no opinion yet')
  await w.opinion(id, 1, '不同意', reviewer, '主要证据不足')

  for (const [bad, code] of [
    [{ ...body, participants: [' '] }, 'COORDINATION_PARTICIPANTS'],
    [{ ...body, unitOpinion: '' }, 'UNIT_OPINION_REQUIRED'],
    [{ ...body, outcome: ' ' }, 'COORDINATION_OUTCOME'],
  ] as const) {
    const res = await w.post(`/api/reviews/${id}/coordination`, bad, w.officer)
    assert.equal(res.statusCode, 422)
    assert.equal(res.json().code, code)
  }
  assert.equal((await w.post(`/api/reviews/${id}/coordination`, body, reviewer)).statusCode, 403, 'the review unit does not record the handling unit’s 意见')
  assert.equal(await coordinations(id), 0)
  // before any coordination the head does not decide over the reviewer's 不同意
  const premature = await w.post(`/api/reviews/${id}/decision`, { outcome: 'proposal', decision: '罚款五千元', reason: '证据充分' }, w.head)
  assert.equal(premature.json().code, 'DISAGREEMENT_NOT_ESCALATED')

  // resolved: nothing goes to the head
  const agreed = await w.post(`/api/reviews/${id}/coordination`, { ...body, outcome: '承办机构同意补充证据后重新送审', resolved: true }, w.officer)
  assert.equal(agreed.statusCode, 201, agreed.body)
  assert.equal(agreed.json().escalated, false)
  const escalationsOf = async () => ((await w.get('/api/review-escalations', w.head)).json().items as { reviewId: string; opinionKind: string; participants: string[] }[]).filter((e) => e.reviewId === id)
  assert.equal((await escalationsOf()).length, 0)
  assert.equal((await w.post(`/api/reviews/${id}/decision`, { outcome: 'proposal', decision: '罚款', reason: '理由' }, w.head)).json().code, 'DISAGREEMENT_NOT_ESCALATED')

  // unresolved: escalated to the head, who decides
  const disputed = await w.post(`/api/reviews/${id}/coordination`, body, w.officer)
  assert.equal(disputed.statusCode, 201, disputed.body)
  assert.equal(disputed.json().escalated, true)
  const [esc] = await escalationsOf()
  assert.equal(esc?.opinionKind, '不同意')
  assert.deepEqual(esc?.participants, body.participants)
  const detail = (await w.get(`/api/reviews/${id}`, w.officer)).json()
  assert.deepEqual(detail.coordination.map((x: { resolved: boolean }) => x.resolved), [true, false])

  const decided = await w.post(`/api/reviews/${id}/decision`, { outcome: 'opinion', decision: '补充调查后再行决定', reason: '采纳法制审核意见' }, w.head)
  assert.equal(decided.statusCode, 201, decided.body)
  assert.equal((await escalationsOf()).length, 0)
  const late = await w.post(`/api/reviews/${id}/coordination`, body, w.officer)
  assert.equal(late.json().code, 'REVIEW_DECIDED')
  assert.equal(await coordinations(id), 2)
})

test('L-07: the database refuses a coordination without a disagreement, or without participants', async () => {
  const c = await w.noticedCase()
  const id = await w.submit(c.id)
  const round = await db.one<{ id: string }>(`SELECT id FROM legal_review_round WHERE review_id = $1`, [id])
  await assert.rejects(
    db.query(`INSERT INTO legal_review_coordination (round_id, unit_opinion, participants, outcome, resolved, recorded_by) VALUES ($1, '异议', '{甲}', '未一致', false, $2)`, [round.id, w.officer.id]),
    (e: { hint?: string }) => e.hint === 'NO_DISAGREEMENT',
  )
  const reviewer = await w.reviewer()
  await w.opinion(id, 1, '暂不同意', reviewer, '文书需更正')
  await assert.rejects(
    db.query(`INSERT INTO legal_review_coordination (round_id, unit_opinion, participants, outcome, resolved, recorded_by) VALUES ($1, '异议', '{}', '未一致', false, $2)`, [round.id, w.officer.id]),
  )
  await db.query(`INSERT INTO legal_review_coordination (round_id, unit_opinion, participants, outcome, resolved, recorded_by) VALUES ($1, '异议', '{甲}', '未一致', false, $2)`, [round.id, w.officer.id])
  await assert.rejects(db.query(`UPDATE legal_review_coordination SET resolved = true WHERE round_id = $1`, [round.id]))
})
