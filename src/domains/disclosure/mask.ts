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
// Address parts, longest suffix first. A scan, not one regular expression: nested lazy parts
// over the same characters backtrack exponentially on long runs of 市区县….
const ADMIN_SUFFIXES = ['特别行政区', '自治区', '自治州', '自治县', '居委会', '村委会', '地区', '街道', '社区', '省', '市', '州', '盟', '区', '县', '旗', '镇', '乡', '村', '屯']
const ROAD_SUFFIXES = ['大道', '大街', '胡同', '路', '街', '巷', '弄', '道']
const UNITS = ['号院', '号楼', '单元', '号', '室', '栋', '幢', '楼', '层', '组', '座']
const NUMBER_CHAR = /[0-9一二三四五六七八九十百零〇两A-Za-z-]/
const PLACE_CHAR = new RegExp(`[${CJK}]`)
// a place name does not run through function words (在本县… is not part of the address)
const FUNCTION_CHAR = /[在于对向的了是从将被把由经其该等住]/
const MAX_PLACE = 8
// An administrative chain that is the start of an organisation's name is not an address.
const ORG_AFTER = new RegExp(`^[${CJK}（）()]{0,24}?(?:有限责任公司|股份有限公司|有限公司|公司|集团|局|厅|委员会|委|办公室|人民政府|政府|法院|检察院|中心|厂|店|合作社|事务所|医院|学校|银行|协会|大队|支队|中队|所|站)`)

const suffixAt = (text: string, i: number, list: string[]) => list.find((s) => text.startsWith(s, i))

type Part = { start: number; end: number; type: 'admin' | 'road' | 'num' }

/**
 * P-10: addresses as chains of parts: administrative (楚雄市), road (人民路), number (12号,
 * 3栋, 五组). A chain is an address when a number part follows an administrative or road part,
 * when it has three administrative parts, or two number parts. Linear in the text.
 */
function addressRanges(text: string): [number, number][] {
  const out: [number, number][] = []
  let chain: Part[] = []
  let pending = -1
  const close = () => {
    if (chain.length) {
      const admins = chain.filter((p) => p.type === 'admin').length
      const nums = chain.filter((p) => p.type === 'num').length
      const lastNum = chain.map((p) => p.type).lastIndexOf('num')
      const placeBeforeNum = chain.slice(0, Math.max(lastNum, 0)).some((p) => p.type !== 'num')
      const start = chain[0]!.start
      const end = chain[chain.length - 1]!.end
      const withNumber = lastNum >= 0 && (placeBeforeNum || nums >= 2)
      if (withNumber || (admins >= 3 && !ORG_AFTER.test(text.slice(end - 1, end + 40)))) out.push([start, end])
    }
    chain = []
    pending = -1
  }
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (NUMBER_CHAR.test(ch)) {
      let j = i
      while (j < text.length && NUMBER_CHAR.test(text[j]!)) j++
      const unit = suffixAt(text, j, UNITS)
      if (unit && /[0-9一二三四五六七八九十百零〇两]/.test(text.slice(i, j))) {
        if (pending >= 0 && chain.length === 0) pending = -1
        chain.push({ start: pending >= 0 ? pending : i, end: j + unit.length, type: 'num' })
        pending = -1
        i = j + unit.length
        continue
      }
      if (pending < 0) pending = i
      i = j
      continue
    }
    if (!PLACE_CHAR.test(ch) || FUNCTION_CHAR.test(ch)) {
      close()
      i++
      continue
    }
    const admin = pending >= 0 ? suffixAt(text, i, ADMIN_SUFFIXES) : undefined
    const road = pending >= 0 && !admin ? suffixAt(text, i, ROAD_SUFFIXES) : undefined
    if (admin || road) {
      const end = i + (admin ?? road)!.length
      chain.push({ start: pending, end, type: admin ? 'admin' : 'road' })
      pending = -1
      i = end
      continue
    }
    if (pending < 0) pending = i
    else if (i - pending >= MAX_PLACE) {
      // too long for a place name: what came before is not joined to what follows
      const keep = i - MAX_PLACE + 1
      close()
      pending = keep
    }
    i++
  }
  close()
  return out
}

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
  for (const [start, end] of addressRanges(norm)) add(start, end, 'address', '地址（行政区划、道路、门牌）')
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
