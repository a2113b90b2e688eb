import type { Queryable } from './pool.ts'

/**
 * Keeps the whole new state of a versioned record (F-01, F-02: "changes are versioned").
 * The caller bumps the record's version column in the same transaction.
 */
export async function recordVersion(
  db: Queryable,
  entry: { entity: string; entityId: string; version: number; data: unknown; changedBy?: string | null; reason?: string | null; published?: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO record_version (entity, entity_id, version, data, changed_by, reason, published)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [entry.entity, entry.entityId, entry.version, JSON.stringify(entry.data), entry.changedBy ?? null, entry.reason ?? null, entry.published ?? false],
  )
}

export async function listVersions(db: Queryable, entity: string, entityId: string) {
  const { rows } = await db.query(
    `SELECT version, data, reason, changed_by AS "changedBy", changed_at AS "changedAt", published
       FROM record_version WHERE entity = $1 AND entity_id = $2 ORDER BY version`,
    [entity, entityId],
  )
  return rows
}
