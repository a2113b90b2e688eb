import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { computeDue } from '../../platform/calendar/calendar-service.ts'
import { day, makeCaseWorld, type CaseWorld } from './approvals.test-world.ts'
import { passReview } from '../review/gate.test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => app.close())

let numbers = 0
/** A 简易程序 case with its 决定 (fine `fineYuan`, or a warning) dated `on` and handed over the same day. */
async function decidedCase(fineYuan: number | null, on: string, delivered = true, officers = w.people.slice(0, 2)) {
  const c = await w.newCase('处罚-简易')
  numbers += 1
  const penalty = fineYuan === null ? { penalty: '警告' } : { penalty: '罚款', fineYuan }
  await w.ok(c.id, { type: '现场处罚决定', actedOn: on, officers, data: { ...penalty, documentNo: `DC${numbers}` } })
  if (delivered) await w.ok(c.id, { type: '送达', actedOn: on })
  return c
}
const collect = (caseId: string, on: string, data: Record<string, unknown>) =>
  w.act(caseId, { type: '当场收缴', actedOn: on, data: { receiptNo: 'PJ-0001', ...data } })

test('R-04 处罚法52第一款: the 当场 决定书 is pre-numbered and handed to the party on the day of the decision', async () => {
  const c = await w.newCase('处罚-简易')
  const unnumbered = await w.act(c.id, { type: '现场处罚决定', actedOn: day(-5), officers: w.people.slice(0, 2), data: { penalty: '警告' } })
  assert.equal(unnumbered.statusCode, 422)
  assert.equal(unnumbered.json().code, 'CASE_DATA_MISSING')
  await w.ok(c.id, { type: '现场处罚决定', actedOn: day(-5), officers: w.people.slice(0, 2), data: { penalty: '警告', documentNo: 'No.000123' } })
  const later = await w.act(c.id, { type: '送达', actedOn: day(-4) })
  assert.equal(later.statusCode, 422)
  assert.equal(later.json().code, 'SIMPLE_DELIVERY_ON_THE_SPOT')
  assert.match(later.json().message, /当场交付/)
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on) VALUES ($1, '处罚-简易', '送达', $2)`, [c.id, day(-3)]),
    /当场交付/,
  )
  await w.ok(c.id, { type: '送达', actedOn: day(-5), data: { refusedToSign: true } })
})

test('R-04 处罚法68(一)/70: a fine of up to 100 元 is collected on the spot, in full, against a 专用票据', async () => {
  const small = await decidedCase(100, day(-3))
  assert.equal((await w.act(small.id, { type: '当场收缴', actedOn: day(-3), data: { ground: '68(一)', amountYuan: 100 } })).json().code, 'CASE_DATA_MISSING')
  const part = await collect(small.id, day(-3), { ground: '68(一)', amountYuan: 50 })
  assert.equal(part.json().code, 'ON_THE_SPOT_COLLECTION')
  const nextDay = await collect(small.id, day(-2), { ground: '68(一)', amountYuan: 100 })
  assert.equal(nextDay.json().code, 'ON_THE_SPOT_COLLECTION')
  const ok = await collect(small.id, day(-3), { ground: '68(一)', amountYuan: 100 })
  assert.equal(ok.statusCode, 201, ok.body)

  const big = await decidedCase(150, day(-3))
  const over = await collect(big.id, day(-3), { ground: '68(一)', amountYuan: 150 })
  assert.equal(over.statusCode, 422)
  assert.equal(over.json().code, 'ON_THE_SPOT_COLLECTION')
  assert.match(over.json().message, /一百元/)
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data) VALUES ($1, '处罚-简易', '当场收缴', $2, $3)`, [
      big.id, day(-3), JSON.stringify({ ground: '68(一)', amountYuan: 150, receiptNo: 'PJ-1' }),
    ]),
    /一百元/,
  )
  const warning = await decidedCase(null, day(-3))
  assert.equal((await collect(warning.id, day(-3), { ground: '68(一)', amountYuan: 0 })).json().code, 'ON_THE_SPOT_COLLECTION')
  const undelivered = await decidedCase(80, day(-3), false)
  assert.equal((await collect(undelivered.id, day(-3), { ground: '68(一)', amountYuan: 80 })).json().code, 'CASE_PREDECESSOR_MISSING')
})

test('R-04 处罚法68(二)/69: above 100 元 only with a recorded reason, and in remote areas only on the party’s request', async () => {
  const c = await decidedCase(200, day(-3))
  const bare = await collect(c.id, day(-3), { ground: '68(二)', amountYuan: 200 })
  assert.equal(bare.json().code, 'ON_THE_SPOT_COLLECTION')
  assert.match(bare.json().message, /理由/)
  const unknown = await collect(c.id, day(-3), { ground: '方便', amountYuan: 200, reason: '当事人要求' })
  assert.equal(unknown.json().code, 'ON_THE_SPOT_COLLECTION')
  const notAsked = await collect(c.id, day(-3), { ground: '69', amountYuan: 200, reason: '山区，距最近银行四十公里', partyRequested: false })
  assert.equal(notAsked.json().code, 'ON_THE_SPOT_COLLECTION')
  assert.match(notAsked.json().message, /当事人提出/)
  const remote = await collect(c.id, day(-3), { ground: '69', amountYuan: 200, reason: '山区，距最近银行四十公里', partyRequested: true })
  assert.equal(remote.statusCode, 201, remote.body)

  const transient = await decidedCase(180, day(-3))
  const hard = await collect(transient.id, day(-3), { ground: '68(二)', amountYuan: 180, reason: '当事人为外省流动摊贩，无固定住所' })
  assert.equal(hard.statusCode, 201, hard.body)
})

test('R-04 处罚法71/85: the money reaches the agency, and the agency pays it to the bank, each within two working days; lateness is recorded', async () => {
  // Friday 2025-09-26: Sunday 28 September 2025 was a working day (State Council notice), so the
  // second working day is Monday the 29th, not Tuesday the 30th
  const collectedOn = '2025-09-26'
  const officers2025: string[] = []
  for (let i = 0; i < 2; i++) {
    const id = await insertPerson(db, w.agency.id)
    await insertCertificate(db, id, { validFrom: '2025-01-01', validTo: '2029-12-31' })
    officers2025.push(id)
  }
  const expectedDue = (await computeDue(db, { from: collectedOn, n: 2, mode: 'working', orgId: w.agency.id })).due
  assert.equal(expectedDue, '2025-09-29')

  const onTime = await decidedCase(50, collectedOn, true, officers2025)
  assert.equal((await collect(onTime.id, collectedOn, { ground: '68(一)', amountYuan: 50 })).statusCode, 201)
  const status = (await w.get(`/api/cases/${onTime.id}/on-the-spot-collection`, w.officer)).json().collection
  assert.equal(status.handoverDue, '2025-09-29')
  assert.equal(status.overdue, true, 'not handed over long after the due day')
  const handed = await w.ok(onTime.id, { type: '罚款交至机关', actedOn: '2025-09-29', data: { late: true, handoverDue: '2030-01-01' } })
  assert.equal(handed.data.handoverDue, '2025-09-29', 'the due day is computed, not taken from the client')
  assert.equal(handed.data.late, false)
  const after = (await w.get(`/api/cases/${onTime.id}/on-the-spot-collection`, w.officer)).json().collection
  assert.deepEqual([after.handedOverOn, after.late, after.overdue], ['2025-09-29', false, false])
  // the agency pays it to the bank within two working days: 30 September, then the National Day holiday up to 8 October
  assert.deepEqual([after.paymentDue, after.paymentOverdue], ['2025-10-09', true])
  const paid = await w.ok(onTime.id, { type: '罚款缴付银行', actedOn: '2025-10-09' })
  assert.deepEqual([paid.data.paymentDue, paid.data.late], ['2025-10-09', false])
  const settled = (await w.get(`/api/cases/${onTime.id}/on-the-spot-collection`, w.officer)).json().collection
  assert.deepEqual([settled.paidToBankOn, settled.paymentLate, settled.paymentOverdue], ['2025-10-09', false, false])

  const late = await decidedCase(50, collectedOn, true, officers2025)
  await collect(late.id, collectedOn, { ground: '68(一)', amountYuan: 50 })
  const lateHandover = await w.ok(late.id, { type: '罚款交至机关', actedOn: '2025-09-30' })
  assert.equal(lateHandover.data.late, true)
  assert.equal((await w.get(`/api/cases/${late.id}/on-the-spot-collection`, w.officer)).json().collection.late, true)
  // received on 30 September: due on the second working day after the holiday, 10 October
  const latePayment = await w.ok(late.id, { type: '罚款缴付银行', actedOn: '2025-10-13' })
  assert.deepEqual([latePayment.data.paymentDue, latePayment.data.late], ['2025-10-10', true])

  // the database refuses a handover that hides its lateness or shortens the period
  const sqlCase = await decidedCase(50, collectedOn, true, officers2025)
  await collect(sqlCase.id, collectedOn, { ground: '68(一)', amountYuan: 50 })
  const insert = (actedOn: string, data: object) =>
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data) VALUES ($1, '处罚-简易', '罚款交至机关', $2, $3)`, [sqlCase.id, actedOn, JSON.stringify(data)])
  await assert.rejects(insert('2025-10-09', { handoverDue: '2025-09-29', late: false }), /逾期/)
  await assert.rejects(insert('2025-09-27', { handoverDue: '2025-09-27', late: false }), /二日/)
  await insert('2025-10-09', { handoverDue: '2025-09-29', late: true })
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data) VALUES ($1, '处罚-简易', '罚款缴付银行', $2, $3)`, [
      sqlCase.id, '2025-10-20', JSON.stringify({ paymentDue: '2025-10-13', late: false }),
    ]),
    /逾期缴付银行/,
  )
})

test('R-04 处罚法71: money collected on water counts from the day of landing', async () => {
  const c = await decidedCase(60, day(-10))
  await collect(c.id, day(-10), { ground: '68(一)', amountYuan: 60, onWater: true })
  const noLanding = await w.act(c.id, { type: '罚款交至机关', actedOn: day(-1) })
  assert.equal(noLanding.json().code, 'FINE_HANDOVER')
  assert.match(noLanding.json().message, /抵岸/)
  const landed = await w.ok(c.id, { type: '罚款交至机关', actedOn: day(-1), data: { landedOn: day(-2) } })
  const due = (await computeDue(db, { from: day(-2), n: 2, mode: 'working', orgId: w.agency.id })).due
  assert.equal(landed.data.handoverDue, due)
  assert.equal(landed.data.late, false)
})

test('R-04 处罚法52第三款/71: the case closes only after the 备案 with the agency and, for money collected on the spot, its handover and payment to the bank', async () => {
  const c = await decidedCase(100, day(-6))
  await collect(c.id, day(-6), { ground: '68(一)', amountYuan: 100 })
  const unfiled = await w.act(c.id, { type: '结案', actedOn: day(-1) })
  assert.equal(unfiled.json().code, 'CASE_PREDECESSOR_MISSING')
  assert.match(unfiled.json().message, /备案/)
  await w.ok(c.id, { type: '备案', actedOn: day(-5) })
  const unpaid = await w.act(c.id, { type: '结案', actedOn: day(-1) })
  assert.equal(unpaid.json().code, 'FINE_HANDOVER')
  await w.ok(c.id, { type: '罚款交至机关', actedOn: day(-5) })
  assert.equal((await w.act(c.id, { type: '结案', actedOn: day(-1) })).json().code, 'FINE_HANDOVER')
  await w.ok(c.id, { type: '罚款缴付银行', actedOn: day(-4) })
  await w.ok(c.id, { type: '结案', actedOn: day(-1) })

  const bank = await decidedCase(100, day(-6))
  await w.ok(bank.id, { type: '备案', actedOn: day(-6) })
  assert.equal((await w.act(bank.id, { type: '结案', actedOn: day(-1) })).json().code, 'CASE_PREDECESSOR_MISSING')
  await w.ok(bank.id, { type: '执行', actedOn: day(-2), data: { paidAt: '银行' } })
  await w.ok(bank.id, { type: '结案', actedOn: day(-1) })
})

test('R-04 处罚法69/71: after a 普通程序 fine, only a remote area, water or poor transport allows collection on the spot, on the party’s request', async () => {
  const c = await w.newCase()
  await w.ok(c.id, { type: '案源登记', actedOn: day(-12) })
  await w.ok(c.id, { type: '核查', actedOn: day(-12) })
  await w.ok(c.id, { type: '立案', actedOn: day(-12) }, w.head)
  await w.ok(c.id, { type: '调查取证', actedOn: day(-11), officers: w.people.slice(0, 2) })
  await w.ok(c.id, { type: '案件审核', actedOn: day(-10) })
  await w.ok(c.id, { type: '告知', actedOn: day(-10) })
  await w.ok(c.id, { type: '放弃陈述申辩', actedOn: day(-10) })
  await passReview(db, c.id)
  await w.ok(c.id, { type: '决定', actedOn: day(-9), data: { penalty: '罚款', fineYuan: 2000 } }, w.head)
  await w.ok(c.id, { type: '送达', actedOn: day(-9) })
  const small = await collect(c.id, day(-8), { ground: '68(一)', amountYuan: 2000 })
  assert.equal(small.json().code, 'ON_THE_SPOT_COLLECTION')
  assert.match(small.json().message, /第六十九条/)
  const wrongAmount = await collect(c.id, day(-8), { ground: '69', amountYuan: 200, reason: '海岛，无银行网点', partyRequested: true })
  assert.equal(wrongAmount.json().code, 'ON_THE_SPOT_COLLECTION')
  const unasked = await collect(c.id, day(-8), { ground: '69', amountYuan: 2000, reason: '海岛，无银行网点', partyRequested: false })
  assert.equal(unasked.json().code, 'ON_THE_SPOT_COLLECTION')
  const remote = await collect(c.id, day(-8), { ground: '69', amountYuan: 2000, reason: '海岛，无银行网点', partyRequested: true })
  assert.equal(remote.statusCode, 201, remote.body)
  await w.ok(c.id, { type: '执行', actedOn: day(-8) })
  assert.equal((await w.act(c.id, { type: '结案', actedOn: day(-1) })).json().code, 'FINE_HANDOVER')
  const handed = await w.ok(c.id, { type: '罚款交至机关', actedOn: day(-7) })
  assert.equal(handed.data.late, false)
  await w.ok(c.id, { type: '罚款缴付银行', actedOn: day(-7) })
  await w.ok(c.id, { type: '结案', actedOn: day(-1) })
})
