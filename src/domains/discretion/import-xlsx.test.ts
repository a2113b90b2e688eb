import { test } from 'node:test'
import assert from 'node:assert/strict'
import { COLUMNS, exportStandardCsv, parseStandardCsv, splitLine } from './import-csv.ts'
import { exportStandardXlsx, parseStandardXlsx, tableToXlsx } from './import-xlsx.ts'
import { SAMPLE_VIOLATION } from './sample.ts'

const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n'

test('D-01: the same rows as CSV and as XLSX give identical violations', async () => {
  const csv = exportStandardCsv([SAMPLE_VIOLATION])
  const fromCsv = parseStandardCsv(csv)
  const fromXlsx = await parseStandardXlsx(await exportStandardXlsx([SAMPLE_VIOLATION]))
  assert.deepEqual(fromCsv.errors, [])
  assert.deepEqual(fromXlsx, fromCsv)
  assert.deepEqual(fromXlsx.violations, [SAMPLE_VIOLATION])
})

test('D-01: a sheet with broken rows is refused row by row, the same as the CSV', async () => {
  const good = splitLine(exportStandardCsv([SAMPLE_VIOLATION]).split('\n')[1]!)
  const set = (row: string[], column: (typeof COLUMNS)[number], value: string) => row.map((c, i) => (i === COLUMNS.indexOf(column) ? value : c))
  const rows = [
    [...COLUMNS],
    good,
    set(set(good, '最低罚款', '9000'), '最高罚款', '100'), // min > max
    set(set(good, '档次', '特重'), '违法行为编码', 'X-2'), // unknown 档次
    set(set(good, '最低罚款', '五万'), '违法行为编码', 'X-3'), // non-numeric amount
    set(set(good, '违法依据', ''), '违法行为编码', 'X-4'), // missing 违法依据
  ]
  const fromCsv = parseStandardCsv(csvOf(rows))
  const fromXlsx = await parseStandardXlsx(await tableToXlsx(rows))
  const expected = [
    { row: 3, column: '最高罚款', reason: '最高罚款不得低于最低罚款' },
    { row: 4, column: '档次', reason: '应为不予处罚、减轻、从轻、一般、从重之一' },
    { row: 5, column: '最低罚款', reason: '应为不小于0的数字' },
    { row: 6, column: '违法依据', reason: '不能为空' },
  ]
  assert.deepEqual(fromCsv, { violations: [], errors: expected })
  assert.deepEqual(fromXlsx, fromCsv)
})

test('D-01: an XLSX that is not a workbook is a 400, not a crash', async () => {
  await assert.rejects(parseStandardXlsx(Buffer.from('not a zip')), (e: any) => e.status === 400 && e.code === 'XLSX_MALFORMED')
})
