import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmbeddedDatabase } from '../platform/db/embedded.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createScratchDatabase, type ScratchDatabase } from '../platform/db/scratch.ts'

export const help = `zhifa test [文件或目录 …]
  运行测试（node --test，TypeScript 经 tsx 加载）。测试文件为 src/ 与 test/ 下的 *.test.ts。
  ZHIFA_TEST_DB=embedded（默认）：在临时目录启动内嵌 PGlite 数据库；
  ZHIFA_TEST_DB=postgres：在 ZHIFA_TEST_PG_URL（默认 postgres://postgres@127.0.0.1:5432/postgres）
  所指服务器上新建一个数据库，测完删除。CI=true 时服务器不可达即失败。`

const ROOT = path.resolve(import.meta.dirname, '../..')

function findTests(targets: string[]): string[] {
  const roots = targets.length ? targets.map((t) => path.resolve(t)) : [path.join(ROOT, 'src'), path.join(ROOT, 'test')]
  const files: string[] = []
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return
    const stat = fs.statSync(p)
    if (stat.isFile()) return void (p.endsWith('.test.ts') && files.push(p))
    for (const entry of fs.readdirSync(p)) if (entry !== 'node_modules') walk(path.join(p, entry))
  }
  roots.forEach(walk)
  return files.sort()
}

function postgresDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(process.env.ZHIFA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'zhifa_test')
}

export async function run(args: string[]): Promise<void> {
  const kind = process.env.ZHIFA_TEST_DB ?? 'embedded'
  const files = findTests(args)
  if (!files.length) throw new Error('没有找到测试文件')
  let url: string
  let cleanup: () => Promise<void>
  if (kind === 'postgres') {
    try {
      const database = await postgresDatabase()
      url = database.url
      cleanup = database.drop
    } catch (error) {
      const message = `PostgreSQL 不可达：${(error as Error).message}`
      if (process.env.CI === 'true') throw new Error(message)
      console.warn(`${message}；非 CI 环境，跳过 PostgreSQL 测试`)
      return
    }
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-test-'))
    const embedded = await startEmbeddedDatabase(dir)
    url = embedded.url
    cleanup = async () => {
      await embedded.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  try {
    await migrate(url)
    console.log(`测试数据库：${kind}，${files.length} 个测试文件`)
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
        { cwd: ROOT, stdio: 'inherit', env: { ...process.env, DATABASE_URL: url, ZHIFA_TEST_DB: kind } },
      )
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
    })
    if (code !== 0) throw Object.assign(new Error(`测试失败（${kind}）`), { exitCode: code })
  } finally {
    await cleanup()
  }
}
