// N-02: stateless app servers. Two `zhifa serve` processes on one PostgreSQL database and one
// shared data directory (keys, staging area, local blobs, as README says several servers must
// share) behind one port: a round-robin TCP proxy in this test gives each new connection to
// the next server, and every request here opens its own connection, so consecutive requests
// alternate between the two. A session made on one is used on the other, a tus upload created
// on one is finished on the other, a rate limit is reached across both, and a case action
// recorded through one is read through the other.
//
// PostgreSQL only: the embedded database (PGlite) lives inside one server process and its data
// directory takes one process at a time, so there is no second server to put beside it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { DB_KIND, freshDatabase } from '../support.ts'
import { freePort } from './child-server.ts'
import { DEMO_PASSWORD } from '../../src/seed/demo.ts'
import { writeSyntheticMp4 } from '../../src/domains/media/test-files.ts'
import { todayInChina } from '../../src/platform/clock.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SKIP = DB_KIND === 'postgres' ? false : 'embedded: PGlite is one process with one backend, so two app servers cannot share it; this test runs with ZHIFA_TEST_DB=postgres'

type Backend = { child: ChildProcess; port: number; output: () => string }
let database: { url: string; drop(): Promise<void> } | undefined
let dataDir: string
const backends: Backend[] = []
let proxy: net.Server | undefined
let proxyPort = 0
/** Which backend (0 or 1) each proxied connection went to, in order. */
const served: number[] = []

async function serve(env: NodeJS.ProcessEnv): Promise<Backend> {
  const port = await freePort()
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/zhifa.mjs'), 'serve'], {
    cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in 120 s:\n${out}`)), 120_000)
    const check = () => {
      if (!/API 文档/.test(out)) return
      clearTimeout(timer)
      resolve()
    }
    child.stdout!.on('data', check)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code ?? signal}):\n${out}`))
    })
  })
  return { child, port, output: () => out }
}

before(async () => {
  if (SKIP) return
  // An unreachable server is a failure here, not a skip.
  database = await freshDatabase('two_instances')
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-two-'))
  proxyPort = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env, HOST: '127.0.0.1', ZHIFA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: database.url,
    ZHIFA_SEED_DEMO: 'true', ZHIFA_PUBLIC_URL: `http://localhost:${proxyPort}`,
  }
  delete env.DATABASE_MIGRATION_URL
  delete env.DATABASE_READ_URL
  backends.push(await serve(env))
  backends.push(await serve(env))
  let next = 0
  proxy = net.createServer((client) => {
    const index = next++ % backends.length
    served.push(index)
    const upstream = net.connect(backends[index]!.port, '127.0.0.1')
    client.pipe(upstream).pipe(client)
    const close = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
  })
  await new Promise<void>((resolve) => proxy!.listen(proxyPort, '127.0.0.1', resolve))
})

after(async () => {
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()))
  for (const b of backends) {
    const exited = new Promise((resolve) => b.child.once('exit', resolve))
    b.child.kill('SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    if (b.child.exitCode === null) b.child.kill('SIGKILL')
  }
  await database?.drop()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
})

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; via: number; json(): any }

/** One request on a connection of its own through the proxy; `via` is the server that answered. */
function call(method: string, url: string, options: { headers?: Record<string, string>; body?: Buffer | string | object } = {}): Promise<Reply> {
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) || typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
  const headers: Record<string, string> = { ...(options.body !== undefined && !Buffer.isBuffer(options.body) && typeof options.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...options.headers }
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: proxyPort, method, path: url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const data = Buffer.concat(chunks)
        resolve({ status: res.statusCode!, headers: res.headers, body: data, via: served[served.length - 1]!, json: () => JSON.parse(data.toString('utf8')) })
      })
    })
    request.on('error', reject)
    request.end(body)
  })
}

type Session = { cookie: string; csrf: string; via: number }
async function login(username: string): Promise<Session> {
  const res = await call('POST', '/api/auth/login', { body: { username, password: DEMO_PASSWORD } })
  assert.equal(res.status, 200, res.body.toString())
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ')
  return { cookie, csrf: res.json().csrfToken, via: res.via }
}
const auth = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf })

test('N-02 a session made on one server is used on the other; a case created and acted on through one is read through the other', { skip: SKIP }, async () => {
  const session = await login('officer')
  const me = await call('GET', '/api/auth/me', { headers: { cookie: session.cookie } })
  assert.equal(me.status, 200, me.body.toString())
  assert.notEqual(me.via, session.via, 'the second request went to the other server')
  assert.equal(me.json().username, 'officer')

  const created = await call('POST', '/api/cases', { headers: auth(session), body: { kind: '处罚-普通', partyKind: 'organisation', partyName: '某某商贸有限公司', summary: '两台服务器测试' } })
  assert.equal(created.status, 201, created.body.toString())
  const caseId = created.json().id as string
  const acted = await call('POST', `/api/cases/${caseId}/actions`, { headers: auth(session), body: { type: '案源登记', actedOn: todayInChina() } })
  assert.equal(acted.status, 201, acted.body.toString())
  assert.notEqual(acted.via, created.via)
  const read = await call('GET', `/api/cases/${caseId}`, { headers: { cookie: session.cookie } })
  assert.equal(read.status, 200, read.body.toString())
  assert.notEqual(read.via, acted.via, 'read through the server that did not record the action')
  assert.ok(JSON.stringify(read.json()).includes('案源登记'), 'the action recorded through the other server is there')

  // logging out on one ends the session on both
  const out = await call('POST', '/api/auth/logout', { headers: auth(session), body: {} })
  assert.ok(out.status < 300, out.body.toString())
  const after1 = await call('GET', '/api/auth/me', { headers: { cookie: session.cookie } })
  const after2 = await call('GET', '/api/auth/me', { headers: { cookie: session.cookie } })
  assert.deepEqual(new Set([after1.via, after2.via]), new Set([0, 1]))
  assert.equal(after1.status, 401)
  assert.equal(after2.status, 401)
})

test('N-02 / R-07 a tus upload created on one server is continued and finished on the other', { skip: SKIP }, async () => {
  const session = await login('officer')
  const me = (await call('GET', '/api/auth/me', { headers: { cookie: session.cookie } })).json() as { personId: string }
  const kase = await call('POST', '/api/cases', { headers: auth(session), body: { kind: '处罚-普通', partyKind: 'organisation', partyName: '某某商贸有限公司', summary: '跨服务器续传' } })
  assert.equal(kase.status, 201, kase.body.toString())
  const file = path.join(dataDir, 'two.mp4')
  writeSyntheticMp4(file, 3 * 1024 * 1024)
  const bytes = fs.readFileSync(file)
  const meta = {
    caseId: kase.json().id, device: 'DSJ-V9 执法记录仪 #0457', officer: me.personId, startedAt: '2026-03-02T09:30:00+08:00',
    endedAt: '2026-03-02T10:30:00+08:00', filename: 'two.mp4', mime: 'video/mp4',
  }
  const metadata = Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',')
  const tus = { ...auth(session), 'tus-resumable': '1.0.0' }
  const created = await call('POST', '/api/media/uploads', { headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': metadata } })
  assert.equal(created.status, 201, created.body.toString())
  const location = new URL(created.headers.location!, `http://localhost:${proxyPort}`).pathname
  const half = Math.floor(bytes.length / 2)
  const patch = (from: number, to: number) =>
    call('PATCH', location, { headers: { ...tus, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(from) }, body: bytes.subarray(from, to) })
  const first = await patch(0, half)
  assert.equal(first.status, 204, first.body.toString())
  assert.notEqual(first.via, created.via)
  const head = await call('HEAD', location, { headers: tus })
  assert.notEqual(head.via, first.via)
  assert.equal(head.headers['upload-offset'], String(half), 'the other server sees the bytes the first one took')
  const rest = await patch(half, bytes.length)
  assert.equal(rest.status, 204, rest.body.toString())
  assert.notEqual(rest.via, head.via)
  const mediaId = rest.headers['zhifa-media-id'] as string
  assert.ok(mediaId, 'the finishing server ingested the recording')
  const media = await call('GET', `/api/media/${mediaId}`, { headers: { cookie: session.cookie } })
  assert.equal(media.status, 200, media.body.toString())
  assert.notEqual(media.via, rest.via)
  assert.equal(media.json().sha256, crypto.createHash('sha256').update(bytes).digest('hex'))
})

test('N-02 / N-06 a rate limit is reached across both servers: 30 certificate lookups a minute in all', { skip: SKIP }, async () => {
  const replies: Reply[] = []
  for (let i = 0; i < 30; i++) replies.push(await call('GET', '/verify'))
  assert.deepEqual(new Set(replies.map((r) => r.status)), new Set([200]))
  assert.deepEqual(new Set(replies.map((r) => r.via)), new Set([0, 1]), 'both servers answered')
  const over = [await call('GET', '/verify'), await call('GET', '/verify')]
  assert.deepEqual(new Set(over.map((r) => r.via)), new Set([0, 1]))
  for (const r of over) assert.equal(r.status, 429, `server ${r.via} let the 31st lookup through`)
})
