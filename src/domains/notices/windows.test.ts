// P-07: the 岗位信息公示牌 of a service window: versioned, shown on the portal without JavaScript,
// printable and as an A4 PDF with a QR code; never a staff member's ID number or own phone (P-01).
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { loginAs, makeOrg, makeUser, testApp, testDb, type Session } from '../../../test/support.ts'
import { makeOfficer, makePublishedBody, type PublishedBody } from '../../portal/portal.fixtures.ts'
import { dataUrl, signaturePng } from '../cases/documents/test-png.ts'
import { seedDemoItems } from '../../seed/demo-items.ts'

const db = testDb()
let shared: Promise<FastifyInstance> | undefined
const app = () => (shared ??= testApp())
after(async () => (await shared)?.close())

const ID_NUMBER = '53230119880808123X'
const OWN_PHONE = '13987654321'

async function world(): Promise<{ body: PublishedBody; admin: Session; staff: { id: string; name: string }[] }> {
  const body = await makePublishedBody(db, { name: `测试市政务服务中心市场监管窗口${Math.random().toString(36).slice(2, 6)}` })
  const a = await makeUser(db, { org: body, roles: ['admin'] })
  const first = await makeOfficer(db, body, { name: '李受理', idNumber: ID_NUMBER, phone: OWN_PHONE, photo: dataUrl(signaturePng(90, 120)) })
  const second = await makeOfficer(db, body, { name: '赵审核', idNumber: '532301199001011234', phone: '13800001111', kind: 'auxiliary' })
  return { body, admin: await loginAs(await app(), a.username), staff: [first, second] }
}

const board = (staff: { id: string }[], change: Record<string, unknown> = {}) => ({
  name: '市场监管综合窗口（3 号）',
  location: '测试市政务服务中心一楼 A 区 3 号窗口',
  hours: '周一至周五 9:00—12:00，13:30—17:00（法定节假日除外）',
  duties: '受理食品经营许可、个体工商户登记的申请，一次性告知补正材料。',
  consultPhone: '0878-3120315',
  staff: [
    { personId: staff[0]!.id, post: '首席受理员', duties: '受理申请、审查材料、出具受理或补正通知书' },
    { personId: staff[1]!.id, post: '导办员', duties: '引导办事群众、帮助填写申请表' },
  ],
  items: [{ name: '食品经营许可' }, { name: '个体工商户设立登记' }],
  samples: [{ title: '食品经营许可申请书（示范文本）', url: '/samples/food-license.pdf' }],
  reason: '设立窗口',
  ...change,
})

const call = async (method: 'GET' | 'POST', url: string, session?: Session, payload?: unknown) =>
  (await app()).inject({ method, url, headers: session?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) })

function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-board-'))
  try {
    fs.writeFileSync(path.join(dir, 'b.pdf'), pdf)
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'b.pdf'), '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

test('P-07 P-01: the board shows staff name, post, duties and photo, the items, sample texts, 办理进度, 咨询 and 投诉举报 — never an ID number or a staff phone', async () => {
  const { body, admin, staff } = await world()
  const created = await call('POST', `/api/bodies/${body.id}/windows`, admin, board(staff))
  assert.equal(created.statusCode, 201, created.body)
  const w = created.json()
  assert.equal(w.version, 1)
  assert.deepEqual(w.staff.map((s: any) => [s.name, s.hasPhoto]), [['李受理', true], ['赵审核', false]])

  const agencyPage = await call('GET', `/agencies/${body.code}`)
  assert.ok(agencyPage.body.includes(`href="/agencies/${body.code}/windows/${w.id}"`), 'linked from the agency page')

  const page = await call('GET', `/agencies/${body.code}/windows/${w.id}`)
  assert.equal(page.statusCode, 200)
  assert.match(page.headers['content-type'] as string, /^text\/html/)
  for (const text of ['李受理', '首席受理员', '受理申请、审查材料', '赵审核', '导办员', '食品经营许可', '个体工商户设立登记', '食品经营许可申请书（示范文本）',
    'href="/samples/food-license.pdf"', 'href="/progress"', 'href="/complaints/new"', '0878-3120315', '3 号窗口', 'data:image/png;base64', 'board.css', 'board.pdf', 'data:image/svg+xml;base64']) {
    assert.ok(page.body.includes(text), `page shows ${text}`)
  }
  assert.ok(!page.body.includes('<script'), 'readable without JavaScript')

  const api = await call('GET', `/api/public/agencies/${body.code}/windows/${w.id}`)
  assert.equal(api.statusCode, 200)
  assert.equal(api.json().progressUrl.endsWith('/progress'), true)
  assert.equal(api.json().complaintsUrl.endsWith('/complaints/new'), true)
  const list = await call('GET', `/api/public/agencies/${body.code}/windows`)
  assert.deepEqual(list.json().items.map((i: any) => i.id), [w.id])

  const pdf = await call('GET', `/agencies/${body.code}/windows/${w.id}/board.pdf`)
  assert.equal(pdf.statusCode, 200)
  assert.equal(pdf.headers['content-type'], 'application/pdf')
  const text = pdfText(pdf.rawPayload)
  for (const t of ['岗位信息公示牌', body.name, '李受理', '首席受理员', '赵审核', '食品经营许可', '个体工商户设立登记', '食品经营许可申请书（示范文本）', '0878-3120315', '/progress', '/complaints/new', '扫码查看本公示牌', `/agencies/${body.code}/windows/${w.id}`]) {
    assert.ok(text.includes(t), `PDF text has ${t}`)
  }
  // A4: 595 × 842 pt
  const info = execFileSync('pdfinfo', ['-'], { input: pdf.rawPayload, encoding: 'utf8' })
  assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/)
  assert.match(info, /Pages:\s+1\n/, 'a board of two staff fits one sheet')

  const staffView = await call('GET', `/api/windows/${w.id}`, admin)
  for (const out of [page.body, agencyPage.body, api.body, list.body, text, staffView.body]) {
    assert.ok(!out.includes(ID_NUMBER) && !out.includes('532301199001011234'), 'no ID number')
    assert.ok(!out.includes(OWN_PHONE) && !out.includes('13800001111'), 'no staff phone')
  }
})

test('P-07: a change is a new version, the old one kept; taking a board down hides it; bad input and foreign staff are refused', async () => {
  const { body, admin, staff } = await world()
  const w = (await call('POST', `/api/bodies/${body.id}/windows`, admin, board(staff))).json()
  const v2 = await call('POST', `/api/windows/${w.id}/versions`, admin, board(staff, { consultPhone: '12315', staff: [board(staff).staff[0]], expectedVersion: 1, reason: '导办员调岗' }))
  assert.equal(v2.statusCode, 201)
  assert.equal(v2.json().version, 2)
  const stale = await call('POST', `/api/windows/${w.id}/versions`, admin, board(staff, { expectedVersion: 1 }))
  assert.equal(stale.statusCode, 409)
  const detail = (await call('GET', `/api/windows/${w.id}`, admin)).json()
  assert.deepEqual(detail.versions.map((v: any) => [v.version, v.consultPhone, v.staff.length]), [[1, '0878-3120315', 2], [2, '12315', 1]])
  const page = await call('GET', `/agencies/${body.code}/windows/${w.id}`)
  assert.ok(page.body.includes('12315') && !page.body.includes('赵审核'))

  const bad: [Record<string, unknown>, number, RegExp][] = [
    [{ consultPhone: '3120315' }, 400, /咨询电话格式不正确/],
    [{ staff: [] }, 400, /至少列明一名工作人员/],
    [{ items: [] }, 400, /至少列明一项服务事项/],
    [{ items: [{}] }, 400, /须选择行政执法事项或填写名称/],
    [{ samples: [{ title: '申请书', url: 'javascript:alert(1)' }] }, 400, /示范文本链接/],
    [{ items: [{ enforcementItemId: crypto.randomUUID() }] }, 422, /不是本机关已公布的行政执法事项/],
  ]
  for (const [change, status, message] of bad) {
    const res = await call('POST', `/api/windows/${w.id}/versions`, admin, board(staff, change))
    assert.equal(res.statusCode, status, JSON.stringify(change))
    assert.match(res.json().message, message)
  }
  const other = await makePublishedBody(db)
  const stranger = await makeOfficer(db, other, { name: '外单位人员' })
  const foreign = await call('POST', `/api/windows/${w.id}/versions`, admin, board(staff, { staff: [{ personId: stranger.id, post: '受理员', duties: '受理申请' }] }))
  assert.equal(foreign.statusCode, 422)
  assert.match(foreign.json().message, /外单位人员不是本机关的工作人员/)
  assert.equal((await call('GET', `/api/windows/${w.id}`, admin)).json().current.version, 2)

  const down = await call('POST', `/api/windows/${w.id}/versions`, admin, board(staff, { active: false, reason: '窗口撤并' }))
  assert.equal(down.json().version, 3)
  assert.equal((await call('GET', `/agencies/${body.code}/windows/${w.id}`)).statusCode, 404)
  assert.equal((await call('GET', `/agencies/${body.code}/windows/${w.id}/board.pdf`)).statusCode, 404)
  assert.deepEqual((await call('GET', `/api/public/agencies/${body.code}/windows`)).json().items, [])
  // a window of one agency is not found under another's address
  assert.equal((await call('GET', `/agencies/${other.code}/windows/${w.id}`)).statusCode, 404)
})

test('P-07: the database refuses edits in place, rows added to a saved version, and staff of another agency (app role, direct SQL)', async () => {
  const { body, admin, staff } = await world()
  const w = (await call('POST', `/api/bodies/${body.id}/windows`, admin, board(staff))).json()
  for (const sql of [
    `UPDATE service_window_version SET consult_phone = '12345' WHERE window_id = $1`,
    `DELETE FROM service_window_staff WHERE window_id = $1`,
    `UPDATE service_window_item SET name = '其他' WHERE window_id = $1`,
  ]) {
    await assert.rejects(db.query(sql, [w.id]), (e: any) => e.code === '42501' || /只追加/.test(e.message), sql)
  }
  await assert.rejects(db.query(`INSERT INTO service_window_item (window_id, version, seq, name) VALUES ($1, 1, 9, '补充事项')`, [w.id]), /已保存的版本不得修改/)
  const other = await makePublishedBody(db)
  const stranger = await makeOfficer(db, other)
  await assert.rejects(
    db.tx(async (tx) => {
      await tx.query(`INSERT INTO service_window_version (window_id, version, name, location, hours, duties, consult_phone, reason) VALUES ($1, 2, '窗口', '一楼', '工作日', '受理', '12345', '测试')`, [w.id])
      await tx.query(`INSERT INTO service_window_staff (window_id, version, seq, person_id, post, duties) VALUES ($1, 2, 1, $2, '受理员', '受理申请')`, [w.id, stranger.id])
    }),
    /不是本机关的工作人员/,
  )
  await assert.rejects(
    db.query(`INSERT INTO service_window_version (window_id, version, name, location, hours, duties, consult_phone, reason) VALUES ($1, 2, '窗口', '一楼', '工作日', '受理', 'call-me', '测试')`, [w.id]),
    (e: any) => e.code === '23514',
  )
  await assert.rejects(
    db.query(`INSERT INTO service_window_version (window_id, version, name, location, hours, duties, consult_phone, reason) VALUES ($1, 4, '窗口', '一楼', '工作日', '受理', '12345', '测试')`, [w.id]),
    /逐版递增/,
  )
  const versions = await db.many(`SELECT version FROM service_window_version WHERE window_id = $1`, [w.id])
  assert.deepEqual(versions.map((v) => v.version), [1])
})

test('P-07 P-02: a service item links a published 行政执法事项 of the agency and shows its published name; another agency\'s item is refused (API and database)', async () => {
  const { body, admin, staff } = await world()
  for (const name of ['执法稽查科', '法规科', '食品生产安全监督管理科']) await makeOrg(db, { parent: body, kind: 'unit', name })
  const itemAdmin = await makeUser(db, { org: body.region, roles: ['admin'] })
  const reviewer = await makeUser(db, { org: body, roles: ['reviewer'] })
  await seedDemoItems(db, { agencyId: body.id, adminId: itemAdmin.id, reviewerId: reviewer.id })
  const licence = await db.one<{ id: string; name: string }>(
    `SELECT i.id, p.name FROM enforcement_item i JOIN enforcement_item_published p ON p.item_id = i.id WHERE i.agency_id = $1 AND i.code = 'XK-SP-001'`,
    [body.id],
  )
  const created = await call('POST', `/api/bodies/${body.id}/windows`, admin, board(staff, { items: [{ enforcementItemId: licence.id }, { name: '咨询服务' }] }))
  assert.equal(created.statusCode, 201, created.body)
  assert.deepEqual(created.json().items, [{ name: licence.name, enforcementItemId: licence.id, itemCode: 'XK-SP-001' }, { name: '咨询服务', enforcementItemId: null, itemCode: null }])
  const page = await call('GET', `/agencies/${body.code}/windows/${created.json().id}`)
  // the item links its 服务指南 on the portal (P-03)
  assert.ok(page.body.includes(`<a href="/agencies/${body.code}/items/XK-SP-001">${licence.name}</a>`))

  const other = await world()
  const foreign = await call('POST', `/api/bodies/${other.body.id}/windows`, other.admin, board(other.staff, { items: [{ enforcementItemId: licence.id }] }))
  assert.equal(foreign.statusCode, 422)
  assert.equal(foreign.json().code, 'ITEM_NOT_LISTED')
  const w = (await call('POST', `/api/bodies/${other.body.id}/windows`, other.admin, board(other.staff))).json()
  await assert.rejects(
    db.tx(async (tx) => {
      await tx.query(`INSERT INTO service_window_version (window_id, version, name, location, hours, duties, consult_phone, reason) VALUES ($1, 2, '窗口', '一楼', '工作日', '受理', '12345', '测试')`, [w.id])
      await tx.query(`INSERT INTO service_window_item (window_id, version, seq, name, enforcement_item_id) VALUES ($1, 2, 1, '食品经营许可', $2)`, [w.id, licence.id])
    }),
    /不是本机关已公布的行政执法事项/,
  )
})
