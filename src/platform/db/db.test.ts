import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrate } from './migrate.ts'
import { startEmbeddedDatabase } from './embedded.ts'
import { createDb } from './pool.ts'
import { testDatabaseUrl } from '../../../test/support.ts'

test('migrations are idempotent: a second run applies nothing', async () => {
  assert.deepEqual(await migrate(testDatabaseUrl()), [])
})

test('the embedded database: one process per data directory, reopened with its data', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-embedded-'))
  try {
    const first = await startEmbeddedDatabase(dir)
    await migrate(first.url)
    const db = createDb(first.url)
    const { id } = await db.one(`INSERT INTO audit_event (action) VALUES ('embedded.reopen') RETURNING id`)
    // A second owner would corrupt the files: the lock refuses it while the first lives.
    // (Same process here, so simulate another live owner by writing its pid.)
    fs.writeFileSync(path.join(dir, 'pglite.lock'), String(process.ppid))
    await assert.rejects(startEmbeddedDatabase(dir), /正被进程/)
    fs.writeFileSync(path.join(dir, 'pglite.lock'), String(process.pid))
    await db.close()
    await first.close()
    assert.equal(fs.existsSync(path.join(dir, 'pglite.lock')), false)

    const second = await startEmbeddedDatabase(dir)
    const again = createDb(second.url)
    const row = await again.one(`SELECT action FROM audit_event WHERE id = $1`, [id])
    assert.equal(row.action, 'embedded.reopen')
    await again.close()
    await second.close()
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
