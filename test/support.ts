// Shared test world: a database (the one `zhifa test` prepared), the HTTP app over it,
// and small factories. Every test builds its own organisations with unique codes, so
// test files can run side by side on one database.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { createDb, type Db } from '../src/platform/db/pool.ts'
import { buildApp } from '../src/platform/http/app.ts'
import { loadConfig } from '../src/platform/config.ts'
import { allRoutes } from '../src/routes.ts'
import { hashPassword } from '../src/platform/access/passwords.ts'
import type { Role } from '../src/platform/access/roles.ts'
import { todayInChina } from '../src/platform/clock.ts'
import { addDays } from '../src/platform/calendar/dates.ts'
import { createLocalBlobStore, type BlobStore } from '../src/platform/blobs/index.ts'
import { startEmbeddedDatabase } from '../src/platform/db/embedded.ts'

export const DB_KIND = process.env.ZHIFA_TEST_DB ?? 'embedded'

export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set: run tests with `npm test`')
  return url
}

let shared: Db | undefined
/** The app-role pool over the test database (SELECT/INSERT only where the schema says so). */
export function testDb(): Db {
  shared ??= createDb(testDatabaseUrl(), { max: 4 })
  return shared
}

let blobs: BlobStore | undefined
/** A local blob store in a temp directory of this test process (never the repository's ./data). */
export function testBlobs(): BlobStore {
  if (!blobs) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-blobs-'))
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
    blobs = createLocalBlobStore(dir)
  }
  return blobs
}

export async function testApp(): Promise<FastifyInstance> {
  const config = { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() }
  return buildApp({ db: testDb(), config, blobs: testBlobs() }, allRoutes)
}

export const uid = (prefix = 't') => `${prefix}${crypto.randomBytes(5).toString('hex')}`

export type OrgRow = { id: string; path: string; code: string; name: string }

/** Inserts one organisation node under parent (or a new root region). */
export async function makeOrg(
  db: Db,
  input: { parent?: OrgRow; kind?: 'region' | 'agency' | 'unit'; level?: string; name?: string } = {},
): Promise<OrgRow> {
  const id = crypto.randomUUID()
  const path = `${input.parent?.path ?? '/'}${id}/`
  const code = uid('org')
  const name = input.name ?? `测试单位${code}`
  const kind = input.kind ?? (input.parent ? 'agency' : 'region')
  await db.query(
    `INSERT INTO org_node (id, parent_id, kind, level, code, name, path) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, input.parent?.id ?? null, kind, input.level ?? 'city', code, name, path],
  )
  return { id, path, code, name }
}

let passwordHash: Promise<string> | undefined
export const TEST_PASSWORD = 'Test-password-2026'

export async function makeUser(
  db: Db,
  input: { org: OrgRow; roles: Role[]; scope?: OrgRow; username?: string },
): Promise<{ id: string; username: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const username = input.username ?? uid('u')
  const { id } = await db.one(
    `INSERT INTO app_user (username, display_name, password_hash, org_id, scope_org_id, roles)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [username, `用户${username}`, await passwordHash, input.org.id, (input.scope ?? input.org).id, input.roles],
  )
  return { id, username }
}

export type Session = { cookie: string; csrf: string; headers: Record<string, string> }

/** Logs in through the API and returns the headers a browser would send. */
export async function loginAs(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const csrf = res.json().csrfToken as string
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } }
}

/** Today in China (legal dates are UTC+8 days) moved by offset days, as YYYY-MM-DD. */
export const dayFromToday = (offset: number): string => addDays(todayInChina(), offset)

/**
 * An empty database of its own, for tests that need one (the demo seeds only an empty
 * database): a fresh PGlite in a temp dir on the embedded pass, a database `<test db>_<name>`
 * on the server on the PostgreSQL pass (dropped first if a killed run left it).
 */
export async function freshDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (DB_KIND === 'postgres') {
    const base = new URL(testDatabaseUrl())
    const database = `${base.pathname.slice(1)}_${name}`
    const onServer = async (sql: string) => {
      const c = new pg.Client({ connectionString: base.toString() })
      await c.connect()
      try {
        await c.query(sql)
      } finally {
        await c.end()
      }
    }
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    await onServer(`CREATE DATABASE ${database}`)
    const url = new URL(base)
    url.pathname = `/${database}`
    return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`) }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zhifa-${name}-`))
  const embedded = await startEmbeddedDatabase(dir)
  return {
    url: embedded.url,
    async drop() {
      await embedded.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
