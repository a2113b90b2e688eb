// D-04 / P-06: filling a template (templates.ts) with case data and given fields. Pure
// functions: the use case gathers the values, these decide what the document says.
import type { Block } from './blocks.ts'
import { penaltyDecisionBlocks, article59Problems, type PenaltyDecision } from './penalty-decision.ts'
import { documentDate } from './rules.ts'
import { SERVED_ELEMENTS, type DocumentTemplate, type SignatureRole } from './templates.ts'

export type FieldValue = string | string[] | boolean
export type DocumentValues = Record<string, FieldValue | undefined>

/** A signature as the document shows it (document_signature). */
export type PlacedSignature = {
  role: SignatureRole
  name: string
  image: Uint8Array | null
  refused: boolean
  witnessName: string | null
  note: string | null
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const isEmpty = (v: FieldValue | undefined) =>
  v === undefined || v === false || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.some((x) => x.trim()))

/** D-04: the labels of required fields that neither the case nor the caller filled. */
export function missingFields(template: DocumentTemplate, values: DocumentValues): string[] {
  return template.fields.filter((f) => f.required && isEmpty(values[f.key])).map((f) => f.label)
}

/** The fields whose value does not have the kind the template declares. */
export function mistypedFields(template: DocumentTemplate, given: DocumentValues): string[] {
  const wrong: string[] = []
  for (const field of template.fields) {
    const v = given[field.key]
    if (v === undefined) continue
    const ok =
      field.kind === 'list' ? Array.isArray(v)
      : field.kind === 'boolean' ? typeof v === 'boolean'
      : field.kind === 'date' ? typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
      : typeof v === 'string'
    if (!ok) wrong.push(field.label)
  }
  return wrong
}

/** Fills one paragraph; null when an optional value it names is empty (the line is left out). */
function fillParagraph(paragraph: string, values: DocumentValues): string[] | null {
  const whole = /^\{\{(\w+)\}\}$/.exec(paragraph)
  if (whole) {
    const v = values[whole[1]!]
    if (Array.isArray(v)) {
      const items = v.filter((x) => x.trim())
      return items.length ? items.map((x, i) => (items.length > 1 ? `${i + 1}. ${x}` : x)) : null
    }
  }
  let empty = false
  const text = paragraph.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const v = values[key]
    if (isEmpty(v)) {
      empty = true
      return ''
    }
    if (Array.isArray(v)) return v.join('；')
    if (typeof v === 'boolean') return v ? '是' : '否'
    return /^\d{4}-\d{2}-\d{2}$/.test(v!) ? documentDate(v!) : v!
  })
  return empty ? null : [text]
}

export type FilledSection = { heading: string; covers: string[]; paragraphs: string[] }

/** The sections with their text; a section with nothing left to say is left out. */
export function fillSections(template: DocumentTemplate, values: DocumentValues): FilledSection[] {
  return template.sections
    .map((s) => ({ heading: s.heading, covers: s.covers ?? [], paragraphs: s.paragraphs.flatMap((p) => fillParagraph(p, values) ?? []) }))
    .filter((s) => s.paragraphs.length > 0)
}

/** P-06: the elements a served document would go out without; empty when all are stated. */
export function servedElementProblems(template: DocumentTemplate, sections: FilledSection[]): string[] {
  if (!template.served) return []
  return SERVED_ELEMENTS.filter((e) => !sections.some((s) => s.covers.includes(e) && s.paragraphs.length > 0)).map(
    (e) => `送达当事人的文书须载明${e}（${template.name}）`,
  )
}

const ROLE_ORDER: SignatureRole[] = ['party', 'officer', 'witness']

/** R-05: the signers' lines: every captured signature or refusal, and a blank for each slot nobody signed yet. */
export function signatureBlocks(template: DocumentTemplate, signatures: PlacedSignature[]): Block[] {
  const blocks: Block[] = []
  const roles = [...new Set([...template.signatures.map((s) => s.role), ...signatures.map((s) => s.role)])].sort(
    (a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b),
  )
  for (const role of roles) {
    const label = template.signatures.find((s) => s.role === role)?.label ?? { party: '当事人', officer: '执法人员', witness: '见证人' }[role]
    const signed = signatures.filter((s) => s.role === role)
    if (!signed.length) blocks.push({ kind: 'sign', label, name: null, image: null, note: null })
    for (const s of signed) {
      const note = s.refused ? `拒绝签字。见证人：${s.witnessName}；执法人员说明：${s.note}` : s.note
      blocks.push({ kind: 'sign', label, name: s.name, image: s.image, note })
    }
  }
  return blocks
}

/** D-04: the document's blocks for the generic layout. */
export function genericBlocks(template: DocumentTemplate, values: DocumentValues, signatures: PlacedSignature[]): Block[] {
  const sections = fillSections(template, values)
  const blocks: Block[] = [
    { kind: 'title', text: String(values.agencyName) },
    { kind: 'title', text: template.name },
  ]
  if (template.numberKind) blocks.push({ kind: 'number', text: String(values.documentNumber) })
  else blocks.push({ kind: 'paragraph', text: `案件编号：${values.caseNumber}`, indent: false })
  if (template.served) blocks.push({ kind: 'paragraph', text: `${values.partyName}：`, indent: false })
  sections.forEach((section, i) => {
    blocks.push({ kind: 'heading', text: `${NUMERALS[i] ?? i + 1}、${section.heading}` })
    for (const text of section.paragraphs) blocks.push({ kind: 'paragraph', text, indent: true })
  })
  blocks.push(...signatureBlocks(template, signatures))
  if (template.served || template.numberKind) {
    blocks.push({ kind: 'signature', agency: String(values.agencyName), date: documentDate(String(values.issuedOn)) })
  }
  return blocks
}

const str = (v: FieldValue | undefined) => (typeof v === 'string' ? v : '')
const strs = (v: FieldValue | undefined) => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [])

/** 处罚法59: the decision's data from the case's values and the given fields. */
export function penaltyDecisionOf(values: DocumentValues, partyKind: 'citizen' | 'organisation'): PenaltyDecision {
  const name = str(values.partyName)
  const address = str(values.partyAddress)
  return {
    agencyName: str(values.agencyName),
    documentNumber: str(values.documentNumber),
    party:
      partyKind === 'citizen'
        ? { kind: 'citizen', name, idNumber: str(values.partyIdNumber), address }
        : { kind: 'organisation', name, uscc: str(values.partyUscc), address, legalRepresentative: str(values.legalRepresentative) },
    facts: str(values.facts),
    evidence: strs(values.evidence),
    violatedProvisions: str(values.violatedProvisions),
    penaltyBasis: str(values.penaltyBasis),
    penalties: strs(values.penalties),
    performance: str(values.performance),
    reconsiderationBody: str(values.reconsiderationBody),
    court: str(values.court),
    decidedOn: str(values.decidedOn) || str(values.issuedOn),
  }
}

/**
 * D-04 / P-06 / 处罚法59: why the document may not be generated (empty when it may). The
 * 文号 is not checked here: it is issued only once everything else is in order.
 */
export function documentProblems(template: DocumentTemplate, values: DocumentValues, partyKind: 'citizen' | 'organisation'): string[] {
  const missing = missingFields(template, values)
  const problems = missing.length ? [`缺少：${missing.join('、')}`] : []
  if (template.layout === 'penalty_decision') {
    const decision = penaltyDecisionOf({ ...values, documentNumber: 'x' }, partyKind)
    problems.push(...article59Problems(decision).filter((p) => !problems.includes(p)))
  } else if (!missing.length) {
    problems.push(...servedElementProblems(template, fillSections(template, values)))
  }
  return problems
}

/** The blocks of any template: 处罚法59's layout for the 决定书, the generic one otherwise. */
export function documentBlocks(
  template: DocumentTemplate,
  values: DocumentValues,
  partyKind: 'citizen' | 'organisation',
  signatures: PlacedSignature[],
): Block[] {
  if (template.layout === 'penalty_decision') {
    const blocks = penaltyDecisionBlocks(penaltyDecisionOf(values, partyKind))
    const seal = blocks.findIndex((b) => b.kind === 'signature')
    blocks.splice(seal, 0, ...(signatures.length ? signatureBlocks(template, signatures) : []))
    return blocks
  }
  return genericBlocks(template, values, signatures)
}
