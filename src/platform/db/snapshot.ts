// N-01: the embedded database's first start without initdb. `zhifa migrate --snapshot`
// (run by `npm install` through `prepare`) migrates a fresh PGlite data directory and
// keeps it as a tarball; a first start on an empty data directory restores it instead of
// running initdb, then applies the migrations as always (those the tarball lacks go on
// top, the rest are checked against their checksums). The schema stays the migrations'.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { startEmbeddedDatabase } from './embedded.ts'
import { migrate, migrationFiles } from './migrate.ts'

/** Where `npm install` leaves the tarball and its manifest. */
export const SNAPSHOT_DIR = path.resolve(import.meta.dirname, '../../../dist')
const files = (dir: string) => ({ tarball: path.join(dir, 'pglite-base.tar.gz'), manifest: path.join(dir, 'pglite-base.json') })

type Manifest = { pglite: string; migrations: { name: string; checksum: string }[] }

/** The installed PGlite's version (its package.json is not exported: found above its entry point). */
function pgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir)
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version
}

/** Builds the tarball of a freshly migrated embedded data directory (and its manifest). */
export async function buildSnapshot(
  o: { dir?: string; log?: (line: string) => void } = {},
): Promise<{ file: string; bytes: number; migrations: number }> {
  const { tarball: SNAPSHOT_FILE, manifest: MANIFEST_FILE } = files(o.dir ?? SNAPSHOT_DIR)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-snapshot-'))
  try {
    const embedded = await startEmbeddedDatabase(dir)
    try {
      await migrate(embedded.url, o.log)
      fs.mkdirSync(path.dirname(SNAPSHOT_FILE), { recursive: true })
      const tmp = `${SNAPSHOT_FILE}.${process.pid}.tmp`
      await embedded.dump(tmp)
      fs.renameSync(tmp, SNAPSHOT_FILE)
    } finally {
      await embedded.close()
    }
    const manifest: Manifest = { pglite: pgliteVersion(), migrations: migrationFiles().map(({ name, checksum }) => ({ name, checksum })) }
    fs.writeFileSync(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n')
    return { file: SNAPSHOT_FILE, bytes: fs.statSync(SNAPSHOT_FILE).size, migrations: manifest.migrations.length }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The tarball, when it fits this installation: built by the installed PGlite, and every
 * migration it holds is, byte for byte, a migration file of the repository. Else undefined
 * (initdb then, as without a tarball).
 */
export function usableSnapshot(dir = SNAPSHOT_DIR): string | undefined {
  const { tarball: SNAPSHOT_FILE, manifest: MANIFEST_FILE } = files(dir)
  try {
    const manifest = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as Manifest
    if (manifest.pglite !== pgliteVersion() || !fs.existsSync(SNAPSHOT_FILE)) return undefined
    const current = new Map(migrationFiles().map((m) => [m.name, m.checksum]))
    return manifest.migrations.every((m) => current.get(m.name) === m.checksum) ? SNAPSHOT_FILE : undefined
  } catch {
    return undefined
  }
}
