import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { loginAs, makeOrg, makeUser, testApp, testDb, type OrgRow, type Session } from '../../../test/support.ts'
import { randomUscc } from '../../portal/portal.fixtures.ts'
import { issueFormToken } from './form-token.ts'
import { submitComplaint } from './submit-complaint.ts'

// F-05 / S-04: a province with two cities and a county in each; an agency at every level.
const db = testDb()
let app: FastifyInstance
const nodes: OrgRow[] = []
const agencies: OrgRow[] = []
const complaintOf = new Map<string, string>()
const supervisors = new Map<string, Session>()

before(async () => {
  app = await testApp()
  const province = await makeOrg(db, { level: 'province' })
  const cities = [await makeOrg(db, { parent: province, kind: 'region', level: 'city' }), await makeOrg(db, { parent: province, kind: 'region', level: 'city' })]
  const counties = await Promise.all(cities.map((c) => makeOrg(db, { parent: c, kind: 'region', level: 'county' })))
  nodes.push(province, ...cities, ...counties)
  for (const region of nodes) {
    const agency = await makeOrg(db, { parent: region, kind: 'agency' })
    await db.query(
      `INSERT INTO enforcement_body (id, uscc, body_kind, legal_basis, domains, address, postcode, phone, supervisor_name, supervisor_contact, reconsideration_body, court, published_version)
       VALUES ($1, $2, '行政机关', '《中华人民共和国行政处罚法》', '{市场监管}', '测试市人民路1号', '100000', '010-12345678', '测试市司法局', '010-87654321', '测试市人民政府', '测试市中级人民法院', 1)`,
      [agency.id, randomUscc()],
    )
    agencies.push(agency)
  }
  for (const agency of agencies) {
    const { token } = await issueFormToken(db)
    const receipt = await submitComplaint(db, { formToken: token, agencyId: agency.id, kind: '举报', content: `关于${agency.name}的举报内容`, anonymous: true }, '10.0.0.1')
    complaintOf.set(agency.id, receipt.receiptNo)
  }
  const bureau = await makeOrg(db, { parent: province, kind: 'agency', name: `司法厅${crypto.randomBytes(3).toString('hex')}` })
  for (const node of nodes) supervisors.set(node.id, await loginAs(app, (await makeUser(db, { org: bureau, roles: ['supervisor'], scope: node })).username))
})
after(async () => app.close())

test('S-04 F-05: whatever the supervisor\'s scope node, the queue holds exactly the complaints about agencies in that subtree (fast-check)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: nodes.length - 1 }), async (i) => {
      const scope = nodes[i]!
      const res = await app.inject({ method: 'GET', url: '/api/complaints?status=all&limit=200', headers: supervisors.get(scope.id)!.headers })
      assert.equal(res.statusCode, 200, res.body)
      const mine = new Set(agencies.map((a) => complaintOf.get(a.id)!))
      const seen = (res.json().items as { receiptNo: string }[]).map((c) => c.receiptNo).filter((r) => mine.has(r)).sort()
      const expected = agencies.filter((a) => a.path.startsWith(scope.path)).map((a) => complaintOf.get(a.id)!).sort()
      assert.deepEqual(seen, expected)
    }),
    { numRuns: 20 },
  )
})
