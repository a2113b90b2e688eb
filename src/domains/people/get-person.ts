import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireScope } from '../../platform/access/scope.ts'
import { notFound } from '../../platform/http/errors.ts'
import { listVersions } from '../../platform/db/versions.ts'
import { todayInChina } from '../../platform/clock.ts'
import { audit } from '../../platform/audit/audit.ts'
import { maySeeProtected } from './rules.ts'
import { findPerson, findReviewer, listCertificates, type PersonRow } from './store.ts'

async function getPersonInScope(db: Db, user: AuthUser, id: string): Promise<PersonRow> {
  const person = await findPerson(db, id)
  if (!person) throw notFound('人员不存在')
  requireScope(user, person.agencyPath)
  return person
}

/**
 * F-02: a person with certificates and reviewer appointment. The ID number and phone are
 * included only for those allowed to see them, and that read is audited (F-06, P-01).
 */
export async function getPerson(db: Db, user: AuthUser, id: string, ip: string | null = null) {
  const person = await getPersonInScope(db, user, id)
  const { agencyPath, idNumber, phone, ...rest } = person
  const protectedVisible = maySeeProtected(user, agencyPath)
  if (protectedVisible) {
    await audit(db, { actor: user, ip, action: 'person.read.protected', entity: 'person', entityId: id, orgId: person.agencyId, detail: { fields: ['idNumber', 'phone'] } })
  }
  const day = todayInChina()
  const { items: certificates } = await listCertificates(db, { scopePath: agencyPath, day, personId: id, limit: 100, offset: 0 })
  return {
    ...rest,
    ...(protectedVisible ? { idNumber, phone } : {}),
    protectedVisible,
    certificates,
    reviewer: (await findReviewer(db, id)) ?? null,
  }
}

/** F-02: a person's versions; ID number and phone in them follow the same rule as getPerson. */
export async function listPersonVersions(db: Db, user: AuthUser, id: string, ip: string | null = null) {
  const person = await getPersonInScope(db, user, id)
  const protectedVisible = maySeeProtected(user, person.agencyPath)
  const versions = await listVersions(db, 'person', id)
  if (protectedVisible) {
    await audit(db, { actor: user, ip, action: 'person.read.protected', entity: 'person', entityId: id, orgId: person.agencyId, detail: { fields: ['idNumber', 'phone'], versions: true } })
  }
  return versions.map((v) => {
    const { idNumber, phone, ...data } = v.data as Record<string, unknown>
    return { ...v, data: protectedVisible ? { ...data, idNumber, phone } : data }
  })
}
