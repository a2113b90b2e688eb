// Test support for the L-01 gate: a passed legal review of a case, written straight into the
// review tables (submission, round 1, a 同意 opinion with a finding on every checklist point),
// so tests that decide a catalogued case keep their own dates and actions. The opinion's rules
// still hold (trigger legal_review_opinion_legal); the passed 法制审核 action of a major
// 处罚-普通 case stays the test's own to record.
import type { FastifyInstance } from 'fastify'
import type { Queryable } from '../../platform/db/pool.ts'
import type { Session } from '../../../test/support.ts'

export type PassReviewOptions = {
  /** The user who submits; default: the case's creator. */
  userId?: string
  /** The user who gives the opinion; default: a user with no person record, who cannot have handled the case (处罚法43). */
  reviewerId?: string
  /** A passing opinion kind; default 同意. */
  kind?: string
}

/** L-01: the case gets a review whose latest round has a passing opinion. Returns the review id. */
export async function passReview(db: Queryable, caseId: string, options: PassReviewOptions = {}): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH who AS (SELECT coalesce($2::uuid, c.created_by, (SELECT id FROM app_user ORDER BY created_at LIMIT 1)) AS id,
                         coalesce($4::uuid, (SELECT id FROM app_user WHERE person_id IS NULL ORDER BY created_at LIMIT 1)) AS reviewer
                    FROM enforcement_case c WHERE c.id = $1),
          r AS (INSERT INTO legal_review (case_id, statement, submitted_by) SELECT $1, '送审', who.id FROM who RETURNING id, submitted_by),
          x AS (INSERT INTO legal_review_round (review_id, n, proposal, due_on, submitted_by)
                SELECT r.id, 1, '{"decision": "拟作决定", "penalties": [], "basis": "依据", "facts": "事实", "reason": "理由"}', current_date + 3, r.submitted_by FROM r
                RETURNING id, submitted_by)
     INSERT INTO legal_review_opinion (round_id, kind, findings, given_by)
     SELECT x.id, $3, (SELECT jsonb_agg(jsonb_build_object('point', code, 'finding', '符合')) FROM review_checklist_point), who.reviewer FROM x, who
     RETURNING (SELECT id FROM r)`,
    [caseId, options.userId ?? null, options.kind ?? '同意', options.reviewerId ?? null],
  )
  if (!rows[0]) throw new Error(`case ${caseId} not found`)
  return rows[0].id
}

const allFindings = async (app: FastifyInstance, session: Session, reviewId: string) => {
  const detail = await app.inject({ method: 'GET', url: `/api/reviews/${reviewId}`, headers: session.headers })
  if (detail.statusCode !== 200) throw new Error(`review ${reviewId}: ${detail.body}`)
  return (detail.json().checklist as { point: string }[]).map((p) => ({ point: p.point, finding: '符合' }))
}

/**
 * L-01 through the API: the officer submits, the reviewer agrees on round 1. For a 处罚-普通
 * case this also records the passed 法制审核 action dated today (review.ts), so the decision
 * is dated today too.
 */
export async function passReviewByApi(app: FastifyInstance, caseId: string, officer: Session, reviewer: Session): Promise<string> {
  const proposal = { decision: '拟作决定', penalties: [], basis: '法律依据', facts: '事实依据', reason: '建议及理由' }
  const sub = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/reviews`, headers: officer.headers, payload: { proposal, statement: '情况说明' } })
  if (sub.statusCode !== 201) throw new Error(`submit: ${sub.body}`)
  const id = sub.json().id as string
  const findings = await allFindings(app, reviewer, id)
  const ok = await app.inject({ method: 'POST', url: `/api/reviews/${id}/rounds/1/opinion`, headers: reviewer.headers, payload: { kind: '同意', findings } })
  if (ok.statusCode !== 201) throw new Error(`opinion: ${ok.body}`)
  return id
}
