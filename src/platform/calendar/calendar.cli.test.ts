import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '../../..')
const zhifa = (...args: string[]) => run(process.execPath, ['bin/zhifa.mjs', ...args], { cwd: ROOT })

test('F-04: `zhifa calendar due` prints the due date on its first line and whether it is confirmed on the second', async () => {
  const working = (await zhifa('calendar', 'due', '2025-09-26', '7', '--working')).stdout.split('\n')
  assert.equal(working[0], '2025-10-13')
  assert.equal(working[1], 'confirmed')
  assert.match(working[2]!, /处罚法85/)

  const calendar = (await zhifa('calendar', 'due', '2025-09-20', '12', '--calendar')).stdout.split('\n')
  assert.equal(calendar[0], '2025-10-09')

  const provisional = (await zhifa('calendar', 'due', '2027-02-04', '1', '--working')).stdout.split('\n')
  assert.equal(provisional[0], '2027-02-11')
  assert.equal(provisional[1], 'unconfirmed: 2027 has no State Council notice yet')
})

test('F-04: `zhifa calendar` explains itself in Chinese and refuses bad arguments', async () => {
  const help = (await zhifa('calendar', '--help')).stdout
  assert.match(help, /zhifa calendar due/)
  assert.match(help, /zhifa calendar import/)
  assert.match(help, /起算日不计入/)
  await assert.rejects(zhifa('calendar', 'due', '2025-09-26', '7'), /--working\|--calendar/)
  await assert.rejects(zhifa('calendar', 'due', '2025-02-30', '7', '--working'), /日期格式不正确/)
})
