/** D-01 / D-02: the 裁量基准 as data and the pure recommendation (处罚法32–34). */

export const TIERS = ['不予处罚', '减轻', '从轻', '一般', '从重'] as const
export type Tier = (typeof TIERS)[number]

/** A question the officer answers: a yes/no fact, or a number compared with a limit. */
export type Condition = { key: string; label: string; op: 'yes' | 'no' | 'lt' | 'gte'; value?: number }

export type TierRule = {
  tier: Tier
  conditions: Condition[]
  minAmount: number | null
  maxAmount: number | null
  minMultiple: number | null
  maxMultiple: number | null
  otherPenalties: string[]
}

export type Violation = {
  code: string
  title: string
  violationBasis: string
  penaltyBasis: string
  requiredEvidence: string[]
  tiers: TierRule[]
}

export type StandardVersion = { standardId: string; version: number; violations: Violation[] }
export type Answers = Record<string, boolean | number>
export type Recommendation = {
  tier: Tier
  range: { min: number; max: number }
  reason: string
  standardVersion: { standardId: string; version: number }
}

/** The answer key that carries 违法所得 for ranges given as a multiple of it. */
export const ILLEGAL_GAINS_KEY = 'illegal_gains'

function holds(c: Condition, answers: Answers): boolean {
  const a = answers[c.key]
  if (c.op === 'yes') return a === true
  if (c.op === 'no') return a === false
  if (typeof a !== 'number' || c.value === undefined) return false
  return c.op === 'lt' ? a < c.value : a >= c.value
}

/** D-02: the amounts a tier allows, given the answers (a multiple applies to 违法所得). */
export function tierRange(rule: TierRule, answers: Answers): { min: number; max: number } {
  const gains = typeof answers[ILLEGAL_GAINS_KEY] === 'number' ? (answers[ILLEGAL_GAINS_KEY] as number) : null
  const lows: number[] = []
  const highs: number[] = []
  if (rule.minAmount !== null) lows.push(rule.minAmount)
  if (rule.maxAmount !== null) highs.push(rule.maxAmount)
  if (gains !== null && gains > 0) {
    if (rule.minMultiple !== null) lows.push(rule.minMultiple * gains)
    if (rule.maxMultiple !== null) highs.push(rule.maxMultiple * gains)
  }
  const min = lows.length ? Math.max(...lows) : 0
  const max = highs.length ? Math.max(...highs) : min
  return { min: Math.min(min, max), max }
}

/**
 * D-02: the tier whose conditions all hold, in the order 不予处罚 (处罚法33), 减轻, 从轻 (处罚法32),
 * 从重, else 一般 (or the first tier of the violation). Pure; never throws for unknown answers.
 */
export function recommend(standard: StandardVersion, violationCode: string, answers: Answers): Recommendation {
  const violation = standard.violations.find((v) => v.code === violationCode)
  if (!violation || violation.tiers.length === 0) throw new Error(`基准中没有违法行为 ${violationCode}`)
  const order: Tier[] = ['不予处罚', '减轻', '从轻', '从重']
  let chosen: TierRule | undefined
  for (const tier of order) {
    const rule = violation.tiers.find((t) => t.tier === tier)
    if (rule && rule.conditions.length > 0 && rule.conditions.every((c) => holds(c, answers))) {
      chosen = rule
      break
    }
  }
  chosen ??= violation.tiers.find((t) => t.tier === '一般') ?? violation.tiers[0]!
  const range = tierRange(chosen, answers)
  const matched = chosen.conditions.filter((c) => holds(c, answers)).map((c) => c.label)
  const why = matched.length ? `符合“${matched.join('”“')}”` : '不符合从轻、减轻、从重或不予处罚的情形'
  const reason = `${why}，适用“${chosen.tier}”档次（${violation.penaltyBasis}），建议罚款${range.min}元至${range.max}元。`
  return { tier: chosen.tier, range, reason, standardVersion: { standardId: standard.standardId, version: standard.version } }
}

/** D-02: a proposal outside the recommended range is flagged for the reviewer. */
export const outOfRange = (amount: number, range: { min: number; max: number }) => amount < range.min || amount > range.max
