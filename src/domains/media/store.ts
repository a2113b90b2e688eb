import type { Queryable } from '../../platform/db/pool.ts'
import type { SecrecyLevel } from '../cases/record-access/rules.ts'

/** a recording: its attachment (the bytes, case, stage) and its case_media details. */
export type MediaRow = {
  id: string
  caseId: string
  uploadId: string
  actionId: string | null
  stage: string | null
  sha256: string
  sm3: string
  size: number
  mediaType: string
  fileName: string | null
  device: string
  officerId: string
  officerName: string
  startedAt: Date
  endedAt: Date
  location: string | null
  durationMs: number | null
  secrecy: SecrecyLevel | null
  uploadedBy: string
  uploaderName: string
  recordedAt: Date
}

const COLUMNS = `m.id, m.case_id AS "caseId", m.upload_id AS "uploadId", x.action_id AS "actionId", x.stage, m.sha256, m.sm3,
  m.size::float8 AS size, x.media_type AS "mediaType", x.file_name AS "fileName", m.device, m.officer_id AS "officerId",
  p.name AS "officerName", m.started_at AS "startedAt", m.ended_at AS "endedAt", m.location, m.duration_ms::float8 AS "durationMs",
  x.secrecy, x.uploaded_by AS "uploadedBy", u.display_name AS "uploaderName", m.recorded_at AS "recordedAt"`
const FROM = `case_media m JOIN case_attachment x ON x.id = m.id JOIN person p ON p.id = m.officer_id JOIN app_user u ON u.id = x.uploaded_by`

export async function findMedia(db: Queryable, id: string): Promise<MediaRow | undefined> {
  const { rows } = await db.query<MediaRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE m.id = $1`, [id])
  return rows[0]
}

/** The recording a tus upload became, if it has been ingested. */
export async function findMediaByUpload(db: Queryable, uploadId: string): Promise<MediaRow | undefined> {
  const { rows } = await db.query<MediaRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE m.upload_id = $1`, [uploadId])
  return rows[0]
}

/** a case's recordings in the order they were recorded. */
export async function listCaseMedia(db: Queryable, caseId: string): Promise<MediaRow[]> {
  const { rows } = await db.query<MediaRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE m.case_id = $1 ORDER BY m.started_at, x.n`, [caseId])
  return rows
}
