// N-01: demo data for a first start: the organisations, bodies, people, certificates and
// users of 楚雄州, inserted through the app role so every CHECK and trigger applies; then the
// demo cases (demo-cases.ts), recorded through the cases' use cases.
import crypto from 'node:crypto'
import type { Db, Queryable } from '../platform/db/pool.ts'
import { hashPassword } from '../platform/access/passwords.ts'
import { ROLE_LABELS, type Role } from '../platform/access/roles.ts'
import { audit } from '../platform/audit/audit.ts'
import { todayInChina } from '../platform/clock.ts'
import type { OrgKind, OrgLevel } from '../platform/orgs/rules.ts'
import { versionData as orgVersionData } from '../platform/orgs/store.ts'
import { bodyData, findBody } from '../domains/bodies/store.ts'
import type { certificateData, personData, ReviewerRow as StoredReviewer } from '../domains/people/store.ts'
import { addDays, addYears, defaultValidTo, type PersonKind, type PersonStatus, type StoredCertificateStatus } from '../domains/people/rules.ts'
import { AGENCIES, COUNSEL_POSTS, POSTS, REGIONS, TOWNSHIP_CODES, type AgencySeed } from './chuxiong.ts'
import { makeUscc } from './codes.ts'
import { seedDemoCases } from './demo-cases.ts'
import { seedDemoItems } from './demo-items.ts'
import { seedDemoNotices } from './demo-notices.ts'
import { seedDemoComplaints } from './demo-complaints.ts'
import { makeIdNumber, makeMobile, makeNameFactory, seededRandom, type Gender, type Random } from './random.ts'

/** One password for every demo account, printed on first start. */
export const DEMO_PASSWORD = 'Zhifa-demo-2026'
const SEED = 532300

type LinkedPerson = 'officer' | 'officer2' | 'reviewer' | 'auxiliary'
type Account = { username: string; roles: Role[]; org: string; scope?: string; person?: LinkedPerson }

/** The demo logins, one or more per role of §0. */
export const DEMO_ACCOUNTS: readonly Account[] = [
  { username: 'admin', roles: ['admin'], org: 'cxz-sfj', scope: 'yn' },
  { username: 'supervisor', roles: ['supervisor'], org: 'cxz-sfj', scope: 'cxz' },
  { username: 'supervisor.cx', roles: ['supervisor'], org: 'cxs-sfj', scope: 'cxs' },
  { username: 'head', roles: ['head'], org: 'cxz-scjg' },
  { username: 'reviewer', roles: ['reviewer'], org: 'cxz-scjg', person: 'reviewer' },
  { username: 'disclosure', roles: ['disclosure'], org: 'cxz-scjg' },
  { username: 'officer', roles: ['officer'], org: 'cxz-scjg', person: 'officer' },
  { username: 'officer2', roles: ['officer'], org: 'cxz-scjg', person: 'officer2' },
  { username: 'auxiliary', roles: ['auxiliary'], org: 'cxz-scjg', person: 'auxiliary' },
]

type OrgRow = { id: string; parent_id: string | null; kind: OrgKind; level: OrgLevel; code: string; name: string; duties: string | null; path: string }
type BodyRow = {
  id: string; uscc: string; body_kind: string; entrusting_body_id: string | null; legal_basis: string; domains: string[]
  address: string; postcode: string; phone: string; supervisor_name: string; supervisor_contact: string
  reconsideration_body: string; court: string; version: number; published_version: number
}
type PersonRow = {
  id: string; agency_id: string; unit_id: string | null; kind: PersonKind; name: string; gender: Gender; id_number: string
  phone: string; post: string; categories: string[]; areas: string[]; legal_qualification: boolean
  legal_qualification_no: string | null; training_hours: number; status: PersonStatus
}
type CertificateRow = {
  id: string; person_id: string; cert_no: string; issuing_authority: string; categories: string[]; areas: string[]
  valid_from: string; valid_to: string; status: StoredCertificateStatus; status_reason: string | null; replaces_id: string | null
}
type ReviewerRow = { person_id: string; agency_id: string; shared_pool: boolean; appointed_on: string; first_time: boolean }
type CheckRow = { certificate_id: string; year: number; passed: boolean; checked_on: string; note: string | null }
type UserRow = { id: string; username: string; display_name: string; org_id: string; scope_org_id: string; person_id: string | null; roles: Role[] }

/** Everything the demo inserts, built in memory first so the transaction is a few statements. */
export type DemoPlan = {
  orgs: OrgRow[]
  bodies: BodyRow[]
  people: PersonRow[]
  certificates: CertificateRow[]
  reviewers: ReviewerRow[]
  checks: CheckRow[]
  users: UserRow[]
}

/**
 * Builds the demo world as of `today`. The same day always gives the same names, posts
 * and certificate numbers; dates are relative to today so that the mix of valid,
 * expiring, expired, suspended and revoked certificates holds on every first start.
 */
export function buildDemoPlan(today: string = todayInChina()): DemoPlan {
  const random = seededRandom(SEED)
  const nameOf = makeNameFactory(random)
  const regionByKey = new Map(REGIONS.map((r) => [r.key, r]))
  const orgs: OrgRow[] = []
  const nodeByKey = new Map<string, OrgRow>()
  const addNode = (key: string, row: Omit<OrgRow, 'id' | 'path'>, parentPath = '/') => {
    const id = crypto.randomUUID()
    const node = { id, path: `${parentPath}${id}/`, ...row }
    orgs.push(node)
    nodeByKey.set(key, node)
    return node
  }

  for (const region of REGIONS) {
    const parent = region.parent ? nodeByKey.get(region.parent)! : undefined
    addNode(
      region.key,
      { parent_id: parent?.id ?? null, kind: 'region', level: region.level, code: TOWNSHIP_CODES[region.key] ?? region.division, name: region.name, duties: null },
      parent?.path,
    )
  }

  const bodies: BodyRow[] = []
  const unitsOf = new Map<string, { row: OrgRow; legal: boolean }[]>()
  for (const agency of AGENCIES) {
    const region = nodeByKey.get(agency.region)!
    const division = regionByKey.get(agency.region)!.division
    const node = addNode(
      agency.key,
      { parent_id: region.id, kind: 'agency', level: region.level, code: `${division}-${agency.suffix}`, name: agency.name, duties: agency.duties },
      region.path,
    )
    unitsOf.set(
      agency.key,
      agency.units.map((unit) => ({
        legal: unit.legal === true,
        row: addNode(
          `${agency.key}-${unit.suffix}`,
          { parent_id: node.id, kind: 'unit', level: region.level, code: `${node.code}-${unit.suffix}`, name: unit.name, duties: unit.duties },
          node.path,
        ),
      })),
    )
  }
  for (const agency of AGENCIES) {
    const body = agency.body
    if (!body) continue
    bodies.push({
      id: nodeByKey.get(agency.key)!.id,
      uscc: makeUscc(body.registration, regionByKey.get(agency.region)!.division, body.orgBody),
      body_kind: body.kind,
      entrusting_body_id: body.entrustedBy ? nodeByKey.get(body.entrustedBy)!.id : null,
      legal_basis: body.legalBasis,
      domains: body.domains,
      address: body.address,
      postcode: body.postcode,
      phone: body.phone,
      supervisor_name: body.supervisor[0],
      supervisor_contact: body.supervisor[1],
      reconsideration_body: body.reconsideration,
      court: body.court,
      version: 1,
      published_version: 1,
    })
  }

  const people: PersonRow[] = []
  const reviewers: ReviewerRow[] = []
  const linked = new Map<LinkedPerson, PersonRow>()
  const qualificationNo = (division: string) => `A${random.int(2008, 2023)}${division}${String(random.int(1, 9999)).padStart(4, '0')}`
  const newPerson = (agency: AgencySeed, input: Pick<PersonRow, 'kind' | 'post' | 'categories'> & { unit?: OrgRow; qualified: boolean }) => {
    const region = regionByKey.get(agency.region)!
    const gender: Gender = random.chance(input.kind === 'auxiliary' ? 0.8 : 0.66) ? '男' : '女'
    const birth = `${Number(today.slice(0, 4)) - random.int(24, 57)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`
    const person: PersonRow = {
      id: crypto.randomUUID(),
      agency_id: nodeByKey.get(agency.key)!.id,
      unit_id: input.unit?.id ?? null,
      kind: input.kind,
      name: nameOf(gender),
      gender,
      id_number: makeIdNumber(random, region.division, birth, gender),
      phone: makeMobile(random),
      post: input.post,
      categories: input.categories,
      areas: [region.name],
      legal_qualification: input.qualified,
      legal_qualification_no: input.qualified ? qualificationNo(region.division) : null,
      training_hours: random.int(input.kind === 'auxiliary' ? 12 : 30, 96) + (random.chance(0.3) ? 0.5 : 0),
      status: '在岗',
    }
    people.push(person)
    return person
  }

  for (const agency of AGENCIES) {
    if (!agency.staff || !agency.body) continue
    const { officers, auxiliaries, reviewers: reviewerCount, ladder } = agency.staff
    const units = unitsOf.get(agency.key)!
    const legalUnit = units.find((u) => u.legal)?.row
    const workUnits = units.filter((u) => !u.legal).map((u) => u.row)
    const posts = POSTS[ladder]
    for (let i = 0; i < officers; i++) {
      const reviewing = i >= officers - reviewerCount
      // One reviewer was appointed before 处罚法58 (in force 2021-07-15) required 法律职业资格
      // of first-time reviewers, and is not one; the registry must show such a case.
      const grandfathered = reviewing && agency.key === 'cxz-sthj'
      const person = newPerson(agency, {
        kind: 'officer',
        post: i < posts.leaders.length ? posts.leaders[i]! : random.pick(posts.staff),
        categories: agency.body.domains,
        unit: reviewing ? (legalUnit ?? workUnits[0]) : workUnits[i % workUnits.length],
        qualified: reviewing ? !grandfathered : random.chance(0.12),
      })
      if (reviewing) {
        reviewers.push({
          person_id: person.id,
          agency_id: person.agency_id,
          shared_pool: false,
          appointed_on: grandfathered ? '2019-03-18' : addDays(today, -random.int(200, 2400)),
          first_time: !grandfathered,
        })
      }
      if (agency.key === 'cxz-scjg') {
        if (i === 2) linked.set('officer', person)
        if (i === 4) linked.set('officer2', person)
        if (reviewing && !linked.has('reviewer')) linked.set('reviewer', person)
      }
    }
    for (let i = 0; i < auxiliaries; i++) {
      const person = newPerson(agency, { kind: 'auxiliary', post: agency.staff.auxiliaryPost ?? '执法辅助人员', categories: [], unit: workUnits[0], qualified: false })
      if (agency.key === 'cxz-scjg' && i === 0) linked.set('auxiliary', person)
    }
  }
  const justice = AGENCIES.find((a) => a.key === 'cxz-sfj')!
  const poolUnit = unitsOf.get(justice.key)!.find((u) => u.row.name === '公共法律服务管理科')!.row
  for (const post of COUNSEL_POSTS) {
    const person = newPerson(justice, { kind: 'counsel', post, categories: [], unit: poolUnit, qualified: true })
    reviewers.push({ person_id: person.id, agency_id: person.agency_id, shared_pool: true, appointed_on: addDays(today, -random.int(100, 1500)), first_time: true })
  }

  const certificates = planCertificates(random, today, people, linked, new Set(reviewers.map((r) => r.person_id)), nodeByKey)
  const checks = planAnnualChecks(random, today, certificates)

  const users: UserRow[] = DEMO_ACCOUNTS.map((account) => {
    const person = account.person ? linked.get(account.person)! : undefined
    const org = nodeByKey.get(account.org)!
    return {
      id: crypto.randomUUID(),
      username: account.username,
      display_name: person?.name ?? nameOf(random.chance(0.6) ? '男' : '女'),
      org_id: org.id,
      scope_org_id: nodeByKey.get(account.scope ?? account.org)!.id,
      person_id: person?.id ?? null,
      roles: account.roles,
    }
  })
  return { orgs, bodies, people, certificates, reviewers, checks, users }
}

const REVOCATIONS: [reason: string, personStatus: PersonStatus][] = [
  ['调离行政执法岗位', '调离'],
  ['持证人退休', '退休'],
  ['因违法违纪被取消行政执法资格', '离岗'],
]
const SUSPENSIONS = ['年审不合格，暂扣执法证件，培训考试合格后发还', '涉嫌违反执法程序，暂扣执法证件接受调查'] as const

/**
 * F-02 mix: most certificates valid; 6 expired (2 of them already reissued), 3 revoked,
 * 2 suspended, 5 expiring within 90 days. Demo users and reviewers keep valid ones.
 */
function planCertificates(
  random: Random,
  today: string,
  people: PersonRow[],
  linked: Map<LinkedPerson, PersonRow>,
  reviewerIds: Set<string>,
  nodeByKey: Map<string, OrgRow>,
): CertificateRow[] {
  const agencyById = new Map(AGENCIES.map((a) => [nodeByKey.get(a.key)!.id, a]))
  const divisionOf = (agencyId: string) => REGIONS.find((r) => r.key === agencyById.get(agencyId)!.region)!.division
  const serials = new Map<string, number>()
  const certNo = (agencyId: string) => {
    const division = divisionOf(agencyId)
    const serial = (serials.get(division) ?? 100) + random.int(1, 3)
    serials.set(division, serial)
    return `YNA${division}${String(serial).padStart(5, '0')}`
  }
  const issuer = (agencyId: string) => (agencyById.get(agencyId)!.region === 'cxz' ? '云南省人民政府' : '楚雄州人民政府')
  const issue = (person: PersonRow, validFrom: string, validTo = defaultValidTo(validFrom)): CertificateRow => ({
    id: crypto.randomUUID(),
    person_id: person.id,
    cert_no: certNo(person.agency_id),
    issuing_authority: issuer(person.agency_id),
    categories: person.categories,
    areas: person.areas,
    valid_from: validFrom,
    valid_to: validTo,
    status: '有效',
    status_reason: null,
    replaces_id: null,
  })
  /** A full five-year term that ended on validTo. */
  const termEnding = (validTo: string) => addDays(addYears(validTo, -5), 1)

  const officers = people.filter((p) => p.kind === 'officer')
  const protectedIds = new Set([...linked.values()].map((p) => p.id))
  const candidates = random.shuffle(officers.filter((p) => !protectedIds.has(p.id) && !reviewerIds.has(p.id)))
  const expired = candidates.slice(0, 6)
  const revoked = candidates.slice(6, 9)
  const suspended = candidates.slice(9, 11)
  const expiring = new Set(candidates.slice(11, 16).map((p) => p.id))
  const special = new Set([...expired, ...revoked, ...suspended].map((p) => p.id))

  const certificates: CertificateRow[] = []
  for (const person of officers) {
    if (special.has(person.id)) continue
    if (expiring.has(person.id)) {
      const validTo = addDays(today, random.int(10, 85))
      certificates.push(issue(person, termEnding(validTo), validTo))
    } else {
      certificates.push(issue(person, addDays(today, -random.int(20, 1700))))
    }
  }
  expired.forEach((person, i) => {
    const validTo = addDays(today, -random.int(5, 400))
    const old = issue(person, termEnding(validTo), validTo)
    certificates.push(old)
    if (i < 2) certificates.push({ ...issue(person, addDays(validTo, 1)), replaces_id: old.id })
  })
  revoked.forEach((person, i) => {
    const [reason, personStatus] = REVOCATIONS[i]!
    person.status = personStatus
    certificates.push({ ...issue(person, addDays(today, -random.int(300, 1500))), status: '注销', status_reason: reason })
  })
  suspended.forEach((person, i) => {
    certificates.push({ ...issue(person, addDays(today, -random.int(400, 1500))), status: '暂扣', status_reason: SUSPENSIONS[i]! })
  })
  return certificates
}

/** 年审 of last year, held in December, for every certificate in force then; the suspended one failed it. */
function planAnnualChecks(random: Random, today: string, certificates: CertificateRow[]): CheckRow[] {
  const year = Number(today.slice(0, 4)) - 1
  const checks: CheckRow[] = []
  for (const c of certificates) {
    const checkedOn = `${year}-12-${String(random.int(1, 20)).padStart(2, '0')}`
    if (checkedOn < c.valid_from || checkedOn > c.valid_to) continue
    const failed = c.status_reason === SUSPENSIONS[0]
    checks.push({ certificate_id: c.id, year, passed: !failed, checked_on: checkedOn, note: failed ? '年度执法考核不合格' : null })
  }
  return checks
}

/** Inserts rows through jsonb_to_recordset: one statement per table instead of one per row. */
async function insertRows<R extends object>(db: Queryable, table: string, columns: Record<keyof R & string, string>, rows: R[]): Promise<void> {
  if (!rows.length) return
  const names = Object.keys(columns)
  const typed = Object.entries(columns).map(([name, type]) => `${name} ${type}`)
  await db.query(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${typed.join(', ')})`,
    [JSON.stringify(rows)],
  )
}

type PersonVersion = Awaited<ReturnType<typeof personData>>
type CertificateVersion = ReturnType<typeof certificateData>
type ReviewerVersion = Omit<StoredReviewer, 'agencyName' | 'name' | 'kind' | 'personStatus' | 'legalQualification' | 'legalQualificationNo' | 'version'>
type VersionRow = { entity: string; entity_id: string; version: number; data: unknown; reason: string; changed_by: string; published: boolean }

const REASON = '演示数据初始化'

/** Writes the plan in the given transaction; the caller decides whether the database is empty. */
export async function insertDemo(tx: Queryable, plan: DemoPlan, passwordHash: string): Promise<void> {
  // The parent trigger looks the parent up, so a level must be in before the next one.
  const depth = (path: string) => path.split('/').length
  for (const level of [...new Set(plan.orgs.map((o) => depth(o.path)))].sort((a, b) => a - b)) {
    await insertRows(
      tx,
      'org_node',
      { id: 'uuid', parent_id: 'uuid', kind: 'text', level: 'text', code: 'text', name: 'text', duties: 'text', path: 'text' },
      plan.orgs.filter((o) => depth(o.path) === level),
    )
  }
  await insertRows(tx, 'enforcement_body', {
    id: 'uuid', uscc: 'text', body_kind: 'text', entrusting_body_id: 'uuid', legal_basis: 'text', domains: 'text[]', address: 'text',
    postcode: 'text', phone: 'text', supervisor_name: 'text', supervisor_contact: 'text', reconsideration_body: 'text', court: 'text',
    version: 'integer', published_version: 'integer',
  }, plan.bodies)
  await insertRows(tx, 'person', {
    id: 'uuid', agency_id: 'uuid', unit_id: 'uuid', kind: 'text', name: 'text', gender: 'text', id_number: 'text', phone: 'text',
    post: 'text', categories: 'text[]', areas: 'text[]', legal_qualification: 'boolean', legal_qualification_no: 'text',
    training_hours: 'numeric', status: 'text',
  }, plan.people)
  await insertRows(tx, 'certificate', {
    id: 'uuid', person_id: 'uuid', cert_no: 'text', issuing_authority: 'text', categories: 'text[]', areas: 'text[]',
    valid_from: 'date', valid_to: 'date', status: 'text', status_reason: 'text', replaces_id: 'uuid',
  }, plan.certificates)
  await insertRows(tx, 'legal_reviewer', {
    person_id: 'uuid', agency_id: 'uuid', shared_pool: 'boolean', appointed_on: 'date', first_time: 'boolean',
  }, plan.reviewers)
  await insertRows(tx, 'app_user', {
    id: 'uuid', username: 'text', display_name: 'text', password_hash: 'text', org_id: 'uuid', scope_org_id: 'uuid', person_id: 'uuid',
    roles: 'text[]',
  }, plan.users.map((u) => ({ ...u, password_hash: passwordHash })))

  const admin = plan.users.find((u) => u.roles.includes('admin'))!
  const supervisor = plan.users.find((u) => u.roles.includes('supervisor'))!
  await insertRows(
    tx,
    'certificate_annual_check',
    { certificate_id: 'uuid', year: 'integer', passed: 'boolean', checked_on: 'date', note: 'text', checked_by: 'uuid' },
    plan.checks.map((c) => ({ ...c, checked_by: supervisor.id })),
  )

  const versions: VersionRow[] = []
  const version = (entity: string, entityId: string, data: unknown, published = false) =>
    versions.push({ entity, entity_id: entityId, version: 1, data, reason: REASON, changed_by: admin.id, published })
  for (const o of plan.orgs) {
    version('org_node', o.id, orgVersionData({ id: o.id, parentId: o.parent_id, kind: o.kind, level: o.level, code: o.code, name: o.name, duties: o.duties, active: true, version: 1, path: o.path }))
  }
  for (const body of plan.bodies) {
    const row = await findBody(tx, body.id)
    if (!row) throw new Error(`执法主体 ${body.id} 未写入`)
    version('enforcement_body', body.id, bodyData(row), true)
  }
  const orgById = new Map(plan.orgs.map((o) => [o.id, o]))
  const personById = new Map(plan.people.map((p) => [p.id, p]))
  for (const p of plan.people) {
    const agency = orgById.get(p.agency_id)!
    const data: PersonVersion = {
      id: p.id, agencyId: p.agency_id, agencyName: agency.name, agencyCode: agency.code, unitId: p.unit_id,
      unitName: p.unit_id ? orgById.get(p.unit_id)!.name : null, kind: p.kind, name: p.name, gender: p.gender,
      idNumber: p.id_number, phone: p.phone, post: p.post, categories: p.categories, areas: p.areas,
      legalQualification: p.legal_qualification, legalQualificationNo: p.legal_qualification_no,
      trainingHours: p.training_hours, status: p.status, photoSha256: null,
    }
    version('person', p.id, data)
  }
  for (const c of plan.certificates) {
    const holder = personById.get(c.person_id)!
    const data: CertificateVersion = {
      id: c.id, personId: c.person_id, personName: holder.name, agencyId: holder.agency_id, agencyName: orgById.get(holder.agency_id)!.name,
      certNo: c.cert_no, issuingAuthority: c.issuing_authority, categories: c.categories, areas: c.areas,
      validFrom: c.valid_from, validTo: c.valid_to, storedStatus: c.status, statusReason: c.status_reason, replacesId: c.replaces_id,
    }
    version('certificate', c.id, data)
  }
  for (const r of plan.reviewers) {
    const data: ReviewerVersion = {
      personId: r.person_id, agencyId: r.agency_id, sharedPool: r.shared_pool, appointedOn: r.appointed_on, firstTime: r.first_time, active: true,
    }
    version('legal_reviewer', r.person_id, data)
  }
  await insertRows(
    tx,
    'record_version',
    { entity: 'text', entity_id: 'uuid', version: 'integer', data: 'jsonb', reason: 'text', changed_by: 'uuid', published: 'boolean' },
    versions,
  )
  await insertRows(
    tx,
    'body_publication',
    { body_id: 'uuid', version: 'integer', published_by: 'uuid' },
    plan.bodies.map((b) => ({ body_id: b.id, version: 1, published_by: admin.id })),
  )
  // L-09: the demo's 司法局 review the major decisions of their governments' agencies.
  await insertRows(tx, 'justice_bureau', { org_id: 'uuid' }, plan.orgs.filter((o) => o.kind === 'agency' && o.name.endsWith('司法局')).map((o) => ({ org_id: o.id })))
  await audit(tx, {
    actor: { id: admin.id, displayName: admin.display_name },
    action: 'seed.demo',
    orgId: plan.orgs[0]!.id,
    detail: {
      orgs: plan.orgs.length,
      bodies: plan.bodies.length,
      people: plan.people.length,
      certificates: plan.certificates.length,
      users: plan.users.length,
    },
  })
}

/** What the operator reads after the URLs: what was seeded and how to log in. */
export function demoSummary(plan: DemoPlan): string[] {
  const orgById = new Map(plan.orgs.map((o) => [o.id, o]))
  const width = Math.max(...plan.users.map((u) => u.username.length)) + 2
  return [
    `演示数据已写入：楚雄彝族自治州 ${plan.bodies.length} 个执法主体、${plan.people.length} 名人员、${plan.certificates.length} 本执法证`,
    `演示账号（密码均为 ${DEMO_PASSWORD}）：`,
    ...plan.users.map((u) => {
      const org = orgById.get(u.org_id)!
      const scope = u.scope_org_id === u.org_id ? '' : `，数据范围 ${orgById.get(u.scope_org_id)!.name}`
      return `  ${u.username.padEnd(width)}${u.roles.map((r) => ROLE_LABELS[r].zh).join('、')}（${u.display_name}，${org.name}${scope}）`
    }),
  ]
}

/**
 * N-01: on an empty database, inserts the demo deployment in one transaction and returns
 * the lines to print (what was seeded and the demo logins); returns [] and changes
 * nothing when any organisation exists. Two processes starting at once seed once.
 */
export async function seedDemoIfEmpty(db: Db): Promise<string[]> {
  const hasOrganisations = async (q: Queryable) => (await q.query(`SELECT EXISTS (SELECT 1 FROM org_node) AS present`)).rows[0]?.present === true
  // argon2 is slow on purpose: hash only when there is something to seed, and only once.
  if (await hasOrganisations(db)) return []
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const plan = buildDemoPlan()
  const lines = await db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${SEED})`)
    if (await hasOrganisations(tx)) return []
    await insertDemo(tx, plan, passwordHash)
    return demoSummary(plan)
  })
  if (!lines.length) return lines
  // The cases go through the use cases, each in its own transaction as from the API, so they
  // follow the people they rest on: only the process that seeded the people writes them.
  const user = (username: string) => plan.users.find((u) => u.username === username)!
  const cases = await seedDemoCases(db, { agencyId: user('officer').org_id, officerId: user('officer').id, headId: user('head').id, reviewerId: user('reviewer').id, today: todayInChina() })
  lines.splice(1, 0, `演示案件已写入：${cases} 件（${plan.orgs.find((o) => o.id === user('officer').org_id)!.name}，各类型、各环节）`)
  // P-02 / P-03: the demo agency's 行政执法事项清单, approved by its 法制机构 and published
  const items = await seedDemoItems(db, { agencyId: user('reviewer').org_id, adminId: user('admin').id, reviewerId: user('reviewer').id })
  lines.splice(2, 0, `演示行政执法事项清单已公示：${items} 项（含服务指南，${plan.orgs.find((o) => o.id === user('reviewer').org_id)!.name}）`)
  // P-01 / I-01 / P-07: every demo agency's 救济渠道, 监督方式 and 随机抽查事项清单, and one 岗位信息公示牌
  const notices = await seedDemoNotices(db, { adminId: user('admin').id })
  lines.splice(3, 0, `演示救济渠道、监督方式和随机抽查事项清单已公示：${notices.agencies} 个执法主体；岗位信息公示牌 ${notices.boards} 块`)
  // S-04: 投诉举报 about the demo agency, one forwarded by the 州司法局's supervisor
  const complaints = await seedDemoComplaints(db, { agencyId: user('officer').org_id, supervisorId: user('supervisor').id })
  lines.splice(4, 0, `演示投诉举报已提交：${complaints} 件（${plan.orgs.find((o) => o.id === user('officer').org_id)!.name}，1 件已由州司法局转办）`)
  return lines
}
