// N-02: hot statements are prepared once per connection on a PostgreSQL server; on PGlite,
// one backend behind every connection, they run unnamed (a shared name would collide).
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createDb, prepared } from './pool.ts'
import { DB_KIND, testDatabaseUrl } from '../../../test/support.ts'

const db = createDb(testDatabaseUrl(), { max: 4 })
after(() => db.close())

const DOUBLE = prepared('SELECT $1::int * 2 AS v')

test('N-02: a prepared statement answers right on many connections at once, and is prepared only on a server', async () => {
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      i % 2 ? db.query<{ v: number }>(DOUBLE, [i]).then((r) => r.rows[0]!.v) : db.tx(async (tx) => (await tx.query<{ v: number }>(DOUBLE, [i])).rows[0]!.v),
    ),
  )
  assert.deepEqual(results, Array.from({ length: 40 }, (_, i) => i * 2))
  const held = await db.tx(async (tx) => {
    await tx.query(DOUBLE, [1])
    return (await tx.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [DOUBLE])).rows[0]!.n as number
  })
  assert.equal(held, DB_KIND === 'postgres' ? 1 : 0)
})
