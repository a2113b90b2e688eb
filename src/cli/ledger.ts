// `zhifa ledger …` — the Merkle log from the command line.
import fs from 'node:fs'
import { withDatabase } from './database.ts'
import { loadConfig } from '../platform/config.ts'

export const help = `zhifa ledger <子命令>
  防删改日志（R-08，RFC 6962 默克尔树，签名检查点）。使用 DATABASE_URL（未设置时为内嵌数据库）。
  checkpoint                     打印最新签名检查点（C2SP signed note）
  inclusion --table T --id ID    打印记录的包含证明（JSON，或 --index N）
  consistency --from M --to N    打印两规模间的一致性证明（JSON）
  sequence                       立即把队列中的条目记入日志并签署检查点
  witness --log-key VKEY --state FILE --request FILE [--hash sm3|sha256]
                                 作为见证人核验一份 add-checkpoint 请求，成功时打印联署行，否则说明拒绝理由
  bench --leaves N               基准：经排序器追加 N 个叶并测包含证明耗时（如 --leaves 10000000）
  设置：ZHIFA_LOG_ORIGIN、ZHIFA_LOG_HASH (sm3|sha256)、ZHIFA_LOG_ALGORITHM (sm2 默认 | ed25519)、ZHIFA_LOG_KEY`

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

const b64 = (b: Buffer) => b.toString('base64')

export async function run(args: string[]): Promise<void> {
  const [sub] = args
  const config = loadConfig()
  const { loadLedger, sequenceAll, latestCheckpoint, inclusionFor, consistency } = await import('../platform/ledger/log.ts')
  const ledger = () => loadLedger({ dataDir: config.dataDir, ...config.log })
  if (sub === 'witness') {
    const { createWitness, fileStore, parseAddCheckpoint } = await import('../platform/ledger/witness.ts')
    const { parseVerifierKey } = await import('../platform/ledger/note.ts')
    const { ed25519KeyFromFile } = await import('../platform/crypto/key-file.ts')
    const vkey = opt(args, 'log-key')
    const state = opt(args, 'state')
    const request = opt(args, 'request')
    if (!vkey || !state || !request) throw Object.assign(new Error('需要 --log-key、--state 与 --request'), { exitCode: 2 })
    const verifier = parseVerifierKey(vkey)
    const hash = opt(args, 'hash') === 'sha256' ? 'sha256' : 'sm3'
    const w = createWitness({
      name: config.log.witnessName,
      privateKey: ed25519KeyFromFile(`${state}.key.pem`),
      logs: [{ origin: verifier.name, verifier, hash }],
      store: fileStore(state),
    })
    const req = parseAddCheckpoint(fs.readFileSync(request, 'utf8'))
    if (!req) throw Object.assign(new Error('见证请求格式错误'), { exitCode: 1 })
    const r = w.addCheckpoint(req)
    if (!r.ok) throw Object.assign(new Error(`拒绝联署（${r.code}）：${r.reason}`), { exitCode: 1 })
    process.stdout.write(r.cosignature)
    return
  }
  const out = await withDatabase(async (db) => {
    switch (sub) {
      case 'checkpoint':
        return (await latestCheckpoint(db))?.note ?? '日志尚无检查点\n'
      case 'sequence':
        return `已记入 ${await sequenceAll(db, ledger())} 条\n`
      case 'inclusion': {
        const index = opt(args, 'index')
        const table = opt(args, 'table')
        const id = opt(args, 'id')
        const ref = index !== undefined ? { index: Number(index) } : table && id ? { table, id } : null
        if (!ref) throw Object.assign(new Error('需要 --table 与 --id，或 --index'), { exitCode: 2 })
        const inc = await inclusionFor(db, ref)
        if (!inc) throw Object.assign(new Error('该记录尚未记入日志'), { exitCode: 1 })
        return `${JSON.stringify({ index: inc.index, treeSize: inc.treeSize, kind: inc.kind, refId: inc.refId, leafHash: b64(inc.leafHash), proof: inc.proof.map(b64), checkpoint: inc.checkpoint }, null, 2)}\n`
      }
      case 'consistency': {
        const p = await consistency(db, Number(opt(args, 'from')), Number(opt(args, 'to')))
        if (!p) throw Object.assign(new Error('规模须满足 0 ≤ from ≤ to ≤ 最新检查点规模'), { exitCode: 1 })
        return `${JSON.stringify({ from: p.from, to: p.to, root1: b64(p.root1), root2: b64(p.root2), proof: p.proof.map(b64), hash: p.hash }, null, 2)}\n`
      }
      case 'bench': {
        const { logScenario } = await import('../bench/scenario-log.ts')
        const leaves = Number(opt(args, 'leaves') ?? 100000)
        return `${JSON.stringify(await logScenario(db, { leaves, ledger: ledger() }))}\n`
      }
      default:
        throw Object.assign(new Error(`未知子命令：${sub ?? ''}\n\n${help}`), { exitCode: 2 })
    }
  }, (line) => console.error(line))
  process.stdout.write(out)
}
