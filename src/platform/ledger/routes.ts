// the public API of the log (anyone can verify; no login) and the witness endpoint.
import path from 'node:path'
import { z } from 'zod'
import { ed25519KeyFromFile } from '../crypto/key-file.ts'
import type { RoutePlugin } from '../http/app.ts'
import { AppError, badRequest, notFound } from '../http/errors.ts'
import { consistency, inclusionFor, latestCheckpoint, loadLedger, type Ledger } from './log.ts'
import { parseVerifierKey } from './note.ts'
import { createWitness, fileStore, parseAddCheckpoint, type Witness } from './witness.ts'
import { HASH_ALGS, type HashAlg } from './merkle.ts'

const RATE_LIMIT = { max: 120, timeWindow: '1 minute' }
const TAGS = ['防删改日志']
const b64 = (b: Buffer) => b.toString('base64')

const InclusionBody = z.object({
  index: z.number().int(),
  treeSize: z.number().int(),
  kind: z.string(),
  refId: z.string(),
  leafHash: z.string(),
  proof: z.array(z.string()),
  checkpoint: z.string(),
  hash: z.enum(['sm3', 'sha256']),
})

/** The witness of other logs, when ZHIFA_WITNESS_LOGS names them ("<vkey> <sm3|sha256>" per line or ';'). */
export function witnessFromConfig(o: { dataDir: string; name: string; logs: string | undefined }): Witness | null {
  if (!o.logs) return null
  const logs = o.logs
    .split(/[;\n]/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [vkey, hash = 'sm3'] = line.split(/\s+/)
      if (!HASH_ALGS.includes(hash as HashAlg)) throw new Error(`ZHIFA_WITNESS_LOGS: 未知哈希 ${hash}`)
      const verifier = parseVerifierKey(vkey!)
      return { origin: verifier.name, verifier, hash: hash as HashAlg }
    })
  const keyFile = path.join(o.dataDir, 'keys', 'witness-ed25519.pem')
  const privateKey = ed25519KeyFromFile(keyFile)
  return createWitness({ name: o.name, privateKey, logs, store: fileStore(path.join(o.dataDir, 'ledger', 'witness-state.json')) })
}

export const ledgerRoutes: RoutePlugin = (app, ctx) => {
  let ledger: Ledger | undefined
  const theLedger = () => (ledger ??= loadLedger({ dataDir: ctx.config.dataDir, origin: ctx.config.log.origin, hash: ctx.config.log.hash, key: ctx.config.log.key, algorithm: ctx.config.log.algorithm }))
  let witness: Witness | null | undefined

  app.get(
    '/api/ledger/checkpoint',
    { schema: { tags: TAGS, summary: '最新签名检查点（C2SP signed note）' }, config: { rateLimit: RATE_LIMIT } },
    async (_request, reply) => {
      const cp = await latestCheckpoint(ctx.db)
      if (!cp) throw notFound('日志尚无检查点')
      return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(cp.note)
    },
  )

  app.get(
    '/api/ledger/public-key',
    { schema: { tags: TAGS, summary: '日志签名验证公钥（signed-note vkey）' }, config: { rateLimit: RATE_LIMIT } },
    async (_request, reply) => reply.header('content-type', 'text/plain; charset=utf-8').send(`${theLedger().publicKeyText}\n`),
  )

  app.get(
    '/api/ledger/proof/inclusion',
    {
      schema: {
        tags: TAGS,
        summary: '包含证明：按表与记录标识，或按叶序号',
        querystring: z.object({
          table: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/).optional(),
          id: z.string().min(1).max(200).optional(),
          index: z.coerce.number().int().min(0).optional(),
        }),
        response: { 200: InclusionBody },
      },
      config: { rateLimit: RATE_LIMIT },
    },
    async (request) => {
      const { table, id, index } = request.query
      const ref = index !== undefined ? { index } : table && id ? { table, id } : null
      if (!ref) throw badRequest('LEDGER_QUERY', '须给出 table 与 id，或 index')
      const inc = await inclusionFor(ctx.db, ref)
      if (!inc) throw notFound('该记录尚未记入日志')
      const cp = await latestCheckpoint(ctx.db)
      return {
        index: inc.index,
        treeSize: inc.treeSize,
        kind: inc.kind,
        refId: inc.refId,
        leafHash: b64(inc.leafHash),
        proof: inc.proof.map(b64),
        checkpoint: inc.checkpoint,
        hash: cp!.hash,
      }
    },
  )

  app.get(
    '/api/ledger/proof/consistency',
    {
      schema: {
        tags: TAGS,
        summary: '一致性证明：日志从规模 from 到 to 只追加未改写',
        querystring: z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) }),
        response: { 200: z.object({ from: z.number(), to: z.number(), root1: z.string(), root2: z.string(), proof: z.array(z.string()), hash: z.enum(['sm3', 'sha256']) }) },
      },
      config: { rateLimit: RATE_LIMIT },
    },
    async (request) => {
      const p = await consistency(ctx.db, request.query.from, request.query.to)
      if (!p) throw badRequest('LEDGER_RANGE', '规模须满足 0 ≤ from ≤ to ≤ 最新检查点规模')
      return { from: p.from, to: p.to, root1: b64(p.root1), root2: b64(p.root2), proof: p.proof.map(b64), hash: p.hash }
    },
  )

  app.post(
    '/api/witness/add-checkpoint',
    {
      schema: { tags: TAGS, summary: '见证：提交检查点与一致性证明，换取联署（tlog-witness）', body: z.string().max(64 * 1024) },
      config: { rateLimit: RATE_LIMIT },
    },
    async (request, reply) => {
      witness ??= witnessFromConfig({ dataDir: ctx.config.dataDir, name: ctx.config.log.witnessName, logs: ctx.config.log.witnessLogs })
      if (!witness) throw notFound('本实例不作见证')
      const req = parseAddCheckpoint(request.body)
      if (!req) throw badRequest('WITNESS_REQUEST', '见证请求格式错误')
      const r = witness.addCheckpoint(req)
      if (!r.ok) throw new AppError(r.status, `WITNESS_${r.code}`, r.reason, r.lastSize === undefined ? undefined : { lastSize: r.lastSize })
      return reply.header('content-type', 'text/plain; charset=utf-8').send(r.cosignature)
    },
  )
}
