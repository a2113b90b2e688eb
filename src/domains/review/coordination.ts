/**
 * L-07 (s000, s001, s004): when the handling unit disagrees with a 暂不同意/不同意, it records its
 * 意见 and the coordination held with the review unit (participants, outcome). A resolved
 * disagreement goes back into the rounds (the unit answers and resubmits); an unresolved one goes
 * to the head to decide (responsibility.ts). Trigger legal_review_coordination_legal (migration 0019).
 */
import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { withCaseRules } from '../cases/db-rules.ts'
import { findReview } from './review.ts'

export type CoordinationInput = { unitOpinion: string; participants: string[]; outcome: string; resolved: boolean }

/** L-07: the handling unit's 意见 on the latest round's 暂不同意/不同意 and the coordination record. */
export async function recordCoordination(db: Db, user: AuthUser, reviewId: string, input: CoordinationInput, ip?: string): Promise<{ id: string; escalated: boolean }> {
  requireRole(user, 'officer', 'head')
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review_round:' || $1::text))`, [reviewId])
    const review = await findReview(tx, reviewId)
    if (!review) throw notFound('审核不存在')
    requireScope(user, review.path)
    const participants = [...new Set(input.participants.map((p) => p.trim()).filter(Boolean))]
    if (!input.unitOpinion.trim()) throw ruleViolation('UNIT_OPINION_REQUIRED', '须写明承办机构的意见')
    if (!participants.length) throw ruleViolation('COORDINATION_PARTICIPANTS', '须写明参加协调的人员')
    if (!input.outcome.trim()) throw ruleViolation('COORDINATION_OUTCOME', '须写明协调结果')
    const { rows } = await tx.query<{ roundId: string; n: number; passes: boolean | null; decided: boolean }>(
      `SELECT x.id AS "roundId", x.n, k.passes, EXISTS (SELECT 1 FROM legal_review_decision d WHERE d.review_id = x.review_id) AS decided
         FROM legal_review_round x LEFT JOIN legal_review_opinion o ON o.round_id = x.id LEFT JOIN review_opinion_kind k ON k.code = o.kind
        WHERE x.review_id = $1 ORDER BY x.n DESC LIMIT 1`,
      [reviewId],
    )
    const round = rows[0]!
    if (round.decided) throw conflict('REVIEW_DECIDED', '负责人已作出决定')
    if (round.passes !== false) throw ruleViolation('NO_DISAGREEMENT', '只有对暂不同意、不同意的审核意见有分歧时才需协调')
    const { rows: ins } = await withCaseRules(() =>
      tx.query<{ id: string }>(
        `INSERT INTO legal_review_coordination (round_id, unit_opinion, participants, outcome, resolved, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [round.roundId, input.unitOpinion.trim(), participants, input.outcome.trim(), input.resolved, user.id],
      ),
    )
    const id = ins[0]!.id
    await audit(tx, {
      actor: user, ip, action: 'review.coordination', entity: 'legal_review', entityId: reviewId, orgId: review.agencyId,
      detail: { round: round.n, resolved: input.resolved },
    })
    return { id, escalated: !input.resolved }
  })
}

/** L-07: the disagreements a head has to decide: the latest coordination on the latest round is unresolved, no decision yet. */
export async function listEscalations(db: Db, user: AuthUser) {
  requireRole(user, 'head')
  const { rows } = await db.query<{ reviewId: string; caseId: string; caseNumber: string; partyName: string; round: number; opinionKind: string; unitOpinion: string; outcome: string; participants: string[] }>(
    `SELECT r.id AS "reviewId", r.case_id AS "caseId", c.number AS "caseNumber", c.party_name AS "partyName", x.n AS round,
            o.kind AS "opinionKind", lc.unit_opinion AS "unitOpinion", lc.outcome, lc.participants
       FROM legal_review r JOIN enforcement_case c ON c.id = r.case_id JOIN org_node a ON a.id = c.agency_id
       JOIN LATERAL (SELECT * FROM legal_review_round y WHERE y.review_id = r.id ORDER BY y.n DESC LIMIT 1) x ON true
       JOIN legal_review_opinion o ON o.round_id = x.id
       JOIN LATERAL (SELECT * FROM legal_review_coordination z WHERE z.round_id = x.id ORDER BY z.n DESC LIMIT 1) lc ON true
      WHERE starts_with(a.path, $1) AND NOT lc.resolved
        AND NOT EXISTS (SELECT 1 FROM legal_review_decision d WHERE d.review_id = r.id)
      ORDER BY lc.recorded_at LIMIT 500`,
    [user.scopePath],
  )
  return rows
}
