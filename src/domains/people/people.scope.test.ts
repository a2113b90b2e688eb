import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { makeOrg, testApp, testDb } from '../../../test/support.ts'
import { insertPerson, makeWorld } from './test-world.ts'

const app = await testApp()
after(() => app.close())
const db = testDb()

// a 1×1 PNG
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

test('F-02 / F-05 / F-06: people are created and versioned; B\'s people never appear in A\'s lists; ID number and phone only for admin or own head, and that read is audited', async () => {
  const world = await makeWorld(db, app)
  const unit = await makeOrg(db, { parent: world.agencyA, kind: 'unit' })
  const created = await app.inject({
    method: 'POST',
    url: '/api/people',
    headers: world.admin.headers,
    payload: {
      agencyId: world.agencyA.id,
      unitId: unit.id,
      kind: 'officer',
      name: '李执法',
      gender: '女',
      idNumber: '11010519491231002X',
      phone: '13912345678',
      post: '执法队员',
      photo: PNG,
      categories: ['市场监管'],
      areas: ['测试县'],
      trainingHours: 40,
    },
  })
  assert.equal(created.statusCode, 201, created.body)
  const id = created.json().id
  const badPhoto = await app.inject({
    method: 'POST',
    url: '/api/people',
    headers: world.admin.headers,
    payload: { agencyId: world.agencyA.id, kind: 'officer', name: '王照片', post: '队员', photo: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' },
  })
  assert.equal(badPhoto.statusCode, 400)
  const badId = await app.inject({
    method: 'POST',
    url: '/api/people',
    headers: world.admin.headers,
    payload: { agencyId: world.agencyA.id, kind: 'officer', name: '王号码', post: '队员', idNumber: '110105194912310021' },
  })
  assert.equal(badId.statusCode, 400)
  const otherUnit = await makeOrg(db, { parent: world.agencyB, kind: 'unit' })
  const wrongUnit = await app.inject({ method: 'PATCH', url: `/api/people/${id}`, headers: world.admin.headers, payload: { unitId: otherUnit.id, reason: '调整科室' } })
  assert.equal(wrongUnit.statusCode, 422)

  const patched = await app.inject({ method: 'PATCH', url: `/api/people/${id}`, headers: world.admin.headers, payload: { post: '执法中队长', reason: '职务调整' } })
  assert.equal(patched.statusCode, 200, patched.body)
  assert.equal(patched.json().version, 2)

  const bPerson = await insertPerson(db, world.agencyB.id)
  const officerA = await world.session(world.agencyA, ['officer'])
  const list = await app.inject({ method: 'GET', url: '/api/people', headers: officerA.headers })
  assert.equal(list.statusCode, 200, list.body)
  const ids = list.json().items.map((p: any) => p.id)
  assert.deepEqual(ids, [id])
  assert.doesNotMatch(list.body, /11010519491231002X|13912345678|idNumber|"phone"/)
  const filtered = await app.inject({ method: 'GET', url: `/api/people?agencyId=${world.agencyB.id}`, headers: officerA.headers })
  assert.deepEqual(filtered.json().items, [])
  const sideways = await app.inject({ method: 'GET', url: `/api/people/${bPerson}`, headers: officerA.headers })
  assert.ok([403, 404].includes(sideways.statusCode))
  const sidewaysVersions = await app.inject({ method: 'GET', url: `/api/people/${bPerson}/versions`, headers: officerA.headers })
  assert.ok([403, 404].includes(sidewaysVersions.statusCode))

  const plain = await app.inject({ method: 'GET', url: `/api/people/${id}`, headers: officerA.headers })
  assert.equal(plain.statusCode, 200, plain.body)
  assert.equal(plain.json().protectedVisible, false)
  assert.equal(plain.json().unitName, unit.name)
  assert.doesNotMatch(plain.body, /11010519491231002X|13912345678/)
  const plainVersions = await app.inject({ method: 'GET', url: `/api/people/${id}/versions`, headers: officerA.headers })
  assert.equal(plainVersions.json().items.length, 2)
  assert.doesNotMatch(plainVersions.body, /11010519491231002X|13912345678/)

  const countAudits = async () =>
    (await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.read.protected' AND entity_id = $1`, [id])).n as number
  assert.equal(await countAudits(), 0)
  const headA = await world.session(world.agencyA, ['head'])
  const full = await app.inject({ method: 'GET', url: `/api/people/${id}`, headers: headA.headers })
  assert.equal(full.json().idNumber, '11010519491231002X')
  assert.equal(full.json().phone, '13912345678')
  assert.equal(await countAudits(), 1)
  const byAdmin = await app.inject({ method: 'GET', url: `/api/people/${id}`, headers: world.admin.headers })
  assert.equal(byAdmin.json().idNumber, '11010519491231002X')
  assert.equal(await countAudits(), 2)
  const headB = await world.session(world.agencyB, ['head'])
  assert.ok([403, 404].includes((await app.inject({ method: 'GET', url: `/api/people/${id}`, headers: headB.headers })).statusCode))

  const byOfficer = await app.inject({
    method: 'POST',
    url: '/api/people',
    headers: officerA.headers,
    payload: { agencyId: world.agencyA.id, kind: 'officer', name: '赵越权', post: '队员' },
  })
  assert.equal(byOfficer.statusCode, 403)
  const createAudit = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.create' AND entity_id = $1`, [id])
  assert.equal(createAudit.n, 1)
})
