/**
 * L-06 (s002 §14(3)): the time limit of a round may be extended by 2 working days (setting
 * `review.extensionDays`, nearest up the tree) only with the approval of the 分管领导: the
 * reviewer asks, a head of the reviewing agency decides, and only an approval moves the due
 * date (view legal_review_round_due). One extension per round: a pending or approved request
 * blocks another (trigger legal_review_extension_legal, migration 0019).
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { dueIn } from '../../platform/calendar/calendar-service.ts'
import { withCaseRules } from '../cases/db-rules.ts'
import { currentAssignee, findReview, reviewingOrgId, reviewingPath } from './review.ts'

/** L-06: +2 working days with the 分管领导's approval (s002 §14(3)). */
export const EXTENSION_WORKING_DAYS = 2

/** L-06: the extension of the agency: setting `review.extensionDays` nearest up the tree, else 2. */
export async function extensionDays(q: Queryable, orgId: string): Promise<number> {
  const { rows } = await q.query<{ value: unknown }>(
    `SELECT s.value FROM setting s LEFT JOIN org_node so ON so.id = s.org_id, org_node a
      WHERE a.id = $1 AND s.key = 'review.extensionDays' AND (s.org_id IS NULL OR starts_with(a.path, so.path))
      ORDER BY length(so.path) DESC NULLS LAST LIMIT 1`,
    [orgId],
  )
  const v = rows[0]?.value
  return typeof v === 'number' && v >= 1 && v <= 30 ? Math.floor(v) : EXTENSION_WORKING_DAYS
}

/** L-06: the reviewer (the assignee, or a reviewer of the reviewing agency) asks for more time on the open round. */
export async function requestExtension(db: Db, user: AuthUser, reviewId: string, input: { reason: string }, ip?: string): Promise<{ id: string; days: number }> {
  requireRole(user, 'reviewer')
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review_round:' || $1::text))`, [reviewId])
    const review = await findReview(tx, reviewId)
    if (!review) throw notFound('审核不存在')
    const assignee = await currentAssignee(tx, reviewId)
    if (!(assignee !== null && assignee === user.personId)) requireScope(user, reviewingPath(review))
    if (assignee && assignee !== user.personId) throw ruleViolation('REVIEW_ASSIGNED_TO_OTHER', '本案已分配给其他法制审核人员')
    if (!input.reason.trim()) throw ruleViolation('EXTENSION_REASON_REQUIRED', '申请延长审核期限须写明理由')
    const { rows: rounds } = await tx.query<{ id: string; n: number; open: boolean }>(
      `SELECT x.id, x.n, NOT EXISTS (SELECT 1 FROM legal_review_opinion o WHERE o.round_id = x.id) AS open
         FROM legal_review_round x WHERE x.review_id = $1 ORDER BY x.n DESC LIMIT 1`,
      [reviewId],
    )
    const round = rounds[0]!
    if (!round.open) throw ruleViolation('ROUND_CLOSED', '该轮审核已结束，不能延长审核期限')
    const { rows: earlier } = await tx.query<{ approved: boolean | null }>(
      `SELECT d.approved FROM legal_review_extension e LEFT JOIN legal_review_extension_decision d ON d.extension_id = e.id
        WHERE e.round_id = $1 AND (d.extension_id IS NULL OR d.approved)`,
      [round.id],
    )
    if (earlier[0]) {
      throw ruleViolation('EXTENSION_ONCE', earlier[0].approved ? '审核期限已经延长过一次，不能再次延长' : '已有待批准的延期申请')
    }
    const days = await extensionDays(tx, reviewingOrgId(review))
    const { rows } = await withCaseRules(() =>
      tx.query<{ id: string }>(
        `INSERT INTO legal_review_extension (round_id, days, reason, requested_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [round.id, days, input.reason.trim(), user.id],
      ),
    )
    const id = rows[0]!.id
    await audit(tx, { actor: user, ip, action: 'review.extension.request', entity: 'legal_review', entityId: reviewId, orgId: review.agencyId, detail: { round: round.n, days } })
    return { id, days }
  })
}

type ExtensionRow = { id: string; reviewId: string; roundId: string; days: number; dueOn: string; decided: boolean }

/**
 * L-06: the 分管领导 (a head of the reviewing agency) approves or rejects; an approval moves the
 * due date by the requested working days on the F-04 calendar, a rejection states why.
 */
export async function decideExtension(
  db: Db,
  user: AuthUser,
  extensionId: string,
  input: { approve: boolean; opinion: string },
  ip?: string,
): Promise<{ approved: boolean; dueOn: string }> {
  requireRole(user, 'head')
  return db.tx(async (tx) => {
    const { rows } = await tx.query<ExtensionRow>(
      `SELECT e.id, x.review_id AS "reviewId", x.id AS "roundId", e.days, to_char(x.due_on, 'YYYY-MM-DD') AS "dueOn",
              EXISTS (SELECT 1 FROM legal_review_extension_decision d WHERE d.extension_id = e.id) AS decided
         FROM legal_review_extension e JOIN legal_review_round x ON x.id = e.round_id WHERE e.id = $1`,
      [extensionId],
    )
    const ext = rows[0]
    if (!ext) throw notFound('延期申请不存在')
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review_round:' || $1::text))`, [ext.reviewId])
    const review = (await findReview(tx, ext.reviewId))!
    requireScope(user, reviewingPath(review))
    if (ext.decided) throw conflict('EXTENSION_DECIDED', '该延期申请已经审批')
    const opinion = input.opinion.trim()
    if (!input.approve && !opinion) throw ruleViolation('EXTENSION_OPINION_REQUIRED', '不予批准须写明意见')
    const dueOn = input.approve
      ? (await dueIn(tx, { from: ext.dueOn, n: ext.days, mode: 'working', orgId: review.agencyId })).due
      : ext.dueOn
    await withCaseRules(() =>
      tx.query(
        `INSERT INTO legal_review_extension_decision (extension_id, approved, opinion, due_on, decided_by) VALUES ($1, $2, $3, $4, $5)`,
        [extensionId, input.approve, opinion, input.approve ? dueOn : null, user.id],
      ),
    )
    await audit(tx, {
      actor: user, ip, action: input.approve ? 'review.extension.approve' : 'review.extension.reject',
      entity: 'legal_review', entityId: ext.reviewId, orgId: review.agencyId, detail: { extensionId, dueOn },
    })
    return { approved: input.approve, dueOn }
  })
}

/** L-06: the extension requests a head of the reviewing agency has to decide. */
export async function listPendingExtensions(db: Db, user: AuthUser) {
  requireRole(user, 'head')
  const { rows } = await db.query<{ id: string; reviewId: string; caseNumber: string; round: number; days: number; reason: string; requestedBy: string; dueOn: string }>(
    `SELECT e.id, r.id AS "reviewId", c.number AS "caseNumber", x.n AS round, e.days, e.reason, u.display_name AS "requestedBy",
            to_char(x.due_on, 'YYYY-MM-DD') AS "dueOn"
       FROM legal_review_extension e JOIN legal_review_round x ON x.id = e.round_id JOIN legal_review r ON r.id = x.review_id
       JOIN enforcement_case c ON c.id = r.case_id JOIN org_node a ON a.id = c.agency_id JOIN app_user u ON u.id = e.requested_by
       LEFT JOIN legal_review_referral f ON f.review_id = r.id LEFT JOIN org_node b ON b.id = f.bureau_id
      WHERE starts_with(coalesce(b.path, a.path), $1)
        AND NOT EXISTS (SELECT 1 FROM legal_review_extension_decision d WHERE d.extension_id = e.id)
      ORDER BY e.requested_at LIMIT 500`,
    [user.scopePath],
  )
  return rows
}
