// `zhifa verify <case-bundle.zip>` — offline: no server, no database.
import fs from 'node:fs'

export const help = `zhifa verify <案卷包.zip> [--log-key VKEY|@文件] [--seal-key 公钥PEM文件]
  离线校验案卷 ZIP（R-08/R-09/R-10）：检查点签名、清单的机关签章、清单所列每个文件的大小/SHA-256/SM3、
  每条记录的规范字节与日志叶及其包含证明、每份文书的签章、每个附件与日志记录的哈希。
  全部相符时打印 OK；否则指出第一处不符（文件路径，或叶序号 + 种类 + 原因），退出码 1。
  --log-key   信任的日志公钥（GET /api/ledger/public-key 所公布的 vkey），代替案卷包自带的公钥
  --seal-key  信任的机关印章公钥 PEM（GET /api/seals/:agencyId/public-key），代替案卷包自带的公钥`

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

export async function run(args: string[]): Promise<void> {
  const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')))
  if (!file) throw Object.assign(new Error('需要案卷包 ZIP 文件路径'), { exitCode: 2 })
  const { verifyBundleZip } = await import('../domains/seals/verify-bundle.ts')
  const logKeyArg = opt(args, 'log-key')
  const sealKeyFile = opt(args, 'seal-key')
  const result = verifyBundleZip(fs.readFileSync(file), {
    ...(logKeyArg ? { logKey: logKeyArg.startsWith('@') ? fs.readFileSync(logKeyArg.slice(1), 'utf8').trim() : logKeyArg } : {}),
    ...(sealKeyFile ? { sealKeyPem: fs.readFileSync(sealKeyFile, 'utf8') } : {}),
  })
  if (result.ok) {
    process.stdout.write(`OK  ${result.files} 个文件、${result.leaves} 条日志记录相符；检查点规模 ${result.treeSize}，日志公钥 ${result.logKey}，印章指纹 ${result.sealFingerprint}\n`)
    return
  }
  const p = result.problem
  const leaf = p.leaf ? `  [叶 ${p.leaf.index ?? '—'} ${p.leaf.kind} ${p.leaf.refId}]` : ''
  process.stdout.write(`不符  ${p.where}：${p.reason}${leaf}\n`)
  process.exitCode = 1
}
