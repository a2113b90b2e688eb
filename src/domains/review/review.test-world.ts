// Test world for the review workflow: a case world with a noticed 普通程序 case, reviewers as
// persons linked to users, and helpers to submit, assign and give opinions through the API.
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../../platform/db/pool.ts'
import type { OrgRow } from '../../../test/support.ts'
import { insertPerson } from '../people/test-world.ts'
import { reviewDue } from './review.ts'
import { day, makeCaseWorld, type CaseWorld, type Member } from '../cases/approvals.test-world.ts'

export const proposal = { decision: '罚款五千元', penalties: ['罚款'], fineAmount: 5000, basis: '食品安全法第一百二十二条', facts: '无证经营', reason: '情节一般' }

export type ReviewerMember = Member & { personId: string }

export type ReviewWorld = CaseWorld & {
  /** A 法制审核人员 (person + reviewer user) of org, or of the shared pool. */
  reviewer(input?: { org?: OrgRow; sharedPool?: boolean; firstTime?: boolean; qualified?: boolean; personId?: string; kind?: 'officer' | 'counsel' }): Promise<ReviewerMember>
  noticedCase(): Promise<{ id: string; number: string }>
  submit(caseId: string, body?: Record<string, unknown>): Promise<string>
  findings(): Promise<{ point: string; finding: string }[]>
  opinion(reviewId: string, n: number, kind: string, who: Member, reasons?: string): Promise<void>
  assign(reviewId: string, reviewerId: string, who?: Member): Promise<void>
  /** A review of a new case whose round 1 was received on `received` (inserted as the app role, as the submission would have). */
  reviewReceivedOn(received: string): Promise<{ id: string; caseId: string }>
}

export async function makeReviewWorld(db: Db, app: FastifyInstance): Promise<ReviewWorld> {
  const w = await makeCaseWorld(db, app)
  const reviewer: ReviewWorld['reviewer'] = async (input = {}) => {
    const org = input.org ?? w.agency
    const personId = input.personId ?? (await insertPerson(db, org.id, { kind: input.kind ?? 'officer', legalQualification: input.qualified ?? true }))
    await db.query(
      `INSERT INTO legal_reviewer (person_id, agency_id, shared_pool, appointed_on, first_time) VALUES ($1, $2, $3, current_date - 30, $4)`,
      [personId, org.id, input.sharedPool ?? false, input.firstTime ?? true],
    )
    return { ...(await w.member(['reviewer'], org, personId)), personId }
  }
  const findings = async () =>
    (await db.query<{ code: string }>(`SELECT code FROM review_checklist_point ORDER BY sort`)).rows.map((p) => ({ point: p.code, finding: '符合' }))
  const noticedCase = async () => {
    const c = await w.newCase()
    await w.ok(c.id, { type: '案源登记', actedOn: day(-10) })
    await w.ok(c.id, { type: '核查', actedOn: day(-9) })
    await w.ok(c.id, { type: '立案', actedOn: day(-8) }, w.head)
    await w.ok(c.id, { type: '调查取证', actedOn: day(-7), officers: w.people.slice(0, 2) })
    await w.ok(c.id, { type: '案件审核', actedOn: day(-6) })
    await w.ok(c.id, { type: '告知', actedOn: day(-5) })
    return c
  }
  return {
    ...w,
    reviewer,
    findings,
    noticedCase,
    async submit(caseId, body = {}) {
      const res = await w.post(`/api/cases/${caseId}/reviews`, { proposal, statement: '拟罚款', ...body }, w.officer)
      assert.equal(res.statusCode, 201, res.body)
      return res.json().id as string
    },
    async opinion(reviewId, n, kind, who, reasons = '') {
      const res = await w.post(`/api/reviews/${reviewId}/rounds/${n}/opinion`, { kind, reasons, findings: await findings() }, who)
      assert.equal(res.statusCode, 201, res.body)
    },
    async reviewReceivedOn(received) {
      const c = await noticedCase()
      const { id } = await db.one<{ id: string }>(
        `INSERT INTO legal_review (case_id, statement, submitted_by, submitted_at) VALUES ($1, '拟罚款', $2, $3::date + time '10:00') RETURNING id`,
        [c.id, w.officer.id, received],
      )
      await db.query(
        `INSERT INTO legal_review_round (review_id, n, proposal, due_on, submitted_by, submitted_at) VALUES ($1, 1, $2, $3, $4, $5::date + time '10:00')`,
        [id, JSON.stringify(proposal), await reviewDue(db, w.agency.id, received), w.officer.id, received],
      )
      return { id, caseId: c.id }
    },
    async assign(reviewId, reviewerId, who = w.head) {
      const res = await w.post(`/api/reviews/${reviewId}/assign`, { reviewerId }, who)
      assert.equal(res.statusCode, 201, res.body)
    },
  }
}
