// N-01: the first start of the embedded database restores the migrated tarball instead of
// running initdb, and the migrations still decide: a tarball whose migrations are not the
// repository's (a changed file, another PGlite) is not used. Runs its own embedded
// databases on both passes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmbeddedDatabase } from './embedded.ts'
import { migrate, MIGRATIONS_DIR } from './migrate.ts'
import { buildSnapshot, usableSnapshot } from './snapshot.ts'
import pg from 'pg'

test('N-01: an empty data dir starts from the migrated tarball, every migration already applied, the schema the migrations give', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-snapshot-test-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const built = await buildSnapshot({ dir })
  const migrations = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))
  assert.equal(built.migrations, migrations.length)
  const tarball = usableSnapshot(dir)
  assert.equal(tarball, built.file)

  const dataDir = path.join(dir, 'data')
  const started = performance.now()
  const embedded = await startEmbeddedDatabase(dataDir, 4, { snapshot: tarball })
  try {
    t.diagnostic(`restored in ${Math.round(performance.now() - started)} ms`)
    assert.deepEqual(await migrate(embedded.url), [], 'nothing left to apply')
    const client = new pg.Client({ connectionString: embedded.url })
    await client.connect()
    try {
      const applied = await client.query(`SELECT name FROM zhifa.schema_migration ORDER BY name`)
      assert.deepEqual(applied.rows.map((r) => r.name), [...migrations].sort())
      // a rule of the schema holds: case_action stays append-only
      await assert.rejects(client.query(`DELETE FROM zhifa.case_action`), /只追加表，不得修改或删除/)
      assert.equal((await client.query(`SHOW shared_buffers`)).rows[0].shared_buffers, '32MB')
    } finally {
      await client.end()
    }
  } finally {
    await embedded.close()
  }

  // the manifest no longer matches the repository: not used
  const manifestFile = path.join(dir, 'pglite-base.json')
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'))
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, migrations: [{ ...manifest.migrations[0], checksum: '0'.repeat(64) }, ...manifest.migrations.slice(1)] }))
  assert.equal(usableSnapshot(dir), undefined, 'a migration changed since the tarball')
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, pglite: '0.0.0' }))
  assert.equal(usableSnapshot(dir), undefined, 'another PGlite built it')
  fs.writeFileSync(manifestFile, JSON.stringify(manifest))
  assert.equal(usableSnapshot(dir), built.file)
})
