// Runs PGlite (PostgreSQL in WebAssembly) in its own thread: a PGlite query blocks the
// thread it runs on, so it must not be the HTTP thread. The app reaches it over the
// PostgreSQL wire protocol on loopback, exactly as it reaches a PostgreSQL server.
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const { dataDir, maxConnections } = workerData
const db = await PGlite.create(dataDir)
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections })

// PGlite is one backend shared by every connection, so the unnamed statement and portal
// are shared too. pglite-socket keeps a transaction's messages together but not the
// Parse … Sync messages of one extended-protocol query outside a transaction: another
// connection's Parse in between made a Bind run the wrong statement (measured: 2,089
// wrong results in 8 s of 5 writers and 5 readers; 0 with this). So an open
// extended-protocol sequence counts as an open transaction: only its connection goes
// next. Upstream: electric-sql/pglite#1046.
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]) // Parse Bind Describe Execute Close Flush
let midSequence = false
if (!server.queryQueue?.db) throw new Error('pglite-socket changed: queryQueue.db not found')
server.queryQueue.db = new Proxy(db, {
  get(target, prop) {
    if (prop === 'isInTransaction') return () => midSequence || target.isInTransaction()
    if (prop === 'execProtocolRawStream') {
      return async (message, options) => {
        try {
          return await target.execProtocolRawStream(message, options)
        } finally {
          midSequence = EXTENDED.has(message[0])
        }
      }
    }
    // The queue's ROLLBACK after a client vanished mid-sequence also ends the sequence.
    if (prop === 'exec') return (...args) => ((midSequence = false), target.exec(...args))
    const value = Reflect.get(target, prop, target)
    return typeof value === 'function' ? value.bind(target) : value
  },
})
await server.start()
const [, port] = server.getServerConn().split(':')
parentPort.postMessage({ type: 'ready', port: Number(port) })

parentPort.on('message', async (message) => {
  if (message.type !== 'close') return
  await server.stop().catch(() => {})
  await db.close().catch(() => {})
  parentPort.postMessage({ type: 'closed' })
})
