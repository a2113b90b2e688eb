import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { createDb } from '../../../platform/db/pool.ts'
import { makeOrg, testDatabaseUrl, testDb, type OrgRow } from '../../../../test/support.ts'
import { issueDocumentNumber, setDocumentNumberPrefix } from './numbers.ts'

const db = testDb()
const STEMS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥'
const uniquePrefix = () =>
  '测' + Array.from(crypto.randomBytes(5), (b) => STEMS[b % STEMS.length]).join('')

async function agencyWithPrefix(): Promise<OrgRow & { prefix: string }> {
  const region = await makeOrg(db)
  const agency = await makeOrg(db, { parent: region, kind: 'agency' })
  const prefix = uniquePrefix()
  await db.tx((tx) => setDocumentNumberPrefix(tx, { agencyId: agency.id, prefix }))
  return { ...agency, prefix }
}

test('R-05 文号: 200 concurrent requests over several pools get 1..200, each once', async () => {
  const agency = await agencyWithPrefix()
  const pools = Array.from({ length: 4 }, () => createDb(testDatabaseUrl(), { max: 5 }))
  try {
    const issued = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        pools[i % pools.length]!.tx((tx) => issueDocumentNumber(tx, { agencyId: agency.id, kind: 'penalty_decision', year: 2026 })),
      ),
    )
    const numbers = issued.map((n) => n.number).sort((a, b) => a - b)
    assert.deepEqual(numbers, Array.from({ length: 200 }, (_, i) => i + 1))
    assert.equal(new Set(issued.map((n) => n.text)).size, 200)
    const twelfth = issued.find((n) => n.number === 12)!
    assert.equal(twelfth.text, `${agency.prefix}罚〔2026〕12号`)
    const stored = await db.one(
      `SELECT count(*) AS n, min(number) AS lo, max(number) AS hi FROM document_number
        WHERE agency_id = $1 AND kind = 'penalty_decision' AND year = 2026`,
      [agency.id],
    )
    assert.deepEqual(stored, { n: 200, lo: 1, hi: 200 })
  } finally {
    await Promise.all(pools.map((p) => p.close()))
  }
})

test('R-05 文号: a rolled-back allocation leaves no gap', async () => {
  const agency = await agencyWithPrefix()
  const issue = (documentId?: string) =>
    db.tx((tx) => issueDocumentNumber(tx, { agencyId: agency.id, kind: 'penalty_decision', year: 2026, documentId }))
  assert.equal((await issue()).number, 1)
  await assert.rejects(
    db.tx(async (tx) => {
      const n = await issueDocumentNumber(tx, { agencyId: agency.id, kind: 'penalty_decision', year: 2026 })
      assert.equal(n.number, 2)
      throw new Error('文书保存失败')
    }),
    /文书保存失败/,
  )
  const documentId = crypto.randomUUID()
  const next = await issue(documentId)
  assert.equal(next.number, 2)
  assert.equal(next.documentId, documentId)
  // one document, one 文号
  await assert.rejects(issue(documentId), (e: any) => e.code === '23505')
  assert.equal((await issue()).number, 3)
})

test('R-05 文号: separate sequences per kind and year, each from 1', async () => {
  const agency = await agencyWithPrefix()
  const other = await agencyWithPrefix()
  const issue = (agencyId: string, kind: string, year: number) =>
    db.tx((tx) => issueDocumentNumber(tx, { agencyId, kind, year }))
  assert.equal((await issue(agency.id, 'penalty_decision', 2026)).number, 1)
  assert.equal((await issue(agency.id, 'penalty_decision', 2026)).number, 2)
  const license = await issue(agency.id, 'license_decision', 2026)
  assert.equal(license.text, `${agency.prefix}许〔2026〕1号`)
  assert.equal((await issue(agency.id, 'penalty_decision', 2027)).text, `${agency.prefix}罚〔2027〕1号`)
  assert.equal((await issue(other.id, 'penalty_decision', 2026)).text, `${other.prefix}罚〔2026〕1号`)
})

test('R-05 文号: refused without an agency prefix or for an unknown kind', async () => {
  const region = await makeOrg(db)
  const bare = await makeOrg(db, { parent: region, kind: 'agency' })
  await assert.rejects(
    db.tx((tx) => issueDocumentNumber(tx, { agencyId: bare.id, kind: 'penalty_decision', year: 2026 })),
    /机关代字/,
  )
  const agency = await agencyWithPrefix()
  await assert.rejects(
    db.tx((tx) => issueDocumentNumber(tx, { agencyId: agency.id, kind: 'no_such_kind', year: 2026 })),
    /未知的文书种类/,
  )
})

test('R-05 文号: the database refuses gaps, duplicates and edits made around the function', async () => {
  const agency = await agencyWithPrefix()
  await db.tx((tx) => issueDocumentNumber(tx, { agencyId: agency.id, kind: 'penalty_decision', year: 2026 }))
  const key = [agency.id, 'penalty_decision', 2026]
  // skipping ahead in the counter
  await assert.rejects(
    db.query(`UPDATE document_number_counter SET last_number = 3 WHERE (agency_id, kind, year) = ($1, $2, $3)`, key),
    /逐号连续/,
  )
  // a number that is not the counter's current value
  await assert.rejects(
    db.query(`INSERT INTO document_number (agency_id, kind, year, number, text) VALUES ($1, $2, $3, 5, 'x5')`, key),
    /下一个号/,
  )
  // a counter step without the issued number is refused at commit
  await assert.rejects(
    db.query(`UPDATE document_number_counter SET last_number = last_number + 1 WHERE (agency_id, kind, year) = ($1, $2, $3)`, key),
    /未对应已编发/,
  )
  // issued numbers are append-only (no grant to the app role, and the trigger for every role)
  const denied = (e: any) => e.code === '42501'
  await assert.rejects(db.query(`UPDATE document_number SET text = text || 'x' WHERE agency_id = $1`, [agency.id]), denied)
  await assert.rejects(db.query(`DELETE FROM document_number WHERE agency_id = $1`, [agency.id]), denied)
  await assert.rejects(db.query(`DELETE FROM document_number_counter WHERE agency_id = $1`, [agency.id]), denied)
  const next = await db.tx((tx) => issueDocumentNumber(tx, { agencyId: agency.id, kind: 'penalty_decision', year: 2026 }))
  assert.equal(next.number, 2)
})
