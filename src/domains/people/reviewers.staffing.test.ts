import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, testDb } from '../../../test/support.ts'
import { insertPerson, makeWorld } from './test-world.ts'

const app = await testApp()
after(() => app.close())
const db = testDb()

test('F-03 处罚法58: a first-time reviewer without 法律职业资格 is refused (API 422 REVIEWER_NOT_QUALIFIED and direct SQL)', async () => {
  const world = await makeWorld(db, app)
  const unqualified = await insertPerson(db, world.agencyA.id)
  const qualified = await insertPerson(db, world.agencyA.id, { legalQualification: true })
  const appoint = (personId: string, firstTime: boolean) =>
    app.inject({ method: 'POST', url: '/api/reviewers', headers: world.admin.headers, payload: { personId, appointedOn: '2025-01-02', firstTime } })

  const refused = await appoint(unqualified, true)
  assert.equal(refused.statusCode, 422)
  assert.equal(refused.json().code, 'REVIEWER_NOT_QUALIFIED')
  assert.match(refused.json().message, /第五十八条/)
  await assert.rejects(
    db.query(`INSERT INTO legal_reviewer (person_id, agency_id, appointed_on, first_time) VALUES ($1, $2, '2025-01-02', true)`, [unqualified, world.agencyA.id]),
    /法律职业资格/,
  )

  const ok = await appoint(qualified, true)
  assert.equal(ok.statusCode, 201, ok.body)
  assert.equal((await appoint(qualified, true)).statusCode, 409)
  // someone who has reviewed before (not first time) may continue without the qualification
  assert.equal((await appoint(unqualified, false)).statusCode, 201)

  const auxiliary = await insertPerson(db, world.agencyA.id, { kind: 'auxiliary', legalQualification: true })
  const aux = await appoint(auxiliary, false)
  assert.equal(aux.statusCode, 422)
  assert.equal(aux.json().code, 'REVIEWER_NOT_QUALIFIED')

  const list = await app.inject({ method: 'GET', url: `/api/reviewers?agencyId=${world.agencyA.id}`, headers: world.admin.headers })
  assert.equal(list.json().items.length, 2)
})

async function staff(agencyId: string, officers: number, reviewers: number) {
  const ids: string[] = []
  for (let i = 0; i < officers; i++) ids.push(await insertPerson(db, agencyId, { legalQualification: i < reviewers }))
  for (const id of ids.slice(0, reviewers)) {
    await db.query(`INSERT INTO legal_reviewer (person_id, agency_id, appointed_on, first_time) VALUES ($1, $2, '2025-01-02', true)`, [id, agencyId])
  }
  // auxiliary staff never count as officers
  await insertPerson(db, agencyId, { kind: 'auxiliary' })
}

test('F-03 / F-07: the staffing report flags 40 officers with 1 reviewer (needs 2) and passes 20 with 1; a setting up the tree changes the ratio', async () => {
  const world = await makeWorld(db, app)
  await staff(world.agencyA.id, 40, 1)
  await staff(world.agencyB.id, 20, 1)
  const supervisor = await world.session(world.region, ['supervisor'])
  const report = async (query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/staffing?orgId=${world.region.id}${query}`, headers: supervisor.headers })
    assert.equal(res.statusCode, 200, res.body)
    return new Map(res.json().items.map((item: any) => [item.agencyId, item]))
  }
  let items = await report()
  assert.deepEqual(items.get(world.agencyA.id), { agencyId: world.agencyA.id, name: world.agencyA.name, officers: 40, reviewers: 1, required: 2, ratio: 0.05, ok: false })
  assert.deepEqual(items.get(world.agencyB.id), { agencyId: world.agencyB.id, name: world.agencyB.name, officers: 20, reviewers: 1, required: 1, ratio: 0.05, ok: true })
  items = await report('&underOnly=true')
  assert.deepEqual([...items.keys()], [world.agencyA.id])

  await db.query(`INSERT INTO setting (org_id, key, value) VALUES ($1, 'staffing.reviewerRatio', '0.1')`, [world.region.id])
  items = await report()
  assert.equal((items.get(world.agencyB.id) as any).required, 2)
  assert.equal((items.get(world.agencyB.id) as any).ratio, 0.1)
  assert.equal((items.get(world.agencyB.id) as any).ok, false)
  // the nearest setting wins: one on the agency itself overrides the region's
  await db.query(`INSERT INTO setting (org_id, key, value) VALUES ($1, 'staffing.reviewerRatio', '0.05')`, [world.agencyB.id])
  items = await report()
  assert.equal((items.get(world.agencyB.id) as any).ok, true)

  const head = await world.session(world.agencyA, ['head'])
  const own = await app.inject({ method: 'GET', url: '/api/staffing', headers: head.headers })
  assert.deepEqual(own.json().items.map((i: any) => i.agencyId), [world.agencyA.id])
  const sideways = await app.inject({ method: 'GET', url: `/api/staffing?orgId=${world.agencyB.id}`, headers: head.headers })
  assert.equal(sideways.statusCode, 403)
  const officer = await world.session(world.agencyA, ['officer'])
  assert.equal((await app.inject({ method: 'GET', url: '/api/staffing', headers: officer.headers })).statusCode, 403)
})

test('F-03: an agency that enforces nothing (no 执法主体 record, no officers) is not in the staffing check', async () => {
  const world = await makeWorld(db, app)
  const bureau = world.agencyB
  await insertPerson(db, bureau.id, { kind: 'counsel', legalQualification: true })
  const supervisor = await world.session(world.region, ['supervisor'])
  const res = await app.inject({ method: 'GET', url: `/api/staffing?orgId=${world.region.id}`, headers: supervisor.headers })
  assert.equal(res.statusCode, 200, res.body)
  const ids = res.json().items.map((item: any) => item.agencyId)
  assert.ok(!ids.includes(bureau.id), 'a bureau with only counsel is not checked')
  await staff(bureau.id, 1, 0)
  const again = await app.inject({ method: 'GET', url: `/api/staffing?orgId=${world.region.id}&underOnly=true`, headers: supervisor.headers })
  assert.ok(again.json().items.some((item: any) => item.agencyId === bureau.id), 'one officer already needs one reviewer')
})

test('F-03: shared-pool counsel of another agency can be listed for calling across agencies', async () => {
  const world = await makeWorld(db, app)
  const counsel = await insertPerson(db, world.agencyB.id, { kind: 'counsel', legalQualification: true })
  const res = await app.inject({
    method: 'POST',
    url: '/api/reviewers',
    headers: world.admin.headers,
    payload: { personId: counsel, appointedOn: '2025-03-01', firstTime: true, sharedPool: true },
  })
  assert.equal(res.statusCode, 201, res.body)
  const officer = await world.session(world.agencyA, ['officer'])
  const own = await app.inject({ method: 'GET', url: '/api/reviewers', headers: officer.headers })
  assert.ok(!own.json().items.some((r: any) => r.personId === counsel))
  const pool = await app.inject({ method: 'GET', url: '/api/reviewers?includeShared=true', headers: officer.headers })
  assert.ok(pool.json().items.some((r: any) => r.personId === counsel && r.sharedPool))
})
