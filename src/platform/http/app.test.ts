import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { testApp, testDb } from '../../../test/support.ts'
import { buildApp } from './app.ts'
import { loadConfig } from '../config.ts'
import { allRoutes } from '../../routes.ts'

const CJK = /[\u4e00-\u9fff]/

test('X-01: OpenAPI 3.1 is served and every API route declares its schemas', async () => {
  const app = await testApp()
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' })
  assert.equal(res.statusCode, 200)
  const doc = res.json()
  assert.match(doc.openapi, /^3\.1/)
  const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  )
  assert.ok(operations.length > 0)
  for (const { path, method, op } of operations) {
    assert.ok(op.responses && Object.keys(op.responses).length > 0, `${method} ${path} declares no response schema`)
    if (['post', 'put', 'patch'].includes(method) && !path.endsWith('/logout')) {
      assert.ok(op.requestBody || op.parameters?.length, `${method} ${path} declares no input schema`)
    }
  }
  const docs = await app.inject({ method: 'GET', url: '/api/docs/' })
  assert.equal(docs.statusCode, 200)
  assert.match(docs.headers['content-type'] as string, /html/)
})

test('N-05: unknown routes and bad JSON answer {code, message} in Chinese', async () => {
  const app = await testApp()
  const missing = await app.inject({ method: 'GET', url: '/api/no-such-thing' })
  assert.equal(missing.statusCode, 404)
  assert.equal(missing.json().code, 'NOT_FOUND')
  assert.match(missing.json().message, CJK)
  const malformed = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: '{"username": ',
  })
  assert.equal(malformed.statusCode, 400)
  assert.equal(malformed.json().code, 'MALFORMED_JSON')
  const unknownField = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'b', admin: true } })
  assert.equal(unknownField.statusCode, 400)
  assert.equal(unknownField.json().code, 'VALIDATION')
  assert.match(unknownField.json().message, CJK)
})

test('healthz and readyz; logs are structured JSON without cookies', async () => {
  const lines: string[] = []
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const config = { ...loadConfig({}), logLevel: 'info', databaseUrl: process.env.DATABASE_URL }
  const app = await buildApp({ db: testDb(), config }, allRoutes, { logStream: sink })
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
  const ready = await app.inject({ method: 'GET', url: '/readyz', headers: { cookie: 'zhifa_session=secret-value' } })
  assert.equal(ready.statusCode, 200)
  assert.equal(ready.json().status, 'ready')
  const records = lines.map((line) => JSON.parse(line))
  assert.ok(records.some((r) => r.req?.url === '/readyz'), 'request logged as JSON')
  assert.ok(!lines.join('').includes('secret-value'), 'session cookie redacted from logs')
})
