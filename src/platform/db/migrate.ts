import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import pg from 'pg'
import { APP_ROLE, OWNER_ROLE, SCHEMA } from './pool.ts'

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations')

/**
 * Applies migrations/*.sql in name order as the owner role, all pending files in one
 * transaction (PostgreSQL DDL is transactional: a failing file leaves nothing behind).
 * Applied files are recorded with a checksum; an applied file that changed is an error
 * (migrations are append-only too). Every role and path change is SET LOCAL, so the
 * connection's session is untouched afterwards — on PGlite all connections share one
 * session. Safe to run from two processes at once (transaction advisory lock).
 */
/** migrations/*.sql in the order they apply, each with its text and the SHA-256 kept in schema_migration. */
export function migrationFiles(): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8')
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') }
    })
}

export async function migrate(url: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const applied: string[] = []
  try {
    await client.query('BEGIN')
    await client.query(`
      SET LOCAL ROLE NONE;
      SELECT pg_advisory_xact_lock(20210722);
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${OWNER_ROLE}') THEN CREATE ROLE ${OWNER_ROLE} NOLOGIN; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} NOLOGIN; END IF;
      END $$;
      CREATE SCHEMA IF NOT EXISTS ${SCHEMA} AUTHORIZATION ${OWNER_ROLE};
      GRANT USAGE ON SCHEMA ${SCHEMA} TO ${APP_ROLE};
      SET LOCAL ROLE ${OWNER_ROLE};
      SET LOCAL search_path TO ${SCHEMA}, public;
      CREATE TABLE IF NOT EXISTS schema_migration (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
      GRANT SELECT ON schema_migration TO ${APP_ROLE};`)
    const done = new Map<string, string>(
      (await client.query('SELECT name, checksum FROM schema_migration')).rows.map((r) => [r.name, r.checksum]),
    )
    for (const { name: file, sql, checksum } of migrationFiles()) {
      const previous = done.get(file)
      if (previous) {
        if (previous !== checksum) throw new Error(`已执行的迁移文件被修改：${file}`)
        continue
      }
      try {
        await client.query(sql)
      } catch (error) {
        throw new Error(`迁移 ${file} 失败：${(error as Error).message}`)
      }
      await client.query('INSERT INTO schema_migration (name, checksum) VALUES ($1, $2)', [file, checksum])
      applied.push(file)
    }
    await client.query('COMMIT')
    applied.forEach((file) => log(`applied ${file}`))
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
  return applied
}
