import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { conflict, notFound } from '../../platform/http/errors.ts'
import { audit } from '../../platform/audit/audit.ts'
import { findBody, type BodyRow } from './store.ts'

/**
 * F-01 / P-01: publishes the current version of a body. Earlier published versions stay
 * recorded in body_publication; the portal shows the latest published one.
 */
export async function publishBody(db: Db, user: AuthUser, id: string, expectedVersion?: number, ip: string | null = null): Promise<BodyRow> {
  requireRole(user, 'admin', 'disclosure')
  const current = await findBody(db, id)
  if (!current) throw notFound('执法主体不存在')
  requireScope(user, current.path)
  return db.tx(async (tx) => {
    const { rows: [locked] } = await tx.query<{ version: number; published: number | null }>(
      `SELECT version, published_version AS published FROM enforcement_body WHERE id = $1 FOR UPDATE`,
      [id],
    )
    const version = locked!.version
    if (expectedVersion !== undefined && expectedVersion !== version) {
      throw conflict('VERSION_CONFLICT', `当前版本为第 ${version} 版，不是要公示的第 ${expectedVersion} 版，请刷新后重试`)
    }
    if (locked!.published === version) throw conflict('ALREADY_PUBLISHED', `第 ${version} 版已经公示`)
    await tx.query(`INSERT INTO body_publication (body_id, version, published_by) VALUES ($1, $2, $3)`, [id, version, user.id])
    await tx.query(`UPDATE enforcement_body SET published_version = $2 WHERE id = $1`, [id, version])
    await audit(tx, { actor: user, ip, action: 'body.publish', entity: 'enforcement_body', entityId: id, orgId: id, detail: { version } })
    return (await findBody(tx, id))!
  })
}
