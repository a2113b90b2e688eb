// Queries of case documents (D-04, R-05): documents, versions, files, signatures, templates.
import crypto from 'node:crypto'
import type { Queryable } from '../../../platform/db/pool.ts'
import { conflict } from '../../../platform/http/errors.ts'
import type { DocumentValues, PlacedSignature } from './fill.ts'
import { findTemplate, templateCovers, type DocumentTemplate, type SignatureRole } from './templates.ts'

export type DocumentRow = {
  id: string
  caseId: string
  kind: string
  numberText: string | null
  createdAt: Date
}

export type VersionRow = {
  version: number
  change: 'create' | 'correct' | 'sign'
  reason: string | null
  templateKind: string
  templateVersion: number
  fields: DocumentValues
  createdAt: Date
  pdfSha256: string
  docxSha256: string
  pages: number
}

export type SignatureRow = {
  id: string
  version: number
  role: SignatureRole
  signerName: string
  personId: string | null
  signedOn: string
  refused: boolean
  witnessName: string | null
  note: string | null
  imageSha256: string | null
}

/** The canonical text of a template's data, and its SHA-256, as filed. */
export function templateDefinition(template: DocumentTemplate): { json: string; sha256: string } {
  const json = JSON.stringify(template)
  return { json, sha256: crypto.createHash('sha256').update(json).digest('hex') }
}

/**
 * R-05 (s000 §2(二)2): records the template version as filed the first time a document is
 * made from it; a filed version whose content has since changed in code is refused, so a
 * document always names the content it was made from.
 */
export async function fileTemplate(tx: Queryable, template: DocumentTemplate): Promise<void> {
  const { json, sha256 } = templateDefinition(template)
  await tx.query(
    `INSERT INTO document_template (kind, version, name, statute, number_kind, served, case_kinds, action_types, covers, definition, sha256, filed_with)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '司法行政机关') ON CONFLICT (kind, version) DO NOTHING`,
    [template.kind, template.version, template.name, template.statute, template.numberKind, template.served, template.caseKinds,
      template.actionTypes, templateCovers(template), json, sha256],
  )
  const { rows } = await tx.query<{ sha256: string }>(`SELECT sha256 FROM document_template WHERE kind = $1 AND version = $2`, [
    template.kind, template.version,
  ])
  if (rows[0]?.sha256 !== sha256) {
    throw conflict('TEMPLATE_CHANGED', `文书模板“${template.name}”第${template.version}版的内容已变更，须作为新版本备案`)
  }
}

export async function findDocument(db: Queryable, id: string): Promise<DocumentRow | undefined> {
  const { rows } = await db.query<DocumentRow>(
    `SELECT id, case_id AS "caseId", kind, number_text AS "numberText", created_at AS "createdAt" FROM case_document WHERE id = $1`,
    [id],
  )
  return rows[0]
}

export async function listVersions(db: Queryable, documentId: string): Promise<VersionRow[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT v.version, v.change, v.reason, v.template_kind AS "templateKind", v.template_version AS "templateVersion", v.fields,
            v.created_at AS "createdAt", p.sha256 AS "pdfSha256", d.sha256 AS "docxSha256", p.pages
       FROM case_document_version v
       JOIN case_document_file p ON (p.document_id, p.version, p.format) = (v.document_id, v.version, 'pdf')
       JOIN case_document_file d ON (d.document_id, d.version, d.format) = (v.document_id, v.version, 'docx')
      WHERE v.document_id = $1 ORDER BY v.version`,
    [documentId],
  )
  return rows
}

export async function listSignatures(db: Queryable, documentId: string): Promise<SignatureRow[]> {
  const { rows } = await db.query<SignatureRow>(
    `SELECT id, version, role, signer_name AS "signerName", person_id AS "personId", to_char(signed_on, 'YYYY-MM-DD') AS "signedOn",
            refused, witness_name AS "witnessName", note, image_sha256 AS "imageSha256"
       FROM document_signature WHERE document_id = $1 ORDER BY version, recorded_at, id`,
    [documentId],
  )
  return rows
}

/**
 * the signatures a version shows: those made on its content, i.e. since the version
 * that last set the content (a correction voids the signatures on the text it replaced).
 */
export async function signaturesOfVersion(db: Queryable, documentId: string, version: number): Promise<PlacedSignature[]> {
  const { rows } = await db.query<PlacedSignature & { image: Buffer | null }>(
    `SELECT s.role, s.signer_name AS name, s.image, s.refused, s.witness_name AS "witnessName", s.note
       FROM document_signature s
      WHERE s.document_id = $1 AND s.version <= $2
        AND s.version >= (SELECT max(v.version) FROM case_document_version v
                          WHERE v.document_id = $1 AND v.version <= $2 AND v.change <> 'sign')
      ORDER BY s.version, s.recorded_at, s.id`,
    [documentId, version],
  )
  return rows.map((r) => ({ ...r, image: r.image ? new Uint8Array(r.image) : null }))
}

export async function documentFile(
  db: Queryable,
  documentId: string,
  format: 'pdf' | 'docx',
  version?: number,
): Promise<{ content: Buffer; sha256: string; version: number } | undefined> {
  const { rows } = await db.query<{ content: Buffer; sha256: string; version: number }>(
    `SELECT content, sha256, version FROM case_document_file
      WHERE document_id = $1 AND format = $2 AND ($3::int IS NULL OR version = $3)
      ORDER BY version DESC LIMIT 1`,
    [documentId, format, version ?? null],
  )
  return rows[0]
}

/** One current document version of a case, as the 案卷 assembles it. */
export type CaseDocumentEntry = {
  id: string
  kind: string
  name: string
  number: string | null
  version: number
  createdAt: Date
  /** of the PDF */
  sha256: string
  pages: number
  pdf(): Promise<Uint8Array>
}

/**
 * R-10 / D-04: every document of a case in the order they were made, each at its current
 * (latest) version; pdf() reads that version's PDF.
 */
export async function listCaseDocuments(db: Queryable, caseId: string): Promise<CaseDocumentEntry[]> {
  const { rows } = await db.query<{ id: string; kind: string; number: string | null; version: number; createdAt: Date; sha256: string; pages: number }>(
    `SELECT d.id, d.kind, d.number_text AS number, v.version, v.created_at AS "createdAt", f.sha256, f.pages
       FROM case_document d
       JOIN LATERAL (SELECT version, created_at FROM case_document_version WHERE document_id = d.id ORDER BY version DESC LIMIT 1) v ON true
       JOIN case_document_file f ON (f.document_id, f.version, f.format) = (d.id, v.version, 'pdf')
      WHERE d.case_id = $1 ORDER BY d.n`,
    [caseId],
  )
  return rows.map((r) => ({
    ...r,
    name: findTemplate(r.kind)?.name ?? r.kind,
    pdf: async () => new Uint8Array((await documentFile(db, r.id, 'pdf', r.version))!.content),
  }))
}

/** 处罚法61 第二款: the party's recorded consent to electronic service. */
export async function listServiceConsents(db: Queryable, caseId: string) {
  const { rows } = await db.query<{ id: string; channel: string; address: string; consentedOn: string; confirmation: string }>(
    `SELECT id, channel, address, to_char(consented_on, 'YYYY-MM-DD') AS "consentedOn", confirmation
       FROM service_consent WHERE case_id = $1 ORDER BY recorded_at, id`,
    [caseId],
  )
  return rows
}
