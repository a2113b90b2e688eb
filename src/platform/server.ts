import type { FastifyInstance } from 'fastify'
import type { Config } from './config.ts'
import { openDatabase, type DatabaseHandle } from './db/open.ts'
import { migrate } from './db/migrate.ts'
import { createDb, type Db } from './db/pool.ts'
import { loadLedger, startSequencer } from './ledger/log.ts'

export type RunningServer = { app: FastifyInstance; db: Db; readDb: Db; database: DatabaseHandle; close(): Promise<void> }

/** Opens the database, applies migrations, and builds the HTTP app (not yet listening). */
export async function createServer(config: Config): Promise<RunningServer> {
  // N-01: the database opens and migrates (the embedded one in its own thread) while this
  // thread loads the app's modules, instead of one after the other.
  const opening = openDatabase(config).then(async (database) => {
    try {
      await migrate(database.migrationUrl)
      return database
    } catch (error) {
      await database.close().catch(() => {})
      throw error
    }
  })
  opening.catch(() => {}) // awaited below; an early failure must not go unhandled meanwhile
  const [{ buildApp }, { allRoutes }] = await Promise.all([import('./http/app.ts'), import('../routes.ts')])
  const database = await opening
  const db = createDb(database.url)
  // N-02: read-only public queries may go to a replica; on the embedded database (one
  // process, one backend) and without DATABASE_READ_URL they use the primary.
  const readDb = database.kind === 'postgres' && config.databaseReadUrl && config.databaseReadUrl !== database.url ? createDb(config.databaseReadUrl) : db
  const app = await buildApp({ db, readDb, config }, allRoutes, { rateLimits: 'database' })
  // queued rows become log leaves and a signed checkpoint every 2 s.
  const stopSequencer = startSequencer(db, loadLedger({ dataDir: config.dataDir, ...config.log }), { onError: (e) => app.log.error(e, '日志排序失败') })
  return {
    app,
    db,
    readDb,
    database,
    async close() {
      await stopSequencer()
      await app.close()
      if (readDb !== db) await readDb.close()
      await db.close()
      await database.close()
    },
  }
}
