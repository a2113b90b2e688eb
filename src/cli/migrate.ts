import { loadConfig } from '../platform/config.ts'
import { openDatabase } from '../platform/db/open.ts'
import { migrate } from '../platform/db/migrate.ts'
import { buildSnapshot } from '../platform/db/snapshot.ts'

export const help = `zhifa migrate [--snapshot]
  执行 migrations/ 下尚未执行的 SQL 迁移（按文件名顺序，每个文件一个事务）。
  使用 DATABASE_MIGRATION_URL（默认 DATABASE_URL；均未设置时为内嵌数据库）。
  --snapshot  在临时目录新建内嵌数据库并执行全部迁移，存为 dist/pglite-base.tar.gz（npm install 时自动执行）：
              内嵌数据库首次启动时由它恢复，免去 initdb，再照常执行其后新增的迁移。`

export async function run(args: string[] = []): Promise<void> {
  if (args.includes('--snapshot')) {
    const started = Date.now()
    const built = await buildSnapshot()
    console.log(`已生成 ${built.file}（${built.migrations} 个迁移，${Math.round(built.bytes / 1024)} KiB，用时 ${Date.now() - started} ms）`)
    return
  }
  const database = await openDatabase(loadConfig())
  try {
    const applied = await migrate(database.migrationUrl, (line) => console.log(line))
    console.log(applied.length ? `已执行 ${applied.length} 个迁移` : '数据库已是最新')
  } finally {
    await database.close()
  }
}
