// N-02: the case list pages by keyset (the last case's id), newest first: every case once,
// in the same order as one long page, whatever is inserted meanwhile.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, loginAs, type Session } from '../../../test/support.ts'

const db = testDb()
let app: FastifyInstance
let me: Session

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'county' })
  const agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  me = await loginAs(app, (await makeUser(db, { org: agency, roles: ['officer'] })).username)
})
after(async () => app.close())

type Page = { items: { id: string }[]; total: number; next: string | null }
async function page(query: string): Promise<Page> {
  const res = await app.inject({ method: 'GET', url: `/api/cases?${query}`, headers: me.headers })
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as Page
}
async function newCase(i: number) {
  const res = await app.inject({ method: 'POST', url: '/api/cases', headers: me.headers, payload: { kind: '处罚-普通', partyKind: 'organisation', partyName: `键集翻页商行${i}`, summary: '无照经营' } })
  assert.equal(res.statusCode, 201, res.body)
}

test('N-02: the case list\'s next cursor visits every case once, newest first, and a case added meanwhile does not shift the pages', async () => {
  for (let i = 0; i < 7; i++) await newCase(i)
  const whole = await page('limit=200')
  assert.equal(whole.items.length, 7)
  assert.equal(whole.next, null)
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const p: Page = await page(`limit=3${cursor ? `&after=${cursor}` : ''}`)
    seen.push(...p.items.map((c) => c.id))
    cursor = p.next
    // a new case between pages is newer than every cursor: it never appears in a later page
    if (pages++ === 0) await newCase(99)
  } while (cursor)
  assert.equal(pages, 3)
  assert.deepEqual(seen, whole.items.map((c) => c.id))
  const bad = await app.inject({ method: 'GET', url: '/api/cases?after=not-a-cursor', headers: me.headers })
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().code, 'VALIDATION')
})
