import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { day, makeCaseWorld, type CaseWorld, type Member } from '../cases/approvals.test-world.ts'
import { randomUscc } from '../../portal/portal.fixtures.ts'
import { WITHDRAWAL_TRIGGERS } from './rules.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { listPublicPublications } from './public.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld
let officer: Member
/** Two officers certified since 2024, for decisions dated in 2025. */
const onSite: string[] = []

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
  officer = await w.member(['disclosure'])
  for (let i = 0; i < 2; i++) {
    const id = await insertPerson(db, w.agency.id)
    await insertCertificate(db, id, { validFrom: '2024-01-01', validTo: '2028-12-31' })
    onSite.push(id)
  }
  await db.query(
    `INSERT INTO enforcement_body (id, uscc, body_kind, legal_basis, domains, address, postcode, phone, supervisor_name, supervisor_contact, reconsideration_body, court)
     VALUES ($1, $2, '行政机关', '《中华人民共和国行政处罚法》', '{市场监管}', '测试市人民路1号', '100000', '0878-3123456', '测试市司法局', '0878-3987654', '测试市人民政府', '测试市中级人民法院')`,
    [w.agency.id, randomUscc()],
  )
})
after(async () => app.close())

/** A 简易程序 penalty decided on actedOn (a 处罚 publication, 7 working days). */
async function penaltyCase(actedOn: string, data: Record<string, unknown> = { penalty: '罚款', fineYuan: 100 }) {
  const c = await w.newCase('处罚-简易', { partyName: '李小明', summary: '在人民路12号门前占道经营' })
  await w.ok(c.id, { type: '现场处罚决定', actedOn, officers: onSite, data: { documentNo: `JY${Date.now() % 100000}`, ...data } })
  return c
}

/** A 强制执行 decision on actedOn (a 强制 publication, 20 working days). */
async function enforcementCase(actedOn: string) {
  const c = await w.newCase('强制-执行', { partyName: '某某建材有限公司', partyKind: 'organisation', summary: '逾期不拆除违法建筑' })
  await w.ok(c.id, { type: '催告', actedOn: '2025-09-01' })
  await w.ok(c.id, { type: '强制执行决定', actedOn, data: { result: '强制拆除' } }, w.head)
  return c
}

async function publicationOf(caseId: string) {
  return db.one<{ id: string; publicId: string; kind: string; priority: boolean; domain: string | null }>(
    `SELECT id, public_id AS "publicId", kind, priority, domain FROM publication WHERE case_id = $1`, [caseId])
}

const draftItem = async (id: string, due?: string) => {
  const res = await w.get(`/api/publications${due ? `?due=${due}` : ''}`, officer)
  assert.equal(res.statusCode, 200, res.body)
  return (res.json().items as { id: string; dueOn: string; overdue: boolean }[]).find((i) => i.id === id)
}

test('P-09 P-16: a recorded decision creates its draft publication in the same transaction, flagged as 重点领域 for 市场监管', async () => {
  const c = await penaltyCase(day(0))
  const pub = await publicationOf(c.id)
  assert.equal(pub.kind, '处罚')
  assert.equal(pub.domain, '市场监管')
  assert.equal(pub.priority, true)
  assert.match(pub.publicId, /^GS\d{8}[0-9a-f]{10}$/)
  const item = await draftItem(pub.id)
  assert.ok(item, 'the draft is listed')
  // not public yet
  const page = await app.inject({ method: 'GET', url: `/publications/${pub.publicId}` })
  assert.equal(page.statusCode, 404)
  // an action that is no decision creates nothing
  const other = await w.newCase('处罚-普通')
  await w.ok(other.id, { type: '案源登记', actedOn: day(0) })
  assert.equal((await db.many(`SELECT 1 FROM publication WHERE case_id = $1`, [other.id])).length, 0)
})

test('P-08: 处罚 due 7 working days after the decision across 国庆 2025 (worked Saturday 10-11); late publication flagged and listed overdue', async () => {
  const c = await penaltyCase('2025-09-30')
  const pub = await publicationOf(c.id)
  const item = await draftItem(pub.id, 'overdue')
  assert.equal(item?.dueOn, '2025-10-16')
  assert.equal(item?.overdue, true)
  const res = await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  assert.equal(res.statusCode, 201, res.body)
  assert.equal(res.json().dueOn, '2025-10-16')
  assert.equal(res.json().onTime, false)
  assert.equal(await draftItem(pub.id), undefined, 'a published decision leaves the drafts')
})

test('P-08 / P-13: 强制 and other decisions due 20 working days after the decision across 国庆 2025', async () => {
  const c = await enforcementCase('2025-09-30')
  const pub = await publicationOf(c.id)
  assert.equal(pub.kind, '强制')
  assert.equal((await draftItem(pub.id))?.dueOn, '2025-11-04')
})

test('P-08 P-10: published on time; the page shows masked text only, the agency and the organisation visible', async () => {
  const c = await penaltyCase(day(0), { penalty: '罚款', fineYuan: 150, facts: '当事人李小明（身份证号530102199001011234，电话13812345678）住云南省楚雄市鹿城镇人民路12号3栋2单元501室' })
  const pub = await publicationOf(c.id)
  const preview = await w.get(`/api/publications/${pub.id}/preview`, officer)
  assert.equal(preview.statusCode, 200, preview.body)
  const p = preview.json()
  const kinds = new Set((p.spans as { kind: string }[]).map((s) => s.kind))
  for (const k of ['name', 'id-number', 'mobile', 'address']) assert.ok(kinds.has(k), `${k} span: ${JSON.stringify(p.spans)}`)
  for (const s of p.spans as { start: number; end: number }[]) assert.match(p.body.slice(s.start, s.end), /^(李某某|\*+)$/)
  const res = await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  assert.equal(res.json().onTime, true)
  const page = await app.inject({ method: 'GET', url: `/publications/${pub.publicId}` })
  assert.equal(page.statusCode, 200)
  for (const secret of ['李小明', '530102199001011234', '13812345678', '鹿城镇人民路12号']) assert.ok(!page.body.includes(secret), secret)
  assert.ok(page.body.includes('李某某'))
  assert.ok(page.body.includes(w.agency.name))
  assert.ok(page.body.includes('公示中'))
  // nothing re-published
  const again = await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  assert.equal(again.json().code, 'ALREADY_PUBLISHED')
})

test('P-11 P-17: a correction is a new version with a visible note; the earlier version stays on the page and in the record', async () => {
  const c = await penaltyCase(day(0))
  const pub = await publicationOf(c.id)
  const before = await w.post(`/api/publications/${pub.id}/correct`, { text: '更正文本', note: '金额有误' }, officer)
  assert.equal(before.json().code, 'NOT_PUBLISHED')
  await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  const noNote = await w.post(`/api/publications/${pub.id}/correct`, { text: '更正后的文本', note: '' }, officer)
  assert.equal(noNote.statusCode, 400)
  const res = await w.post(`/api/publications/${pub.id}/correct`, { text: '更正后的文本，联系电话 0878-3123457 转 801', note: '罚款金额录入有误，已更正' }, officer)
  assert.equal(res.statusCode, 201, res.body)
  const versions = await db.many<{ version: number; status: string; note: string | null; body: string }>(
    `SELECT version, status, note, body FROM publication_version WHERE publication_id = $1 ORDER BY version`, [pub.id])
  assert.deepEqual(versions.map((v) => v.status), ['published', 'corrected'])
  assert.ok(!versions[1]!.body.includes('3123457'), 'the corrected text is masked too')
  const page = await app.inject({ method: 'GET', url: `/publications/${pub.publicId}` })
  assert.ok(page.body.includes('更正说明：罚款金额录入有误，已更正'))
  assert.ok(page.body.includes('第 1 版'))
  assert.ok(page.body.includes('第 2 版'))
  // only the disclosure officer
  const byOfficer = await w.post(`/api/publications/${pub.id}/correct`, { text: 'x', note: 'y' }, w.officer)
  assert.equal(byOfficer.statusCode, 403)
})

test('P-11 / 处罚法48: every withdrawal trigger; the reason is published; within 3 working days on time, later flagged late; nothing after', async () => {
  for (const trigger of WITHDRAWAL_TRIGGERS) {
    const c = await penaltyCase(day(-1))
    const pub = await publicationOf(c.id)
    await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
    const res = await w.post(`/api/publications/${pub.id}/withdraw`, { reason: `复议机关决定${trigger}`, trigger, triggerDate: day(0) }, officer)
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(res.json().late, false, trigger)
    const page = await app.inject({ method: 'GET', url: `/publications/${pub.publicId}` })
    assert.ok(page.body.includes('已撤回'))
    assert.ok(page.body.includes(`复议机关决定${trigger}`))
    const again = await w.post(`/api/publications/${pub.id}/correct`, { text: 'x', note: 'y' }, officer)
    assert.equal(again.json().code, 'PUBLICATION_WITHDRAWN')
  }
  const bad = await w.post(`/api/publications/00000000-0000-4000-8000-000000000000/withdraw`, { reason: 'x', trigger: '作废', triggerDate: day(0) }, officer)
  assert.equal(bad.statusCode, 400)
})

test('P-11: withdrawal due 3 working days after 撤销 across 国庆 2025 (2025-09-29 → 2025-10-10); a withdrawal after that is late', async () => {
  const c = await penaltyCase('2025-09-26')
  const pub = await publicationOf(c.id)
  await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  const future = await w.post(`/api/publications/${pub.id}/withdraw`, { reason: '撤销', trigger: '撤销', triggerDate: day(1) }, officer)
  assert.equal(future.json().code, 'WITHDRAWAL_DATE')
  const res = await w.post(`/api/publications/${pub.id}/withdraw`, { reason: '行政复议决定撤销原处罚决定', trigger: '撤销', triggerDate: '2025-09-29' }, officer)
  assert.equal(res.statusCode, 201, res.body)
  assert.equal(res.json().withdrawDue, '2025-10-10')
  assert.equal(res.json().late, true)
})

test('P-09: not publishing needs a ground from the list and a head of the agency; it blocks publication; refused once published', async () => {
  const c = await penaltyCase(day(0))
  const pub = await publicationOf(c.id)
  const noGround = await w.post(`/api/publications/${pub.id}/non-publication`, { ground: '不想公开', basis: '无', approverId: w.head.id }, officer)
  assert.equal(noGround.statusCode, 400)
  assert.equal(noGround.json().code, 'NON_PUBLICATION_GROUND')
  const notHead = await w.post(`/api/publications/${pub.id}/non-publication`, { ground: '国家秘密', basis: '经保密审查', approverId: officer.id }, officer)
  assert.equal(notHead.json().code, 'NON_PUBLICATION_APPROVER')
  const ok = await w.post(`/api/publications/${pub.id}/non-publication`, { ground: '个人隐私（第三方未同意公开）', basis: '涉及第三方个人隐私，第三方书面不同意公开', approverId: w.head.id }, officer)
  assert.equal(ok.statusCode, 201, ok.body)
  const publish = await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  assert.equal(publish.json().code, 'NOT_TO_BE_PUBLISHED')
  assert.equal(await draftItem(pub.id), undefined)
  // in SQL too: every ground of the list, nothing else
  const grounds = (await db.many<{ code: string }>(`SELECT code FROM non_publication_ground ORDER BY sort`)).map((g) => g.code)
  assert.ok(grounds.includes('国家秘密') && grounds.includes('商业秘密（第三方未同意公开）') && grounds.includes('危及国家安全、公共安全、经济安全、社会稳定'))
  const c2 = await penaltyCase(day(0))
  const pub2 = await publicationOf(c2.id)
  await assert.rejects(db.query(`INSERT INTO non_publication (publication_id, ground, basis, approved_by) VALUES ($1, '随便', '无', $2)`, [pub2.id, w.head.id]))
  await w.post(`/api/publications/${pub2.id}/publish`, {}, officer)
  const late = await w.post(`/api/publications/${pub2.id}/non-publication`, { ground: '国家秘密', basis: '经保密审查', approverId: w.head.id }, officer)
  assert.equal(late.json().code, 'ALREADY_PUBLISHED')
})

test('P-12: a warning-only penalty is not published; a low fine ends after 3 months, and the page shows the end', async () => {
  const c = await penaltyCase(day(0), { penalty: '警告' })
  const pub = await publicationOf(c.id)
  const res = await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  assert.equal(res.json().code, 'WARNING_NOT_PUBLISHED')
  const c2 = await penaltyCase(day(0), { penalty: '罚款', fineYuan: 50 })
  const pub2 = await publicationOf(c2.id)
  assert.equal((await w.get(`/api/publications/${pub2.id}/preview`, officer)).json().periodClass, '通报批评或较低罚款')
  await w.post(`/api/publications/${pub2.id}/publish`, {}, officer)
  const v = await db.one<{ ends: string; today: string }>(
    `SELECT to_char(period_ends_on, 'YYYY-MM-DD') AS ends, to_char(created_on + interval '3 months', 'YYYY-MM-DD') AS today FROM publication_version WHERE publication_id = $1`, [pub2.id])
  assert.equal(v.ends, v.today)
})

test('P-11: nothing published is edited in place: UPDATE and DELETE refused as the app role; versions are leaves of the log (R-08)', async () => {
  const c = await penaltyCase(day(0))
  const pub = await publicationOf(c.id)
  await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  await assert.rejects(db.query(`UPDATE publication_version SET body = '改写' WHERE publication_id = $1`, [pub.id]), /只追加|permission|denied/)
  await assert.rejects(db.query(`DELETE FROM publication_version WHERE publication_id = $1`, [pub.id]), /只追加|permission|denied/)
  await assert.rejects(db.query(`UPDATE publication SET decided_on = decided_on + 30 WHERE id = $1`, [pub.id]), /只追加|permission|denied/)
  // a second 'published' version straight in SQL is refused by the trigger
  await assert.rejects(
    db.query(`INSERT INTO publication_version (publication_id, version, status, title, body, legal_basis, due_on, on_time)
              SELECT publication_id, 2, 'published', title, body, legal_basis, due_on, on_time FROM publication_version WHERE publication_id = $1`, [pub.id]),
    /只能更正或撤回/,
  )
  const queued = await db.many(`SELECT 1 FROM ledger_queue WHERE kind = 'publication_version' AND content->>'publication_id' = $1
                                UNION ALL SELECT 1 FROM ledger_leaf WHERE kind = 'publication_version' AND content->>'publication_id' = $1`, [pub.id])
  assert.equal(queued.length, 1)
})

test('P-08 P-17: stats per agency count on-time and late publications and corrections per 100', async () => {
  const res = await w.get('/api/publications/stats', officer)
  assert.equal(res.statusCode, 200, res.body)
  const mine = (res.json().items as { agencyId: string; published: number; onTime: number; late: number; corrections: number; correctionsPer100: number }[])
    .find((i) => i.agencyId === w.agency.id)!
  const counts = await db.one<{ published: number; late: number; corrections: number }>(
    `SELECT count(*) FILTER (WHERE v.status = 'published')::int AS published, count(*) FILTER (WHERE v.status = 'published' AND NOT v.on_time)::int AS late,
            count(*) FILTER (WHERE v.status = 'corrected')::int AS corrections
       FROM publication p JOIN publication_version v ON v.publication_id = p.id WHERE p.agency_id = $1`, [w.agency.id])
  assert.ok(mine.late >= 2)
  assert.equal(mine.published, counts.published)
  assert.equal(mine.late, counts.late)
  assert.equal(mine.onTime, counts.published - counts.late)
  assert.equal(mine.correctionsPer100, Math.round((counts.corrections / counts.published) * 10000) / 100)
})

test('P-10: nothing is published when the party is a minor on the day of the decision; the ground 当事人为未成年人 is recorded instead', async () => {
  const c = await penaltyCase(day(0), { penalty: '罚款', fineYuan: 50, partyIdNumber: `530102${Number(day(0).slice(0, 4)) - 16}0101123X` })
  const pub = await publicationOf(c.id)
  assert.equal((await w.get(`/api/publications/${pub.id}/preview`, officer)).json().minorParty, true)
  const res = await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  assert.equal(res.json().code, 'MINOR_PARTY')
  const non = await w.post(`/api/publications/${pub.id}/non-publication`, { ground: '当事人为未成年人', basis: '当事人未满十八周岁', approverId: w.head.id }, officer)
  assert.equal(non.statusCode, 201, non.body)
  // an adult party is published
  const adult = await penaltyCase(day(0), { penalty: '罚款', fineYuan: 50, partyIdNumber: `530102${Number(day(0).slice(0, 4)) - 30}0101123X` })
  const pub2 = await publicationOf(adult.id)
  assert.equal((await w.post(`/api/publications/${pub2.id}/publish`, {}, officer)).statusCode, 201)
})

test('F-05 P-09: a disclosure officer of another agency neither sees nor publishes the draft; nothing is written', async () => {
  const other = await makeCaseWorld(db, app, 0)
  const stranger = await other.member(['disclosure'])
  const c = await penaltyCase(day(0))
  const pub = await publicationOf(c.id)
  const list = await other.get('/api/publications', stranger)
  assert.ok(!(list.json().items as { id: string }[]).some((i) => i.id === pub.id))
  assert.equal((await other.get(`/api/publications/${pub.id}/preview`, stranger)).statusCode, 403)
  assert.equal((await other.post(`/api/publications/${pub.id}/publish`, {}, stranger)).statusCode, 403)
  assert.equal((await db.many(`SELECT 1 FROM publication_version WHERE publication_id = $1`, [pub.id])).length, 0)
})

test('P-12 P-16: the public list leaves out withdrawn publications and those whose publicity period ended; priority filter', async () => {
  const live = await penaltyCase(day(0))
  const livePub = await publicationOf(live.id)
  await w.post(`/api/publications/${livePub.id}/publish`, {}, officer)
  const gone = await penaltyCase(day(-1))
  const gonePub = await publicationOf(gone.id)
  await w.post(`/api/publications/${gonePub.id}/publish`, {}, officer)
  await w.post(`/api/publications/${gonePub.id}/withdraw`, { reason: '复议撤销', trigger: '撤销', triggerDate: day(0) }, officer)
  // a publication whose period ended yesterday, written as the app role would
  const ended = await penaltyCase(day(-2))
  const endedPub = await publicationOf(ended.id)
  const due = (await w.get(`/api/publications/${endedPub.id}/preview`, officer)).json().dueOn as string
  await db.query(
    `INSERT INTO publication_version (publication_id, version, status, title, body, legal_basis, due_on, on_time, period_ends_on)
     VALUES ($1, 1, 'published', '行政处罚决定信息', '已届满', '行政处罚法第四十八条', $2, true, $3)`, [endedPub.id, due, day(-1)])
  const today = day(0)
  const ids = (await listPublicPublications(db, { today, orgPath: w.agency.path, limit: 1000 })).map((i) => i.publicId)
  assert.ok(ids.includes(livePub.publicId))
  assert.ok(!ids.includes(gonePub.publicId))
  assert.ok(!ids.includes(endedPub.publicId))
  const all = (await listPublicPublications(db, { today, orgPath: w.agency.path, includeEnded: true, limit: 1000 })).map((i) => i.publicId)
  assert.ok(all.includes(gonePub.publicId) && all.includes(endedPub.publicId))
  assert.ok((await listPublicPublications(db, { today, orgPath: w.agency.path, priorityOnly: true, limit: 1000 })).every((i) => i.priority))
  const page = await app.inject({ method: 'GET', url: `/publications/${endedPub.publicId}` })
  assert.ok(page.body.includes('公示期已届满'))
})
