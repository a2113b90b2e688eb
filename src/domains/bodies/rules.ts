// Legal rules of the 执法主体 registry (F-01), as pure functions.

/** GB 32100-2015 code characters: digits and capitals without I, O, S, V, Z. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/

/** GB 32100-2015 / F-01: the check character (mod 31) of the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let total = 0
  for (let i = 0; i < 17; i++) total += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!
  return USCC_ALPHABET[(31 - (total % 31)) % 31]!
}

/**
 * GB 32100-2015 / F-01: an 18-character 统一社会信用代码 whose last character is its check
 * character. Mirrors the database function uscc_valid(), which the CHECK on
 * enforcement_body.uscc uses; a test keeps the two in agreement.
 */
export function usccValid(code: string): boolean {
  return USCC_SHAPE.test(code) && usccCheckChar(code.slice(0, 17)) === code[17]
}

/** F-01: the kinds of enforcement body; a 受委托组织 acts in the name of its entrusting body. */
export const BODY_KINDS = ['行政机关', '法律法规授权组织', '受委托组织'] as const
export type BodyKind = (typeof BODY_KINDS)[number]

/** F-01: only a 受委托组织 names an entrusting body, and it must. */
export function entrustingBodyProblem(kind: BodyKind, entrustingBodyId: string | null | undefined, ownId?: string): string | undefined {
  if (kind === '受委托组织' && !entrustingBodyId) return '受委托组织必须写明委托机关'
  if (kind !== '受委托组织' && entrustingBodyId) return '只有受委托组织才有委托机关'
  if (ownId && entrustingBodyId === ownId) return '委托机关不能是本组织自身'
  return undefined
}
