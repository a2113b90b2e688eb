import type { Queryable } from '../../../platform/db/pool.ts'

/** A 文号 as issued: e.g. text 楚市监罚〔2026〕12号 for number 12. */
export type IssuedDocumentNumber = {
  id: number
  agencyId: string
  kind: string
  year: number
  number: number
  text: string
  documentId: string | null
  issuedAt: Date
}

/**
 * issues the next 文号 of an agency, document kind and year. Call it inside the
 * transaction that creates the document: the number is consecutive and unique (the
 * database function issue_document_number in migrations/0007 locks the counter row), and
 * is given back if that transaction rolls back, so no gap appears.
 */
export async function issueDocumentNumber(
  tx: Queryable,
  input: { agencyId: string; kind: string; year: number; documentId?: string },
): Promise<IssuedDocumentNumber> {
  const { rows } = await tx.query(
    `SELECT id, agency_id, kind, year, number, text, document_id, issued_at
       FROM issue_document_number($1, $2, $3, $4)`,
    [input.agencyId, input.kind, input.year, input.documentId ?? null],
  )
  const row = rows[0]
  return {
    id: Number(row.id),
    agencyId: row.agency_id,
    kind: row.kind,
    year: row.year,
    number: row.number,
    text: row.text,
    documentId: row.document_id,
    issuedAt: row.issued_at,
  }
}

/** Sets an agency's 机关代字 (the prefix of its 文号), e.g. 楚市监. */
export async function setDocumentNumberPrefix(
  tx: Queryable,
  input: { agencyId: string; prefix: string; setBy?: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO document_number_prefix (agency_id, prefix, set_by) VALUES ($1, $2, $3)
     ON CONFLICT (agency_id) DO UPDATE SET prefix = EXCLUDED.prefix, set_by = EXCLUDED.set_by, set_at = now()`,
    [input.agencyId, input.prefix, input.setBy ?? null],
  )
}
