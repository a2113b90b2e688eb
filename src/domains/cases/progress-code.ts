// P-15: the public query code of a case (and of a complaint, S-04). The database makes the
// codes (query_code_new() in migrations/0026) and checks them (query_code_valid()); this is
// the same rule for reading what a visitor typed.

/** Crockford's base-32 alphabet: no I, L, O or U, so no look-alike characters. */
export const QUERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const QUERY_CODE_BODY = 12
export const QUERY_CODE_LENGTH = QUERY_CODE_BODY + 1

/**
 * The check character of a code's body: Luhn mod 32. Doubling is a permutation of the
 * digits mod 32, so any one mistyped character, the check character included, changes
 * the sum and is detected.
 */
export function queryCodeCheckChar(body: string): string {
  let factor = 2
  let total = 0
  for (let i = body.length - 1; i >= 0; i--) {
    const digit = QUERY_CODE_ALPHABET.indexOf(body[i]!)
    if (digit < 0) throw new Error(`not a query-code character: ${body[i]}`)
    const addend = factor * digit
    total += Math.floor(addend / 32) + (addend % 32)
    factor = 3 - factor
  }
  return QUERY_CODE_ALPHABET[(32 - (total % 32)) % 32]!
}

/**
 * What a visitor typed, as the stored form: spaces and hyphens dropped, upper case, and
 * Crockford's reading of look-alikes (O → 0, I and L → 1).
 */
export function normaliseQueryCode(typed: string): string {
  return typed
    .trim()
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

export type QueryCodeReading = { ok: true; code: string } | { ok: false; problem: 'format' | 'check' }

/** P-15: a typed code is well-formed and its check character fits, or says which is wrong. */
export function readQueryCode(typed: string): QueryCodeReading {
  const code = normaliseQueryCode(typed)
  if (code.length !== QUERY_CODE_LENGTH || [...code].some((c) => !QUERY_CODE_ALPHABET.includes(c))) return { ok: false, problem: 'format' }
  if (queryCodeCheckChar(code.slice(0, QUERY_CODE_BODY)) !== code[QUERY_CODE_BODY]) return { ok: false, problem: 'check' }
  return { ok: true, code }
}

/** The code as printed: groups of four, five, four (XXXX-XXXXX-XXXX), easier to read out and type. */
export function formatQueryCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 9)}-${code.slice(9)}`
}
