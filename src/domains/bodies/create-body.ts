import crypto from 'node:crypto'
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { badRequest, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { recordVersion } from '../../platform/db/versions.ts'
import { audit } from '../../platform/audit/audit.ts'
import { entrustingBodyProblem, usccValid } from './rules.ts'
import { findOrg, versionData } from '../../platform/orgs/store.ts'
import { bodyData, findBody, type BodyRow } from './store.ts'
import type { CreateBody } from './schemas.ts'

/** F-01: a 受委托组织's entrusting body must be a registered body the actor may see. */
export async function checkEntrustingBody(db: Queryable, user: AuthUser, kind: CreateBody['bodyKind'], entrustingId: string | null, ownId?: string) {
  const problem = entrustingBodyProblem(kind, entrustingId, ownId)
  if (problem) throw ruleViolation('ENTRUSTING_BODY', problem)
  if (!entrustingId) return
  const entrusting = await findBody(db, entrustingId)
  if (!entrusting) throw ruleViolation('ENTRUSTING_BODY', '委托机关不是已登记的执法主体')
  requireScope(user, entrusting.path)
}

/**
 * F-01: registers an enforcement body: its agency node in the organisation tree under a
 * region in the administrator's scope, and its registry row, as version 1.
 */
export async function createBody(db: Db, user: AuthUser, input: CreateBody, ip: string | null = null): Promise<BodyRow> {
  requireRole(user, 'admin')
  if (!usccValid(input.uscc)) throw badRequest('USCC_INVALID', '统一社会信用代码校验位不正确（GB 32100）')
  const parent = await db.maybeOne<{ path: string; kind: string; level: string }>(
    `SELECT path, kind, level FROM org_node WHERE id = $1 AND active`,
    [input.parentId],
  )
  if (!parent) throw notFound('上级行政区域不存在')
  requireScope(user, parent.path)
  if (parent.kind !== 'region') throw badRequest('PARENT_NOT_REGION', '执法主体必须设在行政区域之下')
  const entrustingId = input.entrustingBodyId ?? null
  await checkEntrustingBody(db, user, input.bodyKind, entrustingId)

  const id = crypto.randomUUID()
  return db.tx(async (tx) => {
    await tx.query(
      `INSERT INTO org_node (id, parent_id, kind, level, code, name, duties, path) VALUES ($1, $2, 'agency', $3, $4, $5, $6, $7)`,
      [id, input.parentId, parent.level, input.code, input.name, input.duties ?? null, `${parent.path}${id}/`],
    )
    await tx.query(
      `INSERT INTO enforcement_body (id, uscc, body_kind, entrusting_body_id, legal_basis, domains, address, postcode, phone, email,
                                     supervisor_name, supervisor_contact, reconsideration_body, court)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id, input.uscc, input.bodyKind, entrustingId, input.legalBasis, input.domains, input.address, input.postcode ?? null,
        input.phone, input.email ?? null, input.supervisorName, input.supervisorContact, input.reconsiderationBody, input.court,
      ],
    )
    const row = (await findBody(tx, id))!
    await recordVersion(tx, { entity: 'org_node', entityId: id, version: 1, data: versionData((await findOrg(tx, id))!), changedBy: user.id, reason: '登记执法主体' })
    await recordVersion(tx, { entity: 'enforcement_body', entityId: id, version: 1, data: bodyData(row), changedBy: user.id, reason: '登记执法主体' })
    await audit(tx, { actor: user, ip, action: 'body.create', entity: 'enforcement_body', entityId: id, orgId: id, detail: { code: input.code, uscc: input.uscc } })
    return row
  })
}
