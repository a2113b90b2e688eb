import type { Db, Queryable } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { hasRole, requireScope } from '../../../platform/access/scope.ts'
import { audit } from '../../../platform/audit/audit.ts'
import { AppError, forbidden, notFound } from '../../../platform/http/errors.ts'
import { findCase, type CaseRow } from '../store.ts'
import { isHandlingStaff, secrecyRefusal, SECRECY_LABELS, type SecrecyLevel } from './rules.ts'
import { caseMarks, findOpenAccess, userClearances, type SecrecyEntity } from './store.ts'

export type ReadTarget = 'case' | 'actions' | 'attachments' | 'attachment' | 'document' | 'case-file'

/** Who reads a case and how: as its handling staff, or through an open 调阅. */
export type CaseReader = {
  user: AuthUser
  row: CaseRow
  handlingStaff: boolean
  accessId: string | null
  accessReason: string | null
  clearances: Set<SecrecyLevel>
  marks: Map<string, SecrecyLevel | null>
}

export const secrecyRefused = (message: string) => new AppError(403, 'SECRECY', message)

/** the mark of one entity of the case (an attachment falls back to its mark at upload). */
export function markOf(reader: Pick<CaseReader, 'marks'>, entity: SecrecyEntity, id: string, atUpload?: SecrecyLevel | null): SecrecyLevel | null {
  const key = `${entity}:${id}`
  return reader.marks.has(key) ? reader.marks.get(key)! : (atUpload ?? null)
}

/** why this reader may not open an item of the case, or null. The case's own mark applies to all of it. */
export function itemRefusal(reader: CaseReader, entity: SecrecyEntity, id: string, atUpload?: SecrecyLevel | null): string | null {
  return secrecyRefusal([markOf(reader, 'case', reader.row.id), entity === 'case' ? null : markOf(reader, entity, id, atUpload)], reader)
}

/**
 * R-11 / R-10 / F-05: opens a case for reading. The owning agency's officers, heads and
 * reviewers read as before; anyone else (a supervisor above all) reads only during an open
 * 调阅 and never beyond their data scope. A case marked secret opens only for the cleared.
 */
export async function openCaseForRead(db: Queryable, user: AuthUser, caseId: string): Promise<CaseReader> {
  const row = await findCase(db, caseId)
  if (!row) throw notFound('案件不存在')
  requireScope(user, row.path)
  const handlingStaff = isHandlingStaff(user, row.path)
  let accessId: string | null = null
  let accessReason: string | null = null
  if (!handlingStaff) {
    const access = await findOpenAccess(db, user.id, caseId)
    if (!access) {
      throw hasRole(user, 'supervisor')
        ? new AppError(403, 'RECORD_ACCESS_REQUIRED', '查阅其他机关的案件须先申请调阅并说明理由（POST /api/cases/:id/access）')
        : forbidden('只有本案所属机关的办案人员、审核人员和负责人可以查阅该案件')
    }
    accessId = access.id
    accessReason = access.reason
  }
  const [clearances, marks] = await Promise.all([userClearances(db, user.id), caseMarks(db, caseId)])
  const reader: CaseReader = { user, row, handlingStaff, accessId, accessReason, clearances, marks }
  const refusal = itemRefusal(reader, 'case', caseId)
  if (refusal) throw secrecyRefused(refusal)
  return reader
}

/**
 * F-06 / R-11: records one read. During a 调阅 the read is audited with the access id and
 * listed under that access for the owning agency; other reads of protected material
 * (attachments, the case file) are audited too.
 */
export async function recordRead(
  db: Db,
  reader: CaseReader,
  input: { target: ReadTarget; entityId?: string; ip?: string; protectedMaterial?: boolean },
): Promise<void> {
  if (!reader.accessId && !input.protectedMaterial) return
  await db.tx(async (tx) => {
    if (reader.accessId) {
      await tx.query(`INSERT INTO record_access_read (access_id, entity, entity_id) VALUES ($1, $2, $3)`, [
        reader.accessId,
        input.target,
        input.entityId ?? null,
      ])
    }
    await audit(tx, {
      actor: reader.user,
      ip: input.ip,
      action: `case.read.${input.target}`,
      entity: input.target === 'case' || input.target === 'actions' ? 'enforcement_case' : input.target,
      entityId: input.entityId ?? reader.row.id,
      orgId: reader.row.agencyId,
      reason: reader.accessReason,
      detail: { caseId: reader.row.id, recordAccessId: reader.accessId },
    })
  })
}

/**
 * in a list of cases, a case whose mark the user may not open shows neither its party
 * nor its summary (the number and stage stay, so a supervisor can still open a 调阅).
 */
export async function concealMarkedCases<T extends CaseRow>(db: Queryable, user: AuthUser, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows
  const { rows: marks } = await db.query<{ caseId: string; level: SecrecyLevel | null }>(
    `SELECT DISTINCT ON (case_id) case_id AS "caseId", level FROM secrecy_mark
      WHERE entity = 'case' AND case_id = ANY($1::uuid[]) ORDER BY case_id, id DESC`,
    [rows.map((r) => r.id)],
  )
  const marked = new Map(marks.filter((m) => m.level).map((m) => [m.caseId, m.level!]))
  if (marked.size === 0) return rows
  const clearances = await userClearances(db, user.id)
  return rows.map((row) => {
    const level = marked.get(row.id)
    if (!level || !secrecyRefusal([level], { handlingStaff: isHandlingStaff(user, row.path), clearances })) return row
    const hidden = `（${SECRECY_LABELS[level]}，已隐去）`
    return { ...row, partyName: hidden, summary: hidden }
  })
}
