// N-02 / N-03: the benchmark. Every figure is measured side by side with a physical reference
// in the same run and reported as a ratio, because absolute times on a shared 2-core machine
// are noisy. Scenarios whose capability is not built yet are listed as such, never guessed.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { todayInChina } from '../platform/clock.ts'
import type { LoadJob, LoadResult } from './load-runner.ts'
import { startBenchServer, type BenchServer, type DbKind } from './server.ts'
import { logScenario } from './scenario-log.ts'
import { searchScenario } from './scenario-search.ts'
import { ingestScenario } from './scenario-ingest.ts'
import { reportScenario } from './scenario-report.ts'
import { startEmbeddedDatabase } from '../platform/db/embedded.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createDb, type Db } from '../platform/db/pool.ts'
import { createScratchDatabase } from '../platform/db/scratch.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const DEMO_PASSWORD = 'Zhifa-demo-2026'

/** The scenarios `--only` can pick. */
export const SCENARIOS = ['writes', 'startup', 'ingest', 'search', 'log', 'report'] as const
export type Scenario = (typeof SCENARIOS)[number]

export type BenchOptions = {
  dbs: DbKind[]
  /** Only these scenarios; all when absent. */
  only?: Scenario[]
  durationSeconds: number
  connections: number
  cases: number
  /** Size of the recording uploaded in the ingest scenario (3), MiB. */
  ingestMiB: number
  /** Published decisions in the search scenario (2); 1,000,000 and 10,000,000 for the full run. */
  decisions: number
  /** Leaves appended in the log scenario (4); 10,000,000 for the full run. */
  leaves: number
  /** Generated cases in the annual report scenario (5); 5,000,000 for the full run. */
  reportCases: number
  pgAdminUrl: string
  log: (line: string) => void
}

export type Figure = {
  scenario: string
  db: DbKind
  metric: string
  value: number | null
  unit: string
  reference: { what: string; value: number; unit: string } | null
  /** value ÷ reference, where both are rates or both are times. */
  ratio: number | null
  target: string
  met: boolean | null
  note?: string
}

export type BenchReport = {
  startedAt: string
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string }
  options: Omit<BenchOptions, 'log' | 'pgAdminUrl' | 'only'> & { only?: Scenario[] }
  figures: Figure[]
}

/** Runs one autocannon job in a separate process. */
function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/bench/load-runner.ts'), JSON.stringify(job)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`负载进程失败（${code}）：${err}`))
      resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult)
    })
  })
}

type Session = { cookie: string; csrf: string; personId: string | null }

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  if (res.status !== 200) throw new Error(`登录 ${username} 失败：${res.status} ${await res.text()}`)
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { personId: string | null }
  return { cookie, csrf: csrfToken, personId: me.personId }
}

async function post(base: string, s: Session, url: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  })
  if (res.status !== 201) throw new Error(`POST ${url}：${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string }
}

/**
 * Scenario 1: case writes through the HTTP API — 调查取证 records (an on-site act: the
 * database checks the sequence and both officers' certificates on every insert) spread over
 * many cases, at `connections` concurrent clients; reference: GET /healthz of the same server.
 */
async function caseWrites(server: BenchServer, o: BenchOptions): Promise<Figure[]> {
  const officer = await login(server.base, 'officer')
  const officer2 = await login(server.base, 'officer2')
  const head = await login(server.base, 'head')
  const officers = [officer.personId, officer2.personId].filter((p): p is string => !!p)
  if (officers.length < 2) throw new Error('演示数据中没有两名持证执法人员')
  const today = todayInChina()
  const caseIds: string[] = []
  for (let i = 0; i < o.cases; i++) {
    const c = await post(server.base, officer, '/api/cases', { kind: '处罚-普通', partyKind: 'organisation', partyName: `基准测试公司${i}`, summary: '基准测试：现场检查' })
    await post(server.base, officer, `/api/cases/${c.id}/actions`, { type: '案源登记', actedOn: today })
    await post(server.base, officer, `/api/cases/${c.id}/actions`, { type: '核查', actedOn: today })
    await post(server.base, head, `/api/cases/${c.id}/actions`, { type: '立案', actedOn: today })
    caseIds.push(c.id)
  }
  const headers = { 'content-type': 'application/json', cookie: officer.cookie, 'x-csrf-token': officer.csrf }
  const bodies = caseIds.map((id) => ({
    path: `/api/cases/${id}/actions`,
    body: JSON.stringify({ type: '调查取证', actedOn: today, officers, data: { note: '现场检查，拍照取证' } }),
  }))
  o.log(`  [${server.kind}] 案件写入：${o.cases} 件案件，${o.connections} 并发，${o.durationSeconds} s`)
  const writes = await runLoad({ url: server.base, method: 'POST', connections: o.connections, durationSeconds: o.durationSeconds, headers, bodies })
  o.log(`  [${server.kind}] 参照：GET /healthz`)
  const empty = await runLoad({ url: `${server.base}/healthz`, method: 'GET', connections: o.connections, durationSeconds: o.durationSeconds, headers: {} })
  const failed = writes.non2xx + writes.errors + writes.timeouts
  const reference = { what: 'GET /healthz (same server, same clients)', value: round(empty.perSecond), unit: 'req/s' }
  return [
    {
      scenario: '1 case writes',
      db: server.kind,
      metric: 'actions per second',
      value: round(writes.perSecond),
      unit: 'actions/s',
      reference,
      ratio: ratio(writes.perSecond, empty.perSecond),
      target: '≥ 1,000/s',
      met: failed === 0 && writes.perSecond >= 1000,
      note: failed ? `${failed} requests failed` : `${writes.requests} actions written`,
    },
    {
      scenario: '1 case writes',
      db: server.kind,
      metric: 'p50 / p95 / p99 latency',
      value: round(writes.p99),
      unit: `ms p99 (p50 ${round(writes.p50)}, p95 ${round(writes.p95)})`,
      reference: { what: 'GET /healthz p99', value: round(empty.p99), unit: 'ms' },
      ratio: ratio(writes.p99, empty.p99),
      target: 'p99 ≤ 100 ms',
      met: writes.p99 <= 100,
    },
  ]
}

/** Time for a bare Node process to start an HTTP server and listen: the floor of any start-up. */
function bareNodeListenMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['-e', `require('http').createServer().listen(0, '127.0.0.1', () => { console.log('up'); process.exit(0) })`], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.once('data', () => resolve(performance.now() - started))
    child.once('error', reject)
  })
}

/** Scenario 6: start-up time (first start: migrations and demo seed; second start) and idle memory. */
async function startup(server: BenchServer, restarted: BenchServer, idleRss: number | undefined): Promise<Figure[]> {
  const bare = await bareNodeListenMs()
  const reference = { what: 'bare node http.createServer().listen()', value: Math.round(bare), unit: 'ms' }
  return [
    {
      scenario: '6 start-up',
      db: server.kind,
      metric: 'first start (migrate + seed demo) until listening',
      value: Math.round(server.readyMs),
      unit: 'ms',
      reference,
      ratio: ratio(server.readyMs, bare),
      target: server.kind === 'embedded' ? '≤ 10 s' : '—',
      met: server.kind === 'embedded' ? server.readyMs <= 10_000 : null,
    },
    {
      scenario: '6 start-up',
      db: server.kind,
      metric: 'second start (data present) until listening',
      value: Math.round(restarted.readyMs),
      unit: 'ms',
      reference,
      ratio: ratio(restarted.readyMs, bare),
      target: server.kind === 'embedded' ? '≤ 10 s' : '—',
      met: server.kind === 'embedded' ? restarted.readyMs <= 10_000 : null,
    },
    {
      scenario: '6 start-up',
      db: server.kind,
      metric: 'resident memory, idle after start',
      value: idleRss ?? null,
      unit: 'MiB',
      reference: null,
      ratio: null,
      target: server.kind === 'embedded' ? '≤ 300 MB' : '—',
      met: server.kind === 'embedded' && idleRss !== undefined ? idleRss <= 300 : null,
      note: server.kind === 'embedded' ? 'includes the PGlite worker thread' : 'the app only; PostgreSQL runs apart',
    },
  ]
}

/**
 * Scenario 3: media ingest (R-07): one recording uploaded over tus to the server under
 * measurement, end to end (transfer, SHA-256 and SM3, blob, rows); reference: the slower of
 * `sha256sum` and `openssl dgst -sm3` on the same file in the same run.
 */
async function mediaIngest(server: BenchServer, o: BenchOptions): Promise<Figure> {
  o.log(`  [${server.kind}] 音像上传：${o.ingestMiB} MiB`)
  const r = await ingestScenario({ sizeMiB: o.ingestMiB, base: server.base })
  const slower = Math.min(r.sha256sumMiBps, r.opensslSm3MiBps)
  return {
    scenario: '3 media ingest', db: server.kind, metric: `tus upload of ${r.sizeMiB} MiB, end to end`,
    value: r.tusMiBps, unit: 'MiB/s',
    reference: { what: `slower of sha256sum (${r.sha256sumMiBps}) and openssl dgst -sm3 (${r.opensslSm3MiBps}), same file`, value: slower, unit: 'MiB/s' },
    ratio: r.ratio, target: '≥ 0.8 ×', met: r.ratio >= 0.8,
  }
}

/** A fresh, migrated database of the given kind, apart from the server under measurement. */
async function scratchDb(kind: DbKind, pgAdminUrl: string): Promise<{ db: Db; owner: Db; close(): Promise<void> }> {
  if (kind === 'postgres') {
    const database = await createScratchDatabase(pgAdminUrl, 'zhifa_bench_data')
    await migrate(database.url)
    const db = createDb(database.url)
    const owner = createDb(database.url, { role: null, max: 2 })
    return { db, owner, close: async () => (await db.close(), await owner.close(), await database.drop()) }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-data-'))
  const embedded = await startEmbeddedDatabase(dir, 6)
  await migrate(embedded.url)
  const db = createDb(embedded.url, { max: 4 })
  const owner = createDb(embedded.url, { role: null, max: 2 })
  return { db, owner, close: async () => (await db.close(), await owner.close(), await embedded.close(), fs.rmSync(dir, { recursive: true, force: true })) }
}

/**
 * Scenario 2: portal search (P-15) over `decisions` published decisions: two- to
 * four-character terms (common, middling and rare; 30 % with an agency filter) and filtered
 * lists, through the portal's own query code; reference: a primary-key lookup of one
 * publication in the same database.
 */
async function portalSearch(kind: DbKind, o: BenchOptions): Promise<Figure[]> {
  const { db, owner, close } = await scratchDb(kind, o.pgAdminUrl)
  try {
    o.log(`  [${kind}] 门户检索：载入 ${o.decisions} 条已公开决定`)
    const r = await searchScenario(owner, db, { decisions: o.decisions, log: o.log })
    const reference = { what: 'primary-key lookup of one publication, p95', value: r.lookup.p95, unit: 'ms' }
    const size = o.decisions >= 1_000_000 ? `${o.decisions / 1_000_000} M` : `${o.decisions}`
    const short = o.decisions < 10_000_000 ? `${size} decisions, not the 10 M of the target; loaded in ${r.loadSeconds} s` : `loaded in ${r.loadSeconds} s`
    return [
      {
        scenario: '2 portal search', db: kind, metric: `2–4 character terms at ${size} decisions`,
        value: r.search.p95, unit: `ms p95 (p50 ${r.search.p50}, p99 ${r.search.p99})`, reference, ratio: ratio(r.search.p95, r.lookup.p95),
        target: 'p95 ≤ 50 ms', met: r.search.p95 <= 50,
        note: `${short}; strategies ${Object.entries(r.search.byStrategy).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      },
      {
        scenario: '2 portal search', db: kind, metric: `filtered list (agency, kind, year) at ${size} decisions`,
        value: r.list.p95, unit: `ms p95 (p50 ${r.list.p50}, p99 ${r.list.p99})`, reference, ratio: ratio(r.list.p95, r.lookup.p95),
        target: 'p95 ≤ 20 ms', met: r.list.p95 <= 20,
      },
    ]
  } finally {
    await close()
  }
}

/**
 * Scenario 4: the log (R-08). Appends `leaves` leaves through the real queue and sequencer
 * (SM3, batched), then times inclusion proofs. References in the same database: a plain
 * INSERT of the same number of rows into a table without hashing or tree (rows/s), and a
 * primary-key lookup of one leaf (the floor of any proof, which reads O(log n) nodes).
 */
async function logAppends(kind: DbKind, o: BenchOptions): Promise<Figure[]> {
  const { db, close } = await scratchDb(kind, o.pgAdminUrl)
  try {
    o.log(`  [${kind}] 日志：追加 ${o.leaves} 个叶`)
    const log = await logScenario(db, { leaves: o.leaves, proofs: 200 })
    const insert = await db.tx(async (q) => {
      await q.query('CREATE TEMP TABLE bench_plain (n bigint PRIMARY KEY, content jsonb NOT NULL) ON COMMIT DROP')
      const t0 = performance.now()
      for (let done = 0; done < o.leaves; done += 5000) {
        await q.query(`INSERT INTO bench_plain SELECT g, jsonb_build_object('n', g) FROM generate_series($1::bigint, $1::bigint + $2 - 1) g`, [done, Math.min(5000, o.leaves - done)])
      }
      return o.leaves / ((performance.now() - t0) / 1000)
    })
    const lookups: number[] = []
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now()
      await db.query('SELECT leaf_hash FROM ledger_leaf WHERE idx = $1', [Math.floor(Math.random() * log.leaves)])
      lookups.push(performance.now() - t0)
    }
    lookups.sort((a, b) => a - b)
    const lookupP50 = lookups[Math.floor(lookups.length / 2)]!
    return [
      {
        scenario: '4 log', db: kind, metric: `appends per second (batched, SM3, ${log.leaves} leaves)`,
        value: Math.round(log.appendsPerSecond), unit: 'leaves/s',
        reference: { what: 'plain INSERT of as many rows, same database', value: Math.round(insert), unit: 'rows/s' },
        ratio: ratio(log.appendsPerSecond, insert), target: '≥ 10,000/s', met: log.appendsPerSecond >= 10_000,
        note: o.leaves < 10_000_000 ? `${log.leaves} leaves, not the 10 M of the target` : undefined,
      },
      {
        scenario: '4 log', db: kind, metric: `inclusion proof p50 / p99 at ${log.leaves} leaves`,
        value: round(log.proofMsP99), unit: `ms p99 (p50 ${round(log.proofMsP50)})`,
        reference: { what: 'primary-key lookup of one leaf, p50', value: round(lookupP50), unit: 'ms' },
        ratio: ratio(log.proofMsP50, lookupP50), target: '≤ 5 ms', met: log.proofMsP99 <= 5,
        note: 'ratio of p50 to p50',
      },
    ]
  } finally {
    await close()
  }
}

/**
 * Scenario 5: the annual report (P-14) over `reportCases` generated cases, for the root of
 * the tree and for one agency; reference: a full count of enforcement_case in the same
 * database (a sequential read of every case row).
 */
async function annualReport(kind: DbKind, o: BenchOptions): Promise<Figure[]> {
  const { db, owner, close } = await scratchDb(kind, o.pgAdminUrl)
  try {
    o.log(`  [${kind}] 统计年报：生成 ${o.reportCases} 件案件`)
    const r = await reportScenario(owner, db, { cases: o.reportCases, log: o.log })
    const size = o.reportCases >= 1_000_000 ? `${o.reportCases / 1_000_000} M` : `${o.reportCases}`
    const reference = { what: 'SELECT count(*) FROM enforcement_case (same database)', value: round(r.referenceMs), unit: 'ms' }
    const g = r.generated
    const load = `generated in ${g.seconds.total} s (${g.casesPerSecond} cases/s, ${g.actions} actions)`
    const short = o.reportCases < 5_000_000 ? `${size} cases, not the 5 M of the target; ` : ''
    return [
      {
        scenario: '5 annual report', db: kind, metric: `year ${r.year}, whole tree rolled up, ${size} cases`,
        value: round(r.rootMs), unit: `ms (first run ${round(r.rootCold)} ms)`, reference, ratio: ratio(r.rootMs, r.referenceMs),
        target: '≤ 10 s', met: r.rootMs <= 10_000 && r.consistent,
        note: `${short}${load}; ${g.agencyIds.length} agencies${r.consistent ? '' : '; TOTALS DIFFER FROM A PLAIN COUNT'}`,
      },
      {
        scenario: '5 annual report', db: kind, metric: `year ${r.year}, one agency, ${size} cases`,
        value: round(r.agencyMs), unit: 'ms', reference, ratio: ratio(r.agencyMs, r.referenceMs),
        target: '≤ 10 s', met: r.agencyMs <= 10_000,
      },
    ]
  } finally {
    await close()
  }
}

const NOT_BUILT: { scenario: string; metric: string; target: string; needs: string }[] = []

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
    options: { dbs: o.dbs, only: o.only, durationSeconds: o.durationSeconds, connections: o.connections, cases: o.cases, ingestMiB: o.ingestMiB, decisions: o.decisions, leaves: o.leaves, reportCases: o.reportCases },
    figures: [],
  }
  const wanted = (s: Scenario) => !o.only || o.only.includes(s)
  for (const db of o.dbs) {
    o.log(`== ${db === 'embedded' ? '内嵌数据库 (PGlite)' : 'PostgreSQL'}`)
    if (wanted('startup') || wanted('writes') || wanted('ingest')) {
      const first = await startBenchServer(db, { pgAdminUrl: o.pgAdminUrl })
      let server = first
      try {
        if (wanted('startup')) {
          await new Promise((r) => setTimeout(r, 3000))
          const idle = first.rssMiB()
          server = await first.restart()
          report.figures.push(...(await startup(first, server, idle)))
        }
        if (wanted('writes')) report.figures.push(...(await caseWrites(server, o)))
        if (wanted('ingest')) report.figures.push(await mediaIngest(server, o))
      } finally {
        await server.stop()
        await server.cleanup()
      }
    }
    if (wanted('search')) report.figures.push(...(await portalSearch(db, o)))
    if (wanted('log')) report.figures.push(...(await logAppends(db, o)))
    if (wanted('report')) report.figures.push(...(await annualReport(db, o)))
    if (o.only) continue
    for (const n of NOT_BUILT) {
      report.figures.push({ scenario: n.scenario, db, metric: n.metric, value: null, unit: '', reference: null, ratio: null, target: n.target, met: null, note: `not measured: ${n.needs}` })
    }
  }
  return report
}

const round = (n: number) => Math.round(n * 10) / 10
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null)

/** The report as one Markdown table (the same table goes into BENCHMARKS.md). */
export function formatTable(report: BenchReport): string {
  const rows = report.figures.map((f) => {
    const value = f.value === null ? '—' : `${f.value} ${f.unit}`
    const ref = f.reference ? `${f.reference.value} ${f.reference.unit} (${f.reference.what})` : '—'
    const met = f.met === null ? '—' : f.met ? 'yes' : 'no'
    return `| ${f.scenario} | ${f.db} | ${f.metric} | ${value} | ${ref} | ${f.ratio ?? '—'} | ${f.target} | ${met} | ${f.note ?? ''} |`
  })
  return [
    '| scenario | db | metric | value | reference | ratio | target | met | note |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n')
}
