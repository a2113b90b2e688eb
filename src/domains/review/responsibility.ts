/**
 * L-08 (s004 §(三)4): the responsibility record of a review: who prepared the material (承办人,
 * the submitter of each round), who reviewed (审核人), who approved (负责人, the head's decision),
 * and a visible mark wherever the head decided against the handling unit's proposal or the
 * reviewer's opinion, with the reason required. The trigger legal_review_decision_legal
 * (migration 0019) sets the marks from the outcome and the opinion, and refuses a decision
 * against either without a reason, or after a 暂不同意/不同意 that was not escalated (L-07).
 */
import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { withCaseRules } from '../cases/db-rules.ts'
import { findCase } from '../cases/store.ts'
import { findReview, requireReader } from './review.ts'

/** proposal: the handling unit's proposal as submitted; opinion: as the reviewer's opinion says; other: neither. */
export type DecisionOutcome = 'proposal' | 'opinion' | 'other'
export type DecisionInput = { outcome: DecisionOutcome; decision: string; reason: string }

/** L-08: which side a decision goes against, given whether the reviewer's opinion passed the proposal. */
export function decisionMarks(outcome: DecisionOutcome, opinionPasses: boolean): { againstProposal: boolean; againstOpinion: boolean } {
  return {
    againstProposal: outcome === 'other' || (outcome === 'opinion' && !opinionPasses),
    againstOpinion: outcome === 'other' || (outcome === 'proposal' && !opinionPasses),
  }
}

/** L-07 / L-08: the head of the case's agency decides on the reviewed proposal. */
export async function decideReview(
  db: Db,
  user: AuthUser,
  reviewId: string,
  input: DecisionInput,
  ip?: string,
): Promise<{ againstProposal: boolean; againstOpinion: boolean }> {
  requireRole(user, 'head')
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review_round:' || $1::text))`, [reviewId])
    const review = await findReview(tx, reviewId)
    if (!review) throw notFound('审核不存在')
    requireScope(user, review.path)
    const { rows } = await tx.query<{ roundId: string; passes: boolean | null; unresolved: boolean | null; decided: boolean }>(
      `SELECT x.id AS "roundId", k.passes,
              (SELECT NOT z.resolved FROM legal_review_coordination z WHERE z.round_id = x.id ORDER BY z.n DESC LIMIT 1) AS unresolved,
              EXISTS (SELECT 1 FROM legal_review_decision d WHERE d.review_id = x.review_id) AS decided
         FROM legal_review_round x LEFT JOIN legal_review_opinion o ON o.round_id = x.id LEFT JOIN review_opinion_kind k ON k.code = o.kind
        WHERE x.review_id = $1 ORDER BY x.n DESC LIMIT 1`,
      [reviewId],
    )
    const round = rows[0]!
    if (round.decided) throw conflict('REVIEW_DECIDED', '负责人已作出决定')
    if (round.passes === null) throw ruleViolation('OPINION_PENDING', '法制审核尚未提出意见')
    if (!round.passes && round.unresolved !== true) {
      throw ruleViolation('DISAGREEMENT_NOT_ESCALATED', '审核意见未经协调或者分歧已经解决，应当按审核意见办理后重新送审')
    }
    if (!input.decision.trim()) throw ruleViolation('DECISION_REQUIRED', '须写明决定内容')
    const marks = decisionMarks(input.outcome, round.passes)
    if ((marks.againstProposal || marks.againstOpinion) && !input.reason.trim()) {
      throw ruleViolation('DECISION_REASON_REQUIRED', '未采纳承办机构建议或者法制审核意见的，须写明理由')
    }
    const { rows: ins } = await withCaseRules(() =>
      tx.query<{ againstProposal: boolean; againstOpinion: boolean }>(
        `INSERT INTO legal_review_decision (review_id, round_id, outcome, decision, reason, decided_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING against_proposal AS "againstProposal", against_opinion AS "againstOpinion"`,
        [reviewId, round.roundId, input.outcome, input.decision.trim(), input.reason.trim(), user.id],
      ),
    )
    const stored = ins[0]!
    await audit(tx, { actor: user, ip, action: 'review.decide', entity: 'legal_review', entityId: reviewId, orgId: review.agencyId, detail: { outcome: input.outcome, ...stored } })
    return stored
  })
}

export type CaseResponsibility = {
  reviewId: string
  submittedBy: string[]
  reviewers: string[]
  head: string | null
  outcome: string | null
  againstProposal: boolean
  againstOpinion: boolean
  reason: string
}

/** L-08: the responsibility record of every review of a case, with the marks, for the case page. */
export async function caseResponsibility(db: Db, user: AuthUser, caseId: string): Promise<{ marked: boolean; reviews: CaseResponsibility[] }> {
  const found = await findCase(db, caseId)
  if (!found) throw notFound('案件不存在')
  const { rows } = await db.query<CaseResponsibility & { path: string; bureauPath: string | null }>(
    `SELECT r.id AS "reviewId",
            array(SELECT DISTINCT u.display_name FROM legal_review_round x JOIN app_user u ON u.id = x.submitted_by WHERE x.review_id = r.id) AS "submittedBy",
            array(SELECT DISTINCT u.display_name FROM legal_review_round x JOIN legal_review_opinion o ON o.round_id = x.id
                   JOIN app_user u ON u.id = o.given_by WHERE x.review_id = r.id) AS reviewers,
            hu.display_name AS head, d.outcome, coalesce(d.against_proposal, false) AS "againstProposal",
            coalesce(d.against_opinion, false) AS "againstOpinion", coalesce(d.reason, '') AS reason, a.path, b.path AS "bureauPath"
       FROM legal_review r JOIN enforcement_case c ON c.id = r.case_id JOIN org_node a ON a.id = c.agency_id
       LEFT JOIN legal_review_referral f ON f.review_id = r.id LEFT JOIN org_node b ON b.id = f.bureau_id
       LEFT JOIN legal_review_decision d ON d.review_id = r.id LEFT JOIN app_user hu ON hu.id = d.decided_by
      WHERE r.case_id = $1 ORDER BY r.submitted_at`,
    [caseId],
  )
  // the readers of the case's reviews (L-10, L-09: with the 司法局 a review was sent to)
  if (rows[0]) await requireReader(db, user, { id: rows[0].reviewId, path: found.path, bureauPath: rows[0].bureauPath })
  else {
    requireRole(user, 'officer', 'head', 'reviewer', 'supervisor')
    requireScope(user, found.path)
  }
  const reviews = rows.map(({ path: _p, bureauPath: _b, ...r }) => r)
  return { marked: reviews.some((r) => r.againstProposal || r.againstOpinion), reviews }
}
