/**
 * P-10 rule-based masking before publication (行政处罚法第五十条; s001 "作适当处理后公开";
 * 双公示: hide natural persons' ID numbers, addresses, phones, bank accounts, health
 * information and the names of natural persons). A pure function: the text in, the masked
 * text and the spans out, so the disclosure officer sees each masked place. Legal persons'
 * names and 统一社会信用代码 stay visible; so does anything the context lists in `keep`
 * (the agency's own name, address and phone). When in doubt a number is masked: a published
 * ID number cannot be taken back.
 */
import { usccValid } from '../bodies/rules.ts'

export type MaskKind = 'id-number' | 'mobile' | 'landline' | 'bank-account' | 'number' | 'address' | 'name' | 'health'

export type MaskSpan = {
  /** Offsets in the masked text (UTF-16 code units, end exclusive). */
  start: number
  end: number
  kind: MaskKind
  /** Which rule fired, for the officer and the tests. */
  rule: string
}

export type MaskContext = {
  /** Natural persons whose names are masked to 张某某 (the party if a citizen, and third persons). */
  persons?: readonly string[]
  /** Text that stays as it is: legal persons' names, the agency's address and phone. */
  keep?: readonly string[]
}

export type MaskResult = { text: string; spans: MaskSpan[] }

type Hit = { start: number; end: number; kind: MaskKind; rule: string; replacement: string }

// Full-width digits, letters X and separators count as their ASCII forms; each maps one code
// unit to one, so offsets in the normalised copy are offsets in the text.
function normalise(text: string): string {
  let out = ''
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 48)
    else if (c === 0xff38 || c === 0xff58) out += 'X'
    else if (c === 0xff0d || c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0x2014 || c === 0x2212 || c === 0xfe63) out += '-'
    else if (c === 0x3000 || c === 0x00a0 || c === 0x2002 || c === 0x2003 || c === 0x2009 || c === 0x202f) out += ' '
    else if (c === 0xff0b) out += '+'
    else if (c === 0xff08) out += '('
    else if (c === 0xff09) out += ')'
    else if (c > 0xffff) out += ch.length === 2 ? '\u0000\u0000' : '\u0000'
    else out += ch
  }
  return out
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** GB 11643: the check character of an 18-digit 公民身份号码. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!
  return '10X98765432'[sum % 11]!
}

const SEP = '[ \\-]?'
// Digit runs bounded by non-digits (a longer number is one number, not two).
const RULES: { kind: MaskKind; rule: string; re: RegExp }[] = [
  { kind: 'id-number', rule: '身份证号（18位）', re: /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX](?![0-9A-Za-z])/gi },
  { kind: 'bank-account', rule: '银行账号（分组）', re: /(?<![0-9])\d{4}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?(?![0-9])/g },
  { kind: 'bank-account', rule: '银行账号（16–19位）', re: /(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])/g },
  { kind: 'bank-account', rule: '账号（关键词）', re: /(?<=(?:账号|账户|帐号|帐户|卡号|银行卡)[：: ]{0,2})\d(?:[ \-]?\d){7,29}(?![0-9])/g },
  { kind: 'id-number', rule: '身份证号（18位，其他）', re: /(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/gi },
  { kind: 'id-number', rule: '身份证号（15位）', re: /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g },
  { kind: 'id-number', rule: '证件号码（关键词）', re: /(?<=(?:身份证|证件号码|证件号|身份证号码|护照号码|护照号)[：: ]{0,2})[0-9A-Z](?:[ \-]?[0-9A-Z]){5,19}(?![0-9A-Za-z])/gi },
  { kind: 'mobile', rule: '手机号码', re: new RegExp(`(?<![0-9])(?:(?:\\+|00)?86${SEP}|\\(\\+?86\\)${SEP})?1[3-9]\\d(?:${SEP}\\d){8}(?![0-9])`, 'g') },
  {
    kind: 'landline',
    rule: '固定电话',
    re: /(?:(?<![0-9])(?:(?:\+|00)?86[ \-]?)?0\d{2,3}|(?:(?:\+|00)?86[ \-]?)?\(0\d{2,3}\))[ \-]?\d{3,4}[ \-]?\d{3,4}(?:[ ]*(?:转|分机|ext\.?|x|-|#)[ ]*\d{1,6})?(?![0-9])/gi,
  },
  // numbers written without a separator between them read as one long run: mask the run
  { kind: 'number', rule: '11位以上数字串', re: /(?<![0-9])\d(?:[ \-]?\d){10,}(?![0-9])/g },
  { kind: 'landline', rule: '电话（关键词）', re: /(?<=(?:电话|手机|联系方式|联系电话|传真|Tel|TEL)[：: ]{0,2})[+0-9(](?:[ \-()]?[0-9]){6,15}(?![0-9])/g },
]

const CJK = '\\u4e00-\\u9fff'
const ADMIN = '(?:特别行政区|自治区|自治州|自治县|地区|街道|社区|居委会|村委会|省|市|州|盟|区|县|旗|镇|乡|村|屯|组)'
const ROAD = '(?:大道|大街|胡同|路|街|巷|弄|道|里)'
const NUM = '[0-9一二三四五六七八九十百零〇甲乙丙丁A-Za-z]+(?:-[0-9A-Za-z]+)?'
const UNIT = '(?:号院|号楼|号|室|栋|幢|单元|楼|层|组|座)'
// a place name does not run through function words (在本县… is not part of the address)
const PLACE = `(?:(?![在于对向的了是从将被把由经其该等住])[${CJK}])`
const ADMIN_PART = `${PLACE}{1,7}?${ADMIN}`
const ROAD_PART = `(?:${PLACE}|[0-9]){1,12}?${ROAD}`
const NUM_PART = `${NUM}${UNIT}`
// administrative parts or a road ending in a number part (人民路12号), ≥ 3 administrative parts
// (云南省楚雄市鹿城镇), or two number parts (3栋2单元).
const ADDRESS_RE = new RegExp(
  `(?:${ADMIN_PART}){1,6}(?:${ROAD_PART}){0,2}(?:${NUM_PART}){1,5}|(?:${ADMIN_PART}){0,6}${ROAD_PART}(?:${NUM_PART}){1,5}|(?:${ADMIN_PART}){3,6}(?:${ROAD_PART})?|(?:${NUM_PART}){2,5}`,
  'g',
)
// An administrative chain that is the start of an organisation's name is not an address.
const ORG_AFTER = new RegExp(`^[${CJK}（）()]{0,24}?(?:有限责任公司|股份有限公司|有限公司|公司|集团|局|厅|委员会|委|办公室|人民政府|政府|法院|检察院|中心|厂|店|合作社|事务所|医院|学校|银行|协会|大队|支队|中队|所|站)`)
const ADDRESS_KEYWORD = new RegExp(`(?<=(?:住址|住所地|住所|家庭住址|家住|现住址|现住|户籍地|户籍所在地|居住地|居住于|经常居住地|送达地址|联系地址|地址)[：: ]{0,2})[^，。；;,\\n、）)：: ][^，。；;,\\n、）)]{1,79}`, 'g')
const HEALTH_KEYWORD = new RegExp(`(?<=(?:诊断为|诊断结果|患有|病史|病情|病历|健康状况)[：: ]{0,2})[^，。；;,\\n：: ][^，。；;,\\n]{0,59}`, 'g')

function maskedName(name: string): string {
  return `${[...name][0]}某某`
}

/** P-10: masks text for publication; see the module comment for what and why. */
export function mask(text: string, context: MaskContext = {}): MaskResult {
  const norm = normalise(text)
  const hits: Hit[] = []
  const keepRanges: [number, number][] = []
  for (const k of context.keep ?? []) {
    if (k.length < 2) continue
    const nk = normalise(k)
    for (let i = norm.indexOf(nk); i >= 0; i = norm.indexOf(nk, i + 1)) keepRanges.push([i, i + nk.length])
  }
  // USCCs pass GB 32100 and are no ID number (a legal person's code is public)
  const uscc = /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])/g
  for (const m of norm.matchAll(uscc)) {
    const code = m[0]
    const looksLikeId = /^\d{17}[\dX]$/.test(code) && idCheckChar(code.slice(0, 17)) === code[17]
    if (usccValid(code) && !looksLikeId && /[A-Z]/.test(code)) keepRanges.push([m.index!, m.index! + code.length])
  }
  const kept = (start: number, end: number) => keepRanges.some(([a, b]) => start >= a && end <= b)
  const add = (start: number, end: number, kind: MaskKind, rule: string, replacement?: string) => {
    if (end <= start || kept(start, end)) return
    hits.push({ start, end, kind, rule, replacement: replacement ?? '*'.repeat(end - start) })
  }

  for (const name of context.persons ?? []) {
    const n = name.trim()
    if (n.length < 2) continue
    for (let i = norm.indexOf(n); i >= 0; i = norm.indexOf(n, i + n.length)) add(i, i + n.length, 'name', '自然人姓名', maskedName(n))
  }
  for (const { kind, rule, re } of RULES) for (const m of norm.matchAll(re)) add(m.index!, m.index! + m[0].length, kind, rule)
  for (const m of norm.matchAll(ADDRESS_KEYWORD)) {
    const value = m[0].replace(/\s+$/, '')
    add(m.index!, m.index! + value.length, 'address', '地址（关键词）')
  }
  for (const m of norm.matchAll(ADDRESS_RE)) {
    const start = m.index!
    const end = start + m[0].length
    const hasNumber = new RegExp(`${NUM_PART}$`).test(m[0])
    if (!hasNumber && ORG_AFTER.test(norm.slice(end))) continue
    if (!hasNumber && ORG_AFTER.test(m[0].slice(-1) + norm.slice(end))) continue
    add(start, end, 'address', '地址（行政区划、道路、门牌）')
  }
  for (const m of norm.matchAll(HEALTH_KEYWORD)) add(m.index!, m.index! + m[0].length, 'health', '健康信息（关键词）')

  // Overlapping hits merge into one masked run; a name inside a longer run is masked with it.
  hits.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Hit[] = []
  for (const h of hits) {
    const last = merged[merged.length - 1]
    if (last && h.start < last.end) {
      if (h.end > last.end) {
        const kind = last.kind === 'name' ? h.kind : last.kind
        merged[merged.length - 1] = { start: last.start, end: h.end, kind, rule: kind === last.kind ? last.rule : h.rule, replacement: '*'.repeat(h.end - last.start) }
      }
      continue
    }
    merged.push(h)
  }
  let out = ''
  let at = 0
  const spans: MaskSpan[] = []
  for (const h of merged) {
    out += text.slice(at, h.start)
    const start = out.length
    out += h.replacement
    spans.push({ start, end: out.length, kind: h.kind, rule: h.rule })
    at = h.end
  }
  out += text.slice(at)
  return { text: out, spans }
}
