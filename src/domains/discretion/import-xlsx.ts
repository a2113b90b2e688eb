/** D-01: the 基准 spreadsheet as XLSX: the first sheet, read into the same row model as the CSV. */
import type ExcelJS from 'exceljs'
import { badRequest } from '../../platform/http/errors.ts'
import { COLUMNS, exportStandardCsv, parseStandardCsv, parseStandardTable, splitLine, type ParsedStandard } from './import-csv.ts'
import type { Violation } from './rules.ts'

/** N-01: exceljs (about 1 s and 25 MiB to load) is loaded on the first workbook, not at start-up. */
const loadExcel = async () => (await import('exceljs')).default

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const CSV_TYPE = 'text/csv'

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('text' in v) return String(v.text)
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue)
    if ('error' in v) return String(v.error)
    return ''
  }
  return String(v)
}

/** The first worksheet as a table of strings (row 1 = header); an unreadable file is a 400. */
export async function readFirstSheet(buffer: Buffer): Promise<string[][]> {
  const workbook = new (await loadExcel()).Workbook()
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  } catch {
    throw badRequest('XLSX_MALFORMED', 'XLSX 文件无法读取')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw badRequest('XLSX_MALFORMED', 'XLSX 文件没有工作表')
  const width = Math.max(COLUMNS.length, sheet.getRow(1).cellCount)
  const table: string[][] = []
  // Row numbers stay those of the sheet, so an error names the row the user sees.
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= Math.max(width, row.cellCount); c++) cells.push(cellText(row.getCell(c).value))
    table.push(cells)
  }
  return table
}

/** D-01: parses an XLSX 基准 exactly as parseStandardCsv parses the same rows. */
export async function parseStandardXlsx(buffer: Buffer): Promise<ParsedStandard> {
  return parseStandardTable(await readFirstSheet(buffer))
}

/** D-01: a 基准 as an XLSX workbook in the import format (one sheet, the CSV's rows). */
export async function exportStandardXlsx(violations: Violation[]): Promise<Buffer> {
  return tableToXlsx(parseCsvTable(exportStandardCsv(violations)))
}

/** A table of strings as a one-sheet workbook; numeric cells are written as numbers, as a spreadsheet would hold them. */
export async function tableToXlsx(table: string[][]): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  const sheet = workbook.addWorksheet('裁量基准')
  for (const row of table) sheet.addRow(row.map((s) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) : s)))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const parseCsvTable = (csv: string): string[][] => csv.split(/\r?\n/).filter(Boolean).map(splitLine)

/** D-01: a request body (CSV text or XLSX) into the row model; the content type decides. */
export async function parseStandardBody(body: Buffer, contentType: string): Promise<ParsedStandard> {
  if (!body.length) throw badRequest('EMPTY_BODY', '文件为空')
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  if (type === XLSX_TYPE) return parseStandardXlsx(body)
  return parseStandardCsv(body.toString('utf8'))
}
