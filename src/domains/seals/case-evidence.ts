/**
 * what a case bundle carries so that `zhifa verify` can check it offline:
 * every logged record of the case (actions, document versions, attachments) as its RFC 8785
 * canonical bytes recomputed from the row as it is now, with its leaf index and an inclusion
 * proof under a checkpoint signed by the log's key; the checkpoint note and the log's verifier
 * key; the agency's seal keys and the seal of every document version PDF in the bundle.
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import { canonicalRecordBytes } from '../../platform/ledger/canonical.ts'
import { inclusionUnder, signedCheckpoint, type Ledger } from '../../platform/ledger/log.ts'
import { listSealKeys, sealCaseDocuments, sealKeyFor, sealMessage, sealSubject, type SealSubject } from './seal.ts'

export const VERIFY_FORMAT = 'zhifa-verify/1'
export const EVIDENCE_DIR = 'verification'
/** Files of a bundle that the manifest cannot list: the manifest's own seal. */
export const MANIFEST_SEAL_FILE = 'manifest.sig'
export const MANIFEST_SEAL_MESSAGE_FILE = 'manifest.seal-message.txt'

export type EvidenceFile = { path: string; bytes: Uint8Array; extra: Record<string, unknown> }

/** The manifest's `verification` section (paths are inside the ZIP). */
export type VerificationSection = {
  format: typeof VERIFY_FORMAT
  exportId: string
  log: { origin: string; hash: 'sm3' | 'sha256'; treeSize: number; checkpoint: string; publicKey: string }
  seal: { agencyId: string; fingerprint: string; publicKey: string; subject: { kind: 'case_file_manifest'; ref: string } }
  proofs: string
  documentSeals: string
  leftOut: { records: number; reason: string } | null
}

/** One leaf of proofs.json. index null: the record is not in the log. */
export type ProofEntry = { index: number | null; kind: string; refId: string; file: string; proof: string[] }
export type DocumentSealEntry = { file: string; ref: string; sha256: string; sm3: string; fingerprint: string; signature: string; signedAt: string }

const enc = (s: string) => new TextEncoder().encode(s)
const json = (v: unknown) => enc(`${JSON.stringify(v, null, 2)}\n`)

type RecordRow = { kind: string; refId: string; row: unknown; subject: string }

/** The case's logged rows as they are now, in log kinds and ref ids (as migration 0012 names them). */
async function caseRecords(q: Queryable, caseId: string): Promise<RecordRow[]> {
  const { rows } = await q.query<RecordRow>(
    `SELECT 'case_action' AS kind, a.id::text AS "refId", to_jsonb(a) AS row, a.id::text AS subject, a.recorded_at AS t, 1 AS o
       FROM case_action a WHERE a.case_id = $1
     UNION ALL
     SELECT 'case_document_version', v.document_id || ':' || v.version, to_jsonb(v), v.document_id::text, v.created_at, 2
       FROM case_document_version v JOIN case_document d ON d.id = v.document_id WHERE d.case_id = $1
     UNION ALL
     SELECT 'case_attachment', t.id::text, to_jsonb(t), t.id::text, t.uploaded_at, 3
       FROM case_attachment t WHERE t.case_id = $1
     ORDER BY o, t, 2`,
    [caseId],
  )
  return rows
}

/**
 * Seals the case's document PDFs (those not sealed yet), has the log sequenced and signed by its
 * key, and returns the evidence files and the manifest section. Records of withheld material
 * (国家秘密, 处罚法50) stay out, and all records when the whole case is secret.
 */
export async function caseEvidence(
  db: Db,
  o: {
    ledger: Ledger
    keysDir: string
    caseId: string
    agencyId: string
    exportId: string
    withheldIds: ReadonlySet<string>
    caseSecret: boolean
    /** "<documentId>:<version>" → path of that PDF in the bundle */
    documentPaths: ReadonlyMap<string, string>
  },
): Promise<{ files: EvidenceFile[]; section: VerificationSection }> {
  const seals = await sealCaseDocuments(db, o.keysDir, o.caseId)
  await sealKeyFor(db, o.keysDir, o.agencyId) // the key that seals the manifest, listed below
  // the rows first, then the checkpoint: every row read is queued by then, so it is in the checkpoint's tree
  const records = await caseRecords(db, o.caseId)
  const cp = await signedCheckpoint(db, o.ledger)
  const files: EvidenceFile[] = []
  const add = (path: string, bytes: Uint8Array, extra: Record<string, unknown> = {}) => files.push({ path, bytes, extra })

  const kept = records.filter((r) => !o.caseSecret && !o.withheldIds.has(r.subject))
  const proofs: ProofEntry[] = []
  for (const r of kept) {
    const bytes = canonicalRecordBytes(r.kind, r.row)
    const inc = await inclusionUnder(db, { table: r.kind, id: r.refId }, cp)
    const file = `${EVIDENCE_DIR}/leaves/${inc ? String(inc.index).padStart(8, '0') : 'unlogged'}-${r.kind}-${r.refId.replace(/[^0-9a-f-]/g, '_')}.json`
    add(file, bytes, { kind: 'leaf' })
    proofs.push({ index: inc?.index ?? null, kind: r.kind, refId: r.refId, file, proof: inc?.proof.map((b) => b.toString('base64')) ?? [] })
  }
  add(`${EVIDENCE_DIR}/proofs.json`, json({ hash: cp.hash, treeSize: cp.treeSize, leaves: proofs }), { kind: 'proofs' })
  add(`${EVIDENCE_DIR}/checkpoint.txt`, enc(cp.note), { kind: 'checkpoint' })
  add(`${EVIDENCE_DIR}/log-key.txt`, enc(`${o.ledger.publicKeyText}\n`), { kind: 'log-key' })

  const keys = await listSealKeys(db, o.agencyId)
  const current = keys.find((k) => k.validTo === null || k.validTo > new Date())!
  const used = new Set([current.fingerprint, ...seals.map((s) => s.fingerprint)])
  for (const k of keys.filter((k) => used.has(k.fingerprint))) {
    add(`${EVIDENCE_DIR}/seal-keys/${k.fingerprint}.pem`, enc(k.publicKeyPem), { kind: 'seal-key', agencyId: k.agencyId, fingerprint: k.fingerprint })
  }
  const documentSeals: DocumentSealEntry[] = seals
    .filter((s) => o.documentPaths.has(s.ref))
    .map((s) => ({
      file: o.documentPaths.get(s.ref)!,
      ref: s.ref,
      sha256: s.sha256,
      sm3: s.sm3,
      fingerprint: s.fingerprint,
      signature: s.signature.toString('base64'),
      signedAt: s.signedAt.toISOString(),
    }))
  add(`${EVIDENCE_DIR}/document-seals.json`, json(documentSeals), { kind: 'document-seals' })

  const leftOut = records.length - kept.length
  return {
    files,
    section: {
      format: VERIFY_FORMAT,
      exportId: o.exportId,
      log: { origin: o.ledger.origin, hash: cp.hash, treeSize: cp.treeSize, checkpoint: `${EVIDENCE_DIR}/checkpoint.txt`, publicKey: `${EVIDENCE_DIR}/log-key.txt` },
      seal: {
        agencyId: o.agencyId,
        fingerprint: current.fingerprint,
        publicKey: `${EVIDENCE_DIR}/seal-keys/${current.fingerprint}.pem`,
        subject: { kind: 'case_file_manifest', ref: o.exportId },
      },
      proofs: `${EVIDENCE_DIR}/proofs.json`,
      documentSeals: `${EVIDENCE_DIR}/document-seals.json`,
      leftOut: leftOut ? { records: leftOut, reason: '国家秘密材料的记录未随卷' } : null,
    },
  }
}

/** seals the manifest bytes for the agency: the files manifest.sig (DER) and the signed message. */
export async function sealManifest(
  db: Queryable,
  keysDir: string,
  agencyId: string,
  exportId: string,
  manifestBytes: Uint8Array,
): Promise<{ signature: Buffer; message: Buffer }> {
  const s = await sealSubject(db, keysDir, agencyId, { kind: 'case_file_manifest', ref: exportId, bytes: manifestBytes })
  const subject: SealSubject = { kind: 'case_file_manifest', ref: exportId, sha256: s.sha256, sm3: s.sm3 }
  return { signature: s.signature, message: sealMessage(subject) }
}
