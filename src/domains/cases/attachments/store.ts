import type { Queryable } from '../../../platform/db/pool.ts'
import type { SecrecyLevel } from '../record-access/rules.ts'

export type AttachmentRow = {
  id: string
  caseId: string
  actionId: string | null
  stage: string | null
  blobKey: string
  sha256: string
  sm3: string
  size: number
  mediaType: string
  fileName: string | null
  description: string | null
  capturedAt: Date | null
  device: string | null
  location: string | null
  /** The mark given at upload; a later mark in secrecy_mark overrides it. */
  secrecy: SecrecyLevel | null
  uploadedBy: string
  uploaderName: string
  uploadedAt: Date
}

const COLUMNS = `x.id, x.case_id AS "caseId", x.action_id AS "actionId", x.stage, x.blob_key AS "blobKey", x.sha256, x.sm3,
  x.size, x.media_type AS "mediaType", x.file_name AS "fileName", x.description, x.captured_at AS "capturedAt", x.device,
  x.location, x.secrecy, x.uploaded_by AS "uploadedBy", u.display_name AS "uploaderName", x.uploaded_at AS "uploadedAt"`

/** the attachments of a case in the order they were added. */
export async function listAttachments(db: Queryable, caseId: string): Promise<AttachmentRow[]> {
  const { rows } = await db.query<AttachmentRow>(
    `SELECT ${COLUMNS} FROM case_attachment x JOIN app_user u ON u.id = x.uploaded_by WHERE x.case_id = $1 ORDER BY x.n`,
    [caseId],
  )
  return rows
}

export async function findAttachment(db: Queryable, id: string): Promise<AttachmentRow | undefined> {
  const { rows } = await db.query<AttachmentRow>(
    `SELECT ${COLUMNS} FROM case_attachment x JOIN app_user u ON u.id = x.uploaded_by WHERE x.id = $1`,
    [id],
  )
  return rows[0]
}
