import { prepared, type Queryable } from '../../platform/db/pool.ts'

export type CaseRow = {
  id: string
  agencyId: string
  agencyName: string
  path: string
  kind: string
  number: string
  partyKind: 'citizen' | 'organisation'
  partyName: string
  summary: string
  major: boolean
  collective: boolean
  createdBy: string | null
  createdAt: Date
  stage: string | null
  closed: boolean
  archived: boolean
}

export type ActionRow = {
  id: string
  n: string
  type: string
  actedOn: string
  officers: string[]
  data: Record<string, unknown>
  supersedesId: string | null
  supersededBy: string | null
  notBefore: string | null
  recordedBy: string | null
  recordedAt: Date
}

const CASE_COLUMNS = `c.id, c.agency_id AS "agencyId", a.name AS "agencyName", a.path, c.kind, c.number,
  c.party_kind AS "partyKind", c.party_name AS "partyName", c.summary, c.major, c.collective,
  c.created_by AS "createdBy", c.created_at AS "createdAt", s.stage, s.closed, s.archived`
const CASE_FROM = `enforcement_case c JOIN org_node a ON a.id = c.agency_id JOIN case_state s ON s.case_id = c.id`

export async function findCase(db: Queryable, id: string): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.id = $1`, [id])
  return rows[0]
}

/** What recording an action needs of its case (findCase without the derived stage). */
export type CaseForAction = Pick<CaseRow, 'id' | 'agencyId' | 'path' | 'kind' | 'partyKind'> & {
  /** The organisation path of each named person that exists (F-05: the people acting lie in the recorder's scope). */
  personPaths: string[]
}

/** The case and the organisations of the people named, in one trip. */
export async function findCaseForAction(db: Queryable, id: string, personIds: string[]): Promise<CaseForAction | undefined> {
  const { rows } = await db.query<CaseForAction>(
    prepared(`SELECT c.id, c.agency_id AS "agencyId", a.path, c.kind, c.party_kind AS "partyKind",
            array(SELECT o.path FROM person p JOIN org_node o ON o.id = p.agency_id WHERE p.id = ANY ($2::uuid[])) AS "personPaths"
       FROM enforcement_case c JOIN org_node a ON a.id = c.agency_id WHERE c.id = $1`),
    [id, personIds],
  )
  return rows[0]
}

/** The columns of listActions for one action just inserted (nothing can supersede it yet). */
export const INSERTED_ACTION_COLUMNS = `id, n::text AS n, type, to_char(acted_on, 'YYYY-MM-DD') AS "actedOn", officers::text[] AS officers, data,
  supersedes_id AS "supersedesId", NULL::uuid AS "supersededBy", to_char(not_before, 'YYYY-MM-DD') AS "notBefore",
  recorded_by AS "recordedBy", recorded_at AS "recordedAt"`

export type CaseListQuery = {
  scopePath: string
  kind?: string
  /** the derived current stage (case_state) */
  stage?: string
  /** cases the user opened or acts in as an officer */
  mine?: { userId: string; personId: string | null }
  /** part of the case number, or of the party's name where the case carries no secrecy mark (R-10) */
  q?: string
  limit: number
  offset: number
  /** N-02: keyset page: the id of the last case of the previous page (newest first) */
  after?: string
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * N-02: `total` is exact for a scope of one agency (or a unit inside it); for a wider scope (a
 * region, up to a province) it is null: counting every case of the region on every page would cost
 * more than the page, which walks enforcement_case_created newest-first and stops after `limit`.
 */
export async function listCases(db: Queryable, input: CaseListQuery): Promise<{ items: CaseRow[]; total: number | null; next: string | null }> {
  const where = `starts_with(a.path, $1) AND ($2::text IS NULL OR c.kind = $2)
    AND ($3::text IS NULL OR (SELECT z.stage FROM case_state z WHERE z.case_id = c.id) = $3)
    AND ($4::uuid IS NULL OR c.created_by = $4
         OR EXISTS (SELECT 1 FROM case_action_live x WHERE x.case_id = c.id AND ($5::uuid = ANY (x.officers) OR x.recorded_by = $4)))
    AND ($6::text IS NULL OR c.number ILIKE $6
         OR (c.party_name ILIKE $6 AND NOT EXISTS (SELECT 1 FROM secrecy_mark m WHERE m.entity = 'case' AND m.case_id = c.id AND m.level IS NOT NULL
                                                     AND m.id = (SELECT max(l.id) FROM secrecy_mark l WHERE l.entity = 'case' AND l.case_id = c.id))))`
  const params = [
    input.scopePath,
    input.kind ?? null,
    input.stage ?? null,
    input.mine?.userId ?? null,
    input.mine?.personId ?? null,
    input.q?.trim() ? likePattern(input.q.trim()) : null,
  ]
  // The cursor is the last case's id; its created_at is read here, to the microsecond.
  // The page is chosen first (newest first, by index), and only its cases get their derived state:
  // joined before the LIMIT, case_state would be planned for every case of the scope.
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS}
       FROM (SELECT c.* FROM enforcement_case c JOIN org_node a ON a.id = c.agency_id WHERE ${where}
                AND ($9::uuid IS NULL OR (c.created_at, c.id) < ((SELECT k.created_at FROM enforcement_case k WHERE k.id = $9::uuid), $9::uuid))
              ORDER BY c.created_at DESC, c.id DESC LIMIT $7 OFFSET $8) c
       JOIN org_node a ON a.id = c.agency_id JOIN case_state s ON s.case_id = c.id
      ORDER BY c.created_at DESC, c.id DESC`,
    [...params, input.limit + 1, input.offset, input.after ?? null],
  )
  const { rows: scope } = await db.query<{ kind: string }>(`SELECT kind FROM org_node WHERE path = $1`, [input.scopePath])
  const wide = scope[0]?.kind !== 'agency' && scope[0]?.kind !== 'unit'
  const total = wide ? null : (await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM enforcement_case c JOIN org_node a ON a.id = c.agency_id WHERE ${where}`, params)).rows[0]!.total
  const items = rows.slice(0, input.limit)
  return { items, total, next: rows.length > input.limit ? items[items.length - 1]!.id : null }
}

export async function listActions(db: Queryable, caseId: string): Promise<ActionRow[]> {
  const { rows } = await db.query<ActionRow>(
    `SELECT x.id, x.n::text AS n, x.type, to_char(x.acted_on, 'YYYY-MM-DD') AS "actedOn", x.officers::text[] AS officers, x.data,
            x.supersedes_id AS "supersedesId", s.id AS "supersededBy",
            to_char(x.not_before, 'YYYY-MM-DD') AS "notBefore", x.recorded_by AS "recordedBy", x.recorded_at AS "recordedAt"
       FROM case_action x LEFT JOIN case_action s ON s.supersedes_id = x.id
      WHERE x.case_id = $1 ORDER BY x.n`,
    [caseId],
  )
  return rows
}

/** R-01 / R-02: the action types the model allows next on `date`, by the database's own rule. */
export async function nextAllowedActions(db: Queryable, caseId: string, kind: string, date: string): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT t.code FROM case_action_type t
      WHERE t.kind = $2 AND (SELECT p.code FROM case_sequence_problem($1, t.code, $3::date, NULL) p) IS NULL
      ORDER BY t.seq`,
    [caseId, kind, date],
  )
  return rows.map((r) => r.code)
}
