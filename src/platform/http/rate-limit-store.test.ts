// N-02 / N-06: rate limits counted in the database hold across app servers.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import { loadConfig } from '../config.ts'
import { allRoutes } from '../../routes.ts'
import { testBlobs, testDatabaseUrl, testDb } from '../../../test/support.ts'

const apps: FastifyInstance[] = []
async function server(rateLimits: 'database' | 'memory'): Promise<FastifyInstance> {
  const config = { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() }
  const app = await buildApp({ db: testDb(), config, blobs: testBlobs() }, allRoutes, { rateLimits })
  apps.push(app)
  return app
}
after(async () => {
  for (const app of apps) await app.close()
})

/** A client address of its own per test, so that no other test's hits count. */
const clientIp = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`
const VERIFY_LIMIT = 30

test('N-02 a limit counted in the database holds across two app servers: 30 lookups per minute in all, not per server', async () => {
  const [a, b] = [await server('database'), await server('database')]
  const ip = clientIp()
  const codes: number[] = []
  for (let i = 0; i < VERIFY_LIMIT; i++) codes.push((await (i % 2 ? b : a).inject({ method: 'GET', url: '/verify', remoteAddress: ip })).statusCode)
  assert.deepEqual(new Set(codes), new Set([200]))
  for (const app of [a, b]) {
    const res = await app.inject({ method: 'GET', url: '/verify', remoteAddress: ip })
    assert.equal(res.statusCode, 429)
    assert.match(res.body, /查询过于频繁/)
  }
  // another client is not affected
  assert.equal((await b.inject({ method: 'GET', url: '/verify', remoteAddress: clientIp() })).statusCode, 200)
})

test('N-02 with a count in each server\'s memory the same client gets twice the limit (what the database store prevents)', async () => {
  const [a, b] = [await server('memory'), await server('memory')]
  const ip = clientIp()
  const codes: number[] = []
  for (let i = 0; i < VERIFY_LIMIT * 2; i++) codes.push((await (i % 2 ? b : a).inject({ method: 'GET', url: '/verify', remoteAddress: ip })).statusCode)
  assert.deepEqual(new Set(codes), new Set([200]))
})

test('N-02 rate_limit_hit counts concurrent hits exactly and opens a new window when the old one has closed', async () => {
  const db = testDb()
  const key = `test ${crypto.randomUUID()}`
  const counts = await Promise.all(Array.from({ length: 40 }, () => db.one<{ hits: number; ttl_ms: number }>(`SELECT * FROM rate_limit_hit($1, 60000)`, [key])))
  assert.deepEqual(counts.map((c) => c.hits).sort((x, y) => x - y), Array.from({ length: 40 }, (_, i) => i + 1))
  assert.ok(counts.every((c) => c.ttl_ms > 0 && c.ttl_ms <= 60_000))
  const short = `test ${crypto.randomUUID()}`
  assert.equal((await db.one(`SELECT * FROM rate_limit_hit($1, 150)`, [short])).hits, 1)
  assert.equal((await db.one(`SELECT * FROM rate_limit_hit($1, 150)`, [short])).hits, 2)
  await new Promise((resolve) => setTimeout(resolve, 250))
  assert.equal((await db.one(`SELECT * FROM rate_limit_hit($1, 150)`, [short])).hits, 1)
})
