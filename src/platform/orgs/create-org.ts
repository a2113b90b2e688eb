import crypto from 'node:crypto'
import type { Db } from '../db/pool.ts'
import { recordVersion } from '../db/versions.ts'
import { audit } from '../audit/audit.ts'
import { conflict, notFound, ruleViolation } from '../http/errors.ts'
import { requireRole, requireScope, type AuthUser } from '../access/scope.ts'
import { childLevel, placementProblem } from './rules.ts'
import { findOrg, findOrgByCode, versionData, type OrgNode } from './store.ts'
import type { NewOrg } from './types.ts'

/** Adds a region, agency or unit under a parent in the admin's scope; the server picks id and path. */
export async function createOrg(db: Db, actor: AuthUser, input: NewOrg, ip?: string): Promise<OrgNode> {
  requireRole(actor, 'admin')
  return db.tx(async (tx) => {
    const parent = await findOrg(tx, input.parentId, { forUpdate: true })
    if (!parent) throw notFound('上级组织不存在')
    requireScope(actor, parent.path)
    if (!parent.active) throw ruleViolation('ORG_INACTIVE', `上级组织“${parent.name}”已停用，不能在其下新建节点`)
    const problem = placementProblem(parent, input)
    if (problem) throw ruleViolation('ORG_PLACEMENT', problem)
    if (await findOrgByCode(tx, input.code)) throw conflict('ORG_CODE_TAKEN', `组织编码 ${input.code} 已被使用`)
    const id = crypto.randomUUID()
    const org: OrgNode = {
      id,
      parentId: parent.id,
      kind: input.kind,
      level: childLevel(parent, input.kind)!,
      code: input.code,
      name: input.name,
      duties: input.duties || null,
      active: true,
      version: 1,
      path: `${parent.path}${id}/`,
    }
    await tx.query(
      `INSERT INTO org_node (id, parent_id, kind, level, code, name, duties, path) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [org.id, org.parentId, org.kind, org.level, org.code, org.name, org.duties, org.path],
    )
    await recordVersion(tx, { entity: 'org_node', entityId: id, version: 1, data: versionData(org), changedBy: actor.id, reason: '新建' })
    await audit(tx, { actor, ip, action: 'org.create', entity: 'org_node', entityId: id, orgId: id, detail: { parentId: parent.id, kind: org.kind, code: org.code } })
    return org
  })
}
