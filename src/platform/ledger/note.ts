// R-08: checkpoints as C2SP signed notes (https://c2sp.org/signed-note) with the body of
// https://c2sp.org/tlog-checkpoint, and witness cosignatures (https://c2sp.org/tlog-cosignature,
// cosignature/v1). Pure functions; `zhifa verify` and the witness use them.
//
// Algorithms (the signature-type byte in key IDs and verifier keys):
// - 0x01 Ed25519, per the spec: key ID = SHA-256(name || 0x0A || 0x01 || 32-byte key)[:4].
// - 0x04 Ed25519 cosignature/v1 (witnesses), per tlog-cosignature.
// - SM2 (GB/T 32918, user ID 1234567812345678) is not registered; the spec leaves 0xFF for such
//   algorithms followed by an identifier, so zhifa uses 0xFF || "zhifa-sm2" || 65-byte
//   uncompressed public key both for the key ID hash and in the verifier key; the signature
//   is DER, after the 4-byte key ID.
import crypto, { type KeyObject } from 'node:crypto'
import { sm2PublicKeyFromPrivate, sm2PublicKeyFromRaw, sm2PublicKeyRaw, sm2Sign, sm2Verify } from '../crypto/sm2.ts'

export const ALG_ED25519 = 0x01
export const ALG_COSIGNATURE_V1 = 0x04
export const ALG_OTHER = 0xff
export const SM2_IDENTIFIER = Buffer.from('zhifa-sm2', 'utf8')

export type NoteKeyAlg = 'ed25519' | 'sm2' | 'cosignature/v1'

/** A verifier: name, key ID and a verify function over the signed message. */
export type NoteVerifier = {
  name: string
  keyId: Buffer
  alg: NoteKeyAlg
  /** Raw key material after the algorithm byte (Ed25519: 32 bytes; SM2: identifier + 65 bytes). */
  keyBytes: Buffer
  verify(message: Buffer, sig: Buffer): boolean
}

export type NoteSigner = {
  name: string
  keyId: Buffer
  sign(message: Buffer): Buffer
  verifier: NoteVerifier
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

export function ed25519Raw(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(ED25519_SPKI_PREFIX.length)
}

export function ed25519FromRaw(raw: Buffer): KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name)
}

/** key ID = SHA-256(name || 0x0A || alg || key)[:4] (signed-note). */
export function keyId(name: string, alg: number, key: Buffer): Buffer {
  return crypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, alg]), key]))
    .digest()
    .subarray(0, 4)
}

export function ed25519Verifier(name: string, publicKey: KeyObject, cosignature = false): NoteVerifier {
  const raw = ed25519Raw(publicKey)
  const alg = cosignature ? ALG_COSIGNATURE_V1 : ALG_ED25519
  return {
    name,
    keyId: keyId(name, alg, raw),
    alg: cosignature ? 'cosignature/v1' : 'ed25519',
    keyBytes: raw,
    verify: (message, sig) => {
      try {
        return sig.length === 64 && crypto.verify(null, message, publicKey, sig)
      } catch {
        return false
      }
    },
  }
}

export function ed25519Signer(name: string, privateKey: KeyObject): NoteSigner {
  if (!validName(name)) throw new Error('签名者名称不得含空白或加号')
  const verifier = ed25519Verifier(name, crypto.createPublicKey(privateKey))
  return { name, keyId: verifier.keyId, verifier, sign: (message) => crypto.sign(null, message, privateKey) }
}

/**
 * R-08 / R-09: an SM2 verifier (GB/T 32918, SM3 with Z value, user ID 1234567812345678): key ID =
 * SHA-256(name || 0x0A || 0xFF || "zhifa-sm2" || 65-byte point)[:4]; the signature is DER.
 */
export function sm2Verifier(name: string, uncompressedPublicKey: Buffer): NoteVerifier {
  const pubHex = sm2PublicKeyFromRaw(uncompressedPublicKey)
  const keyBytes = Buffer.concat([SM2_IDENTIFIER, sm2PublicKeyRaw(pubHex)])
  return {
    name,
    keyId: keyId(name, ALG_OTHER, keyBytes),
    alg: 'sm2',
    keyBytes,
    verify: (message, sig) => sm2Verify(pubHex, message, sig),
  }
}

/** R-08: signs notes with an SM2 private key (64 hex digits). */
export function sm2Signer(name: string, privateKeyHex: string): NoteSigner {
  if (!validName(name)) throw new Error('签名者名称不得含空白或加号')
  const publicKeyHex = sm2PublicKeyFromPrivate(privateKeyHex)
  const verifier = sm2Verifier(name, sm2PublicKeyRaw(publicKeyHex))
  return { name, keyId: verifier.keyId, verifier, sign: (message) => sm2Sign(privateKeyHex, message, { publicKeyHex }) }
}

/** The verifier key text `<name>+<hex key ID>+<base64(alg || key)>` (signed-note vkey). */
export function verifierKeyText(v: NoteVerifier): string {
  const alg = v.alg === 'ed25519' ? ALG_ED25519 : v.alg === 'cosignature/v1' ? ALG_COSIGNATURE_V1 : ALG_OTHER
  return `${v.name}+${v.keyId.toString('hex')}+${Buffer.concat([Buffer.from([alg]), v.keyBytes]).toString('base64')}`
}

/** Parses a verifier key text (Ed25519, cosignature/v1 and SM2; another SM2 factory may be given). */
export function parseVerifierKey(
  text: string,
  sm2: (name: string, uncompressedPublicKey: Buffer) => NoteVerifier = sm2Verifier,
): NoteVerifier {
  // Split at the first two '+' only: the base64 key may itself contain '+'.
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim())
  if (!m) throw new Error('验证公钥格式错误')
  const [, name, idHex, b64] = m as unknown as [string, string, string, string]
  const bytes = Buffer.from(b64, 'base64')
  let v: NoteVerifier
  if (bytes[0] === ALG_ED25519 && bytes.length === 33) v = ed25519Verifier(name, ed25519FromRaw(bytes.subarray(1)))
  else if (bytes[0] === ALG_COSIGNATURE_V1 && bytes.length === 33) v = ed25519Verifier(name, ed25519FromRaw(bytes.subarray(1)), true)
  else if (bytes[0] === ALG_OTHER && sm2 && bytes.subarray(1, 1 + SM2_IDENTIFIER.length).equals(SM2_IDENTIFIER))
    v = sm2(name, bytes.subarray(1 + SM2_IDENTIFIER.length))
  else throw new Error('不支持的验证公钥算法')
  if (v.keyId.toString('hex') !== idHex) throw new Error('验证公钥的密钥标识不符')
  return v
}

export type Checkpoint = { origin: string; size: number; root: Buffer; extensions: string[] }

/** The checkpoint body `<origin>\n<size>\n<base64 root>\n` (tlog-checkpoint). */
export function checkpointBody(c: { origin: string; size: number; root: Buffer; extensions?: string[] }): string {
  if (!c.origin || c.origin.includes('\n')) throw new Error('日志来源名称无效')
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n${(c.extensions ?? []).map((e) => `${e}\n`).join('')}`
}

/** Parses a checkpoint body (or a whole note: the part before the blank line). Null if malformed. */
export function parseCheckpoint(text: string): Checkpoint | null {
  const body = text.includes('\n\n') ? text.slice(0, text.indexOf('\n\n') + 1) : text
  if (!body.endsWith('\n')) return null
  const lines = body.slice(0, -1).split('\n')
  if (lines.length < 3) return null
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]]
  if (!origin || !/^(0|[1-9][0-9]{0,15})$/.test(sizeText)) return null
  const size = Number(sizeText)
  if (!Number.isSafeInteger(size)) return null
  const root = Buffer.from(rootText, 'base64')
  if (root.length !== 32 || root.toString('base64') !== rootText) return null
  return { origin, size, root, extensions }
}

/** Signs text (must end in a newline) with every signer: the note text. */
export function signNote(text: string, signers: NoteSigner[]): string {
  if (!text.endsWith('\n') || text.includes('\n\n')) throw new Error('便签正文须以换行结尾且不含空行')
  const msg = Buffer.from(text, 'utf8')
  const lines = signers.map((s) => `— ${s.name} ${Buffer.concat([s.keyId, s.sign(msg)]).toString('base64')}\n`)
  return `${text}\n${lines.join('')}`
}

export type NoteSignature = { name: string; keyId: Buffer; sig: Buffer }

/** Splits a note into its text and signature lines. Null if malformed. */
export function splitNote(note: string): { text: string; signatures: NoteSignature[] } | null {
  const at = note.lastIndexOf('\n\n')
  if (at < 0 || !note.endsWith('\n')) return null
  const text = note.slice(0, at + 1)
  const signatures: NoteSignature[] = []
  for (const line of note.slice(at + 2, -1).split('\n')) {
    const m = /^— (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line)
    if (!m) return null
    const raw = Buffer.from(m[2]!, 'base64')
    if (raw.length < 5) return null
    signatures.push({ name: m[1]!, keyId: raw.subarray(0, 4), sig: raw.subarray(4) })
  }
  return signatures.length ? { text, signatures } : null
}

/**
 * R-08: verifies a signed note against known keys: returns the text and the names of the keys
 * whose signature verified, or null when no known key signed it (or the note is malformed, or a
 * known key's signature is bad). Cosignatures (cosignature/v1) are checked over their timestamped
 * message. Never throws.
 */
export function verifyNote(note: string, keys: NoteVerifier[]): { text: string; verifiedBy: string[] } | null {
  try {
    const parsed = splitNote(note)
    if (!parsed) return null
    const verifiedBy: string[] = []
    for (const s of parsed.signatures) {
      const key = keys.find((k) => k.name === s.name && k.keyId.equals(s.keyId))
      if (!key) continue
      if (key.alg === 'cosignature/v1') {
        if (s.sig.length !== 72) return null
        const time = s.sig.readBigUInt64BE(0)
        if (!key.verify(cosignatureMessage(parsed.text, time), s.sig.subarray(8))) return null
      } else if (!key.verify(Buffer.from(parsed.text, 'utf8'), s.sig)) return null
      verifiedBy.push(key.name)
    }
    return verifiedBy.length ? { text: parsed.text, verifiedBy } : null
  } catch {
    return null
  }
}

/** cosignature/v1 signed message: "cosignature/v1\ntime <t>\n" || checkpoint body. */
export function cosignatureMessage(checkpointText: string, time: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${checkpointText}`, 'utf8')
}

/** A witness's cosignature line for a checkpoint body (tlog-cosignature, Ed25519). */
export function cosignLine(name: string, privateKey: KeyObject, checkpointText: string, time: bigint): string {
  const v = ed25519Verifier(name, crypto.createPublicKey(privateKey), true)
  const ts = Buffer.alloc(8)
  ts.writeBigUInt64BE(time)
  const sig = crypto.sign(null, cosignatureMessage(checkpointText, time), privateKey)
  return `— ${name} ${Buffer.concat([v.keyId, ts, sig]).toString('base64')}\n`
}
