// N-03: the server under measurement, started as an operator starts it (`zhifa serve` in its
// own process) on a fresh embedded data directory or a fresh PostgreSQL database.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createScratchDatabase } from '../platform/db/scratch.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

export type DbKind = 'embedded' | 'postgres'

export type BenchServer = {
  kind: DbKind
  base: string
  pid: number
  /** Milliseconds from spawn until the server printed its URLs (migrated, seeded, listening). */
  readyMs: number
  /** Resident memory of the server process in MiB (PGlite runs in a worker thread of it). */
  rssMiB(): number | undefined
  stop(): Promise<void>
  /** Starts the same server again on the same data (a second, warm start). */
  restart(): Promise<BenchServer>
  cleanup(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function rss(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Math.round(Number(match[1]) / 1024) : undefined
  } catch {
    return undefined
  }
}

type Storage = { env: NodeJS.ProcessEnv; cleanup(): Promise<void> }

async function storage(kind: DbKind, pgAdminUrl: string): Promise<Storage> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-'))
  const base = { ZHIFA_DATA_DIR: dataDir, ZHIFA_SEED_DEMO: 'true' }
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true })
  if (kind === 'embedded') return { env: base, cleanup: async () => removeDir() }
  const database = await createScratchDatabase(pgAdminUrl, 'zhifa_bench')
  return {
    env: { ...base, DATABASE_URL: database.url, DATABASE_MIGRATION_URL: database.url },
    async cleanup() {
      removeDir()
      await database.drop()
    },
  }
}

async function spawnServer(kind: DbKind, store: Storage, port: number, timeoutMs: number): Promise<BenchServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...store.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ZHIFA_PUBLIC_URL: `http://127.0.0.1:${port}` }
  if (kind === 'embedded') for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL']) delete env[name]
  const started = performance.now()
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin/zhifa.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-20_000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const readyMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`服务未能在 ${timeoutMs} ms 内就绪\n${stdout}\n${stderr}`))
    }, timeoutMs)
    const check = () => {
      if (!/API 文档/.test(stdout)) return
      clearTimeout(timer)
      resolve(performance.now() - started)
    }
    child.stdout!.on('data', check)
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`服务在就绪前退出\n${stdout}\n${stderr}`))
    })
  })
  const server: BenchServer = {
    kind,
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    readyMs,
    rssMiB: () => rss(child.pid!),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
    async restart() {
      await server.stop()
      return spawnServer(kind, store, port, timeoutMs)
    },
    cleanup: () => store.cleanup(),
  }
  return server
}

/** A server on fresh storage, seeded with the demo data as on a first `npm start`. */
export async function startBenchServer(kind: DbKind, options: { pgAdminUrl: string; timeoutMs?: number }): Promise<BenchServer> {
  const store = await storage(kind, options.pgAdminUrl)
  try {
    return await spawnServer(kind, store, await freePort(), options.timeoutMs ?? 120_000)
  } catch (error) {
    await store.cleanup()
    throw error
  }
}
