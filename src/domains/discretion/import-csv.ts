import { TIERS, type Condition, type Tier, type Violation } from './rules.ts'

/** D-01: the spreadsheet columns of a 基准, one row per tier (the same in import and export). */
export const COLUMNS = ['违法行为编码', '违法行为', '违法依据', '处罚依据', '必备证据', '档次', '条件', '最低罚款', '最高罚款', '最低倍数', '最高倍数', '其他处罚'] as const

export type RowError = { row: number; column: string; reason: string }

/** One CSV line into trimmed cells (quotes as in RFC 4180, no line breaks inside a cell). */
export function splitLine(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++ } else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { out.push(cur); cur = '' } else cur += ch
  }
  out.push(cur)
  return out.map((s) => s.trim())
}

/** Conditions as `key:op[:value]:label` separated by `;`, op one of yes/no/lt/gte. */
function parseConditions(text: string): Condition[] | string {
  if (!text) return []
  const out: Condition[] = []
  for (const part of text.split(';').map((s) => s.trim()).filter(Boolean)) {
    const bits = part.split(':')
    const [key, op] = bits
    if (!key || !/^[a-z_]{1,40}$/.test(key)) return `条件“${part}”的键应为小写字母或下划线`
    if (op === 'yes' || op === 'no') {
      if (bits.length !== 3) return `条件“${part}”应写作 键:${op}:说明`
      out.push({ key, op, label: bits[2]! })
    } else if (op === 'lt' || op === 'gte') {
      const value = Number(bits[2])
      if (bits.length !== 4 || !Number.isFinite(value)) return `条件“${part}”应写作 键:${op}:数值:说明`
      out.push({ key, op, value, label: bits[3]! })
    } else return `条件“${part}”的比较方式应为 yes、no、lt 或 gte`
  }
  return out
}

export type ParsedStandard = { violations: Violation[]; errors: RowError[] }

/** D-01: parses a CSV 基准, checking each row; any error rejects the whole import, row by row. */
export function parseStandardCsv(text: string): ParsedStandard {
  return parseStandardTable(text.replace(/^\uFEFF/, '').split(/\r?\n/).map(splitLine))
}

/**
 * D-01: the one row model of a 基准 (CSV and XLSX alike): a table of cells whose first row is the
 * header; every row is checked and any error rejects the whole import, row by row.
 */
export function parseStandardTable(table: string[][]): ParsedStandard {
  const errors: RowError[] = []
  const header = (table[0] ?? []).map((s) => s.trim())
  if (COLUMNS.some((c, i) => header[i] !== c)) return { violations: [], errors: [{ row: 1, column: '表头', reason: `表头应为：${COLUMNS.join('，')}` }] }
  const byCode = new Map<string, Violation>()
  table.slice(1).forEach((raw, i) => {
    const row = i + 2
    const cells = raw.map((s) => s.trim())
    if (cells.every((s) => !s)) return
    const get = (c: (typeof COLUMNS)[number]) => cells[COLUMNS.indexOf(c)] ?? ''
    const fail = (column: string, reason: string) => { errors.push({ row, column, reason }); return null }
    const num = (c: (typeof COLUMNS)[number]) => {
      const s = get(c)
      if (s === '') return null
      const n = Number(s)
      return Number.isFinite(n) && n >= 0 ? n : fail(c, '应为不小于0的数字') ?? undefined
    }
    const code = get('违法行为编码')
    if (!code) fail('违法行为编码', '不能为空')
    for (const c of ['违法行为', '违法依据', '处罚依据'] as const) if (!get(c)) fail(c, '不能为空')
    const tier = get('档次') as Tier
    if (!TIERS.includes(tier)) fail('档次', `应为${TIERS.join('、')}之一`)
    const conditions = parseConditions(get('条件'))
    if (typeof conditions === 'string') fail('条件', conditions)
    const [minAmount, maxAmount, minMultiple, maxMultiple] = [num('最低罚款'), num('最高罚款'), num('最低倍数'), num('最高倍数')]
    if (typeof minAmount === 'number' && typeof maxAmount === 'number' && minAmount > maxAmount) fail('最高罚款', '最高罚款不得低于最低罚款')
    if (typeof minMultiple === 'number' && typeof maxMultiple === 'number' && minMultiple > maxMultiple) fail('最高倍数', '最高倍数不得低于最低倍数')
    if (errors.some((e) => e.row === row) || typeof conditions === 'string') return
    const v = byCode.get(code) ?? { code, title: get('违法行为'), violationBasis: get('违法依据'), penaltyBasis: get('处罚依据'), requiredEvidence: get('必备证据').split(/[;；]/).map((s) => s.trim()).filter(Boolean), tiers: [] }
    if (v.tiers.some((t) => t.tier === tier)) { fail('档次', `违法行为${code}的“${tier}”档次重复`); return }
    v.tiers.push({ tier, conditions, minAmount: minAmount ?? null, maxAmount: maxAmount ?? null, minMultiple: minMultiple ?? null, maxMultiple: maxMultiple ?? null, otherPenalties: get('其他处罚').split(/[;；]/).map((s) => s.trim()).filter(Boolean) })
    byCode.set(code, v)
  })
  return { violations: errors.length ? [] : [...byCode.values()], errors }
}

const cell = (s: string | number | null) => { const t = s === null ? '' : String(s); return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t }
const conditionText = (c: Condition) => [c.key, c.op, ...(c.value !== undefined && (c.op === 'lt' || c.op === 'gte') ? [c.value] : []), c.label].join(':')

/** D-01: exports violations in the import format. */
export function exportStandardCsv(violations: Violation[]): string {
  const rows = [COLUMNS.join(',')]
  for (const v of violations) for (const t of v.tiers) {
    rows.push([v.code, v.title, v.violationBasis, v.penaltyBasis, v.requiredEvidence.join(';'), t.tier, t.conditions.map(conditionText).join(';'), t.minAmount, t.maxAmount, t.minMultiple, t.maxMultiple, t.otherPenalties.join(';')].map(cell).join(','))
  }
  return rows.join('\n') + '\n'
}
