/** D-01 / D-02: 裁量基准 versions as stored data: import a draft, publish it, read what is in force. */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { hasRole, inScope, requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import type { ParsedStandard } from './import-csv.ts'
import type { Condition, StandardVersion, Tier, Violation } from './rules.ts'
import { saveDraft, publishVersion } from './sample.ts'

export type VersionInfo = { version: number; status: 'draft' | 'published'; effectiveFrom: string | null; publishedAt: string | null }
export type StandardSummary = { id: string; agencyId: string; agencyName: string; code: string; domain: string; title: string }
export type StoredViolation = Violation & { firstViolationExempt: boolean; minorExempt: boolean }
export type StoredVersion = VersionInfo & { standardId: string; violations: StoredViolation[] }

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
const day = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10))

/** D-01: who writes an agency's 基准: its administrators and its legal (法制审核) staff, within their scope. */
async function agencyForWrite(q: Queryable, user: AuthUser, agencyId: string): Promise<{ path: string }> {
  requireRole(user, 'admin', 'reviewer')
  const { rows } = await q.query<{ path: string; kind: string }>(`SELECT path, kind FROM org_node WHERE id = $1`, [agencyId])
  if (!rows[0]) throw notFound('机关不存在')
  requireScope(user, rows[0].path)
  if (rows[0].kind !== 'agency') throw ruleViolation('DISCRETION_AGENCY', '裁量基准由行政执法机关制定')
  return rows[0]
}

/**
 * D-01: a checked import becomes a new draft version (the standard is created with its first
 * draft). Row errors refuse it whole; nothing is written.
 */
export async function importDraft(db: Db, user: AuthUser, agencyId: string, meta: { code: string; domain?: string; title?: string }, parsed: ParsedStandard, ip?: string) {
  if (parsed.errors.length) throw ruleViolation('DISCRETION_ROWS', `导入文件有${parsed.errors.length}处错误，未导入任何数据`, { errors: parsed.errors })
  if (!parsed.violations.length) throw ruleViolation('DISCRETION_EMPTY', '导入文件没有任何违法行为')
  return db.tx(async (tx) => {
    await agencyForWrite(tx, user, agencyId)
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('discretion_standard:' || $1::text || ':' || $2::text))`, [agencyId, meta.code])
    const { rows: existing } = await tx.query<{ domain: string; title: string }>(`SELECT domain, title FROM discretion_standard WHERE agency_id = $1 AND code = $2`, [agencyId, meta.code])
    const domain = existing[0]?.domain ?? meta.domain
    const title = existing[0]?.title ?? meta.title
    if (!domain || !title) throw ruleViolation('DISCRETION_NEW_STANDARD', '新的裁量基准须注明执法领域（domain）和名称（title）')
    const sv = await saveDraft(tx, { agencyId, code: meta.code, domain, title, violations: parsed.violations })
    await audit(tx, { actor: user, ip, action: 'discretion.draft.import', entity: 'discretion_standard', entityId: sv.standardId, orgId: agencyId, detail: { code: meta.code, version: sv.version, violations: parsed.violations.length } })
    return { standardId: sv.standardId, version: sv.version, status: 'draft' as const, violations: parsed.violations.length }
  })
}

/** D-01 / 处罚法34: publishes a draft with the day it takes effect; a published version stays as it is. */
export async function publishDraft(db: Db, user: AuthUser, standardId: string, version: number, effectiveFrom: string, ip?: string) {
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ agency_id: string; status: string }>(
      `SELECT s.agency_id, v.status FROM discretion_standard s JOIN discretion_version v ON v.standard_id = s.id
        WHERE s.id = $1 AND v.version = $2 FOR UPDATE OF v`, [standardId, version])
    if (!rows[0]) throw notFound('裁量基准版本不存在')
    await agencyForWrite(tx, user, rows[0].agency_id)
    if (rows[0].status === 'published') throw conflict('DISCRETION_PUBLISHED', '该版本已公布，不得再次公布或修改，请另立新版本')
    await publishVersion(tx, standardId, version, effectiveFrom)
    await audit(tx, { actor: user, ip, action: 'discretion.publish', entity: 'discretion_standard', entityId: standardId, orgId: rows[0].agency_id, detail: { version, effectiveFrom } })
    return { standardId, version, status: 'published' as const, effectiveFrom }
  })
}

/** D-01: the version of a standard in force on a day: the newest published one already effective. */
export async function versionInForce(q: Queryable, standardId: string, today = todayInChina()): Promise<number | undefined> {
  const { rows } = await q.query<{ version: number }>(
    `SELECT version FROM discretion_version WHERE standard_id = $1 AND status = 'published' AND effective_from <= $2::date
        AND (effective_to IS NULL OR effective_to >= $2::date) ORDER BY version DESC LIMIT 1`, [standardId, today])
  return rows[0]?.version
}

/** One stored version with its violations and tiers. */
export async function loadVersion(q: Queryable, standardId: string, version: number): Promise<StoredVersion | undefined> {
  const { rows: [v] } = await q.query(`SELECT * FROM discretion_version WHERE standard_id = $1 AND version = $2`, [standardId, version])
  if (!v) return undefined
  const { rows: vs } = await q.query(`SELECT * FROM discretion_violation WHERE standard_id = $1 AND version = $2 ORDER BY code`, [standardId, version])
  const { rows: ts } = await q.query(`SELECT * FROM discretion_tier WHERE standard_id = $1 AND version = $2`, [standardId, version])
  const order = ['不予处罚', '减轻', '从轻', '一般', '从重']
  const violations: StoredViolation[] = vs.map((r: any) => ({
    code: r.code, title: r.title, violationBasis: r.violation_basis, penaltyBasis: r.penalty_basis, requiredEvidence: r.required_evidence,
    firstViolationExempt: r.first_violation_exempt, minorExempt: r.minor_exempt,
    tiers: ts.filter((t: any) => t.violation_code === r.code).sort((a: any, b: any) => order.indexOf(a.tier) - order.indexOf(b.tier)).map((t: any) => ({
      tier: t.tier as Tier, conditions: (typeof t.conditions === 'string' ? JSON.parse(t.conditions) : t.conditions) as Condition[],
      minAmount: num(t.min_amount), maxAmount: num(t.max_amount), minMultiple: num(t.min_multiple), maxMultiple: num(t.max_multiple), otherPenalties: t.other_penalties,
    })),
  }))
  return { standardId, version, status: v.status, effectiveFrom: day(v.effective_from), publishedAt: v.published_at ? new Date(v.published_at).toISOString() : null, violations }
}

const SUMMARY = `SELECT s.id, s.agency_id AS "agencyId", o.name AS "agencyName", s.code, s.domain, s.title
                   FROM discretion_standard s JOIN org_node o ON o.id = s.agency_id`

/**
 * D-01: an agency's standards: the version in force of each (anyone signed in), and the drafts
 * newer than it only for the agency's own staff.
 */
export async function listAgencyStandards(q: Queryable, user: AuthUser, agencyId: string) {
  const { rows: org } = await q.query<{ path: string }>(`SELECT path FROM org_node WHERE id = $1`, [agencyId])
  if (!org[0]) throw notFound('机关不存在')
  const ownStaff = inScope({ scopePath: org[0].path }, user.orgPath) || (hasRole(user, 'admin') && inScope(user, org[0].path))
  const { rows: standards } = await q.query<StandardSummary>(`${SUMMARY} WHERE s.agency_id = $1 ORDER BY s.domain, s.code`, [agencyId])
  const out = []
  for (const s of standards) {
    const inForce = await versionInForce(q, s.id)
    const { rows: drafts } = ownStaff
      ? await q.query<{ version: number }>(`SELECT version FROM discretion_version WHERE standard_id = $1 AND status = 'draft' ORDER BY version`, [s.id])
      : { rows: [] as { version: number }[] }
    const versions: StoredVersion[] = []
    if (inForce !== undefined) versions.push((await loadVersion(q, s.id, inForce))!)
    for (const d of drafts) versions.push((await loadVersion(q, s.id, d.version))!)
    if (versions.length) out.push({ ...s, versions })
  }
  return out
}

/** D-01 / 处罚法34 (public): every standard with a version in force, by domain, for the portal. */
export async function listPublishedStandards(q: Queryable, today = todayInChina()): Promise<(StandardSummary & VersionInfo)[]> {
  const { rows } = await q.query(
    `${SUMMARY} JOIN LATERAL (SELECT version, status, effective_from, published_at FROM discretion_version v
        WHERE v.standard_id = s.id AND v.status = 'published' AND v.effective_from <= $1::date
          AND (v.effective_to IS NULL OR v.effective_to >= $1::date) ORDER BY version DESC LIMIT 1) v ON true
      ORDER BY s.domain, o.name, s.code`, [today])
  return rows.map((r: any) => ({ id: r.id, agencyId: r.agencyId, agencyName: r.agencyName, code: r.code, domain: r.domain, title: r.title,
    version: r.version, status: r.status, effectiveFrom: day(r.effective_from), publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null }))
}

/** D-01 (public): one standard's version in force, or undefined (a standard with only drafts is not public). */
export async function findPublishedStandard(q: Queryable, standardId: string, today = todayInChina()): Promise<(StandardSummary & StoredVersion) | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(standardId)) return undefined
  const { rows: [s] } = await q.query<StandardSummary>(`${SUMMARY} WHERE s.id = $1`, [standardId])
  if (!s) return undefined
  const version = await versionInForce(q, standardId, today)
  if (version === undefined) return undefined
  return { ...s, ...(await loadVersion(q, standardId, version))! }
}

export const asStandardVersion = (v: StoredVersion): StandardVersion => ({ standardId: v.standardId, version: v.version, violations: v.violations })
