// Private keys kept as files under the data directory, or given in the environment: the QR
// signing key (P-05), the log's checkpoint key and a witness's cosigning key.
import crypto, { type KeyObject } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** A private key given as PKCS#8 PEM, or as the base64 of that PEM (handy in one env line). */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim()
  const pem = trimmed.startsWith('-----BEGIN') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8')
  return crypto.createPrivateKey({ key: pem, format: 'pem' })
}

/** Reads the Ed25519 key file, or creates it; safe when two processes start on one data directory. */
export function ed25519KeyFromFile(file: string): KeyObject {
  return parsePrivateKey(
    pemKeyFile(file, () => crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  )
}

/**
 * The PEM text of a private key file, or a new key from `generate` written there (mode 0600,
 * directory 0700); safe when two processes start on one data directory: one key wins.
 */
export function pemKeyFile(file: string, generate: () => string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8')
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const pem = generate()
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`
  fs.writeFileSync(temporary, pem, { mode: 0o600 })
  try {
    // link() fails if the file exists, so a concurrent first start keeps one key.
    fs.linkSync(temporary, file)
    return pem
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return fs.readFileSync(file, 'utf8')
  } finally {
    fs.rmSync(temporary, { force: true })
  }
}
