/**
 * R-05 / F-07: the 执法文书 templates, as data. Each is filed with the 司法局 as the version
 * given here (table document_template, migrations/0009, s000 §2(二)2); a change to a
 * template's content is a new version, never an edit of a filed one (fileTemplate refuses).
 *
 * A paragraph is text with {{key}} placeholders. A key is a field the case supplies (see
 * CASE_KEYS) or one the officer gives; a paragraph that is exactly {{key}} of a list expands
 * to one paragraph per item; a paragraph whose optional key is empty is left out.
 */

/** P-06: what a served document must state. */
export const SERVED_ELEMENTS = ['执法事由', '执法依据', '权利义务'] as const
export type ServedElement = (typeof SERVED_ELEMENTS)[number]

export type FieldKind = 'text' | 'list' | 'date' | 'boolean'
export type TemplateField = { key: string; label: string; kind: FieldKind; required: boolean }
export type TemplateSection = { heading: string; covers?: ServedElement[]; paragraphs: string[] }
/** Who signs on the document: 当事人 (or 受送达人), 执法人员, 见证人. */
export type SignatureRole = 'party' | 'officer' | 'witness'

export type DocumentTemplate = {
  kind: string
  name: string
  version: number
  /** the statute the template implements */
  statute: string
  caseKinds: string[]
  actionTypes: string[]
  /** document_number_kind of its 文号; null when it carries none */
  numberKind: string | null
  /** P-06: handed to the party, so it states 执法事由, 执法依据, 权利义务 */
  served: boolean
  /** 'penalty_decision': laid out by penaltyDecisionBlocks (处罚法59) */
  layout: 'generic' | 'penalty_decision'
  /** 'statement_notice': the 陈述申辩/听证 period is checked (处罚法44/45/64) */
  check: 'statement_notice' | null
  fields: TemplateField[]
  sections: TemplateSection[]
  signatures: { role: SignatureRole; label: string }[]
}

/**
 * Keys the case fills in, never the caller (so a document cannot contradict its case):
 * agency, case number, party, 文号, and the dates and periods the case computed.
 */
export const CASE_KEYS = [
  'agencyName', 'caseNumber', 'caseKindName', 'caseSummary', 'partyName', 'partyKindLabel', 'documentNumber', 'issuedOn',
  'officerList', 'filedOn', 'noticeOn', 'decidedOn', 'statementRights', 'hearingRights', 'remedy',
] as const

const text = (key: string, label: string, required = true): TemplateField => ({ key, label, kind: 'text', required })
const list = (key: string, label: string, required = true): TemplateField => ({ key, label, kind: 'list', required })
const date = (key: string, label: string, required = true): TemplateField => ({ key, label, kind: 'date', required })
const flag = (key: string, label: string): TemplateField => ({ key, label, kind: 'boolean', required: false })

const REMEDY_FIELDS = [text('reconsiderationBody', '行政复议机关'), text('court', '管辖法院')]
const PARTY = [text('partyAddress', '当事人地址')]
const OFFICER_SIGNS = { role: 'officer' as const, label: '执法人员' }
const PARTY_SIGNS = { role: 'party' as const, label: '当事人' }
const ALL_WITH_SERVICE = ['处罚-简易', '处罚-普通', '许可', '强制-措施', '强制-执行', '征收征用']

const generic = { layout: 'generic' as const, check: null }

export const TEMPLATES: DocumentTemplate[] = [
  {
    kind: 'case_filing', name: '立案审批表', version: 1, statute: '行政处罚法第五十四条', ...generic,
    caseKinds: ['处罚-普通'], actionTypes: ['立案'], numberKind: null, served: false,
    fields: [text('source', '案件来源'), text('facts', '简要案情'), text('suspectedProvisions', '涉嫌违反的规定'),
      text('opinion', '承办人意见'), text('headOpinion', '负责人审批意见', false)],
    sections: [
      { heading: '案件基本情况', paragraphs: ['案件编号：{{caseNumber}}', '当事人：{{partyName}}（{{partyKindLabel}}）', '案件来源：{{source}}'] },
      { heading: '简要案情', paragraphs: ['{{facts}}'] },
      { heading: '立案依据', paragraphs: ['当事人涉嫌违反{{suspectedProvisions}}的规定，符合立案标准，依据《中华人民共和国行政处罚法》第五十四条第二款，建议立案。'] },
      { heading: '承办人意见', paragraphs: ['{{opinion}}', '承办人：{{officerList}}'] },
      { heading: '负责人审批意见', paragraphs: ['{{headOpinion}}'] },
    ],
    signatures: [OFFICER_SIGNS],
  },
  {
    kind: 'inquiry_record', name: '询问笔录', version: 1, statute: '行政处罚法第五十五条', ...generic,
    caseKinds: ['处罚-普通', '强制-措施', '检查'], actionTypes: ['调查取证', '实施', '实施检查'], numberKind: null, served: false,
    fields: [text('inquiryTime', '询问时间'), text('place', '询问地点'), text('interviewee', '被询问人'), list('questions', '询问内容')],
    sections: [
      { heading: '询问基本情况', paragraphs: ['时间：{{inquiryTime}}', '地点：{{place}}', '被询问人：{{interviewee}}', '当事人：{{partyName}}', '询问人：{{officerList}}', '案由：{{caseSummary}}'] },
      { heading: '出示证件和告知', paragraphs: ['我们是{{agencyName}}的执法人员，现向你出示执法证件（行政处罚法第五十五条第一款）。你应当如实回答询问，协助调查，不得拒绝或者阻挠（同条第二款）；认为执法人员与本案有直接利害关系的，有权申请回避。'] },
      { heading: '询问内容', paragraphs: ['{{questions}}'] },
      { heading: '核对', paragraphs: ['以上笔录已交被询问人核对（或者向其宣读），被询问人确认与其所述一致。'] },
    ],
    signatures: [{ role: 'party', label: '被询问人' }, OFFICER_SIGNS],
  },
  {
    kind: 'inspection_record', name: '现场检查笔录', version: 1, statute: '行政处罚法第五十五条', ...generic,
    caseKinds: ['处罚-普通', '强制-措施', '检查'], actionTypes: ['调查取证', '实施', '实施检查'], numberKind: null, served: false,
    fields: [text('inspectionTime', '检查时间'), text('place', '检查地点'), text('present', '在场人'), list('findings', '检查情况')],
    sections: [
      { heading: '检查基本情况', paragraphs: ['时间：{{inspectionTime}}', '地点：{{place}}', '被检查人：{{partyName}}', '在场人：{{present}}', '检查人：{{officerList}}'] },
      { heading: '出示证件', paragraphs: ['执法人员已向当事人或者有关人员出示执法证件，说明检查事由（行政处罚法第五十五条第一款）。'] },
      { heading: '检查情况', paragraphs: ['{{findings}}'] },
      { heading: '核对', paragraphs: ['以上笔录已交当事人或者在场人核对，确认与现场情况一致。'] },
    ],
    signatures: [PARTY_SIGNS, OFFICER_SIGNS, { role: 'witness', label: '见证人' }],
  },
  {
    kind: 'evidence_preservation_notice', name: '先行登记保存通知书', version: 1, statute: '行政处罚法第五十六条', ...generic,
    caseKinds: ['处罚-普通'], actionTypes: ['调查取证'], numberKind: 'evidence_preservation', served: true,
    fields: [...PARTY, text('reason', '先行登记保存的理由'), list('items', '登记保存的物品'), text('storagePlace', '保存地点')],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['本机关在调查{{caseSummary}}一案中，{{reason}}，证据可能灭失或者以后难以取得。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据《中华人民共和国行政处罚法》第五十六条，经本机关负责人批准，对下列物品先行登记保存：', '{{items}}', '保存地点：{{storagePlace}}'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['登记保存期间，当事人或者有关人员不得销毁或者转移上述物品。本机关将在七日内作出处理决定（行政处罚法第五十六条）。'] },
    ],
    signatures: [PARTY_SIGNS, OFFICER_SIGNS],
  },
  {
    kind: 'seizure_decision', name: '查封扣押决定书', version: 1, statute: '行政强制法第二十四条', ...generic,
    caseKinds: ['强制-措施'], actionTypes: ['实施', '决定书送达'], numberKind: 'seizure_decision', served: true,
    fields: [...PARTY, text('reason', '查封、扣押的理由'), text('basis', '查封、扣押的依据'), text('period', '查封、扣押的期限'),
      list('property', '查封、扣押的场所、设施或者财物'), ...REMEDY_FIELDS],
    sections: [
      { heading: '当事人', paragraphs: ['当事人：{{partyName}}', '地址：{{partyAddress}}'] },
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['{{reason}}'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据{{basis}}和《中华人民共和国行政强制法》第二十二条至第二十五条，本机关决定对下列场所、设施或者财物予以查封、扣押，期限为{{period}}（详见查封扣押清单）：', '{{property}}'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['当事人有权进行陈述和申辩（行政强制法第八条）。', '{{remedy}}', '当事人不得擅自启封、转移、毁损被查封、扣押的场所、设施或者财物。'] },
    ],
    signatures: [PARTY_SIGNS, OFFICER_SIGNS],
  },
  {
    // handed over with the 查封扣押决定书 as its annex (强制法24); the 决定书 states 事由、依据、权利义务
    kind: 'seizure_list', name: '查封扣押清单', version: 1, statute: '行政强制法第二十四条', ...generic,
    caseKinds: ['强制-措施'], actionTypes: ['实施', '决定书送达'], numberKind: null, served: false,
    fields: [text('decisionReference', '所附决定书文号'), list('items', '物品名称、规格、数量、状况'), text('place', '查封、扣押地点')],
    sections: [
      { heading: '所附决定', paragraphs: ['当事人：{{partyName}}', '本清单为{{decisionReference}}查封扣押决定书的附件。'] },
      { heading: '查封、扣押物品', paragraphs: ['{{items}}', '地点：{{place}}'] },
      { heading: '核对', paragraphs: ['以上物品经当事人和执法人员当场清点核对无误。'] },
    ],
    signatures: [PARTY_SIGNS, OFFICER_SIGNS],
  },
  {
    // 强制法25第二款: 延长查封、扣押的决定应当及时书面告知当事人，并说明理由
    kind: 'seizure_extension', name: '延长查封扣押期限决定书', version: 1, statute: '行政强制法第二十五条', ...generic,
    caseKinds: ['强制-措施'], actionTypes: ['延长'], numberKind: 'seizure_decision', served: true,
    fields: [...PARTY, text('decisionReference', '原查封扣押决定书文号'), text('reason', '延长的理由'), text('period', '延长的期限'), ...REMEDY_FIELDS],
    sections: [
      { heading: '当事人', paragraphs: ['当事人：{{partyName}}', '地址：{{partyAddress}}'] },
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['本机关以{{decisionReference}}查封扣押决定书对你（单位）的场所、设施或者财物实施了查封、扣押。因{{reason}}，查封、扣押期限届满前不能作出处理决定。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据《中华人民共和国行政强制法》第二十五条第一款、第二款，经本机关负责人批准，决定将上述查封、扣押的期限延长{{period}}。延长的期限不得超过三十日。'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['当事人有权进行陈述和申辩（行政强制法第八条）。', '{{remedy}}', '延长期间，当事人不得擅自启封、转移、毁损被查封、扣押的场所、设施或者财物。'] },
    ],
    signatures: [PARTY_SIGNS, OFFICER_SIGNS],
  },
  {
    // 强制法28: 解除查封、扣押，立即退还财物；已拍卖、变卖的退还所得款项
    kind: 'seizure_release', name: '解除查封扣押决定书', version: 1, statute: '行政强制法第二十七条、第二十八条', ...generic,
    caseKinds: ['强制-措施'], actionTypes: ['解除'], numberKind: 'seizure_decision', served: true,
    fields: [...PARTY, text('decisionReference', '原查封扣押决定书文号'), text('ground', '解除的情形'), list('items', '退还的场所、设施或者财物'), text('place', '领取地点')],
    sections: [
      { heading: '当事人', paragraphs: ['当事人：{{partyName}}', '地址：{{partyAddress}}'] },
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['本机关以{{decisionReference}}查封扣押决定书实施的查封、扣押，现因{{ground}}，应当解除。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据《中华人民共和国行政强制法》第二十八条第一款，本机关决定解除查封、扣押，退还下列场所、设施或者财物：', '{{items}}'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['请当事人持本决定书到{{place}}领取被查封、扣押的财物，并当场清点核对。', '已将鲜活物品或者其他不易保管的财物拍卖或者变卖的，退还拍卖或者变卖所得款项；变卖价格明显低于市场价格，给当事人造成损失的，应当给予补偿（行政强制法第二十八条第二款）。'] },
    ],
    signatures: [PARTY_SIGNS, OFFICER_SIGNS],
  },
  {
    kind: 'penalty_notice', name: '行政处罚事先告知书', version: 1, statute: '行政处罚法第四十四条、第四十五条、第六十三条、第六十四条',
    layout: 'generic', check: 'statement_notice',
    caseKinds: ['处罚-普通'], actionTypes: ['告知'], numberKind: 'penalty_notice', served: true,
    fields: [text('facts', '违法事实'), list('evidence', '证据', false), text('violatedProvisions', '违反的规定'),
      text('penaltyBasis', '处罚依据'), text('proposedPenalty', '拟作出的行政处罚'), flag('hearingRight', '告知听证权利（行政处罚法第六十三条）'),
      date('statementDeadline', '陈述申辩期限', false), text('contact', '联系人及电话', false)],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['经查，{{facts}}', '上述事实有以下证据证明：', '{{evidence}}'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['你（单位）的上述行为违反了{{violatedProvisions}}的规定。依据{{penaltyBasis}}的规定，本机关拟对你（单位）作出如下行政处罚：{{proposedPenalty}}。'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['{{statementRights}}', '{{hearingRights}}', '逾期未提出陈述、申辩或者听证申请的，视为放弃上述权利。', '联系人及电话：{{contact}}'] },
    ],
    signatures: [],
  },
  {
    kind: 'hearing_notice', name: '听证通知书', version: 1, statute: '行政处罚法第六十三条、第六十四条', ...generic,
    caseKinds: ['处罚-普通'], actionTypes: ['听证申请', '听证'], numberKind: 'hearing_notice', served: true,
    fields: [text('proposedPenalty', '拟作出的行政处罚'), text('hearingTime', '听证时间'), text('hearingPlace', '听证地点'), text('hearingOfficer', '听证主持人')],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['本机关拟对你（单位）作出行政处罚（{{proposedPenalty}}），你（单位）已依法提出听证申请。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据《中华人民共和国行政处罚法》第六十三条、第六十四条，本机关定于{{hearingTime}}在{{hearingPlace}}公开举行听证，听证主持人：{{hearingOfficer}}。'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['你（单位）可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，有权申请回避（行政处罚法第六十四条第四项、第五项）。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利（同条第八项）。当事人不承担组织听证的费用（同条第三款）。'] },
    ],
    signatures: [],
  },
  {
    kind: 'hearing_record', name: '听证笔录', version: 1, statute: '行政处罚法第六十四条、第六十五条', ...generic,
    caseKinds: ['处罚-普通'], actionTypes: ['听证'], numberKind: null, served: false,
    fields: [text('hearingTime', '听证时间'), text('hearingPlace', '听证地点'), text('hearingOfficer', '听证主持人'), text('recorder', '记录人'),
      text('participants', '参加人'), list('proceedings', '听证经过')],
    sections: [
      { heading: '听证基本情况', paragraphs: ['时间：{{hearingTime}}', '地点：{{hearingPlace}}', '主持人：{{hearingOfficer}}', '记录人：{{recorder}}', '当事人：{{partyName}}', '参加人：{{participants}}', '案件调查人员：{{officerList}}'] },
      { heading: '听证经过', paragraphs: ['{{proceedings}}'] },
      { heading: '核对', paragraphs: ['本笔录已交当事人审核无误（行政处罚法第六十四条第八项）。'] },
    ],
    signatures: [PARTY_SIGNS, OFFICER_SIGNS],
  },
  {
    kind: 'legal_review_opinion', name: '法制审核意见书', version: 1, statute: '行政处罚法第五十八条', ...generic,
    caseKinds: ['处罚-普通'], actionTypes: ['法制审核'], numberKind: 'legal_review_opinion', served: false,
    fields: [text('reviewer', '法制审核人员'), list('opinion', '审核意见'), text('conclusion', '审核结论')],
    sections: [
      { heading: '审核事项', paragraphs: ['案件编号：{{caseNumber}}', '当事人：{{partyName}}', '案由：{{caseSummary}}'] },
      { heading: '审核内容', paragraphs: ['依据《中华人民共和国行政处罚法》第五十八条，对行政执法主体、执法人员资格、案件事实、证据、适用法律、程序、裁量基准等进行法制审核。'] },
      { heading: '审核意见', paragraphs: ['{{opinion}}'] },
      { heading: '审核结论', paragraphs: ['{{conclusion}}', '法制审核人员：{{reviewer}}'] },
    ],
    signatures: [],
  },
  {
    kind: 'collective_discussion', name: '集体讨论记录', version: 1, statute: '行政处罚法第五十七条第二款', ...generic,
    caseKinds: ['处罚-普通'], actionTypes: ['集体讨论'], numberKind: null, served: false,
    fields: [text('meetingTime', '讨论时间'), text('place', '地点'), text('chair', '主持人'), text('attendees', '出席人员'),
      list('discussion', '讨论情况'), text('conclusion', '讨论决定')],
    sections: [
      { heading: '基本情况', paragraphs: ['时间：{{meetingTime}}', '地点：{{place}}', '主持人：{{chair}}', '出席人员：{{attendees}}', '案件：{{caseNumber}} {{partyName}}'] },
      { heading: '讨论情况', paragraphs: ['{{discussion}}'] },
      { heading: '讨论决定', paragraphs: ['{{conclusion}}'] },
    ],
    signatures: [],
  },
  {
    kind: 'penalty_decision', name: '行政处罚决定书', version: 1, statute: '行政处罚法第五十九条', layout: 'penalty_decision', check: null,
    caseKinds: ['处罚-普通', '处罚-简易'], actionTypes: ['决定', '现场处罚决定'], numberKind: 'penalty_decision', served: true,
    fields: [...PARTY, text('partyIdNumber', '公民身份证件号码', false), text('partyUscc', '统一社会信用代码', false),
      text('legalRepresentative', '法定代表人（负责人）', false), text('facts', '违法事实'), list('evidence', '证据'),
      text('violatedProvisions', '违反的法律、法规、规章'), text('penaltyBasis', '处罚依据'), list('penalties', '处罚种类'),
      text('performance', '履行方式和期限'), ...REMEDY_FIELDS],
    // as penaltyDecisionBlocks lays them out, in the order of 处罚法59
    sections: [
      { heading: '当事人', paragraphs: [] },
      { heading: '违法事实和证据', covers: ['执法事由'], paragraphs: [] },
      { heading: '违反的法律、法规、规章', covers: ['执法依据'], paragraphs: [] },
      { heading: '行政处罚的种类和依据', covers: ['执法依据'], paragraphs: [] },
      { heading: '履行方式和期限', covers: ['权利义务'], paragraphs: [] },
      { heading: '申请行政复议、提起行政诉讼的途径和期限', covers: ['权利义务'], paragraphs: [] },
    ],
    signatures: [],
  },
  {
    kind: 'service_receipt', name: '送达回证', version: 1, statute: '民事诉讼法第八十七条至第九十五条（依行政处罚法第六十一条）', ...generic,
    caseKinds: ALL_WITH_SERVICE, actionTypes: ['送达', '决定书送达'], numberKind: null, served: false,
    fields: [list('servedDocuments', '送达文书'), text('method', '送达方式'), text('recipient', '受送达人', false), date('servedOn', '送达日期'),
      text('servicePlace', '送达地点', false), list('serviceNotes', '送达情况', false)],
    sections: [
      { heading: '送达文书', paragraphs: ['{{servedDocuments}}'] },
      { heading: '受送达人', paragraphs: ['{{partyName}}', '签收人：{{recipient}}'] },
      { heading: '送达方式和日期', paragraphs: ['送达方式：{{method}}', '送达日期：{{servedOn}}', '送达地点：{{servicePlace}}'] },
      { heading: '送达情况', paragraphs: ['{{serviceNotes}}'] },
    ],
    signatures: [{ role: 'party', label: '受送达人' }, { role: 'officer', label: '送达人' }, { role: 'witness', label: '见证人' }],
  },
  {
    kind: 'coercion_demand', name: '催告书', version: 1, statute: '行政强制法第三十五条', ...generic,
    caseKinds: ['强制-执行'], actionTypes: ['催告'], numberKind: 'coercion_demand', served: true,
    fields: [text('decisionReference', '所依据的行政决定'), text('obligation', '应履行的义务'), text('deadline', '履行期限'),
      text('manner', '履行方式'), text('amount', '金额和给付方式', false)],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['本机关作出的{{decisionReference}}，你（单位）在决定的期限内未履行{{obligation}}的义务。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据《中华人民共和国行政强制法》第三十四条、第三十五条，现催告你（单位）于{{deadline}}前以{{manner}}履行上述义务。', '金额和给付方式：{{amount}}'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['你（单位）收到本催告书后有权进行陈述和申辩（行政强制法第三十五条第四项、第三十六条）。逾期仍不履行且无正当理由的，本机关将依法作出强制执行决定（行政强制法第三十七条）。'] },
    ],
    signatures: [],
  },
  {
    kind: 'closing_report', name: '结案报告', version: 1, statute: '行政处罚法第四十七条', ...generic,
    caseKinds: ['处罚-普通', '处罚-简易', '强制-措施', '强制-执行', '检查', '许可', '征收征用', '收费'], actionTypes: ['结案'],
    numberKind: null, served: false,
    fields: [text('result', '处理结果'), text('performanceStatus', '执行情况'), text('closingReason', '结案理由')],
    sections: [
      { heading: '案件概况', paragraphs: ['案件编号：{{caseNumber}}', '当事人：{{partyName}}', '案由：{{caseSummary}}', '立案日期：{{filedOn}}', '决定日期：{{decidedOn}}'] },
      { heading: '处理结果', paragraphs: ['{{result}}'] },
      { heading: '执行情况', paragraphs: ['{{performanceStatus}}'] },
      { heading: '结案理由', paragraphs: ['{{closingReason}}', '承办人：{{officerList}}'] },
    ],
    signatures: [OFFICER_SIGNS],
  },
  {
    kind: 'license_acceptance', name: '行政许可受理通知书', version: 1, statute: '行政许可法第三十二条第一款第五项', ...generic,
    caseKinds: ['许可'], actionTypes: ['受理'], numberKind: 'license_acceptance', served: true,
    fields: [text('application', '申请事项'), date('appliedOn', '申请日期')],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['你（单位）于{{appliedOn}}提出的{{application}}申请，属于本机关职权范围，申请材料齐全、符合法定形式。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据《中华人民共和国行政许可法》第三十二条第一款第五项，本机关决定予以受理。'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['本机关将自受理之日起二十日内作出行政许可决定，法律、法规另有规定的除外（行政许可法第四十二条）。申请人应当如实提交有关材料和反映真实情况，并对申请材料实质内容的真实性负责（行政许可法第三十一条）。'] },
    ],
    signatures: [],
  },
  {
    kind: 'license_rejection', name: '行政许可不予受理通知书', version: 1, statute: '行政许可法第三十二条', ...generic,
    caseKinds: ['许可'], actionTypes: ['不予受理'], numberKind: 'license_rejection', served: true,
    fields: [text('application', '申请事项'), date('appliedOn', '申请日期'), text('reason', '不予受理的理由'), ...REMEDY_FIELDS],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['你（单位）于{{appliedOn}}提出的{{application}}申请，{{reason}}。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据《中华人民共和国行政许可法》第三十二条第一款，本机关决定不予受理。'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['{{remedy}}'] },
    ],
    signatures: [],
  },
  {
    kind: 'license_correction', name: '行政许可补正通知书', version: 1, statute: '行政许可法第三十二条第一款第四项', ...generic,
    caseKinds: ['许可'], actionTypes: ['补正'], numberKind: 'license_correction', served: true,
    fields: [text('application', '申请事项'), date('appliedOn', '申请日期'), list('corrections', '需要补正的全部内容')],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['你（单位）于{{appliedOn}}提出的{{application}}申请，申请材料不齐全或者不符合法定形式。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据《中华人民共和国行政许可法》第三十二条第一款第四项，现一次告知需要补正的全部内容：', '{{corrections}}'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['你（单位）按照本通知提交全部补正材料的，本机关予以受理（行政许可法第三十二条第一款第五项）。'] },
    ],
    signatures: [],
  },
  {
    kind: 'license_grant', name: '准予行政许可决定书', version: 1, statute: '行政许可法第三十八条第一款', ...generic,
    caseKinds: ['许可'], actionTypes: ['决定'], numberKind: 'license_decision', served: true,
    fields: [text('application', '申请事项'), date('appliedOn', '申请日期'), text('basis', '许可依据'), text('licenseScope', '许可内容'),
      text('validity', '有效期', false)],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['你（单位）于{{appliedOn}}提出的{{application}}申请，经审查，符合法定条件、标准。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据{{basis}}和《中华人民共和国行政许可法》第三十八条第一款，本机关决定准予行政许可：{{licenseScope}}。', '有效期：{{validity}}'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['被许可人应当在许可范围内从事活动，接受本机关的监督检查（行政许可法第六十一条）；需要延续有效期的，应当在有效期届满三十日前提出申请（行政许可法第五十条）。'] },
    ],
    signatures: [],
  },
  {
    kind: 'license_refusal', name: '不予行政许可决定书', version: 1, statute: '行政许可法第三十八条第二款', ...generic,
    caseKinds: ['许可'], actionTypes: ['决定'], numberKind: 'license_refusal', served: true,
    fields: [text('application', '申请事项'), date('appliedOn', '申请日期'), text('reason', '不予许可的理由'), text('basis', '依据'), ...REMEDY_FIELDS],
    sections: [
      { heading: '执法事由', covers: ['执法事由'], paragraphs: ['你（单位）于{{appliedOn}}提出的{{application}}申请，经审查，{{reason}}。'] },
      { heading: '执法依据', covers: ['执法依据'], paragraphs: ['依据{{basis}}和《中华人民共和国行政许可法》第三十八条第二款，本机关决定不予行政许可。'] },
      { heading: '权利义务', covers: ['权利义务'], paragraphs: ['{{remedy}}'] },
    ],
    signatures: [],
  },
]

/** The current version of each kind. */
export function findTemplate(kind: string): DocumentTemplate | undefined {
  return TEMPLATES.filter((t) => t.kind === kind).sort((a, b) => b.version - a.version)[0]
}

/** P-06: the elements a template's sections state. */
export function templateCovers(template: DocumentTemplate): ServedElement[] {
  return SERVED_ELEMENTS.filter((e) => template.sections.some((s) => s.covers?.includes(e)))
}

/** P-06 / R-05: what is wrong with a template as data; empty when it may be filed. */
export function templateProblems(template: DocumentTemplate): string[] {
  const problems: string[] = []
  if (template.served) {
    for (const element of SERVED_ELEMENTS) {
      if (!templateCovers(template).includes(element)) problems.push(`${template.name}缺少“${element}”部分`)
    }
  }
  const keys = new Set<string>([...CASE_KEYS, ...template.fields.map((f) => f.key)])
  for (const section of template.sections) {
    for (const paragraph of section.paragraphs) {
      for (const [, key] of paragraph.matchAll(/\{\{(\w+)\}\}/g)) {
        if (!keys.has(key!)) problems.push(`${template.name}使用了未定义的字段 ${key}`)
      }
    }
  }
  for (const field of template.fields) {
    if ((CASE_KEYS as readonly string[]).includes(field.key)) problems.push(`${template.name}的字段 ${field.key} 由案件填写`)
  }
  return problems
}
