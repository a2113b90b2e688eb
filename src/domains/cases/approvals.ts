/**
 * the head's approval of 立案, measures and decisions. 强制法18(一) (实施前须向行政机关
 * 负责人报告并经批准), 强制法25 (延长经负责人批准), 处罚法57 (负责人审查后作出决定), 市场监督管理
 * 行政处罚程序规定20 (立案经负责人批准). Which action types need it is data
 * (case_action_type.needs_approval, migration 0011), where the insert trigger of case_action
 * enforces it; an officer asks for the approval, a head decides, and an approval records the
 * action in the same transaction.
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { recordAction, type RecordActionInput } from './record-action.ts'
import { assertNotRecused } from './recusal.ts'
import { findCase, type ActionRow } from './store.ts'
import { CASE_READERS, findApprovalNeed } from './approvals-guard.ts'
import { openCaseForRead, recordRead } from './record-access/case-read.ts'

export type ApprovalInput = RecordActionInput & { reason: string }
export type ApprovalDecisionInput = { approve: boolean; opinion: string }
export type ApprovalStatus = 'pending' | 'approved' | 'rejected'

export type ApprovalRow = {
  id: string
  caseId: string
  caseNumber: string
  caseKind: string
  partyName: string
  agencyId: string
  type: string
  actedOn: string
  officers: string[]
  data: Record<string, unknown>
  supersedesId: string | null
  reason: string
  requestedBy: { id: string; name: string }
  requestedAt: Date
  status: ApprovalStatus
  decision: { approved: boolean; opinion: string; decidedBy: { id: string; name: string }; decidedAt: Date; actionId: string | null } | null
}

const APPROVAL_SELECT = `
  SELECT r.id, r.case_id AS "caseId", c.number AS "caseNumber", c.kind AS "caseKind", c.party_name AS "partyName",
         c.agency_id AS "agencyId", r.type, to_char(r.acted_on, 'YYYY-MM-DD') AS "actedOn", r.officers::text[] AS officers,
         r.data, r.supersedes_id AS "supersedesId", r.reason,
         json_build_object('id', ru.id, 'name', ru.display_name) AS "requestedBy", r.requested_at AS "requestedAt",
         CASE WHEN d.id IS NULL THEN 'pending' WHEN d.approved THEN 'approved' ELSE 'rejected' END AS status,
         CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object(
           'approved', d.approved, 'opinion', d.opinion, 'decidedBy', json_build_object('id', du.id, 'name', du.display_name),
           'decidedAt', d.decided_at, 'actionId', d.action_id) END AS decision,
         a.path
    FROM case_approval_request r
    JOIN enforcement_case c ON c.id = r.case_id
    JOIN org_node a ON a.id = c.agency_id
    JOIN app_user ru ON ru.id = r.requested_by
    LEFT JOIN case_approval_decision d ON d.request_id = r.id
    LEFT JOIN app_user du ON du.id = d.decided_by`

type ApprovalDbRow = Omit<ApprovalRow, 'decision'> & { decision: (Omit<NonNullable<ApprovalRow['decision']>, 'decidedAt'> & { decidedAt: string }) | null; path: string }

const toApproval = ({ path: _path, decision, ...row }: ApprovalDbRow): ApprovalRow => ({
  ...row,
  decision: decision && { ...decision, decidedAt: new Date(decision.decidedAt) },
})

async function findApproval(q: Queryable, id: string): Promise<ApprovalDbRow | undefined> {
  const { rows } = await q.query<ApprovalDbRow>(`${APPROVAL_SELECT} WHERE r.id = $1`, [id])
  return rows[0]
}

/**
 * an officer asks the head to approve one action. The request must be legal now (the
 * database's case_sequence_problem()), so the head decides on something that can be recorded;
 * one request per case and type is pending at a time.
 */
export async function requestApproval(db: Db, user: AuthUser, caseId: string, input: ApprovalInput, ip?: string): Promise<ApprovalRow> {
  requireRole(user, 'officer', 'head')
  return db.tx(async (tx) => {
    const found = await findCase(tx, caseId)
    if (!found) throw notFound('案件不存在')
    requireScope(user, found.path)
    if (input.actedOn > todayInChina()) throw ruleViolation('CASE_DATE_FUTURE', '执法行为的日期不得晚于今天')
    const need = await findApprovalNeed(tx, found.kind, input.type)
    if (!need) throw ruleViolation('CASE_ACTION_TYPE', `${found.kind}案件没有“${input.type}”环节`)
    if (!need.needsApproval) throw ruleViolation('APPROVAL_NOT_NEEDED', `“${input.type}”无须负责人批准，可直接记录`)
    const officers = input.officers ?? []
    await assertNotRecused(tx, found.id, user, officers)
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('case_approval:' || $1::text))`, [caseId])
    const pending = await tx.query(
      `SELECT 1 FROM case_approval_request r WHERE r.case_id = $1 AND r.type = $2
          AND NOT EXISTS (SELECT 1 FROM case_approval_decision d WHERE d.request_id = r.id)`,
      [caseId, input.type],
    )
    if (pending.rowCount) throw conflict('APPROVAL_PENDING', `本案“${input.type}”已有待审批的申请`)
    const { rows: problems } = await tx.query<{ code: string | null; message: string | null }>(
      `SELECT code, message FROM case_sequence_problem($1, $2, $3::date, $4)`,
      [caseId, input.type, input.actedOn, input.supersedesId ?? null],
    )
    if (problems[0]?.code) throw ruleViolation(problems[0].code, problems[0].message ?? '违反办案规则')
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO case_approval_request (case_id, kind, type, acted_on, officers, data, supersedes_id, reason, requested_by)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8, $9) RETURNING id`,
      [caseId, found.kind, input.type, input.actedOn, officers, JSON.stringify(input.data ?? {}), input.supersedesId ?? null, input.reason, user.id],
    )
    const id = rows[0]!.id
    await audit(tx, {
      actor: user,
      ip,
      action: 'case.approval.request',
      entity: 'case_approval_request',
      entityId: id,
      orgId: found.agencyId,
      detail: { caseId, type: input.type, actedOn: input.actedOn },
    })
    return toApproval((await findApproval(tx, id))!)
  })
}

/** the requests of the head's scope, oldest first: those waiting, or those decided. */
export async function listApprovals(db: Db, user: AuthUser, status: 'pending' | 'decided'): Promise<ApprovalRow[]> {
  requireRole(user, 'head')
  const { rows } = await db.query<ApprovalDbRow>(
    `${APPROVAL_SELECT}
      WHERE starts_with(a.path, $1) AND (d.id IS NULL) = ($2 = 'pending')
      ORDER BY r.requested_at, r.n LIMIT 500`,
    [user.scopePath, status],
  )
  return rows.map(toApproval)
}

/** the requests of one case, for its agency's staff (or a supervisor during a 调阅, R-11). */
export async function listCaseApprovals(db: Db, user: AuthUser, caseId: string, ip?: string): Promise<ApprovalRow[]> {
  requireRole(user, ...CASE_READERS)
  const reader = await openCaseForRead(db, user, caseId)
  const { rows } = await db.query<ApprovalDbRow>(`${APPROVAL_SELECT} WHERE r.case_id = $1 ORDER BY r.n`, [caseId])
  await recordRead(db, reader, { target: 'actions', entityId: caseId, ip })
  return rows.map(toApproval)
}

/**
 * R-01 处罚法57, 强制法18/25: the head approves or rejects a request. An approval records the
 * action as the head's (data keeps requestedBy and approvalId) in the same transaction, so
 * when the action is not legal at this moment nothing is written and the request stays
 * pending. A rejection states the head's opinion.
 */
export async function decideApproval(
  db: Db,
  user: AuthUser,
  id: string,
  input: ApprovalDecisionInput,
  ip?: string,
): Promise<{ approval: ApprovalRow; action: ActionRow | null }> {
  requireRole(user, 'head')
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('case_approval_decision:' || $1::text))`, [id])
    const request = await findApproval(tx, id)
    if (!request) throw notFound('审批申请不存在')
    requireScope(user, request.path)
    if (request.status !== 'pending') throw conflict('APPROVAL_DECIDED', '该申请已经审批')
    const opinion = input.opinion.trim()
    if (!input.approve && !opinion) throw ruleViolation('APPROVAL_OPINION_REQUIRED', '不予批准须写明审批意见')
    let action: ActionRow | null = null
    if (input.approve) {
      // 处罚法43: nor is a request acted on when its author has since been recused
      const { rows: requester } = await tx.query<{ personId: string | null }>(`SELECT person_id AS "personId" FROM app_user WHERE id = $1`, [
        request.requestedBy.id,
      ])
      await assertNotRecused(tx, request.caseId, { personId: requester[0]?.personId ?? null }, [])
      const data = { ...(request.data as RecordActionInput['data']), requestedBy: request.requestedBy.id, approvalId: request.id }
      const actionInput: RecordActionInput = { type: request.type, actedOn: request.actedOn, officers: request.officers, data }
      if (request.supersedesId) actionInput.supersedesId = request.supersedesId
      action = await recordAction(db, user, request.caseId, actionInput, ip, tx)
    }
    await tx.query(
      `INSERT INTO case_approval_decision (request_id, approved, opinion, action_id, decided_by) VALUES ($1, $2, $3, $4, $5)`,
      [id, input.approve, opinion, action?.id ?? null, user.id],
    )
    await audit(tx, {
      actor: user,
      ip,
      action: input.approve ? 'case.approval.approve' : 'case.approval.reject',
      entity: 'case_approval_request',
      entityId: id,
      orgId: request.agencyId,
      detail: { caseId: request.caseId, type: request.type, actionId: action?.id ?? null, opinion },
    })
    return { approval: toApproval((await findApproval(tx, id))!), action }
  })
}
