// F-04 calendar queries. Notices and year-use records are append-only (migrations/0003).
import { prepared, type Queryable } from '../db/pool.ts'
import type { CalendarDay } from './statutory.ts'

export type NoticeRow = {
  id: string
  seq: number
  year: number
  region_org_id: string | null
  region_path: string | null
  region_name: string | null
  number: string | null
  title: string
  days: CalendarDay[]
  entered_by: string | null
  entered_via: 'api' | 'cli'
  entered_at: Date
  in_force: boolean
}

const NOTICE_COLUMNS = `n.id, n.seq, n.year, n.region_org_id, o.path AS region_path, o.name AS region_name, n.number, n.title,
  n.days, n.entered_by, n.entered_via, n.entered_at,
  n.seq = max(n.seq) OVER (PARTITION BY n.year, n.region_org_id) AS in_force`

/** Takes the calendar lock shared: notices cannot change until this transaction ends. */
export async function lockCalendarShared(q: Queryable): Promise<void> {
  await q.query(prepared('SELECT pg_advisory_xact_lock_shared(calendar_lock_key())'))
}

export async function lockCalendarExclusive(q: Queryable): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(calendar_lock_key())')
}

/**
 * The cache version and the organisation's path, in one trip. Notices are only ever added
 * (no UPDATE, DELETE or TRUNCATE), so their count grows with every committed notice; max(seq)
 * would not, as sequence values are not handed out in commit order.
 */
export async function calendarVersion(q: Queryable, orgId: string | null): Promise<{ version: number; path: string | null }> {
  const { rows } = await q.query(
    prepared(`SELECT (SELECT count(*) FROM calendar_notice) AS version,
            (SELECT path FROM org_node WHERE id = $1) AS path`),
    [orgId],
  )
  return { version: Number(rows[0].version), path: rows[0].path }
}

/** The notices in force for an organisation path: national ones and overlays of its ancestors (itself included). */
export async function noticesInForce(q: Queryable, orgPath: string | null): Promise<NoticeRow[]> {
  const { rows } = await q.query<NoticeRow>(
    `SELECT * FROM (
       SELECT ${NOTICE_COLUMNS} FROM calendar_notice n LEFT JOIN org_node o ON o.id = n.region_org_id
       WHERE n.region_org_id IS NULL OR starts_with($1, o.path)
     ) t WHERE in_force ORDER BY year, length(coalesce(region_path, ''))`,
    [orgPath ?? ''],
  )
  return rows
}

/** Entered notices (with replaced ones) that concern the scope: national, and overlays above or below it. */
export async function listNotices(q: Queryable, input: { scopePath: string; year?: number }): Promise<NoticeRow[]> {
  const { rows } = await q.query<NoticeRow>(
    `SELECT ${NOTICE_COLUMNS} FROM calendar_notice n LEFT JOIN org_node o ON o.id = n.region_org_id
     WHERE ($2::int IS NULL OR n.year = $2)
       AND (n.region_org_id IS NULL OR starts_with($1, o.path) OR starts_with(o.path, $1))
     ORDER BY n.year DESC, n.seq DESC LIMIT 500`,
    [input.scopePath, input.year ?? null],
  )
  return rows
}

export async function findNoticeInForce(q: Queryable, year: number, regionOrgId: string | null): Promise<{ id: string } | undefined> {
  const { rows } = await q.query(
    `SELECT id FROM calendar_notice WHERE year = $1 AND region_org_id IS NOT DISTINCT FROM $2 ORDER BY seq DESC LIMIT 1`,
    [year, regionOrgId],
  )
  return rows[0]
}

/**
 * The first of the years on which a deadline was computed while the year's notice was
 * known, for the national calendar (regionPath null) or within a region's subtree.
 * Mirrors calendar_notice_check() in migrations/0003, which holds the rule in the database.
 */
export async function firstLockedYear(q: Queryable, years: number[], regionPath: string | null): Promise<number | null> {
  const { rows } = await q.query(
    regionPath === null
      ? `SELECT min(year) AS year FROM calendar_year_use WHERE confirmed AND year = ANY ($1::int[])`
      : `SELECT min(u.year) AS year FROM calendar_year_use u JOIN org_node o ON o.id = u.org_id
         WHERE u.confirmed AND u.year = ANY ($1::int[]) AND starts_with(o.path, $2)`,
    regionPath === null ? [years] : [years, regionPath],
  )
  return rows[0]?.year ?? null
}

export async function nationalNoticeYears(q: Queryable): Promise<number[]> {
  const { rows } = await q.query(`SELECT DISTINCT year FROM calendar_notice WHERE region_org_id IS NULL ORDER BY year`)
  return rows.map((r) => r.year as number)
}

/** Years with a deadline computed on their known notice, anywhere. */
export async function lockedYears(q: Queryable): Promise<Set<number>> {
  const { rows } = await q.query(`SELECT DISTINCT year FROM calendar_year_use WHERE confirmed`)
  return new Set(rows.map((r) => r.year as number))
}

export async function recordYearUse(q: Queryable, orgId: string | null, years: { year: number; confirmed: boolean }[]): Promise<void> {
  if (!years.length) return
  await q.query(
    `INSERT INTO calendar_year_use (year, org_id, confirmed)
     SELECT y, $3::uuid, c FROM unnest($1::int[], $2::boolean[]) AS t(y, c)
     ON CONFLICT DO NOTHING`,
    [years.map((y) => y.year), years.map((y) => y.confirmed), orgId],
  )
}

export async function insertNotice(
  q: Queryable,
  input: { year: number; regionOrgId: string | null; number: string | null; title: string; days: CalendarDay[]; enteredBy: string | null; via: 'api' | 'cli' },
): Promise<{ id: string; seq: number; entered_at: Date }> {
  const { rows } = await q.query(
    `INSERT INTO calendar_notice (year, region_org_id, number, title, days, entered_by, entered_via)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, seq, entered_at`,
    [input.year, input.regionOrgId, input.number, input.title, JSON.stringify(input.days), input.enteredBy, input.via],
  )
  return rows[0]
}

export async function findOrg(q: Queryable, by: { id?: string; code?: string }): Promise<{ id: string; path: string; name: string; code: string } | undefined> {
  const { rows } = await q.query(
    by.id ? `SELECT id, path, name, code FROM org_node WHERE id = $1` : `SELECT id, path, name, code FROM org_node WHERE code = $1`,
    [by.id ?? by.code],
  )
  return rows[0]
}
