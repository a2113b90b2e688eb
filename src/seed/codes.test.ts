import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { testDb } from '../../test/support.ts'
import { USCC_ALPHABET } from '../domains/bodies/rules.ts'
import { makeUscc, organisationCodeCheck } from './codes.ts'

test('GB 11714: organisation code check characters of real codes (71610585-2, 71526726-X)', () => {
  assert.equal(organisationCodeCheck('71610585'), '2')
  assert.equal(organisationCodeCheck('71526726'), 'X')
})

test('F-01 / GB 32100: every generated demo USCC passes the database check uscc_valid()', async () => {
  const code = fc.stringMatching(new RegExp(`^[${USCC_ALPHABET}]{8}$`))
  const samples = fc.sample(
    fc.record({ registration: fc.constantFrom('11' as const, '12' as const), division: fc.stringMatching(/^5323\d{2}$/), body: code }),
    { numRuns: 200, seed: 42 },
  )
  const codes = samples.map((s) => makeUscc(s.registration, s.division, s.body))
  // The last character changed to any other code character must fail, so the check is not vacuous.
  const broken = codes.map((c) => c.slice(0, 17) + USCC_ALPHABET[(USCC_ALPHABET.indexOf(c[17]!) + 1) % USCC_ALPHABET.length])
  const { rows } = await testDb().query<{ valid: boolean; broken: boolean }>(
    `SELECT uscc_valid(v) AS valid, uscc_valid(b) AS broken FROM unnest($1::text[], $2::text[]) AS t(v, b)`,
    [codes, broken],
  )
  assert.equal(rows.length, codes.length)
  assert.ok(rows.every((r) => r.valid), 'a generated code fails uscc_valid()')
  assert.ok(rows.every((r) => !r.broken), 'a code with a wrong check character passes uscc_valid()')
})

test('makeUscc refuses a malformed region code or organisation code', () => {
  assert.throws(() => makeUscc('11', '53230', 'MB1C7310'))
  assert.throws(() => makeUscc('11', '532300', 'MB1C731O'))
})
