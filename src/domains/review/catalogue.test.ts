import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { makeOrg, testApp, testDb } from '../../../test/support.ts'
import { day, makeCaseWorld, type CaseWorld } from '../cases/approvals.test-world.ts'
import { caseFacts, conditionMatches, matchingRules, ReviewCondition, rulesInForce, type CaseFacts } from './catalogue.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
})
after(async () => app.close())

const KINDS = ['处罚-简易', '处罚-普通', '许可', '强制-措施', '强制-执行', '征收征用']
const PENALTIES = ['警告', '罚款', '吊销许可证件', '责令停产停业', '责令关闭', '限制从业']
const DOMAINS = ['市场监管', '生态环境', '公安']
const FLAGS = ['涉及重大公共利益', '案件情况疑难复杂、涉及多个法律关系', '涉及人数较多']
const OUTCOMES = ['不予许可', '查封', '扣押', '撤销许可']
const AMOUNTS = [100, 2000, 9999, 10000, 50000, 100000, 1000000]

const some = (xs: string[]) => fc.uniqueArray(fc.constantFrom(...xs), { minLength: 1, maxLength: 3 })

const facts: fc.Arbitrary<CaseFacts> = fc.record({
  kind: fc.constantFrom(...KINDS),
  partyKind: fc.constantFrom('citizen' as const, 'organisation' as const),
  partyCount: fc.integer({ min: 1, max: 12 }),
  domains: fc.uniqueArray(fc.constantFrom(...DOMAINS), { maxLength: 2 }),
  governmentName: fc.boolean(),
  hearingHeld: fc.boolean(),
  fineAmount: fc.option(fc.constantFrom(...AMOUNTS, 0, 150000), { nil: null }),
  penalties: fc.uniqueArray(fc.constantFrom(...PENALTIES), { maxLength: 3 }),
  flags: fc.uniqueArray(fc.constantFrom(...FLAGS), { maxLength: 2 }),
  outcomes: fc.uniqueArray(fc.constantFrom(...OUTCOMES), { maxLength: 2 }),
  caseMajor: fc.boolean(),
})

const condition: fc.Arbitrary<ReviewCondition> = fc
  .record(
    {
      kinds: some(KINDS),
      fineAtLeast: fc.oneof(
        fc.record({ citizen: fc.constantFrom(...AMOUNTS) }),
        fc.record({ organisation: fc.constantFrom(...AMOUNTS) }),
        fc.record({ citizen: fc.constantFrom(...AMOUNTS), organisation: fc.constantFrom(...AMOUNTS) }),
      ),
      penaltiesAny: some(PENALTIES),
      hearingHeld: fc.constant(true as const),
      partiesAtLeast: fc.integer({ min: 2, max: 10 }),
      domainsAny: some(DOMAINS),
      governmentName: fc.constant(true as const),
      flagsAny: some(FLAGS),
      outcomesAny: some(OUTCOMES),
      caseMajor: fc.constant(true as const),
    },
    { requiredKeys: [] },
  )
  .filter((c) => Object.keys(c).length > 0)

test('L-02: the TypeScript twin and review_rule_matches() agree on generated conditions and cases; the database accepts every condition the schema accepts', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(condition, facts), { minLength: 1, maxLength: 25 }), async (pairs) => {
      const { rows } = await db.query<{ i: number; matches: boolean; valid: boolean }>(
        `SELECT (p.i - 1)::int AS i, review_rule_matches(p.v->0, p.v->1) AS matches, review_condition_valid(p.v->0) AS valid
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS p(v, i) ORDER BY p.i`,
        [JSON.stringify(pairs)],
      )
      for (const row of rows) {
        const [c, f] = pairs[row.i]!
        assert.equal(ReviewCondition.safeParse(c).success, true)
        assert.equal(row.valid, true, JSON.stringify(c))
        assert.equal(row.matches, conditionMatches(c, f), JSON.stringify({ c, f }))
      }
    }),
    { numRuns: 40 },
  )
})

test('L-02: over the national default catalogue in force, review_need matching in SQL equals matchingRules in TypeScript for generated cases', async () => {
  const rules = await rulesInForce(db, w.agency.id)
  await fc.assert(
    fc.asyncProperty(fc.array(facts, { minLength: 1, maxLength: 20 }), async (cases) => {
      const { rows } = await db.query<{ i: number; codes: string[] }>(
        `SELECT (p.i - 1)::int AS i, ARRAY(SELECT r.code FROM review_rules_in_force($2, review_today()) r
                                            WHERE review_rule_matches(r.condition, p.f) ORDER BY r.agency_id NULLS FIRST, r.code) AS codes
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS p(f, i) ORDER BY p.i`,
        [JSON.stringify(cases), w.agency.id],
      )
      for (const row of rows) assert.deepEqual(row.codes, matchingRules(rules, cases[row.i]!).map((r) => r.code))
    }),
    { numRuns: 30 },
  )
})

test('L-02: the national default holds s002 §12 and the general criteria; every 普通程序 处罚 matches, a 简易程序 one does not', async () => {
  const codes = (await rulesInForce(db, w.agency.id)).map((r) => r.code)
  for (const code of ['CF-PT', 'XK-ZF', 'XK-AQ', 'XK-ZY', 'XK-BY', 'QZ-ZF', 'QZ-ZD', 'ZS-FW', 'ZS-RS', 'TY-GY', 'TY-YX', 'TY-QY', 'TY-TZ', 'TY-YN', 'TY-QT']) {
    assert.ok(codes.includes(code), code)
  }
  const base: CaseFacts = { kind: '处罚-普通', partyKind: 'citizen', partyCount: 1, domains: [], governmentName: false, hearingHeld: false, fineAmount: null, penalties: [], flags: [], outcomes: [], caseMajor: false }
  const rules = await rulesInForce(db, w.agency.id)
  assert.deepEqual(matchingRules(rules, base).map((r) => r.code), ['CF-PT'])
  assert.deepEqual(matchingRules(rules, { ...base, kind: '处罚-简易' }), [])
  assert.deepEqual(matchingRules(rules, { ...base, kind: '许可', hearingHeld: true }).map((r) => r.code), ['TY-TZ'])
  // a rule not yet in force on a day is not applied on that day
  assert.deepEqual(await rulesInForce(db, w.agency.id, '2018-12-31'), [])
})

test('L-02: case_review_facts reads the case, its hearing, the pending decision data and the flags given on submission', async () => {
  const c = await w.newCase('许可', { partyKind: 'organisation' })
  await w.ok(c.id, { type: '申请', actedOn: day(-6) })
  await w.ok(c.id, { type: '受理', actedOn: day(-5) })
  await w.ok(c.id, { type: '审查', actedOn: day(-4) })
  await w.ok(c.id, { type: '听证', actedOn: day(-3) })
  const f = (await caseFacts(db, c.id, { granted: false, governmentName: true, partyCount: 4, fineYuan: 20000, penalty: '罚款' }))!
  assert.equal(f.kind, '许可')
  assert.equal(f.partyKind, 'organisation')
  assert.equal(f.hearingHeld, true)
  assert.equal(f.governmentName, true)
  assert.equal(f.partyCount, 4)
  assert.equal(Number(f.fineAmount), 20000)
  assert.deepEqual(f.penalties, ['罚款'])
  assert.deepEqual(f.outcomes, ['不予许可'])
  const plain = (await caseFacts(db, c.id))!
  assert.equal(plain.governmentName, false)
  assert.deepEqual(plain.outcomes, [])
  const need = (await w.get(`/api/cases/${c.id}/review-need`, w.officer)).json()
  assert.deepEqual(need.rules.map((r: { code: string }) => r.code), ['TY-TZ'])
  const outsider = await w.get(`/api/cases/${c.id}/review-need`, await w.member(['officer'], await makeOrg(db, { level: 'county' })))
  assert.equal(outsider.statusCode, 403, outsider.body)
})

test('L-02 s004 §(三)2: the catalogue is public: the API without signing in, and the portal page lists the national default and each agency\'s own rules', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/review-catalogue' })
  assert.equal(res.statusCode, 200, res.body)
  assert.ok(res.json().rules.every((r: { scope: string }) => r.scope === '全国默认'))
  assert.equal((await app.inject({ method: 'GET', url: `/api/review-catalogue?agency=${'0'.repeat(8)}-0000-4000-8000-000000000000` })).statusCode, 404)
  const page = await app.inject({ method: 'GET', url: '/review-catalogue' })
  assert.equal(page.statusCode, 200, page.body)
  assert.match(page.headers['content-type'] as string, /text\/html/)
  assert.match(page.body, /重大执法决定法制审核目录清单/)
  assert.match(page.body, /普通程序作出的行政处罚决定/)
  assert.doesNotMatch(page.body, /<script/)
})
