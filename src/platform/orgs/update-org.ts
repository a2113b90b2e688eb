import type { Db } from '../db/pool.ts'
import { recordVersion } from '../db/versions.ts'
import { audit } from '../audit/audit.ts'
import { badRequest, conflict, notFound, ruleViolation } from '../http/errors.ts'
import { requireRole, requireScope, type AuthUser } from '../access/scope.ts'
import { findOrg, versionData, type OrgNode } from './store.ts'
import type { OrgChange } from './types.ts'

/** Renames, re-describes, deactivates or reactivates a node; every change is a new version with its reason. */
export async function updateOrg(db: Db, actor: AuthUser, id: string, change: OrgChange, ip?: string): Promise<OrgNode> {
  requireRole(actor, 'admin')
  if (change.parentId !== undefined) {
    throw badRequest('ORG_MOVE_UNSUPPORTED', '不支持移动组织节点：请在新的上级下新建节点，再停用原节点')
  }
  if (change.name === undefined && change.duties === undefined && change.active === undefined) {
    throw badRequest('NOTHING_TO_CHANGE', '请至少修改名称、职责或启用状态中的一项')
  }
  return db.tx(async (tx) => {
    const org = await findOrg(tx, id, { forUpdate: true })
    if (!org) throw notFound('组织不存在')
    requireScope(actor, org.path)
    if (change.version !== undefined && change.version !== org.version) {
      throw conflict('STALE_VERSION', `该组织已被他人修改（当前为第 ${org.version} 版），请刷新后重试`)
    }
    if (change.active === false && org.active) {
      const { rows } = await tx.query(`SELECT 1 FROM org_node WHERE parent_id = $1 AND active LIMIT 1`, [id])
      if (rows.length) throw ruleViolation('ORG_HAS_ACTIVE_CHILDREN', `“${org.name}”下仍有启用的下级组织，请先停用下级组织`)
    }
    if (change.active === true && !org.active && org.parentId) {
      const parent = await findOrg(tx, org.parentId)
      if (parent && !parent.active) throw ruleViolation('ORG_INACTIVE', `上级组织“${parent.name}”已停用，请先启用上级组织`)
    }
    const next: OrgNode = {
      ...org,
      name: change.name ?? org.name,
      duties: change.duties === undefined ? org.duties : change.duties || null,
      active: change.active ?? org.active,
      version: org.version + 1,
    }
    await tx.query(`UPDATE org_node SET name = $2, duties = $3, active = $4, version = $5, updated_at = now() WHERE id = $1`, [
      id,
      next.name,
      next.duties,
      next.active,
      next.version,
    ])
    await recordVersion(tx, { entity: 'org_node', entityId: id, version: next.version, data: versionData(next), changedBy: actor.id, reason: change.reason })
    await audit(tx, {
      actor,
      ip,
      action: 'org.update',
      entity: 'org_node',
      entityId: id,
      orgId: id,
      reason: change.reason,
      detail: { version: next.version, name: change.name, duties: change.duties, active: change.active },
    })
    return next
  })
}
