import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { testDb } from '../../../test/support.ts'
import { addYears, certificateStatusOn, idNumberValid, photoProblem, requiredReviewers, reviewerRatio, validityProblem, type StoredCertificateStatus } from './rules.ts'

const dayArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))

test('F-02 / P-05: certificateStatusOn (TypeScript) agrees with certificate_status_on() (SQL)', async () => {
  const db = testDb()
  const cases = fc.sample(fc.tuple(fc.constantFrom<StoredCertificateStatus>('有效', '暂扣', '注销'), dayArb, fc.integer({ min: 1, max: 1826 }), dayArb), 200)
  const { rows } = await db.query<{ i: number; status: string }>(
    `SELECT i, certificate_status_on(ROW(NULL, NULL, NULL, NULL, NULL, NULL, f, f + n, s, NULL, NULL, 1, NULL)::certificate, d) AS status
       FROM unnest($1::text[], $2::date[], $3::int[], $4::date[]) WITH ORDINALITY AS t(s, f, n, d, i)`,
    [cases.map((c) => c[0]), cases.map((c) => c[1]), cases.map((c) => c[2]), cases.map((c) => c[3])],
  )
  assert.equal(rows.length, cases.length)
  for (const row of rows) {
    const [status, validFrom, days, day] = cases[row.i - 1]!
    const validTo = new Date(Date.parse(validFrom) + days * 86_400_000).toISOString().slice(0, 10)
    assert.equal(certificateStatusOn({ status, validFrom, validTo }, day), row.status)
  }
})

test('F-02: the five-year limit in TypeScript matches the database (29 February included)', async () => {
  const db = testDb()
  const starts = fc.sample(dayArb, 100).concat(['2024-02-29', '2020-02-29'])
  const { rows } = await db.query<{ d: string; plus: string }>(`SELECT d::text, (d + interval '5 years')::date::text AS plus FROM unnest($1::date[]) d`, [starts])
  for (const row of rows) assert.equal(addYears(row.d, 5), row.plus)
  assert.equal(validityProblem('2024-01-01', '2029-01-01'), undefined)
  assert.ok(validityProblem('2024-01-01', '2029-01-02'))
  assert.ok(validityProblem('2024-01-01', '2024-01-01'))
})

test('F-03: reviewers required are ≥ 5 % of officers rounded up, at least 1; bad ratio settings fall back to 5 %', () => {
  assert.equal(requiredReviewers(40, 0.05), 2)
  assert.equal(requiredReviewers(20, 0.05), 1)
  assert.equal(requiredReviewers(60, 0.05), 3)
  assert.equal(requiredReviewers(41, 0.05), 3)
  assert.equal(requiredReviewers(0, 0.05), 1)
  assert.equal(reviewerRatio('0.1'), 0.05)
  assert.equal(reviewerRatio(2), 0.05)
  assert.equal(reviewerRatio(0.08), 0.08)
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 100 }), (officers, percent) => {
      const required = requiredReviewers(officers, percent / 100)
      return required >= 1 && required * 100 >= officers * percent && (required === 1 || (required - 1) * 100 < officers * percent)
    }),
  )
})

test('F-02: ID numbers carry the GB 11643 check character; photos are small JPEG/PNG data URLs', () => {
  assert.equal(idNumberValid('11010519491231002X'), true)
  assert.equal(idNumberValid('110105194912310021'), false)
  assert.equal(photoProblem('data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), undefined)
  assert.ok(photoProblem('data:image/jpeg;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='))
  const big = Buffer.alloc(200 * 1024 + 1)
  big.set([0xff, 0xd8, 0xff])
  assert.ok(photoProblem(`data:image/jpeg;base64,${big.toString('base64')}`))
  assert.equal(photoProblem(`data:image/jpeg;base64,${big.subarray(0, 200 * 1024).toString('base64')}`), undefined)
})
