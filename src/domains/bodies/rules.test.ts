import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { testDb } from '../../../test/support.ts'
import { USCC_ALPHABET, usccCheckChar, usccValid, entrustingBodyProblem } from './rules.ts'

// Published codes of real organisations (GB 32100 format).
const REAL_CODES = ['91350100M000100Y43', '91110000600037341L', '91440300708461136T', '12100000400010398P']

test('F-01 GB 32100: real 统一社会信用代码 are accepted', () => {
  for (const code of REAL_CODES) assert.equal(usccValid(code), true, code)
})

test('F-01 GB 32100: every one-character change of a valid code is rejected', () => {
  for (const code of REAL_CODES) {
    for (let i = 0; i < 18; i++) {
      for (const c of USCC_ALPHABET) {
        if (c === code[i]) continue
        const changed = code.slice(0, i) + c + code.slice(i + 1)
        assert.equal(usccValid(changed), false, changed)
      }
    }
  }
  assert.equal(usccValid('91350100M000100Y4'), false, 'too short')
  assert.equal(usccValid('91350100m000100y43'), false, 'lower case')
  assert.equal(usccValid('91350100I000100Y43'), false, 'I is not a code character')
})

const codeChar = fc.constantFrom(...USCC_ALPHABET)
const first17 = fc.array(codeChar, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''))
const validCode = first17.map((s) => s + usccCheckChar(s))
// mostly invalid codes: random check characters, stray characters, wrong lengths
const anyCode = fc.oneof(
  fc.tuple(first17, codeChar).map(([s, c]) => s + c),
  fc.string({ minLength: 16, maxLength: 19 }),
  fc.array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 18, maxLength: 18 }).map((cs) => cs.join('')),
)

test('F-01 GB 32100: usccValid (TypeScript) agrees with uscc_valid() (SQL) on random codes', async () => {
  const db = testDb()
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(validCode, anyCode), { minLength: 1, maxLength: 60 }), async (codes) => {
      const { rows } = await db.query<{ code: string; valid: boolean }>(
        `SELECT x AS code, uscc_valid(x) AS valid FROM unnest($1::text[]) x`,
        [codes],
      )
      for (const row of rows) assert.equal(usccValid(row.code), row.valid, row.code)
    }),
    { numRuns: 40 },
  )
  fc.assert(fc.property(validCode, (code) => usccValid(code)))
})

test('F-01: only a 受委托组织 has an entrusting body, and it must have one', () => {
  assert.ok(entrustingBodyProblem('受委托组织', null))
  assert.ok(entrustingBodyProblem('行政机关', 'x'))
  assert.ok(entrustingBodyProblem('受委托组织', 'self', 'self'))
  assert.equal(entrustingBodyProblem('受委托组织', 'other', 'self'), undefined)
  assert.equal(entrustingBodyProblem('法律法规授权组织', null), undefined)
})
