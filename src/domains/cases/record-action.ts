import { prepared, type Db, type Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { inScope, requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { dueIn } from '../../platform/calendar/calendar-service.ts'
import { checkActingOfficers } from '../people/check-acting-officers.ts'
import { loadActionType, loadCaseModel, type ActionTypeModel } from './model.ts'
import { simplePenaltyProblem, STATEMENT_PERIOD_WORKING_DAYS, type SimplePenalty } from './rules.ts'
import { findCase, findCaseForAction, INSERTED_ACTION_COLUMNS, listActions, type ActionRow } from './store.ts'
import { withCaseRules } from './db-rules.ts'
import { afterActionRecorded } from './case-deadlines.ts'
import { assertMayRecord, isHeadFor } from './approvals-guard.ts'
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
  if (!within) {
    try {
      return await recordDirect(db, user, caseId, input, ip)
    } catch (error) {
      // Refused, or not sure: the full checks below give the answer, with their messages.
      // Anything else (the connection, the COMMIT itself) is not retried: the action might
      // have been recorded.
      if (!(error instanceof Undecided)) throw error
    }
  }
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

type CachedType = ActionTypeModel & { needsApproval: boolean; approvalStatute: string | null }

/**
 * the stage model per database (keyed by its pool), read once. Only migrations change
 * it (the app role may only read case_kind and case_action_type), and a stale entry can only
 * send a write to the full checks of recordAction, never past a rule: the insert trigger
 * reads the table itself.
 */
const typeCache = new WeakMap<object, Promise<Map<string, CachedType>>>()

function cachedActionTypes(db: Db): Promise<Map<string, CachedType>> {
  let cached = typeCache.get(db.pool)
  if (!cached) {
    cached = (async () => {
      const model = await loadCaseModel(db)
      const { rows } = await db.query<{ kind: string; code: string; needsApproval: boolean; approvalStatute: string | null }>(
        `SELECT kind, code, needs_approval AS "needsApproval", approval_statute AS "approvalStatute" FROM case_action_type`,
      )
      const approvals = new Map(rows.map((r) => [`${r.kind}\u0000${r.code}`, r]))
      const map = new Map<string, CachedType>()
      for (const k of model) {
        for (const t of k.actions) {
          const a = approvals.get(`${k.code}\u0000${t.code}`)
          map.set(`${k.code}\u0000${t.code}`, { ...t, needsApproval: a?.needsApproval ?? false, approvalStatute: a?.approvalStatute ?? null })
        }
      }
      return map
    })()
    typeCache.set(db.pool, cached)
    cached.catch(() => typeCache.delete(db.pool))
  }
  return cached
}

/** Thrown where the direct path cannot decide alone; recordAction then runs its full checks. */
class Undecided extends Error {}
const UNSURE = new Undecided('recordAction: full checks needed')

/** Any error inside the direct path's transaction (before its COMMIT) leaves the decision to the full checks. */
async function undecidedOnError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw error instanceof Undecided ? error : new Undecided('recordAction: full checks needed', { cause: error })
  }
}

/**
 * R-01 / R-02 / N-02: the same write as recordAction's full checks, in fewer trips, for an
 * action the rules allow. What it leaves out is held by the insert's own triggers with the
 * same rule: 回避 (case_action_recusal, the officers and the recorder's person) and the two
 * certified officers of an on-site act (case_action_check, assert_acting_officers). The
 * stage model comes from the cache, the case and the named people's organisations from one
 * query, and the action from the insert itself. Any refusal or doubt inside the transaction
 * throws Undecided (rolled back, nothing stays); the caller then runs the full checks in a
 * new transaction, which give the refusal its detailed {code, message}. A failure of the
 * COMMIT or the connection is thrown as it is.
 */
async function recordDirect(db: Db, user: AuthUser, caseId: string, input: RecordActionInput, ip?: string): Promise<ActionRow> {
  if (input.actedOn > todayInChina()) throw UNSURE
  const types = await cachedActionTypes(db) // before the transaction: it may need a connection of its own
  const officers = input.officers ?? []
  return db.tx((tx) => undecidedOnError(async () => {
    const found = await findCaseForAction(tx, caseId, officers)
    if (!found || !inScope(user, found.path)) throw UNSURE
    const type = types.get(`${found.kind}\u0000${input.type}`)
    if (!type) throw UNSURE
    if (type.needsApproval && !isHeadFor(user, found)) throw UNSURE
    const data: Record<string, unknown> = { ...input.data }
    await completeSimpleProcedureData(tx, found, input.type, input.actedOn, data)
    // F-05: everyone named for an on-site act lies in the recorder's scope (checkActingOfficers)
    if (type.onSite && found.personPaths.some((p) => !inScope(user, p))) throw UNSURE
    if (type.simplePenalty && simplePenaltyProblem(found.partyKind, data as SimplePenalty)) throw UNSURE
    if (type.opensStatementPeriod) {
      const due = await dueIn(tx, { from: input.actedOn, n: STATEMENT_PERIOD_WORKING_DAYS, mode: 'working', orgId: found.agencyId })
      data.statementDeadline = due.due
      data.statementDeadlineConfirmed = due.confirmed
    }
    await assertReviewGate(tx, caseId, { ...input, stage: type.stage }, data)
    // One statement: the action (its triggers take the case's lock), its F-06 audit event,
    // then the shared calendar lock the deadlines are computed under (afterActionRecorded).
    const { rows } = await tx.query<ActionRow>(
      prepared(`WITH a AS (
         INSERT INTO case_action (case_id, kind, type, acted_on, officers, data, supersedes_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8) RETURNING *
       ), e AS (
         INSERT INTO audit_event (actor_id, actor_name, ip, action, entity, entity_id, org_id, reason, detail)
         SELECT $8::uuid, $9::text, $10::text, $11::text, 'case_action', a.id::text, $12::uuid, NULL, $13::jsonb FROM a
       )
       SELECT ${INSERTED_ACTION_COLUMNS}, pg_advisory_xact_lock_shared(calendar_lock_key()) IS NULL AS "calendarLocked" FROM a`),
      [
        caseId, found.kind, input.type, input.actedOn, officers, JSON.stringify(data), input.supersedesId ?? null, user.id,
        user.displayName, ip ?? null, input.supersedesId ? 'case.action.correct' : 'case.action.record', found.agencyId,
        JSON.stringify({ caseId, type: input.type, actedOn: input.actedOn, supersedesId: input.supersedesId ?? null }),
      ],
    )
    const { calendarLocked: _locked, ...action } = rows[0]! as ActionRow & { calendarLocked: boolean }
    await afterActionRecorded(tx, found, { type: input.type, data }, { calendarLocked: true })
    return action
  }))
}
