import type { Db } from '../db/pool.ts'
import { listVersions } from '../db/versions.ts'
import { notFound } from '../http/errors.ts'
import { requireScope, type AuthUser } from '../access/scope.ts'
import { pathDepth, type OrgKind } from './rules.ts'
import { findOrg, listOrgsUnder, type OrgNode } from './store.ts'
import type { Org } from './types.ts'

export const toOrg = ({ path, ...org }: OrgNode): Org => ({ ...org, depth: pathDepth(path) })

/** F-05: a node the user may see, or 404/403. */
export async function getOrg(db: Db, user: AuthUser, id: string): Promise<OrgNode> {
  const org = await findOrg(db, id)
  if (!org) throw notFound('组织不存在')
  requireScope(user, org.path)
  return org
}

/** F-05: every node in the user's scope, or in the part of it under `under`. */
export async function listOrgs(db: Db, user: AuthUser, filter: { under?: string; kind?: OrgKind }): Promise<OrgNode[]> {
  const root = filter.under ? (await getOrg(db, user, filter.under)).path : user.scopePath
  return listOrgsUnder(db, root, { kind: filter.kind })
}

export async function listOrgVersions(db: Db, user: AuthUser, id: string) {
  await getOrg(db, user, id)
  const rows = await listVersions(db, 'org_node', id)
  return rows.map((row) => ({ ...row, changedAt: new Date(row.changedAt).toISOString() }))
}
