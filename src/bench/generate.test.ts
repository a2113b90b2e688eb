import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { freshDatabase } from '../../test/support.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createDb, type Db } from '../platform/db/pool.ts'
import { builtinCalendar } from '../platform/calendar/notices.ts'
import { computeReport } from '../domains/statistics/annual-report.ts'
import { reportIndexMismatches } from '../domains/statistics/test-world.ts'
import { generateDataset, type GenerateResult } from './generate.ts'

let fresh: { url: string; drop(): Promise<void> }
let owner: Db
let app: Db
let r: GenerateResult
const CASES = 3000

before(async () => {
  fresh = await freshDatabase('generate')
  await migrate(fresh.url)
  owner = createDb(fresh.url, { role: null, max: 2 })
  app = createDb(fresh.url, { max: 2 })
  r = await generateDataset(owner, { cases: CASES, publishShare: 0.5, batch: 1000, endYear: 2025 })
})
after(async () => {
  await owner?.close()
  await app?.close()
  await fresh?.drop()
})

const one = async (sql: string, values: unknown[] = []) => (await owner.query(sql, values)).rows[0]

test('N-03 / P-14: the generator writes a province tree with enforcement bodies, 司法局 and certified officers', async () => {
  assert.equal(r.cases, CASES)
  assert.deepEqual(r.years, [2021, 2022, 2023, 2024, 2025])
  const tree = await one(`SELECT count(*) FILTER (WHERE kind = 'region')::int AS regions, count(*) FILTER (WHERE kind = 'agency')::int AS agencies,
    count(*) FILTER (WHERE level = 'province')::int AS province, max(length(path) - length(replace(path, '/', '')))::int - 1 AS depth
    FROM org_node WHERE path LIKE $1`, [`/${r.rootId}/%`])
  assert.equal(tree.regions, 57, '省, 8 州/市, 48 县')
  assert.equal(tree.depth, 4, '省 → 州/市 → 县 → 机关')
  assert.equal((await one('SELECT count(*)::int AS n FROM enforcement_body WHERE id = ANY($1)', [r.agencyIds])).n, r.agencyIds.length)
  assert.equal((await one('SELECT count(*)::int AS n FROM justice_bureau')).n, 57)
  assert.equal((await one('SELECT count(*)::int AS n FROM person p WHERE p.agency_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = p.id)', [r.agencyIds])).n, 0)
})

test('N-03: every action is dated on a working day of the F-04 calendar, in the order of the case, after what the stage model requires', async () => {
  const calendar = builtinCalendar()
  const { rows } = await owner.query<{ d: string }>('SELECT DISTINCT acted_on AS d FROM case_action')
  assert.ok(rows.length > 200)
  for (const { d } of rows) assert.ok(calendar.isWorkingDay(d), `${d} is not a working day`)
  const order = await one(`SELECT count(*)::int AS n FROM (SELECT acted_on < lag(acted_on) OVER (PARTITION BY case_id ORDER BY n) AS back FROM case_action) x WHERE back`)
  assert.equal(order.n, 0, 'dates never go back within a case')
  const model = await one(`
    SELECT count(*)::int AS n FROM case_action a JOIN case_action_type t ON t.kind = a.kind AND t.code = a.type
     WHERE EXISTS (SELECT 1 FROM unnest(t.requires_all) r WHERE NOT EXISTS (SELECT 1 FROM case_action b WHERE b.case_id = a.case_id AND b.n < a.n AND b.type = r))
        OR (cardinality(t.requires_any) > 0 AND NOT EXISTS (SELECT 1 FROM case_action b WHERE b.case_id = a.case_id AND b.n < a.n AND b.type = ANY (t.requires_any)))
        OR EXISTS (SELECT 1 FROM case_action b WHERE b.case_id = a.case_id AND b.type = ANY (t.excludes))
        OR EXISTS (SELECT 1 FROM unnest(t.required_data) k WHERE NOT a.data ? k)
        OR (t.simple_penalty AND simple_penalty_problem((SELECT party_kind FROM enforcement_case WHERE id = a.case_id), a.data) IS NOT NULL)`)
  assert.equal(model.n, 0, 'every action follows the model')
  const unknown = await one('SELECT count(*)::int AS n FROM case_action a WHERE NOT EXISTS (SELECT 1 FROM case_action_type t WHERE t.kind = a.kind AND t.code = a.type)')
  assert.equal(unknown.n, 0)
  const kinds = await one(`SELECT count(DISTINCT a.kind)::int AS n FROM case_action a JOIN enforcement_case c ON c.id = a.case_id AND c.kind = a.kind`)
  assert.equal(kinds.n, 8, 'all eight kinds, each action of the kind of its case')
  // 处罚法42: an on-site act has two officers of the case's agency, certified on the day
  const onSite = await one(`
    SELECT count(*)::int AS n FROM case_action a JOIN case_action_type t ON t.kind = a.kind AND t.code = a.type AND t.on_site
      JOIN enforcement_case c ON c.id = a.case_id
     WHERE cardinality(a.officers) <> 2 OR a.officers[1] = a.officers[2]
        OR EXISTS (SELECT 1 FROM unnest(a.officers) o WHERE NOT EXISTS (
             SELECT 1 FROM person p JOIN certificate k ON k.person_id = p.id
              WHERE p.id = o AND p.agency_id = c.agency_id AND k.status = '有效' AND a.acted_on BETWEEN k.valid_from AND k.valid_to))`)
  assert.equal(onSite.n, 0)
})

test('N-03 / P-09: every decision has its publication of the same case, agency and date; the published ones have a text and a search row', async () => {
  const bad = await one(`
    SELECT count(*)::int AS n FROM publication p
      LEFT JOIN enforcement_case c ON c.id = p.case_id LEFT JOIN case_action a ON a.id = p.source_action_id
     WHERE c.id IS NULL OR a.id IS NULL OR a.case_id <> c.id OR p.agency_id <> c.agency_id OR p.decided_on <> a.acted_on`)
  assert.equal(bad.n, 0)
  const missing = await one(`SELECT count(*)::int AS n FROM case_action a JOIN publication_source s ON s.case_kind = a.kind AND s.action_type = a.type
    WHERE NOT EXISTS (SELECT 1 FROM publication p WHERE p.source_action_id = a.id)`)
  assert.equal(missing.n, 0)
  assert.ok(r.published > 0 && r.published < r.publications)
  const texts = await one(`SELECT count(*)::int AS n, count(*) FILTER (WHERE v.body ~ '违反了《|准予行政许可|双随机抽查|实施查封|作出决定')::int AS catalogue
    FROM publication_version v JOIN publication_search s ON s.publication_id = v.publication_id WHERE v.status = 'published'`)
  assert.equal(texts.n, r.published)
  assert.equal(texts.catalogue, r.published)
})

test('N-03 / P-14: the generated index equals a recount of the actions, and the rolled-up report of the root counts every entry of the year', async () => {
  assert.equal(await reportIndexMismatches(owner), 0)
  const report = await computeReport(app, r.rootId, 2025)
  const entries = await one(`SELECT count(*)::int AS n FROM annual_report_entry WHERE decided_on BETWEEN '2025-01-01' AND '2025-12-31'`)
  assert.equal(Object.values(report.totals).reduce((s, n) => s + (n ?? 0), 0), entries.n)
  assert.ok(report.totals.许可! > 0 && report.totals.处罚! > 0 && report.totals.征用 !== undefined && report.totals.收费! > 0)
  assert.equal(report.children.length, 14, 'the 6 departments of the province and its 8 州/市 (the 司法局 reports nothing)')
})
