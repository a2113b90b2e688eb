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
