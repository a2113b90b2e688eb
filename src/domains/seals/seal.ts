/**
 * R-09 电子签章: each agency (执法主体, an org node of kind agency) seals with its own SM2 key.
 *
 * Where the private key lives: a PKCS#8 PEM file `<dataDir>/keys/seals/<fingerprint>.pem`
 * (mode 0600, directory 0700), created race-safe on first use like the log's key; the database
 * holds only the public key (`seal_key`). Why on disk and not encrypted in the database: the
 * database is what is backed up, replicated and read by its administrators, and an encrypted
 * column would need its decryption key in the same process environment anyway; kept apart, a
 * database dump cannot forge a seal, and the file can later move to a UKey/HSM behind the same
 * `sealKeyFor`. Several app servers must share the keys directory (or each agency's file).
 *
 * A seal is a detached SM2 signature (SM3 with Z value, user ID 1234567812345678, DER) over
 * `sealMessage`: the subject and its SHA-256 and SM3 digests, so `openssl pkeyutl -verify -rawin
 * -digest sm3 -pkeyopt distid:1234567812345678` verifies it against the published public key.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Queryable } from '../../platform/db/pool.ts'
import { pemKeyFile } from '../../platform/crypto/key-file.ts'
import {
  generateSm2KeyPair, sm2Fingerprint, sm2PrivateKeyFromPem, sm2PrivateKeyToPem, sm2PublicKeyFromPem, sm2PublicKeyFromPrivate,
  sm2PublicKeyToPem, sm2Sign, sm2Verify,
} from '../../platform/crypto/sm2.ts'
import { hashBytes } from '../../platform/blobs/index.ts'
import { AppError, ruleViolation } from '../../platform/http/errors.ts'

export const SEAL_FORMAT = 'zhifa-seal/v1'
export const SEAL_SUBJECT_KINDS = ['document_version', 'case_file_zip', 'case_file_pdf', 'case_file_manifest'] as const
export type SealSubjectKind = (typeof SEAL_SUBJECT_KINDS)[number]
export type SealSubject = { kind: SealSubjectKind; ref: string; sha256: string; sm3: string }

/** the bytes a seal signs: "zhifa-seal/v1\n<kind>\n<ref>\nsha256 <hex>\nsm3 <hex>\n". */
export function sealMessage(s: SealSubject): Buffer {
  if (!/^[0-9a-f]{64}$/.test(s.sha256) || !/^[0-9a-f]{64}$/.test(s.sm3)) throw new Error('摘要须为 64 位小写十六进制')
  if (!s.ref || /\s/.test(s.ref)) throw new Error('签章对象标识不得为空或含空白')
  return Buffer.from(`${SEAL_FORMAT}\n${s.kind}\n${s.ref}\nsha256 ${s.sha256}\nsm3 ${s.sm3}\n`, 'utf8')
}

/** true when sig is the seal of the subject under the PEM public key. Pure, offline. */
export function verifySeal(publicKeyPem: string, subject: SealSubject, sig: Buffer | Uint8Array): boolean {
  try {
    return sm2Verify(sm2PublicKeyFromPem(publicKeyPem), sealMessage(subject), sig)
  } catch {
    return false
  }
}

export type SealKey = {
  id: string
  agencyId: string
  agencyName: string
  algorithm: 'sm2'
  publicKeyPem: string
  fingerprint: string
  validFrom: Date
  validTo: Date | null
}

const KEY_COLUMNS = `k.id, k.agency_id AS "agencyId", o.name AS "agencyName", k.algorithm, k.public_key_pem AS "publicKeyPem",
  k.fingerprint, k.valid_from AS "validFrom", k.valid_to AS "validTo"`

/** Every seal key, current and retired, of one agency or all (newest first): what is published. */
export async function listSealKeys(db: Queryable, agencyId?: string): Promise<SealKey[]> {
  const { rows } = await db.query<SealKey>(
    `SELECT ${KEY_COLUMNS} FROM seal_key k JOIN org_node o ON o.id = k.agency_id
      WHERE ($1::uuid IS NULL OR k.agency_id = $1) ORDER BY o.name, k.valid_from DESC, k.id`,
    [agencyId ?? null],
  )
  return rows
}

/** The agency's current key (valid now), or undefined. */
export async function currentSealKey(db: Queryable, agencyId: string): Promise<SealKey | undefined> {
  const { rows } = await db.query<SealKey>(
    `SELECT ${KEY_COLUMNS} FROM seal_key k JOIN org_node o ON o.id = k.agency_id
      WHERE k.agency_id = $1 AND k.valid_from <= now() AND (k.valid_to IS NULL OR k.valid_to > now())
      ORDER BY k.valid_from DESC LIMIT 1`,
    [agencyId],
  )
  return rows[0]
}

const keyFile = (keysDir: string, fingerprint: string) => path.join(keysDir, 'seals', `${fingerprint}.pem`)

export type SealSigner = SealKey & { privateKeyHex: string }

/**
 * the agency's current seal key with its private key; the first call for an agency creates
 * the key (file first, then the row; of two concurrent first calls one row wins, the other's file
 * is removed).
 */
export async function sealKeyFor(db: Queryable, keysDir: string, agencyId: string): Promise<SealSigner> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const key = await currentSealKey(db, agencyId)
    if (key) {
      const file = keyFile(keysDir, key.fingerprint)
      if (!fs.existsSync(file)) throw new AppError(500, 'SEAL_KEY_MISSING', '本机关印章私钥文件缺失，不能签章')
      const privateKeyHex = sm2PrivateKeyFromPem(fs.readFileSync(file, 'utf8'))
      if (sm2Fingerprint(sm2PublicKeyFromPrivate(privateKeyHex)) !== key.fingerprint) throw new AppError(500, 'SEAL_KEY_MISMATCH', '印章私钥与公布的公钥不符')
      return { ...key, privateKeyHex }
    }
    const { privateKeyHex, publicKeyHex } = generateSm2KeyPair()
    const fingerprint = sm2Fingerprint(publicKeyHex)
    const file = keyFile(keysDir, fingerprint)
    pemKeyFile(file, () => sm2PrivateKeyToPem(privateKeyHex))
    try {
      const { rowCount } = await db.query(
        `INSERT INTO seal_key (agency_id, public_key_pem, fingerprint) VALUES ($1, $2, $3)
         ON CONFLICT (agency_id) WHERE valid_to IS NULL DO NOTHING`,
        [agencyId, sm2PublicKeyToPem(publicKeyHex), fingerprint],
      )
      if (!rowCount) fs.rmSync(file, { force: true })
    } catch (error) {
      fs.rmSync(file, { force: true })
      const e = error as { code?: string; hint?: string; message?: string }
      if (e.code === '23514' && e.hint === 'SEAL_AGENCY') throw ruleViolation('SEAL_AGENCY', e.message ?? '印章密钥只属于执法主体')
      throw error
    }
  }
  throw new Error('印章密钥创建失败')
}

export type SealRow = { id: string; keyId: string; agencyId: string; kind: SealSubjectKind; ref: string; sha256: string; sm3: string; signature: Buffer; signedAt: Date; fingerprint: string }

const SEAL_COLUMNS = `s.id, s.key_id AS "keyId", s.agency_id AS "agencyId", s.subject_kind AS kind, s.subject_ref AS ref, s.sha256, s.sm3,
  s.signature, s.signed_at AS "signedAt", k.fingerprint`

/** The seals of a subject (oldest first). */
export async function sealsOf(db: Queryable, kind: SealSubjectKind, ref: string): Promise<SealRow[]> {
  const { rows } = await db.query<SealRow>(
    `SELECT ${SEAL_COLUMNS} FROM seal_signature s JOIN seal_key k ON k.id = s.key_id
      WHERE s.subject_kind = $1 AND s.subject_ref = $2 ORDER BY s.signed_at, s.id`,
    [kind, ref],
  )
  return rows
}

/**
 * seals bytes (or their digests) for the agency and records the seal (append-only, a leaf
 * of the R-08 log). The same subject, digest and key is sealed once: a repeat returns that seal.
 */
export async function sealSubject(
  db: Queryable,
  keysDir: string,
  agencyId: string,
  subject: { kind: SealSubjectKind; ref: string } & ({ bytes: Uint8Array } | { sha256: string; sm3: string }),
): Promise<SealRow & { publicKeyPem: string }> {
  const digests = 'bytes' in subject ? hashBytes(subject.bytes) : { sha256: subject.sha256, sm3: subject.sm3 }
  const s: SealSubject = { kind: subject.kind, ref: subject.ref, sha256: digests.sha256, sm3: digests.sm3 }
  const key = await sealKeyFor(db, keysDir, agencyId)
  const signature = sm2Sign(key.privateKeyHex, sealMessage(s))
  await db.query(
    `INSERT INTO seal_signature (key_id, agency_id, subject_kind, subject_ref, sha256, sm3, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (subject_kind, subject_ref, sha256, key_id) DO NOTHING`,
    [key.id, agencyId, s.kind, s.ref, s.sha256, s.sm3, signature],
  )
  const { rows } = await db.query<SealRow>(
    `SELECT ${SEAL_COLUMNS} FROM seal_signature s JOIN seal_key k ON k.id = s.key_id
      WHERE s.subject_kind = $1 AND s.subject_ref = $2 AND s.sha256 = $3 AND s.key_id = $4`,
    [s.kind, s.ref, s.sha256, key.id],
  )
  return { ...rows[0]!, publicKeyPem: key.publicKeyPem }
}

/**
 * seals every document version PDF of a case that its agency has not sealed yet
 * (subject ref "<documentId>:<version>", as the log names the version). Returns the seals of
 * all the case's PDFs, oldest document first.
 */
export async function sealCaseDocuments(db: Queryable, keysDir: string, caseId: string): Promise<Array<SealRow & { publicKeyPem: string }>> {
  const { rows } = await db.query<{ ref: string; agencyId: string; content: Buffer }>(
    `SELECT f.document_id || ':' || f.version AS ref, c.agency_id AS "agencyId", f.content
       FROM case_document_file f JOIN case_document d ON d.id = f.document_id JOIN enforcement_case c ON c.id = d.case_id
      WHERE d.case_id = $1 AND f.format = 'pdf' ORDER BY d.n, f.version`,
    [caseId],
  )
  const out: Array<SealRow & { publicKeyPem: string }> = []
  for (const r of rows) out.push(await sealSubject(db, keysDir, r.agencyId, { kind: 'document_version', ref: r.ref, bytes: r.content }))
  return out
}

/**
 * seals every document version PDF (of one case, of one agency, or of all) that its agency has not
 * sealed yet, up to `limit` at a time: the server can run this beside the log's sequencer, and
 * document generation may call sealCaseDocuments at once. A PDF whose agency key cannot be used
 * is reported and the rest are still sealed.
 */
export async function sealPendingDocuments(
  db: Queryable,
  keysDir: string,
  o: { limit?: number; agencyId?: string; caseId?: string } = {},
): Promise<{ sealed: number; failed: Array<{ ref: string; agencyId: string; error: string }> }> {
  const { rows } = await db.query<{ ref: string; agencyId: string; content: Buffer }>(
    `SELECT f.document_id || ':' || f.version AS ref, c.agency_id AS "agencyId", f.content
       FROM case_document_file f JOIN case_document d ON d.id = f.document_id JOIN enforcement_case c ON c.id = d.case_id
      WHERE f.format = 'pdf' AND ($2::uuid IS NULL OR c.agency_id = $2) AND ($3::uuid IS NULL OR d.case_id = $3) AND NOT EXISTS (
        SELECT 1 FROM seal_signature s
         WHERE s.subject_kind = 'document_version' AND s.subject_ref = f.document_id || ':' || f.version AND s.sha256 = f.sha256 AND s.agency_id = c.agency_id)
      ORDER BY f.created_at LIMIT $1`,
    [o.limit ?? 200, o.agencyId ?? null, o.caseId ?? null],
  )
  let sealed = 0
  const failed: Array<{ ref: string; agencyId: string; error: string }> = []
  for (const r of rows) {
    try {
      await sealSubject(db, keysDir, r.agencyId, { kind: 'document_version', ref: r.ref, bytes: r.content })
      sealed++
    } catch (error) {
      failed.push({ ref: r.ref, agencyId: r.agencyId, error: (error as Error).message })
    }
  }
  return { sealed, failed }
}
