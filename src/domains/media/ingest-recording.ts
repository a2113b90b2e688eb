import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import type { BlobStore } from '../../platform/blobs/index.ts'
import { AppError, badRequest, notFound } from '../../platform/http/errors.ts'
import { withCaseRules } from '../cases/db-rules.ts'
import { checkMediaTarget } from './check-target.ts'
import { isoMediaDurationMs } from './duration.ts'
import { hashFile } from './hash-file.ts'
import { checkMediaMetadata } from './metadata.ts'
import { fileHead, mediaMagicMatches } from './media-kinds.ts'
import { findMediaByUpload, type MediaRow } from './store.ts'

/** A completed upload in the staging area: its tus id, declared size, metadata and file. */
export type StagedUpload = { id: string; size: number; metadata: Record<string, string | null>; file: string }

/** The metadata key the server adds to a staged upload: who created it. */
export const UPLOADED_BY = 'uploadedBy'

export const mediaTypeMismatch = (type: string) => new AppError(415, 'MEDIA_TYPE_MISMATCH', `文件内容与声明的类型（${type}）不符`)

/**
 * turns a completed upload into a recording of its case. The metadata and the right
 * to add to the case are checked again (time has passed since the upload began); the first
 * bytes must match the declared type; the staged file is hashed once (SHA-256 here, SM3 in a
 * worker thread) and stored content-addressed (an existing blob is never overwritten); then
 * the case_attachment row (which enters the R-08 log through its trigger), the case_media
 * row and the audit event commit together. Idempotent per upload: a retried end returns the
 * recording the upload already became.
 */
export async function ingestRecording(db: Db, blobs: BlobStore, user: AuthUser, staged: StagedUpload, ip?: string): Promise<MediaRow> {
  const done = await findMediaByUpload(db, staged.id)
  if (done) return done
  const { [UPLOADED_BY]: uploadedBy, ...given } = staged.metadata
  if (uploadedBy !== user.id) throw notFound('上传不存在')
  const meta = checkMediaMetadata(given)
  const { found, stage } = await checkMediaTarget(db, user, meta)

  if (!mediaMagicMatches(meta.mime, await fileHead(staged.file))) throw mediaTypeMismatch(meta.mime)
  // One read of the finished upload: SHA-256 on this thread, SM3 in a worker beside it. The
  // blob store then takes the file as it is (a hard link on local disk, an upload from the
  // file on S3), without hashing or copying it a second time.
  const digests = await hashFile(staged.file)
  if (digests.size !== staged.size) throw badRequest('UPLOAD_INCOMPLETE', '文件尚未上传完整')
  const stored = await blobs.putFile(staged.file, digests)
  const durationMs = /mp4|quicktime/.test(meta.mime) ? await isoMediaDurationMs(staged.file).catch(() => undefined) : undefined

  try {
    return await db.tx(async (tx) => {
      const { rows } = await withCaseRules(() =>
        tx.query<{ id: string }>(
          `INSERT INTO case_attachment (case_id, action_id, stage, blob_key, sha256, sm3, size, media_type, file_name, captured_at,
                                        device, location, secrecy, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
          [
            meta.caseId, meta.actionId ?? null, stage, stored.key, stored.sha256, stored.sm3, stored.size, meta.mime, meta.filename,
            meta.startedAt, meta.device, meta.location ?? null, meta.secrecy ?? null, user.id,
          ],
        ),
      )
      const id = rows[0]!.id
      await withCaseRules(() =>
        tx.query(
          `INSERT INTO case_media (id, case_id, upload_id, device, officer_id, started_at, ended_at, location, duration_ms, sha256, sm3, size)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [id, meta.caseId, staged.id, meta.device, meta.officer, meta.startedAt, meta.endedAt, meta.location ?? null, durationMs ?? null,
            stored.sha256, stored.sm3, stored.size],
        ),
      )
      await audit(tx, {
        actor: user,
        ip,
        action: 'case.media.add',
        entity: 'case_attachment',
        entityId: id,
        orgId: found.agencyId,
        detail: { caseId: meta.caseId, uploadId: staged.id, sha256: stored.sha256, sm3: stored.sm3, size: stored.size, mediaType: meta.mime, device: meta.device, officer: meta.officer },
      })
      return (await findMediaByUpload(tx, staged.id))!
    })
  } catch (error) {
    // Two requests ended the same upload at once: the other one recorded it.
    if ((error as { code?: string }).code === '23505') {
      const other = await findMediaByUpload(db, staged.id)
      if (other) return other
    }
    throw error
  }
}
