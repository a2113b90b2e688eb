import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { badRequest, conflict, notFound } from '../../platform/http/errors.ts'
import { recordVersion } from '../../platform/db/versions.ts'
import { audit } from '../../platform/audit/audit.ts'
import { findPerson, personData, type PersonRow } from './store.ts'
import { checkPersonFields, getAgencyInScope } from './create-person.ts'
import type { UpdatePerson } from './schemas.ts'

const COLUMNS: Record<string, string> = {
  agencyId: 'agency_id',
  unitId: 'unit_id',
  kind: 'kind',
  name: 'name',
  gender: 'gender',
  idNumber: 'id_number',
  phone: 'phone',
  post: 'post',
  photo: 'photo',
  categories: 'categories',
  areas: 'areas',
  legalQualification: 'legal_qualification',
  legalQualificationNo: 'legal_qualification_no',
  trainingHours: 'training_hours',
  status: 'status',
}

/** F-02: changes a person; every change is a new version kept with its reason. */
export async function updatePerson(db: Db, user: AuthUser, id: string, input: UpdatePerson, ip: string | null = null): Promise<PersonRow> {
  requireRole(user, 'admin')
  const current = await findPerson(db, id)
  if (!current) throw notFound('人员不存在')
  requireScope(user, current.agencyPath)
  const { reason, expectedVersion, ...changes } = input
  const changed = Object.entries(changes).filter(
    ([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key as keyof PersonRow]),
  )
  if (!changed.length) throw badRequest('NO_CHANGE', '没有需要保存的修改')
  if (changes.agencyId && changes.agencyId !== current.agencyId) await getAgencyInScope(db, user, changes.agencyId)
  checkPersonFields({
    photo: changes.photo,
    legalQualification: changes.legalQualification ?? current.legalQualification,
    legalQualificationNo: changes.legalQualificationNo === undefined ? current.legalQualificationNo : changes.legalQualificationNo,
  })

  return db.tx(async (tx) => {
    const { rows: [locked] } = await tx.query<{ version: number }>(`SELECT version FROM person WHERE id = $1 FOR UPDATE`, [id])
    if (locked!.version !== current.version || (expectedVersion !== undefined && expectedVersion !== locked!.version)) {
      throw conflict('VERSION_CONFLICT', '该人员信息已被他人修改，请刷新后重试')
    }
    const sets = changed.map(([key], i) => `${COLUMNS[key]} = $${i + 2}`)
    await tx.query(
      `UPDATE person SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, ...changed.map(([, value]) => value)],
    )
    const version = locked!.version + 1
    await recordVersion(tx, { entity: 'person', entityId: id, version, data: await personData(tx, id), changedBy: user.id, reason })
    // the changed field names only: the values may be protected personal data
    await audit(tx, {
      actor: user,
      ip,
      action: 'person.update',
      entity: 'person',
      entityId: id,
      orgId: changes.agencyId ?? current.agencyId,
      reason,
      detail: { version, changed: changed.map(([key]) => key) },
    })
    return (await findPerson(tx, id))!
  })
}
