// Queries of the annual report (P-14). The counting SQL is exported so the plan test runs
// exactly what the report runs.
import type { Queryable } from '../../platform/db/pool.ts'
import { REPORT_KINDS, type AgencyCounts, type ReportKind, type Totals, type TreeNode } from './rules.ts'

/**
 * P-14: per agency of the subtree ($1 = path prefix) and kind, the cases decided in
 * [$2, $3). A kind is reported when it is a core kind of an enforcement body, or when the
 * agency has had a case of it in any year (收费 where it has it); zeros included. Each count
 * is one index-only range of annual_report_entry_agency.
 */
export const AGENCY_COUNTS_SQL = `
SELECT a.id, a.path, k.kind, c.n
  FROM org_node a
 CROSS JOIN annual_report_kind k
 CROSS JOIN LATERAL (
   SELECT count(*)::int AS n FROM annual_report_entry e
    WHERE e.agency_id = a.id AND e.report_kind = k.kind AND e.decided_on >= $2::date AND e.decided_on < $3::date) c
 WHERE a.kind = 'agency' AND a.path LIKE $1 || '%'
   AND ((k.core AND EXISTS (SELECT 1 FROM enforcement_body b WHERE b.id = a.id))
        OR c.n > 0
        OR EXISTS (SELECT 1 FROM annual_report_entry x WHERE x.agency_id = a.id AND x.report_kind = k.kind))
 ORDER BY a.path, k.sort`

export async function agencyCounts(q: Queryable, path: string, from: string, to: string): Promise<AgencyCounts[]> {
  const { rows } = await q.query<{ id: string; path: string; kind: ReportKind; n: number }>(AGENCY_COUNTS_SQL, [path, from, to])
  const byAgency = new Map<string, AgencyCounts>()
  for (const r of rows) {
    let a = byAgency.get(r.id)
    if (!a) byAgency.set(r.id, (a = { id: r.id, path: r.path, totals: {} }))
    a.totals[r.kind] = r.n
  }
  return [...byAgency.values()]
}

/**
 * P-14 drill-down: the cases behind one cell — of the subtree ($1), kind ($2), decided in
 * [$3, $4) — in keyset order (decided_on, case_id) after ($5, $6), at most $7.
 */
export const CELL_CASES_SQL = `
SELECT e.case_id AS "caseId", c.number, c.kind AS "caseKind", o.name AS "agencyName", e.agency_id AS "agencyId",
       to_char(e.decided_on, 'YYYY-MM-DD') AS "decidedOn", e.action_id AS "actionId"
  FROM annual_report_entry e
  JOIN org_node o ON o.id = e.agency_id
  JOIN enforcement_case c ON c.id = e.case_id
 WHERE e.agency_id IN (SELECT id FROM org_node WHERE kind = 'agency' AND path LIKE $1 || '%')
   AND e.report_kind = $2 AND e.decided_on >= $3::date AND e.decided_on < $4::date
   AND ($5::date IS NULL OR (e.decided_on, e.case_id) > ($5::date, $6::uuid))
 ORDER BY e.decided_on, e.case_id
 LIMIT $7`

export type CellCase = { caseId: string; number: string; caseKind: string; agencyName: string; agencyId: string; decidedOn: string; actionId: string }

export async function cellCases(
  q: Queryable,
  input: { path: string; kind: ReportKind; from: string; to: string; after: { date: string; caseId: string } | null; limit: number },
): Promise<CellCase[]> {
  const { rows } = await q.query<CellCase>(CELL_CASES_SQL, [
    input.path, input.kind, input.from, input.to, input.after?.date ?? null, input.after?.caseId ?? null, input.limit,
  ])
  return rows
}

export type OrgRow = TreeNode & { isBody: boolean; bureauId: string | null }

export async function findOrg(q: Queryable, id: string): Promise<OrgRow | undefined> {
  const { rows } = await q.query<OrgRow>(
    `SELECT o.id, o.parent_id AS "parentId", o.path, o.name, o.kind, o.level,
            EXISTS (SELECT 1 FROM enforcement_body b WHERE b.id = o.id) AS "isBody",
            (SELECT j.org_id FROM justice_bureau j JOIN org_node jo ON jo.id = j.org_id
              WHERE jo.parent_id = o.parent_id AND o.kind = 'agency' ORDER BY jo.path LIMIT 1) AS "bureauId"
       FROM org_node o WHERE o.id = $1`,
    [id],
  )
  return rows[0]
}

/** The subtree's regions and agencies (units hold no cases). */
export async function subtree(q: Queryable, path: string): Promise<TreeNode[]> {
  const { rows } = await q.query<TreeNode>(
    `SELECT id, parent_id AS "parentId", path, name, kind, level FROM org_node WHERE path LIKE $1 || '%' AND kind <> 'unit' ORDER BY path`,
    [path],
  )
  return rows
}

export type VersionRow = {
  id: string
  version: number
  totals: Totals
  note: string | null
  createdAt: Date
  submittedOn: string | null
  submitDue: string | null
  submitLate: boolean | null
  publishedOn: string | null
  publishDue: string | null
  publishLate: boolean | null
}

export async function findReport(q: Queryable, agencyId: string, year: number): Promise<{ id: string } | undefined> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM annual_report WHERE agency_id = $1 AND year = $2', [agencyId, year])
  return rows[0]
}

export async function reportVersions(q: Queryable, agencyId: string, year: number): Promise<VersionRow[]> {
  const { rows } = await q.query<VersionRow>(
    `SELECT v.id, v.version, v.totals, v.note, v.created_at AS "createdAt",
            to_char(s.on_date, 'YYYY-MM-DD') AS "submittedOn", to_char(s.due_on, 'YYYY-MM-DD') AS "submitDue", s.late AS "submitLate",
            to_char(p.on_date, 'YYYY-MM-DD') AS "publishedOn", to_char(p.due_on, 'YYYY-MM-DD') AS "publishDue", p.late AS "publishLate"
       FROM annual_report r
       JOIN annual_report_version v ON v.report_id = r.id
       LEFT JOIN annual_report_event s ON s.version_id = v.id AND s.event = 'submitted'
       LEFT JOIN annual_report_event p ON p.version_id = v.id AND p.event = 'published'
      WHERE r.agency_id = $1 AND r.year = $2
      ORDER BY v.version`,
    [agencyId, year],
  )
  return rows.map((r) => ({ ...r, totals: ordered(r.totals) }))
}

/** Totals in the report's order of kinds. */
export function ordered(t: Totals): Totals {
  const out: Totals = {}
  for (const k of REPORT_KINDS) if (t[k] !== undefined) out[k] = t[k]
  return out
}

export type PublishedReport = { agencyId: string; agencyName: string; agencyPath: string; year: number; version: number; totals: Totals; publishedOn: string }

/** The newest published version of each agency's report of the year, in the subtree. */
export async function publishedReports(q: Queryable, input: { path?: string; agencyId?: string; year?: number }): Promise<PublishedReport[]> {
  const { rows } = await q.query<PublishedReport>(
    `SELECT DISTINCT ON (r.agency_id, r.year) r.agency_id AS "agencyId", o.name AS "agencyName", o.path AS "agencyPath", r.year,
            v.version, v.totals, to_char(e.on_date, 'YYYY-MM-DD') AS "publishedOn"
       FROM annual_report r
       JOIN org_node o ON o.id = r.agency_id
       JOIN annual_report_version v ON v.report_id = r.id
       JOIN annual_report_event e ON e.version_id = v.id AND e.event = 'published'
      WHERE ($1::text IS NULL OR o.path LIKE $1 || '%') AND ($2::uuid IS NULL OR r.agency_id = $2) AND ($3::int IS NULL OR r.year = $3)
      ORDER BY r.agency_id, r.year DESC, v.version DESC`,
    [input.path ?? null, input.agencyId ?? null, input.year ?? null],
  )
  return rows.map((r) => ({ ...r, totals: ordered(r.totals) }))
}
