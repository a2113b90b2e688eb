// R-08 benchmark: appends N synthetic leaves through the real queue and sequencer (batched), then
// times inclusion proofs of random leaves under the latest checkpoint. `zhifa ledger bench
// --leaves 10000000` runs it on a big size; the lead wires it into bench.ts.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Db } from '../platform/db/pool.ts'
import { inclusionFor, latestCheckpoint, loadLedger, sequence, type Ledger } from '../platform/ledger/log.ts'
import { verifyInclusion } from '../platform/ledger/merkle.ts'
import { parseCheckpoint } from '../platform/ledger/note.ts'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0
}

export async function logScenario(
  db: Db,
  o: { leaves: number; batch?: number; proofs?: number; ledger?: Ledger },
): Promise<{ appendsPerSecond: number; proofMsP50: number; proofMsP99: number; leaves: number }> {
  const dir = o.ledger ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-log-'))
  const ledger = o.ledger ?? loadLedger({ dataDir: dir!, origin: 'zhifa.bench/log', hash: 'sm3' })
  const batch = o.batch ?? 5000
  try {
    const started = performance.now()
    let done = 0
    while (done < o.leaves) {
      const n = Math.min(batch, o.leaves - done)
      // One statement enqueues the batch, as many inserting transactions would.
      await db.query(
        `SELECT ledger_enqueue('bench', 'b' || g, jsonb_build_object('n', g, 'r', $2::text)) FROM generate_series($1::bigint, $1::bigint + $3 - 1) g`,
        [done, crypto.randomBytes(4).toString('hex'), n],
      )
      const r = await sequence(db, ledger, { batch: n })
      done += r.appended
      if (r.appended === 0) break
    }
    const appendsPerSecond = done / ((performance.now() - started) / 1000)
    const cp = (await latestCheckpoint(db))!
    const times: number[] = []
    for (let i = 0; i < (o.proofs ?? 200); i++) {
      const index = Math.floor(Math.random() * cp.treeSize)
      const t0 = performance.now()
      const inc = await inclusionFor(db, { index })
      times.push(performance.now() - t0)
      // Against the checkpoint the proof was made for: another sequencer may have signed a newer one.
      if (!inc || !verifyInclusion(cp.hash, inc.leafHash, index, inc.treeSize, inc.proof, parseCheckpoint(inc.checkpoint)!.root)) throw new Error(`叶 ${index} 的包含证明未通过`)
    }
    times.sort((a, b) => a - b)
    return { appendsPerSecond, proofMsP50: percentile(times, 50), proofMsP99: percentile(times, 99), leaves: cp.treeSize }
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  }
}
