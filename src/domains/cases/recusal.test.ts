import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { day, makeCaseWorld, type CaseWorld } from './approvals.test-world.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app, 4)
})
after(async () => app.close())

/** A 普通程序 case up to 立案, ready for 调查取证 (on site, two officers). */
async function openedCase() {
  const c = await w.newCase()
  await w.ok(c.id, { type: '案源登记', actedOn: day(-6) })
  await w.ok(c.id, { type: '核查', actedOn: day(-6) })
  await w.ok(c.id, { type: '立案', actedOn: day(-5) }, w.head)
  return c
}

const recuse = (caseId: string, payload: Record<string, unknown>, who = w.officer) => w.post(`/api/cases/${caseId}/recusals`, payload, who)
const decideRecusal = (id: string, payload: Record<string, unknown>, who = w.head) => w.post(`/api/recusals/${id}/decision`, payload, who)
const investigationSql = (caseId: string, officers: string[]) =>
  db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, officers) VALUES ($1, '处罚-普通', '调查取证', $2, $3::uuid[])`, [caseId, day(-4), officers])

test('R-01 处罚法43第一款: an officer who declared a direct interest is no acting officer of the case, through the API or SQL', async () => {
  const [a, b, c3] = w.people as [string, string, string]
  const declarant = await w.member(['officer'], w.agency, a)
  const c = await openedCase()
  const other = await openedCase()
  const declared = await recuse(c.id, { personId: a, source: 'declared', grounds: '当事人系其配偶', appliedOn: day(-5) }, declarant)
  assert.equal(declared.statusCode, 201, declared.body)
  assert.equal(declared.json().status, 'in-force')

  const res = await w.act(c.id, { type: '调查取证', actedOn: day(-4), officers: [a, b] })
  assert.equal(res.statusCode, 422)
  assert.equal(res.json().code, 'RECUSED')
  assert.match(res.json().message, /回避/)
  await assert.rejects(investigationSql(c.id, [a, b]), /已回避本案/)
  await w.ok(c.id, { type: '调查取证', actedOn: day(-4), officers: [b, c3] })
  // only this case: in another case the officer still acts
  await w.ok(other.id, { type: '调查取证', actedOn: day(-4), officers: [a, b] })
})

test('R-01 处罚法43: a recused officer records no action of the case, and cannot ask for an approval in it', async () => {
  const certified = async () => {
    const id = await insertPerson(db, w.agency.id)
    await insertCertificate(db, id)
    return id
  }
  const [p, q] = [await certified(), await certified()]
  const recorder = await w.member(['officer'], w.agency, p)
  const headRecused = await w.member(['officer', 'head'], w.agency, q)
  const c = await openedCase()
  await w.ok(c.id, { type: '调查取证', actedOn: day(-4), officers: w.people.slice(1, 3) }, recorder)
  for (const personId of [p, q]) {
    const declared = await recuse(c.id, { personId, source: 'declared', grounds: '与当事人有借贷关系', appliedOn: day(-3) }, w.head)
    assert.equal(declared.statusCode, 201, declared.body)
  }
  const res = await w.act(c.id, { type: '案件审核', actedOn: day(-3) }, recorder)
  assert.equal(res.json().code, 'RECUSED')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, recorded_by) VALUES ($1, '处罚-普通', '案件审核', $2, $3)`, [c.id, day(-3), recorder.id]),
    /已回避本案/,
  )
  const asHead = await w.act(c.id, { type: '案件审核', actedOn: day(-3) }, headRecused)
  assert.equal(asHead.json().code, 'RECUSED')
  const request = await w.post(`/api/cases/${c.id}/approvals`, { type: '决定', actedOn: day(-3), reason: '拟决定' }, recorder)
  assert.equal(request.json().code, 'RECUSED')
  await w.ok(c.id, { type: '案件审核', actedOn: day(-3) })
})

test('R-01 处罚法43: the head does not act on a request whose author has since been recused', async () => {
  const author = await insertPerson(db, w.agency.id)
  await insertCertificate(db, author)
  const requester = await w.member(['officer'], w.agency, author)
  const c = await w.newCase()
  await w.ok(c.id, { type: '案源登记', actedOn: day(-6) })
  await w.ok(c.id, { type: '核查', actedOn: day(-6) })
  const request = (await w.post(`/api/cases/${c.id}/approvals`, { type: '立案', actedOn: day(-5), reason: '拟立案' }, requester)).json()
  const applied = (await recuse(c.id, { personId: author, source: 'application', grounds: '与当事人系同学', appliedOn: day(-4), applicant: '张三' })).json()
  await decideRecusal(applied.id, { granted: true, grounds: '理由成立', decidedOn: day(-4) })
  const res = await w.post(`/api/approvals/${request.id}/decision`, { approve: true, opinion: '同意' }, w.head)
  assert.equal(res.json().code, 'RECUSED')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1`, [c.id])).n, 2)
  const rejected = await w.post(`/api/approvals/${request.id}/decision`, { approve: false, opinion: '承办人已回避，请重新提交' }, w.head)
  assert.equal(rejected.statusCode, 200)
})

test('R-01 处罚法43第二、三款: the party’s application is recorded with its date; the officer acts until the head grants it', async () => {
  const [a, b, c3] = w.people as [string, string, string]
  const c = await openedCase()
  const applied = await recuse(c.id, { personId: a, source: 'application', grounds: '该执法人员曾与申请人发生纠纷', appliedOn: day(-5), applicant: '张三' })
  assert.equal(applied.statusCode, 201, applied.body)
  assert.equal(applied.json().status, 'pending')
  assert.equal(applied.json().appliedOn, day(-5))
  assert.equal(applied.json().applicant, '张三')
  // 决定作出之前，不停止调查
  await w.ok(c.id, { type: '调查取证', actedOn: day(-4), officers: [a, b] })

  const officerDecides = await decideRecusal(applied.json().id, { granted: true, grounds: '理由成立', decidedOn: day(-3) }, w.officer)
  assert.equal(officerDecides.statusCode, 403)
  const early = await decideRecusal(applied.json().id, { granted: true, grounds: '理由成立', decidedOn: day(-6) })
  assert.equal(early.json().code, 'RECUSAL_DATE')
  assert.equal((await decideRecusal(applied.json().id, { granted: true, decidedOn: day(-3) })).statusCode, 400)
  const granted = await decideRecusal(applied.json().id, { granted: true, grounds: '申请理由成立，决定回避', decidedOn: day(-3) })
  assert.equal(granted.statusCode, 200, granted.body)
  assert.equal(granted.json().status, 'in-force')
  assert.equal(granted.json().decision.decidedBy.id, w.head.id)
  assert.equal(granted.json().decision.grounds, '申请理由成立，决定回避')
  assert.equal(granted.json().decision.decidedOn, day(-3))
  const twice = await decideRecusal(applied.json().id, { granted: false, grounds: '改变决定', decidedOn: day(-3) })
  assert.equal(twice.json().code, 'RECUSAL_DECIDED')

  const res = await w.act(c.id, { type: '调查取证', actedOn: day(-2), officers: [a, b] })
  assert.equal(res.json().code, 'RECUSED')
  await w.ok(c.id, { type: '调查取证', actedOn: day(-2), officers: [b, c3] })
  const list = (await w.get(`/api/cases/${c.id}/recusals`, w.officer)).json().items as Array<{ id: string; status: string }>
  assert.deepEqual(list.map((r) => r.status), ['in-force'])
})

test('R-01 处罚法43第三款: a refused application leaves the officer on the case', async () => {
  const [a, b] = w.people as [string, string]
  const c = await openedCase()
  const applied = (await recuse(c.id, { personId: a, source: 'application', grounds: '认为执法人员不公', appliedOn: day(-5), applicant: '张三' })).json()
  const refused = await decideRecusal(applied.id, { granted: false, grounds: '无证据证明存在利害关系', decidedOn: day(-4) })
  assert.equal(refused.json().status, 'refused')
  await w.ok(c.id, { type: '调查取证', actedOn: day(-4), officers: [a, b] })
})

test('R-01 处罚法43 N-05: declarations need the officer or a head; applications an applicant; only heads decide, in the database too', async () => {
  const [a, b] = w.people as [string, string]
  const c = await openedCase()
  const forOther = await recuse(c.id, { personId: a, source: 'declared', grounds: '亲属', appliedOn: day(-5) })
  assert.equal(forOther.statusCode, 403)
  const noApplicant = await recuse(c.id, { personId: a, source: 'application', grounds: '亲属', appliedOn: day(-5) })
  assert.equal(noApplicant.json().code, 'RECUSAL_APPLICANT')
  assert.equal((await recuse(c.id, { personId: a, source: 'declared', grounds: '', appliedOn: day(-5) }, w.head)).statusCode, 400)
  assert.equal((await recuse(c.id, { personId: a, source: 'declared', grounds: '亲属', appliedOn: day(3) }, w.head)).json().code, 'RECUSAL_DATE')
  assert.equal((await recuse(c.id, { personId: crypto.randomUUID(), source: 'declared', grounds: '亲属', appliedOn: day(-5) }, w.head)).statusCode, 404)
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_recusal WHERE case_id = $1`, [c.id])).n, 0)

  const declared = (await recuse(c.id, { personId: b, source: 'declared', grounds: '亲属', appliedOn: day(-5) }, w.head)).json()
  assert.equal((await decideRecusal(declared.id, { granted: false, grounds: 'x', decidedOn: day(-4) })).json().code, 'RECUSAL_NOT_APPLICATION')

  const applied = (await recuse(c.id, { personId: a, source: 'application', grounds: '纠纷', appliedOn: day(-5), applicant: '张三' })).json()
  await assert.rejects(
    db.query(`INSERT INTO case_recusal_decision (recusal_id, granted, grounds, decided_on, decided_by) VALUES ($1, true, '成立', $2, $3)`, [applied.id, day(-4), w.officer.id]),
    /负责人决定/,
  )
  await db.query(`INSERT INTO case_recusal_decision (recusal_id, granted, grounds, decided_on, decided_by) VALUES ($1, true, '成立', $2, $3)`, [applied.id, day(-4), w.head.id])
  await assert.rejects(db.query(`UPDATE case_recusal_decision SET granted = false WHERE recusal_id = $1`, [applied.id]))
  await assert.rejects(db.query(`DELETE FROM case_recusal WHERE id = $1`, [applied.id]))
  await assert.rejects(investigationSql(c.id, [a, b]), /已回避本案/)
  const discloser = await w.member(['disclosure'])
  assert.equal((await w.get(`/api/cases/${c.id}/recusals`, discloser)).statusCode, 403)
  assert.equal((await w.get(`/api/cases/${c.id}/recusals`, w.officer)).statusCode, 200)
  // a supervisor reads them only during a 调阅
  const supervisor = await w.member(['supervisor'])
  assert.equal((await w.get(`/api/cases/${c.id}/recusals`, supervisor)).json().code, 'RECORD_ACCESS_REQUIRED')
  const audits = await db.many<{ action: string }>(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id`, [declared.id])
  assert.deepEqual(audits.map((e) => e.action), ['case.recusal.declare'])
})

test('R-01 许可法48(三): in a 许可 case a recused person does not take part in the hearing', async () => {
  const host = await insertPerson(db, w.agency.id)
  await insertCertificate(db, host)
  const c = await w.newCase('许可', { partyKind: 'organisation', partyName: '某餐饮公司', summary: '食品经营许可' })
  await w.ok(c.id, { type: '申请', actedOn: day(-20) })
  await w.ok(c.id, { type: '受理', actedOn: day(-19) })
  await w.ok(c.id, { type: '审查', actedOn: day(-15) })
  const applied = (await recuse(c.id, { personId: host, source: 'application', grounds: '主持人与竞争企业有利害关系', appliedOn: day(-12), applicant: '某餐饮公司' })).json()
  await decideRecusal(applied.id, { granted: true, grounds: '理由成立', decidedOn: day(-11) })
  const res = await w.act(c.id, { type: '听证', actedOn: day(-5), officers: [host], data: { role: '主持人' } })
  assert.equal(res.json().code, 'RECUSED')
  await w.ok(c.id, { type: '听证', actedOn: day(-5), officers: [w.people[0]!] })
})
