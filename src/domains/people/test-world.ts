// Test factories for bodies and people: a region with two agencies, users and sessions.
// Imported by the *.test.ts files of src/domains/bodies and src/domains/people only.
import type { FastifyInstance } from 'fastify'
import type { Db } from '../../platform/db/pool.ts'
import type { Role } from '../../platform/access/roles.ts'
import { loginAs, makeOrg, makeUser, uid, type OrgRow, type Session } from '../../../test/support.ts'

export type World = {
  region: OrgRow
  agencyA: OrgRow
  agencyB: OrgRow
  admin: Session
  /** A session for a new user of the given roles in org (supervisory roles see the org's subtree). */
  session(org: OrgRow, roles: Role[]): Promise<Session>
}

export async function makeWorld(db: Db, app: FastifyInstance): Promise<World> {
  const region = await makeOrg(db, { level: 'county' })
  const agencyA = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const agencyB = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const session = async (org: OrgRow, roles: Role[]) => loginAs(app, (await makeUser(db, { org, roles })).username)
  return { region, agencyA, agencyB, admin: await session(region, ['admin']), session }
}

let counter = 0
/** A person inserted directly (as the app role), for tests that need many. */
export async function insertPerson(
  db: Db,
  agencyId: string,
  input: { kind?: 'officer' | 'auxiliary' | 'counsel'; legalQualification?: boolean; status?: string; idNumber?: string } = {},
): Promise<string> {
  counter += 1
  const { id } = await db.one(
    `INSERT INTO person (agency_id, kind, name, post, legal_qualification, legal_qualification_no, status, id_number, phone)
     VALUES ($1, $2, $3, '执法队员', $4, $5, $6, $7, '13800000000') RETURNING id`,
    [
      agencyId,
      input.kind ?? 'officer',
      `测试人员${counter}${uid('')}`.slice(0, 30),
      input.legalQualification ?? false,
      input.legalQualification ? 'A2020000000' : null,
      input.status ?? '在岗',
      input.idNumber ?? null,
    ],
  )
  return id
}

/** A certificate inserted directly; default: valid from a year ago for five years. */
export async function insertCertificate(
  db: Db,
  personId: string,
  input: { validFrom?: string; validTo?: string; status?: '有效' | '暂扣' | '注销' } = {},
): Promise<{ id: string; certNo: string }> {
  const certNo = uid('ZF').toUpperCase()
  const { id } = await db.one(
    `INSERT INTO certificate (person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to, status, status_reason)
     VALUES ($1, $2, '测试县人民政府', '{市场监管}', '{测试县}',
             coalesce($3::date, current_date - 365), coalesce($4::date, current_date - 365 + interval '5 years' - interval '1 day'),
             $5, CASE WHEN $5 = '有效' THEN NULL ELSE '测试' END)
     RETURNING id`,
    [personId, certNo, input.validFrom ?? null, input.validTo ?? null, input.status ?? '有效'],
  )
  return { id, certNo }
}
