// N-05: bad input gets a clear error (4xx, a machine code, a Chinese message) and changes
// nothing. Walks every operation of the app's own OpenAPI document, so routes added later
// are covered without touching this file. Each operation with a body, query or path
// parameters gets fixed malformed inputs and random JSON, as an administrator (with the
// CSRF header) and anonymously.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fc from 'fast-check'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, TEST_PASSWORD, DB_KIND } from './support.ts'

type Schema = Record<string, any>
type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema }
type Operation = { method: string; path: string; parameters: Parameter[]; body?: Schema }

const RANDOM_RUNS = 30
const CJK = /[\u3400-\u9fff]/
// Requests of this test come from the RFC 2544 benchmarking range: audit events with such
// an address are this test's, and every request has its own address so rate limits do not
// hide what validation would say.
const NET = '198.18'
let sequence = 0
const nextIp = () => `${NET}.${(sequence >> 8) & 255}.${sequence++ & 255}`

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

function operations(spec: Schema): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema?.$ref) return schema
    const name = String(schema.$ref).split('/').pop()!
    return resolve(spec.components?.schemas?.[name])
  }
  const found: Operation[] = []
  for (const [path, item] of Object.entries<Schema>(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const parameters = ((op.parameters ?? []) as Parameter[]).map((p) => ({ ...p, schema: resolve(p.schema) }))
      const body = resolve(op.requestBody?.content?.['application/json']?.schema)
      if (body || parameters.some((p) => p.in === 'path' || p.in === 'query')) found.push({ method: method.toUpperCase(), path, parameters, body })
    }
  }
  return found
}

const mainType = (schema: Schema | undefined): string | undefined => {
  if (!schema) return undefined
  if (schema.enum) return typeof schema.enum[0]
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return mainType(alternatives.find((s: Schema) => s.type !== 'null'))
  return Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type
}

/** A value of roughly the right shape: the base that single wrong fields are put into. */
function plausible(schema: Schema | undefined): unknown {
  if (!schema) return null
  if (schema.enum) return schema.enum[0]
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return plausible(alternatives.find((s: Schema) => s.type !== 'null') ?? alternatives[0])
  switch (mainType(schema)) {
    case 'object':
      return Object.fromEntries(
        Object.entries<Schema>(schema.properties ?? {})
          .filter(([key]) => (schema.required ?? []).includes(key))
          .map(([key, value]) => [key, plausible(value)]),
      )
    case 'array':
      return schema.minItems ? [plausible(schema.items)] : []
    case 'string':
      if (schema.format === 'uuid') return crypto.randomUUID()
      if (schema.format === 'date') return '2026-01-05'
      return 'a1'.repeat(Math.ceil(Math.max(schema.minLength ?? 1, 1) / 2))
    case 'integer':
    case 'number':
      return schema.minimum ?? 1
    case 'boolean':
      return true
    default:
      return null
  }
}

function wrongValue(schema: Schema | undefined): unknown {
  switch (mainType(schema)) {
    case 'string':
      return 12345
    case 'integer':
    case 'number':
      return '不是数字'
    case 'boolean':
      return 'yes'
    case 'array':
      return { not: 'an array' }
    case 'object':
      return ['not', 'an', 'object']
    default:
      return { unexpected: [1, 'x'] }
  }
}

const pathValueArb = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('not-a-uuid', '0', '-1', '9'.repeat(40), '..%2F..%2Fetc%2Fpasswd', '中文', 'x'.repeat(400), "1' OR '1'='1", '%00'),
)
const queryValueArb = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('abc', '-1', '1e999', '', '[]', 'null', '2026-13-45', '9'.repeat(30), "' OR 1=1 --"),
)
const jsonArb = fc.jsonValue({ maxDepth: 3 })

test(`N-05: every operation answers bad input with 4xx, a code and a Chinese message, and changes nothing (${DB_KIND})`, async (t) => {
  const db = testDb()
  const app = await testApp()
  const root = await makeOrg(db, { level: 'province' })
  const admin = await makeUser(db, { org: root, roles: ['admin'] })

  let adminHeaders: Record<string, string> = {}
  const logIn = async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: nextIp(), payload: { username: admin.username, password: TEST_PASSWORD } })
    assert.equal(res.statusCode, 200, res.body)
    adminHeaders = { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': res.json().csrfToken }
  }
  await logIn()

  const counts = async () =>
    db.one(
      `SELECT (SELECT count(*) FROM org_node WHERE path LIKE $1 || '%') AS orgs,
              (SELECT count(*) FROM app_user u JOIN org_node o ON o.id = u.org_id WHERE o.path LIKE $1 || '%') AS users,
              (SELECT count(*) FROM person p JOIN org_node o ON o.id = p.agency_id WHERE o.path LIKE $1 || '%') AS people,
              (SELECT count(*) FROM enforcement_body b JOIN org_node o ON o.id = b.id WHERE o.path LIKE $1 || '%') AS bodies,
              -- login attempts are audited by design, also when they fail (F-05, F-06)
              (SELECT count(*) FROM audit_event WHERE ip LIKE $2 AND action NOT LIKE 'auth.%') AS audits`,
      [root.path, `${NET}.%`],
    )

  /** Sends one request and checks the N-05 contract on its answer. */
  async function send(label: string, asAdmin: boolean, request: InjectOptions): Promise<LightMyRequestResponse> {
    const before = await counts()
    const res = await app.inject({
      ...request,
      remoteAddress: nextIp(),
      headers: { ...(request.headers as Record<string, string>), ...(asAdmin ? adminHeaders : {}) },
    })
    const what = `${label} (${asAdmin ? 'admin' : 'anonymous'}) → ${res.statusCode} ${res.body.slice(0, 300)}`
    assert.ok(res.statusCode < 500, what)
    if (res.statusCode >= 400) {
      let body: { code?: unknown; message?: unknown }
      try {
        body = res.json()
      } catch {
        assert.fail(`error answer is not JSON: ${what}`)
      }
      assert.equal(typeof body.code, 'string', what)
      assert.equal(typeof body.message, 'string', what)
      assert.match(body.message as string, CJK, what)
      assert.deepEqual(await counts(), before, `a refused request changed data: ${what}`)
    }
    if (asAdmin && res.statusCode === 401) await logIn()
    return res
  }

  const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
  const ops = operations(spec)
  assert.ok(ops.some((op) => op.path === '/api/orgs' && op.method === 'POST'), 'the OpenAPI document lists the routes')

  for (const op of ops) {
    await t.test(`${op.method} ${op.path}`, async () => {
      const pathParams = op.parameters.filter((p) => p.in === 'path')
      const queryParams = op.parameters.filter((p) => p.in === 'query')
      const url = (pathValues: string[], query: [string, string][] = []) => {
        let i = 0
        const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pathValues[i++] ?? ''))
        const search = new URLSearchParams(query).toString()
        return search ? `${path}?${search}` : path
      }
      const validPath = () => pathParams.map(() => crypto.randomUUID())
      const plausibleQuery = (): [string, string][] =>
        queryParams.filter((p) => p.required).map((p) => [p.name, String(plausible(p.schema))])
      const withBody = (payload: string, contentType = 'application/json'): InjectOptions => ({
        method: op.method as InjectOptions['method'],
        url: url(validPath(), plausibleQuery()),
        payload,
        headers: { 'content-type': contentType },
      })

      for (const asAdmin of [true, false]) {
        if (op.body) {
          await send('malformed JSON', asAdmin, withBody('{"a": [1, 2'))
          await send('empty JSON body', asAdmin, withBody(''))
          await send('text/plain body', asAdmin, withBody('hello', 'text/plain'))
          const huge = await send('oversized body', asAdmin, withBody(JSON.stringify({ data: 'x'.repeat(1024 * 1024 + 10) })))
          assert.equal(huge.statusCode, 413, `oversized body: ${huge.statusCode}`)
          const base = plausible(op.body)
          if (mainType(op.body) === 'object' && base && typeof base === 'object') {
            const unknown = await send('unknown field', asAdmin, withBody(JSON.stringify({ ...base, zzUnknownField: 1 })))
            if (op.body.additionalProperties === false) assert.ok(unknown.statusCode >= 400, `unknown field accepted: ${unknown.statusCode}`)
            for (const [key, schema] of Object.entries<Schema>(op.body.properties ?? {})) {
              const wrong = await send(`wrong type for ${key}`, asAdmin, withBody(JSON.stringify({ ...base, [key]: wrongValue(schema) })))
              assert.ok(wrong.statusCode >= 400, `wrong type for ${key} accepted: ${wrong.statusCode}`)
            }
          }
        }
        for (const param of queryParams) {
          const wrong = String(wrongValue(param.schema))
          const others = plausibleQuery().filter(([name]) => name !== param.name)
          await send(`query ${param.name}=${wrong}`, asAdmin, { method: op.method as InjectOptions['method'], url: url(validPath(), [...others, [param.name, wrong]]) })
          await send(`query ${param.name} repeated`, asAdmin, {
            method: op.method as InjectOptions['method'],
            url: url(validPath(), [...others, [param.name, '1'], [param.name, '2']]),
          })
        }
        if (pathParams.length) {
          for (const value of ['not-a-uuid', 'x'.repeat(400), '..']) {
            await send(`path ${value.slice(0, 20)}`, asAdmin, { method: op.method as InjectOptions['method'], url: url(pathParams.map(() => value), plausibleQuery()) })
          }
          // Broken percent-encoding, sent raw: the router itself must answer in the same format.
          await send('path with bad escape', asAdmin, { method: op.method as InjectOptions['method'], url: op.path.replace(/\{[^}]+\}/g, '%E0%A4%A') })
        }
      }

      const shaped =
        op.body?.properties && Object.keys(op.body.properties).length
          ? fc.record(Object.fromEntries(Object.keys(op.body.properties).map((key) => [key, jsonArb])), { requiredKeys: [] })
          : jsonArb
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.array(pathValueArb, { minLength: pathParams.length, maxLength: pathParams.length }),
          fc.array(fc.tuple(fc.constantFrom(...queryParams.map((p) => p.name), 'zzUnknown'), queryValueArb), { maxLength: 4 }),
          fc.oneof(jsonArb, shaped),
          async (asAdmin, pathValues, query, body) => {
            const request: InjectOptions = { method: op.method as InjectOptions['method'], url: url(pathValues, query) }
            if (op.body) Object.assign(request, { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
            await send('random input', asAdmin, request)
          },
        ),
        { numRuns: RANDOM_RUNS },
      )
    })
  }
  await app.close()
})
