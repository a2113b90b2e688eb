// N-03 scenario 5 / P-14: the annual report over N generated cases. The dataset comes from
// the generator (generate.ts; texts are not published here, scenario 2 measures those); the
// report is timed through its own code (computeReport) as the app role, for the root of the
// tree (the whole province rolled up) and for one agency, beside a physical reference in the
// same database: a full count of enforcement_case (a sequential read of every case row).
import type { Db } from '../platform/db/pool.ts'
import { computeReport } from '../domains/statistics/annual-report.ts'
import { generateDataset, type GenerateResult } from './generate.ts'

export type ReportScenarioResult = {
  cases: number
  generated: GenerateResult
  year: number
  rootMs: number
  rootCold: number
  agencyMs: number
  referenceMs: number
  /** the root's totals equal a plain count of the year's report entries */
  consistent: boolean
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const value = await fn()
  return [performance.now() - t0, value]
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function reportScenario(owner: Db, app: Db, o: { cases: number; runs?: number; log?: (line: string) => void }): Promise<ReportScenarioResult> {
  const generated = await generateDataset(owner, { cases: o.cases, publishShare: 0, log: o.log })
  const year = generated.years.at(-1)!
  const runs = o.runs ?? 3
  const [rootCold, first] = await timed(() => computeReport(app, generated.rootId, year))
  const rootTimes: number[] = []
  for (let i = 0; i < runs; i++) rootTimes.push((await timed(() => computeReport(app, generated.rootId, year)))[0])
  const agency = generated.agencyIds[Math.floor(generated.agencyIds.length / 2)]!
  const agencyTimes: number[] = []
  for (let i = 0; i < runs; i++) agencyTimes.push((await timed(() => computeReport(app, agency, year)))[0])
  const referenceTimes: number[] = []
  for (let i = 0; i < runs; i++) referenceTimes.push((await timed(() => app.query('SELECT count(*) FROM enforcement_case')))[0])
  const { rows } = await app.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM annual_report_entry e JOIN org_node o ON o.id = e.agency_id
      WHERE o.path LIKE $1 AND e.decided_on >= $2 AND e.decided_on < $3`,
    [`/${generated.rootId}/%`, `${year}-01-01`, `${year + 1}-01-01`],
  )
  const sum = Object.values(first.totals).reduce((s, n) => s + (n ?? 0), 0)
  return {
    cases: o.cases, generated, year,
    rootMs: median(rootTimes), rootCold, agencyMs: median(agencyTimes), referenceMs: median(referenceTimes),
    consistent: sum === rows[0]!.n,
  }
}
