import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, testDb, uid } from '../../../test/support.ts'
import { makeWorld } from '../people/test-world.ts'
import { findPublicBody, listPublicBodies } from './public.ts'
import { usccCheckChar } from './rules.ts'

const app = await testApp()
after(() => app.close())
const db = testDb()

/** A fresh valid USCC for each body (the column is unique across the shared test database). */
function newUscc(): string {
  const digits = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('')
  const first17 = `11530000${digits}`
  return first17 + usccCheckChar(first17)
}

const bodyInput = (parentId: string) => ({
  parentId,
  code: uid('body'),
  name: '测试县市场监督管理局',
  uscc: newUscc(),
  bodyKind: '行政机关',
  legalBasis: '《中华人民共和国行政处罚法》第十七条',
  domains: ['市场监管'],
  address: '测试县人民路1号',
  postcode: '675000',
  phone: '0878-1234567',
  supervisorName: '测试县司法局',
  supervisorContact: '0878-7654321',
  reconsiderationBody: '测试县人民政府',
  court: '测试县人民法院',
})

test('F-01: an update makes version 2, both versions are kept, publishing marks one, and the published data stays readable after a later unpublished edit', async () => {
  const world = await makeWorld(db, app)
  const create = await app.inject({ method: 'POST', url: '/api/bodies', headers: world.admin.headers, payload: bodyInput(world.region.id) })
  assert.equal(create.statusCode, 201, create.body)
  const body = create.json()
  assert.equal(body.version, 1)
  assert.equal(body.publishedVersion, null)

  const update = await app.inject({
    method: 'PATCH',
    url: `/api/bodies/${body.id}`,
    headers: world.admin.headers,
    payload: { phone: '0878-2222222', reason: '办公电话变更' },
  })
  assert.equal(update.statusCode, 200, update.body)
  assert.equal(update.json().version, 2)

  const publish = await app.inject({ method: 'POST', url: `/api/bodies/${body.id}/publish`, headers: world.admin.headers, payload: {} })
  assert.equal(publish.statusCode, 200, publish.body)
  assert.equal(publish.json().publishedVersion, 2)
  const again = await app.inject({ method: 'POST', url: `/api/bodies/${body.id}/publish`, headers: world.admin.headers, payload: {} })
  assert.equal(again.statusCode, 409)

  const later = await app.inject({
    method: 'PATCH',
    url: `/api/bodies/${body.id}`,
    headers: world.admin.headers,
    payload: { name: '测试县市场监督管理局（新）', address: '测试县新城路8号', reason: '搬迁' },
  })
  assert.equal(later.statusCode, 200, later.body)
  assert.equal(later.json().version, 3)
  assert.equal(later.json().publishedVersion, 2)

  const versions = await app.inject({ method: 'GET', url: `/api/bodies/${body.id}/versions`, headers: world.admin.headers })
  assert.equal(versions.statusCode, 200, versions.body)
  const items = versions.json().items
  assert.deepEqual(items.map((v: any) => [v.version, v.published]), [[1, false], [2, true], [3, false]])
  assert.equal(items[0].data.phone, '0878-1234567')
  assert.equal(items[1].data.phone, '0878-2222222')
  assert.equal(items[1].reason, '办公电话变更')

  const published = await findPublicBody(db, body.code)
  assert.ok(published)
  assert.equal(published.version, 2)
  assert.equal(published.address, '测试县人民路1号')
  assert.equal(published.name, '测试县市场监督管理局')
  assert.equal((await findPublicBody(db, body.uscc))?.id, body.id)
  const listed = await listPublicBodies(db, { q: '测试县市场监督管理局' })
  assert.ok(listed.some((b) => b.id === body.id && b.version === 2))

  const current = await app.inject({ method: 'GET', url: `/api/bodies/${body.id}`, headers: world.admin.headers })
  assert.equal(current.json().address, '测试县新城路8号')

  // the version table and the publication log refuse rewriting, so kept versions stay as they were
  await assert.rejects(db.query(`UPDATE record_version SET data = '{}' WHERE entity_id = $1`, [body.id]), /permission denied|不得修改/)
  await assert.rejects(db.query(`DELETE FROM body_publication WHERE body_id = $1`, [body.id]), /permission denied|不得修改/)
})

test('F-01: a never-published body is not public, and a wrong check digit is refused by the API and the database', async () => {
  const world = await makeWorld(db, app)
  const input = bodyInput(world.region.id)
  const res = await app.inject({ method: 'POST', url: '/api/bodies', headers: world.admin.headers, payload: input })
  assert.equal(res.statusCode, 201, res.body)
  assert.equal(await findPublicBody(db, input.code), undefined)

  const bad = { ...bodyInput(world.region.id), uscc: input.uscc.slice(0, 17) + (input.uscc[17] === '0' ? '1' : '0') }
  const refused = await app.inject({ method: 'POST', url: '/api/bodies', headers: world.admin.headers, payload: bad })
  assert.equal(refused.statusCode, 400)
  await assert.rejects(db.query(`UPDATE enforcement_body SET uscc = $2 WHERE id = $1`, [res.json().id, bad.uscc]), /check constraint|违反/)
})

test('F-01: a 受委托组织 names its entrusting body; F-05: bodies outside the scope are invisible and not editable', async () => {
  const world = await makeWorld(db, app)
  const parent = (await app.inject({ method: 'POST', url: '/api/bodies', headers: world.admin.headers, payload: bodyInput(world.region.id) })).json()
  const noEntruster = await app.inject({
    method: 'POST',
    url: '/api/bodies',
    headers: world.admin.headers,
    payload: { ...bodyInput(world.region.id), bodyKind: '受委托组织' },
  })
  assert.equal(noEntruster.statusCode, 422)
  assert.equal(noEntruster.json().code, 'ENTRUSTING_BODY')
  const entrusted = await app.inject({
    method: 'POST',
    url: '/api/bodies',
    headers: world.admin.headers,
    payload: { ...bodyInput(world.region.id), bodyKind: '受委托组织', entrustingBodyId: parent.id },
  })
  assert.equal(entrusted.statusCode, 201, entrusted.body)
  assert.equal(entrusted.json().entrustingBodyName, parent.name)

  const other = await makeWorld(db, app)
  const get = await app.inject({ method: 'GET', url: `/api/bodies/${parent.id}`, headers: other.admin.headers })
  assert.equal(get.statusCode, 403)
  const list = await app.inject({ method: 'GET', url: '/api/bodies', headers: other.admin.headers })
  assert.equal(list.json().items.length, 0)
  const patch = await app.inject({ method: 'PATCH', url: `/api/bodies/${parent.id}`, headers: other.admin.headers, payload: { phone: '0878-9999999', reason: '越权修改' } })
  assert.equal(patch.statusCode, 403)
  const create = await app.inject({ method: 'POST', url: '/api/bodies', headers: other.admin.headers, payload: bodyInput(world.region.id) })
  assert.equal(create.statusCode, 403)

  const officer = await world.session(world.agencyA, ['officer'])
  const officerCreate = await app.inject({ method: 'POST', url: '/api/bodies', headers: officer.headers, payload: bodyInput(world.region.id) })
  assert.equal(officerCreate.statusCode, 403)
})
