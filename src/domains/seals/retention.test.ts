import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, testDatabaseUrl } from '../../../test/support.ts'
import { addDays } from '../../platform/calendar/dates.ts'
import { todayInChina } from '../../platform/clock.ts'
import { createDb } from '../../platform/db/pool.ts'
import { makeCaseWorld, SAMPLE, type CaseWorld } from '../cases/record-access/test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld
before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => app.close())

async function attachment(caseId: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments`,
    headers: { ...w.officerA.headers, 'content-type': 'image/jpeg' },
    payload: Buffer.concat([SAMPLE.jpeg.subarray(0, 20), crypto.randomBytes(32), SAMPLE.jpeg.subarray(20)]),
  })
  assert.equal(res.statusCode, 201, res.body)
  return res.json().id
}

test('R-10 / R-08: retention expiry is its own recorded event and log leaf; DELETE of the attachment stays refused (app role and owner) while the event is recorded', async () => {
  const caseId = await w.newCase()
  const id = await attachment(caseId)
  const url = `/api/cases/${caseId}/retention-events`
  const body = { subjectKind: 'case_attachment', subjectId: id, retentionUntil: addDays(todayInChina(), -1), basis: '文书档案保管期限表：短期 10 年' }

  // only the agency head records it; not yet due is refused and nothing is written
  assert.equal((await app.inject({ method: 'POST', url, headers: w.officerA.headers, payload: body })).statusCode, 403)
  const early = await app.inject({ method: 'POST', url, headers: w.headA.headers, payload: { ...body, retentionUntil: todayInChina() } })
  assert.deepEqual([early.statusCode, early.json().code], [422, 'RETENTION_NOT_DUE'])
  const foreign = await app.inject({ method: 'POST', url, headers: w.headA.headers, payload: { ...body, subjectId: crypto.randomUUID() } })
  assert.deepEqual([foreign.statusCode, foreign.json().code], [422, 'RETENTION_SUBJECT'])
  assert.equal((await db.query(`SELECT 1 FROM retention_event WHERE case_id = $1`, [caseId])).rowCount, 0)

  const made = await app.inject({ method: 'POST', url, headers: w.headA.headers, payload: body })
  assert.equal(made.statusCode, 201, made.body)
  const event = made.json()
  assert.equal(event.event, 'expired')
  const again = await app.inject({ method: 'POST', url, headers: w.headA.headers, payload: body })
  assert.deepEqual([again.statusCode, again.json().code], [422, 'RETENTION_RECORDED'])
  const listed = await app.inject({ method: 'GET', url, headers: w.officerA.headers })
  assert.deepEqual(listed.json().events.map((e: any) => e.id), [event.id])

  // the event is a leaf of the log (queued in its transaction) and audited
  const logged = await db.query(
    `SELECT 1 FROM ledger_queue WHERE kind = 'retention_event' AND ref_id = $1 UNION ALL SELECT 1 FROM ledger_leaf WHERE kind = 'retention_event' AND ref_id = $1`,
    [event.id],
  )
  assert.equal(logged.rowCount, 1)
  assert.equal((await db.query(`SELECT 1 FROM audit_event WHERE action = 'retention.expired' AND entity_id = $1`, [event.id])).rowCount, 1)

  // nothing is deleted by hand: the attachment stays, whoever asks
  await assert.rejects(db.query(`DELETE FROM case_attachment WHERE id = $1`, [id]), /只追加|permission denied/)
  const owner = createDb(testDatabaseUrl(), { role: 'zhifa_owner', max: 1 })
  try {
    await assert.rejects(owner.query(`DELETE FROM case_attachment WHERE id = $1`, [id]), /只追加/)
    await assert.rejects(owner.query(`DELETE FROM retention_event WHERE id = $1`, [event.id]), /只追加/)
    await assert.rejects(owner.query(`UPDATE retention_event SET basis = 'x' WHERE id = $1`, [event.id]), /只追加/)
  } finally {
    await owner.close()
  }
  assert.equal((await db.query(`SELECT 1 FROM case_attachment WHERE id = $1`, [id])).rowCount, 1)
  const read = await app.inject({ method: 'GET', url: `/api/attachments/${id}/content`, headers: w.officerA.headers })
  assert.equal(read.statusCode, 200, 'still readable after its retention expired')
})
