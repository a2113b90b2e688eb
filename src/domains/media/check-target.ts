import type { Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { badRequest, forbidden, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { findCase, type CaseRow } from '../cases/store.ts'
import { isHandlingStaff } from '../cases/record-access/rules.ts'
import type { MediaMetadata } from './metadata.ts'

/**
 * R-07 / F-05: whether this user may add this recording to its case, checked before a byte
 * is staged and again when it is ingested: handling staff of the case's agency within their
 * data scope, a case still open for material, an action of that case or a stage of its kind,
 * and a recorder who is a 执法人员. Returns the case and the stage the recording belongs to.
 */
export async function checkMediaTarget(db: Queryable, user: AuthUser, meta: MediaMetadata): Promise<{ found: CaseRow; stage: string | null }> {
  requireRole(user, 'officer', 'head', 'reviewer')
  const found = await findCase(db, meta.caseId)
  if (!found) throw notFound('案件不存在')
  requireScope(user, found.path)
  if (!isHandlingStaff(user, found.path)) throw forbidden('只有本案所属机关的办案人员可以添加音像记录')
  if (found.archived) throw ruleViolation('CASE_ARCHIVED', '案件已归档，不得再添加材料')
  let stage = meta.stage ?? null
  if (meta.actionId) {
    const { rows } = await db.query<{ stage: string }>(
      `SELECT t.stage FROM case_action a JOIN case_action_type t ON t.kind = a.kind AND t.code = a.type WHERE a.id = $1 AND a.case_id = $2`,
      [meta.actionId, meta.caseId],
    )
    if (!rows[0]) throw badRequest('ATTACHMENT_ACTION', '所附执法行为不属于该案件')
    stage ??= rows[0].stage
  } else if (stage) {
    const { rows } = await db.query(`SELECT 1 FROM case_action_type WHERE kind = $1 AND (stage = $2 OR code = $2) LIMIT 1`, [found.kind, stage])
    if (!rows[0]) throw badRequest('ATTACHMENT_STAGE', `${found.kind}案件没有“${stage}”环节`)
  }
  const { rows } = await db.query(`SELECT 1 FROM person WHERE id = $1 AND kind = 'officer'`, [meta.officer])
  if (!rows[0]) throw badRequest('MEDIA_OFFICER', '录制人必须是执法人员')
  return { found, stage }
}
