import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, loginAs, type Session } from '../../../test/support.ts'
import { todayInChina } from '../../platform/clock.ts'

const db = testDb()
let app: FastifyInstance
let me: Session
let colleague: Session

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'county' })
  const agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  me = await loginAs(app, (await makeUser(db, { org: agency, roles: ['officer', 'head'] })).username)
  colleague = await loginAs(app, (await makeUser(db, { org: agency, roles: ['officer'] })).username)
})
after(async () => app.close())

async function newCase(who: Session, partyName: string) {
  const res = await app.inject({ method: 'POST', url: '/api/cases', headers: who.headers, payload: { kind: '处罚-普通', partyKind: 'organisation', partyName, summary: '无照经营' } })
  assert.equal(res.statusCode, 201, res.body)
  return res.json() as { id: string; number: string }
}
const list = async (who: Session, query: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/cases?limit=200&${query}`, headers: who.headers })
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as { items: { id: string; partyName: string }[]; total: number }
}
const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id).sort()

test('R-01: the case list filters by my cases, current stage and number or party', async () => {
  const mine = await newCase(me, '甲乙丙食品有限公司')
  const theirs = await newCase(colleague, '丁戊己五金店')
  // a colleague's case I record an action in becomes one of mine too
  const joined = await newCase(colleague, '庚辛壬商行')
  const act = await app.inject({ method: 'POST', url: `/api/cases/${joined.id}/actions`, headers: me.headers, payload: { type: '案源登记', actedOn: todayInChina() } })
  assert.equal(act.statusCode, 201, act.body)

  assert.deepEqual(ids(await list(me, 'mine=true')), [mine.id, joined.id].sort())
  assert.deepEqual(ids(await list(colleague, 'mine=true')), [theirs.id, joined.id].sort())
  assert.deepEqual(ids(await list(me, `stage=${encodeURIComponent('案源登记')}`)), [joined.id])
  assert.deepEqual(ids(await list(me, `q=${encodeURIComponent('五金')}`)), [theirs.id])
  assert.deepEqual(ids(await list(me, `q=${encodeURIComponent(mine.number)}`)), [mine.id])
  // LIKE wildcards in the search are taken literally
  assert.equal((await list(me, `q=${encodeURIComponent('%')}`)).total, 0)
  assert.equal((await list(me, `q=${encodeURIComponent('_')}`)).total, 0)
  const bad = await app.inject({ method: 'GET', url: '/api/cases?mine=yes', headers: me.headers })
  assert.equal(bad.statusCode, 400)
})

test('R-10: a case marked secret is not found by its party’s name, so a search does not reveal it', async () => {
  const hidden = await newCase(me, '保密测试科技有限公司')
  const mark = await app.inject({
    method: 'POST',
    url: `/api/cases/${hidden.id}/secrecy`,
    headers: me.headers,
    payload: { entity: 'case', level: 'trade-secret', reason: '涉及商业秘密' },
  })
  assert.equal(mark.statusCode, 201, mark.body)
  assert.equal((await list(colleague, `q=${encodeURIComponent('保密测试')}`)).total, 0)
  assert.equal((await list(me, `q=${encodeURIComponent('保密测试')}`)).total, 0)
  // still found by its number, where the party stays concealed from the uncleared
  const byNumber = await list(colleague, `q=${encodeURIComponent(hidden.number)}`)
  assert.deepEqual(ids(byNumber), [hidden.id])
  // the mark lifted: the party's name finds it again
  const lift = await app.inject({ method: 'POST', url: `/api/cases/${hidden.id}/secrecy`, headers: me.headers, payload: { entity: 'case', level: null, reason: '密级解除' } })
  assert.equal(lift.statusCode, 201, lift.body)
  assert.deepEqual(ids(await list(colleague, `q=${encodeURIComponent('保密测试')}`)), [hidden.id])
})
