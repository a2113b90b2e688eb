import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { AppError, conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { recordVersion } from '../../platform/db/versions.ts'
import { audit } from '../../platform/audit/audit.ts'
import { findPerson, findReviewer, type ReviewerRow } from './store.ts'
import type { AppointReviewer } from './schemas.ts'

/**
 * F-03 / 处罚法58: appoints a 法制审核人员 for the person's agency. The database trigger
 * legal_reviewer_qualified() holds the rule (a first-time reviewer holds 法律职业资格,
 * auxiliary staff never review); its refusal becomes REVIEWER_NOT_QUALIFIED.
 */
export async function appointReviewer(db: Db, user: AuthUser, input: AppointReviewer, ip: string | null = null): Promise<ReviewerRow> {
  requireRole(user, 'admin')
  const person = await findPerson(db, input.personId)
  if (!person) throw notFound('人员不存在')
  requireScope(user, person.agencyPath)
  if (person.status !== '在岗') throw ruleViolation('PERSON_NOT_IN_POST', `${person.name}不在岗（${person.status}），不能任命为法制审核人员`)
  const existing = await findReviewer(db, input.personId)
  if (existing?.active) throw conflict('REVIEWER_EXISTS', `${person.name}已是法制审核人员`)

  return db.tx(async (tx) => {
    try {
      await tx.query(
        `INSERT INTO legal_reviewer (person_id, agency_id, shared_pool, appointed_on, first_time)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (person_id) DO UPDATE
           SET agency_id = EXCLUDED.agency_id, shared_pool = EXCLUDED.shared_pool, appointed_on = EXCLUDED.appointed_on,
               first_time = EXCLUDED.first_time, active = true, version = legal_reviewer.version + 1
           WHERE NOT legal_reviewer.active`,
        [input.personId, person.agencyId, input.sharedPool, input.appointedOn, input.firstTime],
      )
    } catch (error) {
      const state = (error as { code?: string }).code
      if (state === '23514' || state === 'P0001') throw ruleViolation('REVIEWER_NOT_QUALIFIED', (error as Error).message)
      throw error
    }
    const row = await findReviewer(tx, input.personId)
    if (!row || (existing && row.version === existing.version)) throw new AppError(409, 'REVIEWER_EXISTS', `${person.name}已是法制审核人员`)
    const { agencyName: _a, name: _n, kind: _k, personStatus: _s, legalQualification: _q, legalQualificationNo: _no, version, ...data } = row
    await recordVersion(tx, { entity: 'legal_reviewer', entityId: input.personId, version, data, changedBy: user.id, reason: '任命法制审核人员' })
    await audit(tx, {
      actor: user,
      ip,
      action: 'reviewer.appoint',
      entity: 'legal_reviewer',
      entityId: input.personId,
      orgId: person.agencyId,
      detail: { sharedPool: input.sharedPool, firstTime: input.firstTime },
    })
    return row
  })
}
