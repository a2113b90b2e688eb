// Runs PGlite (PostgreSQL in WebAssembly) in its own thread: a PGlite query blocks the
// thread it runs on, so it must not be the HTTP thread. The app reaches it over the
// PostgreSQL wire protocol on loopback, exactly as it reaches a PostgreSQL server.
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const { dataDir, maxConnections } = workerData
const db = await PGlite.create(dataDir)
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections })
await server.start()
const [, port] = server.getServerConn().split(':')
parentPort.postMessage({ type: 'ready', port: Number(port) })

parentPort.on('message', async (message) => {
  if (message.type !== 'close') return
  await server.stop().catch(() => {})
  await db.close().catch(() => {})
  parentPort.postMessage({ type: 'closed' })
})
