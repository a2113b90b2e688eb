// P-15 / P-02 / P-07: the sitemap index points to a child sitemap of the published 事项清单 item
// pages and the 岗位信息公示牌 pages in use; drafts and taken-down boards are not in it.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { loginAs, makeOrg, makeUser, testApp, testDb, uid } from '../../test/support.ts'
import { makePublishedBody } from './portal.fixtures.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close(); await db.close() })

const get = (url: string) => app.inject({ method: 'GET', url })

async function window(agencyId: string, active: boolean[]): Promise<string> {
  const { rows: [w] } = await db.query<{ id: string }>(`INSERT INTO service_window (agency_id) VALUES ($1) RETURNING id`, [agencyId])
  for (const [i, on] of active.entries()) {
    await db.query(
      `INSERT INTO service_window_version (window_id, version, name, location, hours, duties, consult_phone, active, reason)
       VALUES ($1, $2, '综合窗口', '政务服务中心二楼', '周一至周五 9:00—17:00', '受理食品经营许可申请', '0878-3121234', $3, '设立窗口')`,
      [w!.id, i + 1, on],
    )
  }
  return w!.id
}

test('P-15 / P-02 / P-07: the sitemap lists each published item page and each board in use, at the addresses the portal serves; drafts and taken-down boards are left out', async () => {
  const body = await makePublishedBody(db)
  const unit = await makeOrg(db, { parent: body, kind: 'unit', name: '行政审批科' })
  const admin = await loginAs(app, (await makeUser(db, { org: body, roles: ['admin'] })).username)
  const legal = await loginAs(app, (await makeUser(db, { org: body, roles: ['reviewer'] })).username)
  const guide = {
    acceptingBody: '政务服务中心市场监管窗口', approvingBody: '市场监督管理局', conditions: '具有与经营的食品品种、数量相适应的场所',
    materials: [{ name: '食品经营许可申请书', copies: '原件1份' }], process: '申请、受理、审查、决定、制证送达', supervision: '投诉举报电话12315',
    remedy: '对许可决定不服的，可以依法申请行政复议或者提起行政诉讼', officeHours: '周一至周五 9:00—17:00', address: '政务服务中心二楼', phone: '0878-3121234',
  }
  const content = { guide, type: '行政许可', unitId: unit.id, basis: [{ law: '中华人民共和国食品安全法', article: '第三十五条' }], timeLimit: 20, timeLimitUnit: '工作日' }
  const published = uid('XK-')
  const draft = uid('XK-')
  for (const [code, name] of [[published, '食品经营许可'], [draft, '食品生产许可']] as const) {
    const created = await app.inject({ method: 'POST', url: '/api/items', headers: admin.headers, payload: { agencyId: body.id, code, name, ...content } })
    assert.equal(created.statusCode, 201, created.body)
    if (code === published) {
      const submitted = await app.inject({ method: 'POST', url: `/api/items/${created.json().id}/versions/1/submit`, headers: admin.headers })
      assert.equal(submitted.statusCode, 200, submitted.body)
      const ok = await app.inject({ method: 'POST', url: `/api/items/${created.json().id}/versions/1/approve`, headers: legal.headers, payload: {} })
      assert.equal(ok.statusCode, 200, ok.body)
    }
  }
  const inUse = await window(body.id, [true])
  const takenDown = await window(body.id, [true, false])

  const index = await get('/sitemap.xml')
  assert.equal(index.statusCode, 200)
  assert.match(index.body, /<loc>[^<]*\/sitemaps\/agency-pages\.xml<\/loc>/)
  const file = await get('/sitemaps/agency-pages.xml')
  assert.equal(file.statusCode, 200)
  assert.match(file.headers['content-type'] as string, /^application\/xml/)
  const locs = [...file.body.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => new URL(m[1]!).pathname)
  const itemPage = `/agencies/${body.code}/items/${published}`
  const boardPage = `/agencies/${body.code}/windows/${inUse}`
  assert.ok(locs.includes(itemPage), 'the published item page is listed')
  assert.ok(locs.includes(boardPage), 'the board in use is listed')
  assert.ok(!locs.some((l) => l.endsWith(`/items/${draft}`)), 'a draft item is not listed')
  assert.ok(!locs.some((l) => l.endsWith(`/windows/${takenDown}`)), 'a taken-down board is not listed')
  // every listed page of this agency is one the portal serves
  for (const loc of locs.filter((l) => l.startsWith(`/agencies/${body.code}/`))) assert.equal((await get(loc)).statusCode, 200, loc)
  assert.equal((await get(`/agencies/${body.code}/windows/${takenDown}`)).statusCode, 404)
})
