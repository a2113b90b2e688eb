import { test } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, testDb, makeOrg, makeUser, loginAs, TEST_PASSWORD, DB_KIND } from '../../../test/support.ts'
import { MAX_FAILED_LOGINS } from './sessions.ts'

const login = (app: Awaited<ReturnType<typeof testApp>>, username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })

test(`F-05: login, me and logout; the session cookie is HttpOnly and SameSite=Strict (${DB_KIND})`, async () => {
  const db = testDb()
  const app = await testApp()
  const agency = await makeOrg(db, { parent: await makeOrg(db) })
  const { id, username } = await makeUser(db, { org: agency, roles: ['officer'] })

  const res = await login(app, username, TEST_PASSWORD)
  assert.equal(res.statusCode, 200)
  const cookie = res.cookies.find((c) => c.name === 'zhifa_session')
  assert.ok(cookie)
  assert.equal(cookie.httpOnly, true)
  assert.equal(cookie.sameSite, 'Strict')
  assert.equal(res.json().id, id)
  assert.ok(res.json().csrfToken)

  const headers = { cookie: `zhifa_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken }
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers })
  assert.equal(me.statusCode, 200)
  assert.equal(me.json().username, username)
  assert.equal(me.json().scopeOrgId, agency.id)

  const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers })
  assert.equal(out.statusCode, 204)
  const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers })
  assert.equal(after.statusCode, 401)
  assert.equal(after.json().code, 'UNAUTHENTICATED')
  await app.close()
})

test('F-05: passwords are stored as argon2id hashes, never in clear', async () => {
  const db = testDb()
  const app = await testApp()
  const agency = await makeOrg(db, { parent: await makeOrg(db) })
  const admin = await makeUser(db, { org: agency, roles: ['admin'] })
  const session = await loginAs(app, admin.username)
  const password = 'Clear-text-never-42'
  const res = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: session.headers,
    payload: { username: `h${Date.now()}`, displayName: '哈希', password, orgId: agency.id, roles: ['officer'] },
  })
  assert.equal(res.statusCode, 201, res.body)
  const { password_hash } = await db.one(`SELECT password_hash FROM app_user WHERE id = $1`, [res.json().id])
  assert.match(password_hash, /^\$argon2id\$v=19\$m=19456,p=1,t=2\$/)
  assert.ok(!password_hash.includes(password))
  assert.equal((await login(app, res.json().username, password)).statusCode, 200)
  await app.close()
})

test(`F-05: ${MAX_FAILED_LOGINS} wrong passwords lock the account, even against the right one, until an admin unlocks it`, async () => {
  const db = testDb()
  const app = await testApp()
  const agency = await makeOrg(db, { parent: await makeOrg(db) })
  const officer = await makeUser(db, { org: agency, roles: ['officer'] })
  const admin = await makeUser(db, { org: agency, roles: ['admin'] })

  for (let i = 1; i < MAX_FAILED_LOGINS; i++) assert.equal((await login(app, officer.username, `wrong-${i}`)).statusCode, 401)
  const last = await login(app, officer.username, 'wrong-last')
  assert.equal(last.statusCode, 401)
  assert.equal(last.json().code, 'UNAUTHENTICATED')

  const locked = await login(app, officer.username, TEST_PASSWORD)
  assert.equal(locked.statusCode, 423)
  assert.equal(locked.json().code, 'ACCOUNT_LOCKED')
  assert.match(locked.json().message, /锁定/)
  const events = await db.many(`SELECT action FROM audit_event WHERE entity = 'user' AND entity_id = $1 ORDER BY id`, [officer.id])
  assert.deepEqual(
    events.map((e) => e.action),
    [...Array(MAX_FAILED_LOGINS - 1).fill('auth.login.failed'), 'auth.login.lockout', 'auth.login.locked'],
  )

  const session = await loginAs(app, admin.username)
  const listed = await app.inject({ method: 'GET', url: `/api/users/${officer.id}`, headers: session.headers })
  assert.ok(listed.json().lockedUntil)
  const unlock = await app.inject({ method: 'POST', url: `/api/users/${officer.id}/unlock`, headers: session.headers })
  assert.equal(unlock.statusCode, 200, unlock.body)
  assert.equal(unlock.json().lockedUntil, null)
  assert.equal((await login(app, officer.username, TEST_PASSWORD)).statusCode, 200)
  const audited = await db.maybeOne(`SELECT actor_id FROM audit_event WHERE action = 'user.unlock' AND entity_id = $1`, [officer.id])
  assert.equal(audited?.actor_id, admin.id)
  await app.close()
})

test('F-05: guesses sent in parallel all count towards the lockout', async () => {
  const db = testDb()
  const app = await testApp()
  const agency = await makeOrg(db, { parent: await makeOrg(db) })
  const officer = await makeUser(db, { org: agency, roles: ['officer'] })
  const guesses = await Promise.all(Array.from({ length: MAX_FAILED_LOGINS + 2 }, (_, i) => login(app, officer.username, `guess-${i}`)))
  assert.ok(guesses.every((res) => res.statusCode === 401 || res.statusCode === 423))
  assert.equal((await login(app, officer.username, TEST_PASSWORD)).statusCode, 423)
  await app.close()
})

test('F-05: a write without the x-csrf-token header is refused with 403 CSRF and changes nothing', async () => {
  const db = testDb()
  const app = await testApp()
  const region = await makeOrg(db, { level: 'city' })
  const admin = await makeUser(db, { org: region, roles: ['admin'] })
  const session = await loginAs(app, admin.username)
  const code = `csrf${Date.now()}`
  const payload = { parentId: region.id, kind: 'agency', code, name: '无令牌执法局' }
  const count = async () => (await db.one(`SELECT count(*)::int AS n FROM org_node WHERE path LIKE $1 || '%'`, [region.path])).n

  for (const headers of [{ cookie: session.cookie }, { cookie: session.cookie, 'x-csrf-token': 'forged' }]) {
    const res = await app.inject({ method: 'POST', url: '/api/orgs', headers, payload })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().code, 'CSRF')
    assert.match(res.json().message, /CSRF/)
  }
  const rename = await app.inject({ method: 'PATCH', url: `/api/orgs/${region.id}`, headers: { cookie: session.cookie }, payload: { name: '改名', reason: '测试' } })
  assert.equal(rename.statusCode, 403)
  const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.cookie } })
  assert.equal(logout.statusCode, 403)
  assert.equal(await count(), 1)
  assert.equal((await db.one(`SELECT name FROM org_node WHERE id = $1`, [region.id])).name, region.name)
  assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } })).statusCode, 200)

  const ok = await app.inject({ method: 'POST', url: '/api/orgs', headers: session.headers, payload })
  assert.equal(ok.statusCode, 201, ok.body)
  assert.equal(await count(), 2)
  await app.close()
})
