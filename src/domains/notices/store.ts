// Queries of 事前公开 (P-01, I-01) and the 岗位信息公示牌 (P-07).
import type { Queryable } from '../../platform/db/pool.ts'
import { frequencyText, remedyPeriodsText, type FrequencyPeriod } from './rules.ts'

export type InspectionItem = {
  name: string
  basis: string
  inspector: string
  targets: string
  content: string
  method: string
  ratio: number
  frequencyTimes: number
  frequencyPeriod: FrequencyPeriod
  frequencyText: string
}

export type AgencyNotice = {
  agencyId: string
  version: number
  reconsiderationBody: string
  reconsiderationAddress: string
  reconsiderationPhone: string | null
  reconsiderationDays: number
  court: string
  courtAddress: string
  litigationMonths: number
  afterReconsiderationDays: number
  periodBasis: string | null
  supervisionOffice: string
  supervisionAddress: string
  supervisionPostcode: string
  supervisionPhone: string
  supervisionEmail: string
  supervisionProcedure: string
  reason: string
  createdAt: string
  publishedAt: string | null
  inspectionItems: InspectionItem[]
  remedyText: string[]
}

const NOTICE_COLUMNS = `
  n.agency_id AS "agencyId", n.version, n.reconsideration_body AS "reconsiderationBody",
  n.reconsideration_address AS "reconsiderationAddress", n.reconsideration_phone AS "reconsiderationPhone",
  n.reconsideration_days AS "reconsiderationDays", n.court, n.court_address AS "courtAddress",
  n.litigation_months AS "litigationMonths", n.after_reconsideration_days AS "afterReconsiderationDays",
  n.period_basis AS "periodBasis", n.supervision_office AS "supervisionOffice", n.supervision_address AS "supervisionAddress",
  n.supervision_postcode AS "supervisionPostcode", n.supervision_phone AS "supervisionPhone",
  n.supervision_email AS "supervisionEmail", n.supervision_procedure AS "supervisionProcedure", n.reason, n.created_at AS "createdAt"`

type NoticeRow = Omit<AgencyNotice, 'createdAt' | 'publishedAt' | 'inspectionItems' | 'remedyText'> & { createdAt: Date; publishedAt: Date | null }

async function withItems(db: Queryable, rows: NoticeRow[]): Promise<AgencyNotice[]> {
  if (!rows.length) return []
  const { rows: items } = await db.query<Omit<InspectionItem, 'frequencyText' | 'ratio'> & { ratio: string; agencyId: string; version: number }>(
    `SELECT agency_id AS "agencyId", version, name, basis, inspector, targets, content, method, ratio,
            frequency_times AS "frequencyTimes", frequency_period AS "frequencyPeriod"
       FROM random_inspection_item WHERE (agency_id, version) IN (SELECT * FROM unnest($1::uuid[], $2::int[]))
      ORDER BY agency_id, version, seq`,
    [rows.map((r) => r.agencyId), rows.map((r) => r.version)],
  )
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    inspectionItems: items
      .filter((i) => i.agencyId === row.agencyId && i.version === row.version)
      .map(({ agencyId: _a, version: _v, ...i }) => ({ ...i, ratio: Number(i.ratio), frequencyText: frequencyText(i.frequencyTimes, i.frequencyPeriod) })),
    remedyText: remedyPeriodsText(row),
  }))
}

/** P-01: every version of an agency's notice, oldest first, each with when it was published. */
export async function listNoticeVersions(db: Queryable, agencyId: string): Promise<AgencyNotice[]> {
  const { rows } = await db.query<NoticeRow>(
    `SELECT ${NOTICE_COLUMNS}, p.published_at AS "publishedAt"
       FROM agency_notice n LEFT JOIN agency_notice_publication p USING (agency_id, version)
      WHERE n.agency_id = $1 ORDER BY n.version`,
    [agencyId],
  )
  return withItems(db, rows)
}

/** P-01: the version the public reads: the latest published one. */
export async function findPublishedNotice(db: Queryable, agencyId: string): Promise<AgencyNotice | undefined> {
  const { rows } = await db.query<NoticeRow>(`SELECT ${NOTICE_COLUMNS}, n.published_at AS "publishedAt" FROM agency_notice_published n WHERE n.agency_id = $1`, [agencyId])
  return (await withItems(db, rows))[0]
}

export type WindowStaff = { personId: string; name: string; post: string; duties: string; photo: string | null }
export type ServiceWindow = {
  id: string
  agencyId: string
  version: number
  name: string
  location: string
  hours: string
  duties: string
  consultPhone: string
  active: boolean
  reason: string
  createdAt: string
  staff: WindowStaff[]
  /** itemCode: the 项目编码 of a linked 行政执法事项, for the link to its 服务指南 (P-02/P-03) */
  items: { name: string; enforcementItemId: string | null; itemCode: string | null }[]
  samples: { title: string; url: string }[]
}

type WindowRow = Omit<ServiceWindow, 'createdAt' | 'staff' | 'items' | 'samples'> & { createdAt: Date }

/**
 * P-07: versions of windows with their staff, items and sample texts. Of a staff member only
 * name and photo come from person: never the ID number or the personal phone (P-01).
 */
async function windowVersions(db: Queryable, where: string, values: unknown[]): Promise<ServiceWindow[]> {
  const { rows } = await db.query<WindowRow>(
    `SELECT w.id, w.agency_id AS "agencyId", v.version, v.name, v.location, v.hours, v.duties, v.consult_phone AS "consultPhone",
            v.active, v.reason, v.created_at AS "createdAt"
       FROM service_window w JOIN service_window_version v ON v.window_id = w.id
      WHERE ${where} ORDER BY w.created_at, w.id, v.version`,
    values,
  )
  if (!rows.length) return []
  const keys = [rows.map((r) => r.id), rows.map((r) => r.version)]
  const part = `(window_id, version) IN (SELECT * FROM unnest($1::uuid[], $2::int[]))`
  const [staff, items, samples] = await Promise.all([
    db.query(
      `SELECT s.window_id AS "windowId", s.version, s.person_id AS "personId", p.name, s.post, s.duties, p.photo
         FROM service_window_staff s JOIN person p ON p.id = s.person_id WHERE (s.window_id, s.version) IN (SELECT * FROM unnest($1::uuid[], $2::int[])) ORDER BY s.seq`,
      keys,
    ),
    db.query(
      `SELECT s.window_id AS "windowId", s.version, s.name, s.enforcement_item_id AS "enforcementItemId", i.code AS "itemCode"
         FROM service_window_item s LEFT JOIN enforcement_item i ON i.id = s.enforcement_item_id
        WHERE (s.window_id, s.version) IN (SELECT * FROM unnest($1::uuid[], $2::int[])) ORDER BY s.seq`,
      keys,
    ),
    db.query(`SELECT window_id AS "windowId", version, title, url FROM service_window_sample WHERE ${part} ORDER BY seq`, keys),
  ])
  const of = <T extends { windowId: string; version: number }>(list: T[], row: WindowRow) =>
    list.filter((x) => x.windowId === row.id && x.version === row.version).map(({ windowId: _w, version: _v, ...rest }) => rest)
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    staff: of(staff.rows, row) as WindowStaff[],
    items: of(items.rows, row) as ServiceWindow['items'],
    samples: of(samples.rows, row) as ServiceWindow['samples'],
  }))
}

const LATEST = `v.version = (SELECT max(version) FROM service_window_version x WHERE x.window_id = w.id)`

/** P-07: the current board of each window of an agency (taken-down ones too, for its staff). */
export async function listWindows(db: Queryable, agencyId: string): Promise<ServiceWindow[]> {
  return windowVersions(db, `w.agency_id = $1 AND ${LATEST}`, [agencyId])
}

export async function listWindowVersions(db: Queryable, windowId: string): Promise<ServiceWindow[]> {
  return windowVersions(db, `w.id = $1`, [windowId])
}

export async function findWindow(db: Queryable, windowId: string): Promise<ServiceWindow | undefined> {
  return (await windowVersions(db, `w.id = $1 AND ${LATEST}`, [windowId]))[0]
}

export type Agency = { id: string; code: string; name: string; path: string; uscc: string }

/** The 执法主体 a notice or a window belongs to, by id, organisation code or 统一社会信用代码. */
export async function findAgency(db: Queryable, key: { id: string } | { code: string }): Promise<Agency | undefined> {
  const byId = 'id' in key
  const { rows } = await db.query<Agency>(
    `SELECT o.id, o.code, o.name, o.path, b.uscc FROM enforcement_body b JOIN org_node o ON o.id = b.id
      WHERE ${byId ? 'b.id = $1::uuid' : '(o.code = $1 OR b.uscc = $1)'} ORDER BY o.code = $1::text DESC LIMIT 1`,
    [byId ? key.id : key.code],
  )
  return rows[0]
}
