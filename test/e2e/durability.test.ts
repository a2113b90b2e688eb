// N-04 "Nothing lost", for the embedded default: writes are acknowledged only after their
// transaction commits, so an acknowledged write must survive the process being killed
// (SIGKILL, no shutdown) at any moment. Runs on both CI passes: the child always uses
// its own embedded database.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_PASSWORD } from '../../src/seed/demo.ts'
import { freePort, login, startServer, type ChildServer, type HttpSession } from './child-server.ts'

const ROUNDS = 5
const WRITERS = 8

type Org = { id: string; code: string; kind: string; name: string }

async function units(server: ChildServer, session: HttpSession): Promise<Set<string>> {
  const res = await fetch(`${server.base}/api/orgs?kind=unit`, { headers: { cookie: session.cookie } })
  assert.equal(res.status, 200, await res.clone().text())
  return new Set(((await res.json()) as Org[]).map((o) => o.code))
}

/**
 * Writers create units under the demo agencies until the server dies; a code counts as
 * acknowledged once its 201 has arrived, i.e. after COMMIT. The kill comes 50–800 ms
 * after the first acknowledgement, so that a slow machine still has writes in flight.
 */
async function burst(server: ChildServer, session: HttpSession, parents: Org[], round: number, acknowledged: Set<string>) {
  let sent = 0
  let acked = 0
  let firstAck!: () => void
  const writing = new Promise<void>((resolve) => (firstAck = resolve))
  const writer = async (w: number) => {
    for (let i = 0; ; i++) {
      const code = `dur-r${round}-w${w}-${i}`
      sent++
      try {
        const res = await fetch(`${server.base}/api/orgs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
          body: JSON.stringify({ parentId: parents[(w + i) % parents.length]!.id, kind: 'unit', code, name: `耐久测试科${round}-${w}-${i}` }),
        })
        if (res.status !== 201) throw new Error(`POST /api/orgs ${res.status}: ${await res.text()}`)
        await res.arrayBuffer()
        acknowledged.add(code)
        acked++
        firstAck()
      } catch (error) {
        // Only the killed server may stop a writer; any other refusal is a failure.
        if (error instanceof Error && error.message.startsWith('POST /api/orgs')) throw error
        return
      }
    }
  }
  const killAfter = 50 + Math.floor(Math.random() * 751)
  const killer = Promise.race([writing, server.exited]).then(() => new Promise<void>((resolve) => setTimeout(() => {
    server.child.kill('SIGKILL')
    resolve()
  }, killAfter)))
  await Promise.all([killer, ...Array.from({ length: WRITERS }, (_, w) => writer(w))])
  const { code, signal } = await server.exited
  assert.equal(signal, 'SIGKILL', `the server died on its own (exit ${code}) before it was killed:\n${server.errors().slice(-4000)}`)
  return { killAfter, sent, acked }
}

test('N-04: every acknowledged write survives SIGKILL of the server at a random moment (embedded PGlite)', async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-durability-'))
  const port = await freePort()
  const acknowledged = new Set<string>()

  let server = await startServer(dataDir, port)
  t.after(() => {
    server.child.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  const session = await login(server.base, 'admin', DEMO_PASSWORD)
  const agencies = await fetch(`${server.base}/api/orgs?kind=agency`, { headers: { cookie: session.cookie } })
  const parents = ((await agencies.json()) as Org[]).slice(0, WRITERS)
  assert.ok(parents.length >= 4, 'the demo has agencies to write under')

  for (let round = 1; round <= ROUNDS; round++) {
    const result = await burst(server, session, parents, round, acknowledged)
    t.diagnostic(`round ${round}: killed ${result.killAfter} ms after the first acknowledgement; ${result.acked} of ${result.sent} writes acknowledged`)
    // A lock file naming the killed process is left behind; the restart takes it over.
    assert.ok(fs.existsSync(path.join(dataDir, 'pglite.lock')))
    server = await startServer(dataDir, port)
    const present = await units(server, session)
    const lost = [...acknowledged].filter((code) => !present.has(code))
    assert.deepEqual(lost, [], `acknowledged writes lost after round ${round}`)
  }
  t.diagnostic(`${acknowledged.size} acknowledged writes over ${ROUNDS} kills, none lost; the session survived every restart`)
  assert.ok(acknowledged.size >= ROUNDS, `only ${acknowledged.size} writes were acknowledged`)

  server.child.kill('SIGTERM')
  assert.equal((await server.exited).code, 0)
})
