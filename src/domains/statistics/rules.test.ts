import { test } from 'node:test'
import assert from 'node:assert/strict'
import { builtinCalendar } from '../../platform/calendar/notices.ts'
import { deadlineState, reportDeadlines, rollUp, yearIsOver } from './rules.ts'

test('P-14: 报送 by 10 January and 公开 by 31 January of the next year, calendar dates kept on a rest day (2026-01-10 is a Saturday)', () => {
  const calendar = builtinCalendar()
  assert.deepEqual(reportDeadlines(2025), { submitDue: '2026-01-10', publishDue: '2026-01-31' })
  const submit = deadlineState('2026-01-10', null, '2026-01-06', calendar)
  assert.deepEqual(submit, { due: '2026-01-10', doneOn: null, late: false, warn: true, dueIsWorkingDay: false })
  assert.equal(deadlineState('2026-01-10', null, '2026-01-04', calendar).warn, false, 'more than 5 days ahead')
  assert.equal(deadlineState('2026-01-10', '2026-01-10', '2026-02-01', calendar).late, false, 'on the day is in time')
  assert.equal(deadlineState('2026-01-10', '2026-01-11', '2026-02-01', calendar).late, true)
  assert.equal(deadlineState('2026-01-10', '2026-01-12', '2026-02-01', calendar).late, true, 'no postponement to the next working day')
  assert.equal(deadlineState('2026-01-10', null, '2026-01-11', calendar).late, true, 'not done and past due')
  assert.equal(deadlineState('2026-01-31', null, '2026-01-20', calendar).dueIsWorkingDay, false, '2026-01-31 is a Saturday too')
  assert.equal(deadlineState('2025-01-10', null, '2025-01-01', calendar).dueIsWorkingDay, true)
  assert.equal(yearIsOver(2025, '2025-12-31'), false)
  assert.equal(yearIsOver(2025, '2026-01-01'), true)
})

test('P-14: the roll-up of a node is the sum over the agencies of its subtree; kinds no agency reports stay absent', () => {
  const nodes = [
    { id: 'p', parentId: null, path: '/p/', name: '省', kind: 'region', level: 'province' },
    { id: 'c', parentId: 'p', path: '/p/c/', name: '州', kind: 'region', level: 'city' },
    { id: 'a1', parentId: 'c', path: '/p/c/a1/', name: '局1', kind: 'agency', level: 'city' },
    { id: 'a2', parentId: 'p', path: '/p/a2/', name: '局2', kind: 'agency', level: 'province' },
  ]
  const r = rollUp(nodes, [
    { id: 'a1', path: '/p/c/a1/', totals: { 许可: 2, 处罚: 0 } },
    { id: 'a2', path: '/p/a2/', totals: { 许可: 3, 收费: 1 } },
  ])
  assert.deepEqual(r.get('p')!.totals, { 许可: 5, 处罚: 0, 收费: 1 })
  assert.deepEqual(r.get('c')!.totals, { 许可: 2, 处罚: 0 })
  assert.equal(r.get('p')!.agencies, 2)
})
