import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { badRequest, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { recordVersion } from '../../platform/db/versions.ts'
import { audit } from '../../platform/audit/audit.ts'
import { photoProblem } from './rules.ts'
import { findPerson, personData, type PersonRow } from './store.ts'
import type { CreatePerson } from './schemas.ts'

/** The agency a person belongs to: an agency node in the actor's scope. */
export async function getAgencyInScope(db: Queryable, user: AuthUser, agencyId: string): Promise<{ id: string; path: string }> {
  const { rows: [agency] } = await db.query<{ id: string; path: string; kind: string }>(`SELECT id, path, kind FROM org_node WHERE id = $1`, [agencyId])
  if (!agency) throw notFound('执法主体不存在')
  requireScope(user, agency.path)
  if (agency.kind !== 'agency') throw badRequest('NOT_AN_AGENCY', '人员只能登记在执法主体（机关）之下')
  return agency
}

export function checkPersonFields(input: { photo?: string | null; legalQualification?: boolean; legalQualificationNo?: string | null }) {
  const problem = input.photo ? photoProblem(input.photo) : undefined
  if (problem) throw badRequest('PHOTO_INVALID', problem)
  if (input.legalQualification && !input.legalQualificationNo) {
    throw ruleViolation('LEGAL_QUALIFICATION_NO', '具有法律职业资格的，应当填写法律职业资格证书编号')
  }
}

/** F-02: registers a person of an agency (officer, auxiliary staff or counsel) as version 1. */
export async function createPerson(db: Db, user: AuthUser, input: CreatePerson, ip: string | null = null): Promise<PersonRow> {
  requireRole(user, 'admin')
  const agency = await getAgencyInScope(db, user, input.agencyId)
  checkPersonFields(input)
  return db.tx(async (tx) => {
    const { rows: [created] } = await tx.query<{ id: string }>(
      `INSERT INTO person (agency_id, unit_id, kind, name, gender, id_number, phone, post, photo, categories, areas,
                           legal_qualification, legal_qualification_no, training_hours, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        agency.id, input.unitId ?? null, input.kind, input.name, input.gender ?? null, input.idNumber ?? null, input.phone ?? null,
        input.post, input.photo ?? null, input.categories ?? [], input.areas ?? [], input.legalQualification ?? false,
        input.legalQualificationNo ?? null, input.trainingHours ?? 0, input.status ?? '在岗',
      ],
    )
    const id = created!.id
    await recordVersion(tx, { entity: 'person', entityId: id, version: 1, data: await personData(tx, id), changedBy: user.id, reason: '登记人员' })
    await audit(tx, { actor: user, ip, action: 'person.create', entity: 'person', entityId: id, orgId: agency.id, detail: { kind: input.kind } })
    return (await findPerson(tx, id))!
  })
}
