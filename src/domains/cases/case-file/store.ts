import type { Queryable } from '../../../platform/db/pool.ts'

export type CaseFileExportRow = {
  id: string
  caseId: string
  version: number
  pages: number
  pdfSha256: string
  pdfSm3: string
  pdfSize: number
  zipSha256: string
  zipSm3: string
  zipSize: number
  manifest: Record<string, unknown>
  withheld: Array<Record<string, unknown>>
  assembledBy: string
  assembledAt: Date
}

const COLUMNS = `id, case_id AS "caseId", version, pages, pdf_sha256 AS "pdfSha256", pdf_sm3 AS "pdfSm3", pdf_size AS "pdfSize",
  zip_sha256 AS "zipSha256", zip_sm3 AS "zipSm3", zip_size AS "zipSize", manifest, withheld, assembled_by AS "assembledBy",
  assembled_at AS "assembledAt"`

/** every assembled version of a case's file, newest first. */
export async function listCaseFileExports(db: Queryable, caseId: string): Promise<CaseFileExportRow[]> {
  const { rows } = await db.query<CaseFileExportRow>(`SELECT ${COLUMNS} FROM case_file_export WHERE case_id = $1 ORDER BY version DESC`, [caseId])
  return rows
}

export async function findCaseFileExport(db: Queryable, id: string): Promise<CaseFileExportRow | undefined> {
  const { rows } = await db.query<CaseFileExportRow>(`SELECT ${COLUMNS} FROM case_file_export WHERE id = $1`, [id])
  return rows[0]
}
