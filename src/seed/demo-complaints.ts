// N-01 / S-04: the demo's 投诉举报: three submitted through the portal's own use case (a
// named 投诉, an anonymous 举报, a 意见建议), the 投诉 forwarded by the 州司法局's supervisor,
// so the supervisor's queue and the public status page have something to show.
import type { Db } from '../platform/db/pool.ts'
import { findUserById } from '../platform/access/sessions.ts'
import { issueFormToken } from '../domains/complaints/form-token.ts'
import { submitComplaint } from '../domains/complaints/submit-complaint.ts'
import { recordComplaintAction } from '../domains/complaints/complaint-actions.ts'
import type { ComplaintDraft } from '../domains/complaints/rules.ts'

const DEMO_COMPLAINTS: (Omit<ComplaintDraft, 'agencyId'> & { forward?: boolean })[] = [
  {
    kind: '投诉', anonymous: false, name: '李丽华', phone: '13908781234', forward: true,
    content: '本人在鹿城镇经营的小吃店接受检查时，两名执法人员未出示执法证件，也未告知检查依据，要求说明情况。',
  },
  { kind: '举报', anonymous: true, content: '有人冒充市场监管执法人员到集市摊位收取“检查费”，每逢周日上午出现。' },
  {
    kind: '意见建议', anonymous: false, name: '张建国', phone: '0878-3123456',
    content: '建议在政务服务中心窗口张贴办理进度查询码的使用说明，方便办事群众查询。',
  },
]

/** Seeds the demo complaints about `agencyId`; the supervisor forwards the 投诉 to it. Returns how many. */
export async function seedDemoComplaints(db: Db, input: { agencyId: string; supervisorId: string }): Promise<number> {
  const supervisor = await findUserById(db, input.supervisorId)
  if (!supervisor) throw new Error('demo supervisor missing')
  for (const { forward, ...draft } of DEMO_COMPLAINTS) {
    const { token } = await issueFormToken(db)
    const receipt = await submitComplaint(db, { ...draft, agencyId: input.agencyId, formToken: token }, '127.0.0.1')
    if (forward) {
      const { id } = await db.one<{ id: string }>(`SELECT id FROM complaint WHERE receipt_no = $1`, [receipt.receiptNo])
      await recordComplaintAction(db, supervisor, id, { type: '转办', toAgencyId: input.agencyId })
    }
  }
  return DEMO_COMPLAINTS.length
}
