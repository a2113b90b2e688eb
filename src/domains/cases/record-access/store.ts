import type { Queryable } from '../../../platform/db/pool.ts'
import type { SecrecyLevel } from './rules.ts'

export type RecordAccessRow = {
  id: string
  caseId: string
  caseNumber: string
  agencyId: string
  userId: string
  userName: string
  reason: string
  ip: string | null
  openedAt: Date
  expiresAt: Date
}

const ACCESS_COLUMNS = `a.id, a.case_id AS "caseId", c.number AS "caseNumber", a.agency_id AS "agencyId", a.user_id AS "userId",
  a.user_name AS "userName", a.reason, a.ip, a.opened_at AS "openedAt", a.expires_at AS "expiresAt"`

/** the user's 调阅 of the case that is open now, if any (the latest to expire). */
export async function findOpenAccess(db: Queryable, userId: string, caseId: string): Promise<RecordAccessRow | undefined> {
  const { rows } = await db.query<RecordAccessRow>(
    `SELECT ${ACCESS_COLUMNS} FROM record_access a JOIN enforcement_case c ON c.id = a.case_id
      WHERE a.user_id = $1 AND a.case_id = $2 AND now() BETWEEN a.opened_at AND a.expires_at
      ORDER BY a.expires_at DESC LIMIT 1`,
    [userId, caseId],
  )
  return rows[0]
}

export type AccessRead = { entity: string; entityId: string | null; readAt: Date }

/** every 调阅 of the agency's cases with what was read during each, newest first. */
export async function listAgencyAccesses(
  db: Queryable,
  agencyId: string,
  page: { limit: number; offset: number },
): Promise<{ items: Array<RecordAccessRow & { reads: AccessRead[] }>; total: number }> {
  const { rows } = await db.query<RecordAccessRow & { reads: Array<{ entity: string; entityId: string | null; readAt: string }> }>(
    `SELECT ${ACCESS_COLUMNS},
            coalesce((SELECT json_agg(json_build_object('entity', r.entity, 'entityId', r.entity_id, 'readAt', r.read_at) ORDER BY r.id)
                        FROM record_access_read r WHERE r.access_id = a.id), '[]') AS reads
       FROM record_access a JOIN enforcement_case c ON c.id = a.case_id
      WHERE a.agency_id = $1 ORDER BY a.opened_at DESC, a.id LIMIT $2 OFFSET $3`,
    [agencyId, page.limit, page.offset],
  )
  const { total } = (await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM record_access WHERE agency_id = $1`, [agencyId])).rows[0]!
  return { items: rows.map((r) => ({ ...r, reads: r.reads.map((x) => ({ ...x, readAt: new Date(x.readAt) })) })), total }
}

/** the levels the user is cleared for now (latest decision per level). */
export async function userClearances(db: Queryable, userId: string): Promise<Set<SecrecyLevel>> {
  const { rows } = await db.query<{ level: SecrecyLevel }>(
    `SELECT level FROM secrecy_clearance_current WHERE user_id = $1 AND granted`,
    [userId],
  )
  return new Set(rows.map((r) => r.level))
}

export type SecrecyEntity = 'case' | 'document' | 'attachment'

/** the current mark of every marked entity of a case, keyed `entity:id`. */
export async function caseMarks(db: Queryable, caseId: string): Promise<Map<string, SecrecyLevel | null>> {
  const { rows } = await db.query<{ entity: SecrecyEntity; entityId: string; level: SecrecyLevel | null }>(
    `SELECT DISTINCT ON (entity, entity_id) entity, entity_id AS "entityId", level
       FROM secrecy_mark WHERE case_id = $1 ORDER BY entity, entity_id, id DESC`,
    [caseId],
  )
  return new Map(rows.map((r) => [`${r.entity}:${r.entityId}`, r.level]))
}
