// Shapes of the API answers the workbench reads. The server's Zod schemas are the source
// (src/platform/orgs/types.ts, src/platform/access/users.routes.ts, src/domains/*/schemas.ts,
// src/platform/calendar/routes.ts); the value lists come from the rules modules themselves.
import type { Role } from '../platform/access/roles.ts'
import type { BodyKind } from '../domains/bodies/rules.ts'
import { CERTIFICATE_STATUSES, PERSON_KINDS, PERSON_STATUSES } from '../domains/people/rules.ts'

export { BODY_KINDS } from '../domains/bodies/rules.ts'
export { CERTIFICATE_STATUSES, PERSON_KINDS, PERSON_STATUSES }

export type Paged<T> = { items: T[]; total: number }

export type OrgNode = {
  id: string
  parentId: string | null
  kind: 'region' | 'agency' | 'unit'
  level: 'province' | 'city' | 'county' | 'township'
  code: string
  name: string
  duties: string | null
  active: boolean
  version: number
  depth: number
}

export type VersionEntry = {
  version: number
  data: unknown
  reason: string | null
  changedBy: string | null
  changedAt: string
  published?: boolean
}

export const DOMAINS = ['市场监管', '生态环境', '文化市场', '交通运输', '农业', '城市管理', '应急管理'] as const

export type Body = {
  id: string
  code: string
  name: string
  level: string
  parentId: string | null
  parentName: string | null
  duties: string | null
  uscc: string
  bodyKind: BodyKind
  entrustingBodyId: string | null
  entrustingBodyName: string | null
  legalBasis: string
  domains: string[]
  address: string
  postcode: string | null
  phone: string
  email: string | null
  supervisorName: string
  supervisorContact: string
  reconsiderationBody: string
  court: string
  status: 'active' | 'abolished'
  version: number
  publishedVersion: number | null
}

export type CertStatus = (typeof CERTIFICATE_STATUSES)[number]

export type Certificate = {
  id: string
  personId: string
  personName: string
  agencyId: string
  agencyName: string
  certNo: string
  issuingAuthority: string
  categories: string[]
  areas: string[]
  validFrom: string
  validTo: string
  /** the deliberate status as stored */
  storedStatus: '有效' | '暂扣' | '注销'
  /** the status today, dates included */
  status: CertStatus
  statusReason: string | null
  version: number
}

type PersonBase = {
  id: string
  agencyId: string
  agencyName: string
  unitId: string | null
  unitName: string | null
  kind: (typeof PERSON_KINDS)[number]
  name: string
  gender: '男' | '女' | null
  post: string
  categories: string[]
  areas: string[]
  legalQualification: boolean
  legalQualificationNo: string | null
  trainingHours: number
  status: (typeof PERSON_STATUSES)[number]
  version: number
}

export type PersonListItem = PersonBase & { certNo: string | null; certStatus: CertStatus | null; certValidTo: string | null }

export type Person = PersonBase & {
  idNumber?: string | null
  phone?: string | null
  protectedVisible: boolean
  certificates: Certificate[]
  reviewer: Reviewer | null
}

export type Reviewer = {
  personId: string
  name: string
  agencyId: string
  agencyName: string
  sharedPool: boolean
  appointedOn: string
  firstTime: boolean
  active: boolean
  legalQualification: boolean
}

export type StaffingRow = { agencyId: string; name: string; officers: number; reviewers: number; required: number; ratio: number; ok: boolean }

export type CalendarDay = { date: string; kind: 'holiday' | 'workday'; name: string }
export type YearSummary = { year: number; confirmed: boolean; source: 'builtin' | 'database' | 'statutory'; number: string | null; title: string | null; editable: boolean }
export type CalendarYear = Omit<YearSummary, 'editable'> & { days: CalendarDay[] }
export type Due = { due: string; confirmed: boolean; unconfirmedYears: number[]; basis: string }

export type User = {
  id: string
  username: string
  displayName: string
  roles: Role[]
  roleLabels: string[]
  orgId: string
  orgName: string
  scopeOrgId: string
  personId: string | null
  active: boolean
  lockedUntil: string | null
}
