import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDb, makeOrg, uid } from '../../../test/support.ts'
import { recommend } from './rules.ts'
import { seedDiscretionSample, saveDraft, recordCaseDiscretion, SAMPLE_VIOLATION } from './sample.ts'
import { discretionFindings } from './package-findings.ts'

const db = testDb()
after(() => db.close())

async function world(partyKind: 'citizen' | 'organisation' = 'organisation') {
  const region = await makeOrg(db)
  const agency = await makeOrg(db, { parent: region })
  const sv = await seedDiscretionSample(db, agency.id, '2026-01-01')
  const { rows: [c] } = await db.query(
    `INSERT INTO enforcement_case (agency_id, kind, number, party_kind, party_name, summary) VALUES ($1, '检查', $2, $3, '某食品店', '测试') RETURNING id`,
    [agency.id, uid('n'), partyKind])
  return { agency, sv, caseId: c.id as string }
}

test('D-01: a published version is immutable (direct SQL UPDATE refused), a change is a new version', async () => {
  const { sv, agency } = await world()
  await assert.rejects(db.query(`UPDATE discretion_version SET effective_to = '2027-01-01' WHERE standard_id = $1`, [sv.standardId]), /不得修改/)
  await assert.rejects(db.query(`UPDATE discretion_tier SET max_amount = 1 WHERE standard_id = $1`, [sv.standardId]))
  await assert.rejects(db.query(
    `INSERT INTO discretion_violation (standard_id, version, code, title, violation_basis, penalty_basis) VALUES ($1, $2, 'X', 'x', 'x', 'x')`, [sv.standardId, sv.version]), /不得修改/)
  const next = await saveDraft(db, { agencyId: agency.id, code: 'SCJG-SP', domain: '市场监管', title: 't', violations: [SAMPLE_VIOLATION] })
  assert.equal(next.version, sv.version + 1)
})

test('D-01: tier ranges must be ordered in the database', async () => {
  const { agency } = await world()
  const bad = { ...SAMPLE_VIOLATION, tiers: [{ ...SAMPLE_VIOLATION.tiers[0]!, minAmount: 9, maxAmount: 1 }] }
  await assert.rejects(saveDraft(db, { agencyId: agency.id, code: 'BAD', domain: '市场监管', title: 't', violations: [bad] }))
})

test('D-02: an amount outside the recommended range is flagged by discretionFindings (OUT_OF_RANGE)', async () => {
  const { sv, caseId } = await world()
  const r = recommend(sv, 'SP-124-1', { remedied: true })
  const rec = await recordCaseDiscretion(db, { caseId, standardId: sv.standardId, version: sv.version, violationCode: 'SP-124-1', answers: { remedied: true }, ...r, proposedAmount: 80000 })
  assert.equal(rec.outOfRange, true)
  const codes = (await discretionFindings(db, caseId)).map((f) => f.code)
  assert.ok(codes.includes('DISCRETION_RECOMMENDATION'))
  assert.ok(codes.includes('OUT_OF_RANGE'))
  const inside = (await discretionFindings(db, caseId, { fineAmount: 60000 })).map((f) => f.code)
  assert.ok(!inside.includes('OUT_OF_RANGE'))
  await assert.rejects(db.query(`UPDATE case_discretion SET proposed_amount = 1 WHERE case_id = $1`, [caseId]))
})

test('D-05: hearing-threshold hint and missing-evidence hint', async () => {
  const { sv, caseId } = await world('citizen')
  const r = recommend(sv, 'SP-124-1', { remedied: true })
  await recordCaseDiscretion(db, { caseId, standardId: sv.standardId, version: sv.version, violationCode: 'SP-124-1', answers: { remedied: true }, ...r, proposedAmount: 60000 })
  const found = await discretionFindings(db, caseId)
  const hearing = found.find((f) => f.code === 'HEARING_NOT_NOTIFIED')
  assert.ok(hearing, 'amount ≥ 较大数额 without 听证 notice')
  assert.match(hearing.message, /较大数额10000元/)
  const missing = found.filter((f) => f.code === 'MISSING_EVIDENCE').map((f) => f.message)
  assert.equal(missing.length, 2)
  assert.ok(missing.some((m) => m.includes('检验报告')))
  const below = await discretionFindings(db, caseId, { fineAmount: 5000 })
  assert.ok(!below.some((f) => f.code === 'HEARING_NOT_NOTIFIED'))
})
