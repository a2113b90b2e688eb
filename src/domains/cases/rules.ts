/** The party of a case as 处罚法51 distinguishes it: 公民 or 法人或者其他组织. */
export type PartyKind = 'citizen' | 'organisation'

export type SimplePenalty = { penalty: '警告' } | { penalty: '罚款'; fineYuan: number }

/** 处罚法51 / R-04: the highest fine 简易程序 allows for the party. */
export function simpleFineLimit(partyKind: PartyKind): number {
  return partyKind === 'citizen' ? 200 : 3000
}

/**
 * 处罚法51 / R-04: why a 简易程序 (当场) penalty is not allowed, or null: only a warning, or a
 * fine of at most 200 元 for a citizen and 3,000 元 for an organisation. The database's
 * simple_penalty_problem() holds the same rule for every insert.
 */
export function simplePenaltyProblem(partyKind: PartyKind, penalty: SimplePenalty): string | null {
  if (penalty.penalty === '警告') return null
  if (!(penalty.fineYuan > 0)) return '罚款数额必须为正数'
  if (penalty.fineYuan > simpleFineLimit(partyKind)) {
    return partyKind === 'citizen'
      ? '简易程序对公民的罚款不得超过二百元（行政处罚法第五十一条）'
      : '简易程序对法人或者其他组织的罚款不得超过三千元（行政处罚法第五十一条）'
  }
  return null
}

/** 处罚法44/45/64 / R-02: the party may state, defend or ask for a hearing within 5 working days of the notice. */
export const STATEMENT_PERIOD_WORKING_DAYS = 5
