// N-03 scenario 2 / P-15: portal search over N published decisions. Loads a synthetic but
// realistic corpus straight into publication + publication_search (the search vector built
// by the TypeScript twin of zh_search_vector(), proven equal in search.test.ts, because the
// SQL function runs at ~1,500 texts/s and a province's decade would take hours), then times
// the portal's own query code (searchPublications) as the app role, beside a primary-key
// lookup of one publication in the same database.
import crypto from 'node:crypto'
import type { Db, Queryable } from '../platform/db/pool.ts'
import { addDays } from '../platform/calendar/dates.ts'
import { searchVectorLiteral } from '../platform/search/search.ts'
import { searchPublications } from '../domains/disclosure/search.ts'
import { seededRandom } from '../seed/random.ts'

const KINDS = ['处罚', '处罚', '处罚', '许可', '许可', '强制', '检查', '其他'] as const
const DOMAINS = ['市场监管', '生态环境', '交通运输', '城市管理', '应急管理', '自然资源', '卫生健康', '文化旅游'] as const
/** Goods and objects by frequency: the first ones appear in many decisions, the last in few. */
const GOODS = ['食品', '药品', '化妆品', '建材', '农药', '兽药', '种子', '肥料', '烟花爆竹', '成品油', '燃气', '电动车', '渣土', '废水', '废气',
  '噪声', '危险废物', '医疗器械', '保健食品', '特种设备', '计量器具', '网络餐饮', '校外培训', '出租汽车', '客运班线', '砂石', '林木', '野生动物',
  '文物', '出版物', '游艺设备', '民宿', '人防工程', '消防设施', '塑料袋', '电梯', '锅炉', '压力容器', '液化气', '酒类', '茶叶', '菌子', '核桃',
  '普洱茶', '鲜花饼', '火腿', '乳扇', '米线', '饵块', '过桥米线']
const ACTS = ['销售过期', '生产不合格', '未经许可经营', '超标排放', '无证运输', '违规存放', '擅自改变用途', '虚假宣传', '未按规定检验', '非法占用']
const PLACES = ['鹿城镇', '东瓜镇', '吕合镇', '紫溪镇', '东华镇', '子午镇', '苍岭镇', '三街镇', '八角镇', '中山镇', '新村镇', '树苴乡']
const PENALTIES = ['警告', '罚款', '没收违法所得', '没收非法财物', '责令停产停业', '暂扣许可证件', '吊销许可证件']
/** Rare two-character terms: each appears in about one decision in two thousand. */
const RARE = [...'璞瑾琮珑瑜琳璇瑶琦琛玥珈琨瑛璟瑄']

export type SearchScenarioResult = {
  decisions: number
  loadSeconds: number
  search: { p50: number; p95: number; p99: number; queries: number; byStrategy: Record<string, number> }
  list: { p50: number; p95: number; p99: number; queries: number }
  lookup: { p50: number; p95: number; p99: number }
}

function percentiles(times: number[]) {
  const s = [...times].sort((a, b) => a - b)
  const at = (p: number) => Math.round((s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0) * 100) / 100
  return { p50: at(50), p95: at(95), p99: at(99) }
}

/** Columns of published decisions for a bulk load; caseId/actionId/version only for the dataset generator. */
export type DecisionColumns = {
  id: string[]; pub: string[]; kind: string[]; agency: string[]; domain: (string | null)[]; decided: string[]; title: string[]; body: string[]; vector: string[]
  caseId?: string[]; actionId?: string[]
}

/**
 * P-15 bulk path shared by the search scenario and the dataset generator: one statement for
 * publication rows (skipped when they exist: the generator writes them with the cases) and one
 * for publication_search, the vector built beforehand by the TypeScript twin. With caseId, the
 * published version (publication_version) is written too.
 */
export async function insertPublishedDecisions(q: Queryable, cols: DecisionColumns): Promise<void> {
  if (!cols.caseId) {
    await q.query(
      `INSERT INTO publication (id, public_id, kind, agency_id, domain, decided_on, working_days)
       SELECT id, pub, kind, agency, domain, decided, CASE WHEN kind IN ('许可', '处罚') THEN 7 ELSE 20 END
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::date[]) AS t(id, pub, kind, agency, domain, decided)`,
      [cols.id, cols.pub, cols.kind, cols.agency, cols.domain, cols.decided])
  } else {
    await q.query(
      `INSERT INTO publication_version (publication_id, version, status, title, body, legal_basis, due_on, on_time, created_on, created_at)
       SELECT id, 1, 'published', title, body, '《中华人民共和国政府信息公开条例》第二十条', decided + 9, true, decided + 5, (decided + 5)::timestamptz
       FROM unnest($1::uuid[], $2::date[], $3::text[], $4::text[]) AS t(id, decided, title, body)`,
      [cols.id, cols.decided, cols.title, cols.body])
  }
  await q.query(
    `INSERT INTO publication_search (publication_id, public_id, agency_id, kind, domain, priority, decided_on, version, status, title, excerpt, published_on, updated_on, search)
     SELECT id, pub, agency, kind, domain, coalesce(domain IN (SELECT domain FROM priority_domain), false), decided, 1, 'published', title, left(body, 160), decided + ${cols.caseId ? 5 : 7}, decided + ${cols.caseId ? 5 : 7}, vector::tsvector
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[]) AS t(id, pub, kind, agency, domain, decided, title, body, vector)`,
    [cols.id, cols.pub, cols.kind, cols.agency, cols.domain, cols.decided, cols.title, cols.body, cols.vector])
}

/**
 * owner: a connection that may load tables directly (not the app role); app: the app role,
 * as the portal runs. Both on a fresh migrated database.
 */
export async function searchScenario(
  owner: Db,
  app: Db,
  o: { decisions: number; queries?: number; agencies?: number; log?: (line: string) => void },
): Promise<SearchScenarioResult> {
  const random = seededRandom(20261203)
  const rnd = random.next
  const pick = <T>(list: readonly T[]) => random.pick(list)
  const zipf = <T>(list: readonly T[]) => list[Math.min(list.length - 1, Math.floor(list.length * rnd() ** 2.2))]!
  const region = crypto.randomUUID()
  await owner.query(`INSERT INTO org_node (id, kind, level, code, name, path) VALUES ($1, 'region', 'city', $2, '基准测试州', $3)`, [region, `bench${region.slice(0, 8)}`, `/${region}/`])
  const agencies: string[] = []
  for (let i = 0; i < (o.agencies ?? 40); i++) {
    const id = crypto.randomUUID()
    await owner.query(`INSERT INTO org_node (id, parent_id, kind, level, code, name, path) VALUES ($1, $2, 'agency', 'county', $3, $4, $5)`,
      [id, region, `bench${id.slice(0, 8)}`, `基准测试${pick(PLACES)}${pick(DOMAINS)}局${i}`, `/${region}/${id}/`])
    agencies.push(id)
  }
  const started = performance.now()
  const batch = 2000
  const publicIds: string[] = []
  for (let done = 0; done < o.decisions; done += batch) {
    const n = Math.min(batch, o.decisions - done)
    const cols: DecisionColumns = { id: [] as string[], pub: [] as string[], kind: [] as string[], agency: [] as string[], domain: [] as string[], decided: [] as string[], title: [] as string[], body: [] as string[], vector: [] as string[] }
    for (let i = 0; i < n; i++) {
      const decided = addDays('2021-01-01', Math.floor(rnd() * 365 * 5))
      const kind = pick(KINDS)
      const goods = zipf(GOODS)
      const rare = rnd() < 0.0005 * RARE.length ? `，涉案物品编号${pick(RARE)}${pick(RARE)}` : ''
      const title = `${kind === '许可' ? '行政许可决定信息' : kind === '处罚' ? '行政处罚决定信息' : '行政执法决定信息'}：某某${pick(PLACES)}${goods}经营部`
      const body = `当事人在${pick(PLACES)}${pick(ACTS)}${goods}${rare}，违反了《中华人民共和国${pick(['食品安全法', '产品质量法', '环境保护法', '道路运输条例', '安全生产法'])}》第${1 + Math.floor(rnd() * 120)}条的规定。依据相关规定，决定给予${pick(PENALTIES)}${kind === '处罚' ? `，罚款${(1 + Math.floor(rnd() * 200)) * 500}元` : ''}。`
      const id = crypto.randomUUID()
      const publicId = `GS${decided.replaceAll('-', '')}${crypto.randomBytes(5).toString('hex')}`
      cols.id.push(id); cols.pub.push(publicId); cols.kind.push(kind); cols.agency.push(pick(agencies)); cols.domain.push(pick(DOMAINS))
      cols.decided.push(decided); cols.title.push(title); cols.body.push(body); cols.vector.push(`${searchVectorLiteral(`${title}\n${body}`)} '年${decided.slice(0, 4)}'`)
      if (publicIds.length < 1000 && rnd() < 0.01) publicIds.push(publicId)
    }
    await owner.tx((q) => insertPublishedDecisions(q, cols))
    if (done % 100_000 === 0 && done) o.log?.(`    已载入 ${done} 条`)
  }
  await owner.query('ANALYZE publication_search')
  const loadSeconds = (performance.now() - started) / 1000
  const today = '2026-01-01'

  const terms = [
    ...GOODS.map((g) => g.slice(0, 2)), ...GOODS.filter((g) => g.length >= 3), ...ACTS.map((a) => a.slice(-2)), '罚款', '吊销', '警告', '责令停产',
    ...RARE.map((r) => `${r}${pick(RARE)}`), ...PLACES.map((p) => p.slice(0, 2)), '经营部', '违反了',
  ]
  const queries = o.queries ?? 200
  for (let i = 0; i < 20; i++) await searchPublications(app, { q: pick(terms) }, today)
  const searchTimes: number[] = []
  const byStrategy: Record<string, number> = {}
  for (let i = 0; i < queries; i++) {
    const filters = rnd() < 0.3 ? { q: pick(terms), agencyId: pick(agencies) } : { q: pick(terms) }
    const t0 = performance.now()
    const page = await searchPublications(app, filters, today)
    searchTimes.push(performance.now() - t0)
    byStrategy[page.strategy] = (byStrategy[page.strategy] ?? 0) + 1
  }
  const listTimes: number[] = []
  for (let i = 0; i < queries; i++) {
    const filters = { agencyId: pick(agencies), ...(rnd() < 0.5 ? { kind: pick(KINDS) } : {}), ...(rnd() < 0.3 ? { from: '2024-01-01', to: '2024-12-31' } : {}) }
    const t0 = performance.now()
    await searchPublications(app, filters, today)
    listTimes.push(performance.now() - t0)
  }
  const lookupTimes: number[] = []
  for (let i = 0; i < queries; i++) {
    const t0 = performance.now()
    await app.query('SELECT * FROM publication_search WHERE public_id = $1', [pick(publicIds.length ? publicIds : ['GS00000000000000000000'])])
    lookupTimes.push(performance.now() - t0)
  }
  return {
    decisions: o.decisions,
    loadSeconds: Math.round(loadSeconds * 10) / 10,
    search: { ...percentiles(searchTimes), queries, byStrategy },
    list: { ...percentiles(listTimes), queries },
    lookup: percentiles(lookupTimes),
  }
}
