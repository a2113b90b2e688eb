/**
 * R-12 使用记录: statistics over the case records that show where recording is weak —
 * on-site acts (处罚法42/55, 强制法18) often recorded without any photo, audio or video, and
 * officers with many deadlines overdue or met late. Every number comes with the
 * query that lists the records behind it (S-01: every number drillable).
 *
 * Until each agency's 音像记录事项清单 exists, the acts expected to carry a record are
 * the model's on-site action types (case_action_type.on_site).
 */
import type { Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { notFound } from '../../platform/http/errors.ts'
import { STATUS_SQL } from './case-deadlines.ts'

export type RecordUseQuery = { agencyId?: string; from: string; to: string; today: string }

export type StageRecordUse = {
  kind: string
  type: string
  actions: number
  withRecord: number
  withoutRecord: number
  /** withoutRecord ÷ actions, 0…1 */
  missingShare: number
}

export type OfficerDeadlineUse = {
  personId: string
  name: string
  agencyName: string
  deadlines: number
  overdueOpen: number
  metLate: number
}

/** The organisation path the report covers: the user's scope, narrowed to agencyId when given. */
async function reportPath(db: Queryable, user: AuthUser, agencyId: string | undefined): Promise<string> {
  requireRole(user, 'head', 'supervisor', 'admin')
  if (!agencyId) return user.scopePath
  const { rows } = await db.query<{ path: string }>(`SELECT path FROM org_node WHERE id = $1`, [agencyId])
  if (!rows[0]) throw notFound('机构不存在')
  requireScope(user, rows[0].path)
  return rows[0].path
}

const ON_SITE_ACTIONS = `
  FROM case_action_live x
  JOIN case_action_type t ON t.kind = x.kind AND t.code = x.type AND t.on_site
  JOIN enforcement_case c ON c.id = x.case_id
  JOIN org_node a ON a.id = c.agency_id
 WHERE starts_with(a.path, $1) AND x.acted_on BETWEEN $2::date AND $3::date`
const HAS_RECORD = `EXISTS (SELECT 1 FROM case_attachment m WHERE m.action_id = x.id AND m.media_type NOT IN ('application/pdf'))`

/** on-site acts per stage, with and without a photo, audio or video record, worst first. */
export async function stageRecordUse(db: Queryable, user: AuthUser, q: RecordUseQuery): Promise<StageRecordUse[]> {
  const path = await reportPath(db, user, q.agencyId)
  const { rows } = await db.query<StageRecordUse>(
    `SELECT x.kind, x.type, count(*)::int AS actions,
            count(*) FILTER (WHERE ${HAS_RECORD})::int AS "withRecord",
            count(*) FILTER (WHERE NOT ${HAS_RECORD})::int AS "withoutRecord",
            round(count(*) FILTER (WHERE NOT ${HAS_RECORD})::numeric / count(*), 4)::float8 AS "missingShare"
     ${ON_SITE_ACTIONS}
     GROUP BY x.kind, x.type
     ORDER BY "missingShare" DESC, actions DESC, x.kind, x.type`,
    [path, q.from, q.to],
  )
  return rows
}

/** R-12 drill-down: the on-site acts of one stage that carry no photo, audio or video. */
export async function actionsWithoutRecord(db: Queryable, user: AuthUser, q: RecordUseQuery & { kind: string; type: string; limit: number }) {
  const path = await reportPath(db, user, q.agencyId)
  const { rows } = await db.query<{ caseId: string; caseNumber: string; agencyName: string; actionId: string; actedOn: string; officers: string[] }>(
    `SELECT c.id AS "caseId", c.number AS "caseNumber", a.name AS "agencyName", x.id AS "actionId",
            to_char(x.acted_on, 'YYYY-MM-DD') AS "actedOn",
            coalesce((SELECT array_agg(p.name ORDER BY p.name) FROM person p WHERE p.id = ANY (x.officers)), '{}') AS officers
     ${ON_SITE_ACTIONS} AND x.kind = $4 AND x.type = $5 AND NOT ${HAS_RECORD}
     ORDER BY x.acted_on DESC, x.n DESC
     LIMIT $6`,
    [path, q.from, q.to, q.kind, q.type, q.limit],
  )
  return rows
}

const OFFICER_DEADLINES = `
  FROM case_deadline d
  JOIN enforcement_case c ON c.id = d.case_id
  JOIN org_node a ON a.id = c.agency_id
  CROSS JOIN LATERAL unnest(d.responsible_persons) AS r(person_id)
  JOIN person p ON p.id = r.person_id
 WHERE d.obligor = 'agency' AND starts_with(a.path, $1) AND d.start_date BETWEEN $2::date AND $3::date`

/** per acting officer, the agency deadlines of their cases, overdue or met late first. */
export async function officerDeadlineUse(db: Queryable, user: AuthUser, q: RecordUseQuery): Promise<OfficerDeadlineUse[]> {
  const path = await reportPath(db, user, q.agencyId)
  const { rows } = await db.query<OfficerDeadlineUse>(
    `SELECT * FROM (
       SELECT p.id AS "personId", p.name, min(a.name) AS "agencyName", count(*)::int AS deadlines,
              count(*) FILTER (WHERE d.met_on IS NULL AND ${STATUS_SQL('$4')} = 'overdue')::int AS "overdueOpen",
              count(*) FILTER (WHERE d.met_on > d.due_date)::int AS "metLate"
       ${OFFICER_DEADLINES}
       GROUP BY p.id, p.name) o
     ORDER BY o."overdueOpen" + o."metLate" DESC, o.deadlines DESC, o.name, o."personId"`,
    [path, q.from, q.to, q.today],
  )
  return rows
}

/** R-12 drill-down: one officer's deadlines that are overdue or were met late. */
export async function officerLateDeadlines(db: Queryable, user: AuthUser, q: RecordUseQuery & { personId: string; limit: number }) {
  const path = await reportPath(db, user, q.agencyId)
  const { rows } = await db.query(
    `SELECT c.id AS "caseId", c.number AS "caseNumber", a.name AS "agencyName", d.rule_id AS "ruleId", d.name AS label, d.statute,
            to_char(d.due_date, 'YYYY-MM-DD') AS due, to_char(d.met_on, 'YYYY-MM-DD') AS "metOn"
     ${OFFICER_DEADLINES} AND p.id = $5
       AND (d.met_on > d.due_date OR (d.met_on IS NULL AND ${STATUS_SQL('$4')} = 'overdue'))
     ORDER BY d.due_date, c.id, d.rule_id
     LIMIT $6`,
    [path, q.from, q.to, q.today, q.personId, q.limit],
  )
  return rows as { caseId: string; caseNumber: string; agencyName: string; ruleId: string; label: string; statute: string; due: string; metOn: string | null }[]
}
