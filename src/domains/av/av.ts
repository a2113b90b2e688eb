import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { badRequest, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { findCase } from '../cases/store.ts'

export type AvEntry = {
  id: string
  agencyId: string | null
  kind: string
  actionType: string
  dataKey: string | null
  dataValue: string | null
  act: string
  level: 'required' | 'expected'
  recordedHow: string
  source: string
  effectiveFrom: string
}

const ENTRY_COLUMNS = `e.id, e.agency_id AS "agencyId", e.kind, e.action_type AS "actionType", e.data_key AS "dataKey",
  e.data_value AS "dataValue", e.act, e.level, e.recorded_how AS "recordedHow", e.source, e.effective_from::text AS "effectiveFrom"`

/**
 * the 音像记录事项清单 in effect for an agency on a day: its own entries and the
 * national default, the agency's entry replacing the default for the same act.
 */
export async function avList(db: Queryable, agencyId: string, on = todayInChina()): Promise<AvEntry[]> {
  const { rows } = await db.query<AvEntry>(
    `SELECT DISTINCT ON (e.kind, e.action_type, e.data_key, e.data_value) ${ENTRY_COLUMNS}
       FROM av_list_entry e
      WHERE (e.agency_id IS NULL OR e.agency_id = $1) AND e.effective_from <= $2
      ORDER BY e.kind, e.action_type, e.data_key, e.data_value, (e.agency_id IS NOT NULL) DESC, e.effective_from DESC, e.n DESC`,
    [agencyId, on],
  )
  return rows
}

async function agencyPath(db: Queryable, agencyId: string): Promise<string> {
  const { rows } = await db.query<{ path: string }>(`SELECT path FROM org_node WHERE id = $1 AND kind = 'agency'`, [agencyId])
  if (!rows[0]) throw notFound('机构不存在')
  return rows[0].path
}

/** the list an officer (read-only) or admin sees for an agency in scope. */
export async function readAvList(db: Db, user: AuthUser, agencyId = user.orgId): Promise<AvEntry[]> {
  requireScope(user, await agencyPath(db, agencyId))
  return avList(db, agencyId)
}

export type NewAvEntry = {
  agencyId?: string
  kind: string
  actionType: string
  dataKey?: string
  dataValue?: string
  act: string
  level: 'required' | 'expected'
  recordedHow: string
  source: string
  effectiveFrom?: string
}

/** an admin adds an entry to the agency's own list (overriding the default for that act from its date). */
export async function addAvEntry(db: Db, user: AuthUser, input: NewAvEntry, ip?: string): Promise<AvEntry> {
  requireRole(user, 'admin')
  const agencyId = input.agencyId ?? user.orgId
  requireScope(user, await agencyPath(db, agencyId))
  if ((input.dataKey == null) !== (input.dataValue == null)) throw badRequest('AV_ENTRY_DATA', '限定字段与取值须同时填写')
  return db.tx(async (tx) => {
    const known = await tx.query(`SELECT 1 FROM case_action_type WHERE kind = $1 AND code = $2`, [input.kind, input.actionType])
    if (!known.rows[0]) throw ruleViolation('CASE_ACTION_TYPE', `${input.kind}案件没有“${input.actionType}”环节`)
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO av_list_entry (agency_id, kind, action_type, data_key, data_value, act, level, recorded_how, source, effective_from, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [agencyId, input.kind, input.actionType, input.dataKey ?? null, input.dataValue ?? null, input.act, input.level, input.recordedHow, input.source,
        input.effectiveFrom ?? todayInChina(), user.id],
    )
    const id = rows[0]!.id
    await audit(tx, { actor: user, ip, action: 'av.list.add', entity: 'av_list_entry', entityId: id, orgId: agencyId, detail: { ...input, agencyId } })
    const out = await tx.query<AvEntry>(`SELECT ${ENTRY_COLUMNS} FROM av_list_entry e WHERE e.id = $1`, [id])
    return out.rows[0]!
  })
}

export type AvStatus = {
  actionId: string
  type: string
  actedOn: string
  act: string | null
  level: 'required' | 'expected' | null
  recordedHow: string | null
  source: string | null
  hasRecording: boolean
  absenceReason: string | null
  satisfied: boolean
}

/** each live action of a case against the list: required/expected, satisfied or not. */
export async function caseAvStatus(db: Queryable, user: AuthUser, caseId: string): Promise<AvStatus[]> {
  const found = await findCase(db, caseId)
  if (!found) throw notFound('案件不存在')
  requireScope(user, found.path)
  const { rows } = await db.query<AvStatus>(
    `SELECT action_id AS "actionId", type, acted_on::text AS "actedOn", act, level, recorded_how AS "recordedHow", source,
            has_recording AS "hasRecording", absence_reason AS "absenceReason",
            (level IS NULL OR has_recording OR (level = 'expected' AND absence_reason IS NOT NULL)) AS satisfied
       FROM av_action_status WHERE case_id = $1 ORDER BY n`,
    [caseId],
  )
  return rows
}

/** records why an expected recording of an action is absent. */
export async function recordAvAbsence(db: Db, user: AuthUser, caseId: string, actionId: string, reason: string, ip?: string): Promise<AvStatus> {
  requireRole(user, 'officer', 'head', 'reviewer')
  return db.tx(async (tx) => {
    const found = await findCase(tx, caseId)
    if (!found) throw notFound('案件不存在')
    requireScope(user, found.path)
    const status = (await caseAvStatus(tx, user, caseId)).find((s) => s.actionId === actionId)
    if (!status) throw notFound('执法行为不存在')
    if (status.level === 'required') throw ruleViolation('AV_REQUIRED', `“${status.type}”（${status.act}）按音像记录事项清单须${status.recordedHow}记录，不能以说明原因代替`)
    if (status.level === null) throw ruleViolation('AV_NOT_LISTED', `“${status.type}”不在音像记录事项清单内，无须说明`)
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO av_absence_reason (action_id, reason, recorded_by) VALUES ($1, $2, $3) RETURNING id`,
      [actionId, reason.trim(), user.id],
    )
    await audit(tx, { actor: user, ip, action: 'av.absence.record', entity: 'av_absence_reason', entityId: rows[0]!.id, orgId: found.agencyId, detail: { caseId, actionId, reason } })
    return (await caseAvStatus(tx, user, caseId)).find((s) => s.actionId === actionId)!
  })
}

export type AvAdvanceProblem = { code: 'AV_REQUIRED' | 'AV_REASON_REQUIRED'; message: string }

/**
 * whether recording an action of `type` now would be refused for an earlier listed act
 * without its recording (AV_REQUIRED) or reason (AV_REASON_REQUIRED), with the same code and
 * message as the case_action trigger (both come from av_advance_problem); null when it would
 * pass. `supersedesId`: the action a correction replaces. An unknown type is judged as a new stage.
 */
export async function avAdvanceProblem(db: Queryable, user: AuthUser, caseId: string, type: string, supersedesId?: string): Promise<AvAdvanceProblem | null> {
  const found = await findCase(db, caseId)
  if (!found) throw notFound('案件不存在')
  requireScope(user, found.path)
  const { rows } = await db.query<{ code: AvAdvanceProblem['code'] | null; message: string | null }>(
    `SELECT p.code, p.message FROM av_advance_problem($1, $2,
       (SELECT t.stage FROM case_action_type t WHERE t.kind = $3 AND t.code = $4)) p`,
    [caseId, supersedesId ?? null, found.kind, type],
  )
  const row = rows[0]
  return row?.code ? { code: row.code, message: row.message! } : null
}
