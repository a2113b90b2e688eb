// Shapes of the 事后公开 API (src/domains/disclosure/routes.ts) as the workbench reads them.

/** P-08 / P-09 / P-16: a draft publication with its deadline, as GET /api/publications lists it. */
export type DraftItem = {
  id: string
  publicId: string
  kind: string
  agencyName: string
  domain: string | null
  priority: boolean
  caseId: string | null
  decidedOn: string
  dueOn: string
  dueConfirmed: boolean
  overdue: boolean
  warn: boolean
}

/** P-10: a masked span; offsets are in the masked text (UTF-16 code units, end exclusive). */
export type MaskSpan = { start: number; end: number; kind: string; rule: string }

export type PreviewVersion = { version: number; status: string; createdOn?: string; note?: string | null; reason?: string | null }

export type Preview = {
  id: string
  publicId: string
  kind: string
  priority: boolean
  decidedOn: string
  dueOn: string
  dueBasis: string
  status: 'draft' | 'published' | 'corrected' | 'withdrawn' | 'not-published'
  title: string
  body: string
  spans: MaskSpan[]
  fields: Record<string, string>
  fieldSpans: Record<string, MaskSpan[]>
  periodClass: string
  minorParty: boolean
  versions: PreviewVersion[]
}

/** P-11: the events that oblige a withdrawal (处罚法48), as the API accepts them. */
export const WITHDRAWAL_TRIGGERS = ['撤销', '确认违法', '确认无效', '变更', '重新作出'] as const

/**
 * P-09 (政府信息公开条例14、15): the grounds for not publishing, as seeded in migration 0020
 * (table non_publication_ground). The server checks the ground again and names the list when refused.
 */
export const NON_PUBLICATION_GROUNDS = [
  '国家秘密',
  '法律法规禁止公开',
  '危及国家安全、公共安全、经济安全、社会稳定',
  '商业秘密（第三方未同意公开）',
  '个人隐私（第三方未同意公开）',
  '当事人为未成年人',
  '仅受警告处罚',
] as const

/** Names of the mask kinds (src/domains/disclosure/mask.ts) for the legend. */
export const MASK_KIND_LABEL: Record<string, string> = {
  'id-number': '身份证号',
  mobile: '手机号码',
  landline: '固定电话',
  'bank-account': '银行账号',
  number: '证件号码',
  address: '住址',
  name: '姓名',
  health: '健康信息',
}

export type Segment = { text: string; span?: MaskSpan }

/** Splits the masked text at its spans, so each span can be shown highlighted. Spans out of order or overlapping are clipped. */
export function segments(text: string, spans: readonly MaskSpan[]): Segment[] {
  const out: Segment[] = []
  let at = 0
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const start = Math.max(span.start, at)
    const end = Math.min(span.end, text.length)
    if (end <= start) continue
    if (start > at) out.push({ text: text.slice(at, start) })
    out.push({ text: text.slice(start, end), span })
    at = end
  }
  if (at < text.length) out.push({ text: text.slice(at) })
  return out
}
