// Test world for the portal: a region with a published 执法主体, officers and certificates,
// written with SQL the way the workbench would leave them.
import crypto from 'node:crypto'
import type { Db } from '../platform/db/pool.ts'
import { recordVersion } from '../platform/db/versions.ts'
import { todayInChina } from '../platform/clock.ts'
import { USCC_ALPHABET, usccCheckChar } from '../domains/bodies/rules.ts'
import { bodyData, findBody } from '../domains/bodies/store.ts'
import { addDays } from '../domains/people/rules.ts'
import { makeOrg, uid, type OrgRow } from '../../test/support.ts'

/** A random 统一社会信用代码 with its GB 32100 check character. */
export function randomUscc(): string {
  const first17 = Array.from(crypto.randomBytes(17), (b) => USCC_ALPHABET[b % USCC_ALPHABET.length]).join('')
  return first17 + usccCheckChar(first17)
}

export type PublishedBody = OrgRow & { region: OrgRow; uscc: string }

/** An agency under a new region, registered as an enforcement body and published as version 1 (F-01, P-01). */
export async function makePublishedBody(db: Db, input: { name?: string; domains?: string[]; regionName?: string } = {}): Promise<PublishedBody> {
  const region = await makeOrg(db, { name: input.regionName ?? `测试区${uid('')}` })
  const agency = await makeOrg(db, { parent: region, kind: 'agency', name: input.name })
  const uscc = randomUscc()
  await db.query(
    `INSERT INTO enforcement_body (id, uscc, body_kind, legal_basis, domains, address, postcode, phone, email,
                                   supervisor_name, supervisor_contact, reconsideration_body, court, published_version)
     VALUES ($1, $2, '行政机关', '《中华人民共和国行政处罚法》', $3, '测试市人民路1号', '100000', '010-12345678', 'gongkai@example.gov.cn',
             '测试市司法局', '010-87654321', '测试市人民政府', '测试市中级人民法院', 1)`,
    [agency.id, uscc, input.domains ?? ['市场监管']],
  )
  const row = await findBody(db, agency.id)
  await recordVersion(db, { entity: 'enforcement_body', entityId: agency.id, version: 1, data: bodyData(row!), published: true })
  await db.query(`INSERT INTO body_publication (body_id, version) VALUES ($1, 1)`, [agency.id])
  return { ...agency, region, uscc }
}

export type OfficerInput = { name?: string; unit?: OrgRow; phone?: string; idNumber?: string; photo?: string; kind?: 'officer' | 'auxiliary' }

export async function makeOfficer(db: Db, agency: OrgRow, input: OfficerInput = {}): Promise<{ id: string; name: string }> {
  const name = input.name ?? `执法员${uid('').slice(0, 6)}`
  const { id } = await db.one<{ id: string }>(
    `INSERT INTO person (agency_id, unit_id, kind, name, id_number, phone, post, photo, categories, areas)
     VALUES ($1, $2, $3, $4, $5, $6, '科员', $7, '{市场监管}', '{测试区}') RETURNING id`,
    [agency.id, input.unit?.id ?? null, input.kind ?? 'officer', name, input.idNumber ?? null, input.phone ?? null, input.photo ?? null],
  )
  return { id, name }
}

export const randomCertNo = () => `ZF-${crypto.randomBytes(5).toString('hex').toUpperCase()}`

/**
 * A certificate whose status today is the one asked for: 有效, 暂扣 and 注销 are stored,
 * 过期 and 未生效 follow from validity dates around today (F-02, P-05).
 */
export async function makeCertificate(
  db: Db,
  personId: string,
  input: { status?: '有效' | '暂扣' | '注销' | '过期' | '未生效'; certNo?: string; categories?: string[]; areas?: string[] } = {},
): Promise<string> {
  const today = todayInChina()
  const status = input.status ?? '有效'
  const [from, to] =
    status === '过期' ? [addDays(today, -800), addDays(today, -1)] : status === '未生效' ? [addDays(today, 10), addDays(today, 700)] : [addDays(today, -100), addDays(today, 1000)]
  const stored = status === '暂扣' || status === '注销' ? status : '有效'
  const certNo = input.certNo ?? randomCertNo()
  await db.query(
    `INSERT INTO certificate (person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to, status, status_reason)
     VALUES ($1, $2, '测试市人民政府', $3, $4, $5, $6, $7, $8)`,
    [personId, certNo, input.categories ?? ['市场监管'], input.areas ?? ['测试区'], from, to, stored, stored === '有效' ? null : '测试原因'],
  )
  return certNo
}
