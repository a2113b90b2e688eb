// N-03 / P-14: the dataset generator behind `zhifa bench generate` and scenario 5. A
// province-like tree (省 → 州/市 → 县, several departments and a 司法局 at each level),
// officers with certificates, cases over `years` years whose actions follow the stage model
// on working days of the F-04 calendar, the annual report's index, publications of every
// decision and, for a share of them, the published text built from a violation catalogue.
//
// The bulk path: the rows are made by the database itself (INSERT … SELECT over
// generate_series, batches of `batch` cases, the agencies, officers and working days passed
// as arrays), which moves less than COPY would; the row triggers are off for the load
// (session_replication_role = replica, so a superuser connection), and what they would have
// derived is written set-based in the same statements: annual_report_entry (0027) and the
// publication of each decision (0020). Simplified against the model: no 法制审核/集体讨论
// (no major cases), every 处罚-普通 party waives 陈述申辩, no 不予立案/不予受理, no
// corrections, no documents, attachments or log leaves; recent cases stop where the period
// ends (still open). generate.test.ts checks what is kept.
import crypto from 'node:crypto'
import type { Db, Queryable } from '../platform/db/pool.ts'
import { builtinCalendar } from '../platform/calendar/notices.ts'
import { addDays } from '../platform/calendar/dates.ts'
import { searchVectorLiteral } from '../platform/search/search.ts'
import { loadCaseModel } from '../domains/cases/model.ts'
import { SAMPLE_VIOLATION } from '../domains/discretion/sample.ts'
import { makeUscc } from '../seed/codes.ts'
import { makeNameFactory, seededRandom } from '../seed/random.ts'
import { insertPublishedDecisions, type DecisionColumns } from './scenario-search.ts'

export type GenerateOptions = {
  cases: number
  /** years of cases, ending with the last full year before endYear + 1 (default 5) */
  years?: number
  /** the last year of cases (default: the year before today) */
  endYear?: number
  /** share of decisions whose text is published (default 1) */
  publishShare?: number
  /**
   * drop the loaded tables' secondary indexes for the load and build them again after it
   * (sorted builds instead of random inserts); default from 200,000 cases on
   */
  rebuildIndexes?: boolean
  /** cases per statement (default 50,000) */
  batch?: number
  seed?: number
  log?: (line: string) => void
}

export type GenerateResult = {
  tag: string
  rootId: string
  agencyIds: string[]
  years: number[]
  cases: number
  actions: number
  entries: number
  publications: number
  published: number
  seconds: { tree: number; cases: number; texts: number; analyze: number; total: number }
  casesPerSecond: number
}

/** A department at every level, its domain, a violation of its catalogue and a permit. */
type Department = { name: string; domain: string; fees: boolean; violation: { title: string; violationBasis: string; penaltyBasis: string; fine: [number, number] }; permit: { name: string; basis: string } }
const DEPARTMENTS: Department[] = [
  { name: '市场监督管理局', domain: '市场监管', fees: false, violation: { title: SAMPLE_VIOLATION.title, violationBasis: SAMPLE_VIOLATION.violationBasis, penaltyBasis: SAMPLE_VIOLATION.penaltyBasis, fine: [50_000, 100_000] }, permit: { name: '食品经营许可', basis: '《中华人民共和国食品安全法》第三十五条' } },
  { name: '生态环境局', domain: '生态环境', fees: false, violation: { title: '超过大气污染物排放标准排放大气污染物', violationBasis: '《中华人民共和国大气污染防治法》第十八条', penaltyBasis: '《中华人民共和国大气污染防治法》第九十九条第二项', fine: [100_000, 1_000_000] }, permit: { name: '排污许可', basis: '《排污许可管理条例》第十一条' } },
  { name: '交通运输局', domain: '交通运输', fees: true, violation: { title: '未取得道路运输经营许可擅自从事道路普通货物运输经营', violationBasis: '《中华人民共和国道路运输条例》第二十一条', penaltyBasis: '《中华人民共和国道路运输条例》第六十三条', fine: [10_000, 100_000] }, permit: { name: '道路货物运输经营许可', basis: '《中华人民共和国道路运输条例》第二十二条' } },
  { name: '城市管理综合执法局', domain: '城市管理', fees: false, violation: { title: '擅自占用城市道路', violationBasis: '《城市道路管理条例》第二十七条', penaltyBasis: '《城市道路管理条例》第四十二条', fine: [500, 20_000] }, permit: { name: '占用城市道路许可', basis: '《城市道路管理条例》第三十一条' } },
  { name: '应急管理局', domain: '应急管理', fees: false, violation: { title: '未按照规定对从业人员进行安全生产教育和培训', violationBasis: '《中华人民共和国安全生产法》第二十八条', penaltyBasis: '《中华人民共和国安全生产法》第九十七条第三项', fine: [10_000, 100_000] }, permit: { name: '危险化学品经营许可', basis: '《危险化学品安全管理条例》第三十三条' } },
  { name: '自然资源局', domain: '自然资源', fees: true, violation: { title: '未经批准非法占用土地', violationBasis: '《中华人民共和国土地管理法》第四十四条', penaltyBasis: '《中华人民共和国土地管理法》第七十七条', fine: [10_000, 500_000] }, permit: { name: '建设用地规划许可', basis: '《中华人民共和国城乡规划法》第三十七条' } },
]
const CITIES = ['滇中州', '金沙市', '澜沧市', '苍山州', '乌蒙市', '红河州', '普洱市', '雪峰州']
const COUNTY_SUFFIXES = ['东县', '西县', '南县', '北县', '中县', '新区']
const PARTIES = ['食品经营部', '商贸有限公司', '物流有限公司', '建材经营部', '餐饮店', '建设工程有限公司', '农资经营部', '化工有限公司', '运输有限公司', '超市']
const PLACES = ['城关镇', '东山镇', '西华镇', '南屏镇', '北坡乡', '新街镇', '河口镇', '石桥镇']

/**
 * Each kind's path: the types in order, and the share of cases (cumulative thresholds in
 * the SQL). 收费 only at a department that collects fees; elsewhere such a case is a 检查.
 */
export const PATHS: { kind: string; share: number; types: string[] }[] = [
  { kind: '许可', share: 0.3, types: ['申请', '受理', '审查', '决定', '发证', '结案', '归档'] },
  { kind: '处罚-简易', share: 0.2, types: ['现场处罚决定', '送达', '备案', '执行', '结案', '归档'] },
  { kind: '处罚-普通', share: 0.14, types: ['案源登记', '核查', '立案', '调查取证', '案件审核', '告知', '放弃陈述申辩', '决定', '送达', '执行', '结案', '归档'] },
  { kind: '检查', share: 0.2, types: ['启动检查', '实施检查', '检查结论', '结案', '归档'] },
  { kind: '强制-措施', share: 0.05, types: ['审批', '实施', '决定书送达', '解除', '结案', '归档'] },
  { kind: '强制-执行', share: 0.02, types: ['催告', '强制执行决定', '送达', '实施', '结案', '归档'] },
  { kind: '征收征用', share: 0.04, types: ['立项', '审核', '决定', '送达', '执行', '结案', '归档'] },
  { kind: '收费', share: 0.05, types: ['核定', '缴费通知', '收缴', '结案', '归档'] },
]

/** The data keys the load writes on each type (the SQL below). */
const DATA_KEYS: Record<string, string[]> = { 现场处罚决定: ['penalty', 'documentNo'], 告知: ['statementDeadline'], 决定: ['penalty', 'category', 'granted'] }

/** Refuses to load when a path no longer follows the stage model (predecessors, exclusions, data). */
export async function checkPaths(q: Queryable): Promise<void> {
  const model = await loadCaseModel(q)
  for (const p of PATHS) {
    const kind = model.find((k) => k.code === p.kind)
    if (!kind) throw new Error(`案件类别不存在：${p.kind}`)
    const seen: string[] = []
    for (const type of p.types) {
      const t = kind.actions.find((a) => a.code === type)
      if (!t) throw new Error(`${p.kind} 没有环节 ${type}`)
      const missing = t.requiresAll.filter((r) => !seen.includes(r))
      if (missing.length || (t.requiresAny.length && !t.requiresAny.some((r) => seen.includes(r))) || t.excludes.some((e) => seen.includes(e))) {
        throw new Error(`${p.kind} 的 ${type} 不符合环节顺序`)
      }
      const missingData = t.requiredData.filter((d) => !(DATA_KEYS[type] ?? []).includes(d))
      if (missingData.length) throw new Error(`${p.kind} 的 ${type} 缺少数据 ${missingData.join('、')}`)
      // 法制审核/集体讨论/听证 are conditional on major, collective and 听证申请, none of which is generated
      seen.push(type)
    }
  }
}

const round = (n: number) => Math.round(n * 10) / 10

/**
 * owner: a superuser connection (not the app role) to a migrated database. Adds one more
 * tree with its cases; running it twice gives two trees.
 */
export async function generateDataset(owner: Db, o: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now()
  const log = o.log ?? (() => {})
  const random = seededRandom(o.seed ?? 20261203)
  const tag = crypto.randomBytes(3).toString('hex')
  const endYear = o.endYear ?? new Date().getUTCFullYear() - 1
  const years = Array.from({ length: o.years ?? 5 }, (_, i) => endYear - (o.years ?? 5) + 1 + i)
  const calendar = builtinCalendar()
  const days: string[] = []
  for (let d = `${years[0]}-01-01`; d <= `${endYear}-12-31`; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) days.push(d)
  await checkPaths(owner)

  // the tree
  const tree = await owner.tx(async (q) => {
    const nodes: { id: string; parent: string | null; path: string; kind: string; level: string; code: string; name: string }[] = []
    const add = (parent: (typeof nodes)[number] | null, kind: string, level: string, name: string) => {
      const id = crypto.randomUUID()
      const n = { id, parent: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, kind, level, code: `g${tag}-${nodes.length}`, name }
      nodes.push(n)
      return n
    }
    const regions: { node: (typeof nodes)[number]; code: string }[] = []
    const root = add(null, 'region', 'province', `云岭省（基准${tag}）`)
    regions.push({ node: root, code: '530000' })
    CITIES.forEach((city, c) => {
      const cityNode = add(root, 'region', 'city', city)
      regions.push({ node: cityNode, code: `53${String(c + 1).padStart(2, '0')}00` })
      COUNTY_SUFFIXES.forEach((suffix, k) => {
        regions.push({ node: add(cityNode, 'region', 'county', `${city.slice(0, 2)}${suffix}`), code: `53${String(c + 1).padStart(2, '0')}${String(k + 1).padStart(2, '0')}` })
      })
    })
    const agencies: { id: string; dept: Department; region: string; code: string }[] = []
    const bureaus: string[] = []
    for (const r of regions) {
      for (const dept of DEPARTMENTS) agencies.push({ id: add(r.node, 'agency', r.node.level, `${r.node.name.replace(/（.*）/, '')}${dept.name}`).id, dept, region: r.node.name, code: r.code })
      bureaus.push(add(r.node, 'agency', r.node.level, `${r.node.name.replace(/（.*）/, '')}司法局`).id)
    }
    // parents first: the org tree's trigger checks each path against its parent
    await q.query(
      `INSERT INTO org_node (id, parent_id, kind, level, code, name, path)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [nodes.map((n) => n.id), nodes.map((n) => n.parent), nodes.map((n) => n.kind), nodes.map((n) => n.level), nodes.map((n) => n.code), nodes.map((n) => n.name), nodes.map((n) => n.path)],
    )
    await q.query('INSERT INTO justice_bureau (org_id) SELECT unnest($1::uuid[])', [bureaus])
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
    const uscc = agencies.map(() => makeUscc('11', '530000', Array.from({ length: 8 }, () => alphabet[random.int(0, alphabet.length - 1)]).join('')))
    await q.query(
      `INSERT INTO enforcement_body (id, uscc, body_kind, legal_basis, domains, address, phone, supervisor_name, supervisor_contact, reconsideration_body, court)
       SELECT id, uscc, '行政机关', '《中华人民共和国行政处罚法》第十七条', ARRAY[domain], region || '人民路1号', '0878-3100000', region || '司法局', '0878-3100001', region || '人民政府', region || '人民法院'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, uscc, domain, region)`,
      [agencies.map((a) => a.id), uscc, agencies.map((a) => a.dept.domain), agencies.map((a) => a.region)],
    )
    // officers: 8 per agency, each with a certificate valid for the whole period (≤ 5 years)
    const perAgency = 8
    // names repeat across a province (the demo's factory keeps them unique, and runs out)
    const names = Array.from({ length: Math.ceil((agencies.length * perAgency) / 1000) }, () => makeNameFactory(random))
    let made = 0
    const officers: string[] = []
    const people = { id: [] as string[], agency: [] as string[], name: [] as string[], gender: [] as string[] }
    for (const a of agencies) {
      for (let i = 0; i < perAgency; i++) {
        const id = crypto.randomUUID()
        const gender = random.chance(0.6) ? '男' : '女'
        people.id.push(id); people.agency.push(a.id); people.name.push(names[Math.floor(made++ / 1000) % names.length]!(gender)); people.gender.push(gender)
        officers.push(id)
      }
    }
    await q.query(
      `INSERT INTO person (id, agency_id, kind, name, gender, post, categories, areas)
       SELECT id, agency, 'officer', name, gender, '执法队员', '{行政执法}', '{本辖区}' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS t(id, agency, name, gender)`,
      [people.id, people.agency, people.name, people.gender],
    )
    await q.query(
      `INSERT INTO certificate (person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to)
       SELECT id, $2 || n, '云岭省人民政府', '{行政执法}', '{本辖区}', $3::date, $3::date + interval '5 years' - interval '1 day'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [people.id, `ZF${tag.toUpperCase()}`, `${years[0]}-01-01`],
    )
    return { root, agencies, officers, perAgency }
  })
  const treeSeconds = (performance.now() - started) / 1000
  log(`  组织树：${tree.agencies.length} 个执法机关，${tree.officers.length} 名执法人员（${round(treeSeconds)} s）`)

  // cases, actions, the report's index and the publications, batch by batch
  const batch = o.batch ?? 50_000
  const thresholds: number[] = []
  PATHS.reduce((sum, p) => (thresholds.push(sum + p.share), sum + p.share), 0)
  const kindCase = PATHS.map((p, i) => `WHEN rk < ${thresholds[i]} THEN '${p.kind}'`).join(' ')
  const pathRows = PATHS.flatMap((p) => p.types.map((t, i) => `('${p.kind}', ${i}, '${t}')`)).join(', ')
  const publishShare = o.publishShare ?? 1
  let actions = 0
  let entries = 0
  let publications = 0
  let published = 0
  let textSeconds = 0
  const casesStarted = performance.now()
  const rebuild = o.rebuildIndexes ?? o.cases >= 200_000
  const dropped = rebuild ? await dropSecondaryIndexes(owner, LOADED_TABLES) : []
  if (dropped.length) log(`  载入期间暂时删除 ${dropped.length} 个二级索引，载入后重建`)
  try {
  const parties = PARTIES.map((p) => `${random.pick(PLACES).slice(0, 2)}某某${p}`)
  for (let first = 1; first <= o.cases; first += batch) {
    const last = Math.min(o.cases, first + batch - 1)
    const decisions = await owner.tx(async (q) => {
      await q.query('SET LOCAL session_replication_role = replica')
      await q.query('SET LOCAL synchronous_commit = off')
      await q.query(`SELECT setseed(${((o.seed ?? 20261203) % 1000) / 1000 + first / (o.cases + 1) / 1000})`)
      await q.query(
        `CREATE TEMP TABLE gen_agency ON COMMIT DROP AS
         SELECT a::int, id, fees, fine0, fine1, domain, summary, domain IN (SELECT domain FROM priority_domain) AS priority
           FROM unnest($1::uuid[], $2::boolean[], $3::int[], $4::int[], $5::text[], $6::text[]) WITH ORDINALITY AS t(id, fees, fine0, fine1, domain, summary, a)`,
        [tree.agencies.map((a) => a.id), tree.agencies.map((a) => a.dept.fees), tree.agencies.map((a) => a.dept.violation.fine[0]),
          tree.agencies.map((a) => a.dept.violation.fine[1] - a.dept.violation.fine[0]), tree.agencies.map((a) => a.dept.domain), tree.agencies.map((a) => a.dept.violation.title)],
      )
      await q.query(`CREATE TEMP TABLE gen_day ON COMMIT DROP AS SELECT i::int, d FROM unnest($1::date[]) WITH ORDINALITY AS t(d, i)`, [days])
      await q.query(
        `CREATE TEMP TABLE gen_officer ON COMMIT DROP AS SELECT (i::int - 1) / $2 + 1 AS a, (i::int - 1) % $2 AS k, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, i)`,
        [tree.officers, tree.perAgency],
      )
      await q.query('CREATE INDEX ON gen_officer (a, k)')
      await q.query('ANALYZE gen_agency; ANALYZE gen_day; ANALYZE gen_officer')
      await q.query(
        `CREATE TEMP TABLE gen_case ON COMMIT DROP AS
         SELECT gen_random_uuid() AS id, r.g AS seq, r.a, r.rs, r.rp, r.start, r.step, d.d AS started_on, ga.id AS agency_id,
                CASE WHEN k.kind = '收费' AND NOT ga.fees THEN '检查' ELSE k.kind END AS kind
           FROM (SELECT g, 1 + floor(random() * $3)::int AS a, random() AS rs, random() AS rp,
                        1 + floor(random() * $4)::int AS start, 1 + floor(random() * 3)::int AS step, random() AS rk
                   FROM generate_series($1::int, $2::int) g) r
           JOIN gen_agency ga ON ga.a = r.a
           JOIN gen_day d ON d.i = r.start,
                LATERAL (SELECT CASE ${kindCase} ELSE '收费' END AS kind) k`,
        [first, last, tree.agencies.length, days.length],
      )
      await q.query('ANALYZE gen_case')
      await q.query(
        `INSERT INTO enforcement_case (id, agency_id, kind, number, party_kind, party_name, summary, created_at)
         SELECT c.id, c.agency_id, c.kind, '（' || extract(year FROM c.started_on) || '）' || $1 || '第' || c.seq || '号',
                CASE WHEN c.rp < 0.35 THEN 'citizen' ELSE 'organisation' END,
                CASE WHEN c.rp < 0.35 THEN '某某（自然人）' ELSE ($2::text[])[1 + floor(c.rp * array_length($2::text[], 1))::int] END,
                ga.summary, c.started_on::timestamp + interval '9 hours'
           FROM gen_case c JOIN gen_agency ga ON ga.a = c.a`,
        [tag, parties],
      )
      const { rows } = await q.query<{ actions: number; entries: number; publications: number }>(
        `WITH path(kind, ord, type) AS (VALUES ${pathRows}),
         ins AS (
           INSERT INTO case_action (id, case_id, kind, type, acted_on, officers, data, recorded_at)
           SELECT gen_random_uuid(), c.id, c.kind, p.type, d.d,
                  CASE WHEN t.on_site THEN ARRAY[(SELECT id FROM gen_officer o WHERE o.a = c.a AND o.k = c.seq % $1),
                                                 (SELECT id FROM gen_officer o WHERE o.a = c.a AND o.k = (c.seq + 1) % $1)] ELSE '{}'::uuid[] END,
                  CASE
                    WHEN p.type = '现场处罚决定' THEN jsonb_build_object('documentNo', 'DC' || c.seq) || CASE WHEN c.rs < 0.3 THEN '{"penalty": "警告"}'::jsonb ELSE jsonb_build_object('penalty', '罚款', 'fineYuan', 50 * (1 + floor(c.rs * 4))) END
                    WHEN p.kind = '处罚-普通' AND p.type = '决定' THEN jsonb_build_object('penalty', '罚款', 'fineYuan', ga.fine0 + floor(c.rs * ga.fine1))
                    WHEN p.type = '告知' THEN jsonb_build_object('statementDeadline', to_char(d.d + 5, 'YYYY-MM-DD'))
                    WHEN p.kind = '征收征用' AND p.type = '决定' THEN jsonb_build_object('category', CASE WHEN c.rs < 0.1 THEN '征用' ELSE '征收' END)
                    WHEN p.kind = '许可' AND p.type = '决定' THEN jsonb_build_object('granted', c.rs >= 0.05)
                    ELSE '{}'::jsonb END,
                  d.d::timestamp + interval '10 hours'
             FROM gen_case c JOIN gen_agency ga ON ga.a = c.a JOIN path p ON p.kind = c.kind
             JOIN case_action_type t ON t.kind = p.kind AND t.code = p.type
             JOIN gen_day d ON d.i = c.start + p.ord * c.step
            ORDER BY c.seq, p.ord
           RETURNING id, case_id, kind, type, acted_on, data),
         entry AS (
           INSERT INTO annual_report_entry (action_id, case_id, agency_id, report_kind, decided_on)
           SELECT i.id, i.case_id, c.agency_id, CASE WHEN s.report_kind = '征收' AND i.data->>'category' = '征用' THEN '征用' ELSE s.report_kind END, i.acted_on
             FROM ins i JOIN annual_report_source s ON s.case_kind = i.kind AND s.action_type = i.type JOIN gen_case c ON c.id = i.case_id
           RETURNING 1),
         pub AS (
           INSERT INTO publication (id, public_id, kind, agency_id, domain, priority, case_id, source_action_id, decided_on, working_days)
           SELECT gen_random_uuid(), 'GS' || to_char(i.acted_on, 'YYYYMMDD') || substr(md5(i.id::text), 1, 10), s.pub_kind, c.agency_id, ga.domain,
                  ga.priority, i.case_id, i.id, i.acted_on, r.working_days
             FROM ins i JOIN publication_source s ON s.case_kind = i.kind AND s.action_type = i.type
             JOIN publication_deadline_rule r ON r.pub_kind = s.pub_kind JOIN gen_case c ON c.id = i.case_id JOIN gen_agency ga ON ga.a = c.a
           RETURNING id, public_id, kind, agency_id, domain, case_id, source_action_id, decided_on)
         SELECT (SELECT count(*) FROM ins)::int AS actions, (SELECT count(*) FROM entry)::int AS entries,
                (SELECT count(*) FROM pub)::int AS publications,
                (SELECT coalesce(json_agg(pub), '[]') FROM pub WHERE decided_on <= $2::date AND $3) AS decisions`,
        [tree.perAgency, addDays(days.at(-1)!, -30), publishShare > 0],
      )
      const r = rows[0] as unknown as { actions: number; entries: number; publications: number; decisions: PubRow[] }
      actions += r.actions
      entries += r.entries
      publications += r.publications
      return r.decisions
    })
    // the published texts: title, body and search vector built here (the SQL tokenizer is slow)
    const t0 = performance.now()
    const byAgency = new Map(tree.agencies.map((a) => [a.id, a]))
    const cols: DecisionColumns = { id: [], pub: [], kind: [], agency: [], domain: [], decided: [], title: [], body: [], vector: [], caseId: [], actionId: [] }
    for (const d of decisions) {
      if (random.next() >= publishShare) continue
      const a = byAgency.get(d.agency_id)!
      const { title, body } = decisionText(d.kind, a.dept, random.pick(parties), random.pick(PLACES), d.decided_on, random.next())
      cols.id.push(d.id); cols.pub.push(d.public_id); cols.kind.push(d.kind); cols.agency.push(d.agency_id); cols.domain.push(d.domain)
      cols.decided.push(d.decided_on); cols.title.push(title); cols.body.push(body); cols.caseId!.push(d.case_id); cols.actionId!.push(d.source_action_id)
      cols.vector.push(`${searchVectorLiteral(`${title}\n${body}`)} '年${d.decided_on.slice(0, 4)}'`)
    }
    for (let i = 0; i < cols.id.length; i += 5000) {
      const slice = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, (v as unknown[]).slice(i, i + 5000)])) as DecisionColumns
      await owner.tx(async (q) => {
        await q.query('SET LOCAL session_replication_role = replica')
        await insertPublishedDecisions(q, slice)
      })
    }
    published += cols.id.length
    textSeconds += (performance.now() - t0) / 1000
    const elapsed = (performance.now() - casesStarted) / 1000
    log(`    ${last} 件案件，${actions} 个执法行为，${published} 条公开决定（${round(elapsed)} s，${Math.round(last / elapsed)} 件/s）`)
  }
  } finally {
    const r0 = performance.now()
    for (const def of dropped) await owner.query(def)
    if (dropped.length) log(`  重建索引 ${round((performance.now() - r0) / 1000)} s`)
  }
  const casesSeconds = (performance.now() - casesStarted) / 1000
  const a0 = performance.now()
  for (const table of ['enforcement_case', 'case_action', 'annual_report_entry', 'publication', 'publication_version', 'publication_search', 'org_node']) {
    // VACUUM sets the visibility map, so counts over the report's index read the index only
    await owner.query(`VACUUM ANALYZE ${table}`)
  }
  const analyzeSeconds = (performance.now() - a0) / 1000
  const total = (performance.now() - started) / 1000
  return {
    tag,
    rootId: tree.root.id,
    agencyIds: tree.agencies.map((a) => a.id),
    years,
    cases: o.cases,
    actions,
    entries,
    publications,
    published,
    seconds: { tree: round(treeSeconds), cases: round(casesSeconds - textSeconds), texts: round(textSeconds), analyze: round(analyzeSeconds), total: round(total) },
    casesPerSecond: Math.round(o.cases / (casesSeconds + analyzeSeconds)),
  }
}

const LOADED_TABLES = ['enforcement_case', 'case_action', 'annual_report_entry', 'publication', 'publication_version', 'publication_search']

/** Drops the tables' indexes that back no constraint; returns their definitions to build them again. */
async function dropSecondaryIndexes(q: Queryable, tables: string[]): Promise<string[]> {
  const { rows } = await q.query<{ name: string; def: string }>(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'zhifa' AND t.relname = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  )
  for (const r of rows) await q.query(`DROP INDEX ${r.name}`)
  return rows.map((r) => r.def)
}

type PubRow = { id: string; public_id: string; kind: string; agency_id: string; domain: string; case_id: string; source_action_id: string; decided_on: string }

const CN_DIGITS = '〇一二三四五六七八九'
const cnDate = (d: string) => `${[...d.slice(0, 4)].map((c) => CN_DIGITS[Number(c)]).join('')}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`

/** The published text of one decision, from the department's violation catalogue or permit. */
export function decisionText(kind: string, dept: Department, party: string, place: string, decidedOn: string, r: number): { title: string; body: string } {
  const v = dept.violation
  switch (kind) {
    case '处罚': {
      const fine = Math.round((v.fine[0] + r * (v.fine[1] - v.fine[0])) / 100) * 100
      return {
        title: `行政处罚决定信息：${party}${v.title}案`,
        body: `当事人${party}在${place}${v.title}，违反了${v.violationBasis}的规定。依据${v.penaltyBasis}，本机关于${cnDate(decidedOn)}决定：责令改正，罚款人民币${fine}元。`,
      }
    }
    case '许可':
      return {
        title: `行政许可决定信息：${party}${dept.permit.name}`,
        body: `申请人${party}（经营场所：${place}）申请${dept.permit.name}，经审查，符合${dept.permit.basis}规定的条件，本机关于${cnDate(decidedOn)}决定准予行政许可。`,
      }
    case '强制':
      return { title: `行政强制信息：${party}`, body: `因当事人${party}涉嫌${v.title}，依据《中华人民共和国行政强制法》第十八条，本机关于${cnDate(decidedOn)}对涉案物品实施查封。` }
    case '检查':
      return { title: `行政检查结果：${party}`, body: `本机关于${cnDate(decidedOn)}对${place}${party}开展${dept.domain}领域双随机抽查，检查结果：未发现问题。` }
    default:
      return { title: `行政执法决定信息：${party}`, body: `本机关依法对${place}${party}作出决定（${cnDate(decidedOn)}）。` }
  }
}
