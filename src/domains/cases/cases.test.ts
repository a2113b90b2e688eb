import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, loginAs, type OrgRow, type Session, dayFromToday } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { simplePenaltyProblem } from './rules.ts'
import { loadCaseModel } from './model.ts'
import { passReview } from '../review/gate.test-world.ts'
import { recordAv, recordAvReasonsSql } from '../av/test-world.ts'

const db = testDb()
let app: FastifyInstance
let agency: OrgRow
let officer: Session
/** 立案, 不予立案 and 决定 need the head's approval; a head records them directly. */
let head: Session
let headId: string
let officers: string[]

const day = dayFromToday

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'county' })
  agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  officer = await loginAs(app, (await makeUser(db, { org: agency, roles: ['officer'] })).username)
  const headUser = await makeUser(db, { org: agency, roles: ['officer', 'head'] })
  headId = headUser.id
  head = await loginAs(app, headUser.username)
  officers = [await insertPerson(db, agency.id), await insertPerson(db, agency.id)]
  for (const id of officers) await insertCertificate(db, id)
})
after(async () => app.close())

async function newCase(kind = '处罚-普通', extra: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: officer.headers,
    payload: { kind, partyKind: 'citizen', partyName: '张三', summary: '无照经营', ...extra },
  })
  assert.equal(res.statusCode, 201, res.body)
  return res.json() as { id: string; number: string }
}

const HEAD_ACTIONS = new Set(['立案', '不予立案', '决定'])
const act = (caseId: string, payload: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/actions`,
    headers: (HEAD_ACTIONS.has(payload.type as string) ? head : officer).headers,
    payload,
  })

async function ok(caseId: string, payload: Record<string, unknown>) {
  const res = await act(caseId, payload)
  assert.equal(res.statusCode, 201, `${payload.type}: ${res.body}`)
  // the walk records the act's recording or absence reason before it goes on
  await recordAv(app, (HEAD_ACTIONS.has(payload.type as string) ? head : officer).headers, caseId, res.json().id)
  return res.json() as { id: string; data: Record<string, unknown>; notBefore: string | null }
}

const getCase = async (id: string) => (await app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: officer.headers })).json()
const actionCount = async (id: string) => (await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1`, [id])).n as number

/** Walks a 普通程序 case up to and including 告知 (dated `notice`). */
async function upToNotice(caseId: string, notice: number) {
  await ok(caseId, { type: '案源登记', actedOn: day(notice - 5) })
  await ok(caseId, { type: '核查', actedOn: day(notice - 5) })
  await ok(caseId, { type: '立案', actedOn: day(notice - 4) })
  await ok(caseId, { type: '调查取证', actedOn: day(notice - 3), officers })
  await ok(caseId, { type: '案件审核', actedOn: day(notice - 1) })
  return ok(caseId, { type: '告知', actedOn: day(notice), data: { content: '拟罚款五千元' } })
}

test('R-01: the stage model of every kind is read from the database', async () => {
  const model = await loadCaseModel(db)
  assert.deepEqual(model.map((k) => k.code), ['处罚-简易', '处罚-普通', '许可', '强制-措施', '强制-执行', '检查', '征收征用', '收费'])
  const ordinary = model.find((k) => k.code === '处罚-普通')!.actions.map((a) => a.code)
  for (const stage of ['案源登记', '核查', '立案', '不予立案', '调查取证', '案件审核', '告知', '陈述申辩', '听证申请', '听证', '放弃陈述申辩', '法制审核', '集体讨论', '决定', '送达', '执行', '结案', '归档']) {
    assert.ok(ordinary.includes(stage), stage)
  }
  assert.equal(model.find((k) => k.code === '处罚-简易')!.actions[0]!.onSite, true)
})

test('R-01 R-02 处罚法44/64: a 普通程序 case walks from 案源登记 to 归档; 决定 waits for the statement period', async () => {
  const c = await newCase()
  assert.deepEqual((await getCase(c.id)).nextActions, ['案源登记'])
  const notice = await upToNotice(c.id, -40)
  const deadline = notice.data.statementDeadline as string
  assert.ok(deadline >= day(-35), `5 working days after ${day(-40)}: ${deadline}`)
  assert.equal(notice.notBefore, day(-40 + Math.round((Date.parse(deadline) - Date.parse(day(-40))) / 86400000) + 1))

  const early = await act(c.id, { type: '决定', actedOn: deadline })
  assert.equal(early.statusCode, 422)
  assert.equal(early.json().code, 'CASE_STATEMENT_PERIOD')

  await ok(c.id, { type: '陈述申辩', actedOn: day(-38), data: { summary: '当事人称初犯' } })
  await passReview(db, c.id)
  await ok(c.id, { type: '决定', actedOn: day(-20), data: { result: '罚款五千元' } })
  await ok(c.id, { type: '送达', actedOn: day(-19) })
  await ok(c.id, { type: '执行', actedOn: day(-10) })
  await ok(c.id, { type: '结案', actedOn: day(-9) })
  const closed = await act(c.id, { type: '执行', actedOn: day(-8) })
  assert.equal(closed.json().code, 'CASE_CLOSED')
  await ok(c.id, { type: '归档', actedOn: day(-8) })
  const detail = await getCase(c.id)
  assert.equal(detail.archived, true)
  assert.equal(detail.stage, '归档')
  assert.deepEqual(detail.nextActions, [])
  assert.equal(detail.actions.length, 12)
  const audits = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.action.record' AND detail->>'caseId' = $1`, [c.id])
  assert.equal(audits.n, 12)
})

test('R-02 处罚法45: a waiver of 陈述申辩 lets 决定 follow the notice at once', async () => {
  const c = await newCase()
  await upToNotice(c.id, -10)
  await ok(c.id, { type: '放弃陈述申辩', actedOn: day(-10) })
  await passReview(db, c.id)
  await ok(c.id, { type: '决定', actedOn: day(-10) })
  assert.equal((await getCase(c.id)).stage, '决定')
})

test('R-02 处罚法64: a hearing asked for within the period must be held before 决定', async () => {
  const c = await newCase()
  const notice = await upToNotice(c.id, -30)
  const deadline = notice.data.statementDeadline as string
  await ok(c.id, { type: '听证申请', actedOn: deadline })
  const decision = await act(c.id, { type: '决定', actedOn: day(-5) })
  assert.equal(decision.json().code, 'CASE_PREDECESSOR_MISSING')
  assert.match(decision.json().message, /听证/)
  await ok(c.id, { type: '听证', actedOn: day(-6) })
  await passReview(db, c.id)
  await ok(c.id, { type: '决定', actedOn: day(-5) })

  const late = await newCase()
  const lateNotice = await upToNotice(late.id, -30)
  const after = await act(late.id, { type: '听证申请', actedOn: day(-30 + 20) })
  assert.ok((lateNotice.notBefore as string) <= day(-10))
  assert.equal(after.json().code, 'CASE_STATEMENT_PERIOD_OVER')
})

test('R-02 处罚法58: a major case needs a passed 法制审核 before 决定', async () => {
  const c = await newCase('处罚-普通', { major: true })
  await upToNotice(c.id, -10)
  await ok(c.id, { type: '放弃陈述申辩', actedOn: day(-10) })
  assert.equal((await act(c.id, { type: '决定', actedOn: day(-9) })).json().code, 'CASE_PREDECESSOR_MISSING')
  await ok(c.id, { type: '法制审核', actedOn: day(-9), data: { passed: false } })
  assert.equal((await act(c.id, { type: '决定', actedOn: day(-9) })).json().code, 'CASE_PREDECESSOR_MISSING')
  const wrong = await ok(c.id, { type: '法制审核', actedOn: day(-8), data: { passed: true } })
  // the passing review was recorded by mistake: once superseded it no longer counts
  await ok(c.id, { type: '法制审核', actedOn: day(-8), data: { passed: false }, supersedesId: wrong.id })
  assert.equal((await act(c.id, { type: '决定', actedOn: day(-8) })).json().code, 'CASE_PREDECESSOR_MISSING')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on) VALUES ($1, '处罚-普通', '决定', $2)`, [c.id, day(-8)]),
    /法制审核/,
  )
  await ok(c.id, { type: '法制审核', actedOn: day(-7), data: { passed: true } })
  await passReview(db, c.id)
  await ok(c.id, { type: '决定', actedOn: day(-7) })
})

test('R-01: 不予立案 ends the case; only 归档 may follow', async () => {
  const c = await newCase()
  await ok(c.id, { type: '案源登记', actedOn: day(-3) })
  await ok(c.id, { type: '核查', actedOn: day(-3) })
  assert.equal((await act(c.id, { type: '不予立案', actedOn: day(-2) })).json().code, 'CASE_DATA_MISSING')
  await ok(c.id, { type: '不予立案', actedOn: day(-2), data: { reason: '违法事实不成立' } })
  assert.deepEqual((await getCase(c.id)).nextActions, ['归档'])
  assert.equal((await act(c.id, { type: '立案', actedOn: day(-2) })).json().code, 'CASE_CLOSED')
  await ok(c.id, { type: '归档', actedOn: day(-1) })
  assert.equal((await act(c.id, { type: '归档', actedOn: day(-1) })).json().code, 'CASE_ARCHIVED')
})

test('R-02: a correction supersedes an earlier action, which then no longer counts', async () => {
  const c = await newCase()
  const first = await ok(c.id, { type: '案源登记', actedOn: day(-5), data: { source: '投诉' } })
  const fix = await ok(c.id, { type: '案源登记', actedOn: day(-5), data: { source: '举报' }, supersedesId: first.id })
  const again = await act(c.id, { type: '案源登记', actedOn: day(-5), supersedesId: first.id })
  assert.equal(again.json().code, 'CASE_SUPERSEDE')
  await ok(c.id, { type: '核查', actedOn: day(-4) })
  const late = await act(c.id, { type: '案源登记', actedOn: day(-5), supersedesId: fix.id })
  assert.equal(late.statusCode, 422)
  assert.equal(late.json().code, 'CASE_SUPERSEDE')
  const detail = await getCase(c.id)
  const old = detail.actions.find((a: { id: string }) => a.id === first.id)
  assert.equal(old.supersededBy, fix.id)
  assert.equal(detail.stage, '核查')
})

test('R-02 处罚法42: an on-site act needs two officers with valid certificates', async () => {
  const c = await newCase()
  await ok(c.id, { type: '案源登记', actedOn: day(-5) })
  await ok(c.id, { type: '核查', actedOn: day(-5) })
  await ok(c.id, { type: '立案', actedOn: day(-5) })
  const res = await act(c.id, { type: '调查取证', actedOn: day(-4), officers: [officers[0]] })
  assert.equal(res.statusCode, 422)
  assert.equal(res.json().code, 'ACTING_OFFICERS')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, officers) VALUES ($1, '处罚-普通', '调查取证', $2, $3::uuid[])`, [c.id, day(-4), [officers[0]]]),
    /执法人员不得少于两人/,
  )
})

test('R-02: illegal actions inserted directly with SQL as the app role are refused', async () => {
  const c = await newCase()
  const insert = (type: string, actedOn: string, data: object = {}) =>
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data) VALUES ($1, '处罚-普通', $2, $3, $4)`, [c.id, type, actedOn, JSON.stringify(data)])
  await assert.rejects(insert('决定', day(-1)), /须先有“告知”/)
  await assert.rejects(insert('核查', day(-1)), /须先有“案源登记”/)
  await insert('案源登记', day(-3))
  await assert.rejects(insert('核查', day(-4)), /不得早于/)
  await assert.rejects(insert('案源登记', day(-3)), /已经记录/)
  assert.equal(await actionCount(c.id), 1)
})

test('R-02 处罚法64: a 告知 inserted with SQL must carry a period of at least five days', async () => {
  const s = await newCase()
  for (const [type, d, officersArg] of [['案源登记', -9, []], ['核查', -9, []], ['立案', -9, []], ['调查取证', -9, officers], ['案件审核', -9, []]] as const) {
    await db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, officers, recorded_by) VALUES ($1, '处罚-普通', $2, $3, $4::uuid[], $5)`, [
      s.id, type, day(d), officersArg, headId,
    ])
    // R-06: the 调查取证's absent recording is explained before the case goes on
    await recordAvReasonsSql(db, s.id, headId)
  }
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data) VALUES ($1, '处罚-普通', '告知', $2, $3)`, [s.id, day(-8), JSON.stringify({ statementDeadline: day(-6) })]),
    /不得少于告知后五日/,
  )
})

test('R-02 F-06: UPDATE and DELETE of case_action are refused', async () => {
  const c = await newCase()
  const a = await ok(c.id, { type: '案源登记', actedOn: day(-1) })
  await assert.rejects(db.query(`UPDATE case_action SET acted_on = acted_on - 1 WHERE id = $1`, [a.id]))
  await assert.rejects(db.query(`DELETE FROM case_action WHERE id = $1`, [a.id]))
  assert.equal(await actionCount(c.id), 1)
})

test('R-04 处罚法51: 简易程序 fines are limited to 200 元 for a citizen and 3,000 元 for an organisation', async () => {
  assert.equal(simplePenaltyProblem('citizen', { penalty: '罚款', fineYuan: 200 }), null)
  assert.match(simplePenaltyProblem('citizen', { penalty: '罚款', fineYuan: 201 })!, /二百元/)
  assert.equal(simplePenaltyProblem('organisation', { penalty: '罚款', fineYuan: 3000 }), null)
  assert.match(simplePenaltyProblem('organisation', { penalty: '罚款', fineYuan: 3000.01 })!, /三千元/)
  assert.equal(simplePenaltyProblem('citizen', { penalty: '警告' }), null)

  const citizen = await newCase('处罚-简易')
  const over = await act(citizen.id, { type: '现场处罚决定', actedOn: day(0), officers, data: { penalty: '罚款', fineYuan: 201, documentNo: 'JY0001' } })
  assert.equal(over.statusCode, 422)
  assert.equal(over.json().code, 'SIMPLE_PROCEDURE_LIMIT')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, officers, data) VALUES ($1, '处罚-简易', '现场处罚决定', $2, $3::uuid[], $4)`, [
      citizen.id, day(0), officers, JSON.stringify({ penalty: '罚款', fineYuan: 250, documentNo: 'JY0001' }),
    ]),
    /二百元/,
  )
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, officers, data) VALUES ($1, '处罚-简易', '现场处罚决定', $2, $3::uuid[], $4)`, [
      citizen.id, day(0), officers, JSON.stringify({ penalty: '没收', documentNo: 'JY0001' }),
    ]),
    /警告或者罚款/,
  )
  assert.equal(await actionCount(citizen.id), 0)
  await ok(citizen.id, { type: '现场处罚决定', actedOn: day(0), officers, data: { penalty: '罚款', fineYuan: 200, documentNo: 'JY0001' } })

  const org = await newCase('处罚-简易', { partyKind: 'organisation', partyName: '某公司' })
  assert.equal((await act(org.id, { type: '现场处罚决定', actedOn: day(0), officers, data: { penalty: '罚款', fineYuan: 3001, documentNo: 'JY0002' } })).statusCode, 422)
  await ok(org.id, { type: '现场处罚决定', actedOn: day(0), officers, data: { penalty: '罚款', fineYuan: 3000, documentNo: 'JY0002' } })
  await ok(org.id, { type: '送达', actedOn: day(0) })
})

test('R-02 N-05: bad input (unknown case, wrong stage, missing field) changes nothing', async () => {
  const c = await newCase()
  const missingCase = await app.inject({ method: 'POST', url: `/api/cases/${crypto.randomUUID()}/actions`, headers: officer.headers, payload: { type: '案源登记', actedOn: day(0) } })
  assert.equal(missingCase.statusCode, 404)
  const wrongStage = await act(c.id, { type: '决定', actedOn: day(0) })
  assert.equal(wrongStage.statusCode, 422)
  assert.equal(wrongStage.json().code, 'CASE_PREDECESSOR_MISSING')
  assert.match(wrongStage.json().message, /告知/)
  const missingField = await act(c.id, { type: '案源登记' })
  assert.equal(missingField.statusCode, 400)
  const unknownType = await act(c.id, { type: '现场处罚决定', actedOn: day(0) })
  assert.equal(unknownType.statusCode, 422)
  const future = await act(c.id, { type: '案源登记', actedOn: day(3) })
  assert.equal(future.json().code, 'CASE_DATE_FUTURE')
  assert.equal(await actionCount(c.id), 0)
  const audits = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE detail->>'caseId' = $1`, [c.id])
  assert.equal(audits.n, 0)
})

test('F-05: cases of another agency are neither listed nor readable', async () => {
  const c = await newCase()
  const region = await makeOrg(db, { level: 'county' })
  const other = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const stranger = await loginAs(app, (await makeUser(db, { org: other, roles: ['officer'] })).username)
  assert.equal((await app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: stranger.headers })).statusCode, 403)
  assert.equal((await app.inject({ method: 'POST', url: `/api/cases/${c.id}/actions`, headers: stranger.headers, payload: { type: '案源登记', actedOn: day(0) } })).statusCode, 403)
  const list = await app.inject({ method: 'GET', url: '/api/cases?limit=200', headers: stranger.headers })
  assert.equal(list.json().total, 0)
  const mine = await app.inject({ method: 'GET', url: '/api/cases?limit=1', headers: officer.headers })
  assert.equal(mine.json().items.length, 1)
  assert.ok(mine.json().total >= 1)
})
