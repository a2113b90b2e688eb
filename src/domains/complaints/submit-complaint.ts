// S-04 / P-15: a 投诉, 举报 or 意见建议 submitted on the portal by a member of the public.
import type { Db } from '../../platform/db/pool.ts'
import { audit } from '../../platform/audit/audit.ts'
import { badRequest, conflict } from '../../platform/http/errors.ts'
import { readQueryCode } from '../cases/progress-code.ts'
import { checkFormToken } from './form-token.ts'
import { complaintProblems, normalisePhone, type ComplaintDraft } from './rules.ts'

export type ComplaintReceipt = { receiptNo: string; queryCode: string; receivedAt: string }

const blank = (text: string | undefined) => (text?.trim() ? text.trim() : null)

/**
 * S-04: checks the signed form, then every rule (all problems at once, as `details`), then
 * stores the complaint with its 收到 action and an audit event in one transaction. The
 * receipt carries the 受理编号 and the query code for /complaints/status.
 */
export async function submitComplaint(
  db: Db,
  input: ComplaintDraft & { formToken?: string; honeypot?: string },
  ip: string,
  now = Date.now(),
): Promise<ComplaintReceipt> {
  const nonce = await checkFormToken(db, input.formToken, now)
  // A field no person sees or fills in: only a script does.
  if (input.honeypot) throw badRequest('FORM_REJECTED', '提交未被接受，请刷新页面后重新填写')
  const problems = complaintProblems(input)
  if (problems.length > 0) throw badRequest('COMPLAINT_INVALID', problems[0]!.message, problems)
  return db.tx(async (tx) => {
    const agency = await tx.query(
      `SELECT 1 FROM enforcement_body b JOIN org_node o ON o.id = b.id WHERE b.id = $1 AND o.kind = 'agency' AND b.published_version IS NOT NULL`,
      [input.agencyId],
    )
    if (agency.rowCount === 0) throw badRequest('COMPLAINT_INVALID', '请选择本平台公示的执法机关', [{ field: 'agencyId', message: '请选择本平台公示的执法机关' }])
    const caseRef = blank(input.caseRef)
    const reading = caseRef ? readQueryCode(caseRef) : null
    // A case of the complained-about agency named by its query code or its number: linked for the supervisor.
    const linked = caseRef
      ? await tx.query<{ id: string }>(
          `SELECT id FROM enforcement_case WHERE agency_id = $1 AND (query_code = $2 OR number = $3) LIMIT 1`,
          [input.agencyId, reading?.ok ? reading.code : null, caseRef],
        )
      : null
    const anonymous = input.anonymous
    const { rows } = await tx.query<{ id: string; receiptNo: string; queryCode: string; receivedAt: Date }>(
      `INSERT INTO complaint (agency_id, kind, content, cert_no, case_ref, case_id, anonymous, complainant_name, phone, email, form_nonce)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (form_nonce) DO NOTHING
       RETURNING id, receipt_no AS "receiptNo", query_code AS "queryCode", received_at AS "receivedAt"`,
      [
        input.agencyId,
        input.kind,
        input.content.trim(),
        blank(input.certNo)?.toUpperCase() ?? null,
        reading?.ok ? reading.code : caseRef,
        linked?.rows[0]?.id ?? null,
        anonymous,
        anonymous ? null : blank(input.name),
        anonymous ? null : normalisePhone(input.phone ?? ''),
        anonymous ? null : blank(input.email),
        nonce,
      ],
    )
    const row = rows[0]
    if (!row) throw conflict('FORM_USED', '该表单已提交过，请勿重复提交；如需再次投诉举报，请重新打开页面填写')
    // No personal data in the audit detail: the complaint row is the one place it is kept.
    await audit(tx, { ip, action: 'complaint.submit', entity: 'complaint', entityId: row.id, orgId: input.agencyId, detail: { kind: input.kind, anonymous } })
    return { receiptNo: row.receiptNo, queryCode: row.queryCode, receivedAt: row.receivedAt.toISOString() }
  })
}
