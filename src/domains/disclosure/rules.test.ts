import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Calendar } from '../../platform/calendar/calendar.ts'
import { builtinNotices } from '../../platform/calendar/notices.ts'
import { addMonths, birthDateOfId, isLate, isMinorOn, periodClass, publicationDue, publicityEnd, publicityEnded, withdrawalDue, type PublicityRule } from './rules.ts'

const calendar = new Calendar(builtinNotices())
const rule: PublicityRule = { publishWarningOnly: false, shortMonths: 3, longMonths: 36, lowFineCitizenYuan: 200, lowFineOrgYuan: 3000 }

test('P-08: 7 working days for 许可/处罚 and 20 for the rest, across 国庆 2025 (10-01…10-08 off, Saturday 10-11 worked) and 春节 2026', () => {
  assert.equal(publicationDue(calendar, '2025-09-30', 7).due, '2025-10-16')
  assert.equal(publicationDue(calendar, '2025-09-30', 20).due, '2025-11-04')
  // an ordinary week: Monday + 7 working days is the next Wednesday
  assert.equal(publicationDue(calendar, '2025-11-03', 7).due, '2025-11-12')
  // 春节 2026: 2-15 … 2-23 off, Saturday 2-14 and 2-28 worked
  // 02-13, 02-14 (worked Saturday), then 02-24 … 02-27 and 02-28 (worked Saturday)
  assert.equal(publicationDue(calendar, '2026-02-12', 7).due, '2026-02-28')
})

test('P-11: withdrawal within 3 working days of the event; across 国庆 2025 the third working day after 09-29 is 10-10; the next day is late', () => {
  const due = withdrawalDue(calendar, '2025-09-29').due
  assert.equal(due, '2025-10-10')
  assert.equal(isLate(due, '2025-10-10'), false)
  assert.equal(isLate(due, '2025-10-11'), true)
  // no holiday: Wednesday + 3 working days = Monday
  assert.equal(withdrawalDue(calendar, '2025-11-05').due, '2025-11-10')
})

test('P-12: warning-only not published; 通报批评 and low fines 3 months; other penalties 3 years; non-penalties no end', () => {
  assert.equal(periodClass('处罚', { penalties: ['警告'], partyKind: 'citizen' }, rule), '仅警告')
  assert.equal(periodClass('处罚', { penalties: ['通报批评'], partyKind: 'organisation' }, rule), '通报批评或较低罚款')
  assert.equal(periodClass('处罚', { penalties: ['罚款'], fineYuan: 200, partyKind: 'citizen' }, rule), '通报批评或较低罚款')
  assert.equal(periodClass('处罚', { penalties: ['罚款'], fineYuan: 201, partyKind: 'citizen' }, rule), '其他处罚')
  assert.equal(periodClass('处罚', { penalties: ['警告', '罚款'], fineYuan: 3000, partyKind: 'organisation' }, rule), '通报批评或较低罚款')
  assert.equal(periodClass('处罚', { penalties: ['罚款', '吊销许可证件'], fineYuan: 100, partyKind: 'organisation' }, rule), '其他处罚')
  assert.equal(periodClass('许可', { penalties: [], partyKind: 'organisation' }, rule), '不限期')
  assert.equal(publicityEnd('通报批评或较低罚款', '2025-11-30', rule), '2026-02-28')
  assert.equal(publicityEnd('其他处罚', '2024-02-29', rule), '2027-02-28')
  assert.equal(publicityEnd('不限期', '2025-01-01', rule), null)
  assert.equal(publicityEnded('2026-02-28', '2026-02-28'), false)
  assert.equal(publicityEnded('2026-02-28', '2026-03-01'), true)
  assert.equal(addMonths('2025-12-31', 2), '2026-02-28')
})

test('P-10: the birth date in an ID number and being under 18 on the day of the decision', () => {
  assert.equal(birthDateOfId('53010220080229123X'), '2008-02-29')
  assert.equal(birthDateOfId('530102900101123'), '1990-01-01')
  assert.equal(birthDateOfId('5301022008133112'), null)
  assert.equal(isMinorOn('2008-03-01', '2026-02-28'), true)
  assert.equal(isMinorOn('2008-03-01', '2026-03-01'), false)
})
