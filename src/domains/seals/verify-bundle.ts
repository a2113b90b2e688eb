/**
 * offline verification of a case bundle (the ZIP of a 案卷 export). Pure: no
 * server, no database. Checks, in this order, and stops at the first thing that does not match:
 *
 * 1. the checkpoint note is signed by the log key (the bundle's, or the one the caller trusts);
 * 2. the manifest is sealed by the agency key (the bundle's, or the one the caller trusts);
 * 3. every file the manifest lists is in the ZIP with its size, SHA-256 and SM3, and nothing
 *    else is;
 * 4. every leaf: its canonical record bytes hash (RFC 6962 leaf hash) to a leaf that the
 *    inclusion proof ties to the checkpoint's root;
 * 5. every document PDF carries the agency's seal over its digests;
 * 6. every attachment (and hash-only media entry) has the SHA-256/SM3 its logged record holds,
 *    and every document version is a logged record.
 */
import { unzipSync } from 'fflate'
import { hashBytes } from '../../platform/blobs/index.ts'
import { sm2Fingerprint, sm2PublicKeyFromPem } from '../../platform/crypto/sm2.ts'
import { canonicalJson } from '../../platform/ledger/canonical.ts'
import { leafHash, verifyInclusion, type HashAlg } from '../../platform/ledger/merkle.ts'
import { parseCheckpoint, parseVerifierKey, verifyNote } from '../../platform/ledger/note.ts'
import { MANIFEST_SEAL_FILE, MANIFEST_SEAL_MESSAGE_FILE, type DocumentSealEntry, type ProofEntry, type VerificationSection } from './case-evidence.ts'
import { verifySeal } from './seal.ts'

export type Problem = { where: string; reason: string; leaf?: { index: number | null; kind: string; refId: string } }
export type VerifyResult =
  | { ok: true; files: number; leaves: number; treeSize: number; logKey: string; sealFingerprint: string }
  | { ok: false; problem: Problem }

export type Trust = {
  /** The log verifier key to trust (signed-note vkey text), instead of the bundle's own. */
  logKey?: string
  /** The agency seal public key (PEM) to trust, instead of the bundle's own. */
  sealKeyPem?: string
}

class Mismatch extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.where}：${problem.reason}`)
  }
}
const fail = (where: string, reason: string, leaf?: Problem['leaf']): never => {
  throw new Mismatch({ where, reason, ...(leaf ? { leaf } : {}) })
}

const dec = (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b)

type ManifestFile = { path: string; size: number; sha256: string; sm3: string; kind?: string; attachmentId?: string; documentId?: string; version?: number }
type Manifest = {
  format?: string
  files?: ManifestFile[]
  hashOnly?: Array<{ attachmentId?: string; sha256?: string; sm3?: string }>
  verification?: VerificationSection
}

function parseJson<T>(files: Record<string, Uint8Array>, path: string): T {
  const bytes = files[path]
  if (!bytes) return fail(path, '文件缺失')
  try {
    return JSON.parse(dec(bytes)) as T
  } catch {
    return fail(path, '不是有效的 JSON')
  }
}

/** Verifies a bundle given as its ZIP bytes. Never throws. */
export function verifyBundleZip(zip: Uint8Array, trust: Trust = {}): VerifyResult {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(zip)
  } catch {
    return { ok: false, problem: { where: '(ZIP)', reason: '不是有效的 ZIP 文件' } }
  }
  return verifyBundleFiles(files, trust)
}

/** Verifies a bundle given as its files (path → bytes). Never throws. */
export function verifyBundleFiles(files: Record<string, Uint8Array>, trust: Trust = {}): VerifyResult {
  try {
    return check(files, trust)
  } catch (error) {
    if (error instanceof Mismatch) return { ok: false, problem: error.problem }
    return { ok: false, problem: { where: '(案卷包)', reason: `无法校验：${(error as Error).message}` } }
  }
}

function check(files: Record<string, Uint8Array>, trust: Trust): VerifyResult {
  const manifest = parseJson<Manifest>(files, 'manifest.json')
  const v = manifest.verification
  if (!v || v.format !== 'zhifa-verify/1' || !Array.isArray(manifest.files)) fail('manifest.json', '清单中没有校验材料（verification）')
  const section = v!
  const listed = new Map(manifest.files!.map((f) => [f.path, f]))
  const fileOf = (path: string, what: string): Uint8Array => {
    if (!listed.has(path)) fail(path, `${what}未列入清单`)
    return files[path] ?? fail(path, `${what}缺失`)
  }

  // 1. the checkpoint and its signature
  const logKeyText = trust.logKey ?? dec(fileOf(section.log.publicKey, '日志公钥')).trim()
  let logKey
  try {
    logKey = parseVerifierKey(logKeyText)
  } catch (e) {
    return fail(trust.logKey ? '(所信任的日志公钥)' : section.log.publicKey, `日志公钥无效：${(e as Error).message}`)
  }
  if (trust.logKey && files[section.log.publicKey] && dec(files[section.log.publicKey]!).trim() !== logKeyText.trim()) {
    fail(section.log.publicKey, '案卷包中的日志公钥不是所信任的公钥')
  }
  const note = dec(fileOf(section.log.checkpoint, '检查点'))
  const signed = verifyNote(note, [logKey])
  if (!signed) fail(section.log.checkpoint, `检查点签名无效（日志公钥 ${logKey.name}+${logKey.keyId.toString('hex')}）`)
  const cp = parseCheckpoint(signed!.text)
  if (!cp) return fail(section.log.checkpoint, '检查点格式错误')
  if (cp.origin !== logKey.name) fail(section.log.checkpoint, `检查点来源 ${cp.origin} 与日志公钥名称不符`)
  const hash = section.log.hash as HashAlg
  if (hash !== 'sm3' && hash !== 'sha256') fail('manifest.json', `未知的日志哈希 ${hash}`)

  // 2. the manifest seal
  const sealPem = trust.sealKeyPem ?? dec(fileOf(section.seal.publicKey, '印章公钥'))
  let fingerprint: string
  try {
    fingerprint = sm2Fingerprint(sm2PublicKeyFromPem(sealPem))
  } catch (e) {
    return fail(trust.sealKeyPem ? '(所信任的印章公钥)' : section.seal.publicKey, `印章公钥无效：${(e as Error).message}`)
  }
  if (fingerprint !== section.seal.fingerprint) fail(section.seal.publicKey, `印章公钥指纹 ${fingerprint} 与清单所载 ${section.seal.fingerprint} 不符`)
  const sig = files[MANIFEST_SEAL_FILE] ?? fail(MANIFEST_SEAL_FILE, '清单签章缺失')
  const manifestDigests = hashBytes(files['manifest.json']!)
  if (!verifySeal(sealPem, { kind: 'case_file_manifest', ref: section.exportId, sha256: manifestDigests.sha256, sm3: manifestDigests.sm3 }, sig)) {
    fail('manifest.json', `清单的机关签章无效（印章指纹 ${fingerprint}）`)
  }

  // 3. every file
  for (const f of manifest.files!) {
    const bytes = files[f.path]
    if (!bytes) fail(f.path, '清单所列文件缺失')
    const d = hashBytes(bytes!)
    if (d.size !== f.size) fail(f.path, `大小 ${d.size} 字节，与清单所载 ${f.size} 字节不符`)
    if (d.sha256 !== f.sha256) fail(f.path, `SHA-256 ${d.sha256} 与清单所载 ${f.sha256} 不符`)
    if (d.sm3 !== f.sm3) fail(f.path, `SM3 ${d.sm3} 与清单所载 ${f.sm3} 不符`)
  }
  const unlisted = new Set(['manifest.json', MANIFEST_SEAL_FILE, MANIFEST_SEAL_MESSAGE_FILE])
  for (const path of Object.keys(files)) if (!listed.has(path) && !unlisted.has(path)) fail(path, '文件不在清单中')

  // 4. every leaf
  const proofs = parseJson<{ hash: string; treeSize: number; leaves: ProofEntry[] }>(files, section.proofs)
  if (proofs.treeSize !== cp.size || proofs.hash !== hash) fail(section.proofs, `证明所依据的日志规模 ${proofs.treeSize} 与检查点规模 ${cp.size} 不符`)
  const records = new Map<string, { index: number; row: Record<string, unknown> }>()
  for (const p of proofs.leaves) {
    const leaf = { index: p.index, kind: p.kind, refId: p.refId }
    const where = `叶 ${p.index ?? '—'}（${p.kind} ${p.refId}）`
    const bytes = fileOf(p.file, '记录')
    if (p.index === null) fail(where, '该记录不在日志中', leaf)
    let parsed: { kind?: string; row?: Record<string, unknown> }
    try {
      parsed = JSON.parse(dec(bytes))
    } catch {
      return fail(where, '规范记录不是有效的 JSON', leaf)
    }
    if (canonicalJson(parsed) !== dec(bytes)) fail(where, '记录不是 RFC 8785 规范字节', leaf)
    if (parsed.kind !== p.kind || !parsed.row) fail(where, `记录种类 ${parsed.kind} 与证明所载 ${p.kind} 不符`, leaf)
    const proof = p.proof.map((b) => Buffer.from(b, 'base64'))
    if (!verifyInclusion(hash, leafHash(hash, bytes), p.index!, cp.size, proof, cp.root)) {
      fail(where, `规范记录字节的叶哈希与日志中的叶不符（对规模 ${cp.size} 的检查点的包含证明不成立）：记录在记入日志后被改动`, leaf)
    }
    records.set(`${p.kind}/${p.refId}`, { index: p.index!, row: parsed.row! })
  }

  // 5. the seal of every document PDF
  const seals = parseJson<DocumentSealEntry[]>(files, section.documentSeals)
  const sealKeys = new Map<string, string>()
  for (const [path, f] of listed) if (f.kind === 'seal-key') sealKeys.set(String((f as { fingerprint?: string }).fingerprint), dec(files[path]!))
  if (trust.sealKeyPem) sealKeys.set(fingerprint, trust.sealKeyPem)
  const sealed = new Map(seals.map((s) => [s.file, s]))
  for (const f of manifest.files!.filter((f) => f.kind === 'document')) {
    const s = sealed.get(f.path) ?? fail(f.path, '文书没有机关签章')
    const pem = sealKeys.get(s.fingerprint) ?? fail(f.path, `签章所用印章公钥（指纹 ${s.fingerprint}）不在案卷包中`)
    if (s.sha256 !== f.sha256 || s.sm3 !== f.sm3) fail(f.path, '文书签章所载摘要与文件不符')
    if (!verifySeal(pem, { kind: 'document_version', ref: s.ref, sha256: f.sha256, sm3: f.sm3 }, Buffer.from(s.signature, 'base64'))) {
      fail(f.path, `文书的机关签章无效（印章指纹 ${s.fingerprint}）`)
    }
    if (s.ref !== `${f.documentId}:${f.version}`) fail(f.path, '文书签章所指的文书版本与清单不符')
  }

  // 6. files against their logged records
  const attachmentAgainstLog = (where: string, attachmentId: string | undefined, d: { sha256?: string; sm3?: string }) => {
    const r = records.get(`case_attachment/${attachmentId}`) ?? fail(where, `附件 ${attachmentId} 没有随卷的日志记录`)
    const leaf = { index: r.index, kind: 'case_attachment', refId: String(attachmentId) }
    if (r.row.sha256 !== d.sha256) fail(where, `内容的 SHA-256 ${d.sha256} 与日志叶 ${r.index}（case_attachment）所记 ${r.row.sha256} 不符：存储的文件已被改动`, leaf)
    if (r.row.sm3 !== d.sm3) fail(where, `内容的 SM3 与日志叶 ${r.index}（case_attachment）所记不符：存储的文件已被改动`, leaf)
  }
  for (const f of manifest.files!) {
    if (f.kind === 'attachment') attachmentAgainstLog(f.path, f.attachmentId, f)
    if (f.kind === 'document' && !records.has(`case_document_version/${f.documentId}:${f.version}`)) fail(f.path, '文书版本没有随卷的日志记录')
  }
  for (const h of manifest.hashOnly ?? []) attachmentAgainstLog(`manifest.json（仅附哈希的附件 ${h.attachmentId}）`, h.attachmentId, h)

  return { ok: true, files: manifest.files!.length, leaves: proofs.leaves.length, treeSize: cp.size, logKey: logKeyText, sealFingerprint: fingerprint }
}
