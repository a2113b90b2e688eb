import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { badRequest } from '../../platform/http/errors.ts'
import type { PartyKind } from './rules.ts'
import { findCase, type CaseRow } from './store.ts'

export type CreateCaseInput = {
  agencyId?: string
  kind: string
  partyKind: PartyKind
  partyName: string
  summary: string
  major?: boolean
  collective?: boolean
}

/** opens a case of one kind in an agency of the user's scope (default: the user's own agency). */
export async function createCase(db: Db, user: AuthUser, input: CreateCaseInput, ip?: string): Promise<CaseRow> {
  requireRole(user, 'officer', 'head')
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ id: string; path: string; kind: string }>(
      `SELECT id, path, kind FROM org_node WHERE id = coalesce($1::uuid, org_agency($2::uuid))`,
      [input.agencyId ?? null, user.orgId],
    )
    const agency = rows[0]
    requireScope(user, agency?.path)
    if (agency!.kind !== 'agency') throw badRequest('NOT_AN_AGENCY', '案件只能属于执法主体')
    const kind = await tx.query(`SELECT 1 FROM case_kind WHERE code = $1`, [input.kind])
    if (kind.rowCount === 0) throw badRequest('CASE_KIND', '案件类型不存在')
    const { rows: created } = await tx.query<{ id: string }>(
      `INSERT INTO enforcement_case (agency_id, kind, number, party_kind, party_name, summary, major, collective, created_by)
       VALUES ($1, $2, to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('enforcement_case_number_seq')::text, 6, '0'),
               $3, $4, $5, $6, $7, $8)
       RETURNING id`,
      [agency!.id, input.kind, input.partyKind, input.partyName, input.summary, input.major ?? false, input.collective ?? false, user.id],
    )
    const id = created[0]!.id
    await audit(tx, { actor: user, ip, action: 'case.create', entity: 'enforcement_case', entityId: id, orgId: agency!.id, detail: { kind: input.kind } })
    return (await findCase(tx, id))!
  })
}
