/**
 * P-09 / P-11 / P-12 / P-15: what the portal shows of a publication: only public versions
 * (never a draft), each with its log leaf when the sequencer has taken it.
 */
import type { Queryable } from '../../platform/db/pool.ts'
import * as store from './store.ts'
import { publicityEnded } from './rules.ts'

export type PublicVersion = {
  version: number
  status: 'published' | 'corrected' | 'withdrawn'
  title: string
  body: string
  fields: Record<string, string>
  note: string | null
  reason: string | null
  withdrawTrigger: string | null
  createdOn: string
  periodEndsOn: string | null
  leafIndex: number | null
}

export type PublicPublication = {
  publicId: string
  kind: string
  agencyName: string
  domain: string | null
  priority: boolean
  decidedOn: string
  current: PublicVersion
  history: PublicVersion[]
  withdrawn: boolean
  ended: boolean
}

export async function findPublicPublication(q: Queryable, publicId: string, today: string): Promise<PublicPublication | undefined> {
  const pub = await store.findPublication(q, { publicId })
  if (!pub) return undefined
  const versions = (await store.listVersions(q, pub.id)).filter((v) => v.status !== 'draft')
  if (!versions.length) return undefined
  const leaves = await store.leafIndexes(q, versions.map((v) => v.id))
  const history: PublicVersion[] = versions.map((v) => ({
    version: v.version, status: v.status as PublicVersion['status'], title: v.title, body: v.body, fields: v.fields, note: v.note, reason: v.reason,
    withdrawTrigger: v.withdrawTrigger, createdOn: v.createdOn, periodEndsOn: v.periodEndsOn, leafIndex: leaves.get(v.id) ?? null,
  }))
  const current = history[history.length - 1]!
  return {
    publicId: pub.publicId, kind: pub.kind, agencyName: pub.agencyName, domain: pub.domain, priority: pub.priority, decidedOn: pub.decidedOn,
    current, history, withdrawn: current.status === 'withdrawn', ended: publicityEnded(current.periodEndsOn, today),
  }
}

export type PublicListItem = {
  publicId: string
  kind: string
  agencyName: string
  domain: string | null
  priority: boolean
  decidedOn: string
  title: string
  status: 'published' | 'corrected' | 'withdrawn'
  publishedOn: string
  periodEndsOn: string | null
}

/**
 * P-12 / P-15 / P-16: the current public version of each publication in an organisation
 * subtree, newest first. By default withdrawn ones and those whose publicity period has
 * ended are left out (they stay reachable at their own address).
 */
export async function listPublicPublications(
  q: Queryable,
  input: { today: string; orgPath?: string; kind?: string; priorityOnly?: boolean; includeEnded?: boolean; limit?: number },
): Promise<PublicListItem[]> {
  const { rows } = await q.query<PublicListItem>(
    `SELECT p.public_id AS "publicId", p.kind, o.name AS "agencyName", p.domain, p.priority, to_char(p.decided_on, 'YYYY-MM-DD') AS "decidedOn",
            v.title, v.status, to_char(f.created_on, 'YYYY-MM-DD') AS "publishedOn", to_char(v.period_ends_on, 'YYYY-MM-DD') AS "periodEndsOn"
       FROM publication p JOIN org_node o ON o.id = p.agency_id
       JOIN LATERAL (SELECT * FROM publication_version x WHERE x.publication_id = p.id AND x.status <> 'draft' ORDER BY x.version DESC LIMIT 1) v ON true
       JOIN publication_version f ON f.publication_id = p.id AND f.status = 'published'
      WHERE o.path LIKE coalesce($2, '/') || '%'
        AND ($3::text IS NULL OR p.kind = $3)
        AND (NOT $4 OR p.priority)
        AND ($5 OR (v.status <> 'withdrawn' AND (v.period_ends_on IS NULL OR v.period_ends_on >= $1::date)))
      ORDER BY f.created_on DESC, p.public_id LIMIT $6`,
    [input.today, input.orgPath ?? null, input.kind ?? null, input.priorityOnly ?? false, input.includeEnded ?? false, input.limit ?? 100],
  )
  return rows
}
