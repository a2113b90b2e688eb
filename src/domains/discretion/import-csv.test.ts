import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseStandardCsv, exportStandardCsv, COLUMNS } from './import-csv.ts'
import { SAMPLE_VIOLATION } from './sample.ts'

test('D-01: export and import give back the same 基准', () => {
  const csv = exportStandardCsv([SAMPLE_VIOLATION])
  const { violations, errors } = parseStandardCsv(csv)
  assert.deepEqual(errors, [])
  assert.deepEqual(violations, [SAMPLE_VIOLATION])
})

test('D-01: import with broken rows is rejected row by row with Chinese reasons', () => {
  const csv = [COLUMNS.join(','),
    'A1,违法行为甲,依据甲,处罚甲,,一般,,1000,5000,,,',
    'A1,违法行为甲,依据甲,处罚甲,,特别重,,1000,5000,,,',
    'A1,违法行为甲,依据甲,处罚甲,,从轻,,9000,100,,,',
    ',违法行为乙,依据乙,处罚乙,,从重,gains:lt:abc:违法所得,1,2,,,'].join('\n')
  const { violations, errors } = parseStandardCsv(csv)
  assert.deepEqual(violations, [])
  assert.deepEqual(errors.map((e) => [e.row, e.column]), [[3, '档次'], [4, '最高罚款'], [5, '违法行为编码'], [5, '条件']])
  assert.match(errors[0]!.reason, /不予处罚/)
})
