// N-02: DATABASE_READ_URL. The portal's public reads go to the read pool (a replica in
// production); writes, and the log entry of a certificate lookup, go to the primary.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { DB_KIND, testBlobs, testDatabaseUrl, testDb } from '../../../test/support.ts'
import { loadConfig } from '../config.ts'
import { buildApp } from '../http/app.ts'
import { allRoutes } from '../../routes.ts'
import { createDb, type Db } from './pool.ts'
import { day, makeCaseWorld } from '../../domains/cases/approvals.test-world.ts'
import { insertCertificate, insertPerson } from '../../domains/people/test-world.ts'

test('N-02 DATABASE_READ_URL defaults to DATABASE_URL and is unset on the embedded database', () => {
  assert.equal(loadConfig({}).databaseReadUrl, undefined)
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://app@db/zhifa' }).databaseReadUrl, 'postgres://app@db/zhifa')
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://app@db/zhifa', DATABASE_READ_URL: 'postgres://app@replica/zhifa' }).databaseReadUrl, 'postgres://app@replica/zhifa')
  // without a server the read pool is the primary (server.ts): PGlite is one process, one backend
  assert.equal(loadConfig({ DATABASE_READ_URL: 'postgres://app@replica/zhifa' }).databaseReadUrl, undefined)
})

const ON_SERVER = DB_KIND === 'postgres'
const SKIP = ON_SERVER ? false : 'embedded: PGlite has no login roles or replicas, so the read pool is the primary; this runs with ZHIFA_TEST_DB=postgres'

/** Counts the statements sent through a pool. */
function counting(db: Db): Db & { count: () => number } {
  let n = 0
  const tick = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => (n++, fn(...args))
  return { ...db, query: tick(db.query), one: tick(db.one), maybeOne: tick(db.maybeOne), many: tick(db.many), tx: tick(db.tx), count: () => n }
}

const reader = `zhifa_reader_${crypto.randomBytes(4).toString('hex')}`
let admin: pg.Client | undefined
let readOnly: Db | undefined
let app: FastifyInstance | undefined

before(async () => {
  if (!ON_SERVER) return
  // A role that may only read, as a replica would be: every transaction it opens is read-only.
  admin = new pg.Client({ connectionString: testDatabaseUrl() })
  await admin.connect()
  await admin.query(`CREATE ROLE ${reader} LOGIN IN ROLE zhifa_app`)
  await admin.query(`ALTER ROLE ${reader} SET default_transaction_read_only = on`)
  const url = new URL(testDatabaseUrl())
  url.username = reader
  url.password = ''
  readOnly = createDb(url.toString(), { max: 2 })
})

after(async () => {
  await app?.close()
  await readOnly?.close()
  if (admin) {
    await admin.query(`DROP ROLE IF EXISTS ${reader}`).catch(() => {})
    await admin.end()
  }
})

test('N-02 with a read-only DATABASE_READ_URL the portal reads there and every write still goes to the primary', { skip: SKIP }, async () => {
  const reads = counting(readOnly!)
  await assert.rejects(readOnly!.query(`INSERT INTO audit_event (action) VALUES ('read-pool.test')`), (e: any) => e.code === '25006')
  const primary = testDb()
  const config = { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() }
  const server = await buildApp({ db: primary, readDb: reads, config, blobs: testBlobs() }, allRoutes)
  app = server

  // writes through the API: a case, its decision, the publication (the primary)
  const w = await makeCaseWorld(primary, server)
  const discloser = await w.member(['disclosure'])
  const onSite: string[] = []
  for (let i = 0; i < 2; i++) {
    const id = await insertPerson(primary, w.agency.id)
    await insertCertificate(primary, id, { validFrom: '2024-01-01', validTo: '2028-12-31' })
    onSite.push(id)
  }
  const c = await w.newCase('处罚-简易', { partyName: '李小明', summary: '销售过期食品' })
  await w.ok(c.id, { type: '现场处罚决定', actedOn: day(0), officers: onSite, data: { documentNo: `RP${Date.now() % 100000}`, penalty: '罚款', fineYuan: 100, facts: '当事人销售过期榛蘑' } })
  const pub = await primary.one<{ id: string; publicId: string }>(`SELECT id, public_id AS "publicId" FROM publication WHERE case_id = $1`, [c.id])
  const published = await w.post(`/api/publications/${pub.id}/publish`, {}, discloser)
  assert.equal(published.statusCode, 201, published.body)

  // the portal's public pages are answered from the read pool
  const certNo = (await primary.one<{ cert_no: string }>(`SELECT cert_no FROM certificate WHERE person_id = $1`, [onSite[0]])).cert_no
  const pages = [
    `/search?q=${encodeURIComponent('榛蘑')}`, `/api/public/publications?q=${encodeURIComponent('榛蘑')}`, `/publications/${pub.publicId}`,
    '/feeds/publications.xml', '/feeds/publications.json', '/sitemap.xml', '/agencies', '/procedures', `/verify/${certNo}`,
  ]
  for (const url of pages) {
    const readsBefore = reads.count()
    const res = await server.inject({ method: 'GET', url, remoteAddress: '10.9.9.9' })
    assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`)
    assert.ok(reads.count() > readsBefore, `${url} did not read the read pool`)
  }
  const found = await server.inject({ method: 'GET', url: `/api/public/publications?q=${encodeURIComponent('榛蘑')}` })
  assert.deepEqual(found.json().items.map((i: { publicId: string }) => i.publicId), [pub.publicId])
  // P-05: the lookup itself read the replica, its log entry is on the primary
  const logged = await primary.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'certificate.verify' AND entity_id = $1`, [certNo])
  assert.equal(logged.n, 1)
})
