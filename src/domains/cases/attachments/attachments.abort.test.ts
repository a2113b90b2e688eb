import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../../platform/http/app.ts'
import { loadConfig } from '../../../platform/config.ts'
import { createLocalBlobStore } from '../../../platform/blobs/index.ts'
import { allRoutes } from '../../../routes.ts'
import { testDatabaseUrl, testDb } from '../../../../test/support.ts'
import { makeCaseWorld, SAMPLE } from '../record-access/test-world.ts'
import { listAttachments } from './store.ts'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-abort-'))
after(() => fs.rmSync(root, { recursive: true, force: true }))
const files = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)])) : []

test('R-07: a phone upload cut off mid-way over real HTTP leaves no attachment, no blob and no temp file, and the server stays up', async () => {
  const db = testDb()
  const app = await buildApp({ db, config: { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() }, blobs: createLocalBlobStore(root) }, allRoutes)
  try {
    const w = await makeCaseWorld(db, app)
    const caseId = await w.newCase()
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/cases/${caseId}/attachments`,
      headers: { ...w.officerA.headers, 'content-type': 'video/mp4', 'content-length': String(1024 * 1024) },
    })
    request.on('error', () => {})
    request.write(Buffer.concat([SAMPLE.mp4, Buffer.alloc(200_000, 9)]))
    await sleep(300)
    request.destroy()
    for (let i = 0; i < 50 && files(path.join(root, 'tmp')).length > 0; i++) await sleep(100)
    assert.deepEqual(files(path.join(root, 'tmp')), [], 'the temp file is removed')
    assert.deepEqual(files(path.join(root, 'sha256')), [], 'no blob was stored')
    assert.equal((await listAttachments(db, caseId)).length, 0)
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    assert.equal(health.status, 200)
    const whole = await fetch(`http://127.0.0.1:${port}/api/cases/${caseId}/attachments`, {
      method: 'POST',
      headers: { ...w.officerA.headers, 'content-type': 'image/png' },
      body: SAMPLE.png,
    })
    assert.equal(whole.status, 201, await whole.text())
    assert.equal(files(path.join(root, 'sha256')).length, 1)
  } finally {
    await app.close()
  }
})
