/**
 * P-08 / P-09 / P-10: the draft of a publication, composed from the case and its live decision
 * and masked. The unmasked text is never stored outside the case: it is rebuilt here each time.
 */
import type { Queryable } from '../../platform/db/pool.ts'
import { mask, type MaskContext, type MaskSpan } from './mask.ts'
import type { PublicationRow } from './store.ts'
import { birthDateOfId, isMinorOn, type PublicationKind } from './rules.ts'

const KIND_TITLES: Record<PublicationKind, string> = {
  许可: '行政许可决定信息',
  处罚: '行政处罚决定信息',
  强制: '行政强制决定信息',
  检查: '行政检查结果信息',
  其他: '行政执法决定信息',
}

/** 处罚法9: the kinds of penalty, recognised in the decision's data or text. */
export const PENALTY_KINDS = [
  '警告', '通报批评', '罚款', '没收违法所得', '没收非法财物', '暂扣许可证件', '降低资质等级', '吊销许可证件',
  '限制开展生产经营活动', '责令停产停业', '责令关闭', '限制从业', '行政拘留',
] as const

export type DecisionSource = {
  agencyName: string
  agencyAddress: string | null
  agencyPhone: string | null
  agencyUscc: string | null
  caseNumber: string
  caseKind: string
  partyKind: 'citizen' | 'organisation'
  partyName: string
  summary: string
  actionType: string
  actedOn: string
  data: Record<string, unknown>
}

export type Draft = {
  title: string
  body: string
  fields: Record<string, string>
  spans: MaskSpan[]
  fieldSpans: Record<string, MaskSpan[]>
  penalties: string[]
  fineYuan: number | null
  partyKind: 'citizen' | 'organisation'
  legalBasis: string
  context: MaskContext
  /** P-10: a citizen party under 18 on the day of the decision. */
  minorParty: boolean
}

export async function loadDecisionSource(q: Queryable, pub: PublicationRow): Promise<DecisionSource | undefined> {
  if (!pub.caseId) return undefined
  const { rows } = await q.query<DecisionSource>(
    `SELECT o.name AS "agencyName", b.address AS "agencyAddress", b.phone AS "agencyPhone", b.uscc AS "agencyUscc",
            c.number AS "caseNumber", c.kind AS "caseKind", c.party_kind AS "partyKind", c.party_name AS "partyName", c.summary,
            l.type AS "actionType", to_char(l.acted_on, 'YYYY-MM-DD') AS "actedOn", l.data
       FROM publication p JOIN enforcement_case c ON c.id = p.case_id JOIN org_node o ON o.id = c.agency_id
       LEFT JOIN enforcement_body b ON b.id = c.agency_id
       JOIN case_action src ON src.id = p.source_action_id
       JOIN LATERAL (SELECT * FROM case_action_live l WHERE l.case_id = c.id AND l.type = src.type ORDER BY l.n DESC LIMIT 1) l ON true
      WHERE p.id = $1`,
    [pub.id],
  )
  return rows[0]
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null)

function penaltiesOf(data: Record<string, unknown>): string[] {
  if (Array.isArray(data.penalties)) return data.penalties.filter((p): p is string => typeof p === 'string')
  const said = [text(data.penalty), text(data.result)].filter((s): s is string => s !== null).join('；')
  return PENALTY_KINDS.filter((k) => said.includes(k))
}

/** The masking context of a case: the citizen party and named third persons masked; the agency and an organisation party kept. */
export function maskContext(src: DecisionSource): MaskContext {
  const persons: string[] = []
  if (src.partyKind === 'citizen') persons.push(src.partyName)
  for (const key of ['persons', 'thirdPersons', 'witnesses']) {
    const v = src.data[key]
    if (Array.isArray(v)) for (const p of v) if (typeof p === 'string') persons.push(p)
    // recorded actions carry scalars: a list of names separated by 、 or commas
    if (typeof v === 'string') persons.push(...v.split(/[、,，;；\s]+/).filter((p) => p.length >= 2))
  }
  const keep = [src.agencyName, src.agencyAddress, src.agencyPhone, src.agencyUscc, src.partyKind === 'organisation' ? src.partyName : null, src.caseNumber]
  return { persons, keep: keep.filter((k): k is string => !!k) }
}

/** P-10: whether the citizen party was a minor, from the decision's partyMinor, partyBirthDate or partyIdNumber. */
export function minorParty(src: DecisionSource): boolean {
  if (src.partyKind !== 'citizen') return false
  if (src.data.partyMinor === true) return true
  const birth = text(src.data.partyBirthDate) ?? birthDateOfId(text(src.data.partyIdNumber) ?? '')
  return birth !== null && /^\d{4}-\d{2}-\d{2}$/.test(birth) && isMinorOn(birth, src.actedOn)
}

/** P-08: at least 执法机关, 执法对象, 执法类别, 执法结论, with the decision's date and number. */
export function composeDraft(pub: PublicationRow, src: DecisionSource, override?: { title?: string; body?: string }): Draft {
  const context = maskContext(src)
  const d = src.data
  const conclusion = [text(d.result), text(d.penalty) && !text(d.result) ? text(d.penalty) : null, text(d.conclusion)].filter(Boolean).join('；') || src.actionType
  const fine = typeof d.fineYuan === 'number' ? d.fineYuan : null
  const legalBasis = text(d.basis) ?? text(d.legalBasis) ?? pub.statute
  const rawFields: Record<string, string> = {
    执法机关: src.agencyName,
    执法对象: src.partyName,
    执法类别: `${KIND_TITLES[pub.kind].replace(/信息$/, '')}（${src.caseKind}）`,
    执法结论: conclusion,
    决定日期: src.actedOn,
    决定文书号: text(d.documentNo) ?? src.caseNumber,
  }
  if (fine !== null) rawFields['罚款金额（元）'] = String(fine)
  if (text(d.facts)) rawFields['违法事实'] = text(d.facts)!
  rawFields['依据'] = legalBasis
  const fields: Record<string, string> = {}
  const fieldSpans: Record<string, MaskSpan[]> = {}
  for (const [k, v] of Object.entries(rawFields)) {
    const m = mask(v, context)
    fields[k] = m.text
    if (m.spans.length) fieldSpans[k] = m.spans
  }
  const body =
    override?.body ??
    [
      `${src.agencyName}于${src.actedOn}对${src.partyName}作出${src.actionType}（${fields['决定文书号']}）。`,
      `案由：${src.summary}`,
      text(d.facts) ? `事实：${text(d.facts)}` : null,
      `结论：${conclusion}`,
      `依据：${legalBasis}`,
    ]
      .filter(Boolean)
      .join('\n')
  const masked = mask(body, context)
  const title = mask(override?.title ?? `${KIND_TITLES[pub.kind]}：${src.partyName}`, context).text
  return { title, body: masked.text, fields, spans: masked.spans, fieldSpans, penalties: penaltiesOf(d), fineYuan: fine, partyKind: src.partyKind, legalBasis: mask(legalBasis, context).text, context, minorParty: minorParty(src) }
}
