// N-01: `npm start` on a fresh machine: the embedded database, the demo data, the URLs
// and the demo logins, measured from the outside. Runs on both CI passes: the child
// always uses its own embedded database.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/seed/demo.ts'
import { freePort, login, rssMiB, startServer, type ChildServer } from './child-server.ts'

/** Target 10 s (N-01); the assertion allows a loaded CI machine three times that. */
const READY_LIMIT_MS = 30_000

async function stop(server: ChildServer): Promise<void> {
  server.child.kill('SIGTERM')
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('server did not exit within 20 s of SIGTERM')), 20_000))
  const { code, signal } = await Promise.race([server.exited, timeout])
  assert.equal(signal, null, `exited by signal ${signal}, not by its own shutdown`)
  assert.equal(code, 0)
}

test('N-01: `zhifa serve` on an empty data dir starts with demo data, prints the URLs and logins, serves every demo role, and stops on SIGTERM', async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-start-'))
  t.after(() => fs.rmSync(dataDir, { recursive: true, force: true }))
  const port = await freePort()
  const server = await startServer(dataDir, port)
  try {
    const rss = rssMiB(server.pid)
    t.diagnostic(`first start: ready after ${Math.round(server.readyMs)} ms, RSS ${rss} MiB`)
    const out = server.output()
    const base = `http://localhost:${port}`
    assert.ok(out.includes(`公示门户   ${base}/`), out)
    assert.ok(out.includes(`执法工作台 ${base}/app/`), out)
    assert.ok(out.includes(`${base}/api/docs`) && out.includes(`${base}/api/openapi.json`), out)
    assert.ok(out.includes(DEMO_PASSWORD), 'the demo password is printed')
    for (const { username } of DEMO_ACCOUNTS) assert.match(out, new RegExp(`^ +${username.replace('.', '\\.')} +\\S`, 'm'), `login ${username} printed`)

    assert.equal((await fetch(`${base}/healthz`)).status, 200)
    assert.equal((await fetch(`${base}/readyz`)).status, 200)
    for (const account of DEMO_ACCOUNTS) {
      const session = await login(base, account.username, DEMO_PASSWORD)
      const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: session.cookie } })
      assert.equal(me.status, 200)
      const body = (await me.json()) as { username: string; roles: string[] }
      assert.equal(body.username, account.username)
      assert.deepEqual(body.roles, account.roles)
    }
    assert.ok(server.readyMs <= READY_LIMIT_MS, `ready after ${Math.round(server.readyMs)} ms`)
  } finally {
    await stop(server)
  }
  assert.ok(!fs.existsSync(path.join(dataDir, 'pglite.lock')), 'a clean stop releases the data dir')

  // A second start on the same data finds it seeded: no new demo data, no logins printed.
  const again = await startServer(dataDir, port)
  try {
    t.diagnostic(`second start: ready after ${Math.round(again.readyMs)} ms, RSS ${rssMiB(again.pid)} MiB`)
    assert.doesNotMatch(again.output(), /演示账号/)
    const admin = await login(again.base, 'admin', DEMO_PASSWORD)
    const orgs = await fetch(`${again.base}/api/orgs?kind=region`, { headers: { cookie: admin.cookie } })
    const names = ((await orgs.json()) as { name: string }[]).map((o) => o.name)
    assert.equal(names.filter((n) => n === '楚雄彝族自治州').length, 1, 'the demo was not seeded twice')
  } finally {
    await stop(again)
  }
})
