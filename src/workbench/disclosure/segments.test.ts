import { test } from 'node:test'
import assert from 'node:assert/strict'
import { segments } from './types.ts'

test('P-10: the masked text splits at each masked span, so every span is highlighted once and nothing is lost', () => {
  const text = '当事人王**，电话138****5678，住址***'
  const name = { start: 3, end: 6, kind: 'name', rule: 'party' }
  const mobile = { start: 9, end: 20, kind: 'mobile', rule: 'mobile' }
  const address = { start: 23, end: 26, kind: 'address', rule: 'address' }
  const parts = segments(text, [address, name, mobile])
  assert.equal(parts.map((p) => p.text).join(''), text)
  assert.deepEqual(parts.filter((p) => p.span).map((p) => [p.text, p.span!.kind]), [['王**', 'name'], ['138****5678', 'mobile'], ['***', 'address']])
  // overlapping or out-of-range spans never duplicate text
  const odd = segments('abcdef', [{ start: 1, end: 4, kind: 'x', rule: 'r' }, { start: 2, end: 9, kind: 'y', rule: 'r' }])
  assert.equal(odd.map((p) => p.text).join(''), 'abcdef')
})
