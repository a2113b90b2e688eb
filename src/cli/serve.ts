import { loadConfig } from '../platform/config.ts'
import { createServer } from '../platform/server.ts'

export const help = `zhifa serve
  启动服务：公示门户 (/)、执法工作台 (/app/) 和 API (/api/)，同一端口。
  未设置 DATABASE_URL 时使用内嵌数据库 (PGlite，位于 ZHIFA_DATA_DIR 或 ./data)，
  首次启动自动写入演示数据并打印演示账号。`

export async function run(): Promise<void> {
  const config = loadConfig()
  const started = Date.now()
  const server = await createServer(config)
  let onFirstStart: string[] = []
  if (config.seedDemo) {
    const { seedDemoIfEmpty } = await import('../seed/demo.ts')
    onFirstStart = await seedDemoIfEmpty(server.db)
  }
  await server.app.listen({ port: config.port, host: config.host })
  const base = config.publicUrl
  const lines = [
    `zhifa 已启动（${server.database.kind === 'embedded' ? `内嵌数据库 ${config.dataDir}` : 'PostgreSQL'}，用时 ${Date.now() - started} ms）`,
    `  公示门户   ${base}/`,
    `  执法工作台 ${base}/app/`,
    `  API 文档   ${base}/api/docs  (OpenAPI: ${base}/api/openapi.json)`,
    ...onFirstStart,
  ]
  process.stdout.write(lines.join('\n') + '\n')
  const stop = async () => {
    await server.close().catch(() => {})
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
