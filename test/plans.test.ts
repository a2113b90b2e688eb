// N-02 / N-03: the plans of the hot queries at a province's scale. A fresh database gets a
// slice of the big tables (test/plans-world.ts: 10,000 agencies, 100 k cases, 300 k actions,
// 100 k publications, 200 k log leaves, ANALYZEd); then the code's own query functions run
// against it through a Queryable that first asks `EXPLAIN (FORMAT JSON)` for every SELECT they
// send, with the same parameters. So the SQL checked is the SQL the code runs, and a plan that
// reads a big table with a sequential scan fails the test with the query and its plan.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { freshDatabase } from './support.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { createDb, type Db, type Queryable } from '../src/platform/db/pool.ts'
import { publishingAgencies, recentPublications, searchPublications, sitemapMonth, sitemapMonths } from '../src/domains/disclosure/search.ts'
import { findPublicPublication } from '../src/domains/disclosure/public.ts'
import { listDraftPublications } from '../src/domains/disclosure/store.ts'
import { listDrafts } from '../src/domains/disclosure/publications.ts'
import type { AuthUser } from '../src/platform/access/scope.ts'
import { listCases, findCase, listActions } from '../src/domains/cases/store.ts'
import { listOpenDeadlines } from '../src/domains/cases/deadline-lists.ts'
import { inclusionFor } from '../src/platform/ledger/log.ts'
import { findPublicCertificate } from '../src/domains/people/public.ts'
import { findSession } from '../src/platform/access/sessions.ts'
import { BIG_TABLES, COMMON_TERM, DEFAULT_SIZE, FAMILY, RARE_TERM, fillPlanWorld, idOf } from './plans-world.ts'

type Plan = { 'Node Type': string; 'Relation Name'?: string; Plans?: Plan[]; [key: string]: unknown }
type Explained = { sql: string; plan: Plan }

let database: { url: string; drop(): Promise<void> }
let admin: Db
let app: Db

before(async () => {
  database = await freshDatabase('plans')
  await migrate(database.url)
  admin = createDb(database.url, { max: 1, role: null })
  const started = performance.now()
  await fillPlanWorld(admin)
  console.log(`# plan world filled in ${Math.round(performance.now() - started)} ms`)
  // To see the check fail: ZHIFA_PLANS_DROP_INDEX=case_action_case (any index name) drops it first.
  const drop = process.env.ZHIFA_PLANS_DROP_INDEX
  if (drop) {
    if (!/^[a-z_]+$/.test(drop)) throw new Error(`not an index name: ${drop}`)
    await admin.query(`SET ROLE zhifa_owner; DROP INDEX zhifa.${drop}; RESET ROLE; ANALYZE`)
    console.log(`# dropped index ${drop}`)
  }
  app = createDb(database.url, { max: 2 })
})

after(async () => {
  await app?.close()
  await admin?.close()
  await database?.drop()
})

/** A Queryable over the app's pool that records the plan of every SELECT before running it. */
function explaining(db: Db, seen: Explained[]): Db {
  const explainThen = async (q: Queryable, text: string, values?: unknown[]) => {
    if (/^\s*(SELECT|WITH)\b/i.test(text)) {
      const { rows } = await q.query(`EXPLAIN (FORMAT JSON) ${text}`, values)
      seen.push({ sql: text, plan: rows[0]['QUERY PLAN'][0].Plan })
    }
    return q.query(text, values)
  }
  const query = ((text: string, values?: unknown[]) => explainThen(db, text, values)) as Db['query']
  return {
    ...db,
    query,
    tx: (fn) => db.tx((client) => fn({ query: ((text: string, values?: unknown[]) => explainThen(client, text, values)) as Db['query'] })),
    one: async (text, values) => {
      const { rows } = await query(text, values)
      if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`)
      return rows[0]
    },
    maybeOne: async (text, values) => (await query(text, values)).rows[0],
    many: async (text, values) => (await query(text, values)).rows,
  }
}

/** Every sequential scan of a big table in a plan, with the path of node types to it. */
export function bigSeqScans(plan: Plan, big: readonly string[] = BIG_TABLES, trail: string[] = []): string[] {
  const here = [...trail, plan['Node Type']]
  const own = plan['Node Type'] === 'Seq Scan' && big.includes(plan['Relation Name'] ?? '') ? [`${plan['Relation Name']} (${here.join(' > ')})`] : []
  return [...own, ...(plan.Plans ?? []).flatMap((child) => bigSeqScans(child, big, here))]
}

/**
 * Runs `fn` with the explaining Queryable; fails on a sequential scan of a big table in any of
 * its queries. `wholeTable` names a table the query needs every row of (so a scan is its best plan).
 */
async function assertIndexed<T>(name: string, fn: (q: Db) => Promise<T>, wholeTable: string[] = []): Promise<T> {
  const seen: Explained[] = []
  const result = await fn(explaining(app, seen))
  assert.ok(seen.length > 0, `${name}: no query was explained`)
  const big = BIG_TABLES.filter((t) => !wholeTable.includes(t))
  const problems = seen.flatMap((e) => bigSeqScans(e.plan, big).map((scan) => `${scan}\n  in: ${e.sql.replace(/\s+/g, ' ').slice(0, 400)}\n  plan: ${JSON.stringify(e.plan).slice(0, 1500)}`))
  assert.deepEqual(problems, [], `${name}: sequential scan of a big table`)
  return result
}

const TODAY = '2026-12-03'
const agency1 = idOf(FAMILY.agency, 1)
const agencyPath = `/${idOf(FAMILY.region, 1)}/${agency1}/`

test('N-02 the plan check itself finds a sequential scan of a big table (and ignores small ones)', async () => {
  const { rows } = await admin.query(`EXPLAIN (FORMAT JSON) SELECT count(*) FROM zhifa.case_action WHERE data ? 'nothing'`)
  assert.deepEqual(bigSeqScans(rows[0]['QUERY PLAN'][0].Plan).map((s) => s.split(' ')[0]), ['case_action'])
  const small = await admin.query(`EXPLAIN (FORMAT JSON) SELECT * FROM zhifa.case_kind`)
  assert.deepEqual(bigSeqScans(small.rows[0]['QUERY PLAN'][0].Plan), [])
})

test('N-02 / P-15 portal search: a two-character term, a rare term, lists by agency, kind, year, and the next page use indexes', async () => {
  const common = await assertIndexed('two-character term', (q) => searchPublications(q, { q: COMMON_TERM }, TODAY))
  assert.equal(common.strategy, 'recent')
  assert.equal(common.items.length, 20)
  const rare = await assertIndexed('rare term', (q) => searchPublications(q, { q: RARE_TERM }, TODAY))
  assert.equal(rare.strategy, 'index')
  assert.ok(rare.items.length > 0)
  const byAgency = await assertIndexed('list by agency', (q) => searchPublications(q, { agencyId: idOf(FAMILY.agency, 17), ended: true }, TODAY))
  assert.ok(byAgency.items.length > 0 && byAgency.items.every((h) => h.agencyId === idOf(FAMILY.agency, 17)))
  await assertIndexed('list by kind', (q) => searchPublications(q, { kind: '许可' }, TODAY))
  const year = await assertIndexed('list of a year', (q) => searchPublications(q, { from: '2024-01-01', to: '2024-12-31', ended: true }, TODAY))
  assert.ok(year.items.every((h) => h.decidedOn.startsWith('2024')))
  await assertIndexed('agency and term', (q) => searchPublications(q, { agencyId: idOf(FAMILY.agency, 17), q: COMMON_TERM, ended: true }, TODAY))
  const first = await searchPublications(app, { kind: '处罚' }, TODAY)
  assert.ok(first.next)
  const second = await assertIndexed('keyset next page', (q) => searchPublications(q, { kind: '处罚', after: first.next! }, TODAY))
  assert.ok(second.items.length > 0)
  await assertIndexed('rare term, next page', (q) => searchPublications(q, { q: RARE_TERM, after: rare.items[0] ? `${rare.items[0].decidedOn}_${idOf(FAMILY.publication, 1)}` : undefined }, TODAY))
})

test('N-02 / P-15 the search form\'s agencies, the feeds and the sitemap read by index', async () => {
  // Every agency with a publication is listed, so org_node is read whole (a hash join); the
  // publications are not: one index probe per agency.
  const agencies = await assertIndexed('agencies of the search form', (q) => publishingAgencies(q), ['org_node'])
  assert.equal(agencies.length, DEFAULT_SIZE.agencies)
  const feed = await assertIndexed('feeds', (q) => recentPublications(q, 50, TODAY))
  assert.equal(feed.length, 50)
  const months = await assertIndexed('sitemap index', (q) => sitemapMonths(q))
  const distinct = await app.one<{ n: number }>(`SELECT count(DISTINCT to_char(decided_on, 'YYYY-MM'))::int AS n FROM publication_search`)
  assert.equal(months.length, distinct.n)
  const month = await assertIndexed('sitemap of a month', (q) => sitemapMonth(q, '2024-05'))
  assert.ok(month.length > 0)
})

test('N-02 / P-15 the publication page by public id reads by index', async () => {
  const publicId = (await app.one<{ public_id: string }>(`SELECT public_id FROM publication WHERE id = $1`, [idOf(FAMILY.publication, 4242)])).public_id
  const page = await assertIndexed('publication page', (q) => findPublicPublication(q, publicId, TODAY))
  assert.equal(page?.publicId, publicId)
})

test('N-02 / R-01 the case list of an agency, a case and its actions read by index', async () => {
  const list = await assertIndexed('case list of an agency', (q) => listCases(q, { scopePath: agencyPath, limit: 9, offset: 0 }))
  assert.equal(list.total, DEFAULT_SIZE.casesPerAgency)
  await assertIndexed('case list filtered by stage', (q) => listCases(q, { scopePath: agencyPath, stage: '立案', limit: 20, offset: 0 }))
  await assertIndexed('case list by number', (q) => listCases(q, { scopePath: agencyPath, q: 'C1', limit: 20, offset: 0 }))
  assert.ok(list.next)
  const second = await assertIndexed('case list, next page', (q) => listCases(q, { scopePath: agencyPath, limit: 5, offset: 0, after: list.items[4]!.id }))
  assert.deepEqual(second.items.slice(0, 4).map((c) => c.id), list.items.slice(5).map((c) => c.id))
  assert.equal(second.items.length, 5)
  const caseId = list.items[0]!.id
  await assertIndexed('one case', (q) => findCase(q, caseId))
  const actions = await assertIndexed('actions of a case', (q) => listActions(q, caseId))
  assert.equal(actions.length, DEFAULT_SIZE.actionsPerCase)
})

test('N-02 / F-05 a region-wide case list walks the newest cases by index and counts no total', async () => {
  // A supervisor of the whole region (all 10,000 agencies): the page comes off
  // enforcement_case_created newest-first and stops; without that index the plan sorts every case.
  const regionPath = `/${idOf(FAMILY.region, 1)}/`
  const started = performance.now()
  const first = await assertIndexed('case list of a region', (q) => listCases(q, { scopePath: regionPath, limit: 50, offset: 0 }))
  console.log(`# region case list, first page (with EXPLAIN): ${Math.round(performance.now() - started)} ms`)
  assert.equal(first.total, null)
  assert.equal(first.items.length, 50)
  const newest = await app.many<{ id: string }>(`SELECT id FROM enforcement_case ORDER BY created_at DESC, id DESC LIMIT 60`)
  assert.deepEqual(first.items.map((c) => c.id), newest.slice(0, 50).map((r) => r.id))
  assert.ok(first.next)
  const second = await assertIndexed('case list of a region, next page', (q) => listCases(q, { scopePath: regionPath, limit: 10, offset: 0, after: first.next! }))
  assert.deepEqual(second.items.map((c) => c.id), newest.slice(50, 60).map((r) => r.id))
  assert.equal(second.total, null)
  for (const after of [undefined, first.next!]) {
    const t0 = performance.now()
    await listCases(app, { scopePath: regionPath, limit: 50, offset: 0, after })
    console.log(`# region case list, ${after ? 'next' : 'first'} page: ${(performance.now() - t0).toFixed(1)} ms`)
  }
})

test('N-02 / R-03 deadline lists of an agency read by index', async () => {
  const open = await assertIndexed('open deadlines of an agency', (q) => listOpenDeadlines(q, { scopePath: agencyPath, today: TODAY, status: 'open', limit: 20 }))
  assert.ok(open.total > 0)
  await assertIndexed('overdue deadlines of an agency', (q) => listOpenDeadlines(q, { scopePath: agencyPath, today: TODAY, status: 'overdue', limit: 20 }))
  await assertIndexed('deadlines of an officer', (q) => listOpenDeadlines(q, { scopePath: agencyPath, today: TODAY, officerId: idOf(FAMILY.user, 1), limit: 20 }))
})

test('N-02 / P-09 the drafts list of an agency reads by index', async () => {
  const drafts = await assertIndexed('publication drafts', (q) => listDraftPublications(q, agencyPath))
  assert.ok(drafts.length >= 1 && drafts.every((d) => d.agencyId === agency1))
  // the use case behind GET /api/publications: the drafts with their due dates on the agency's calendar
  const user: AuthUser = {
    id: idOf(FAMILY.user, 1), username: 'plan-u1', displayName: '用户1', roles: ['disclosure'], orgId: agency1, orgPath: agencyPath,
    scopePath: agencyPath, scopeOrgId: agency1, personId: null, locale: 'zh-CN',
  }
  const items = await assertIndexed('publication drafts with due dates', (q) => listDrafts(q, user))
  assert.equal(items.length, drafts.length)
})

test('N-02 / R-08 inclusion proofs look the leaf and the nodes up by key', async () => {
  const byRef = await assertIndexed('inclusion by record', (q) => inclusionFor(q, { table: 'case_action', id: idOf(FAMILY.action, 1001) }))
  assert.equal(byRef?.refId, idOf(FAMILY.action, 1001))
  const byIndex = await assertIndexed('inclusion by index', (q) => inclusionFor(q, { index: 123_456 }))
  assert.equal(byIndex?.index, 123_456)
})

test('N-02 / P-05 certificate verification and the session lookup read by key', async () => {
  const cert = await assertIndexed('certificate verification', (q) => findPublicCertificate(q, 'ZF00012345'))
  assert.equal(cert?.certNo, 'ZF00012345')
  await assertIndexed('session lookup', (q) => findSession(q, 'no-such-token'))
})
