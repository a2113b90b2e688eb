import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { makeUser, testApp, testDb } from '../../test/support.ts'
import { makeOfficer, makePublishedBody } from '../portal/portal.fixtures.ts'
import { seedDemoNotices } from './demo-notices.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close() })

test('N-01 / P-01 / I-01 / P-07: the demo notices pass every rule through the use cases; the portal shows the remedies, supervision, 2–3 random inspections and a board with two staff', async () => {
  const body = await makePublishedBody(db, { name: '楚雄州市场监督管理局' })
  await makeOfficer(db, body, { name: '甲受理', phone: '13900001111', idNumber: '532301198001011234' })
  await makeOfficer(db, body, { name: '乙审查' })
  const admin = await makeUser(db, { org: body.region, roles: ['admin'] })
  assert.deepEqual(await seedDemoNotices(db, { adminId: admin.id, under: body.region.id }), { agencies: 1, boards: 1 })

  const notice = (await app.inject({ method: 'GET', url: `/api/public/agencies/${body.code}/notices` })).json()
  assert.equal(notice.version, 1)
  assert.ok(notice.inspectionItems.length >= 2 && notice.inspectionItems.length <= 3)
  const page = await app.inject({ method: 'GET', url: `/agencies/${body.code}` })
  for (const text of ['救济渠道', '测试市人民政府', '监督方式', '12345 政务服务便民热线', '随机抽查事项清单', '食品生产经营者监督检查', '市场监管综合受理窗口（12 号）']) assert.ok(page.body.includes(text), text)

  const boards = (await app.inject({ method: 'GET', url: `/api/public/agencies/${body.code}/windows` })).json().items
  assert.equal(boards.length, 1)
  assert.deepEqual(boards[0].staff.map((s: any) => s.name).sort(), ['乙审查', '甲受理'].sort())
  const board = await app.inject({ method: 'GET', url: `/agencies/${body.code}/windows/${boards[0].id}` })
  assert.equal(board.statusCode, 200)
  assert.ok(board.body.includes('首席受理员') && !board.body.includes('13900001111') && !board.body.includes('532301198001011234'))
})
