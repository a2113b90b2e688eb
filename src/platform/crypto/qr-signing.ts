/**
 * P-05: the QR code on an 执法证 carries a signed link to the portal's verification page,
 * so a forged card cannot point at a look-alike site undetected: the page (and anyone
 * holding the deployment's public key, offline) can check that the link was made here.
 *
 * Payload: `${publicUrl}/verify/${certNo}?sig=<base64url Ed25519 signature over
 * "zhifa-cert:v1:" + certNo>`.
 *
 * The deployment key (Ed25519, Node's built-in crypto):
 * - from the environment variable ZHIFA_QR_SIGNING_KEY: a PKCS#8 PEM private key, or the
 *   base64 encoding of that PEM (handy for secret stores that dislike newlines); or else
 * - generated on first use and kept in `<dataDir>/keys/qr-ed25519.pem` (mode 0600), so
 *   cards printed before a restart still verify. Back this file up with the data
 *   directory; losing it makes every printed QR code show as unsigned-invalid.
 * The public key is served at /.well-known/zhifa-qr-key.pem.
 */
import crypto, { type KeyObject } from 'node:crypto'
import path from 'node:path'
import { ed25519KeyFromFile, parsePrivateKey } from './key-file.ts'

const CONTEXT = 'zhifa-cert:v1:'

export type QrSigner = {
  privateKey: KeyObject
  publicKey: KeyObject
  /** The public key as SPKI PEM, for /.well-known/zhifa-qr-key.pem. */
  publicKeyPem: string
}

export function signerFromPrivateKey(privateKey: KeyObject): QrSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('二维码签名密钥必须是 Ed25519 私钥')
  const publicKey = crypto.createPublicKey(privateKey)
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

/** The deployment's QR signer: ZHIFA_QR_SIGNING_KEY if set, else the key file under dataDir. */
export function loadQrSigner(options: { env: NodeJS.ProcessEnv; dataDir: string }): QrSigner {
  const fromEnv = options.env.ZHIFA_QR_SIGNING_KEY
  const privateKey = fromEnv ? parsePrivateKey(fromEnv) : ed25519KeyFromFile(path.join(options.dataDir, 'keys', 'qr-ed25519.pem'))
  return signerFromPrivateKey(privateKey)
}

export function signCertNo(signer: Pick<QrSigner, 'privateKey'>, certNo: string): string {
  return crypto.sign(null, Buffer.from(CONTEXT + certNo, 'utf8'), signer.privateKey).toString('base64url')
}

/** True when sig is this deployment's signature for certNo; any malformed input is simply false. */
export function verifyCertNo(signer: Pick<QrSigner, 'publicKey'>, certNo: string, sig: string): boolean {
  if (!/^[A-Za-z0-9_-]{86}$/.test(sig)) return false
  return crypto.verify(null, Buffer.from(CONTEXT + certNo, 'utf8'), signer.publicKey, Buffer.from(sig, 'base64url'))
}

/** The URL the QR code on the certificate card encodes. */
export function signedVerificationUrl(signer: Pick<QrSigner, 'privateKey'>, publicUrl: string, certNo: string): string {
  return `${publicUrl}/verify/${encodeURIComponent(certNo)}?sig=${signCertNo(signer, certNo)}`
}
