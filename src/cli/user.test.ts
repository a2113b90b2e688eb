import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testDb, testDatabaseUrl, makeOrg, uid, DB_KIND, type OrgRow } from '../../test/support.ts'
import { startEmbeddedDatabase } from '../platform/db/embedded.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createDb, type Db } from '../platform/db/pool.ts'
import { verifyPassword } from '../platform/access/passwords.ts'

const BIN = path.resolve(import.meta.dirname, '../../bin/zhifa.mjs')

/**
 * Where the command runs. On PostgreSQL: the test database, through DATABASE_URL. On the
 * embedded database: a data directory of its own, because every connection to the test
 * runner's PGlite shares one session, whose role the tests have set to the app role, and
 * the command migrates first, which needs the owner role.
 */
let env: Record<string, string>
let withDb: <T>(fn: (db: Db) => Promise<T>) => Promise<T>
let cleanup = async () => {}
let region: OrgRow, agency: OrgRow, unit: OrgRow

before(async () => {
  if (DB_KIND === 'postgres') {
    env = { DATABASE_URL: testDatabaseUrl() }
    withDb = (fn) => fn(testDb())
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-cli-'))
    env = { DATABASE_URL: '', ZHIFA_DATA_DIR: dir }
    withDb = async (fn) => {
      const embedded = await startEmbeddedDatabase(dir)
      try {
        await migrate(embedded.url)
        const db = createDb(embedded.url, { max: 1 })
        try {
          return await fn(db)
        } finally {
          await db.close()
        }
      } finally {
        await embedded.close()
      }
    }
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true })
  }
  await withDb(async (db) => {
    region = await makeOrg(db, { level: 'county' })
    agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
    unit = await makeOrg(db, { parent: agency, kind: 'unit', level: 'county' })
  })
})
after(() => cleanup())

function zhifa(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, ...extra }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

test(`F-05: zhifa user add creates an account by org code with the API's rules; user list shows it (${DB_KIND})`, async () => {
  const username = uid('cli')
  const password = 'Cli-password-2026'
  const added = await zhifa(['user', 'add', '--username', username, '--name', '命令行用户', '--org', unit.code, '--roles', 'officer,head'], {
    ZHIFA_NEW_PASSWORD: password,
  })
  assert.equal(added.code, 0, added.stderr)
  const id = added.stdout.trim()
  assert.match(id, /^[0-9a-f-]{36}$/)
  assert.match(added.stderr, /已创建用户/)

  const listed = await zhifa(['user', 'list', '--org', region.code])
  assert.equal(listed.code, 0, listed.stderr)
  assert.match(listed.stdout, new RegExp(`${username}\\t命令行用户\\tofficer,head\\t${unit.code}\\t${agency.code}\\t正常\\t${id}`))

  await withDb(async (db) => {
    const row = await db.one(`SELECT username, org_id, scope_org_id, roles, password_hash FROM app_user WHERE id = $1`, [id])
    assert.deepEqual([row.username, row.org_id, row.scope_org_id, row.roles], [username, unit.id, agency.id, ['officer', 'head']])
    assert.ok(await verifyPassword(row.password_hash, password))
    const audited = await db.one(`SELECT actor_id, detail FROM audit_event WHERE action = 'user.create' AND entity_id = $1`, [id])
    assert.equal(audited.actor_id, null)
    assert.equal(audited.detail.via, 'cli')
  })
})

test('F-05: zhifa user add refuses what the API refuses, in Chinese, and creates nothing', async () => {
  const good = 'Good-password-2026'
  const base = ['user', 'add', '--name', '拒绝', '--org', agency.code]
  const cases: [string[], RegExp][] = [
    [['user', 'add', '--name', '缺参数', '--org', agency.code], /缺少参数：--username --roles/],
    [[...base, '--username', uid('r'), '--roles', 'boss', '--password', good], /未知角色：boss/],
    [[...base, '--username', 'X', '--roles', 'officer', '--password', good], /用户名须为/],
    [[...base, '--username', uid('r'), '--roles', 'officer', '--password', 'short1'], /密码至少 10 位/],
    // These need the database: the same use case as POST /api/users refuses them.
    [[...base, '--username', uid('r'), '--roles', 'officer', '--scope', region.code, '--password', good], /数据范围只能是本人所在的执法主体/],
    [[...base, '--username', uid('r'), '--roles', 'auxiliary,officer', '--password', good], /执法辅助人员不能同时担任执法人员/],
    [['user', 'add', '--name', '拒绝', '--org', 'no-such-org', '--username', uid('r'), '--roles', 'officer', '--password', good], /组织编码不存在/],
  ]
  for (const [args, message] of cases) {
    const res = await zhifa(args)
    assert.notEqual(res.code, 0, args.join(' '))
    assert.match(res.stderr, message)
  }
  const n = await withDb(async (db) => (await db.one(`SELECT count(*)::int AS n FROM app_user WHERE org_id = $1`, [agency.id])).n)
  assert.equal(n, 0)
})

test('zhifa user --help is in Chinese', async () => {
  const res = await zhifa(['user', '--help'])
  assert.equal(res.code, 0)
  assert.match(res.stdout, /新建用户/)
  assert.match(res.stdout, /ZHIFA_NEW_PASSWORD/)
})
