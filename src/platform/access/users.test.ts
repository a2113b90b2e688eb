import { test } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, testDb, makeOrg, makeUser, loginAs, uid, TEST_PASSWORD, DB_KIND } from '../../../test/support.ts'
import { roleSetProblem, grantProblem } from './users.rules.ts'

const PASSWORD = 'Strong-pass-2026'

async function world() {
  const db = testDb()
  const app = await testApp()
  const province = await makeOrg(db, { level: 'province' })
  const city = await makeOrg(db, { parent: province, kind: 'region', level: 'city' })
  const agency = await makeOrg(db, { parent: city, kind: 'agency', level: 'city' })
  const unit = await makeOrg(db, { parent: agency, kind: 'unit', level: 'city' })
  const cityAdmin = await makeUser(db, { org: agency, scope: city, roles: ['admin'] })
  const session = await loginAs(app, cityAdmin.username)
  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object, headers = session.headers) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  const newUser = (fields: object) =>
    call('POST', '/api/users', { username: uid('n'), displayName: '新用户', password: PASSWORD, orgId: agency.id, roles: ['officer'], ...fields })
  return { db, app, province, city, agency, unit, cityAdmin, session, call, newUser }
}

test('F-02 / 处罚法42: an auxiliary cannot also hold a deciding role; only admins grant admin', () => {
  assert.equal(roleSetProblem(['officer', 'head']), undefined)
  assert.match(roleSetProblem(['auxiliary', 'officer'])!, /执法辅助人员不能同时担任执法人员/)
  assert.match(roleSetProblem([])!, /至少/)
  assert.match(grantProblem(['supervisor'], ['admin'])!, /只有系统管理员/)
  assert.equal(grantProblem(['admin'], ['admin']), undefined)
})

test(`F-05: a unit's officer gets the agency as scope and sees the whole agency (${DB_KIND})`, async () => {
  const { db, app, agency, unit, cityAdmin, newUser } = await world()
  const res = await newUser({ orgId: unit.id, roles: ['officer', 'head'] })
  assert.equal(res.statusCode, 201, res.body)
  assert.equal(res.json().scopeOrgId, agency.id)
  assert.deepEqual(res.json().roleLabels, ['执法人员', '机关负责人'])
  const audit = await db.one(`SELECT actor_id, detail FROM audit_event WHERE action = 'user.create' AND entity_id = $1`, [res.json().id])
  assert.equal(audit.actor_id, cityAdmin.id)
  assert.equal(JSON.stringify(audit.detail).includes(PASSWORD), false)
  const officer = await loginAs(app, res.json().username, PASSWORD)
  const orgs = await app.inject({ method: 'GET', url: '/api/orgs', headers: officer.headers })
  assert.deepEqual(orgs.json().map((o: { id: string }) => o.id).sort(), [agency.id, unit.id].sort())
  await app.close()
})

test('F-05: non-supervisory users cannot get a wider scope, nor sit outside an agency', async () => {
  const { db, app, city, newUser } = await world()
  const wider = await newUser({ scopeOrgId: city.id })
  assert.equal(wider.statusCode, 422)
  assert.equal(wider.json().code, 'SCOPE_NOT_ALLOWED')
  const atRegion = await newUser({ orgId: city.id })
  assert.equal(atRegion.statusCode, 422)
  assert.equal(atRegion.json().code, 'USER_NEEDS_AGENCY')
  // The database holds the rule too (migration 0005).
  const agencyOnly = await makeOrg(db, { parent: city, kind: 'agency', level: 'city' })
  await assert.rejects(makeUser(db, { org: agencyOnly, scope: city, roles: ['officer'] }), /数据范围只能是本人所在的执法主体/)
  await assert.rejects(makeUser(db, { org: agencyOnly, roles: ['auxiliary', 'officer'] }), /app_user_auxiliary_alone/)
  await app.close()
})

test('F-05: a supervisor may be scoped inside the admin\'s scope, never wider; admins cannot be made by non-admins', async () => {
  const { db, app, province, city, agency, newUser, call } = await world()
  const inside = await newUser({ roles: ['supervisor'], scopeOrgId: city.id })
  assert.equal(inside.statusCode, 201, inside.body)
  assert.equal(inside.json().scopeOrgId, city.id)
  const outside = await newUser({ roles: ['supervisor'], scopeOrgId: province.id })
  assert.equal(outside.statusCode, 403)
  assert.match(outside.json().message, /超出您本人数据范围/)
  const elsewhere = await makeOrg(db, { level: 'province' })
  const foreignOrg = await newUser({ orgId: elsewhere.id })
  assert.equal(foreignOrg.statusCode, 403)

  // A supervisor can neither create users nor promote themselves.
  const supervisor = await loginAs(app, inside.json().username, PASSWORD)
  const create = await call('POST', '/api/users', { username: uid('s'), displayName: '越权', password: PASSWORD, orgId: agency.id, roles: ['admin'] }, supervisor.headers)
  assert.equal(create.statusCode, 403)
  const promote = await call('PATCH', `/api/users/${inside.json().id}`, { roles: ['supervisor', 'admin'] }, supervisor.headers)
  assert.equal(promote.statusCode, 403)
  const rename = await call('PATCH', `/api/users/${inside.json().id}`, { displayName: '改了名', locale: 'en' }, supervisor.headers)
  assert.equal(rename.statusCode, 200, rename.body)
  assert.deepEqual([rename.json().displayName, rename.json().locale, rename.json().roles], ['改了名', 'en', ['supervisor']])
  await app.close()
})

test('F-05: an admin cannot manage a user whose scope is wider than the admin\'s own', async () => {
  const { db, app, province, agency, call } = await world()
  const provincial = await makeUser(db, { org: agency, scope: province, roles: ['supervisor'] })
  for (const [method, url, payload] of [
    ['PATCH', `/api/users/${provincial.id}`, { roles: ['officer'] }],
    ['POST', `/api/users/${provincial.id}/unlock`, undefined],
    ['POST', `/api/users/${provincial.id}/password`, { newPassword: 'Another-pass-2026' }],
  ] as const) {
    const res = await call(method, url, payload)
    assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`)
  }
  await app.close()
})

test('F-05: creation refuses weak passwords, bad role sets and taken usernames with Chinese messages', async () => {
  const { app, newUser } = await world()
  const weak = await newUser({ password: 'short1' })
  assert.equal(weak.statusCode, 400)
  assert.equal(weak.json().code, 'WEAK_PASSWORD')
  assert.match(weak.json().message, /至少 10 位/)
  const noDigits = await newUser({ password: 'onlyletterspassword' })
  assert.match(noDigits.json().message, /字母和数字/)
  const aux = await newUser({ roles: ['auxiliary', 'officer'] })
  assert.equal(aux.statusCode, 422)
  assert.equal(aux.json().code, 'ROLES_INVALID')
  const username = uid('d')
  assert.equal((await newUser({ username })).statusCode, 201)
  const again = await newUser({ username })
  assert.equal(again.statusCode, 409)
  assert.equal(again.json().code, 'USERNAME_TAKEN')
  const badName = await newUser({ username: 'Ab' })
  assert.equal(badName.statusCode, 400)
  assert.match(badName.json().message, /用户名/)
  await app.close()
})

test('F-05: roles change with the scope following; deactivation ends sessions; admins cannot demote themselves', async () => {
  const { db, app, city, agency, cityAdmin, newUser, call } = await world()
  const created = (await newUser({ roles: ['supervisor'], scopeOrgId: city.id })).json()
  const demoted = await call('PATCH', `/api/users/${created.id}`, { roles: ['officer'] })
  assert.equal(demoted.statusCode, 200, demoted.body)
  assert.equal(demoted.json().scopeOrgId, agency.id)

  const theirSession = await loginAs(app, created.username, PASSWORD)
  const off = await call('PATCH', `/api/users/${created.id}`, { active: false })
  assert.equal(off.statusCode, 200)
  assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: theirSession.headers })).statusCode, 401)

  const self = await call('PATCH', `/api/users/${cityAdmin.id}`, { roles: ['officer'] })
  assert.equal(self.statusCode, 422)
  assert.equal(self.json().code, 'SELF_DEMOTE')
  const actions = await db.many(`SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'user.%' ORDER BY id`, [created.id])
  assert.deepEqual(actions.map((a) => a.action), ['user.create', 'user.update', 'user.update'])
  const listed = await call('GET', `/api/users?orgId=${agency.id}&q=${created.username}`)
  assert.deepEqual(listed.json().map((u: { id: string }) => u.id), [created.id])
  await app.close()
})

test('F-05: own password change needs the old one; an admin reset ends the user\'s sessions', async () => {
  const { db, app, agency, call } = await world()
  const officer = await makeUser(db, { org: agency, roles: ['officer'] })
  const own = await loginAs(app, officer.username)
  const noOld = await call('POST', `/api/users/${officer.id}/password`, { newPassword: 'Changed-pass-2026' }, own.headers)
  assert.equal(noOld.json().code, 'OLD_PASSWORD_REQUIRED')
  const wrongOld = await call('POST', `/api/users/${officer.id}/password`, { oldPassword: 'nope', newPassword: 'Changed-pass-2026' }, own.headers)
  assert.equal(wrongOld.json().code, 'WRONG_PASSWORD')
  const changed = await call('POST', `/api/users/${officer.id}/password`, { oldPassword: TEST_PASSWORD, newPassword: 'Changed-pass-2026' }, own.headers)
  assert.equal(changed.statusCode, 204, changed.body)
  assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: own.headers })).statusCode, 200)

  const reset = await call('POST', `/api/users/${officer.id}/password`, { newPassword: 'Reset-by-admin-2026' })
  assert.equal(reset.statusCode, 204, reset.body)
  assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: own.headers })).statusCode, 401)
  const again = await loginAs(app, officer.username, 'Reset-by-admin-2026')
  const actions = await db.many(`SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'user.password%' ORDER BY id`, [officer.id])
  assert.deepEqual(actions.map((a) => a.action), ['user.password.change', 'user.password.reset'])

  const stranger = await makeUser(db, { org: agency, roles: ['officer'] })
  const notMine = await call('POST', `/api/users/${stranger.id}/password`, { newPassword: 'Not-mine-2026x' }, again.headers)
  assert.equal(notMine.statusCode, 403)
  await app.close()
})
