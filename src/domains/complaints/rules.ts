// S-04 / P-15: the rules of a 投诉举报 submitted on the portal. The database holds the same
// rules (CHECKs and trigger complaint_check in migrations/0026); these give the visitor each
// problem in Chinese, field by field, before anything is written.

export const COMPLAINT_KINDS = ['投诉', '举报', '意见建议'] as const
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number]

/** 举报 and 意见建议 may be anonymous; a 投诉 asks for an answer to its author and needs contact. */
export const ANONYMOUS_ALLOWED: ReadonlySet<ComplaintKind> = new Set(['举报', '意见建议'])

export const CONTENT_MIN = 10
export const CONTENT_MAX = 2000
export const NAME_MAX = 50

/** The shape of an officer's certificate number (certificate.cert_no in migrations/0002). */
export const CERT_NO = /^[A-Za-z0-9-]{6,30}$/

/** A mainland mobile number (1[3-9] and nine digits), as complaint_phone_valid() in 0026. */
export const MOBILE = /^1[3-9]\d{9}$/
/** A landline with its area code, optional hyphen and extension: 0871-6123456, 01012345678-123. */
export const LANDLINE = /^0[1-9]\d{1,2}-?[2-9]\d{6,7}(-\d{1,6})?$/
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/** The phone number as stored: spaces and a leading +86 / 0086 dropped. */
export function normalisePhone(typed: string): string {
  return typed.replace(/[\s()（）]/g, '').replace(/^(\+86|0086)-?/, '')
}

export const phoneValid = (phone: string): boolean => MOBILE.test(phone) || LANDLINE.test(phone)

export type ComplaintDraft = {
  agencyId: string
  kind: string
  content: string
  certNo?: string
  caseRef?: string
  anonymous: boolean
  name?: string
  phone?: string
  email?: string
}

export type ComplaintProblem = { field: keyof ComplaintDraft; message: string }

/** S-04: every problem of a submitted complaint (empty when it may be stored). */
export function complaintProblems(draft: ComplaintDraft): ComplaintProblem[] {
  const problems: ComplaintProblem[] = []
  const add = (field: keyof ComplaintDraft, message: string) => problems.push({ field, message })
  if (!draft.agencyId) add('agencyId', '请选择被投诉的执法机关')
  const kind = COMPLAINT_KINDS.find((k) => k === draft.kind)
  if (!kind) add('kind', '请选择事项类型：投诉、举报或意见建议')
  const content = draft.content.trim()
  if (!content) add('content', '请填写投诉举报的内容')
  else if ([...content].length < CONTENT_MIN) add('content', `内容至少${CONTENT_MIN}个字，请写明时间、地点和经过`)
  else if ([...content].length > CONTENT_MAX) add('content', `内容不能超过${CONTENT_MAX}个字`)
  if (draft.certNo && !CERT_NO.test(draft.certNo)) add('certNo', '执法证号格式不正确（6至30位字母、数字或短横线）')
  if (draft.caseRef && [...draft.caseRef].length > 40) add('caseRef', '案件查询码或案号不能超过40个字符')
  if (draft.anonymous) {
    if (kind && !ANONYMOUS_ALLOWED.has(kind)) add('anonymous', '投诉须留下姓名和联系电话以便答复；不愿留名的可选择“举报”')
    return problems
  }
  const name = draft.name?.trim() ?? ''
  if (!name) add('name', '请填写姓名，或选择匿名举报')
  else if ([...name].length > NAME_MAX) add('name', `姓名不能超过${NAME_MAX}个字`)
  const phone = draft.phone ? normalisePhone(draft.phone) : ''
  if (!phone) add('phone', '请填写联系电话')
  else if (!phoneValid(phone)) add('phone', '联系电话格式不正确：请填写11位手机号码或带区号的固定电话（如 0871-6123456）')
  const email = draft.email?.trim() ?? ''
  if (email && (email.length > 100 || !EMAIL.test(email))) add('email', '电子邮箱格式不正确')
  return problems
}
