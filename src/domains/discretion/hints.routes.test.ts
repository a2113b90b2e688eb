import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDb, testApp, makeOrg, makeUser, loginAs, uid } from '../../../test/support.ts'
import { recommend } from './rules.ts'
import { seedDiscretionSample, recordCaseDiscretion } from './sample.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close(); await db.close() })

test('D-05: GET /api/cases/:id/hints gives the hearing-threshold and missing-evidence hints to the agency, not to others', async () => {
  const region = await makeOrg(db)
  const agency = await makeOrg(db, { parent: region })
  const other = await makeOrg(db, { parent: region })
  const sv = await seedDiscretionSample(db, agency.id, '2026-01-01')
  const { rows: [c] } = await db.query(
    `INSERT INTO enforcement_case (agency_id, kind, number, party_kind, party_name, summary) VALUES ($1, '检查', $2, 'citizen', '张三', '测试') RETURNING id`, [agency.id, uid('n')])
  const r = recommend(sv, 'SP-124-1', {})
  await recordCaseDiscretion(db, { caseId: c.id, standardId: sv.standardId, version: sv.version, violationCode: 'SP-124-1', answers: {}, ...r, proposedAmount: 70000 })
  const officer = await makeUser(db, { org: agency, roles: ['officer'] })
  const res = await app.inject({ method: 'GET', url: `/api/cases/${c.id}/hints?fineAmount=90000`, headers: (await loginAs(app, officer.username)).headers })
  assert.equal(res.statusCode, 200, res.body)
  const codes = res.json().hints.map((h: { code: string }) => h.code)
  assert.ok(codes.includes('HEARING_NOT_NOTIFIED'))
  assert.ok(codes.includes('MISSING_EVIDENCE'))
  assert.ok(codes.includes('OUT_OF_RANGE'))
  const stranger = await makeUser(db, { org: other, roles: ['officer'] })
  const denied = await app.inject({ method: 'GET', url: `/api/cases/${c.id}/hints`, headers: (await loginAs(app, stranger.username)).headers })
  assert.equal(denied.statusCode, 403)
})
