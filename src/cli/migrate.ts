import { loadConfig } from '../platform/config.ts'
import { openDatabase } from '../platform/db/open.ts'
import { migrate } from '../platform/db/migrate.ts'

export const help = `zhifa migrate
  执行 migrations/ 下尚未执行的 SQL 迁移（按文件名顺序，每个文件一个事务）。
  使用 DATABASE_MIGRATION_URL（默认 DATABASE_URL；均未设置时为内嵌数据库）。`

export async function run(): Promise<void> {
  const database = await openDatabase(loadConfig())
  try {
    const applied = await migrate(database.migrationUrl, (line) => console.log(line))
    console.log(applied.length ? `已执行 ${applied.length} 个迁移` : '数据库已是最新')
  } finally {
    await database.close()
  }
}
