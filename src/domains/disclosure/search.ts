/**
 * P-15: the portal's search and lists over what is public (publication_search, 0022): Chinese
 * terms by the bigram index (0021), filters by agency, kind, domain and decision date, newest
 * decision first, keyset pages. Publications whose publicity period has ended (P-12) leave
 * the default lists; `ended` brings them back.
 *
 * A term is answered in two steps so that neither kind of term is slow: first the newest
 * RECENT_WINDOW rows of the filtered list are checked against the term. If that yields a
 * full page, it is the right page (every other match is older than all of them). Otherwise
 * the term is rare, and its matches come from the GIN index as a set (MATERIALIZED, so the
 * planner cannot walk the date index through millions of rows looking for them) and are
 * sorted, newest year first (see below). Both steps give the same order, so the answer is
 * exact either way.
 */
import type { Queryable } from '../../platform/db/pool.ts'
import { AppError } from '../../platform/http/errors.ts'
import { checkSearchQuery } from '../../platform/search/search.ts'

export const RECENT_WINDOW = 2000

export type PublicationFilters = {
  q?: string | undefined
  agencyId?: string | undefined
  kind?: string | undefined
  domain?: string | undefined
  from?: string | undefined
  to?: string | undefined
  /** include publications whose publicity period has ended */
  ended?: boolean | undefined
  /** the cursor of the last row of the previous page */
  after?: string | undefined
  limit?: number | undefined
}

export type PublicationHit = {
  publicId: string
  title: string
  excerpt: string
  kind: string
  agencyId: string
  agencyName: string
  domain: string | null
  priority: boolean
  decidedOn: string
  status: 'published' | 'corrected' | 'withdrawn'
  publishedOn: string
  updatedOn: string
  ended: boolean
}

export type PublicationPage = { items: PublicationHit[]; next: string | null; strategy: 'list' | 'recent' | 'index' }

const CURSOR = /^(\d{4}-\d{2}-\d{2})_([0-9a-f-]{36})$/

function parseCursor(after: string): { decidedOn: string; id: string } {
  const m = CURSOR.exec(after)
  if (!m) throw new AppError(400, 'BAD_CURSOR', '翻页参数无效，请从第一页重新查询')
  return { decidedOn: m[1]!, id: m[2]! }
}

const COLUMNS = `s.public_id, s.title, s.excerpt, s.kind, s.agency_id, o.name AS agency_name, s.domain, s.priority,
  s.decided_on::text AS decided_on, s.status, s.published_on::text AS published_on, s.updated_on::text AS updated_on,
  (s.period_ends_on IS NOT NULL AND s.period_ends_on < $1::date) AS ended, s.publication_id`

export async function searchPublications(
  db: Queryable,
  filters: PublicationFilters,
  today: string,
  options: { recentWindow?: number } = {},
): Promise<PublicationPage> {
  const window = options.recentWindow ?? RECENT_WINDOW
  const limit = Math.min(Math.max(filters.limit ?? 20, 1), 100)
  const params: unknown[] = [today]
  const where: string[] = []
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value)
    where.push(sql(`$${params.length}`))
  }
  if (filters.agencyId) add((p) => `s.agency_id = ${p}::uuid`, filters.agencyId)
  if (filters.kind) add((p) => `s.kind = ${p}`, filters.kind)
  if (filters.domain) add((p) => `s.domain = ${p}`, filters.domain)
  if (filters.from) add((p) => `s.decided_on >= ${p}::date`, filters.from)
  if (filters.to) add((p) => `s.decided_on <= ${p}::date`, filters.to)
  if (!filters.ended) where.push(`(s.period_ends_on IS NULL OR s.period_ends_on >= $1::date)`)
  if (filters.after) {
    const c = parseCursor(filters.after)
    params.push(c.decidedOn, c.id)
    where.push(`(s.decided_on, s.publication_id) < ($${params.length - 1}::date, $${params.length}::uuid)`)
  }
  const filtered = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const order = 'ORDER BY s.decided_on DESC, s.publication_id DESC'
  const page = (rows: any[], strategy: PublicationPage['strategy']): PublicationPage => {
    const items = rows.slice(0, limit)
    const last = rows.length > limit ? items[items.length - 1] : undefined
    return { items: items.map(toHit), next: last ? `${last.decided_on}_${last.publication_id}` : null, strategy }
  }
  const join = 'JOIN org_node o ON o.id = s.agency_id'
  if (!filters.q) {
    const { rows } = await db.query(`SELECT ${COLUMNS} FROM publication_search s ${join} ${filtered} ${order} LIMIT ${limit + 1}`, params)
    return page(rows, 'list')
  }
  params.push(checkSearchQuery(filters.q))
  const term = `zh_search_query($${params.length})`
  const recent = await db.query(
    `SELECT ${COLUMNS} FROM (SELECT s.* FROM publication_search s ${filtered} ${order} LIMIT ${window}) s ${join}
     WHERE s.search @@ ${term} ${order} LIMIT ${limit + 1}`,
    params,
  )
  if (recent.rows.length > limit) return page(recent.rows, 'recent')
  // Rare terms: the matches of the newest year, then the three newest, then all, each a set
  // from the GIN index (the year is a lexeme of the vector, so the index intersects it with
  // the term and only matching rows of those years are read). A slice that fills the page
  // holds the right page: every match outside it is older.
  const newest = Number((filters.after ? parseCursor(filters.after).decidedOn : filters.to ?? today).slice(0, 4))
  const oldest = filters.from ? Number(filters.from.slice(0, 4)) : -Infinity
  for (const years of [1, 3, Infinity]) {
    const first = newest - years + 1
    const sliced = Number.isFinite(years) && first > oldest
    const yearTerm = sliced
      ? ` && '${Array.from({ length: years }, (_, i) => `年${newest - i}`).join(' | ')}'::tsquery`
      : ''
    const { rows } = await db.query(
      `WITH hits AS MATERIALIZED (SELECT s.publication_id FROM publication_search s ${filtered}${filtered ? ' AND' : ' WHERE'} s.search @@ (${term}${yearTerm}))
       SELECT ${COLUMNS} FROM hits h JOIN publication_search s USING (publication_id) ${join} ${order} LIMIT ${limit + 1}`,
      params,
    )
    if (rows.length > limit || !sliced) return page(rows, 'index')
  }
  throw new Error('unreachable')
}

function toHit(r: any): PublicationHit {
  return {
    publicId: r.public_id, title: r.title, excerpt: r.excerpt, kind: r.kind, agencyId: r.agency_id, agencyName: r.agency_name,
    domain: r.domain, priority: r.priority, decidedOn: r.decided_on, status: r.status, publishedOn: r.published_on,
    updatedOn: r.updated_on, ended: r.ended,
  }
}

/** The newest public changes (feeds, P-15): by the day of the version, newest first. */
export async function recentPublications(db: Queryable, limit: number, today: string): Promise<PublicationHit[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM publication_search s JOIN org_node o ON o.id = s.agency_id
     ORDER BY s.updated_on DESC, s.publication_id DESC LIMIT $2`,
    [today, limit],
  )
  return rows.map(toHit)
}

/**
 * The agencies with something public, for the search form (P-15). One index probe per agency
 * (a loose scan of publication_search_agency), never a pass over all rows of the index.
 */
export async function publishingAgencies(db: Queryable): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `WITH RECURSIVE a AS (
       (SELECT agency_id FROM publication_search ORDER BY agency_id LIMIT 1)
       UNION ALL
       SELECT x.agency_id FROM a, LATERAL (SELECT s.agency_id FROM publication_search s WHERE s.agency_id > a.agency_id ORDER BY s.agency_id LIMIT 1) x)
     SELECT o.id, o.name FROM a JOIN org_node o ON o.id = a.agency_id ORDER BY o.path`,
  )
  return rows
}

/** The months with decisions, newest first, for the sitemap index: one index probe per month. */
export async function sitemapMonths(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ month: string }>(
    `WITH RECURSIVE m AS (
       (SELECT to_char(decided_on, 'YYYY-MM') AS month, date_trunc('month', decided_on)::date AS start FROM publication_search ORDER BY decided_on DESC LIMIT 1)
       UNION ALL
       SELECT to_char(x.decided_on, 'YYYY-MM'), date_trunc('month', x.decided_on)::date
       FROM m, LATERAL (SELECT decided_on FROM publication_search WHERE decided_on < m.start ORDER BY decided_on DESC LIMIT 1) x)
     SELECT month FROM m`,
  )
  return rows.map((r) => r.month)
}

/** The public addresses of one month's decisions (YYYY-MM), for its sitemap file. */
export async function sitemapMonth(db: Queryable, month: string): Promise<{ public_id: string; updated_on: string }[]> {
  const { rows } = await db.query<{ public_id: string; updated_on: string }>(
    `SELECT public_id, updated_on::text FROM publication_search
      WHERE decided_on >= ($1 || '-01')::date AND decided_on < (($1 || '-01')::date + interval '1 month') ORDER BY decided_on, publication_id LIMIT 50000`,
    [month],
  )
  return rows
}

/**
 * P-02 / P-07 / P-15: the portal pages of the published 行政执法事项清单 items in use
 * (/agencies/:code/items/:itemCode) and of the 岗位信息公示牌 in use
 * (/agencies/:code/windows/:windowId), of agencies that are themselves published, for one
 * child sitemap (at most 50,000 URLs, the protocol's limit per file).
 */
export async function sitemapAgencyPages(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ agency: string; part: number; key: string }>(
    `SELECT agency, part, key FROM (
       (SELECT o.code AS agency, 1 AS part, i.code AS key
          FROM enforcement_item_published p JOIN enforcement_item i ON i.id = p.item_id JOIN org_node o ON o.id = i.agency_id
          JOIN enforcement_body b ON b.id = i.agency_id AND b.published_version IS NOT NULL
         WHERE p.status = '在用')
       UNION ALL
       (SELECT o.code, 2, w.id::text
          FROM service_window w JOIN org_node o ON o.id = w.agency_id
          JOIN enforcement_body b ON b.id = w.agency_id AND b.published_version IS NOT NULL
          JOIN service_window_version v ON v.window_id = w.id AND v.active
                                       AND v.version = (SELECT max(x.version) FROM service_window_version x WHERE x.window_id = w.id))
     ) pages ORDER BY agency, part, key LIMIT 50000`,
  )
  return rows.map((r) => `/agencies/${encodeURIComponent(r.agency)}/${r.part === 1 ? 'items' : 'windows'}/${encodeURIComponent(r.key)}`)
}
