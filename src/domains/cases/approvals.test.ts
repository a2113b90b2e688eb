import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, testDatabaseUrl, makeOrg } from '../../../test/support.ts'
import { createDb } from '../../platform/db/pool.ts'
import { day, makeCaseWorld, type CaseWorld } from './approvals.test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => app.close())

const actionCount = async (caseId: string) => (await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1`, [caseId])).n as number

/** A 普通程序 case up to 核查, ready for 立案. */
async function checkedCase() {
  const c = await w.newCase()
  await w.ok(c.id, { type: '案源登记', actedOn: day(-6) })
  await w.ok(c.id, { type: '核查', actedOn: day(-5) })
  return c
}

const requestApproval = (caseId: string, payload: Record<string, unknown>, who = w.officer) => w.post(`/api/cases/${caseId}/approvals`, payload, who)
const decide = (id: string, payload: Record<string, unknown>, who = w.head) => w.post(`/api/approvals/${id}/decision`, payload, who)

test('R-01 强制法18/25 处罚法57 市场监管程序规定20: 立案, 不予立案, 决定, 延期, 审批, 延长, 强制执行决定 and 征收征用 决定 need the head', async () => {
  const flagged = await db.many<{ kind: string; code: string }>(`SELECT kind, code FROM case_action_type WHERE needs_approval ORDER BY kind, code`)
  const pairs = new Set(flagged.map((t) => `${t.kind}/${t.code}`))
  const expected = ['处罚-普通/立案', '处罚-普通/不予立案', '处罚-普通/决定', '许可/决定', '强制-措施/审批', '强制-措施/延长', '强制-执行/强制执行决定', '征收征用/决定']
  for (const pair of expected) assert.ok(pairs.has(pair), pair)
  const extensions = await db.many<{ kind: string; needs: boolean }>(
    `SELECT kind, needs_approval AS needs FROM case_action_type WHERE code = '延期' AND kind IN ('处罚-普通', '许可')`,
  )
  for (const t of extensions) assert.equal(t.needs, true, `${t.kind}/延期`)
  for (const pair of ['处罚-普通/案源登记', '处罚-普通/告知', '强制-措施/实施', '处罚-简易/现场处罚决定']) assert.ok(!pairs.has(pair), pair)
})

test('R-01 强制法18(一): a type added later needs the head by its needs_approval flag alone', async () => {
  const owner = createDb(testDatabaseUrl(), { role: null, max: 1 })
  const rolledBack = new Error('rolled back')
  try {
    await assert.rejects(
      owner.tx(async (tx) => {
        // as the migrations do: the owner role only for this transaction (the embedded session is shared)
        await tx.query('SET LOCAL ROLE zhifa_owner')
        await tx.query(`INSERT INTO case_action_type (kind, code, seq, stage, needs_approval) VALUES ('检查', '测试审批', 990, '测试审批', true)`)
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO enforcement_case (agency_id, kind, number, party_kind, party_name, summary) VALUES ($1, '检查', $2, 'citizen', '李四', '测试') RETURNING id`,
          [w.agency.id, `T-${crypto.randomUUID()}`],
        )
        const insert = (recordedBy: string) =>
          tx.query(`INSERT INTO case_action (case_id, kind, type, acted_on, recorded_by) VALUES ($1, '检查', '测试审批', $2, $3)`, [rows[0]!.id, day(-1), recordedBy])
        await tx.query('SAVEPOINT officer')
        await assert.rejects(insert(w.officer.id), /须经行政机关负责人批准/)
        await tx.query('ROLLBACK TO SAVEPOINT officer')
        await insert(w.head.id)
        throw rolledBack
      }),
      (error) => error === rolledBack,
    )
  } finally {
    await owner.close()
  }
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_action_type WHERE code = '测试审批'`)).n, 0)
})

test('R-01 市场监管程序规定20: an officer recording 立案 directly gets 422 APPROVAL_REQUIRED and nothing is written', async () => {
  const c = await checkedCase()
  const res = await w.act(c.id, { type: '立案', actedOn: day(-4) })
  assert.equal(res.statusCode, 422)
  assert.equal(res.json().code, 'APPROVAL_REQUIRED')
  assert.match(res.json().message, /负责人批准/)
  assert.equal(await actionCount(c.id), 2)
  const audits = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.action.record' AND detail->>'caseId' = $1`, [c.id])
  assert.equal(audits.n, 2)
  // a head records it directly
  const direct = await w.ok(c.id, { type: '立案', actedOn: day(-4) }, w.head)
  assert.ok(direct.id)
})

test('R-01 处罚法57: the database admits a decision only when a head of the case agency records it', async () => {
  const c = await checkedCase()
  const insert = (recordedBy: string | null) =>
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, recorded_by) VALUES ($1, '处罚-普通', '立案', $2, $3)`, [c.id, day(-4), recordedBy])
  await assert.rejects(insert(null), /负责人批准/)
  await assert.rejects(insert(w.officer.id), /负责人批准/)
  const region = await makeOrg(db, { level: 'county' })
  const otherAgency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const otherHead = await w.member(['head'], otherAgency)
  await assert.rejects(insert(otherHead.id), /负责人批准/)
  const retiredHead = await w.member(['head'])
  await db.query(`UPDATE app_user SET active = false WHERE id = $1`, [retiredHead.id])
  await assert.rejects(insert(retiredHead.id), /负责人批准/)
  assert.equal(await actionCount(c.id), 2)
  await insert(w.head.id)
  assert.equal(await actionCount(c.id), 3)
})

test('R-01 处罚法57: an officer asks, the head sees the request and approves it, which records the action as the head’s', async () => {
  const c = await checkedCase()
  const submitted = await requestApproval(c.id, { type: '立案', actedOn: day(-4), data: { basis: '涉嫌无照经营' }, reason: '有违法事实，需要立案调查' })
  assert.equal(submitted.statusCode, 201, submitted.body)
  const request = submitted.json()
  assert.equal(request.status, 'pending')
  assert.equal(await actionCount(c.id), 2)

  const again = await requestApproval(c.id, { type: '立案', actedOn: day(-4), reason: '重复提交' })
  assert.equal(again.statusCode, 409)
  assert.equal(again.json().code, 'APPROVAL_PENDING')

  const pending = (await w.get('/api/approvals?status=pending', w.head)).json().items as Array<Record<string, unknown>>
  const mine = pending.find((r) => r.id === request.id)!
  assert.equal(mine.caseNumber, c.number)
  assert.equal(mine.partyName, '张三')
  assert.equal(mine.type, '立案')
  assert.deepEqual(mine.requestedBy, { id: w.officer.id, name: (mine.requestedBy as { name: string }).name })
  assert.ok(typeof mine.requestedAt === 'string')
  const laterCase = await checkedCase()
  const later = (await requestApproval(laterCase.id, { type: '立案', actedOn: day(-4), reason: '后提交的申请' })).json()
  const ids = ((await w.get('/api/approvals?status=pending', w.head)).json().items as Array<{ id: string }>).map((r) => r.id)
  assert.ok(ids.indexOf(request.id) >= 0 && ids.indexOf(request.id) < ids.indexOf(later.id), 'oldest first')

  const approved = await decide(request.id, { approve: true, opinion: '同意立案' })
  assert.equal(approved.statusCode, 200, approved.body)
  assert.equal(approved.json().status, 'approved')
  const action = await db.one(`SELECT type, recorded_by AS "recordedBy", data FROM case_action WHERE id = $1`, [approved.json().actionId])
  assert.equal(action.type, '立案')
  assert.equal(action.recordedBy, w.head.id)
  assert.equal(action.data.requestedBy, w.officer.id)
  assert.equal(action.data.approvalId, request.id)
  assert.equal(action.data.basis, '涉嫌无照经营')

  const decided = (await w.get('/api/approvals?status=decided', w.head)).json().items as Array<{ id: string; decision: { opinion: string } }>
  assert.equal(decided.find((r) => r.id === request.id)!.decision.opinion, '同意立案')
  assert.ok(!((await w.get('/api/approvals?status=pending', w.head)).json().items as Array<{ id: string }>).some((r) => r.id === request.id))
  const twice = await decide(request.id, { approve: false, opinion: '再审' })
  assert.equal(twice.statusCode, 409)
  assert.equal(twice.json().code, 'APPROVAL_DECIDED')
  const audits = await db.many<{ action: string }>(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id`, [request.id])
  assert.deepEqual(audits.map((a) => a.action), ['case.approval.request', 'case.approval.approve'])
  assert.equal((await w.get(`/api/cases/${c.id}`, w.officer)).json().stage, '立案')
})

test('R-01: an approval that is illegal at that moment writes nothing and the request stays pending', async () => {
  const c = await checkedCase()
  const request = (await requestApproval(c.id, { type: '立案', actedOn: day(-4), reason: '拟立案' })).json()
  // meanwhile the head records 立案 directly: the approved one would repeat it
  await w.ok(c.id, { type: '立案', actedOn: day(-4) }, w.head)
  const before = await actionCount(c.id)
  const res = await decide(request.id, { approve: true, opinion: '同意' })
  assert.equal(res.statusCode, 422)
  assert.equal(res.json().code, 'CASE_ACTION_REPEATED')
  assert.equal(await actionCount(c.id), before)
  const row = await db.one(`SELECT count(*)::int AS n FROM case_approval_decision WHERE request_id = $1`, [request.id])
  assert.equal(row.n, 0)
  const list = (await w.get(`/api/cases/${c.id}/approvals`, w.officer)).json().items as Array<{ id: string; status: string }>
  assert.equal(list.find((r) => r.id === request.id)!.status, 'pending')
  // the head then rejects it, with an opinion
  const noOpinion = await decide(request.id, { approve: false, opinion: '  ' })
  assert.equal(noOpinion.statusCode, 422)
  assert.equal(noOpinion.json().code, 'APPROVAL_OPINION_REQUIRED')
  const rejected = await decide(request.id, { approve: false, opinion: '已直接立案，本申请不予批准' })
  assert.equal(rejected.statusCode, 200)
  assert.equal(rejected.json().status, 'rejected')
  assert.equal(rejected.json().actionId, null)
  assert.equal(await actionCount(c.id), before)
})

test('R-01 F-05: only a head of the case agency sees and decides a request', async () => {
  const c = await checkedCase()
  const request = (await requestApproval(c.id, { type: '立案', actedOn: day(-4), reason: '拟立案' })).json()
  const region = await makeOrg(db, { level: 'county' })
  const otherHead = await w.member(['head'], await makeOrg(db, { parent: region, kind: 'agency', level: 'county' }))
  assert.ok(!((await w.get('/api/approvals', otherHead)).json().items as Array<{ id: string }>).some((r) => r.id === request.id))
  assert.equal((await decide(request.id, { approve: true, opinion: '' }, otherHead)).statusCode, 403)
  assert.equal((await decide(request.id, { approve: true, opinion: '' }, w.officer)).statusCode, 403)
  assert.equal((await w.get('/api/approvals', w.officer)).statusCode, 403)
  assert.equal(await actionCount(c.id), 2)
})

test('R-01 强制法18(一)/25: a 强制措施 is approved before it is carried out, and its 延长 is approved too', async () => {
  const c = await w.newCase('强制-措施')
  assert.equal((await w.act(c.id, { type: '审批', actedOn: day(-10) })).json().code, 'APPROVAL_REQUIRED')
  const request = (await requestApproval(c.id, { type: '审批', actedOn: day(-10), reason: '拟扣押涉案物品' })).json()
  const approved = await decide(request.id, { approve: true, opinion: '同意扣押' })
  assert.equal(approved.statusCode, 200, approved.body)
  await w.ok(c.id, { type: '实施', actedOn: day(-10), officers: w.people.slice(0, 2) })
  await w.ok(c.id, { type: '决定书送达', actedOn: day(-10) })
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, recorded_by) VALUES ($1, '强制-措施', '延长', $2, $3)`, [c.id, day(-2), w.officer.id]),
    /行政强制法第二十五条/,
  )
  const extension = (await requestApproval(c.id, { type: '延长', actedOn: day(-2), data: { days: 30 }, reason: '情况复杂' })).json()
  assert.equal((await decide(extension.id, { approve: true, opinion: '同意延长三十日' })).statusCode, 200)
})

test('R-01 N-05: a request needs a reason and a type that needs approval, and must be legal now; bad input writes nothing', async () => {
  const c = await checkedCase()
  assert.equal((await requestApproval(c.id, { type: '立案', actedOn: day(-4) })).statusCode, 400)
  assert.equal((await requestApproval(c.id, { type: '立案', actedOn: day(-4), reason: '' })).statusCode, 400)
  assert.equal((await requestApproval(c.id, { type: '立案', actedOn: day(-4), reason: 'x', extra: 1 })).statusCode, 400)
  const notNeeded = await requestApproval(c.id, { type: '调查取证', actedOn: day(-4), reason: '调查' })
  assert.equal(notNeeded.json().code, 'APPROVAL_NOT_NEEDED')
  const early = await requestApproval(c.id, { type: '决定', actedOn: day(-4), reason: '拟作出决定' })
  assert.equal(early.statusCode, 422)
  assert.equal(early.json().code, 'CASE_PREDECESSOR_MISSING')
  const future = await requestApproval(c.id, { type: '立案', actedOn: day(2), reason: '拟立案' })
  assert.equal(future.json().code, 'CASE_DATE_FUTURE')
  assert.equal((await decide(crypto.randomUUID(), { approve: true, opinion: '' })).statusCode, 404)
  const requests = await db.one(`SELECT count(*)::int AS n FROM case_approval_request WHERE case_id = $1`, [c.id])
  assert.equal(requests.n, 0)
})

test('R-01 R-02 F-06: requests and decisions are append-only, and only a head’s approval that recorded the action is accepted', async () => {
  const c = await checkedCase()
  const request = (await requestApproval(c.id, { type: '立案', actedOn: day(-4), reason: '拟立案' })).json()
  await assert.rejects(db.query(`UPDATE case_approval_request SET reason = 'x' WHERE id = $1`, [request.id]))
  await assert.rejects(db.query(`DELETE FROM case_approval_request WHERE id = $1`, [request.id]))
  await assert.rejects(
    db.query(`INSERT INTO case_approval_decision (request_id, approved, opinion, decided_by) VALUES ($1, false, '不同意', $2)`, [request.id, w.officer.id]),
    /负责人/,
  )
  await assert.rejects(
    db.query(`INSERT INTO case_approval_decision (request_id, approved, opinion, decided_by) VALUES ($1, true, '', $2)`, [request.id, w.head.id]),
  )
  await assert.rejects(
    db.query(`INSERT INTO case_approval_decision (request_id, approved, opinion, decided_by) VALUES ($1, false, ' ', $2)`, [request.id, w.head.id]),
  )
  await assert.rejects(
    db.query(`INSERT INTO case_approval_request (case_id, kind, type, acted_on, reason, requested_by) VALUES ($1, '处罚-普通', '调查取证', $2, '调查', $3)`, [
      c.id, day(-4), w.officer.id,
    ]),
    /无须负责人批准/,
  )
  const rejected = await decide(request.id, { approve: false, opinion: '证据不足' })
  assert.equal(rejected.statusCode, 200)
  await assert.rejects(db.query(`UPDATE case_approval_decision SET approved = true WHERE request_id = $1`, [request.id]))
  await assert.rejects(db.query(`DELETE FROM case_approval_decision WHERE request_id = $1`, [request.id]))
})
