// Runs PGlite (PostgreSQL in WebAssembly) in its own thread: a PGlite query blocks the
// thread it runs on, so it must not be the HTTP thread. The app reaches it over the
// PostgreSQL wire protocol on loopback, exactly as it reaches a PostgreSQL server.
import fs from 'node:fs'
import path from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const { dataDir, maxConnections, snapshot } = workerData
// N-01: an empty data directory starts from the migrated tarball (src/platform/db/snapshot.ts), not initdb.
const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'))
// N-01: PGlite touches its whole buffer pool at start; PostgreSQL's default 128MB cost 93 MiB
// more resident memory than 32MB (measured), for a cache an embedded installation's data
// mostly fits in. ZHIFA_PGLITE_SHARED_BUFFERS overrides it.
const sharedBuffers = process.env.ZHIFA_PGLITE_SHARED_BUFFERS || '32MB'
const db = await PGlite.create(dataDir, {
  startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  ...(fresh && snapshot ? { loadDataDir: new Blob([fs.readFileSync(snapshot)]) } : {}),
})
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
  if (message.type === 'dump') {
    const tarball = await db.dumpDataDir('gzip')
    fs.writeFileSync(message.file, Buffer.from(await tarball.arrayBuffer()))
    parentPort.postMessage({ type: 'dumped' })
    return
  }
  if (message.type !== 'close') return
  await server.stop().catch(() => {})
  await db.close().catch(() => {})
  parentPort.postMessage({ type: 'closed' })
})
