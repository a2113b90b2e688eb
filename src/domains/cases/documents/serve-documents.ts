import type { Db } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { requireRole } from '../../../platform/access/scope.ts'
import { audit } from '../../../platform/audit/audit.ts'
import { ruleViolation } from '../../../platform/http/errors.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { recordAction } from '../record-action.ts'
import { DOCUMENT_ROLES, caseInScope, createDocumentIn, documentSummary, type DocumentSummary } from './generate-document.ts'
import { insertSignature } from './sign-document.ts'
import { listServiceConsents } from './store.ts'
import { findTemplate } from './templates.ts'
import { documentDate } from './rules.ts'

/** 处罚法61, 民诉法87–95: the ways a document reaches the party. */
export const SERVICE_METHODS = ['直接送达', '留置送达', '邮寄送达', '电子送达', '公告送达'] as const
export type ServiceMethod = (typeof SERVICE_METHODS)[number]

export type ServiceInput = {
  actedOn: string
  method: ServiceMethod
  documentIds: string[]
  officers?: string[]
  recipient?: string
  servicePlace?: string
  /** 直接送达: the recipient's signature on the 送达回证 (民诉法87) */
  signature?: string
  /** 留置送达 (民诉法89) */
  witness?: string
  refusalNote?: string
  /** 邮寄送达 (民诉法91) */
  trackingNumber?: string
  receivedOn?: string
  /** 电子送达 (处罚法61 第二款) */
  consentId?: string
  /** 公告送达: why, and how (民诉法95 第二款) */
  reason?: string
}

export type ServiceResult = { actionId: string; servedOn: string; receipt: DocumentSummary }

/**
 * 处罚法61 / 民诉法87–95 / R-05: records a 送达 of documents of the case, by the method's
 * rules (the database's case_action_service_check refuses what the method does not allow and
 * sets the served date: 公告 is deemed served thirty days after publication), and in the
 * same transaction makes the 送达回证 listing the documents, with the recipient's signature
 * (直接送达) or the witnessed refusal (留置送达).
 */
export async function serveDocuments(db: Db, user: AuthUser, caseId: string, input: ServiceInput, ip?: string): Promise<ServiceResult> {
  requireRole(user, ...DOCUMENT_ROLES)
  return db.tx(async (tx) => {
    const found = await caseInScope(tx, user, caseId)
    const { rows: types } = await tx.query<{ code: string }>(
      `SELECT code FROM case_action_type WHERE kind = $1 AND code IN ('送达', '决定书送达') ORDER BY seq LIMIT 1`,
      [found.kind],
    )
    if (!types[0]) throw ruleViolation('CASE_ACTION_TYPE', `${found.kind}案件没有送达环节`)
    const { rows: docs } = await tx.query<{ id: string; kind: string; number: string | null }>(
      `SELECT id, kind, number_text AS number FROM case_document WHERE case_id = $1 AND id = ANY ($2::uuid[]) ORDER BY n`,
      [found.id, input.documentIds],
    )
    if (docs.length !== new Set(input.documentIds).size) throw ruleViolation('SERVICE_DOCUMENTS', '所送达的文书不属于本案')
    if (input.method === '直接送达' && !input.signature) {
      throw ruleViolation('SERVICE_SIGNATURE_MISSING', '直接送达须由受送达人在送达回证上签名（民事诉讼法第八十七条）')
    }
    const data = {
      method: input.method,
      documents: docs.map((d) => d.id).join(','),
      recipient: input.recipient ?? null,
      witness: input.witness ?? null,
      refusalNote: input.refusalNote ?? null,
      trackingNumber: input.trackingNumber ?? null,
      receivedOn: input.receivedOn ?? null,
      consentId: input.consentId ?? null,
      reason: input.reason ?? null,
    }
    const action = await recordAction(db, user, found.id, { type: types[0]!.code, actedOn: input.actedOn, officers: input.officers, data }, ip, tx)
    const actionId = action.id
    const servedOn = String(action.data.servedOn)
    const consent = input.consentId ? (await listServiceConsents(tx, found.id)).find((c) => c.id === input.consentId) : undefined
    const notes: Record<ServiceMethod, string> = {
      直接送达: '受送达人当场签收（民事诉讼法第八十七条、第八十八条）。',
      留置送达: `受送达人拒绝签收，见证人${input.witness ?? ''}在场，文书已留置于受送达人住所（民事诉讼法第八十九条）。${input.refusalNote ?? ''}`,
      邮寄送达: `邮件号${input.trackingNumber ?? ''}，以回执上注明的收件日期为送达日期（民事诉讼法第九十一条）。`,
      电子送达: `经当事人同意并签订确认书（${consent?.confirmation ?? ''}），以${consent?.channel ?? ''}发送至${consent?.address ?? ''}（行政处罚法第六十一条第二款）。`,
      公告送达: `${input.reason ?? ''}。于${documentDate(input.actedOn)}发出公告，经过三十日即视为送达（民事诉讼法第九十五条）。`,
    }
    const receipt = await createDocumentIn(
      tx,
      user,
      found,
      {
        kind: 'service_receipt',
        fields: {
          servedDocuments: docs.map((d) => `${findTemplate(d.kind)?.name ?? d.kind}${d.number ? `（${d.number}）` : ''}`),
          method: input.method,
          ...(input.recipient ? { recipient: input.recipient } : {}),
          servedOn,
          ...(input.servicePlace ? { servicePlace: input.servicePlace } : {}),
          serviceNotes: [notes[input.method]],
        },
        afterCreate: async (receiptId) => {
          if (input.method === '直接送达') {
            await insertSignature(tx, user, receiptId, 1, { role: 'party', name: input.recipient, signedOn: input.actedOn, image: input.signature })
          } else if (input.method === '留置送达') {
            await insertSignature(tx, user, receiptId, 1, {
              role: 'party', name: input.recipient, signedOn: input.actedOn, refused: true, witnessName: input.witness, note: input.refusalNote,
            })
          }
        },
      },
      ip,
    )
    await audit(tx, {
      actor: user,
      ip,
      action: 'case.service.record',
      entity: 'case_action',
      entityId: actionId,
      orgId: found.agencyId,
      detail: { caseId: found.id, method: input.method, servedOn, documents: docs.map((d) => d.id), receiptId: receipt.id },
    })
    return { actionId, servedOn, receipt: await documentSummary(tx, receipt) }
  })
}

/** 处罚法61 第二款: records the party's consent (确认书) to electronic service. */
export async function recordServiceConsent(
  db: Db,
  user: AuthUser,
  caseId: string,
  input: { channel: string; address: string; consentedOn: string; confirmation: string },
  ip?: string,
): Promise<{ id: string }> {
  requireRole(user, ...DOCUMENT_ROLES)
  return db.tx(async (tx) => {
    const found = await caseInScope(tx, user, caseId)
    if (input.consentedOn > todayInChina()) throw ruleViolation('CASE_DATE_FUTURE', '确认日期不得晚于今天')
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO service_consent (case_id, channel, address, consented_on, confirmation, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [found.id, input.channel, input.address, input.consentedOn, input.confirmation, user.id],
    )
    await audit(tx, {
      actor: user,
      ip,
      action: 'case.service.consent',
      entity: 'service_consent',
      entityId: rows[0]!.id,
      orgId: found.agencyId,
      detail: { caseId: found.id, channel: input.channel },
    })
    return rows[0]!
  })
}
