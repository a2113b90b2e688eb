// The demo seeds an empty database, so these tests make their own: a fresh PGlite in a
// temp dir on the embedded pass, a fresh database on the server on the PostgreSQL pass.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { freshDatabase } from '../../test/support.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createDb, type Db } from '../platform/db/pool.ts'
import { verifyPassword } from '../platform/access/passwords.ts'
import { todayInChina } from '../platform/clock.ts'
import { listPublicBodies } from '../domains/bodies/public.ts'
import { addDays, idNumberValid, requiredReviewers, DEFAULT_REVIEWER_RATIO } from '../domains/people/rules.ts'
import { buildDemoPlan, DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from './demo.ts'
import { DEMO_NUMBER_PREFIX, demoCases } from './demo-cases.ts'
import { STATUS_SQL } from '../domains/cases/case-deadlines.ts'


let database: { url: string; drop(): Promise<void> }
let db: Db
let printed: string[]
const today = todayInChina()

before(async () => {
  database = await freshDatabase('demo')
  await migrate(database.url)
  db = createDb(database.url, { max: 4 })
  printed = await seedDemoIfEmpty(db)
})

after(async () => {
  await db?.close()
  await database?.drop()
})

const count = async (table: string) => (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n

test('N-01: an empty database gets the 楚雄 demo and the logins are printed; seeding again changes nothing', async () => {
  const text = printed.join('\n')
  assert.match(text, new RegExp(DEMO_PASSWORD))
  for (const account of DEMO_ACCOUNTS) assert.match(text, new RegExp(`^  ${account.username.replace('.', '\\.')} `, 'm'))
  const tables = ['org_node', 'enforcement_body', 'person', 'certificate', 'legal_reviewer', 'app_user', 'record_version', 'audit_event']
  const before = await Promise.all(tables.map(count))
  assert.ok(before[0]! >= 40 && before[2]! >= 90, `organisations ${before[0]}, people ${before[2]}`)
  assert.deepEqual(await seedDemoIfEmpty(db), [])
  assert.deepEqual(await Promise.all(tables.map(count)), before)
})

test('N-01: the demo looks the same on every first start (seeded PRNG)', () => {
  const a = buildDemoPlan('2026-03-01')
  const b = buildDemoPlan('2026-03-01')
  const shape = (plan: typeof a) => ({
    people: plan.people.map((p) => [p.name, p.post, p.id_number, p.status]),
    certificates: plan.certificates.map((c) => [c.cert_no, c.valid_from, c.valid_to, c.status]),
    bodies: plan.bodies.map((x) => x.uscc),
    users: plan.users.map((u) => [u.username, u.display_name]),
  })
  assert.deepEqual(shape(a), shape(b))
  assert.equal(new Set(a.people.map((p) => p.name)).size, a.people.length, 'names are unique')
  assert.ok(a.people.every((p) => idNumberValid(p.id_number)), 'ID numbers carry a correct GB 11643 check character')
})

test('N-01: every demo login works with the printed password and the scope the catalogue gives its role (F-05)', async () => {
  const users = await db.many<{ username: string; roles: string[]; password_hash: string; org: string; scope: string; scope_kind: string }>(
    `SELECT u.username, u.roles, u.password_hash, o.name AS org, s.name AS scope, s.kind AS scope_kind
       FROM app_user u JOIN org_node o ON o.id = u.org_id JOIN org_node s ON s.id = u.scope_org_id`,
  )
  assert.deepEqual(users.map((u) => u.username).sort(), DEMO_ACCOUNTS.map((a) => a.username).sort())
  assert.ok(await verifyPassword(users[0]!.password_hash, DEMO_PASSWORD))
  const byName = new Map(users.map((u) => [u.username, u]))
  assert.equal(byName.get('supervisor')!.scope, '楚雄彝族自治州')
  assert.equal(byName.get('supervisor.cx')!.scope, '楚雄市')
  assert.equal(byName.get('admin')!.scope, '云南省')
  for (const u of users.filter((u) => !u.roles.some((r) => r === 'admin' || r === 'supervisor'))) {
    assert.equal(u.scope, u.org, `${u.username} sees only their own agency`)
    assert.equal(u.scope_kind, 'agency')
  }
})

test('F-01: the demo bodies are published with valid 统一社会信用代码, incl. one 授权组织 and one 受委托组织 with its entrusting body', async () => {
  const bodies = await db.many<{ name: string; uscc: string; valid: boolean; body_kind: string; entrusting: string | null; published_version: number | null }>(
    `SELECT o.name, b.uscc, uscc_valid(b.uscc) AS valid, b.body_kind, e.name AS entrusting, b.published_version
       FROM enforcement_body b JOIN org_node o ON o.id = b.id LEFT JOIN org_node e ON e.id = b.entrusting_body_id`,
  )
  assert.ok(bodies.length >= 12, `${bodies.length} bodies`)
  assert.ok(bodies.every((b) => b.valid && b.published_version === 1))
  assert.equal(bodies.filter((b) => b.body_kind === '法律法规授权组织').length, 1)
  const entrusted = bodies.filter((b) => b.body_kind === '受委托组织')
  assert.deepEqual(entrusted.map((b) => [b.name, b.entrusting]), [['楚雄州文化市场综合行政执法支队', '楚雄州文化和旅游局']])
  const published = await listPublicBodies(db)
  assert.equal(published.length, bodies.length, 'every body shows on the portal')
  const market = published.find((b) => b.name === '楚雄州市场监督管理局')!
  assert.equal(market.reconsiderationBody, '楚雄州人民政府')
  assert.deepEqual(market.domains, ['市场监管'])
  // L-09: the state's and the city's 司法局 are registered as the bureaux that review for their governments
  const bureaus = await db.many<{ name: string }>(`SELECT o.name FROM justice_bureau j JOIN org_node o ON o.id = j.org_id ORDER BY o.name`)
  for (const name of ['楚雄州司法局', '楚雄市司法局']) assert.ok(bureaus.some((b) => b.name === name), name)
})

test('F-02 / 处罚法42: the demo officers can act together; the certificate mix has expired, revoked, suspended and expiring ones', async () => {
  const ids = await db.many<{ username: string; person_id: string }>(`SELECT username, person_id FROM app_user WHERE person_id IS NOT NULL`)
  const person = (username: string) => ids.find((u) => u.username === username)!.person_id
  await db.query(`SELECT assert_acting_officers($1::uuid[], $2::date)`, [[person('officer'), person('officer2')], today])
  const auxiliary = await db.one<{ problem: string }>(`SELECT acting_officer_problem($1, $2::date) AS problem`, [person('auxiliary'), today])
  assert.match(auxiliary.problem, /执法辅助人员/)

  const statuses = await db.many<{ status: string; n: number }>(
    `SELECT certificate_status_on(c, $1::date) AS status, count(*)::int AS n FROM certificate c GROUP BY 1`,
    [today],
  )
  const n = (status: string) => statuses.find((s) => s.status === status)?.n ?? 0
  assert.equal(n('过期'), 6)
  assert.equal(n('注销'), 3)
  assert.equal(n('暂扣'), 2)
  assert.ok(n('有效') >= 80)
  const expiring = await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM certificate c WHERE certificate_status_on(c, $1::date) = '有效' AND c.valid_to <= $2::date`,
    [today, addDays(today, 90)],
  )
  assert.equal(expiring.n, 5)
  const reissued = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM certificate WHERE replaces_id IS NOT NULL`)
  assert.equal(reissued.n, 2)
  const checks = await db.one<{ passed: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE passed)::int AS passed, count(*) FILTER (WHERE NOT passed)::int AS failed
       FROM certificate_annual_check WHERE year = $1`,
    [Number(today.slice(0, 4)) - 1],
  )
  assert.ok(checks.passed >= 50 && checks.failed === 1, JSON.stringify(checks))
  const auxiliaries = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE kind = 'auxiliary'`)
  assert.ok(auxiliaries.n >= 5)
})

test('F-03 / 处罚法58: all but two demo agencies have 5 % reviewers; the shared counsel pool is qualified', async () => {
  const rows = await db.many<{ name: string; officers: number; reviewers: number }>(
    `SELECT a.name,
            (SELECT count(*)::int FROM person p WHERE p.agency_id = a.id AND p.kind = 'officer' AND p.status = '在岗') AS officers,
            (SELECT count(*)::int FROM legal_reviewer r JOIN person p ON p.id = r.person_id
              WHERE r.agency_id = a.id AND r.active AND p.status = '在岗') AS reviewers
       FROM enforcement_body b JOIN org_node a ON a.id = b.id`,
  )
  const short = rows.filter((r) => r.reviewers < requiredReviewers(r.officers, DEFAULT_REVIEWER_RATIO)).map((r) => r.name).sort()
  assert.deepEqual(short, ['双柏县综合行政执法局', '禄丰市综合行政执法局'])
  const pool = await db.many<{ kind: string; qualified: boolean }>(
    `SELECT p.kind, p.legal_qualification AS qualified FROM legal_reviewer r JOIN person p ON p.id = r.person_id WHERE r.shared_pool`,
  )
  assert.ok(pool.length >= 2 && pool.every((p) => p.kind === 'counsel' && p.qualified))
  const unqualifiedFirstTime = await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM legal_reviewer r JOIN person p ON p.id = r.person_id WHERE r.first_time AND NOT p.legal_qualification`,
  )
  assert.equal(unqualifiedFirstTime.n, 0)
})

test('F-01 / F-02: every seeded record has its first version kept', async () => {
  const missing = await db.one<{ n: number }>(
    `SELECT (SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM record_version v WHERE v.entity = 'person' AND v.entity_id = p.id))
          + (SELECT count(*) FROM certificate c WHERE NOT EXISTS (SELECT 1 FROM record_version v WHERE v.entity = 'certificate' AND v.entity_id = c.id))
          + (SELECT count(*) FROM org_node o WHERE NOT EXISTS (SELECT 1 FROM record_version v WHERE v.entity = 'org_node' AND v.entity_id = o.id))
          + (SELECT count(*) FROM enforcement_body b WHERE NOT EXISTS (SELECT 1 FROM record_version v WHERE v.entity = 'enforcement_body' AND v.entity_id = b.id AND v.published))
          AS n`,
  )
  assert.equal(Number(missing.n), 0)
})

test('N-01 R-01 R-03: the demo has cases of the demo agency in every kind and stage: archived, open, near-due and overdue, awaiting the head, awaiting 法制审核, a 简易程序 fine collected on the spot', async () => {
  assert.match(printed.join('\n'), new RegExp(`演示案件已写入：${demoCases().length} 件`))
  const cases = await db.many<{ id: string; kind: string; major: boolean; agency: string; types: string[] }>(
    `SELECT c.id, c.kind, c.major, o.name AS agency,
            coalesce(array_agg(a.type ORDER BY a.n) FILTER (WHERE a.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_action s WHERE s.supersedes_id = a.id)), '{}') AS types
       FROM enforcement_case c JOIN org_node o ON o.id = c.agency_id LEFT JOIN case_action a ON a.case_id = c.id
      GROUP BY c.id, o.name`,
  )
  assert.equal(cases.length, demoCases().length)
  assert.ok(cases.length >= 10, `${cases.length} cases`)
  assert.deepEqual([...new Set(cases.map((c) => c.agency))], ['楚雄州市场监督管理局'])
  assert.deepEqual([...new Set(cases.map((c) => c.kind))].sort(), ['处罚-普通', '处罚-简易', '强制-措施', '检查', '许可'].sort())
  const ended = (c: (typeof cases)[number]) => c.types.includes('归档')
  assert.ok(cases.filter(ended).length >= 2, 'archived cases')
  assert.ok(cases.filter((c) => !ended(c)).length >= 8, 'open cases')
  for (const kind of ['处罚-普通', '许可']) {
    assert.ok(cases.some((c) => c.kind === kind && ended(c)) && cases.some((c) => c.kind === kind && !ended(c)), `${kind}: archived and open ones`)
  }
  // 处罚法58: the major case has been heard and waits for 法制审核 before its 决定
  const waitingReview = cases.filter((c) => c.major && c.types.includes('陈述申辩') && !c.types.includes('法制审核') && !c.types.includes('决定'))
  assert.equal(waitingReview.length, 1)
  // L-01: every decided 普通程序 case was decided after its review passed, through the review use cases
  const decided = cases.filter((c) => c.kind === '处罚-普通' && c.types.includes('决定'))
  assert.ok(decided.length >= 1, 'a reviewed decision')
  for (const c of decided) {
    const review = await db.one<{ kind: string | null }>(
      `SELECT o.kind FROM legal_review r JOIN legal_review_round x ON x.review_id = r.id LEFT JOIN legal_review_opinion o ON o.round_id = x.id
        WHERE r.case_id = $1 ORDER BY r.submitted_at DESC, x.n DESC LIMIT 1`, [c.id])
    assert.equal(review.kind, '同意')
    assert.ok(c.types.indexOf('法制审核') < c.types.indexOf('决定'))
  }
  // 处罚法51/68: a fine decided and collected on the spot
  assert.ok(cases.some((c) => c.kind === '处罚-简易' && c.types.includes('现场处罚决定') && c.types.includes('当场收缴')))
  // the officer's request for 立案 waits for the head
  const pending = await db.many<{ type: string; kind: string }>(
    `SELECT r.type, r.kind FROM case_approval_request r WHERE NOT EXISTS (SELECT 1 FROM case_approval_decision d WHERE d.request_id = r.id)`,
  )
  assert.deepEqual(pending, [{ type: '立案', kind: '处罚-普通' }])
  // the deadlines the actions started, with their status today in China
  const statuses = await db.many<{ status: string; n: number }>(
    `SELECT ${STATUS_SQL('$1')} AS status, count(*)::int AS n FROM case_deadline d GROUP BY 1`,
    [today],
  )
  const n = (status: string) => statuses.find((s) => s.status === status)?.n ?? 0
  assert.ok(n('overdue') >= 2 && n('near-due') >= 1 && n('ok') >= 5, JSON.stringify(statuses))
  // the agency has its 机关代字, so its officers can generate numbered documents
  const prefix = await db.one<{ prefix: string; agency: string }>(
    `SELECT p.prefix, o.name AS agency FROM document_number_prefix p JOIN org_node o ON o.id = p.agency_id`,
  )
  assert.deepEqual(prefix, { prefix: DEMO_NUMBER_PREFIX, agency: '楚雄州市场监督管理局' })
})

test('N-01 R-02: every demo case and action went through the use cases: each has its audit event, and its deadlines were computed as the API computes them', async () => {
  const unaudited = await db.one<{ cases: number; actions: number; approvals: number }>(
    `SELECT (SELECT count(*)::int FROM enforcement_case c WHERE NOT EXISTS
               (SELECT 1 FROM audit_event e WHERE e.action = 'case.create' AND e.entity_id = c.id::text)) AS cases,
            (SELECT count(*)::int FROM case_action a WHERE NOT EXISTS
               (SELECT 1 FROM audit_event e WHERE e.action = 'case.action.record' AND e.entity_id = a.id::text)) AS actions,
            (SELECT count(*)::int FROM case_approval_request r WHERE NOT EXISTS
               (SELECT 1 FROM audit_event e WHERE e.action = 'case.approval.request' AND e.entity_id = r.id::text)) AS approvals`,
  )
  assert.deepEqual(unaudited, { cases: 0, actions: 0, approvals: 0 })
  const actions = await db.one<{ n: number; future: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE acted_on > $1::date)::int AS future FROM case_action`,
    [today],
  )
  assert.equal(actions.n, demoCases().reduce((sum, c) => sum + c.steps.length, 0))
  assert.equal(actions.future, 0, 'every date lies in the past in China')
  // every approval-type action was recorded by a head; on-site acts carry two officers (处罚法42)
  const wrong = await db.many<{ type: string }>(
    `SELECT a.type FROM case_action a JOIN case_action_type t ON t.kind = a.kind AND t.code = a.type JOIN app_user u ON u.id = a.recorded_by
      WHERE (t.needs_approval AND NOT 'head' = ANY (u.roles)) OR (t.on_site AND cardinality(a.officers) < 2)`,
  )
  assert.deepEqual(wrong, [])
  // the same trigger refuses what a raw insert would get wrong: an 归档 before 结案
  const open = await db.one<{ id: string; kind: string; by: string }>(
    `SELECT c.id, c.kind, c.created_by AS by FROM enforcement_case c WHERE c.kind = '许可'
        AND NOT EXISTS (SELECT 1 FROM case_action a WHERE a.case_id = c.id AND a.type IN ('结案', '不予受理')) LIMIT 1`,
  )
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, $2, '归档', $3, '{}', $4)`, [open.id, open.kind, today, open.by]),
    /之前须先有/,
  )
  const deadlines = await db.one<{ missing: number }>(
    `SELECT count(*)::int AS missing FROM enforcement_case c
      WHERE EXISTS (SELECT 1 FROM case_action a WHERE a.case_id = c.id AND a.type IN ('立案', '受理', '申请', '实施'))
        AND NOT EXISTS (SELECT 1 FROM case_deadline d WHERE d.case_id = c.id)`,
  )
  assert.equal(deadlines.missing, 0)
})

test('N-01: the demo cases are the same on every first start (seeded PRNG)', () => {
  const shape = () => demoCases().map((c) => [c.kind, c.party, c.steps.map((s) => [s.type, s.ago, s.data ?? null])])
  assert.deepEqual(shape(), shape())
  assert.ok(demoCases().every((c) => c.steps.every((s) => s.ago >= 0)))
})
