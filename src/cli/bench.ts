import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { formatTable, runBench, SCENARIOS, type Scenario } from '../bench/bench.ts'
import type { DbKind } from '../bench/server.ts'
import { generateDataset } from '../bench/generate.ts'
import { loadConfig } from '../platform/config.ts'
import { openDatabase } from '../platform/db/open.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createDb } from '../platform/db/pool.ts'

export const help = `zhifa bench [--db embedded,postgres] [--duration 秒] [--connections N] [--cases N] [--ingest-mib N] [--decisions N] [--leaves N] [--report-cases N] [--quick] [--only writes,startup,ingest,search,log,report] [--out 文件]
zhifa bench generate --cases N [--years 5] [--publish-share 1] [--db-url postgres://…]
  性能基准（N-03）：每项指标与同一次运行中测得的物理参照并列，并给出比值。
  每种数据库各启动一个全新的服务进程（内嵌 PGlite：新的数据目录；PostgreSQL：
  ZHIFA_TEST_PG_URL 或 postgres://postgres@127.0.0.1:5432/postgres 上新建的数据库，测完删除），
  负载由另一个进程（autocannon）产生。
  --db           要测的数据库，默认 embedded,postgres
  --duration     每项负载持续秒数，默认 10（--quick 为 3）
  --connections  并发客户端数，默认 32
  --cases        写入分散到的案件数，默认 64（--quick 为 16）
  --ingest-mib   音像上传场景的文件大小（MiB），默认 1024（--quick 为 64）
  --decisions    门户检索场景载入的已公开决定数，默认 100000（--quick 为 20000；完整运行用 1000000 与 10000000）
  --leaves       日志场景追加的叶数，默认 100000（--quick 为 3000；完整运行用 10000000）
  --report-cases 统计年报场景生成的案件数，默认 100000（--quick 为 5000；完整运行用 5000000）
  --only         只测所列场景（writes 案件写入、startup 启动、ingest 音像上传、search 门户检索、log 日志、report 统计年报），默认全部
  --out          结果 JSON 文件，默认 bench-results.json
  打印一张表，并写出 JSON。
  generate：向数据库写入一套测试数据（省→州/市→县的组织树、执法人员和执法证、按工作日
  办理的案件及其执法行为、统计年报索引、决定的公示），用于性能测试；须以超级用户连接
  （批量载入时关闭行触发器）。--db-url 默认 DATABASE_MIGRATION_URL、DATABASE_URL，均未设置时为内嵌数据库。`

async function generate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { cases: { type: 'string' }, years: { type: 'string', default: '5' }, 'publish-share': { type: 'string', default: '1' }, 'db-url': { type: 'string' } },
  })
  const cases = Number(values.cases)
  const years = Number(values.years)
  const share = Number(values['publish-share'])
  if (!Number.isInteger(cases) || cases < 1) throw new Error(`--cases 须为正整数：${values.cases}`)
  if (!Number.isInteger(years) || years < 1 || years > 5) throw new Error(`--years 须为 1 至 5 的整数（执法证有效期不超过5年）：${values.years}`)
  if (!(share >= 0 && share <= 1)) throw new Error(`--publish-share 须在 0 与 1 之间：${values['publish-share']}`)
  const config = loadConfig()
  const database = values['db-url'] ? { url: values['db-url'], migrationUrl: values['db-url'], close: async () => {} } : await openDatabase(config)
  try {
    await migrate(database.migrationUrl)
    const owner = createDb(database.migrationUrl, { role: null, max: 2 })
    try {
      const r = await generateDataset(owner, { cases, years, publishShare: share, log: (line) => process.stderr.write(line + '\n') })
      process.stdout.write(JSON.stringify({ ...r, agencyIds: undefined, agencies: r.agencyIds.length }, null, 2) + '\n')
    } finally {
      await owner.close()
    }
  } finally {
    await database.close()
  }
}

export async function run(args: string[]): Promise<void> {
  if (args[0] === 'generate') return generate(args.slice(1))
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: 'embedded,postgres' },
      duration: { type: 'string' },
      connections: { type: 'string', default: '32' },
      cases: { type: 'string' },
      leaves: { type: 'string' },
      decisions: { type: 'string' },
      'ingest-mib': { type: 'string' },
      'report-cases': { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string', default: 'bench-results.json' },
    },
  })
  const dbs = values.db!.split(',').map((d) => d.trim()) as DbKind[]
  for (const d of dbs) if (d !== 'embedded' && d !== 'postgres') throw new Error(`未知的数据库：${d}（应为 embedded 或 postgres）`)
  const only = values.only?.split(',').map((s) => s.trim()) as Scenario[] | undefined
  for (const s of only ?? []) if (!SCENARIOS.includes(s)) throw new Error(`未知的场景：${s}（应为 ${SCENARIOS.join('、')}）`)
  const number = (name: string, v: string | undefined, fallback: number) => {
    const n = v === undefined ? fallback : Number(v)
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} 须为正整数：${v}`)
    return n
  }
  const report = await runBench({
    dbs,
    durationSeconds: number('duration', values.duration, values.quick ? 3 : 10),
    connections: number('connections', values.connections, 32),
    cases: number('cases', values.cases, values.quick ? 16 : 64),
    ingestMiB: number('ingest-mib', values['ingest-mib'], values.quick ? 64 : 1024),
    decisions: number('decisions', values.decisions, values.quick ? 20_000 : 100_000),
    leaves: number('leaves', values.leaves, values.quick ? 3000 : 100_000),
    reportCases: number('report-cases', values['report-cases'], values.quick ? 5000 : 100_000),
    only,
    pgAdminUrl: process.env.ZHIFA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    log: (line) => process.stderr.write(line + '\n'),
  })
  fs.writeFileSync(values.out!, JSON.stringify(report, null, 2) + '\n')
  process.stdout.write(formatTable(report) + '\n')
  process.stderr.write(`结果已写入 ${values.out}\n`)
}
