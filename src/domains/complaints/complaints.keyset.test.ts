// N-02 / S-04: the complaint queue pages by keyset on (received_at, id), oldest first: every
// complaint once, in the order of one long page; one received meanwhile comes after every cursor.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { loginAs, makeOrg, makeUser, testApp, testDb, type OrgRow, type Session } from '../../../test/support.ts'
import { randomUscc } from '../../portal/portal.fixtures.ts'
import { issueFormToken } from './form-token.ts'
import { submitComplaint } from './submit-complaint.ts'

const db = testDb()
let app: FastifyInstance
let agency: OrgRow
let supervisor: Session

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'county' })
  agency = await makeOrg(db, { parent: region, kind: 'agency' })
  await db.query(
    `INSERT INTO enforcement_body (id, uscc, body_kind, legal_basis, domains, address, postcode, phone, supervisor_name, supervisor_contact, reconsideration_body, court, published_version)
     VALUES ($1, $2, '行政机关', '《中华人民共和国行政处罚法》', '{市场监管}', '测试市人民路1号', '100000', '010-12345678', '测试市司法局', '010-87654321', '测试市人民政府', '测试市中级人民法院', 1)`,
    [agency.id, randomUscc()],
  )
  const bureau = await makeOrg(db, { parent: region, kind: 'agency', name: `司法局${crypto.randomBytes(3).toString('hex')}` })
  supervisor = await loginAs(app, (await makeUser(db, { org: bureau, roles: ['supervisor'], scope: region })).username)
})
after(async () => app.close())

async function complain(i: number): Promise<string> {
  const { token } = await issueFormToken(db)
  return (await submitComplaint(db, { formToken: token, agencyId: agency.id, kind: '举报', content: `某日在该机关窗口办事时遇到的问题（键集翻页第${i}件）`, anonymous: true }, '10.0.0.1')).receiptNo
}
type Page = { items: { id: string; receiptNo: string }[]; total: number; next: string | null }
async function page(query: string): Promise<Page> {
  const res = await app.inject({ method: 'GET', url: `/api/complaints?status=all&${query}`, headers: supervisor.headers })
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as Page
}

test('N-02 / S-04: the complaint queue\'s next cursor visits every complaint once, oldest first; one received meanwhile comes last', async () => {
  for (let i = 0; i < 7; i++) await complain(i)
  const whole = await page('limit=200')
  assert.equal(whole.items.length, 7)
  assert.equal(whole.total, 7)
  assert.equal(whole.next, null)
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  let late = ''
  do {
    const p: Page = await page(`limit=3${cursor ? `&after=${cursor}` : ''}`)
    seen.push(...p.items.map((c) => c.receiptNo))
    cursor = p.next
    if (pages++ === 0) late = await complain(99)
  } while (cursor)
  // 7 + 1 complaints in pages of 3, and the late one at the very end (nothing before it shifted)
  assert.equal(pages, 3)
  assert.deepEqual(seen, [...whole.items.map((c) => c.receiptNo), late])
  // the offset pages still work and agree
  const offset = await page('limit=3&offset=3')
  assert.deepEqual(offset.items.map((c) => c.receiptNo), seen.slice(3, 6))
  const bad = await app.inject({ method: 'GET', url: '/api/complaints?after=not-a-cursor', headers: supervisor.headers })
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().code, 'VALIDATION')
  assert.match(bad.json().message, /[\u4e00-\u9fff]/)
})
