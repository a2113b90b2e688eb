import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import type { BlobStore } from '../../platform/blobs/index.ts'
import { notFound } from '../../platform/http/errors.ts'
import { itemRefusal, markOf, openCaseForRead, recordRead, secrecyRefused } from '../cases/record-access/case-read.ts'
import { readAttachmentContent } from '../cases/attachments/read-attachment.ts'
import { findMedia, listCaseMedia, type MediaRow } from './store.ts'

export type ListedMedia = MediaRow & { level: string | null; withheld: string | null }

/** R-07 / R-10 / R-11 / F-06: a case's recordings for a reader of the case; withheld ones say why; the read is audited. */
export async function listRecordings(db: Db, user: AuthUser, caseId: string, ip?: string): Promise<ListedMedia[]> {
  const reader = await openCaseForRead(db, user, caseId)
  const rows = await listCaseMedia(db, caseId)
  await recordRead(db, reader, { target: 'attachments', entityId: caseId, ip, protectedMaterial: true })
  return rows.map((row) => ({ ...row, level: markOf(reader, 'attachment', row.id, row.secrecy), withheld: itemRefusal(reader, 'attachment', row.id, row.secrecy) }))
}

/** one recording's details, for a reader of its case cleared for its mark. */
export async function getRecording(db: Db, user: AuthUser, id: string, ip?: string): Promise<MediaRow> {
  const row = await findMedia(db, id)
  if (!row) throw notFound('音像记录不存在')
  const reader = await openCaseForRead(db, user, row.caseId)
  const refusal = itemRefusal(reader, 'attachment', row.id, row.secrecy)
  if (refusal) throw secrecyRefused(refusal)
  await recordRead(db, reader, { target: 'attachment', entityId: row.id, ip, protectedMaterial: true })
  return row
}

/**
 * R-07 / F-06: a recording's bytes, whole or one HTTP range (for seeking in the browser's
 * player), through the attachment read gate: same access, same secrecy, same audit.
 */
export async function readRecording(db: Db, blobs: BlobStore, user: AuthUser, id: string, input: { range?: string; ip?: string }) {
  const row = await findMedia(db, id)
  if (!row) throw notFound('音像记录不存在')
  return { media: row, ...(await readAttachmentContent(db, blobs, user, id, input)) }
}
