// Queries of 事后公开: publications, their versions, non-publication, the rule data.
import type { Queryable } from '../../platform/db/pool.ts'
import { ruleViolation } from '../../platform/http/errors.ts'
import type { PublicationKind, PublicityRule } from './rules.ts'
import type { MaskSpan } from './mask.ts'

export type PublicationRow = {
  id: string
  publicId: string
  kind: PublicationKind
  agencyId: string
  agencyName: string
  agencyPath: string
  domain: string | null
  priority: boolean
  caseId: string | null
  sourceActionId: string | null
  decidedOn: string
  workingDays: number
  statute: string
  createdAt: Date
}

export type VersionStatus = 'draft' | 'published' | 'corrected' | 'withdrawn'

export type VersionRow = {
  id: string
  version: number
  status: VersionStatus
  title: string
  body: string
  fields: Record<string, string>
  spans: MaskSpan[]
  legalBasis: string
  note: string | null
  reason: string | null
  withdrawTrigger: string | null
  triggerDate: string | null
  withdrawDue: string | null
  late: boolean | null
  dueOn: string | null
  onTime: boolean | null
  periodEndsOn: string | null
  createdOn: string
  createdAt: Date
}

const PUB_COLUMNS = `p.id, p.public_id AS "publicId", p.kind, p.agency_id AS "agencyId", o.name AS "agencyName", o.path AS "agencyPath",
  p.domain, p.priority, p.case_id AS "caseId", p.source_action_id AS "sourceActionId", to_char(p.decided_on, 'YYYY-MM-DD') AS "decidedOn",
  p.working_days AS "workingDays", r.statute, p.created_at AS "createdAt"`
const PUB_FROM = `publication p JOIN org_node o ON o.id = p.agency_id JOIN publication_deadline_rule r ON r.pub_kind = p.kind`

const VERSION_COLUMNS = `v.id, v.version, v.status, v.title, v.body, v.fields, v.spans, v.legal_basis AS "legalBasis", v.note, v.reason,
  v.withdraw_trigger AS "withdrawTrigger", to_char(v.trigger_date, 'YYYY-MM-DD') AS "triggerDate", to_char(v.withdraw_due, 'YYYY-MM-DD') AS "withdrawDue",
  v.late, to_char(v.due_on, 'YYYY-MM-DD') AS "dueOn", v.on_time AS "onTime", to_char(v.period_ends_on, 'YYYY-MM-DD') AS "periodEndsOn",
  to_char(v.created_on, 'YYYY-MM-DD') AS "createdOn", v.created_at AS "createdAt"`

export async function findPublication(q: Queryable, where: { id: string } | { publicId: string }): Promise<PublicationRow | undefined> {
  const [column, value] = 'id' in where ? ['p.id', where.id] : ['p.public_id', where.publicId]
  const { rows } = await q.query<PublicationRow>(`SELECT ${PUB_COLUMNS} FROM ${PUB_FROM} WHERE ${column} = $1`, [value])
  return rows[0]
}

export async function findPublicationOfCase(q: Queryable, caseId: string): Promise<PublicationRow | undefined> {
  const { rows } = await q.query<PublicationRow>(`SELECT ${PUB_COLUMNS} FROM ${PUB_FROM} WHERE p.case_id = $1`, [caseId])
  return rows[0]
}

export async function listVersions(q: Queryable, publicationId: string): Promise<VersionRow[]> {
  const { rows } = await q.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM publication_version v WHERE v.publication_id = $1 ORDER BY v.version`, [publicationId])
  return rows
}

export type NonPublicationRow = { ground: string; statute: string; basis: string; approvedBy: string; recordedAt: Date }

export async function findNonPublication(q: Queryable, publicationId: string): Promise<NonPublicationRow | undefined> {
  const { rows } = await q.query<NonPublicationRow>(
    `SELECT n.ground, g.statute, n.basis, n.approved_by AS "approvedBy", n.recorded_at AS "recordedAt"
       FROM non_publication n JOIN non_publication_ground g ON g.code = n.ground WHERE n.publication_id = $1`,
    [publicationId],
  )
  return rows[0]
}

/** Publications of the agencies under a path with no public version and no decision not to publish. */
export async function listDraftPublications(q: Queryable, scopePath: string): Promise<PublicationRow[]> {
  const { rows } = await q.query<PublicationRow>(
    `SELECT ${PUB_COLUMNS} FROM ${PUB_FROM}
      WHERE o.path LIKE $1 || '%'
        AND NOT EXISTS (SELECT 1 FROM publication_version v WHERE v.publication_id = p.id AND v.status <> 'draft')
        AND NOT EXISTS (SELECT 1 FROM non_publication n WHERE n.publication_id = p.id)
      ORDER BY p.decided_on, p.id LIMIT 1000`,
    [scopePath],
  )
  return rows
}

export async function nonPublicationGrounds(q: Queryable): Promise<{ code: string; statute: string }[]> {
  const { rows } = await q.query<{ code: string; statute: string }>(`SELECT code, statute FROM non_publication_ground ORDER BY sort`)
  return rows
}

export async function publicityRule(q: Queryable, domain: string | null): Promise<PublicityRule & { statute: string }> {
  const { rows } = await q.query<PublicityRule & { statute: string }>(
    `SELECT publish_warning_only AS "publishWarningOnly", short_months AS "shortMonths", long_months AS "longMonths",
            low_fine_citizen_yuan::float8 AS "lowFineCitizenYuan", low_fine_org_yuan::float8 AS "lowFineOrgYuan", statute
       FROM publicity_rule WHERE domain = coalesce($1, '*') OR domain = '*' ORDER BY (domain = '*') LIMIT 1`,
    [domain],
  )
  return rows[0]!
}

export type InsertVersion = {
  publicationId: string
  version: number
  status: VersionStatus
  title: string
  body: string
  fields: Record<string, string>
  spans: MaskSpan[]
  legalBasis: string
  note?: string | null
  reason?: string | null
  withdrawTrigger?: string | null
  triggerDate?: string | null
  withdrawDue?: string | null
  late?: boolean | null
  dueOn?: string | null
  onTime?: boolean | null
  periodEndsOn?: string | null
  createdBy: string
}

export async function insertVersion(q: Queryable, v: InsertVersion): Promise<string> {
  const { rows } = await withDisclosureRules(() =>
    q.query<{ id: string }>(
      `INSERT INTO publication_version (publication_id, version, status, title, body, fields, spans, legal_basis, note, reason,
                                        withdraw_trigger, trigger_date, withdraw_due, late, due_on, on_time, period_ends_on, reviewed_by, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id`,
      [
        v.publicationId, v.version, v.status, v.title, v.body, JSON.stringify(v.fields), JSON.stringify(v.spans), v.legalBasis, v.note ?? null, v.reason ?? null,
        v.withdrawTrigger ?? null, v.triggerDate ?? null, v.withdrawDue ?? null, v.late ?? null, v.dueOn ?? null, v.onTime ?? null, v.periodEndsOn ?? null, v.createdBy,
      ],
    ),
  )
  return rows[0]!.id
}

/** The log leaf of each version, once the sequencer has taken it. */
export async function leafIndexes(q: Queryable, versionIds: string[]): Promise<Map<string, number>> {
  if (!versionIds.length) return new Map()
  const { rows } = await q.query<{ refId: string; idx: string }>(
    `SELECT ref_id AS "refId", idx::text FROM ledger_leaf WHERE kind = 'publication_version' AND ref_id = ANY ($1::text[])`,
    [versionIds],
  )
  return new Map(rows.map((r) => [r.refId, Number(r.idx)]))
}

/**
 * P-09 / P-11: the publication triggers raise check_violation with the rule's code in HINT;
 * this turns it into a 422 with that code and the Chinese message.
 */
export async function withDisclosureRules<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    const e = error as { code?: string; hint?: string; message?: string }
    if (e.code === '23514' && e.hint && /^[A-Z_]+$/.test(e.hint)) throw ruleViolation(e.hint, e.message ?? '违反公示规则')
    throw error
  }
}
