import pg from 'pg'

// DATE columns stay 'YYYY-MM-DD' strings: a legal date has no time zone.
pg.types.setTypeParser(1082, (value) => value)
// bigint counts fit in a JS number for every table we have.
pg.types.setTypeParser(20, (value) => Number(value))

export const APP_ROLE = 'zhifa_app'
export const OWNER_ROLE = 'zhifa_owner'
export const SCHEMA = 'zhifa'

export type Queryable = {
  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>
}

export type Db = Queryable & {
  pool: pg.Pool
  /** Runs fn in one transaction; rolled back if fn throws. */
  tx<T>(fn: (client: Queryable) => Promise<T>): Promise<T>
  one<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<R>
  maybeOne<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<R | undefined>
  many<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<R[]>
  close(): Promise<void>
}

/**
 * N-02: statements of the hot paths (every request, every recorded action), named so that
 * each connection parses and plans them once (a prepared statement) instead of on every
 * call. Only fixed texts go here: each one stays prepared on every connection.
 */
const preparedNames = new Map<string, string>()
export function prepared(text: string): string {
  if (!preparedNames.has(text)) preparedNames.set(text, `zhifa_${preparedNames.size + 1}`)
  return text
}
const statement = (named: boolean, text: string, values?: unknown[]) => {
  const name = named ? preparedNames.get(text) : undefined
  return name ? { name, text, values: values as any[] } : { text, values: values as any[] }
}

/**
 * The application's pool. Every connection acts as the app role, which holds only
 * the privileges the migrations grant it (SELECT/INSERT on append-only tables).
 */
export function createDb(url: string, options: { max?: number; role?: string | null } = {}): Db {
  const role = options.role === undefined ? APP_ROLE : options.role
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
  })
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const setup = `SET search_path TO ${SCHEMA},public; SET TIME ZONE 'Asia/Shanghai'${role ? `; SET ROLE ${role}` : ''}`
  const ready = new WeakSet<pg.PoolClient>()
  // PGlite is one backend behind every connection: a name one connection prepared would
  // exist already for the next, so prepared statements are for a PostgreSQL server only.
  const named = new WeakSet<pg.PoolClient>()
  /** A pooled client with the search path and role set (startup options would not reach PGlite). */
  const acquire = async () => {
    const client = await pool.connect()
    if (!ready.has(client)) {
      try {
        const results = (await client.query(`${setup}; SELECT strpos(version(), 'PGlite') = 0 AS server`)) as unknown as pg.QueryResult[]
        if (results[results.length - 1]!.rows[0]?.server === true) named.add(client)
      } catch (error) {
        client.release(true)
        throw error
      }
      ready.add(client)
    }
    return client
  }
  const run = async (text: string, values?: unknown[]) => {
    const client = await acquire()
    try {
      return await client.query(statement(named.has(client), text, values))
    } finally {
      client.release()
    }
  }
  const db: Db = {
    pool,
    query: run as Db['query'],
    async tx(fn) {
      const client = await acquire()
      try {
        await client.query('BEGIN')
        const result = await fn({ query: (text, values) => client.query(statement(named.has(client), text, values)) })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    async one(text, values) {
      const { rows } = await run(text, values)
      if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`)
      return rows[0]
    },
    async maybeOne(text, values) {
      const { rows } = await run(text, values)
      return rows[0]
    },
    async many(text, values) {
      return (await run(text, values)).rows
    },
    close: () => pool.end(),
  }
  return db
}
