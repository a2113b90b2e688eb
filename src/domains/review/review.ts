/**
 * 重大执法决定法制审核: submission (L-03), rounds and resubmission (L-05), the reviewer's
 * opinion with a finding on every checklist point (L-04), and on 同意 the passed 法制审核
 * action of the case in the same transaction. The database holds the rules of an opinion
 * (migration 0015, trigger legal_review_opinion_legal).
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { hasRole, inScope, requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { AppError, conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { dueIn } from '../../platform/calendar/calendar-service.ts'
import { findCase } from '../cases/store.ts'
import { recordAction } from '../cases/record-action.ts'
import { withCaseRules } from '../cases/db-rules.ts'
import { reviewNeed } from './catalogue.ts'
import { discretionFindings } from '../discretion/package-findings.ts'

export type Proposal = { decision: string; penalties: string[]; fineAmount?: number; basis: string; facts: string; reason: string }
export type Finding = { point: string; finding: '符合' | '不符合' | '不适用'; note?: string }
export type OpinionInput = { kind: string; reasons: string; findings: Finding[] }

/** L-06: 3 working days from receipt (s002 §14(3)). */
export const REVIEW_WORKING_DAYS = 3

export type ReviewHead = {
  id: string; caseId: string; caseNumber: string; caseKind: string; partyName: string; agencyId: string; path: string
  /** L-09: the 司法局 the review was sent to, if any. */
  bureauId: string | null; bureauPath: string | null
}

export async function findReview(q: Queryable, id: string): Promise<ReviewHead | undefined> {
  const { rows } = await q.query<ReviewHead>(
    `SELECT r.id, r.case_id AS "caseId", c.number AS "caseNumber", c.kind AS "caseKind", c.party_name AS "partyName",
            c.agency_id AS "agencyId", a.path, f.bureau_id AS "bureauId", b.path AS "bureauPath"
       FROM legal_review r JOIN enforcement_case c ON c.id = r.case_id JOIN org_node a ON a.id = c.agency_id
       LEFT JOIN legal_review_referral f ON f.review_id = r.id LEFT JOIN org_node b ON b.id = f.bureau_id
      WHERE r.id = $1`,
    [id],
  )
  return rows[0]
}

/** L-09: the reviewing organisation: the 司法局 a review was sent to, else the case's agency. */
export const reviewingPath = (review: ReviewHead): string => review.bureauPath ?? review.path
export const reviewingOrgId = (review: ReviewHead): string => review.bureauId ?? review.agencyId

/**
 * L-06: the due date of a round received on `received`: the agency's working days (setting
 * `review.workingDays`, nearest up the tree; default 3, 市场监管 10) on the F-04 calendar.
 */
export async function reviewDue(tx: Queryable, agencyId: string, received: string): Promise<string> {
  const { rows } = await tx.query<{ value: unknown }>(
    `SELECT s.value FROM setting s LEFT JOIN org_node so ON so.id = s.org_id, org_node a
      WHERE a.id = $1 AND s.key = 'review.workingDays' AND (s.org_id IS NULL OR starts_with(a.path, so.path))
      ORDER BY length(so.path) DESC NULLS LAST LIMIT 1`,
    [agencyId],
  )
  const days = typeof rows[0]?.value === 'number' && rows[0].value >= 1 ? Math.floor(rows[0].value) : REVIEW_WORKING_DAYS
  return (await dueIn(tx, { from: received, n: days, mode: 'working', orgId: agencyId })).due
}

async function addRound(tx: Queryable, user: AuthUser, reviewId: string, agencyId: string, n: number, proposal: Proposal, answer: string | null) {
  const due = { due: await reviewDue(tx, agencyId, todayInChina()) }
  await tx.query(
    `INSERT INTO legal_review_round (review_id, n, proposal, answer, due_on, submitted_by) VALUES ($1, $2, $3, $4, $5, $6)`,
    [reviewId, n, JSON.stringify(proposal), answer, due.due, user.id],
  )
}

/** L-03: the handling unit sends a case for review with its proposal and 情况说明; round 1 opens. */
export async function submitReview(
  db: Db,
  user: AuthUser,
  caseId: string,
  input: { proposal: Proposal; statement: string; flags: string[] },
  ip?: string,
): Promise<{ id: string }> {
  requireRole(user, 'officer', 'head')
  return db.tx(async (tx) => {
    const found = await findCase(tx, caseId)
    if (!found) throw notFound('案件不存在')
    requireScope(user, found.path)
    const missing: string[] = []
    if (!input.statement.trim()) missing.push('情况说明')
    if (!input.proposal.decision.trim()) missing.push('拟作决定')
    if (!input.proposal.basis.trim()) missing.push('法律依据')
    if (!input.proposal.facts.trim()) missing.push('事实依据')
    if (missing.length) throw new AppError(422, 'PACKAGE_INCOMPLETE', `送审材料不完整：缺少${missing.join('、')}`, { missing })
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review:' || $1::text))`, [caseId])
    const open = await tx.query(
      `SELECT 1 FROM legal_review r WHERE r.case_id = $1 AND NOT EXISTS (
         SELECT 1 FROM legal_review_round x JOIN legal_review_opinion o ON o.round_id = x.id JOIN review_opinion_kind k ON k.code = o.kind
          WHERE x.review_id = r.id AND k.passes)`,
      [caseId],
    )
    if (open.rowCount) throw new AppError(409, 'REVIEW_OPEN', '本案已在法制审核中')
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO legal_review (case_id, statement, flags, submitted_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [caseId, input.statement.trim(), input.flags, user.id],
    )
    const id = rows[0]!.id
    await addRound(tx, user, id, found.agencyId, 1, input.proposal, null)
    await audit(tx, { actor: user, ip, action: 'review.submit', entity: 'legal_review', entityId: id, orgId: found.agencyId, detail: { caseId } })
    return { id }
  })
}

/** F-03: the person the review is assigned to now (the latest assignment), if any. */
export async function currentAssignee(q: Queryable, reviewId: string): Promise<string | null> {
  const { rows } = await q.query<{ reviewerId: string }>(
    `SELECT reviewer_id AS "reviewerId" FROM legal_review_current_assignment WHERE review_id = $1`,
    [reviewId],
  )
  return rows[0]?.reviewerId ?? null
}

type RoundState = { id: string; n: number; proposal: Proposal; opinionKind: string | null; passes: boolean | null }

async function latestRound(q: Queryable, reviewId: string): Promise<RoundState> {
  const { rows } = await q.query<RoundState>(
    `SELECT x.id, x.n, x.proposal, o.kind AS "opinionKind", k.passes
       FROM legal_review_round x LEFT JOIN legal_review_opinion o ON o.round_id = x.id LEFT JOIN review_opinion_kind k ON k.code = o.kind
      WHERE x.review_id = $1 ORDER BY x.n DESC LIMIT 1`,
    [reviewId],
  )
  return rows[0]!
}

/** L-05: after 暂不同意/不同意 the handling unit answers and resubmits: round n+1, every round kept. */
export async function resubmitReview(
  db: Db,
  user: AuthUser,
  reviewId: string,
  input: { answer: string; proposal?: Proposal },
  ip?: string,
): Promise<{ id: string; round: number }> {
  requireRole(user, 'officer', 'head')
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review_round:' || $1::text))`, [reviewId])
    const review = await findReview(tx, reviewId)
    if (!review) throw notFound('审核不存在')
    requireScope(user, review.path)
    const last = await latestRound(tx, reviewId)
    if (last.opinionKind === null) throw ruleViolation('ROUND_OPEN', '本轮审核尚未提出意见，不能重新送审')
    if (last.passes) throw ruleViolation('REVIEW_PASSED', '审核已通过，无须重新送审')
    if (!input.answer.trim()) throw ruleViolation('ANSWER_REQUIRED', '重新送审须对审核意见作出答复')
    await addRound(tx, user, reviewId, review.agencyId, last.n + 1, input.proposal ?? last.proposal, input.answer.trim())
    await audit(tx, { actor: user, ip, action: 'review.resubmit', entity: 'legal_review', entityId: reviewId, orgId: review.agencyId, detail: { round: last.n + 1 } })
    return { id: reviewId, round: last.n + 1 }
  })
}

/**
 * L-04 / L-05: the reviewer's opinion on round n. Only a reviewer in scope, only on the open
 * latest round; on a passing kind the 法制审核 action (passed, reviewId, round) is recorded
 * in the same transaction (处罚法58).
 */
export async function giveOpinion(db: Db, user: AuthUser, reviewId: string, n: number, input: OpinionInput, ip?: string): Promise<{ id: string }> {
  requireRole(user, 'reviewer')
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review_round:' || $1::text))`, [reviewId])
    const review = await findReview(tx, reviewId)
    if (!review) throw notFound('审核不存在')
    // F-03: the assigned reviewer (also one of the shared pool, from another agency); else a
    // reviewer of the reviewing agency (L-09: the 司法局 a review was sent to)
    const assignee = await currentAssignee(tx, reviewId)
    const isAssignee = assignee !== null && assignee === user.personId
    if (!isAssignee) requireScope(user, reviewingPath(review))
    const last = await latestRound(tx, reviewId)
    if (last.passes) throw ruleViolation('NOT_IN_REVIEW', '案件不在法制审核中')
    if (assignee && !isAssignee) throw ruleViolation('REVIEW_ASSIGNED_TO_OTHER', '本案已分配给其他法制审核人员')
    if (n !== last.n || last.opinionKind !== null) throw ruleViolation('ROUND_CLOSED', '该轮审核已结束，不能再提出意见')
    const { rows: kinds } = await tx.query<{ passes: boolean; needsReasons: boolean }>(
      `SELECT passes, needs_reasons AS "needsReasons" FROM review_opinion_kind WHERE code = $1`,
      [input.kind],
    )
    const kind = kinds[0]
    if (!kind) throw ruleViolation('REVIEW_OPINION_KIND', `没有“${input.kind}”这种审核意见`)
    if (kind.needsReasons && !input.reasons.trim()) throw ruleViolation('REVIEW_REASONS_REQUIRED', `“${input.kind}”须写明理由`)
    const { rows: points } = await tx.query<{ code: string; title: string }>(`SELECT code, title FROM review_checklist_point ORDER BY sort`)
    const lacking = points.filter((p) => !input.findings.some((f) => f.point === p.code))
    if (lacking.length) {
      throw ruleViolation('REVIEW_CHECKLIST_INCOMPLETE', `审核要点须逐项填写审核结论：${lacking.map((p) => p.title).join('、')}`, { missing: lacking.map((p) => p.code) })
    }
    const { rows } = await withCaseRules(() =>
      tx.query<{ id: string }>(
        `INSERT INTO legal_review_opinion (round_id, kind, reasons, findings, given_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [last.id, input.kind, input.reasons.trim(), JSON.stringify(input.findings), user.id],
      ),
    )
    if (kind.passes && review.caseKind === '处罚-普通') {
      // F-03 / L-09: an assigned reviewer of the shared pool or the 司法局 records the result in the case's agency
      const recorder = isAssignee || (review.bureauPath !== null && inScope(user, review.bureauPath)) ? { ...user, scopePath: review.path } : user
      await recordAction(db, recorder, review.caseId, { type: '法制审核', actedOn: todayInChina(), data: { passed: true, reviewId, round: n } }, ip, tx)
    }
    await audit(tx, { actor: user, ip, action: 'review.opinion', entity: 'legal_review', entityId: reviewId, orgId: review.agencyId, detail: { round: n, kind: input.kind } })
    return { id: rows[0]!.id }
  })
}

/**
 * L-09 (s002 §14(1)): a major decision taken in the name of the government is reviewed by its
 * 司法局: the head of the case's agency sends the review there before any opinion; the bureau's
 * reviewers then take it in their queue, with the same rounds and opinions. Trigger
 * legal_review_referral_legal (migration 0019): only a registered bureau of the agency's own or
 * an upper government.
 */
export async function referToBureau(db: Db, user: AuthUser, reviewId: string, input: { bureauId: string; reason: string }, ip?: string): Promise<{ bureauId: string }> {
  requireRole(user, 'head')
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('legal_review_round:' || $1::text))`, [reviewId])
    const review = await findReview(tx, reviewId)
    if (!review) throw notFound('审核不存在')
    requireScope(user, review.path)
    if (review.bureauId) throw conflict('REVIEW_REFERRED', '本案已送司法行政部门审核')
    if (!input.reason.trim()) throw ruleViolation('REFERRAL_REASON_REQUIRED', '须写明以人民政府名义作出决定等送审理由')
    const { rows } = await tx.query(
      `SELECT 1 FROM justice_bureau j JOIN org_node b ON b.id = j.org_id JOIN org_node g ON g.id = b.parent_id WHERE j.org_id = $1 AND starts_with($2, g.path)`,
      [input.bureauId, review.path],
    )
    if (!rows.length) throw ruleViolation('REFERRAL_BUREAU', '只能送本级或者上级人民政府的司法行政部门审核')
    await withCaseRules(() =>
      tx.query(`INSERT INTO legal_review_referral (review_id, bureau_id, reason, referred_by) VALUES ($1, $2, $3, $4)`, [reviewId, input.bureauId, input.reason.trim(), user.id]),
    )
    await audit(tx, { actor: user, ip, action: 'review.refer', entity: 'legal_review', entityId: reviewId, orgId: review.agencyId, detail: { bureauId: input.bureauId } })
    return { bureauId: input.bureauId }
  })
}

/** L-09: registers an agency of the tree as a 司法局 that reviews for its government. */
export async function registerJusticeBureau(db: Db, user: AuthUser, orgId: string, ip?: string): Promise<{ orgId: string }> {
  requireRole(user, 'admin')
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ path: string; kind: string }>(`SELECT path, kind FROM org_node WHERE id = $1`, [orgId])
    if (!rows[0]) throw notFound('组织不存在')
    requireScope(user, rows[0].path)
    if (rows[0].kind !== 'agency') throw ruleViolation('BUREAU_NOT_AGENCY', '司法行政部门须是机关')
    const ins = await tx.query(`INSERT INTO justice_bureau (org_id) VALUES ($1) ON CONFLICT DO NOTHING`, [orgId])
    if (!ins.rowCount) throw conflict('BUREAU_EXISTS', '该机关已登记为司法行政部门')
    await audit(tx, { actor: user, ip, action: 'review.bureau.register', entity: 'justice_bureau', entityId: orgId, orgId })
    return { orgId }
  })
}

/** L-09: the 司法局 a case agency may send a review to: those of its own and upper governments. */
export async function listBureausFor(db: Db, user: AuthUser, reviewId: string) {
  const review = await findReview(db, reviewId)
  if (!review) throw notFound('审核不存在')
  await requireReader(db, user, review)
  const { rows } = await db.query<{ orgId: string; name: string }>(
    `SELECT j.org_id AS "orgId", b.name FROM justice_bureau j JOIN org_node b ON b.id = j.org_id JOIN org_node g ON g.id = b.parent_id
      WHERE starts_with($1, g.path) ORDER BY length(g.path) DESC`,
    [review.path],
  )
  return rows
}

export type ReviewStatus = '待分配' | '审核中' | '已退回' | '已通过' | '不同意'

const statusOf = (kind: string | null, passes: boolean | null, assigned: boolean): ReviewStatus =>
  kind === null ? (assigned ? '审核中' : '待分配') : passes ? '已通过' : kind === '不同意' ? '不同意' : '已退回'

/**
 * L-10: a review is read by the case's agency staff and by supervisors in scope (who write
 * nothing); L-09: also by the staff of the 司法局 it was sent to.
 */
export async function requireReader(q: Queryable, user: AuthUser, review: Pick<ReviewHead, 'id' | 'path' | 'bureauPath'>) {
  requireRole(user, 'officer', 'head', 'reviewer', 'supervisor')
  if (review.bureauPath && inScope(user, review.bureauPath)) return
  // F-03: the assigned reviewer, who may come from the shared pool
  if (user.personId && hasRole(user, 'reviewer') && (await currentAssignee(q, review.id)) === user.personId) return
  requireScope(user, review.path)
}

type ResponsibilityRow = {
  assignee: string | null
  decision: { outcome: string; decision: string; againstProposal: boolean; againstOpinion: boolean; reason: string; by: string; at: string } | null
  extension: { id: string; round: number; days: number; reason: string; requestedBy: string; status: string; dueOn: string | null; opinion: string | null; decidedBy: string | null } | null
  coordination: { round: number; unitOpinion: string; participants: string[]; outcome: string; resolved: boolean; by: string; at: string }[]
  referral: { bureauId: string; bureauName: string; reason: string; by: string; at: string } | null
}

/** L-06 … L-09: assignment, latest extension, coordination, the head's decision and the referral of a review. */
async function workflowOf(q: Queryable, id: string): Promise<ResponsibilityRow> {
  const { rows } = await q.query<ResponsibilityRow>(
    `SELECT (SELECT p.name FROM legal_review_current_assignment ca JOIN person p ON p.id = ca.reviewer_id WHERE ca.review_id = $1) AS assignee,
            (SELECT json_build_object('outcome', d.outcome, 'decision', d.decision, 'againstProposal', d.against_proposal,
                    'againstOpinion', d.against_opinion, 'reason', d.reason, 'by', u.display_name, 'at', d.decided_at)
               FROM legal_review_decision d JOIN app_user u ON u.id = d.decided_by WHERE d.review_id = $1) AS decision,
            (SELECT json_build_object('id', e.id, 'round', x.n, 'days', e.days, 'reason', e.reason, 'requestedBy', ru.display_name,
                    'status', CASE WHEN ed.extension_id IS NULL THEN 'pending' WHEN ed.approved THEN 'approved' ELSE 'rejected' END,
                    'dueOn', to_char(ed.due_on, 'YYYY-MM-DD'), 'opinion', ed.opinion, 'decidedBy', du.display_name)
               FROM legal_review_extension e JOIN legal_review_round x ON x.id = e.round_id JOIN app_user ru ON ru.id = e.requested_by
               LEFT JOIN legal_review_extension_decision ed ON ed.extension_id = e.id LEFT JOIN app_user du ON du.id = ed.decided_by
              WHERE x.review_id = $1 ORDER BY e.requested_at DESC LIMIT 1) AS extension,
            (SELECT coalesce(json_agg(json_build_object('round', x.n, 'unitOpinion', c.unit_opinion, 'participants', c.participants,
                    'outcome', c.outcome, 'resolved', c.resolved, 'by', u.display_name, 'at', c.recorded_at) ORDER BY c.n), '[]')
               FROM legal_review_coordination c JOIN legal_review_round x ON x.id = c.round_id JOIN app_user u ON u.id = c.recorded_by
              WHERE x.review_id = $1) AS coordination,
            (SELECT json_build_object('bureauId', f.bureau_id, 'bureauName', b.name, 'reason', f.reason, 'by', u.display_name, 'at', f.referred_at)
               FROM legal_review_referral f JOIN org_node b ON b.id = f.bureau_id JOIN app_user u ON u.id = f.referred_by WHERE f.review_id = $1) AS referral`,
    [id],
  )
  return rows[0]!
}

export async function getReview(db: Db, user: AuthUser, id: string) {
  const review = await findReview(db, id)
  if (!review) throw notFound('审核不存在')
  await requireReader(db, user, review)
  const { rows: rounds } = await db.query<{
    n: number; submittedAt: Date; submittedBy: string; answer: string | null; proposal: Proposal; dueOn: string
    opinion: { kind: string; reasons: string; findings: Finding[]; by: string; at: string } | null; passes: boolean | null
  }>(
    `SELECT x.n, x.submitted_at AS "submittedAt", su.display_name AS "submittedBy", x.answer, x.proposal, to_char(rd.due_on, 'YYYY-MM-DD') AS "dueOn",
            CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('kind', o.kind, 'reasons', o.reasons, 'findings', o.findings,
              'by', ou.display_name, 'at', o.given_at) END AS opinion, k.passes
       FROM legal_review_round x JOIN legal_review_round_due rd ON rd.round_id = x.id JOIN app_user su ON su.id = x.submitted_by
       LEFT JOIN legal_review_opinion o ON o.round_id = x.id LEFT JOIN app_user ou ON ou.id = o.given_by
       LEFT JOIN review_opinion_kind k ON k.code = o.kind
      WHERE x.review_id = $1 ORDER BY x.n`,
    [id],
  )
  const { rows: checklist } = await db.query<{ point: string; title: string }>(`SELECT code AS point, title FROM review_checklist_point ORDER BY sort`)
  const last = rounds[rounds.length - 1]!
  const reviewer = [...rounds].reverse().find((r) => r.opinion)?.opinion?.by ?? null
  const flow = await workflowOf(db, id)
  // D-02: the package shows the discretion findings on the proposal of the latest round
  const findings = await discretionFindings(db, review.caseId, last.proposal)
  const against = flow.decision ? flow.decision.againstProposal || flow.decision.againstOpinion : false
  return {
    id: review.id,
    caseId: review.caseId,
    caseNumber: review.caseNumber,
    status: statusOf(last.opinion?.kind ?? null, last.passes, flow.assignee !== null),
    needRules: (await reviewNeed(db, review.caseId)).rules.map(({ id, code, title }) => ({ id, code, title })),
    package: { items: [] as { key: string; title: string; present: boolean; refs: { kind: string; id: string; title: string }[] }[], missing: [] as string[], findings },
    checklist,
    rounds: rounds.map(({ passes: _p, submittedAt, ...r }) => ({ ...r, submittedAt: new Date(submittedAt).toISOString() })),
    assignee: flow.assignee,
    extension: flow.extension,
    coordination: flow.coordination.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
    referral: flow.referral && { ...flow.referral, at: new Date(flow.referral.at).toISOString() },
    decision: flow.decision && { ...flow.decision, at: new Date(flow.decision.at).toISOString() },
    // L-08: 承办人, 审核人, 负责人, and the mark of a decision against the proposal or the opinion
    responsibility: {
      handler: rounds[0]!.submittedBy,
      reviewer,
      head: flow.decision?.by ?? null,
      againstOpinion: against,
      againstProposal: flow.decision?.againstProposal ?? false,
      againstReviewOpinion: flow.decision?.againstOpinion ?? false,
      note: against ? flow.decision!.reason : '',
    },
  }
}

/**
 * The queue: mine (reviews a reviewer may take: in scope, unassigned or assigned to them), agency
 * (all in scope), submitted (those the user sent), by due date. L-09: reviews sent to a 司法局
 * are in the queues of its staff.
 */
export async function listReviews(db: Db, user: AuthUser, queue: 'mine' | 'agency' | 'submitted') {
  if (queue === 'mine') requireRole(user, 'reviewer')
  else requireRole(user, 'officer', 'head', 'reviewer', 'supervisor')
  const { rows } = await db.query<{
    id: string; caseId: string; caseNumber: string; caseKind: string; partyName: string; round: number; receivedAt: Date; dueOn: string
    kind: string | null; passes: boolean | null; reviewerName: string | null; extended: boolean; assigned: boolean
  }>(
    `SELECT r.id, r.case_id AS "caseId", c.number AS "caseNumber", c.kind AS "caseKind", c.party_name AS "partyName",
            x.n AS round, x.submitted_at AS "receivedAt", to_char(rd.due_on, 'YYYY-MM-DD') AS "dueOn", o.kind, k.passes,
            coalesce(ou.display_name, ap.name) AS "reviewerName", rd.extended, ca.reviewer_id IS NOT NULL AS assigned
       FROM legal_review r JOIN enforcement_case c ON c.id = r.case_id JOIN org_node a ON a.id = c.agency_id
       LEFT JOIN legal_review_referral f ON f.review_id = r.id LEFT JOIN org_node b ON b.id = f.bureau_id
       JOIN LATERAL (SELECT * FROM legal_review_round y WHERE y.review_id = r.id ORDER BY y.n DESC LIMIT 1) x ON true
       JOIN legal_review_round_due rd ON rd.round_id = x.id
       LEFT JOIN legal_review_opinion o ON o.round_id = x.id LEFT JOIN review_opinion_kind k ON k.code = o.kind
       LEFT JOIN app_user ou ON ou.id = o.given_by
       LEFT JOIN legal_review_current_assignment ca ON ca.review_id = r.id LEFT JOIN person ap ON ap.id = ca.reviewer_id
      WHERE CASE WHEN $2 = 'mine' THEN ca.reviewer_id = $4::uuid OR (starts_with(coalesce(b.path, a.path), $1) AND ca.reviewer_id IS NULL)
                 ELSE starts_with(a.path, $1) OR starts_with(b.path, $1) END
        AND ($2 <> 'submitted' OR r.submitted_by = $3)
      ORDER BY rd.due_on, r.submitted_at LIMIT 500`,
    [user.scopePath, queue, user.id, user.personId],
  )
  const today = todayInChina()
  return rows.map(({ kind, passes, receivedAt, assigned, ...r }) => {
    const status = statusOf(kind, passes, assigned)
    return { ...r, status, receivedAt: new Date(receivedAt).toISOString(), overdue: (status === '审核中' || status === '待分配') && r.dueOn < today }
  })
}

export const isReviewer = (user: AuthUser) => hasRole(user, 'reviewer')
