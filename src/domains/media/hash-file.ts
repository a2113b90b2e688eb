import crypto from 'node:crypto'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

const CHUNK = 1024 * 1024
/** Chunks handed to the SM3 thread and not yet hashed there: bounds the memory to 16 MiB. */
const IN_FLIGHT = 16
const WORKER = path.join(import.meta.dirname, 'sm3-worker.mjs')

export type FileDigests = { size: number; sha256: string; sm3: string }

/**
 * SHA-256 and SM3 of a file, reading it once. SHA-256 runs on this thread as the
 * chunks are read; each chunk is then moved (not copied) to a worker thread that runs SM3,
 * so neither hash waits for the other: the slower one sets the pace.
 */
export async function hashFile(file: string): Promise<FileDigests> {
  const worker = new Worker(WORKER)
  const sha256 = crypto.createHash('sha256')
  let size = 0
  let inFlight = 0
  let wake: (() => void) | undefined
  let failed: Error | undefined
  const done = new Promise<string>((resolve, reject) => {
    worker.on('message', (message: { ack?: true; sm3?: string }) => {
      if (message.ack) {
        inFlight--
        wake?.()
      } else if (message.sm3) resolve(message.sm3)
    })
    worker.once('error', (error) => {
      failed = error
      wake?.()
      reject(error)
    })
    worker.once('exit', (code) => reject(new Error(`SM3 worker exited (${code})`)))
  })
  done.catch(() => {})
  const handle = await fsp.open(file, 'r')
  try {
    for (;;) {
      while (inFlight >= IN_FLIGHT && !failed) await new Promise<void>((resolve) => (wake = resolve))
      if (failed) throw failed
      const buffer = Buffer.allocUnsafeSlow(CHUNK)
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, size)
      if (bytesRead === 0) break
      size += bytesRead
      sha256.update(buffer.subarray(0, bytesRead))
      const chunk = bytesRead === CHUNK ? buffer.buffer : buffer.buffer.slice(0, bytesRead)
      inFlight++
      worker.postMessage({ chunk }, [chunk])
    }
    worker.postMessage({ end: true })
    const sm3 = await done
    return { size, sha256: sha256.digest('hex'), sm3 }
  } finally {
    await handle.close()
    await worker.terminate()
  }
}
