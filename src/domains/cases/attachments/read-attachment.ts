import type { Readable } from 'node:stream'
import type { Db } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import type { BlobStore, ByteRange } from '../../../platform/blobs/index.ts'
import { rangeNotSatisfiable } from '../../../platform/blobs/index.ts'
import { notFound } from '../../../platform/http/errors.ts'
import { itemRefusal, markOf, openCaseForRead, recordRead, secrecyRefused, type CaseReader } from '../record-access/case-read.ts'
import { findAttachment, listAttachments, type AttachmentRow } from './store.ts'

/**
 * HTTP Range (RFC 9110 §14.1.2) for one range: `bytes=a-b`, `bytes=a-`, `bytes=-n`.
 * undefined: no Range header, or several ranges (answered with the whole file, as allowed).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m) {
    if (/^bytes=.+,/.test(header)) return undefined
    throw rangeNotSatisfiable()
  }
  const [, a, b] = m
  if (a === '' && b === '') throw rangeNotSatisfiable()
  if (a === '') {
    const n = Math.min(Number(b), size)
    if (n === 0) throw rangeNotSatisfiable()
    return { start: size - n, end: size - 1 }
  }
  const start = Number(a)
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1)
  if (start >= size || end < start) throw rangeNotSatisfiable()
  return { start, end }
}

export type ListedAttachment = AttachmentRow & { level: string | null; withheld: string | null }

/** R-07 / R-10 / F-06: the attachments a reader sees, each with its mark; withheld ones say why. */
export async function readAttachmentList(db: Db, user: AuthUser, caseId: string, ip?: string): Promise<ListedAttachment[]> {
  const reader = await openCaseForRead(db, user, caseId)
  const rows = await listAttachments(db, caseId)
  await recordRead(db, reader, { target: 'attachments', entityId: caseId, ip, protectedMaterial: true })
  return rows.map((row) => ({ ...row, level: markOf(reader, 'attachment', row.id, row.secrecy), withheld: itemRefusal(reader, 'attachment', row.id, row.secrecy) }))
}

/**
 * R-07 / R-10 / R-11 / F-06: opens one attachment's bytes (or a range of them) for a reader
 * of its case who is cleared for its mark; every read is audited.
 */
export async function readAttachmentContent(
  db: Db,
  blobs: BlobStore,
  user: AuthUser,
  attachmentId: string,
  input: { range?: string; ip?: string },
): Promise<{ row: AttachmentRow; range: ByteRange | undefined; stream: Readable; reader: CaseReader }> {
  const row = await findAttachment(db, attachmentId)
  if (!row) throw notFound('附件不存在')
  const reader = await openCaseForRead(db, user, row.caseId)
  const refusal = itemRefusal(reader, 'attachment', row.id, row.secrecy)
  if (refusal) throw secrecyRefused(refusal)
  const range = parseRange(input.range, Number(row.size))
  const stream = await blobs.get(row.blobKey, range)
  try {
    await recordRead(db, reader, { target: 'attachment', entityId: row.id, ip: input.ip, protectedMaterial: true })
  } catch (error) {
    stream.destroy()
    throw error
  }
  return { row, range, stream, reader }
}
