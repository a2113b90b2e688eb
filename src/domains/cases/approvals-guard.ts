/**
 * R-01 / 处罚法43: who may record an action directly. Kept apart from approvals.ts so that
 * record-action.ts can call it without importing the approval flow that calls it back.
 */
import type { Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import type { Role } from '../../platform/access/roles.ts'
import { hasRole, inScope } from '../../platform/access/scope.ts'
import { ruleViolation } from '../../platform/http/errors.ts'
import { assertNotRecused } from './recusal.ts'
import type { CaseRow } from './store.ts'

/** F-05: the roles that read a case's approvals, recusals and collection (its own workers and the supervisors). */
export const CASE_READERS: Role[] = ['officer', 'head', 'reviewer', 'supervisor']

type ApprovalNeed = { needsApproval: boolean; statute: string | null }

export async function findApprovalNeed(q: Queryable, kind: string, type: string): Promise<ApprovalNeed | undefined> {
  const { rows } = await q.query<ApprovalNeed>(
    `SELECT needs_approval AS "needsApproval", approval_statute AS statute FROM case_action_type WHERE kind = $1 AND code = $2`,
    [kind, type],
  )
  return rows[0]
}

/** a head whose data scope holds the case's agency (the trigger's is_head_for()). */
export const isHeadFor = (user: AuthUser, found: Pick<CaseRow, 'path'>): boolean => hasRole(user, 'head') && inScope(user, found.path)

const approvalRequired = (type: string, statute: string | null) =>
  ruleViolation('APPROVAL_REQUIRED', `“${type}”须经行政机关负责人批准（${statute ?? '负责人批准'}），请提交负责人审批`)

/**
 * R-01 / 处罚法43: whether the user may record an action of `type` with `officers` directly:
 * only a head records a type that needs approval, and no recused person takes part. The
 * triggers of migration 0011 hold the same rules for every insert.
 */
export async function assertMayRecord(q: Queryable, user: AuthUser, found: CaseRow, type: string, officers: string[]): Promise<void> {
  const need = await findApprovalNeed(q, found.kind, type)
  if (need?.needsApproval && !isHeadFor(user, found)) throw approvalRequired(type, need.statute)
  await assertNotRecused(q, found.id, user, officers)
}

