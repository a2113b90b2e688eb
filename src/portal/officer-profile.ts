// P-01 / P-05: what the portal shows of one officer, built from the people domain's queries.
import type { Queryable } from '../platform/db/pool.ts'
import { todayInChina } from '../platform/clock.ts'
import { findPerson, listCertificates } from '../domains/people/store.ts'
import type { OfficerProfile } from './pages/officers.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * An enforcement officer's public profile and every certificate with its status today,
 * or undefined for anyone who is not an officer (执法辅助人员 and 法律顾问 hold no
 * certificate and are not published as officers, F-02). Only public fields are copied
 * out: ID number and phone never leave this function (P-01).
 */
export async function findOfficerProfile(db: Queryable, id: string): Promise<OfficerProfile | undefined> {
  if (!UUID.test(id)) return undefined
  const person = await findPerson(db, id)
  if (!person || person.kind !== 'officer') return undefined
  const { items } = await listCertificates(db, { scopePath: '/', day: todayInChina(), personId: id, limit: 100, offset: 0 })
  return {
    id: person.id,
    name: person.name,
    post: person.post,
    photo: person.photo,
    agencyName: person.agencyName,
    agencyCode: person.agencyCode,
    unitName: person.unitName,
    certificates: items.map((c) => ({
      certNo: c.certNo,
      status: c.status,
      validFrom: c.validFrom,
      validTo: c.validTo,
      issuingAuthority: c.issuingAuthority,
      categories: c.categories,
      areas: c.areas,
    })),
  }
}
