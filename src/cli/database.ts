import { loadConfig } from '../platform/config.ts'
import { openDatabase } from '../platform/db/open.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createDb, type Db } from '../platform/db/pool.ts'

/**
 * For commands that need the database: opens it as `zhifa serve` would (DATABASE_URL, or
 * the embedded database under ZHIFA_DATA_DIR), applies pending migrations, runs fn with an
 * app-role pool, and closes everything.
 */
export async function withDatabase<T>(fn: (db: Db) => Promise<T>, log?: (line: string) => void): Promise<T> {
  const database = await openDatabase(loadConfig())
  try {
    await migrate(database.migrationUrl, log)
    const db = createDb(database.url, { max: 2 })
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  } finally {
    await database.close()
  }
}
