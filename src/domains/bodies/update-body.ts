import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { badRequest, conflict, notFound } from '../../platform/http/errors.ts'
import { recordVersion } from '../../platform/db/versions.ts'
import { audit } from '../../platform/audit/audit.ts'
import { usccValid } from './rules.ts'
import { bodyData, findBody, type BodyData, type BodyRow } from './store.ts'
import { checkEntrustingBody } from './create-body.ts'
import { findOrg, versionData } from '../../platform/orgs/store.ts'
import type { UpdateBody } from './schemas.ts'

/**
 * F-01: changes a body's registry entry. Every change is a new version whose whole state
 * is kept with its reason; the published version stays as it was until published again.
 */
export async function updateBody(db: Db, user: AuthUser, id: string, input: UpdateBody, ip: string | null = null): Promise<BodyRow> {
  requireRole(user, 'admin')
  const current = await findBody(db, id)
  if (!current) throw notFound('执法主体不存在')
  requireScope(user, current.path)
  if (input.uscc !== undefined && !usccValid(input.uscc)) throw badRequest('USCC_INVALID', '统一社会信用代码校验位不正确（GB 32100）')

  const { reason, expectedVersion, ...changes } = input
  const next: BodyData = { ...bodyData(current) }
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) (next as Record<string, unknown>)[key] = value
  }
  const changed = (Object.keys(changes) as (keyof BodyData)[]).filter(
    (key) => changes[key as keyof typeof changes] !== undefined && JSON.stringify(next[key]) !== JSON.stringify(current[key]),
  )
  if (!changed.length) throw badRequest('NO_CHANGE', '没有需要保存的修改')
  if (changed.includes('bodyKind') || changed.includes('entrustingBodyId')) {
    await checkEntrustingBody(db, user, next.bodyKind, next.entrustingBodyId, id)
  }

  return db.tx(async (tx) => {
    const { rows: [locked] } = await tx.query<{ version: number }>(
      `SELECT b.version FROM enforcement_body b JOIN org_node o ON o.id = b.id WHERE b.id = $1 FOR UPDATE`,
      [id],
    )
    const version = locked!.version
    if (version !== current.version || (expectedVersion !== undefined && expectedVersion !== version)) {
      throw conflict('VERSION_CONFLICT', '该执法主体已被他人修改，请刷新后重试')
    }
    if (changed.includes('name') || changed.includes('duties')) {
      await tx.query(`UPDATE org_node SET name = $2, duties = $3, version = version + 1, updated_at = now() WHERE id = $1`, [id, next.name, next.duties])
      const org = (await findOrg(tx, id))!
      await recordVersion(tx, { entity: 'org_node', entityId: id, version: org.version, data: versionData(org), changedBy: user.id, reason })
    }
    await tx.query(
      `UPDATE enforcement_body SET uscc = $2, body_kind = $3, entrusting_body_id = $4, legal_basis = $5, domains = $6, address = $7,
              postcode = $8, phone = $9, email = $10, supervisor_name = $11, supervisor_contact = $12, reconsideration_body = $13,
              court = $14, status = $15, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        id, next.uscc, next.bodyKind, next.entrustingBodyId, next.legalBasis, next.domains, next.address, next.postcode, next.phone,
        next.email, next.supervisorName, next.supervisorContact, next.reconsiderationBody, next.court, next.status,
      ],
    )
    const row = (await findBody(tx, id))!
    await recordVersion(tx, { entity: 'enforcement_body', entityId: id, version: row.version, data: bodyData(row), changedBy: user.id, reason })
    await audit(tx, { actor: user, ip, action: 'body.update', entity: 'enforcement_body', entityId: id, orgId: id, reason, detail: { version: row.version, changed } })
    return row
  })
}
