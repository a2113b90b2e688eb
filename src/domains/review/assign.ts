/**
 * F-03 / L-05: the legal unit's head (or the admin) assigns a review to one reviewer. Candidates
 * are the reviewing agency's 法制审核人员 (the case agency's, or the 司法局's after L-09) and the
 * shared pool of 法律顾问/公职律师 (s004 task 28). 处罚法58: one reviewing for the first time holds
 * 法律职业资格; 处罚法43: no handling officer of the case and nobody with a 回避 recorded. The
 * trigger legal_review_assignment_legal (migration 0019) holds the same rules for every insert.
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { notFound, ruleViolation } from '../../platform/http/errors.ts'
import { withCaseRules } from '../cases/db-rules.ts'
import { currentAssignee, findReview, reviewingOrgId, reviewingPath, type ReviewHead } from './review.ts'

export type Candidate = {
  personId: string
  name: string
  kind: string
  agencyId: string
  agencyName: string
  sharedPool: boolean
  firstTime: boolean
  legalQualification: boolean
  /** 处罚法58: first time and without 法律职业资格. */
  notQualified: boolean
  /** 处罚法43: handled the case or has a 回避 recorded. */
  conflicted: boolean
  assigned: boolean
}

async function candidates(q: Queryable, review: ReviewHead): Promise<Candidate[]> {
  const { rows } = await q.query<Omit<Candidate, 'assigned'>>(
    `SELECT p.id AS "personId", p.name, p.kind, lr.agency_id AS "agencyId", a.name AS "agencyName", lr.shared_pool AS "sharedPool",
            lr.first_time AS "firstTime", p.legal_qualification AS "legalQualification",
            (lr.first_time AND NOT p.legal_qualification
              AND NOT EXISTS (SELECT 1 FROM legal_review_opinion o JOIN app_user u ON u.id = o.given_by WHERE u.person_id = p.id)) AS "notQualified",
            review_person_conflicted($1, p.id) AS conflicted
       FROM legal_reviewer lr JOIN person p ON p.id = lr.person_id JOIN org_node a ON a.id = lr.agency_id
      WHERE lr.active AND p.status = '在岗' AND (lr.agency_id = $2 OR lr.shared_pool)
      ORDER BY lr.shared_pool, p.name LIMIT 500`,
    [review.id, reviewingOrgId(review)],
  )
  const assignee = await currentAssignee(q, review.id)
  return rows.map((r) => ({ ...r, assigned: r.personId === assignee }))
}

function requireAssigner(user: AuthUser, review: ReviewHead) {
  requireRole(user, 'head', 'admin')
  requireScope(user, reviewingPath(review))
}

/** F-03: the candidates for a review, with the reason any of them may not take it. */
export async function listCandidates(db: Db, user: AuthUser, reviewId: string): Promise<Candidate[]> {
  const review = await findReview(db, reviewId)
  if (!review) throw notFound('审核不存在')
  requireAssigner(user, review)
  return candidates(db, review)
}

/** F-03 / 处罚法58 / 处罚法43: assigns (or re-assigns) a review to one candidate; earlier assignments are kept. */
export async function assignReviewer(db: Db, user: AuthUser, reviewId: string, reviewerId: string, ip?: string): Promise<{ reviewerId: string }> {
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review_round:' || $1::text))`, [reviewId])
    const review = await findReview(tx, reviewId)
    if (!review) throw notFound('审核不存在')
    requireAssigner(user, review)
    const { rows: passed } = await tx.query(
      `SELECT 1 FROM legal_review_round x JOIN legal_review_opinion o ON o.round_id = x.id JOIN review_opinion_kind k ON k.code = o.kind
        WHERE x.review_id = $1 AND k.passes`,
      [reviewId],
    )
    if (passed.length) throw ruleViolation('REVIEW_PASSED', '审核已通过，无须分配')
    const candidate = (await candidates(tx, review)).find((c) => c.personId === reviewerId)
    if (!candidate) throw ruleViolation('REVIEWER_NOT_CANDIDATE', '该人员不是本机关在岗的法制审核人员，也不在法律顾问、公职律师共享库中')
    if (candidate.conflicted) throw ruleViolation('REVIEWER_RECUSED', `${candidate.name}承办本案或者已申请、决定回避，不得审核本案（行政处罚法第四十三条）`)
    if (candidate.notQualified) {
      throw ruleViolation('REVIEWER_NOT_QUALIFIED', `${candidate.name}初次从事行政处罚决定法制审核，尚未取得法律职业资格（行政处罚法第五十八条）`)
    }
    if (candidate.assigned) throw ruleViolation('REVIEWER_ASSIGNED', `本案已分配给${candidate.name}`)
    await withCaseRules(() =>
      tx.query(`INSERT INTO legal_review_assignment (review_id, reviewer_id, assigned_by) VALUES ($1, $2, $3)`, [reviewId, reviewerId, user.id]),
    )
    await audit(tx, { actor: user, ip, action: 'review.assign', entity: 'legal_review', entityId: reviewId, orgId: review.agencyId, detail: { reviewerId } })
    return { reviewerId }
  })
}
