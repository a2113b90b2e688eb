// N-02: a province-sized slice of the big tables, written straight into a fresh database with
// generate_series (triggers and foreign-key checks off for the load, CHECK constraints on), then
// ANALYZEd, so that the planner sees the row counts and value spreads it would see in
// production and the plans of the hot queries can be checked (test/plans.test.ts).
import type { Db } from '../src/platform/db/pool.ts'

/** Deterministic ids: `idOf(7, 42)` is the 42nd row of family 7, so the test can name rows. */
export const idOf = (family: number, n: number) =>
  `00000000-0000-4000-8${family.toString(16).padStart(3, '0')}-${n.toString(16).padStart(12, '0')}`
const idSql = (family: number, n: string) =>
  `('00000000-0000-4000-8${family.toString(16).padStart(3, '0')}-' || lpad(to_hex(${n}), 12, '0'))::uuid`

export const FAMILY = { region: 1, agency: 2, person: 3, certificate: 4, case: 5, action: 6, publication: 7, version: 8, user: 9 } as const

export type PlanWorldSize = {
  agencies: number
  casesPerAgency: number
  actionsPerCase: number
  publicationsPerAgency: number
  peoplePerAgency: number
  leaves: number
  auditEvents: number
  sessions: number
}

/** The default: 10,000 agencies (N-02's province), 100 k cases, 300 k actions, 100 k publications, 200 k log leaves. */
export const DEFAULT_SIZE: PlanWorldSize = {
  agencies: 10_000,
  casesPerAgency: 10,
  actionsPerCase: 3,
  publicationsPerAgency: 10,
  peoplePerAgency: 4,
  leaves: 200_000,
  auditEvents: 200_000,
  sessions: 50_000,
}

/** The tables a plan may never read with a sequential scan. */
export const BIG_TABLES = [
  'org_node', 'person', 'certificate', 'app_user', 'app_session', 'enforcement_case', 'case_action', 'case_deadline',
  'publication', 'publication_version', 'publication_search', 'non_publication', 'ledger_leaf', 'ledger_node',
  'ledger_checkpoint', 'audit_event', 'rate_limit_hit',
] as const

/** The texts the synthetic decisions are made of: a common term (食品) in most, rarer ones in few. */
const TEXTS = [
  '当事人经营超过保质期的食品，违反食品安全法第三十四条，决定罚款人民币五千元',
  '当事人未取得食品经营许可从事食品经营活动，没收违法所得并处罚款',
  '当事人销售的食品标签不符合规定，责令改正，给予警告',
  '当事人生产经营不符合食品安全标准的食品，罚款二万元',
  '当事人在城市道路上擅自占道经营，责令限期改正并处罚款',
  '当事人未按规定设置安全警示标志，罚款三千元',
  '当事人出售过桥米线使用的原料不符合食品安全标准，没收并罚款',
  '当事人未经许可擅自从事道路运输经营，罚款一万元',
]
export const COMMON_TERM = '食品'
/** In one row of RARE_EVERY. */
export const RARE_TERM = '璞瑾'
const RARE_EVERY = 997

export async function fillPlanWorld(admin: Db, size: PlanWorldSize = DEFAULT_SIZE): Promise<void> {
  const a = size.agencies
  const cases = a * size.casesPerAgency
  const actions = cases * size.actionsPerCase
  const pubs = a * size.publicationsPerAgency
  const people = a * size.peoplePerAgency
  const region = idOf(FAMILY.region, 1)
  const agency = (n: string) => idSql(FAMILY.agency, n)
  const kase = (n: string) => idSql(FAMILY.case, n)
  const action = (n: string) => idSql(FAMILY.action, n)
  const pub = (n: string) => idSql(FAMILY.publication, n)
  const types = ['案源登记', '核查', '立案', '调查取证', '案件审核', '告知', '决定', '送达', '执行', '结案']
  await admin.tx(async (given) => {
    const timing = process.env.ZHIFA_PLANS_TIMING === '1'
    const tx = { query: async (text: string) => {
      const started = performance.now()
      const result = await given.query(text)
      if (timing) console.log(`# ${Math.round(performance.now() - started)} ms ${text.replace(/\s+/g, ' ').slice(0, 60)}`)
      return result
    } }
    // The load bypasses the rules the triggers hold (they are tested elsewhere); CHECKs still apply.
    await tx.query(`SET LOCAL session_replication_role = replica`)
    await tx.query(`SET LOCAL search_path TO zhifa, public`)
    await tx.query(
      `INSERT INTO org_node (id, parent_id, kind, level, code, name, path)
       VALUES ('${region}', NULL, 'region', 'province', 'plan-province', '计划测试省', '/${region}/')`,
    )
    await tx.query(
      `INSERT INTO org_node (id, parent_id, kind, level, code, name, path)
       SELECT ${agency('i')}, '${region}', 'agency', 'city', 'plan-a' || i, '计划测试局' || i, '/${region}/' || ${agency('i')} || '/'
         FROM generate_series(1, ${a}) i`,
    )
    await tx.query(
      `INSERT INTO person (id, agency_id, kind, name, post)
       SELECT ${idSql(FAMILY.person, 'i')}, ${agency(`1 + (i - 1) % ${a}`)}, 'officer', '执法员' || i, '执法员' FROM generate_series(1, ${people}) i`,
    )
    await tx.query(
      `INSERT INTO certificate (id, person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to)
       SELECT ${idSql(FAMILY.certificate, 'i')}, ${idSql(FAMILY.person, 'i')}, 'ZF' || lpad(i::text, 8, '0'), '计划测试省人民政府',
              '{市场监管}', '{计划测试省}', date '2024-01-01' + (i % 700), date '2028-01-01' + (i % 700)
         FROM generate_series(1, ${people}) i`,
    )
    await tx.query(
      `INSERT INTO app_user (id, username, display_name, password_hash, org_id, scope_org_id, roles)
       SELECT ${idSql(FAMILY.user, 'i')}, 'plan-u' || i, '用户' || i, '$argon2id$plan', ${agency(`1 + (i - 1) % ${a}`)}, ${agency(`1 + (i - 1) % ${a}`)}, '{officer}'
         FROM generate_series(1, ${a}) i`,
    )
    // Cases of five years, spread evenly over the agencies; created_at newest for the highest number.
    await tx.query(
      `INSERT INTO enforcement_case (id, agency_id, kind, number, party_kind, party_name, summary, created_by, created_at)
       SELECT ${kase('i')}, ${agency(`1 + (i - 1) % ${a}`)}, '处罚-普通', 'C' || i, CASE WHEN i % 3 = 0 THEN 'citizen' ELSE 'organisation' END,
              '当事人' || i, '案情' || i, ${idSql(FAMILY.user, `1 + (i - 1) % ${a}`)},
              timestamptz '2026-12-01 08:00+08' - ((${cases} - i) * interval '1 second' * (5 * 365 * 86400 / ${cases}))
         FROM generate_series(1, ${cases}) i`,
    )
    // Actions: case = 1 + (i - 1) / per-case; one in a hundred corrected by the next.
    await tx.query(
      `INSERT INTO case_action (id, case_id, kind, type, acted_on, officers, supersedes_id, recorded_by, recorded_at)
       SELECT ${action('i')}, ${kase(`1 + (i - 1) / ${size.actionsPerCase}`)}, '处罚-普通',
              (ARRAY['${types.join("','")}'])[1 + ((i - 1) % ${size.actionsPerCase}) % ${types.length}],
              date '2021-12-01' + ((i::bigint * 1825) / ${actions})::int, ARRAY[${idSql(FAMILY.person, `1 + (i - 1) % ${people}`)}],
              CASE WHEN i % 100 = 0 AND (i - 1) % ${size.actionsPerCase} > 0 THEN ${action('i - 1')} END,
              ${idSql(FAMILY.user, `1 + ((i - 1) / ${size.actionsPerCase}) % ${a}`)}, now()
         FROM generate_series(1, ${actions}) i`,
    )
    // Deadlines: one per case; those of the newest tenth are open.
    await tx.query(
      `INSERT INTO case_deadline (case_id, rule_id, name, statute, obligor, start_date, due_date, warn_from, length, unit, confirmed, basis,
                                  source_action_id, met_on, met_by_action_id, responsible_users)
       SELECT ${kase('i')}, 'decision', '作出处罚决定', '处罚法60', 'agency', d, d + 90, d + 80, 90, 'calendar-days', true, '立案之日起九十日',
              ${action(`(i - 1) * ${size.actionsPerCase} + 1`)},
              CASE WHEN i <= ${cases} * 9 / 10 THEN d + 30 END, CASE WHEN i <= ${cases} * 9 / 10 THEN ${action(`(i - 1) * ${size.actionsPerCase} + 1`)} END,
              ARRAY[${idSql(FAMILY.user, `1 + (i - 1) % ${a}`)}]
         FROM generate_series(1, ${cases}) i, LATERAL (SELECT date '2021-12-01' + ((i::bigint * 1825) / ${cases})::int AS d) x`,
    )
    // Publications of decided cases; the newest per agency are drafts, the rest published.
    await tx.query(
      `INSERT INTO publication (id, public_id, kind, agency_id, domain, priority, case_id, source_action_id, decided_on, working_days)
       SELECT ${pub('i')}, 'GS' || to_char(d, 'YYYYMMDD') || lpad(to_hex(i), 10, '0'), CASE WHEN i % 5 = 0 THEN '许可' ELSE '处罚' END,
              ${agency(`1 + (i - 1) % ${a}`)}, CASE WHEN i % 4 = 0 THEN '食品安全' END, i % 4 = 0, ${kase('i')},
              ${action(`(i - 1) * ${size.actionsPerCase} + 1`)}, d, 7
         FROM generate_series(1, ${pubs}) i, LATERAL (SELECT date '2021-12-01' + ((i::bigint * 1825) / ${pubs})::int AS d) x`,
    )
    const drafts = `i > ${pubs} - ${a}`
    await tx.query(
      `INSERT INTO publication_version (id, publication_id, version, status, title, body, legal_basis, due_on, on_time, created_on)
       SELECT ${idSql(FAMILY.version, 'i')}, ${pub('i')}, 1, CASE WHEN ${drafts} THEN 'draft' ELSE 'published' END,
              '行政处罚决定书' || i, (ARRAY['${TEXTS.join("','")}'])[1 + i % ${TEXTS.length}], '食品安全法第一百二十四条',
              CASE WHEN ${drafts} THEN NULL ELSE date '2021-12-10' END, CASE WHEN ${drafts} THEN NULL ELSE true END,
              date '2021-12-05' + ((i::bigint * 1825) / ${pubs})::int
         FROM generate_series(1, ${pubs}) i`,
    )
    // The search index as its trigger would write it: the vectors of the few texts are made once
    // by zh_search_vector (0021), each row adds its year and, in one of RARE_EVERY, the rare term.
    await tx.query(`CREATE TEMP TABLE plan_text ON COMMIT DROP AS
      SELECT n - 1 AS n, zh_search_vector(t) AS v FROM unnest(ARRAY['${TEXTS.join("','")}']) WITH ORDINALITY u(t, n)`)
    await tx.query(`CREATE TEMP TABLE plan_rare ON COMMIT DROP AS SELECT zh_search_vector('${RARE_TERM}') AS v`)
    await tx.query(
      `INSERT INTO publication_search (publication_id, public_id, agency_id, kind, domain, priority, decided_on, version, status,
                                       title, excerpt, published_on, updated_on, period_ends_on, search)
       SELECT p.id, p.public_id, p.agency_id, p.kind, p.domain, p.priority, p.decided_on, 1, 'published', v.title, left(v.body, 160),
              v.created_on, v.created_on, p.decided_on + 1095,
              t.v || array_to_tsvector(ARRAY['年' || to_char(p.decided_on, 'YYYY')]) || CASE WHEN i % ${RARE_EVERY} = 0 THEN (SELECT r.v FROM plan_rare r) ELSE ''::tsvector END
         FROM generate_series(1, ${pubs} - ${a}) i
         JOIN publication p ON p.id = ${pub('i')} JOIN publication_version v ON v.publication_id = p.id
         JOIN plan_text t ON t.n = i % ${TEXTS.length}`,
    )
    // The log: leaves, every complete subtree node, one checkpoint over all of them.
    await tx.query(
      `INSERT INTO ledger_leaf (idx, kind, ref_id, content, content_hash, leaf_hash, queue_seq, enqueued_at)
       SELECT i, CASE WHEN i % 2 = 0 THEN 'case_action' ELSE 'publication_version' END,
              CASE WHEN i % 2 = 0 THEN ${action(`1 + i / 2`)}::text ELSE ${idSql(FAMILY.version, `1 + i / 2`)}::text END,
              '{}'::jsonb, sha256(int8send(i)), sha256(int8send(-i)), i + 1, now()
         FROM generate_series(0, ${size.leaves - 1}) i`,
    )
    await tx.query(
      `INSERT INTO ledger_node (level, idx, hash)
       SELECT l, i, sha256(int8send(l::bigint * 1000000000 + i))
         FROM generate_series(0, 20) l, LATERAL generate_series(0, (${size.leaves} >> l) - 1) i`,
    )
    // One signed checkpoint per sequenced batch (the sequencer runs every 2 s): one per 100 leaves here.
    await tx.query(
      `INSERT INTO ledger_checkpoint (tree_size, root, hash_alg, note)
       SELECT i * 100, sha256(int8send(i)), 'sm3', 'plan ' || i FROM generate_series(1, ${size.leaves} / 100) i`,
    )
    await tx.query(
      `INSERT INTO non_publication (publication_id, ground, basis, approved_by, recorded_by)
       SELECT ${pub('i')}, '国家秘密', '依法不予公开', ${idSql(FAMILY.user, `1 + (i - 1) % ${a}`)}, ${idSql(FAMILY.user, `1 + (i - 1) % ${a}`)}
         FROM generate_series(${pubs} - ${a} + 1, ${pubs}) i WHERE i % 2 = 0`,
    )
    await tx.query(
      `INSERT INTO app_session (id, user_id, csrf_token, created_at, expires_at)
       SELECT encode(sha256(int8send(i)), 'hex'), ${idSql(FAMILY.user, `1 + i % ${a}`)}, md5(i::text), now() - interval '1 hour', now() + interval '11 hours'
         FROM generate_series(1, ${size.sessions}) i`,
    )
    await tx.query(
      `INSERT INTO audit_event (at, actor_id, action, entity, entity_id, org_id)
       SELECT timestamptz '2026-12-01' - i * interval '10 minutes', ${idSql(FAMILY.user, `1 + i % ${a}`)}, 'case.action', 'case',
              ${kase(`1 + i % ${cases}`)}::text, ${agency(`1 + i % ${a}`)}
         FROM generate_series(1, ${size.auditEvents}) i`,
    )
  })
  for (const table of BIG_TABLES) await admin.query(`ANALYZE zhifa.${table}`).catch(() => {})
  await admin.query(`ANALYZE`)
}
