/**
 * N-02 / R-07: the lock the tus server takes on an upload while a request writes it. The tus
 * server's own MemoryLocker only knows this process: with two app servers, a client resuming on
 * one while its broken request still writes on the other would have two writers on one file.
 * On PostgreSQL each lock is therefore also a session advisory lock, on a connection of a small
 * pool of its own (a long PATCH must not hold one of the app's connections). Within one process
 * the MemoryLocker still asks the holder to let go (requestRelease); across servers the second
 * request waits until the first ends, at most the acquire timeout, then answers UPLOAD_BUSY.
 * The embedded database is one process: the MemoryLocker alone is enough there, and PGlite's
 * connections share one session, so an advisory lock would not exclude anything.
 */
import crypto from 'node:crypto'
import pg from 'pg'
import { MemoryLocker } from '@tus/server'
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils'

const ACQUIRE_TIMEOUT_MS = 30_000
const RETRY_MS = 100

/** Two int4 keys of an upload id, in a namespace of their own. */
function lockKeys(id: string): [number, number] {
  const digest = crypto.createHash('sha256').update(`tus-upload:${id}`).digest()
  return [digest.readInt32BE(0), digest.readInt32BE(4)]
}

export function uploadLocker(databaseUrl: string | undefined): { locker: Locker; close(): Promise<void> } {
  const memory = new MemoryLocker({ acquireLockTimeout: ACQUIRE_TIMEOUT_MS })
  if (!databaseUrl) return { locker: memory, close: async () => {} }
  let pool: pg.Pool | undefined
  const connections = () => {
    if (!pool) {
      pool = new pg.Pool({ connectionString: databaseUrl, max: 20, idleTimeoutMillis: 10_000, allowExitOnIdle: true })
      pool.on('error', () => {})
    }
    return pool
  }
  const locker: Locker = {
    newLock(id: string): Lock {
      const local = memory.newLock(id)
      const [k1, k2] = lockKeys(id)
      let client: pg.PoolClient | undefined
      return {
        async lock(signal: AbortSignal, requestRelease: RequestRelease) {
          await local.lock(signal, requestRelease)
          const deadline = Date.now() + ACQUIRE_TIMEOUT_MS
          try {
            client = await connections().connect()
            for (;;) {
              const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [k1, k2])
              if (rows[0]!.ok) return
              if (signal.aborted || Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT
              await new Promise((resolve) => setTimeout(resolve, RETRY_MS))
            }
          } catch (error) {
            client?.release()
            client = undefined
            await local.unlock()
            throw error
          }
        },
        async unlock() {
          const held = client
          client = undefined
          try {
            if (held) {
              try {
                await held.query('SELECT pg_advisory_unlock($1, $2)', [k1, k2])
                held.release()
              } catch {
                held.release(true) // a closed session holds no lock
              }
            }
          } finally {
            await local.unlock()
          }
        },
      }
    },
  }
  return { locker, close: async () => void (await pool?.end()) }
}
