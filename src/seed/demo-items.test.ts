import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { makeOrg, makeUser, testApp, testDb } from '../../test/support.ts'
import { makePublishedBody } from '../portal/portal.fixtures.ts'
import { DEMO_ITEMS, seedDemoItems } from './demo-items.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close(); await db.close() })

test('N-01 / P-02 / P-03: the demo items pass every rule through the use cases; the portal shows them with their 服务指南, the superseded version and not the pending one', async () => {
  const body = await makePublishedBody(db, { name: '楚雄州市场监督管理局（测试）' })
  for (const name of ['执法稽查科', '法规科', '食品生产安全监督管理科']) await makeOrg(db, { parent: body, kind: 'unit', name })
  const admin = await makeUser(db, { org: body.region, roles: ['admin'] })
  const reviewer = await makeUser(db, { org: body, roles: ['reviewer'] })
  const published = await seedDemoItems(db, { agencyId: body.id, adminId: admin.id, reviewerId: reviewer.id })
  assert.equal(published, DEMO_ITEMS.length)

  const list = await app.inject({ method: 'GET', url: `/agencies/${body.code}/items` })
  assert.equal(list.statusCode, 200)
  for (const item of DEMO_ITEMS) assert.ok(list.body.includes(item.content.name), item.content.name)
  const licence = await app.inject({ method: 'GET', url: `/agencies/${body.code}/items/XK-SP-001` })
  assert.ok(licence.body.includes('10个工作日') && licence.body.includes('食品经营许可申请书') && licence.body.includes('/versions/1'))
  const penalty = await app.inject({ method: 'GET', url: `/agencies/${body.code}/items/CF-SP-002` })
  assert.ok(penalty.body.includes('第一百二十四条第一款') && !penalty.body.includes('第三十三条'), 'the revision waiting for review is not published')
  const { rows } = await db.query(
    `SELECT i.code, v.version, r.event FROM enforcement_item i JOIN enforcement_item_version v ON v.item_id = i.id
       LEFT JOIN LATERAL (SELECT event FROM enforcement_item_review r WHERE r.item_id = v.item_id AND r.version = v.version ORDER BY id DESC LIMIT 1) r ON true
      WHERE i.agency_id = $1 AND i.code IN ('XK-SP-001', 'CF-SP-002') ORDER BY i.code, v.version`, [body.id])
  assert.deepEqual(rows.map((r) => [r.code, r.version, r.event]), [['CF-SP-002', 1, 'approved'], ['CF-SP-002', 2, 'submitted'], ['XK-SP-001', 1, 'approved'], ['XK-SP-001', 2, 'approved']])
})
