import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { loginAs, makeOrg, makeUser, testApp, testDb } from '../../test/support.ts'
import { makePublishedBody } from '../portal/portal.fixtures.ts'
import { seedDemoComplaints } from './demo-complaints.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close() })

test('N-01 / S-04: the demo complaints pass every rule through the use cases; the supervisor sees two new ones and the forwarded 投诉', async () => {
  const body = await makePublishedBody(db, { name: '楚雄州市场监督管理局' })
  const bureau = await makeOrg(db, { parent: body.region, kind: 'agency', name: '楚雄州司法局' })
  const supervisor = await makeUser(db, { org: bureau, roles: ['supervisor'], scope: body.region })
  assert.equal(await seedDemoComplaints(db, { agencyId: body.id, supervisorId: supervisor.id }), 3)
  const session = await loginAs(app, supervisor.username)
  const all = (await app.inject({ method: 'GET', url: '/api/complaints?status=all', headers: session.headers })).json().items as { kind: string; status: string; anonymous: boolean }[]
  assert.deepEqual(all.map((c) => `${c.kind}:${c.status}`).sort(), ['举报:收到', '意见建议:收到', '投诉:转办'])
  assert.equal(all.find((c) => c.kind === '举报')!.anonymous, true)
  const fresh = (await app.inject({ method: 'GET', url: '/api/complaints', headers: session.headers })).json().items
  assert.equal(fresh.length, 2)
})
