/**
 * SM2 signatures (GB/T 32918.2, GM/T 0003) that interoperate with OpenSSL 3.
 *
 * - Signature: SM3 over Z || M, where Z = SM3(ENTL || ID || a || b || Gx || Gy || Px || Py)
 *   with the default user ID "1234567812345678" (GM/T 0009); encoded as DER
 *   SEQUENCE { INTEGER r, INTEGER s } — what `openssl pkeyutl -sign -rawin -digest sm3
 *   -pkeyopt distid:1234567812345678` writes and reads.
 * - Keys: private key 64 hex digits; public key the uncompressed point "04" || X || Y as 130 hex
 *   digits. PEM: SubjectPublicKeyInfo and PKCS#8 with id-ecPublicKey and the SM2 curve OID
 *   1.2.156.10197.1.301, byte for byte the layout `openssl genpkey -algorithm EC -pkeyopt
 *   ec_paramgen_curve:SM2` produces, so either side reads the other's files.
 *
 * Uses sm-crypto-v2; Node's own crypto SM2 signatures are not standard and are not used here.
 */
import { sm2, sm3 } from 'sm-crypto-v2'

export const SM2_DEFAULT_USER_ID = '1234567812345678'

export type Sm2KeyPair = { privateKeyHex: string; publicKeyHex: string }

const PRIV_RE = /^[0-9a-f]{64}$/
const PUB_RE = /^04[0-9a-f]{128}$/

// AlgorithmIdentifier { id-ecPublicKey 1.2.840.10045.2.1, sm2 1.2.156.10197.1.301 }
const ALG_ID = Buffer.from('301306072a8648ce3d020106082a811ccf5501822d', 'hex')
const SPKI_PREFIX = Buffer.concat([Buffer.from('3059', 'hex'), ALG_ID, Buffer.from('034200', 'hex')])

function normPriv(privHex: string): string {
  const h = privHex.toLowerCase()
  if (!PRIV_RE.test(h)) throw new Error('SM2 私钥须为 64 位十六进制')
  return h
}

function normPub(pubHex: string): string {
  let h = pubHex.toLowerCase()
  if (/^[0-9a-f]{128}$/.test(h)) h = '04' + h
  if (!PUB_RE.test(h) || !sm2.verifyPublicKey(h)) throw new Error('SM2 公钥须为曲线上的非压缩点（04 || X || Y）')
  return h
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const { privateKey } = sm2.generateKeyPairHex()
  const privateKeyHex = privateKey.padStart(64, '0')
  return { privateKeyHex, publicKeyHex: sm2PublicKeyFromPrivate(privateKeyHex) }
}

export function sm2PublicKeyFromPrivate(privHex: string): string {
  return normPub(sm2.getPublicKeyFromPrivateKey(normPriv(privHex)).padStart(130, '0'))
}

/** The 65-byte uncompressed point (what signed-note verifier keys carry). */
export function sm2PublicKeyRaw(pubHex: string): Buffer {
  return Buffer.from(normPub(pubHex), 'hex')
}

export function sm2PublicKeyFromRaw(raw: Buffer): string {
  return normPub(raw.toString('hex'))
}

/** DER signature over msg (SM3 with Z value, user ID default "1234567812345678"). */
export function sm2Sign(privHex: string, msg: Buffer | Uint8Array, options: { userId?: string; publicKeyHex?: string } = {}): Buffer {
  const priv = normPriv(privHex)
  const publicKey = options.publicKeyHex ? normPub(options.publicKeyHex) : sm2PublicKeyFromPrivate(priv)
  const sig = sm2.doSignature(Uint8Array.from(msg), priv, { der: true, hash: true, publicKey, userId: options.userId ?? SM2_DEFAULT_USER_ID })
  return Buffer.from(sig, 'hex')
}

/** True when sigDer is a valid SM2 signature of msg under pubHex; malformed input is simply false. */
export function sm2Verify(pubHex: string, msg: Buffer | Uint8Array, sigDer: Buffer | Uint8Array, options: { userId?: string } = {}): boolean {
  try {
    const pub = normPub(pubHex)
    const sig = Buffer.from(sigDer)
    if (!strictDerSignature(sig)) return false
    return sm2.doVerifySignature(Uint8Array.from(msg), sig.toString('hex'), pub, { der: true, hash: true, userId: options.userId ?? SM2_DEFAULT_USER_ID })
  } catch {
    return false
  }
}

/** SEQUENCE { INTEGER r, INTEGER s } in minimal DER, nothing trailing. */
function strictDerSignature(sig: Buffer): boolean {
  const outer = readTlv(sig, 0)
  if (!outer || outer.tag !== 0x30 || outer.end !== sig.length) return false
  const r = readTlv(sig, outer.start)
  if (!r || r.tag !== 0x02) return false
  const s = readTlv(sig, r.end)
  if (!s || s.tag !== 0x02 || s.end !== outer.end) return false
  for (const i of [r, s]) {
    const len = i.end - i.start
    if (len < 1 || len > 33) return false
    if (sig[i.start]! & 0x80) return false
    if (len > 1 && sig[i.start] === 0 && !(sig[i.start + 1]! & 0x80)) return false
  }
  return true
}

type Tlv = { tag: number; start: number; end: number }

function readTlv(buf: Buffer, at: number): Tlv | undefined {
  if (at + 2 > buf.length) return undefined
  const tag = buf[at]!
  let len = buf[at + 1]!
  let start = at + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n < 1 || n > 2 || start + n > buf.length) return undefined
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!
    start += n
  }
  const end = start + len
  return end > buf.length ? undefined : { tag, start, end }
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n')
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`
}

function unpem(text: string, label: string): Buffer {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text)
  if (!m) throw new Error(`不是 ${label} PEM`)
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')
}

/** SubjectPublicKeyInfo DER (id-ecPublicKey + SM2 curve OID). */
export function sm2PublicKeyToDer(pubHex: string): Buffer {
  return Buffer.concat([SPKI_PREFIX, Buffer.from(normPub(pubHex), 'hex')])
}

export function sm2PublicKeyToPem(pubHex: string): string {
  return pem('PUBLIC KEY', sm2PublicKeyToDer(pubHex))
}

/** PKCS#8 PrivateKeyInfo with an ECPrivateKey that also carries the public key, as openssl writes it. */
export function sm2PrivateKeyToPem(privHex: string): string {
  const priv = normPriv(privHex)
  const pub = sm2PublicKeyFromPrivate(priv)
  const ecPrivateKey = Buffer.concat([Buffer.from('306b0201010420', 'hex'), Buffer.from(priv, 'hex'), Buffer.from('a144034200', 'hex'), Buffer.from(pub, 'hex')])
  const der = Buffer.concat([Buffer.from('308187020100', 'hex'), ALG_ID, Buffer.from('046d', 'hex'), ecPrivateKey])
  return pem('PRIVATE KEY', der)
}

function checkAlg(der: Buffer, algSeq: Tlv | undefined): void {
  if (!algSeq || algSeq.tag !== 0x30 || !der.subarray(algSeq.start - 2, algSeq.end).equals(ALG_ID)) throw new Error('不是 SM2 密钥（曲线 OID 须为 1.2.156.10197.1.301）')
}

/** Public key hex from SubjectPublicKeyInfo PEM (also accepts a PEM holding an SM2 private key). */
export function sm2PublicKeyFromPem(text: string): string {
  if (text.includes('PRIVATE KEY-----')) return sm2PublicKeyFromPrivate(sm2PrivateKeyFromPem(text))
  const der = unpem(text, 'PUBLIC KEY')
  const outer = readTlv(der, 0)
  if (!outer || outer.tag !== 0x30) throw new Error('公钥 PEM 格式错误')
  const alg = readTlv(der, outer.start)
  checkAlg(der, alg)
  const bits = readTlv(der, alg!.end)
  if (!bits || bits.tag !== 0x03 || der[bits.start] !== 0) throw new Error('公钥 PEM 格式错误')
  return normPub(der.subarray(bits.start + 1, bits.end).toString('hex'))
}

/** Private key hex from PKCS#8 PEM (openssl genpkey output or sm2PrivateKeyToPem). */
export function sm2PrivateKeyFromPem(text: string): string {
  const der = unpem(text, 'PRIVATE KEY')
  const outer = readTlv(der, 0)
  if (!outer || outer.tag !== 0x30) throw new Error('私钥 PEM 格式错误')
  const version = readTlv(der, outer.start)
  if (!version || version.tag !== 0x02) throw new Error('私钥 PEM 格式错误')
  const alg = readTlv(der, version.end)
  checkAlg(der, alg)
  const octets = readTlv(der, alg!.end)
  if (!octets || octets.tag !== 0x04) throw new Error('私钥 PEM 格式错误')
  const ec = readTlv(der, octets.start)
  const ecVersion = ec && readTlv(der, ec.start)
  const key = ecVersion && readTlv(der, ecVersion.end)
  if (!key || key.tag !== 0x04 || key.end - key.start > 32) throw new Error('私钥 PEM 格式错误')
  return normPriv(der.subarray(key.start, key.end).toString('hex').padStart(64, '0'))
}

/** SM3 hex digest (GB/T 32905). */
export function sm3Hex(data: Buffer | Uint8Array): string {
  return sm3(Uint8Array.from(data))
}

/** Key fingerprint: SM3 of the SubjectPublicKeyInfo DER, hex (= `openssl pkey -pubin -outform DER | openssl dgst -sm3`). */
export function sm2Fingerprint(pubHex: string): string {
  return sm3Hex(sm2PublicKeyToDer(pubHex))
}
