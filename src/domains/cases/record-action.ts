import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { dueIn } from '../../platform/calendar/calendar-service.ts'
import { checkActingOfficers } from '../people/check-acting-officers.ts'
import { loadActionType } from './model.ts'
import { simplePenaltyProblem, STATEMENT_PERIOD_WORKING_DAYS, type SimplePenalty } from './rules.ts'
import { findCase, listActions, type ActionRow } from './store.ts'
import { withCaseRules } from './db-rules.ts'
import { afterActionRecorded } from './case-deadlines.ts'
import { assertMayRecord } from './approvals-guard.ts'
import { completeSimpleProcedureData } from './simple-procedure.ts'
import { assertReviewGate } from '../review/catalogue.ts'

export type RecordActionInput = {
  type: string
  actedOn: string
  officers?: string[]
  data?: Record<string, string | number | boolean | null>
  supersedesId?: string
}

/**
 * appends one action to a case. The database's trigger decides whether the
 * sequence is legal; this adds what needs the application: the user's scope, the
 * 陈述申辩 deadline in working days (F-04), and readable details for officers and limits.
 * `within`: the caller's transaction, when the action is part of a larger write (R-01: a
 * head's approval records the approved action).
 */
export async function recordAction(db: Db, user: AuthUser, caseId: string, input: RecordActionInput, ip?: string, within?: Queryable): Promise<ActionRow> {
  requireRole(user, 'officer', 'head', 'reviewer')
  const inTx = <T>(fn: (tx: Queryable) => Promise<T>) => (within ? fn(within) : db.tx(fn))
  return inTx(async (tx) => {
    const found = await findCase(tx, caseId)
    if (!found) throw notFound('案件不存在')
    requireScope(user, found.path)
    if (input.actedOn > todayInChina()) throw ruleViolation('CASE_DATE_FUTURE', '执法行为的日期不得晚于今天')
    const type = await loadActionType(tx, found.kind, input.type)
    if (!type) throw ruleViolation('CASE_ACTION_TYPE', `${found.kind}案件没有“${input.type}”环节`)
    const data: Record<string, unknown> = { ...input.data }
    const officers = input.officers ?? []
    await assertMayRecord(tx, user, found, input.type, officers)
    await completeSimpleProcedureData(tx, found, input.type, input.actedOn, data)
    if (type.onSite) await checkActingOfficers(tx, user, officers, input.actedOn)
    if (type.simplePenalty) {
      const problem = simplePenaltyProblem(found.partyKind, data as SimplePenalty)
      if (problem) throw ruleViolation('SIMPLE_PROCEDURE_LIMIT', problem)
    }
    if (type.opensStatementPeriod) {
      const due = await dueIn(tx, { from: input.actedOn, n: STATEMENT_PERIOD_WORKING_DAYS, mode: 'working', orgId: found.agencyId })
      data.statementDeadline = due.due
      data.statementDeadlineConfirmed = due.confirmed
    }
    await assertReviewGate(tx, caseId, { ...input, stage: type.stage }, data)
    const { rows } = await withCaseRules(() =>
      tx.query<{ id: string }>(
        `INSERT INTO case_action (case_id, kind, type, acted_on, officers, data, supersedes_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8) RETURNING id`,
        [caseId, found.kind, input.type, input.actedOn, officers, JSON.stringify(data), input.supersedesId ?? null, user.id],
      ),
    )
    const id = rows[0]!.id
    await afterActionRecorded(tx, found, { type: input.type, data })
    await audit(tx, {
      actor: user,
      ip,
      action: input.supersedesId ? 'case.action.correct' : 'case.action.record',
      entity: 'case_action',
      entityId: id,
      orgId: found.agencyId,
      detail: { caseId, type: input.type, actedOn: input.actedOn, supersedesId: input.supersedesId ?? null },
    })
    return (await listActions(tx, caseId)).find((a) => a.id === id)!
  })
}
