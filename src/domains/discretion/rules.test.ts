import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { recommend, tierRange, TIERS, type StandardVersion, type TierRule } from './rules.ts'
import { SAMPLE_VIOLATION } from './sample.ts'

const sample: StandardVersion = { standardId: 's', version: 1, violations: [SAMPLE_VIOLATION] }

test('D-02: the sample 4-tier 市场监管 standard recommends the range for given facts', () => {
  const light = recommend(sample, 'SP-124-1', { remedied: true, first_violation: false })
  assert.equal(light.tier, '从轻')
  assert.deepEqual(light.range, { min: 50000, max: 65000 })
  assert.match(light.reason, /主动消除或者减轻违法后果/)
  assert.match(light.reason, /第一百二十四条/)
  const reduced = recommend(sample, 'SP-124-1', { remedied: true, first_violation: true, goods_value: 1500 })
  assert.equal(reduced.tier, '减轻')
  assert.deepEqual(reduced.range, { min: 10000, max: 50000 })
  assert.equal(recommend(sample, 'SP-124-1', { serious_harm: true }).tier, '从重')
  const usual = recommend(sample, 'SP-124-1', {})
  assert.equal(usual.tier, '一般')
  assert.deepEqual(usual.range, { min: 65000, max: 85000 })
  assert.deepEqual(usual.standardVersion, { standardId: 's', version: 1 })
})

const amount = fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null })
const tierRule: fc.Arbitrary<TierRule> = fc.record({
  tier: fc.constantFrom(...TIERS), conditions: fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'illegal_gains'), label: fc.constant('条件'), op: fc.constantFrom<'yes' | 'no' | 'lt' | 'gte'>('yes', 'no', 'lt', 'gte'), value: fc.integer({ min: 0, max: 10000 }) }), { maxLength: 3 }),
  minAmount: amount, maxAmount: amount, minMultiple: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), maxMultiple: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }), otherPenalties: fc.constant<string[]>([]),
}).map((t) => ({ ...t, minAmount: t.minAmount !== null && t.maxAmount !== null ? Math.min(t.minAmount, t.maxAmount) : t.minAmount, maxAmount: t.minAmount !== null && t.maxAmount !== null ? Math.max(t.minAmount, t.maxAmount) : t.maxAmount }))

test('D-02 property: the result is a tier of that violation and its range contains every amount the tier allows', () => {
  fc.assert(fc.property(fc.array(tierRule, { minLength: 1, maxLength: 5 }), fc.record({ a: fc.boolean(), b: fc.boolean(), illegal_gains: fc.integer({ min: 0, max: 100000 }) }), (tiers, answers) => {
    const v = { ...SAMPLE_VIOLATION, tiers }
    const r = recommend({ standardId: 's', version: 2, violations: [v] }, v.code, answers)
    const rule = tiers.find((t) => t.tier === r.tier)
    assert.ok(rule, 'tier belongs to the violation')
    assert.ok(r.range.min <= r.range.max)
    const allowed = tierRange(rule, answers)
    assert.ok(r.range.min <= allowed.min && allowed.max <= r.range.max)
    if (rule.maxAmount !== null) assert.ok(r.range.max >= rule.maxAmount)
  }))
})
