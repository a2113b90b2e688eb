import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import pg from 'pg'
import { APP_ROLE, OWNER_ROLE, SCHEMA } from './pool.ts'

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations')

/**
 * Applies migrations/*.sql in name order, each in its own transaction, as the owner
 * role. Applied files are recorded with a checksum; an applied file that changed is an
 * error (migrations are append-only too). Safe to run from two processes at once.
 */
export async function migrate(url: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const applied: string[] = []
  try {
    await client.query('SELECT pg_advisory_lock(20210722)')
    await client.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${OWNER_ROLE}') THEN CREATE ROLE ${OWNER_ROLE} NOLOGIN; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} NOLOGIN; END IF;
      END $$;
      CREATE SCHEMA IF NOT EXISTS ${SCHEMA} AUTHORIZATION ${OWNER_ROLE};
      GRANT USAGE ON SCHEMA ${SCHEMA} TO ${APP_ROLE};
      SET ROLE ${OWNER_ROLE};
      SET search_path TO ${SCHEMA}, public;
      CREATE TABLE IF NOT EXISTS schema_migration (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
      GRANT SELECT ON schema_migration TO ${APP_ROLE};`)
    const done = new Map<string, string>(
      (await client.query('SELECT name, checksum FROM schema_migration')).rows.map((r) => [r.name, r.checksum]),
    )
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()
    for (const file of files) {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8')
      const checksum = crypto.createHash('sha256').update(sql).digest('hex')
      const previous = done.get(file)
      if (previous) {
        if (previous !== checksum) throw new Error(`已执行的迁移文件被修改：${file}`)
        continue
      }
      await client.query('BEGIN')
      try {
        await client.query(sql)
        await client.query('INSERT INTO schema_migration (name, checksum) VALUES ($1, $2)', [file, checksum])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`迁移 ${file} 失败：${(error as Error).message}`)
      }
      applied.push(file)
      log(`applied ${file}`)
    }
  } finally {
    await client.query('RESET ROLE').catch(() => {})
    await client.query('SELECT pg_advisory_unlock(20210722)').catch(() => {})
    await client.end()
  }
  return applied
}
