import { pipeline, type Readable } from 'node:stream'
import type { Db } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../../platform/access/scope.ts'
import { audit } from '../../../platform/audit/audit.ts'
import type { BlobStore } from '../../../platform/blobs/index.ts'
import { AppError, badRequest, forbidden, notFound, ruleViolation } from '../../../platform/http/errors.ts'
import { withCaseRules } from '../db-rules.ts'
import { findCase } from '../store.ts'
import { isHandlingStaff, type SecrecyLevel } from '../record-access/rules.ts'
import { allowedMediaType, ATTACHMENT_MAX_BYTES, sniffing } from './media-types.ts'
import { findAttachment, type AttachmentRow } from './store.ts'

export type AttachmentMeta = {
  actionId?: string
  stage?: string
  description?: string
  capturedAt?: string
  device?: string
  location?: string
  secrecy?: SecrecyLevel
  fileName?: string
}

/**
 * attaches one file to a case. Who may write and whether the case still takes
 * material is checked before a byte is read; the body is checked against its declared type
 * by its first bytes and hashed (SHA-256, SM3) as it streams into the blob store; then the
 * row and its audit event commit together.
 */
export async function uploadAttachment(
  db: Db,
  blobs: BlobStore,
  user: AuthUser,
  caseId: string,
  input: { contentType: string | undefined; contentLength: number | undefined; body: Readable; meta: AttachmentMeta; ip?: string },
): Promise<AttachmentRow> {
  requireRole(user, 'officer', 'head', 'reviewer')
  const found = await findCase(db, caseId)
  if (!found) throw notFound('案件不存在')
  requireScope(user, found.path)
  if (!isHandlingStaff(user, found.path)) throw forbidden('只有本案所属机关的办案人员可以添加材料')
  if (found.archived) throw ruleViolation('CASE_ARCHIVED', '案件已归档，不得再添加材料')
  const mediaType = allowedMediaType(input.contentType)
  if (!mediaType) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '只能上传 JPEG、PNG、HEIC 图片，MP3、M4A、WAV、OGG、AMR 音频，MP4 视频或 PDF 文件')
  if (input.contentLength !== undefined && input.contentLength > ATTACHMENT_MAX_BYTES) {
    throw new AppError(413, 'BODY_TOO_LARGE', `附件不得超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`)
  }
  if (input.contentLength === 0) throw badRequest('EMPTY_BODY', '上传的文件为空')
  const { meta } = input
  let stage = meta.stage ?? null
  if (meta.actionId) {
    const action = await db.maybeOne<{ stage: string }>(
      `SELECT t.stage FROM case_action a JOIN case_action_type t ON t.kind = a.kind AND t.code = a.type WHERE a.id = $1 AND a.case_id = $2`,
      [meta.actionId, caseId],
    )
    if (!action) throw badRequest('ATTACHMENT_ACTION', '所附执法行为不属于该案件')
    stage ??= action.stage
  } else if (stage) {
    const known = await db.maybeOne(`SELECT 1 FROM case_action_type WHERE kind = $1 AND (stage = $2 OR code = $2) LIMIT 1`, [found.kind, stage])
    if (!known) throw badRequest('ATTACHMENT_STAGE', `${found.kind}案件没有“${stage}”环节`)
  }

  // pipeline() carries a broken or aborted request body through to the blob store, which then keeps nothing.
  const checked = pipeline(input.body, sniffing(mediaType), () => {})
  const stored = await blobs.put(checked, { maxBytes: ATTACHMENT_MAX_BYTES })

  return db.tx(async (tx) => {
    const { rows } = await withCaseRules(() =>
      tx.query<{ id: string }>(
        `INSERT INTO case_attachment (case_id, action_id, stage, blob_key, sha256, sm3, size, media_type, file_name, description,
                                      captured_at, device, location, secrecy, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          caseId, meta.actionId ?? null, stage, stored.key, stored.sha256, stored.sm3, stored.size, mediaType, meta.fileName ?? null,
          meta.description ?? null, meta.capturedAt ?? null, meta.device ?? null, meta.location ?? null, meta.secrecy ?? null, user.id,
        ],
      ),
    )
    const id = rows[0]!.id
    await audit(tx, {
      actor: user,
      ip: input.ip,
      action: 'case.attachment.add',
      entity: 'case_attachment',
      entityId: id,
      orgId: found.agencyId,
      detail: { caseId, sha256: stored.sha256, sm3: stored.sm3, size: stored.size, mediaType, secrecy: meta.secrecy ?? null },
    })
    return (await findAttachment(tx, id))!
  })
}
