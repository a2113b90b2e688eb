/**
 * the check of a 双公示 file as a credit platform makes it on receipt, row by row: required
 * fields, enums, dates (a real calendar day, decision dates not in the future, the decision not
 * after the publicity or validity end), amounts in 万元 (numeric, ≥ 0, at most 6 decimals), the
 * 统一社会信用代码 check character (GB 32100), and the party's identity: a 自然人 needs 证件类型 and
 * 证件号码 (an 18-digit 身份证 with its GB 11643 check character, or its published masked form) and
 * no organisation codes; an organisation needs a valid 统一社会信用代码 (个体工商户 starting 92).
 * Nothing is written: it is a check.
 */
import type ExcelJS from 'exceljs'
import { parseString } from 'fast-csv'
import { usccValid } from '../../bodies/rules.ts'
import { idNumberValid } from '../../people/rules.ts'
import { badRequest } from '../../../platform/http/errors.ts'
import { FIELDS, kindOfHeader, type ExchangeField, type ExchangeKind } from './fields.ts'

/** N-01: exceljs (about 1 s and 25 MiB to load) is loaded on the first workbook, not at start-up. */
const loadExcel = async () => (await import('exceljs')).default

export type RowError = { row: number; field: string; code: string; message: string }
export type ValidationResult = { kind: ExchangeKind; rows: number; valid: number; errors: RowError[] }

export const CSV_TYPE = 'text/csv'
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** the largest file taken for a check. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024

/** The published form of an 18-digit 身份证 number: the first 6 and the last 4 characters kept. */
export const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/
export const maskIdNumber = (id: string) => (/^\d{17}[\dX]$/.test(id) ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length))

/** A calendar day YYYY-MM-DD that exists (2025-02-30 does not). */
export function validDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

const AMOUNT = /^\d+(\.\d{1,6})?$/

function enumOk(field: ExchangeField, value: string): boolean {
  const values = field.values ?? []
  const one = (v: string) => (!v.endsWith('-') && values.includes(v)) || values.some((e) => e.endsWith('-') && v.startsWith(e) && v.length > e.length)
  return field.multiple ? value.split(/[；;]/).every((v) => one(v.trim())) : one(value)
}

/** Decision dates that must not be in the future, and the later dates they must not pass. */
const DECISION_DATE: Record<ExchangeKind, { code: string; notAfter: string[] }> = {
  处罚: { code: 'CF_JDRQ', notAfter: ['CF_GSJZQ', 'CF_YXQ'] },
  许可: { code: 'XK_JDRQ', notAfter: ['XK_YXQZI'] },
}

/** every problem of one data row (row = its line in the file, the header being row 1). */
export function validateRow(kind: ExchangeKind, row: number, cells: Record<string, string>, today: string): RowError[] {
  const errors: RowError[] = []
  const err = (field: string, code: string, message: string) => errors.push({ row, field, code, message })
  const fields = FIELDS[kind]
  const p = kind === '处罚' ? 'CF' : 'XK'
  for (const field of fields) {
    const v = (cells[field.code] ?? '').trim()
    if (!v) {
      if (field.required) err(field.code, 'REQUIRED', `第${row}行：${field.name}（${field.code}）为必填项`)
      continue
    }
    if (field.max && v.length > field.max) err(field.code, 'TOO_LONG', `第${row}行：${field.name}（${field.code}）不得超过${field.max}个字符`)
    switch (field.type) {
      case 'date':
        if (!validDay(v)) err(field.code, 'DATE_INVALID', `第${row}行：${field.name}（${field.code}）“${v}”不是有效日期（格式 YYYY-MM-DD）`)
        break
      case 'amount':
        if (!AMOUNT.test(v)) err(field.code, 'AMOUNT_INVALID', `第${row}行：${field.name}（${field.code}）“${v}”须为不小于0的数字，单位万元，最多6位小数`)
        break
      case 'uscc':
        if (!usccValid(v)) err(field.code, 'USCC_INVALID', `第${row}行：${field.name}（${field.code}）“${v}”不是有效的统一社会信用代码（GB 32100 校验位不符）`)
        break
      case 'enum':
        if (!enumOk(field, v)) err(field.code, 'ENUM_INVALID', `第${row}行：${field.name}（${field.code}）“${v}”不在取值范围内（${(field.values ?? []).join('、')}）`)
        break
      default:
        break
    }
  }
  const val = (code: string) => (cells[code] ?? '').trim()
  // dates: the decision not in the future and not after the publicity / validity end
  const rule = DECISION_DATE[kind]
  const decided = val(rule.code)
  if (validDay(decided)) {
    if (decided > today) err(rule.code, 'DATE_IN_FUTURE', `第${row}行：决定日期（${rule.code}）${decided}晚于今天（${today}）`)
    for (const later of rule.notAfter) {
      const l = val(later)
      if (validDay(l) && l < decided) err(later, 'DATE_BEFORE_DECISION', `第${row}行：${later} ${l}早于决定日期 ${decided}`)
    }
  }
  if (kind === '许可' && validDay(val('XK_YXQZ')) && validDay(val('XK_YXQZI')) && val('XK_YXQZI') < val('XK_YXQZ')) {
    err('XK_YXQZI', 'DATE_BEFORE_START', `第${row}行：有效期至（XK_YXQZI）早于有效期自（XK_YXQZ）`)
  }
  // identity of the party
  const category = val(`${p}_XDR_LB`)
  const uscc = val(`${p}_XDR_SHXYM`)
  if (category === '自然人') {
    const idType = val(`${p}_XDR_ZJLX`)
    const idNo = val(`${p}_XDR_ZJHM`)
    if (!idType) err(`${p}_XDR_ZJLX`, 'PERSON_ID_TYPE_REQUIRED', `第${row}行：行政相对人为自然人，须填写证件类型（${p}_XDR_ZJLX）`)
    if (!idNo) err(`${p}_XDR_ZJHM`, 'PERSON_ID_REQUIRED', `第${row}行：行政相对人为自然人，须填写证件号码（${p}_XDR_ZJHM）`)
    for (const code of ['XDR_SHXYM', 'XDR_GSZC', 'XDR_ZZJG', 'XDR_SWDJ', 'XDR_SYDW', 'XDR_SHZZ', 'FRDB', 'FR_ZJLX', 'FR_ZJHM']) {
      if (val(`${p}_${code}`)) err(`${p}_${code}`, 'PERSON_NO_ORG_CODE', `第${row}行：行政相对人为自然人，${p}_${code} 须为空`)
    }
  } else if (category === '法人及非法人组织' || category === '个体工商户') {
    if (!uscc) err(`${p}_XDR_SHXYM`, 'ORG_USCC_REQUIRED', `第${row}行：行政相对人为${category}，须填写统一社会信用代码（${p}_XDR_SHXYM）`)
    else if (usccValid(uscc) && (category === '个体工商户') !== uscc.startsWith('92')) {
      err(`${p}_XDR_SHXYM`, 'USCC_CATEGORY', `第${row}行：统一社会信用代码${category === '个体工商户' ? '须' : '不得'}以92开头（个体工商户）`)
    }
  }
  // ID numbers of the 身份证 type: the check character (GB 11643) or the published masked form
  for (const [typeCode, noCode] of [[`${p}_XDR_ZJLX`, `${p}_XDR_ZJHM`], [`${p}_FR_ZJLX`, `${p}_FR_ZJHM`]] as const) {
    const no = val(noCode)
    if (!no) continue
    if (!val(typeCode)) err(typeCode, 'ID_TYPE_REQUIRED', `第${row}行：填写证件号码（${noCode}）时须填写证件类型（${typeCode}）`)
    else if (val(typeCode) === '身份证' && !MASKED_ID.test(no) && !idNumberValid(no)) {
      err(noCode, 'ID_NUMBER_INVALID', `第${row}行：证件号码（${noCode}）不是有效的18位身份证号码（GB 11643 校验位不符）`)
    }
  }
  return errors
}

/** checks a table (header row of codes, then data rows); unknown columns refuse the file. */
export function validateTable(table: string[][], today: string, expected?: ExchangeKind): ValidationResult {
  const [header = [], ...data] = table
  const codes = header.map((h) => h.trim())
  const kind = expected ?? kindOfHeader(codes)
  if (!kind) throw badRequest('EXCHANGE_HEADER', '首行须为双公示字段代码（行政处罚 CF_*，行政许可 XK_*）')
  const known = new Set(FIELDS[kind].map((f) => f.code))
  const unknown = codes.filter((c) => c && !known.has(c))
  if (unknown.length) throw badRequest('UNKNOWN_COLUMN', `文件含有不认识的列：${unknown.join('、')}（${kind === '处罚' ? '行政处罚' : '行政许可'}字段见双公示字段表）`, { unknown })
  const dup = codes.filter((c, i) => c && codes.indexOf(c) !== i)
  if (dup.length) throw badRequest('DUPLICATE_COLUMN', `文件的列重复：${[...new Set(dup)].join('、')}`)
  const errors: RowError[] = []
  let rows = 0
  let valid = 0
  data.forEach((cells, i) => {
    if (cells.every((c) => !c.trim())) return
    rows++
    const record: Record<string, string> = {}
    codes.forEach((c, j) => { if (c) record[c] = cells[j] ?? '' })
    const e = validateRow(kind, i + 2, record, today)
    if (!e.length) valid++
    errors.push(...e)
  })
  return { kind, rows, valid, errors }
}

/** CSV (UTF-8, a BOM allowed) as a table of strings. */
export async function parseCsv(buffer: Buffer): Promise<string[][]> {
  let text = buffer.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return new Promise((resolve, reject) => {
    const rows: string[][] = []
    parseString<string[], string[]>(text, { headers: false, ignoreEmpty: false })
      .on('error', () => reject(badRequest('CSV_MALFORMED', 'CSV 文件格式不正确')))
      .on('data', (r: string[]) => rows.push(r))
      .on('end', () => resolve(rows))
  })
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('text' in v) return String(v.text)
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue)
    return ''
  }
  return String(v)
}

/** The first sheet of an XLSX workbook as a table of strings (dates as YYYY-MM-DD). */
export async function parseXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new (await loadExcel()).Workbook()
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  } catch {
    throw badRequest('XLSX_MALFORMED', 'XLSX 文件无法读取')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw badRequest('XLSX_MALFORMED', 'XLSX 文件没有工作表')
  const width = sheet.getRow(1).cellCount
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = []
    for (let c = 1; c <= Math.max(width, row.cellCount); c++) cells.push(cellText(row.getCell(c).value))
    rows.push(cells)
  })
  return rows
}

/** checks a CSV or XLSX file; the result names each problem by row and field code. */
export async function validateFile(buffer: Buffer, contentType: string, today: string, kind?: ExchangeKind): Promise<ValidationResult> {
  if (!buffer.length) throw badRequest('EMPTY_BODY', '文件为空')
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  const table = type === XLSX_TYPE ? await parseXlsx(buffer) : await parseCsv(buffer)
  return validateTable(table, today, kind)
}
