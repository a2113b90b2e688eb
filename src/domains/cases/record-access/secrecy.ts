import type { Db } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../../platform/access/scope.ts'
import { audit } from '../../../platform/audit/audit.ts'
import { badRequest, forbidden, notFound } from '../../../platform/http/errors.ts'
import { findCase } from '../store.ts'
import { isHandlingStaff, type SecrecyLevel } from './rules.ts'
import type { SecrecyEntity } from './store.ts'

/**
 * an administrator grants or withdraws a user's clearance for one level; the latest
 * decision counts. Only for users of the administrator's scope.
 */
export async function decideClearance(
  db: Db,
  admin: AuthUser,
  input: { userId: string; level: SecrecyLevel; granted: boolean; reason: string },
  ip?: string,
): Promise<void> {
  requireRole(admin, 'admin')
  await db.tx(async (tx) => {
    const { rows } = await tx.query<{ path: string }>(
      `SELECT o.path FROM app_user u JOIN org_node o ON o.id = u.org_id WHERE u.id = $1`,
      [input.userId],
    )
    if (!rows[0]) throw notFound('用户不存在')
    requireScope(admin, rows[0].path)
    await tx.query(
      `INSERT INTO secrecy_clearance (user_id, level, granted, reason, decided_by) VALUES ($1, $2, $3, $4, $5)`,
      [input.userId, input.level, input.granted, input.reason.trim(), admin.id],
    )
    await audit(tx, {
      actor: admin,
      ip,
      action: input.granted ? 'secrecy.clearance.grant' : 'secrecy.clearance.withdraw',
      entity: 'app_user',
      entityId: input.userId,
      reason: input.reason.trim(),
      detail: { level: input.level },
    })
  })
}

/**
 * the handling staff mark (or, with level null, unmark) the case, one of its
 * documents or one of its attachments. Supervisors cannot: the database refuses them too.
 */
export async function markSecrecy(
  db: Db,
  user: AuthUser,
  caseId: string,
  input: { entity: SecrecyEntity; entityId?: string; level: SecrecyLevel | null; reason: string },
  ip?: string,
): Promise<{ entity: SecrecyEntity; entityId: string; level: SecrecyLevel | null }> {
  requireRole(user, 'officer', 'head', 'reviewer')
  return db.tx(async (tx) => {
    const found = await findCase(tx, caseId)
    if (!found) throw notFound('案件不存在')
    requireScope(user, found.path)
    if (!isHandlingStaff(user, found.path)) throw forbidden('只有本案所属机关的办案人员可以标注密级')
    const entityId = input.entity === 'case' ? caseId : input.entityId
    if (!entityId) throw badRequest('SECRECY_ENTITY', '请指明要标注的文书或附件')
    if (input.entity === 'attachment') {
      const hit = await tx.query(`SELECT 1 FROM case_attachment WHERE id = $1 AND case_id = $2`, [entityId, caseId])
      if (!hit.rowCount) throw notFound('附件不存在')
    }
    if (input.entity === 'document') {
      const hit = await tx.query(`SELECT 1 FROM case_document WHERE id = $1 AND case_id = $2`, [entityId, caseId])
      if (!hit.rowCount) throw notFound('文书不存在')
    }
    await tx.query(
      `INSERT INTO secrecy_mark (case_id, entity, entity_id, level, reason, marked_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [caseId, input.entity, entityId, input.level, input.reason.trim(), user.id],
    )
    await audit(tx, {
      actor: user,
      ip,
      action: input.level ? 'secrecy.mark' : 'secrecy.unmark',
      entity: input.entity === 'case' ? 'enforcement_case' : input.entity,
      entityId,
      orgId: found.agencyId,
      reason: input.reason.trim(),
      detail: { caseId, level: input.level },
    })
    return { entity: input.entity, entityId, level: input.level }
  })
}
