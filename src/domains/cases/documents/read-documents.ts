import type { Db } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { notFound } from '../../../platform/http/errors.ts'
import { itemRefusal, openCaseForRead, recordRead, secrecyRefused, type CaseReader } from '../record-access/case-read.ts'
import { documentSummary, type DocumentSummary } from './generate-document.ts'
import { documentFile, findDocument, listCaseDocuments, listSignatures, listVersions, type DocumentRow, type SignatureRow, type VersionRow } from './store.ts'

/**
 * R-11 / R-10 / F-05: a document is read through its case's read gate (the agency's staff,
 * or a supervisor during an open 调阅), and a document marked secret only by the cleared.
 */
async function openDocument(db: Db, user: AuthUser, documentId: string): Promise<{ doc: DocumentRow; reader: CaseReader }> {
  const doc = await findDocument(db, documentId)
  if (!doc) throw notFound('文书不存在')
  const reader = await openCaseForRead(db, user, doc.caseId)
  const refusal = itemRefusal(reader, 'document', doc.id)
  if (refusal) throw secrecyRefused(refusal)
  return { doc, reader }
}

/** D-04: GET /api/cases/:id/documents — each document at its current version (secret ones only for the cleared). */
export async function listDocumentsOfCase(db: Db, user: AuthUser, caseId: string, ip?: string): Promise<DocumentSummary[]> {
  const reader = await openCaseForRead(db, user, caseId)
  const entries = (await listCaseDocuments(db, reader.row.id)).filter((e) => !itemRefusal(reader, 'document', e.id))
  const items = await Promise.all(entries.map(async (e) => documentSummary(db, (await findDocument(db, e.id))!)))
  await recordRead(db, reader, { target: 'document', ip, protectedMaterial: true })
  return items
}

/** GET /api/documents/:id — the document with every version and signature. */
export async function readDocument(
  db: Db,
  user: AuthUser,
  documentId: string,
  ip?: string,
): Promise<DocumentSummary & { versions: VersionRow[]; signatures: SignatureRow[] }> {
  const { doc, reader } = await openDocument(db, user, documentId)
  const [summary, versions, signatures] = await Promise.all([documentSummary(db, doc), listVersions(db, doc.id), listSignatures(db, doc.id)])
  await recordRead(db, reader, { target: 'document', entityId: doc.id, ip, protectedMaterial: true })
  return { ...summary, versions, signatures }
}

/** the PDF or DOCX of a version (the current one unless asked); every read is audited. */
export async function readDocumentFile(
  db: Db,
  user: AuthUser,
  documentId: string,
  format: 'pdf' | 'docx',
  version?: number,
  ip?: string,
): Promise<{ content: Buffer; sha256: string; version: number; filename: string }> {
  const { doc, reader } = await openDocument(db, user, documentId)
  const file = await documentFile(db, doc.id, format, version)
  if (!file) throw notFound('该版本文书不存在')
  await recordRead(db, reader, { target: 'document', entityId: doc.id, ip, protectedMaterial: true })
  const summary = await documentSummary(db, doc)
  return { ...file, filename: `${summary.name}-${doc.numberText ?? reader.row.number}-v${file.version}.${format}` }
}
