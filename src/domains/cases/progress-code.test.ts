import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { testDb, makeOrg } from '../../../test/support.ts'
import { QUERY_CODE_ALPHABET, QUERY_CODE_BODY, formatQueryCode, normaliseQueryCode, queryCodeCheckChar, readQueryCode } from './progress-code.ts'

const db = testDb()
const body = fc.string({ unit: fc.constantFrom(...QUERY_CODE_ALPHABET), minLength: QUERY_CODE_BODY, maxLength: QUERY_CODE_BODY })
const codeOf = (b: string) => b + queryCodeCheckChar(b)
/** Whatever a person might type in one position: the alphabet, look-alikes, lower case, other characters. */
const typed = fc.constantFrom(...QUERY_CODE_ALPHABET, ...'ILOUilouabcxyz*#', '8', 'Ｂ')

test('P-15: any single mistyped character of a query code is detected (fast-check)', () => {
  fc.assert(
    fc.property(body, fc.nat({ max: QUERY_CODE_BODY }), typed, (b, position, char) => {
      const code = codeOf(b)
      const typo = code.slice(0, position) + char + code.slice(position + 1)
      fc.pre(normaliseQueryCode(typo) !== code)
      const reading = readQueryCode(typo)
      assert.equal(reading.ok, false, `${typo} was taken for ${code}`)
    }),
    { numRuns: 5000 },
  )
})

test('P-15: a correct code reads back whatever its grouping, case and look-alikes', () => {
  fc.assert(
    fc.property(body, (b) => {
      const code = codeOf(b)
      assert.deepEqual(readQueryCode(formatQueryCode(code)), { ok: true, code })
      assert.deepEqual(readQueryCode(` ${code.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l')} `), { ok: true, code })
    }),
  )
  // format problems and check problems are told apart
  const code = codeOf('7K3M9QPAXR2T')
  const wrongCheck = code.slice(0, 12) + QUERY_CODE_ALPHABET[(QUERY_CODE_ALPHABET.indexOf(code[12]!) + 1) % 32]
  assert.deepEqual(readQueryCode(wrongCheck), { ok: false, problem: 'check' })
  assert.deepEqual(readQueryCode(code.slice(0, 12)), { ok: false, problem: 'format' })
  assert.deepEqual(readQueryCode(`${code.slice(0, 12)}U`), { ok: false, problem: 'format' })
})

test('P-15: the database makes codes the TypeScript rule accepts, and checks them the same way (fast-check)', async () => {
  const { rows } = await db.query<{ code: string }>(`SELECT query_code_new() AS code FROM generate_series(1, 500)`)
  for (const { code } of rows) assert.deepEqual(readQueryCode(code), { ok: true, code })
  assert.equal(new Set(rows.map((r) => r.code)).size, rows.length)
  await fc.assert(
    fc.asyncProperty(body, fc.nat({ max: 31 }), async (b, shift) => {
      const check = QUERY_CODE_ALPHABET[(QUERY_CODE_ALPHABET.indexOf(queryCodeCheckChar(b)) + shift) % 32]!
      const { rows: r } = await db.query<{ check: string; valid: boolean }>(
        `SELECT query_code_check_char($1) AS check, query_code_valid($2) AS valid`, [b, b + check])
      assert.equal(r[0]!.check, queryCodeCheckChar(b))
      assert.equal(r[0]!.valid, shift === 0)
    }),
    { numRuns: 200 },
  )
})

test('P-15: every case has a valid query code from its creation, and the database keeps the codes unique', async () => {
  const region = await makeOrg(db, { level: 'county' })
  const agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const insert = (code?: string) =>
    db.query<{ code: string }>(
      `INSERT INTO enforcement_case (agency_id, kind, number, party_kind, party_name, summary${code ? ', query_code' : ''})
       VALUES ($1, '许可', $2, 'citizen', '王五', '申请食品经营许可'${code ? ', $3' : ''}) RETURNING query_code AS code`,
      code ? [agency.id, `T-${Math.random()}`, code] : [agency.id, `T-${Math.random()}`],
    )
  const first = (await insert()).rows[0]!.code
  assert.equal(readQueryCode(first).ok, true)
  await assert.rejects(insert(first), (e: { code?: string; constraint?: string }) => e.code === '23505' && e.constraint === 'enforcement_case_query_code_key')
  const bad = first.slice(0, 12) + QUERY_CODE_ALPHABET[(QUERY_CODE_ALPHABET.indexOf(first[12]!) + 1) % 32]
  await assert.rejects(insert(bad), (e: { code?: string }) => e.code === '23514')
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enforcement_case WHERE NOT query_code_valid(query_code)`)
  assert.equal(rows[0]!.n, 0)
})

test('P-15: a column added with the query-code default gives every existing row its own code (as 0026 does for the cases before it)', async () => {
  const codes = await db.tx(async (tx) => {
    await tx.query(`CREATE TEMP TABLE existing_case (n integer) ON COMMIT DROP`)
    await tx.query(`INSERT INTO existing_case SELECT generate_series(1, 300)`)
    await tx.query(`ALTER TABLE existing_case ADD COLUMN query_code text NOT NULL DEFAULT query_code_new()`)
    return (await tx.query<{ code: string }>(`SELECT query_code AS code FROM existing_case`)).rows.map((r) => r.code)
  })
  assert.equal(codes.length, 300)
  assert.equal(new Set(codes).size, 300)
  for (const code of codes) assert.equal(readQueryCode(code).ok, true)
})
