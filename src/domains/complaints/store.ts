// S-04: reading complaints — the public status by query code, the supervisor's queue.
import type { Queryable } from '../../platform/db/pool.ts'
import type { ComplaintKind } from './rules.ts'

export const COMPLAINT_ACTIONS = ['收到', '转办', '受理', '不予受理', '办结'] as const
export type ComplaintActionType = (typeof COMPLAINT_ACTIONS)[number]

/** What the portal shows for a complaint's query code: its status and dates, nothing of its author or content. */
export type PublicComplaintStatus = {
  receiptNo: string
  kind: ComplaintKind
  status: ComplaintActionType
  receivedOn: string
  steps: { type: ComplaintActionType; on: string }[]
}

const day = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`

/** One query whether the code exists or not (no timing difference to enumerate by). */
export async function findPublicComplaintStatus(db: Queryable, code: string): Promise<(PublicComplaintStatus & { id: string }) | undefined> {
  const { rows } = await db.query<PublicComplaintStatus & { id: string }>(
    `SELECT c.id, c.receipt_no AS "receiptNo", c.kind, s.status, ${day('c.received_at')} AS "receivedOn",
            (SELECT json_agg(json_build_object('type', a.type, 'on', ${day('a.acted_at')}) ORDER BY a.n) FROM complaint_action a WHERE a.complaint_id = c.id) AS steps
       FROM complaint c JOIN complaint_state s ON s.complaint_id = c.id
      WHERE c.query_code = $1`,
    [code],
  )
  return rows[0]
}

export type ComplaintActionRow = {
  id: string
  type: ComplaintActionType
  toAgencyId: string | null
  toAgencyName: string | null
  reason: string | null
  result: string | null
  actedBy: string | null
  actedByName: string | null
  actedAt: Date
}

export type ComplaintRow = {
  id: string
  receiptNo: string
  agencyId: string
  agencyName: string
  agencyPath: string
  kind: ComplaintKind
  content: string
  certNo: string | null
  caseRef: string | null
  caseId: string | null
  caseNumber: string | null
  anonymous: boolean
  complainantName: string | null
  phone: string | null
  email: string | null
  channel: string
  receivedAt: Date
  receivedOn: string
  status: ComplaintActionType
  statusAt: Date
  holderId: string
  holderName: string
}

const COLUMNS = `c.id, c.receipt_no AS "receiptNo", c.agency_id AS "agencyId", a.name AS "agencyName", a.path AS "agencyPath", c.kind, c.content,
  c.cert_no AS "certNo", c.case_ref AS "caseRef", c.case_id AS "caseId", e.number AS "caseNumber", c.anonymous,
  c.complainant_name AS "complainantName", c.phone, c.email, c.channel, c.received_at AS "receivedAt", ${day('c.received_at')} AS "receivedOn",
  s.status, s.status_at AS "statusAt", s.holder_id AS "holderId", h.name AS "holderName"`
const FROM = `complaint c JOIN org_node a ON a.id = c.agency_id JOIN complaint_state s ON s.complaint_id = c.id
  JOIN org_node h ON h.id = s.holder_id LEFT JOIN enforcement_case e ON e.id = c.case_id`

export async function findComplaint(db: Queryable, id: string): Promise<ComplaintRow | undefined> {
  const { rows } = await db.query<ComplaintRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1`, [id])
  return rows[0]
}

export async function listComplaintActions(db: Queryable, id: string): Promise<ComplaintActionRow[]> {
  const { rows } = await db.query<ComplaintActionRow>(
    `SELECT x.id, x.type, x.to_agency_id AS "toAgencyId", o.name AS "toAgencyName", x.reason, x.result,
            x.acted_by AS "actedBy", u.display_name AS "actedByName", x.acted_at AS "actedAt"
       FROM complaint_action x LEFT JOIN org_node o ON o.id = x.to_agency_id LEFT JOIN app_user u ON u.id = x.acted_by
      WHERE x.complaint_id = $1 ORDER BY x.n`,
    [id],
  )
  return rows
}

/**
 * F-05: the complaints about agencies inside a scope subtree, oldest received first (a queue);
 * `open` = not yet 不予受理 or 办结. N-02: `after` (the id of the last complaint of the previous
 * page) pages by keyset on (received_at, id) over complaint_received; `next` is the cursor of the
 * following page, null on the last one.
 */
export async function listComplaints(
  db: Queryable,
  input: { scopePath: string; status?: 'new' | 'open' | 'all'; limit: number; offset: number; after?: string },
): Promise<{ items: ComplaintRow[]; total: number; next: string | null }> {
  const status = input.status ?? 'new'
  const where = `starts_with(a.path, $1) AND ($2 = 'all' OR ($2 = 'new' AND s.status = '收到') OR ($2 = 'open' AND s.status NOT IN ('不予受理', '办结')))`
  const { rows } = await db.query<ComplaintRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}
        AND ($5::uuid IS NULL OR (c.received_at, c.id) > ((SELECT k.received_at FROM complaint k WHERE k.id = $5::uuid), $5::uuid))
      ORDER BY c.received_at, c.id LIMIT $3 OFFSET $4`,
    [input.scopePath, status, input.limit + 1, input.offset, input.after ?? null],
  )
  const { rows: count } = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${FROM} WHERE ${where}`, [input.scopePath, status])
  const items = rows.slice(0, input.limit)
  return { items, total: count[0]!.total, next: rows.length > input.limit ? items[items.length - 1]!.id : null }
}
