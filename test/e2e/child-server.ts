// Runs `node bin/zhifa.mjs serve` as a separate process, as an operator would, on the
// embedded database whatever database the test run itself uses.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** PORT=0 would not show in the printed URLs, so take a free port and hand it over. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export type ChildServer = {
  child: ChildProcess
  pid: number
  port: number
  base: string
  /** Everything printed on stdout up to now. */
  output(): string
  /** Everything printed on stderr up to now (the log at LOG_LEVEL=warn). */
  errors(): string
  /** Milliseconds from spawn until the URL lines were printed. */
  readyMs: number
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts the server on dataDir and resolves once it has printed its URLs. */
export async function startServer(dataDir: string, port: number, timeoutMs = 60_000): Promise<ChildServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ZHIFA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
  // The embedded default is what is under test: no server database, no override of the demo default.
  for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'ZHIFA_SEED_DEMO', 'ZHIFA_PUBLIC_URL']) delete env[name]
  const started = performance.now()
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/zhifa.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const readyMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server not ready within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`))
    }, timeoutMs)
    const check = () => {
      if (!/API 文档/.test(stdout)) return
      clearTimeout(timer)
      child.stdout!.off('data', check)
      resolve(performance.now() - started)
    }
    child.stdout!.on('data', check)
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code ?? signal}) before it was ready\nstdout:\n${stdout}\nstderr:\n${stderr}`))
    })
  })
  return { child, pid: child.pid!, port, base: `http://localhost:${port}`, output: () => stdout, errors: () => stderr, readyMs, exited }
}

/** Resident memory of a running process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Math.round(Number(match[1]) / 1024) : undefined
  } catch {
    return undefined
  }
}

export type HttpSession = { cookie: string; csrf: string }

export async function login(base: string, username: string, password: string): Promise<HttpSession & { me: { roles: string[]; username: string } }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const me = (await res.json()) as { roles: string[]; username: string; csrfToken: string }
  return { cookie, csrf: me.csrfToken, me }
}
