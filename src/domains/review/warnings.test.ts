import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { loginAs, makeUser, testApp, testDb } from '../../../test/support.ts'
import { makeCaseWorld } from '../cases/approvals.test-world.ts'
import { makeReviewWorld, type ReviewWorld } from './review.test-world.ts'
import { reviewWarnings } from './warnings.ts'

const db = testDb()
let app: FastifyInstance
let w: ReviewWorld

before(async () => {
  app = await testApp()
  w = await makeReviewWorld(db, app)
})
after(async () => app.close())

const authUser = async (userId: string) => {
  const { rows } = await db.query(
    `SELECT u.id, u.username, u.display_name AS "displayName", u.roles, u.org_id AS "orgId", o.path AS "orgPath", s.path AS "scopePath",
            u.scope_org_id AS "scopeOrgId", u.person_id AS "personId", u.locale
       FROM app_user u JOIN org_node o ON o.id = u.org_id JOIN org_node s ON s.id = u.scope_org_id WHERE u.id = $1`,
    [userId],
  )
  return rows[0]
}

test('L-06: a review received 2025-09-30 is not overdue on 10月8日 (国庆, no working day passed), due tomorrow on 10月10日, due on the worked Saturday 10月11日, overdue on 10月13日', async () => {
  const { id } = await w.reviewReceivedOn('2025-09-30')
  const head = await authUser(w.head.id)
  const on = async (date: string) => (await reviewWarnings(db, head, date)).find((x) => x.reviewId === id)
  assert.equal(await on('2025-10-08'), undefined, 'eight calendar days, but no working day of the time limit has passed')
  assert.equal((await on('2025-10-10'))?.kind, 'due-tomorrow')
  assert.equal((await on('2025-10-11'))?.kind, 'due-today')
  const overdue = await on('2025-10-13')
  assert.equal(overdue?.kind, 'overdue')
  assert.equal(overdue?.overdueWorkingDays, 1)
  // a round already answered warns nobody
  const reviewer = await w.reviewer()
  await w.opinion(id, 1, '同意', reviewer)
  assert.equal(await on('2025-10-13'), undefined)
})

test('L-06: GET /api/reviews/warnings lists an overdue review for the reviewer, the head and the supervisor in scope, not for another agency', async () => {
  const { id } = await w.reviewReceivedOn('2025-09-30')
  const reviewer = await w.reviewer()
  const region = await db.one<{ id: string; path: string; code: string; name: string }>(
    `SELECT p.id, p.path, p.code, p.name FROM org_node a JOIN org_node p ON p.id = a.parent_id WHERE a.id = $1`, [w.agency.id])
  const sup = await makeUser(db, { org: region, roles: ['supervisor'] })
  const supervisor = { id: sup.id, session: await loginAs(app, sup.username), personId: null }
  for (const who of [reviewer, w.head, supervisor]) {
    const res = await w.get('/api/reviews/warnings', who)
    assert.equal(res.statusCode, 200, res.body)
    const item = res.json().items.find((x: { reviewId: string }) => x.reviewId === id)
    assert.equal(item?.kind, 'overdue', `warned: ${who.id}`)
    assert.equal(item.dueOn, '2025-10-11')
  }
  const other = await makeCaseWorld(db, app, 0)
  const outside = await other.get('/api/reviews/warnings', other.head)
  assert.equal(outside.statusCode, 200)
  assert.ok(!outside.json().items.some((x: { reviewId: string }) => x.reviewId === id))
  assert.equal((await w.get('/api/reviews/warnings', w.officer)).statusCode, 403)
  // a review assigned to another reviewer is not in this reviewer's warnings
  const second = await w.reviewer()
  await w.assign(id, second.personId)
  const mine = (await w.get('/api/reviews/warnings', reviewer)).json().items as { reviewId: string }[]
  assert.ok(!mine.some((x) => x.reviewId === id))
  assert.ok(((await w.get('/api/reviews/warnings', second)).json().items as { reviewId: string }[]).some((x) => x.reviewId === id))
})
