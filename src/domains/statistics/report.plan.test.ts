// P-14 / N-03: the report's queries are answered from annual_report_entry's indexes, never
// by reading enforcement_case or case_action whole. Checked on the plans of the very SQL the
// report runs (store.ts), over a generated dataset, with sequential scans priced out
// (enable_seqscan = off): a plan keeps a Seq Scan then only where no index can serve, so the
// check fails as soon as an index the query needs is missing — shown by dropping one.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { freshDatabase } from '../../../test/support.ts'
import { migrate } from '../../platform/db/migrate.ts'
import { createDb, type Db, type Queryable } from '../../platform/db/pool.ts'
import { generateDataset, type GenerateResult } from '../../bench/generate.ts'
import { AGENCY_COUNTS_SQL, CELL_CASES_SQL } from './store.ts'

const BIG = ['enforcement_case', 'case_action', 'annual_report_entry', 'org_node']
let fresh: { url: string; drop(): Promise<void> }
let owner: Db
let r: GenerateResult

before(async () => {
  fresh = await freshDatabase('reportplan')
  await migrate(fresh.url)
  owner = createDb(fresh.url, { role: null, max: 1 })
  r = await generateDataset(owner, { cases: 2000, publishShare: 0, endYear: 2025 })
})
after(async () => {
  await owner?.close()
  await fresh?.drop()
})

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }
const nodes = (p: PlanNode): PlanNode[] => [p, ...(p.Plans ?? []).flatMap(nodes)]

async function plan(q: Queryable, sql: string, values: unknown[]): Promise<PlanNode[]> {
  const { rows } = await q.query(`EXPLAIN (FORMAT JSON) ${sql}`, values)
  return nodes((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan)
}

async function planned(sql: string, values: unknown[], drop?: string): Promise<PlanNode[]> {
  return owner.tx(async (q) => {
    await q.query('SET LOCAL enable_seqscan = off')
    if (drop) await q.query(`DROP INDEX ${drop}`)
    try {
      return await plan(q, sql, values)
    } finally {
      if (drop) await q.query('ROLLBACK AND CHAIN')
    }
  })
}

const seqScans = (p: PlanNode[]) => p.filter((n) => n['Node Type'] === 'Seq Scan' && BIG.includes(n['Relation Name'] ?? '')).map((n) => n['Relation Name'])

const root = () => (`/${r.rootId}/`)
const agencyPath = async () => (await owner.query('SELECT path FROM org_node WHERE id = $1', [r.agencyIds[3]])).rows[0].path as string

test('P-14: the counts of a whole tree and of one agency read only the report index (index-only ranges), no sequential scan', async () => {
  for (const path of [root(), await agencyPath()]) {
    const p = await planned(AGENCY_COUNTS_SQL, [path, '2025-01-01', '2026-01-01'])
    assert.deepEqual(seqScans(p), [], JSON.stringify(p.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']])))
    assert.ok(p.some((n) => n['Node Type'] === 'Index Only Scan' && n['Index Name'] === 'annual_report_entry_agency'))
    assert.ok(!p.some((n) => n['Relation Name'] === 'case_action' || n['Relation Name'] === 'enforcement_case'), 'the counts never touch the case tables')
  }
})

test('P-14: the drill-down of a cell walks an index of the report in keyset order; cases are read by primary key', async () => {
  for (const path of [root(), await agencyPath()]) {
    const p = await planned(CELL_CASES_SQL, [path, '许可', '2025-01-01', '2026-01-01', '2025-06-30', '00000000-0000-0000-0000-000000000000', 50])
    assert.deepEqual(seqScans(p), [], JSON.stringify(p.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']])))
    assert.ok(p.some((n) => n['Relation Name'] === 'enforcement_case' && n['Index Name'] === 'enforcement_case_pkey'))
  }
})

test('P-14: the check can fail — without the report\'s indexes the counts and the drill-down fall back to a sequential scan', async () => {
  const drop = 'annual_report_entry_agency, annual_report_entry_kind'
  assert.ok(seqScans(await planned(AGENCY_COUNTS_SQL, [root(), '2025-01-01', '2026-01-01'], drop)).includes('annual_report_entry'))
  const drill = await planned(CELL_CASES_SQL, [root(), '许可', '2025-01-01', '2026-01-01', null, null, 50], drop)
  assert.ok(seqScans(drill).includes('annual_report_entry'))
})
