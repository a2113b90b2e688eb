import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { makeReviewWorld, type ReviewWorld } from './review.test-world.ts'
import { extensionDays } from './extend.ts'

const db = testDb()
let app: FastifyInstance
let w: ReviewWorld

before(async () => {
  app = await testApp()
  w = await makeReviewWorld(db, app)
})
after(async () => app.close())

const reviewReceivedOn = async (received: string) => (await w.reviewReceivedOn(received)).id

const dueOf = async (id: string, who = w.officer) => (await w.get(`/api/reviews/${id}`, who)).json().rounds[0].dueOn as string
const extensions = async (id: string) =>
  (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM legal_review_extension e JOIN legal_review_round x ON x.id = e.round_id WHERE x.review_id = $1`, [id])).n

test('L-06: +2 working days only with the approval of the 分管领导, across 国庆 2025 and its worked Saturday; without approval the due date stays; a second extension is refused', async () => {
  const reviewer = await w.reviewer()
  // received 9月29日: 9月30日, 10月9日, 10月10日 are the three working days (10月1日至8日放假)
  const id = await reviewReceivedOn('2025-09-29')
  assert.equal(await dueOf(id), '2025-10-10')

  const noReason = await w.post(`/api/reviews/${id}/extension`, { reason: ' ' }, reviewer)
  assert.equal(noReason.json().code, 'EXTENSION_REASON_REQUIRED')
  const byOfficer = await w.post(`/api/reviews/${id}/extension`, { reason: '案情复杂' }, w.officer)
  assert.equal(byOfficer.statusCode, 403)
  assert.equal(await extensions(id), 0)

  const asked = await w.post(`/api/reviews/${id}/extension`, { reason: '案情复杂，需补充查阅案卷' }, reviewer)
  assert.equal(asked.statusCode, 201, asked.body)
  assert.equal(asked.json().days, 2)
  assert.equal(await dueOf(id), '2025-10-10', 'a request alone does not move the due date')
  const twice = await w.post(`/api/reviews/${id}/extension`, { reason: '再次申请' }, reviewer)
  assert.equal(twice.json().code, 'EXTENSION_ONCE')

  const pending = (await w.get(`/api/review-extensions`, w.head)).json().items as { id: string }[]
  assert.ok(pending.some((e) => e.id === asked.json().id))
  // only a head decides; a rejection needs its opinion and leaves the due date
  const byReviewer = await w.post(`/api/review-extensions/${asked.json().id}/decision`, { approve: true }, reviewer)
  assert.equal(byReviewer.statusCode, 403)
  const bare = await w.post(`/api/review-extensions/${asked.json().id}/decision`, { approve: false, opinion: '' }, w.head)
  assert.equal(bare.json().code, 'EXTENSION_OPINION_REQUIRED')
  const rejected = await w.post(`/api/review-extensions/${asked.json().id}/decision`, { approve: false, opinion: '案情并不复杂' }, w.head)
  assert.equal(rejected.statusCode, 200, rejected.body)
  assert.equal(await dueOf(id), '2025-10-10')
  const again = await w.post(`/api/review-extensions/${asked.json().id}/decision`, { approve: true }, w.head)
  assert.equal(again.json().code, 'EXTENSION_DECIDED')

  // after a rejection the reviewer may ask once more; the approval moves the due date 2 working days: 10月11日 (调休上班) and 10月13日
  const second = await w.post(`/api/reviews/${id}/extension`, { reason: '需征求相关部门意见' }, reviewer)
  assert.equal(second.statusCode, 201, second.body)
  const approved = await w.post(`/api/review-extensions/${second.json().id}/decision`, { approve: true, opinion: '同意延长' }, w.head)
  assert.equal(approved.statusCode, 200, approved.body)
  assert.equal(approved.json().dueOn, '2025-10-13')
  assert.equal(await dueOf(id), '2025-10-13')
  const detail = (await w.get(`/api/reviews/${id}`, w.officer)).json()
  assert.equal(detail.extension.status, 'approved')
  const queued = (await w.get(`/api/reviews?queue=agency`, w.officer)).json().items.find((i: { id: string }) => i.id === id)
  assert.equal(queued.extended, true)
  assert.equal(queued.dueOn, '2025-10-13')

  const third = await w.post(`/api/reviews/${id}/extension`, { reason: '再延长' }, reviewer)
  assert.equal(third.statusCode, 422)
  assert.equal(third.json().code, 'EXTENSION_ONCE')
  assert.equal(await extensions(id), 2)
})

test('L-06: the database refuses a second extension, an approval by a non-head and an extension of a closed round; the agency sets review.extensionDays', async () => {
  const reviewer = await w.reviewer()
  const id = await reviewReceivedOn('2025-09-29')
  const round = await db.one<{ id: string }>(`SELECT id FROM legal_review_round WHERE review_id = $1`, [id])
  const { id: ext } = await db.one<{ id: string }>(
    `INSERT INTO legal_review_extension (round_id, days, reason, requested_by) VALUES ($1, 2, '复杂', $2) RETURNING id`, [round.id, reviewer.id])
  await assert.rejects(
    db.query(`INSERT INTO legal_review_extension (round_id, days, reason, requested_by) VALUES ($1, 2, '再次', $2)`, [round.id, reviewer.id]),
    (e: { hint?: string }) => e.hint === 'EXTENSION_ONCE',
  )
  await assert.rejects(
    db.query(`INSERT INTO legal_review_extension_decision (extension_id, approved, due_on, decided_by) VALUES ($1, true, '2025-10-13', $2)`, [ext, w.officer.id]),
    (e: { hint?: string }) => e.hint === 'EXTENSION_APPROVER',
  )
  await w.opinion(id, 1, '同意', reviewer)
  await assert.rejects(
    db.query(`INSERT INTO legal_review_extension_decision (extension_id, approved, due_on, decided_by) VALUES ($1, true, '2025-10-13', $2)`, [ext, w.head.id]),
    (e: { hint?: string }) => e.hint === 'ROUND_CLOSED',
  )
  assert.equal(await dueOf(id), '2025-10-10')

  assert.equal(await extensionDays(db, w.agency.id), 2)
  const { makeCaseWorld } = await import('../cases/approvals.test-world.ts')
  const other = await makeCaseWorld(db, app, 0)
  await db.query(`INSERT INTO setting (org_id, key, value) VALUES ($1, 'review.extensionDays', '5')`, [other.agency.id])
  assert.equal(await extensionDays(db, other.agency.id), 5)
})
