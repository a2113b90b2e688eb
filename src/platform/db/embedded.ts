import { Worker } from 'node:worker_threads'
import fs from 'node:fs'
import path from 'node:path'

export type EmbeddedDatabase = {
  url: string
  /** Writes a gzipped tarball of the data directory (no connection may be writing). */
  dump(file: string): Promise<void>
  close(): Promise<void>
}

/**
 * Starts the embedded PGlite database under `<dataDir>/pglite` in a worker thread and
 * returns a postgres:// URL for it. One process at a time may own a data directory:
 * a lock file holds the owner's pid, and a lock left by a killed process is taken over.
 */
export async function startEmbeddedDatabase(dataDir: string, maxConnections = 32, options: { snapshot?: string } = {}): Promise<EmbeddedDatabase> {
  const dbDir = path.join(dataDir, 'pglite')
  fs.mkdirSync(dbDir, { recursive: true })
  const release = takeLock(path.join(dataDir, 'pglite.lock'))
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir: dbDir, maxConnections, snapshot: options.snapshot },
  })
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`PGlite worker exited with code ${code}`)))
    worker.on('message', (message: { type: string; port?: number }) => {
      if (message.type === 'ready' && message.port) resolve(message.port)
    })
  }).catch((error) => {
    release()
    throw error
  })
  worker.unref()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async dump(file) {
      const dumped = new Promise<void>((resolve) => {
        const onMessage = (message: { type: string }) => {
          if (message.type !== 'dumped') return
          worker.off('message', onMessage)
          resolve()
        }
        worker.on('message', onMessage)
      })
      worker.ref() // the worker is unref'd: keep the process alive until the tarball is written
      worker.postMessage({ type: 'dump', file })
      await dumped
      worker.unref()
    },
    async close() {
      worker.ref()
      const closed = new Promise<void>((resolve) => {
        worker.on('message', (message: { type: string }) => message.type === 'closed' && resolve())
        worker.once('exit', () => resolve())
      })
      worker.postMessage({ type: 'close' })
      await closed
      await worker.terminate()
      release()
    },
  }
}

function takeLock(lockFile: string): () => void {
  try {
    const owner = Number(fs.readFileSync(lockFile, 'utf8'))
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(`数据目录正被进程 ${owner} 使用（${lockFile}）`)
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  fs.writeFileSync(lockFile, String(process.pid))
  return () => fs.rmSync(lockFile, { force: true })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
