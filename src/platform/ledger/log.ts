// the log's settings and signing key, the sequencer and the proofs read from the database.
import crypto from 'node:crypto'
import path from 'node:path'
import type { Db, Queryable } from '../db/pool.ts'
import { ed25519KeyFromFile, parsePrivateKey, pemKeyFile } from '../crypto/key-file.ts'
import { generateSm2KeyPair, sm2PrivateKeyFromPem, sm2PrivateKeyToPem } from '../crypto/sm2.ts'
import { canonicalRecordBytes } from './canonical.ts'
import {
  consistencyRanges, emptyRoot, foldSubtrees, inclusionRanges, leafHash, nodeHash, rangeSubtrees,
  type HashAlg, type Subtree,
} from './merkle.ts'
import { checkpointBody, ed25519Signer, signNote, sm2Signer, verifierKeyText, verifyNote, type NoteSigner } from './note.ts'

export type Ledger = { origin: string; hash: HashAlg; algorithm: 'sm2' | 'ed25519'; signer: NoteSigner; publicKeyText: string }

/** A PKCS#8 PEM given in the environment as the PEM itself or its base64 (one env line). */
const pemText = (text: string) => (text.trim().startsWith('-----BEGIN') ? text.trim() : Buffer.from(text.trim(), 'base64').toString('utf8'))

/**
 * The log: origin (ZHIFA_LOG_ORIGIN), hash (ZHIFA_LOG_HASH, sm3 default), signature algorithm
 * (ZHIFA_LOG_ALGORITHM, R-08: SM2 by default, Ed25519 allowed) and signing key (ZHIFA_LOG_KEY,
 * a PKCS#8 PEM or its base64, else `<dataDir>/keys/log-sm2.pem` or `log-ed25519.pem`, created
 * on first use).
 */
export function loadLedger(o: { dataDir: string; origin: string; hash: HashAlg; key?: string | undefined; algorithm?: 'sm2' | 'ed25519' }): Ledger {
  const algorithm = o.algorithm ?? 'sm2'
  let signer: NoteSigner
  if (algorithm === 'sm2') {
    const pem = o.key ? pemText(o.key) : pemKeyFile(path.join(o.dataDir, 'keys', 'log-sm2.pem'), () => sm2PrivateKeyToPem(generateSm2KeyPair().privateKeyHex))
    signer = sm2Signer(o.origin, sm2PrivateKeyFromPem(pem))
  } else {
    const privateKey = o.key ? parsePrivateKey(o.key) : ed25519KeyFromFile(path.join(o.dataDir, 'keys', 'log-ed25519.pem'))
    signer = ed25519Signer(o.origin, privateKey)
  }
  return { origin: o.origin, hash: o.hash, algorithm, signer, publicKeyText: verifierKeyText(signer.verifier) }
}

const LOCK_KEY = 0x7a686966 // "zhif": one sequencer at a time across instances

type NodeKey = `${number}/${number}`
const key = (t: Subtree): NodeKey => `${t.level}/${t.index}`

async function readNodes(q: Queryable, subtrees: Subtree[]): Promise<Map<NodeKey, Buffer>> {
  const map = new Map<NodeKey, Buffer>()
  if (subtrees.length === 0) return map
  const { rows } = await q.query<{ level: number; idx: string; hash: Buffer }>(
    `SELECT n.level, n.idx, n.hash FROM unnest($1::smallint[], $2::bigint[]) AS w(level, idx)
       JOIN ledger_node n ON n.level = w.level AND n.idx = w.idx`,
    [subtrees.map((t) => t.level), subtrees.map((t) => String(t.index))],
  )
  for (const r of rows) map.set(`${r.level}/${Number(r.idx)}`, r.hash)
  for (const t of subtrees) if (!map.has(key(t))) throw new Error(`日志节点 ${key(t)} 缺失`)
  return map
}

async function treeSize(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: string | null }>(`SELECT (SELECT idx FROM ledger_leaf ORDER BY idx DESC LIMIT 1) + 1 AS n`)
  return Number(rows[0]?.n ?? 0)
}

/** The root of the first `size` leaves, from O(log n) stored subtrees. */
async function rootAt(q: Queryable, alg: HashAlg, size: number): Promise<Buffer> {
  if (size === 0) return emptyRoot(alg)
  const parts = rangeSubtrees(0, size)
  const map = await readNodes(q, parts)
  return foldSubtrees(alg, parts.map((t) => map.get(key(t))!))
}

export type SequenceResult = { appended: number; treeSize: number; checkpoint: string | null }

/**
 * the sequencer. Under a transaction-scoped advisory lock (one at a time across
 * instances) it takes up to `batch` queued entries in queue order, gives them the next indexes,
 * stores leaf, content hash and every newly complete subtree, removes them from the queue and
 * signs a checkpoint of the new size, all in one transaction.
 */
export async function sequence(db: Db, ledger: Ledger, o: { batch?: number } = {}): Promise<SequenceResult> {
  const batch = o.batch ?? 5000
  const alg = ledger.hash
  return db.tx(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY])
    const last = (
      await tx.query<{ tree_size: string; hash_alg: HashAlg }>(`SELECT tree_size, hash_alg FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1`)
    ).rows[0]
    if (last && last.hash_alg !== alg) throw new Error(`日志已使用 ${last.hash_alg}，不能改为 ${alg}`)
    let size = await treeSize(tx)
    const { rows: queued } = await tx.query<{ seq: string; kind: string; ref_id: string; content: unknown; enqueued_at: Date }>(
      `SELECT seq, kind, ref_id, content, enqueued_at FROM ledger_queue ORDER BY seq LIMIT $1`,
      [batch],
    )
    if (queued.length === 0 && last && Number(last.tree_size) === size) return { appended: 0, treeSize: size, checkpoint: null }
    const frontier = rangeSubtrees(0, size)
    const nodes = await readNodes(tx, frontier)
    const newNodes: { level: number; idx: number; hash: Buffer }[] = []
    const leaves = queued.map((r) => {
      const bytes = canonicalRecordBytes(r.kind, r.content)
      const leaf = leafHash(alg, bytes)
      const index = size++
      let level = 0
      let j = index
      let h = leaf
      nodes.set(`0/${j}`, h)
      newNodes.push({ level, idx: j, hash: h })
      while (j % 2 === 1) {
        h = nodeHash(alg, nodes.get(`${level}/${j - 1}`)!, h)
        level++
        j = (j - 1) / 2
        nodes.set(`${level}/${j}`, h)
        newNodes.push({ level, idx: j, hash: h })
      }
      return { index, r, leaf, contentHash: crypto.createHash(alg).update(bytes).digest() }
    })
    if (leaves.length) {
      await tx.query(
        `INSERT INTO ledger_leaf (idx, kind, ref_id, content, content_hash, leaf_hash, queue_seq, enqueued_at)
         SELECT i, k, r, c::jsonb, ch, lh, s, e FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::bytea[], $7::bigint[], $8::timestamptz[])
           AS t(i, k, r, c, ch, lh, s, e) ORDER BY i`,
        [
          leaves.map((l) => String(l.index)),
          leaves.map((l) => l.r.kind),
          leaves.map((l) => l.r.ref_id),
          leaves.map((l) => JSON.stringify(l.r.content)),
          leaves.map((l) => l.contentHash),
          leaves.map((l) => l.leaf),
          leaves.map((l) => l.r.seq),
          leaves.map((l) => l.r.enqueued_at),
        ],
      )
      await tx.query(`INSERT INTO ledger_node (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`, [
        newNodes.map((n) => n.level),
        newNodes.map((n) => String(n.idx)),
        newNodes.map((n) => n.hash),
      ])
      await tx.query(`DELETE FROM ledger_queue WHERE seq = ANY($1::bigint[])`, [queued.map((r) => r.seq)])
    }
    const parts = rangeSubtrees(0, size)
    const root = size === 0 ? emptyRoot(alg) : foldSubtrees(alg, parts.map((t) => nodes.get(key(t))!))
    const note = signNote(checkpointBody({ origin: ledger.origin, size, root }), [ledger.signer])
    await tx.query(`INSERT INTO ledger_checkpoint (tree_size, root, hash_alg, note) VALUES ($1, $2, $3, $4)`, [size, root, alg, note])
    return { appended: leaves.length, treeSize: size, checkpoint: note }
  })
}

/** Sequences until the queue is empty (on demand: tests, CLI, before a proof is asked for). */
export async function sequenceAll(db: Db, ledger: Ledger, o: { batch?: number } = {}): Promise<number> {
  let total = 0
  for (;;) {
    const r = await sequence(db, ledger, o)
    total += r.appended
    if (r.appended === 0) return total
  }
}

/** Runs the sequencer every intervalMs until stopped (the server). Errors are reported, not fatal. */
export function startSequencer(db: Db, ledger: Ledger, o: { intervalMs?: number; onError?: (e: unknown) => void } = {}): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? undefined : sequenceAll(db, ledger))).catch((e) => o.onError?.(e))
  }, o.intervalMs ?? 2000)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
  }
}

export type LatestCheckpoint = { treeSize: number; root: Buffer; note: string; hash: HashAlg }

export async function latestCheckpoint(q: Queryable): Promise<LatestCheckpoint | null> {
  const r = (
    await q.query<{ tree_size: string; root: Buffer; note: string; hash_alg: HashAlg }>(
      `SELECT tree_size, root, note, hash_alg FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1`,
    )
  ).rows[0]
  return r ? { treeSize: Number(r.tree_size), root: r.root, note: r.note, hash: r.hash_alg } : null
}

export type Inclusion = {
  index: number
  treeSize: number
  kind: string
  refId: string
  leafHash: Buffer
  content: unknown
  proof: Buffer[]
  checkpoint: string
}

/**
 * the inclusion proof of a record (by table and id, or by index) under the latest
 * checkpoint: O(log n) primary-key reads. Null when the record is not (yet) in the log.
 */
export async function inclusionFor(q: Queryable, ref: { table: string; id: string } | { index: number }): Promise<Inclusion | null> {
  const cp = await latestCheckpoint(q)
  return cp ? inclusionUnder(q, ref, cp) : null
}

/** the inclusion proof of a record under a given checkpoint (null when not in its tree). */
export async function inclusionUnder(
  q: Queryable,
  ref: { table: string; id: string } | { index: number },
  cp: LatestCheckpoint,
): Promise<Inclusion | null> {
  const leaf = (
    'index' in ref
      ? await q.query(`SELECT idx, kind, ref_id, leaf_hash, content FROM ledger_leaf WHERE idx = $1`, [ref.index])
      : await q.query(`SELECT idx, kind, ref_id, leaf_hash, content FROM ledger_leaf WHERE kind = $1 AND ref_id = $2 ORDER BY idx LIMIT 1`, [ref.table, ref.id])
  ).rows[0] as { idx: string; kind: string; ref_id: string; leaf_hash: Buffer; content: unknown } | undefined
  if (!leaf || Number(leaf.idx) >= cp.treeSize) return null
  const index = Number(leaf.idx)
  const ranges = inclusionRanges(index, cp.treeSize)
  const parts = ranges.map((r) => rangeSubtrees(r.start, r.end))
  const map = await readNodes(q, parts.flat())
  const proof = parts.map((p) => foldSubtrees(cp.hash, p.map((t) => map.get(key(t))!)))
  return { index, treeSize: cp.treeSize, kind: leaf.kind, refId: leaf.ref_id, leafHash: leaf.leaf_hash, content: leaf.content, proof, checkpoint: cp.note }
}

/**
 * a checkpoint signed by this log's key that covers everything queued so far:
 * sequences the queue, then takes the newest checkpoint this key signed. When the newest was
 * signed by another key (a second instance configured with another key), a `checkpoint_request`
 * leaf is logged so that this key signs a new one.
 */
export async function signedCheckpoint(db: Db, ledger: Ledger): Promise<LatestCheckpoint> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await sequenceAll(db, ledger)
    const cp = await latestCheckpoint(db)
    if (cp && verifyNote(cp.note, [ledger.signer.verifier])) return cp
    await db.query(`SELECT ledger_enqueue('checkpoint_request', $1, $2::jsonb)`, [
      crypto.randomUUID(),
      JSON.stringify({ origin: ledger.origin, key: ledger.publicKeyText }),
    ])
  }
  throw new Error('无法取得本日志密钥签署的检查点')
}

/** the consistency proof between tree sizes `from` and `to` (to ≤ the latest checkpoint). */
export async function consistency(
  q: Queryable,
  from: number,
  to: number,
): Promise<{ from: number; to: number; root1: Buffer; root2: Buffer; proof: Buffer[]; hash: HashAlg } | null> {
  const cp = await latestCheckpoint(q)
  if (!cp || !(Number.isSafeInteger(from) && Number.isSafeInteger(to)) || from < 0 || from > to || to > cp.treeSize) return null
  const parts = consistencyRanges(from, to).map((r) => rangeSubtrees(r.start, r.end))
  const map = await readNodes(q, parts.flat())
  const proof = parts.map((p) => foldSubtrees(cp.hash, p.map((t) => map.get(key(t))!)))
  return { from, to, root1: await rootAt(q, cp.hash, from), root2: await rootAt(q, cp.hash, to), proof, hash: cp.hash }
}
