import type { FastifyInstance } from 'fastify'
import type { Config } from './config.ts'
import { openDatabase, type DatabaseHandle } from './db/open.ts'
import { migrate } from './db/migrate.ts'
import { createDb, type Db } from './db/pool.ts'
import { buildApp } from './http/app.ts'
import { allRoutes } from '../routes.ts'

export type RunningServer = { app: FastifyInstance; db: Db; database: DatabaseHandle; close(): Promise<void> }

/** Opens the database, applies migrations, and builds the HTTP app (not yet listening). */
export async function createServer(config: Config): Promise<RunningServer> {
  const database = await openDatabase(config)
  await migrate(database.migrationUrl)
  const db = createDb(database.url)
  const app = await buildApp({ db, config }, allRoutes)
  return {
    app,
    db,
    database,
    async close() {
      await app.close()
      await db.close()
      await database.close()
    },
  }
}
