import { withDatabase } from './database.ts'

export const help = `zhifa seed --demo
  向空数据库写入演示数据（云南省楚雄彝族自治州的组织机构、执法主体、执法人员、执法证和各角色演示账号），
  并打印演示账号和密码。先执行尚未执行的迁移。数据库中已有任何组织机构时不做任何改动。
  使用 DATABASE_URL（未设置时为 ZHIFA_DATA_DIR 下的内嵌数据库）；迁移使用 DATABASE_MIGRATION_URL。
  内嵌数据库首次启动 (zhifa serve) 时已自动写入演示数据，无需再运行本命令。`

export async function run(args: string[]): Promise<void> {
  if (!args.includes('--demo')) {
    throw Object.assign(new Error('请指定要写入的数据：zhifa seed --demo'), { exitCode: 2 })
  }
  const lines = await withDatabase(async (db) => {
    const { seedDemoIfEmpty } = await import('../seed/demo.ts')
    return seedDemoIfEmpty(db)
  }, (line) => console.log(line))
  console.log(lines.length ? lines.join('\n') : '数据库中已有组织机构数据，未写入演示数据')
}
