/**
 * R-03 / S-01: the agency deadlines not yet met in a data scope, near-due and overdue,
 * per person (the case's creator and its acting officers) and per agency, so that a
 * supervisor's count can be drilled into. Keyset-paginated on (due, case, action, rule).
 */
import type { Queryable } from '../../platform/db/pool.ts'
import { STATUS_SQL } from './case-deadlines.ts'

export type OpenDeadlineQuery = {
  scopePath: string
  today: string
  status?: 'near-due' | 'overdue' | 'open'
  /** An organisation in scope: its subtree (an agency, or a region for a supervisor). */
  agencyId?: string
  /** A user (creator or acting officer with an account) or a person (acting officer). */
  officerId?: string
  limit: number
  cursor?: string
}

type Counts = { nearDue: number; overdue: number }

export async function listOpenDeadlines(db: Queryable, q: OpenDeadlineQuery) {
  const filtered = `
    WITH scoped AS (
      SELECT d.*, c.number, c.kind, c.party_name, c.agency_id, a.name AS agency_name, ${STATUS_SQL('$2')} AS status
        FROM case_deadline d JOIN enforcement_case c ON c.id = d.case_id JOIN org_node a ON a.id = c.agency_id
       WHERE d.met_on IS NULL AND d.obligor = 'agency' AND starts_with(a.path, $1)
         AND ($3::uuid IS NULL OR starts_with(a.path, (SELECT o.path FROM org_node o WHERE o.id = $3::uuid)))
         AND ($4::uuid IS NULL OR $4::uuid = ANY (d.responsible_users) OR $4::uuid = ANY (d.responsible_persons))
    ), filtered AS (
      SELECT * FROM scoped
       WHERE CASE WHEN $5::text = 'open' THEN true WHEN $5::text IS NULL THEN status IN ('near-due', 'overdue') ELSE status = $5::text END
    )`
  const params = [q.scopePath, q.today, q.agencyId ?? null, q.officerId ?? null, q.status ?? null]
  const [due, caseId, actionId, ruleId] = q.cursor ? q.cursor.split('~') : [null, null, null, null]
  const { rows } = await db.query(
    `${filtered}
     SELECT f.case_id AS "caseId", f.number AS "caseNumber", f.kind, f.party_name AS "partyName", f.agency_id AS "agencyId",
            f.agency_name AS "agencyName", f.rule_id AS "ruleId", f.name AS label, f.statute,
            to_char(f.start_date, 'YYYY-MM-DD') AS "startDate", to_char(f.due_date, 'YYYY-MM-DD') AS due, f.status, f.confirmed,
            f.source_action_id AS "sourceActionId", f.responsible_persons::text[] AS officers,
            coalesce((SELECT json_agg(json_build_object('userId', u.id, 'name', u.display_name) ORDER BY u.display_name)
                        FROM app_user u WHERE u.id = ANY (f.responsible_users)), '[]'::json) AS responsible
       FROM filtered f
      WHERE $6::date IS NULL OR (f.due_date, f.case_id, f.source_action_id, f.rule_id) > ($6::date, $7::uuid, $8::uuid, $9::text)
      ORDER BY f.due_date, f.case_id, f.source_action_id, f.rule_id
      LIMIT $10`,
    [...params, due, caseId, actionId, ruleId, q.limit + 1],
  )
  const items = rows.slice(0, q.limit)
  const last = items[items.length - 1]
  const nextCursor = rows.length > q.limit && last ? `${last.due}~${last.caseId}~${last.sourceActionId}~${last.ruleId}` : null

  const counts = `count(*) FILTER (WHERE f.status = 'near-due')::int AS "nearDue", count(*) FILTER (WHERE f.status = 'overdue')::int AS overdue`
  const { rows: byAgency } = await db.query<Counts & { agencyId: string; agencyName: string }>(
    `${filtered} SELECT f.agency_id AS "agencyId", f.agency_name AS "agencyName", ${counts}
       FROM filtered f GROUP BY f.agency_id, f.agency_name ORDER BY f.agency_name, f.agency_id`,
    params,
  )
  const { rows: byPerson } = await db.query<Counts & { userId: string; name: string }>(
    `${filtered} SELECT u.id AS "userId", u.display_name AS name, ${counts}
       FROM filtered f JOIN app_user u ON u.id = ANY (f.responsible_users) GROUP BY u.id, u.display_name ORDER BY u.display_name, u.id`,
    params,
  )
  return { today: q.today, items, nextCursor, total: await countAll(db, filtered, params), byAgency, byPerson }
}

async function countAll(db: Queryable, filtered: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`${filtered} SELECT count(*)::int AS n FROM filtered`, params)
  return rows[0]!.n
}
