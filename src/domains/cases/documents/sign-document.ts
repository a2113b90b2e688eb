import crypto from 'node:crypto'
import type { Db, Queryable } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { inScope, requireRole } from '../../../platform/access/scope.ts'
import { audit } from '../../../platform/audit/audit.ts'
import { badRequest, forbidden, ruleViolation } from '../../../platform/http/errors.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { withCaseRules } from '../db-rules.ts'
import { DOCUMENT_ROLES, documentInScope, documentSummary, nextSignedVersion, type DocumentSummary } from './generate-document.ts'
import { decodeSignature } from './rules.ts'
import type { SignatureRole } from './templates.ts'

/** A signature as given: an image captured on screen, or the party's refusal. */
export type SignatureInput = {
  role: SignatureRole
  signedOn: string
  /** the signer's name; for an officer it is taken from the person record */
  name?: string
  personId?: string
  /** data:image/png;base64,… */
  image?: string
  refused?: boolean
  witnessName?: string
  note?: string
}

/**
 * R-05 / 民诉法89 / 处罚法42: checks a signature and stores it for `version` of a document:
 * an image (PNG, size-limited, with its SHA-256), or a refusal by the party with a witness's
 * name and the officer's note. An officer signs only in post with a certificate valid that
 * day (the database's document_signature_check says so too).
 */
export async function insertSignature(
  tx: Queryable,
  user: AuthUser,
  documentId: string,
  version: number,
  input: SignatureInput,
): Promise<string> {
  if (input.signedOn > todayInChina()) throw ruleViolation('SIGNATURE_DATE_FUTURE', '签名日期不得晚于今天')
  let name = input.name?.trim() ?? ''
  if (input.role === 'officer') {
    if (!input.personId) throw badRequest('SIGNER_PERSON', '执法人员签名须选择执法人员')
    const { rows } = await tx.query<{ name: string; path: string }>(
      `SELECT p.name, a.path FROM person p JOIN org_node a ON a.id = p.agency_id WHERE p.id = $1`,
      [input.personId],
    )
    if (!rows[0]) throw badRequest('SIGNER_PERSON', '执法人员不存在')
    if (!inScope(user, rows[0].path)) throw forbidden('所选人员超出您的数据范围')
    name = rows[0].name
  } else if (input.personId) {
    throw badRequest('SIGNER_PERSON', '只有执法人员签名关联人员档案')
  }
  if (!name) throw badRequest('SIGNER_NAME', '须写明签名人姓名')
  let image: Uint8Array | null = null
  if (input.refused) {
    // 民诉法89: the refusal, its witness and the officer's account take the place of the signature
    if (input.role !== 'party') throw badRequest('SIGNATURE_REFUSAL', '只有当事人（受送达人）可以记录拒绝签字')
    if (input.image) throw badRequest('SIGNATURE_REFUSAL', '拒绝签字的不得附签名图片')
    if (!input.witnessName?.trim() || !input.note?.trim()) {
      throw ruleViolation('SIGNATURE_REFUSAL', '拒绝签字的，须记明见证人姓名和执法人员的情况说明（民事诉讼法第八十九条）')
    }
  } else {
    if (!input.image) throw badRequest('SIGNATURE_IMAGE', '须提供签名图片，或者记录拒绝签字')
    const decoded = decodeSignature(input.image)
    if (typeof decoded === 'string') throw badRequest('SIGNATURE_IMAGE', decoded)
    image = decoded
  }
  const { rows } = await withCaseRules(() =>
    tx.query<{ id: string }>(
      `INSERT INTO document_signature (document_id, version, role, signer_name, person_id, signed_on, refused, witness_name, note, image, image_sha256, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [documentId, version, input.role, name, input.personId ?? null, input.signedOn, input.refused ?? false,
        input.witnessName?.trim() || null, input.note?.trim() || null, image ? Buffer.from(image) : null,
        image ? crypto.createHash('sha256').update(image).digest('hex') : null, user.id],
    ),
  )
  return rows[0]!.id
}

/** POST /api/documents/:id/signatures — the signature goes into a new version of the PDF. */
export async function signDocument(db: Db, user: AuthUser, documentId: string, input: SignatureInput, ip?: string): Promise<DocumentSummary> {
  requireRole(user, ...DOCUMENT_ROLES)
  return db.tx(async (tx) => {
    const { doc, found } = await documentInScope(tx, user, documentId)
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('case_document:' || $1::text))`, [doc.id])
    let signatureId = ''
    const version = await nextSignedVersion(tx, {
      doc,
      found,
      reason: input.refused ? '记录拒绝签字' : '签名',
      userId: user.id,
      addSignature: async (v) => {
        signatureId = await insertSignature(tx, user, doc.id, v, input)
      },
    })
    await audit(tx, {
      actor: user,
      ip,
      action: input.refused ? 'case.document.refusal' : 'case.document.sign',
      entity: 'case_document',
      entityId: doc.id,
      orgId: found.agencyId,
      detail: { caseId: found.id, version, signatureId, role: input.role },
    })
    return documentSummary(tx, doc)
  })
}
