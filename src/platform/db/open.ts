import type { Config } from '../config.ts'
import { startEmbeddedDatabase } from './embedded.ts'
import { usableSnapshot } from './snapshot.ts'

export type DatabaseHandle = { kind: 'embedded' | 'postgres'; url: string; migrationUrl: string; close(): Promise<void> }

/** DATABASE_URL selects a PostgreSQL server; without it the embedded PGlite database under the data dir. */
export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { kind: 'postgres', url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl ?? config.databaseUrl, close: async () => {} }
  }
  const embedded = await startEmbeddedDatabase(config.dataDir, 32, { snapshot: usableSnapshot() })
  return { kind: 'embedded', url: embedded.url, migrationUrl: embedded.url, close: embedded.close }
}
