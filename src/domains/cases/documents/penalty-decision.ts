import { usccValid } from '../../bodies/rules.ts'
import type { Block } from './blocks.ts'
import { documentDate, idNumberValid, maskIdNumber, remedyText } from './rules.ts'

/** 当事人 as 处罚法 distinguishes them: 公民, or 法人或者其他组织. */
export type DecisionParty =
  | { kind: 'citizen'; name: string; idNumber: string; address: string }
  | { kind: 'organisation'; name: string; uscc: string; address: string; legalRepresentative: string }

/** 行政处罚决定书: everything 处罚法59 requires it to state, as plain data. */
export type PenaltyDecision = {
  /** 59(6) 作出决定的行政机关名称 */
  agencyName: string
  /** 文号, e.g. 楚市监罚〔2026〕12号 (issueDocumentNumber) */
  documentNumber: string
  /** 59(1) 当事人的姓名或者名称、地址 */
  party: DecisionParty
  /** 59(2) 违法事实 */
  facts: string
  /** 59(2) 证据 */
  evidence: string[]
  /** 59(2) 违反的法律、法规、规章 (the provisions, e.g. 《食品安全法》第三十四条第十项) */
  violatedProvisions: string
  /** 59(3) 处罚依据 (e.g. 《食品安全法》第一百二十四条第一款第五项) */
  penaltyBasis: string
  /** 59(3) 处罚种类 (and amounts), one per line: 警告, 罚款人民币5000元, 没收违法所得… */
  penalties: string[]
  /** 59(4) 履行方式和期限 */
  performance: string
  /** 59(5) where a 复议 application goes (行政复议法24: usually the 本级人民政府) */
  reconsiderationBody: string
  /** 59(5) the court for a 行政诉讼 */
  court: string
  /** 59(6) 作出决定的日期, YYYY-MM-DD */
  decidedOn: string
}

/** 处罚法59 / R-05: what a decision lacks before it may be issued; empty when complete. */
export function article59Problems(d: PenaltyDecision): string[] {
  const problems: string[] = []
  const blank = (s: string | undefined) => !s || !s.trim()
  if (blank(d.party.name) || blank(d.party.address)) problems.push('缺少当事人的姓名或者名称、地址（行政处罚法第五十九条第一项）')
  if (d.party.kind === 'citizen' && !idNumberValid(d.party.idNumber)) problems.push('当事人身份证件号码不正确')
  if (d.party.kind === 'organisation' && !usccValid(d.party.uscc)) problems.push('当事人统一社会信用代码不正确')
  if (blank(d.facts) || d.evidence.length === 0 || d.evidence.some(blank) || blank(d.violatedProvisions)) {
    problems.push('缺少违反法律、法规、规章的事实和证据（行政处罚法第五十九条第二项）')
  }
  if (d.penalties.length === 0 || d.penalties.some(blank) || blank(d.penaltyBasis)) {
    problems.push('缺少行政处罚的种类和依据（行政处罚法第五十九条第三项）')
  }
  if (blank(d.performance)) problems.push('缺少行政处罚的履行方式和期限（行政处罚法第五十九条第四项）')
  if (blank(d.reconsiderationBody) || blank(d.court)) {
    problems.push('缺少申请行政复议、提起行政诉讼的途径和期限（行政处罚法第五十九条第五项）')
  }
  if (blank(d.agencyName) || !/^\d{4}-\d{2}-\d{2}$/.test(d.decidedOn)) {
    problems.push('缺少作出决定的行政机关名称和日期（行政处罚法第五十九条第六项）')
  }
  if (blank(d.documentNumber)) problems.push('缺少文号')
  return problems
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** The 决定书's text, in the order 处罚法59 lists its items. */
export function penaltyDecisionBlocks(d: PenaltyDecision): Block[] {
  const problems = article59Problems(d)
  if (problems.length) throw new RangeError(problems.join('；'))
  const party = d.party
  const partyLines =
    party.kind === 'citizen'
      ? [`当事人：${party.name}`, `身份证件号码：${maskIdNumber(party.idNumber)}`, `住址：${party.address}`]
      : [
          `当事人：${party.name}`,
          `统一社会信用代码：${party.uscc}`,
          `法定代表人（负责人）：${party.legalRepresentative}`,
          `住所：${party.address}`,
        ]
  const sections: [string, string[]][] = [
    ['当事人', partyLines],
    ['违法事实和证据', [d.facts, '上述事实有以下证据证明：', ...d.evidence.map((e, i) => `${i + 1}. ${e}`)]],
    ['违反的法律、法规、规章', [`当事人的上述行为违反了${d.violatedProvisions}的规定。`]],
    [
      '行政处罚的种类和依据',
      [`依据${d.penaltyBasis}的规定，本机关决定对当事人作出如下行政处罚：`, ...d.penalties.map((p, i) => `${i + 1}. ${p}`)],
    ],
    ['履行方式和期限', [d.performance]],
    ['申请行政复议、提起行政诉讼的途径和期限', [remedyText(d.reconsiderationBody, d.court)]],
  ]
  const blocks: Block[] = [
    { kind: 'title', text: d.agencyName },
    { kind: 'title', text: '行政处罚决定书' },
    { kind: 'number', text: d.documentNumber },
  ]
  sections.forEach(([heading, paragraphs], i) => {
    blocks.push({ kind: 'heading', text: `${NUMERALS[i]}、${heading}` })
    for (const text of paragraphs) blocks.push({ kind: 'paragraph', text, indent: true })
  })
  blocks.push({ kind: 'signature', agency: d.agencyName, date: documentDate(d.decidedOn) })
  return blocks
}
