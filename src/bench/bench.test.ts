// N-03: a small, bounded run of the benchmark, so the harness that BENCHMARKS.md rests on
// is exercised by CI (the full run is `npm run bench`, documented in BENCHMARKS.md).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DB_KIND } from '../../test/support.ts'
import { formatTable, runBench } from './bench.ts'

test(`N-03: a one-second benchmark run measures case writes, start-up, media ingest, portal search, log appends and the annual report beside their references (${DB_KIND})`, { timeout: 240_000 }, async () => {
  const db = DB_KIND === 'postgres' ? 'postgres' : 'embedded'
  const report = await runBench({
    dbs: [db],
    durationSeconds: 1,
    connections: 4,
    cases: 2,
    decisions: 3000,
    ingestMiB: 8,
    leaves: 500,
    reportCases: 2000,
    pgAdminUrl: process.env.ZHIFA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    log: () => {},
  })
  const writes = report.figures.find((f) => f.scenario === '1 case writes' && f.metric === 'actions per second')!
  assert.ok(writes.value! > 0, 'actions were written')
  assert.ok(writes.reference!.value > 0 && writes.ratio! > 0, 'the reference was measured in the same run')
  assert.match(writes.note ?? '', /actions written$/, 'no request failed')
  const log = report.figures.find((f) => f.scenario === '4 log' && f.metric.startsWith('appends'))!
  assert.ok(log.value! > 0 && log.reference!.value > 0 && log.ratio! > 0, 'log appends measured beside plain inserts')
  assert.match(log.metric, /500 leaves/)
  const search = report.figures.find((f) => f.scenario === '2 portal search' && f.metric.startsWith('2–4'))!
  assert.ok(search.value! > 0 && search.reference!.value > 0, 'search timed beside a primary-key lookup')
  assert.match(search.metric, /3000 decisions/)
  const ingest = report.figures.find((f) => f.scenario === '3 media ingest')!
  assert.ok(ingest.value! > 0 && ingest.reference!.value > 0 && ingest.ratio! > 0, 'ingest timed beside sha256sum and openssl on the same file')
  const annual = report.figures.filter((f) => f.scenario === '5 annual report')
  assert.equal(annual.length, 2)
  for (const f of annual) assert.ok(f.value! > 0 && f.reference!.value > 0 && f.ratio! > 0, 'the report timed beside a full count of the cases')
  assert.match(annual[0]!.metric, /whole tree rolled up, 2000 cases/)
  assert.doesNotMatch(annual[0]!.note ?? '', /DIFFER/, 'the rolled-up totals equal a plain count')
  const first = report.figures.find((f) => f.metric.startsWith('first start'))!
  assert.ok(first.value! > first.reference!.value, 'start-up is slower than a bare Node listener')
  for (const f of report.figures.filter((f) => f.value === null)) assert.match(f.note ?? '', /^not measured: /, f.scenario)
  const table = formatTable(report)
  assert.equal(table.split('\n').length, report.figures.length + 2)
  assert.equal(report.machine.cpus > 0, true)
})
