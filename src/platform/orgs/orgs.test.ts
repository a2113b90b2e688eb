import { test } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, testDb, makeOrg, makeUser, loginAs, uid, DB_KIND } from '../../../test/support.ts'

async function world() {
  const db = testDb()
  const app = await testApp()
  const province = await makeOrg(db, { level: 'province' })
  const admin = await makeUser(db, { org: province, roles: ['admin'] })
  const session = await loginAs(app, admin.username)
  const post = (payload: object) => app.inject({ method: 'POST', url: '/api/orgs', headers: session.headers, payload })
  const patch = (id: string, payload: object) => app.inject({ method: 'PATCH', url: `/api/orgs/${id}`, headers: session.headers, payload })
  return { db, app, province, admin, session, post, patch }
}

test(`F-05: an admin builds region → agency → unit; the server derives id, path and level (${DB_KIND})`, async () => {
  const { db, app, province, admin, session, post } = await world()
  const city = await post({ parentId: province.id, kind: 'region', code: uid('c'), name: '测试州' })
  assert.equal(city.statusCode, 201, city.body)
  assert.equal(city.json().level, 'city')
  assert.equal(city.json().depth, 2)
  const agency = await post({ parentId: city.json().id, kind: 'agency', level: 'city', code: uid('a'), name: '州市场监督管理局', duties: '市场监管' })
  assert.equal(agency.statusCode, 201, agency.body)
  const unit = await post({ parentId: agency.json().id, kind: 'unit', code: uid('u'), name: '执法支队' })
  assert.equal(unit.statusCode, 201, unit.body)
  assert.deepEqual([unit.json().level, unit.json().depth, unit.json().parentId], ['city', 4, agency.json().id])

  const row = await db.one(`SELECT path FROM org_node WHERE id = $1`, [unit.json().id])
  assert.equal(row.path, `${province.path}${city.json().id}/${agency.json().id}/${unit.json().id}/`)
  const list = await app.inject({ method: 'GET', url: '/api/orgs', headers: session.headers })
  assert.deepEqual(
    list.json().map((o: { id: string }) => o.id),
    [province.id, city.json().id, agency.json().id, unit.json().id],
  )
  const agencies = await app.inject({ method: 'GET', url: `/api/orgs?kind=agency&under=${city.json().id}`, headers: session.headers })
  assert.deepEqual(agencies.json().map((o: { id: string }) => o.id), [agency.json().id])
  const versions = await app.inject({ method: 'GET', url: `/api/orgs/${unit.json().id}/versions`, headers: session.headers })
  assert.equal(versions.json()[0].version, 1)
  const audited = await db.many(`SELECT action FROM audit_event WHERE actor_id = $1 AND action = 'org.create'`, [admin.id])
  assert.equal(audited.length, 3)
  await app.close()
})

test('F-05: wrong kind or level combinations are refused with a clear Chinese error', async () => {
  const { app, province, post } = await world()
  const unitUnderRegion = await post({ parentId: province.id, kind: 'unit', code: uid('x'), name: '错误机构' })
  assert.equal(unitUnderRegion.statusCode, 422)
  assert.equal(unitUnderRegion.json().code, 'ORG_PLACEMENT')
  assert.match(unitUnderRegion.json().message, /内设机构必须隶属于执法主体/)
  const wrongLevel = await post({ parentId: province.id, kind: 'region', level: 'county', code: uid('x'), name: '错误层级' })
  assert.equal(wrongLevel.statusCode, 422)
  assert.match(wrongLevel.json().message, /应为市（州、师）级，不能是县（区）级/)
  const badCode = await post({ parentId: province.id, kind: 'agency', code: '中文编码', name: '编码错误' })
  assert.equal(badCode.statusCode, 400)
  assert.match(badCode.json().message, /组织编码/)
  const code = uid('d')
  assert.equal((await post({ parentId: province.id, kind: 'agency', code, name: '第一个' })).statusCode, 201)
  const duplicate = await post({ parentId: province.id, kind: 'agency', code, name: '第二个' })
  assert.equal(duplicate.statusCode, 409)
  assert.equal(duplicate.json().code, 'ORG_CODE_TAKEN')
  await app.close()
})

test('F-05: PATCH renames with a reason, bumps the version and keeps each whole state; moving is refused', async () => {
  const { db, app, province, session, post, patch } = await world()
  const agency = (await post({ parentId: province.id, kind: 'agency', code: uid('a'), name: '旧名称局' })).json()
  const renamed = await patch(agency.id, { name: '新名称局', duties: '负责执法', reason: '机构改革更名', version: 1 })
  assert.equal(renamed.statusCode, 200, renamed.body)
  assert.equal(renamed.json().version, 2)
  const stale = await patch(agency.id, { name: '又一个名称', reason: '并发修改', version: 1 })
  assert.equal(stale.statusCode, 409)
  assert.equal(stale.json().code, 'STALE_VERSION')
  const moved = await patch(agency.id, { parentId: province.id, reason: '移动' })
  assert.equal(moved.statusCode, 400)
  assert.equal(moved.json().code, 'ORG_MOVE_UNSUPPORTED')
  assert.match(moved.json().message, /不支持移动/)
  const noReason = await patch(agency.id, { name: '无原因' })
  assert.equal(noReason.statusCode, 400)

  const versions = (await app.inject({ method: 'GET', url: `/api/orgs/${agency.id}/versions`, headers: session.headers })).json()
  assert.deepEqual(
    versions.map((v: any) => [v.version, v.data.name, v.data.duties, v.reason]),
    [
      [1, '旧名称局', null, '新建'],
      [2, '新名称局', '负责执法', '机构改革更名'],
    ],
  )
  const row = await db.one(`SELECT name, version FROM org_node WHERE id = $1`, [agency.id])
  assert.deepEqual(row, { name: '新名称局', version: 2 })
  const audit = await db.one(`SELECT reason FROM audit_event WHERE action = 'org.update' AND entity_id = $1`, [agency.id])
  assert.equal(audit.reason, '机构改革更名')
  await app.close()
})

test('F-05: a node with active children cannot be deactivated, nor can anything be added under an inactive node', async () => {
  const { app, province, post, patch } = await world()
  const agency = (await post({ parentId: province.id, kind: 'agency', code: uid('a'), name: '上级执法局' })).json()
  const unit = (await post({ parentId: agency.id, kind: 'unit', code: uid('u'), name: '下级科室' })).json()
  const refused = await patch(agency.id, { active: false, reason: '撤销' })
  assert.equal(refused.statusCode, 422)
  assert.equal(refused.json().code, 'ORG_HAS_ACTIVE_CHILDREN')
  assert.equal((await patch(unit.id, { active: false, reason: '撤销科室' })).statusCode, 200)
  assert.equal((await patch(agency.id, { active: false, reason: '撤销' })).statusCode, 200)
  const under = await post({ parentId: agency.id, kind: 'unit', code: uid('u'), name: '新科室' })
  assert.equal(under.statusCode, 422)
  assert.equal(under.json().code, 'ORG_INACTIVE')
  const revive = await patch(unit.id, { active: true, reason: '恢复' })
  assert.equal(revive.statusCode, 422)
  await app.close()
})

test('F-05: non-admins read their scope but cannot create or edit nodes; nobody edits outside their scope', async () => {
  const { db, app, province, post } = await world()
  const agency = await makeOrg(db, { parent: province, level: 'province' })
  const officer = await makeUser(db, { org: agency, roles: ['officer', 'head'] })
  const officerSession = await loginAs(app, officer.username)
  const mine = await app.inject({ method: 'GET', url: '/api/orgs', headers: officerSession.headers })
  assert.deepEqual(mine.json().map((o: { id: string }) => o.id), [agency.id])
  assert.equal((await app.inject({ method: 'GET', url: `/api/orgs/${province.id}`, headers: officerSession.headers })).statusCode, 403)
  const create = await app.inject({
    method: 'POST',
    url: '/api/orgs',
    headers: officerSession.headers,
    payload: { parentId: agency.id, kind: 'unit', code: uid('u'), name: '越权科室' },
  })
  assert.equal(create.statusCode, 403)

  const elsewhere = await makeOrg(db, { level: 'province' })
  const outside = await post({ parentId: elsewhere.id, kind: 'agency', code: uid('o'), name: '越界执法局' })
  assert.equal(outside.statusCode, 403)
  assert.equal(outside.json().code, 'FORBIDDEN')
  const anonymous = await app.inject({ method: 'GET', url: '/api/orgs' })
  assert.equal(anonymous.statusCode, 401)
  await app.close()
})
