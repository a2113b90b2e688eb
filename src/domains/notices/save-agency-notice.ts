import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { audit } from '../../platform/audit/audit.ts'
import { periodProblem } from './rules.ts'
import { findAgency, listNoticeVersions, type AgencyNotice } from './store.ts'
import type { AgencyNoticeInput } from './schemas.ts'

/** Who keeps an agency's 事前公开 current: its administrator or its 公示管理员, within their data scope. */
export async function agencyForNoticeWrite(db: Db, user: AuthUser, agencyId: string) {
  requireRole(user, 'admin', 'disclosure')
  const agency = await findAgency(db, { id: agencyId })
  if (!agency) throw notFound('执法主体不存在')
  requireScope(user, agency.path)
  return agency
}

/**
 * P-01 / I-01: saves the whole 救济渠道, 监督方式 and 随机抽查事项清单 of an agency as its next
 * version. Earlier versions stay as they were; the portal keeps showing the latest published
 * one until this one is published.
 */
export async function saveAgencyNotice(db: Db, user: AuthUser, agencyId: string, input: AgencyNoticeInput, ip: string | null = null): Promise<AgencyNotice> {
  const agency = await agencyForNoticeWrite(db, user, agencyId)
  const problem = periodProblem({ ...input, periodBasis: input.periodBasis ?? null })
  if (problem) throw ruleViolation('PERIOD_BASIS_REQUIRED', problem)
  const version = await db.tx(async (tx) => {
    // one writer per agency at a time, so two saves cannot both take the same number
    await tx.query(`SELECT id FROM enforcement_body WHERE id = $1 FOR UPDATE`, [agency.id])
    const { rows: [latest] } = await tx.query<{ v: number }>(`SELECT coalesce(max(version), 0)::int AS v FROM agency_notice WHERE agency_id = $1`, [agency.id])
    const current = latest!.v
    if (input.expectedVersion !== undefined && input.expectedVersion !== current) {
      throw conflict('VERSION_CONFLICT', `公示信息已有第 ${current} 版，不是您编辑时的第 ${input.expectedVersion} 版，请刷新后重试`)
    }
    const version = current + 1
    await tx.query(
      `INSERT INTO agency_notice (agency_id, version, reconsideration_body, reconsideration_address, reconsideration_phone, reconsideration_days,
              court, court_address, litigation_months, after_reconsideration_days, period_basis, supervision_office, supervision_address,
              supervision_postcode, supervision_phone, supervision_email, supervision_procedure, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        agency.id, version, input.reconsiderationBody, input.reconsiderationAddress, input.reconsiderationPhone ?? null, input.reconsiderationDays,
        input.court, input.courtAddress, input.litigationMonths, input.afterReconsiderationDays, input.periodBasis ?? null, input.supervisionOffice,
        input.supervisionAddress, input.supervisionPostcode, input.supervisionPhone, input.supervisionEmail, input.supervisionProcedure, input.reason, user.id,
      ],
    )
    for (const [i, item] of input.inspectionItems.entries()) {
      await tx.query(
        `INSERT INTO random_inspection_item (agency_id, version, seq, name, basis, inspector, targets, content, method, ratio, frequency_times, frequency_period)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [agency.id, version, i + 1, item.name, item.basis, item.inspector, item.targets, item.content, item.method, item.ratio, item.frequencyTimes, item.frequencyPeriod],
      )
    }
    await audit(tx, { actor: user, ip, action: 'notice.save', entity: 'agency_notice', entityId: agency.id, orgId: agency.id, reason: input.reason, detail: { version, items: input.inspectionItems.length } })
    return version
  })
  return (await listNoticeVersions(db, agency.id)).find((n) => n.version === version)!
}

/** P-01: publishes a saved version; the portal shows the latest published version. */
export async function publishAgencyNotice(db: Db, user: AuthUser, agencyId: string, version: number, ip: string | null = null): Promise<AgencyNotice> {
  const agency = await agencyForNoticeWrite(db, user, agencyId)
  await db.tx(async (tx) => {
    await tx.query(`SELECT id FROM enforcement_body WHERE id = $1 FOR UPDATE`, [agency.id])
    const { rows: [state] } = await tx.query<{ exists: boolean; published: number | null }>(
      `SELECT EXISTS (SELECT 1 FROM agency_notice WHERE agency_id = $1 AND version = $2) AS exists,
              (SELECT max(version) FROM agency_notice_publication WHERE agency_id = $1) AS published`,
      [agency.id, version],
    )
    if (!state!.exists) throw notFound(`公示信息第 ${version} 版不存在`)
    if (state!.published === version) throw conflict('ALREADY_PUBLISHED', `第 ${version} 版已经公示`)
    if (state!.published !== null && state!.published > version) throw conflict('NEWER_PUBLISHED', `已公示第 ${state!.published} 版，不能公示更早的第 ${version} 版`)
    await tx.query(`INSERT INTO agency_notice_publication (agency_id, version, published_by) VALUES ($1, $2, $3)`, [agency.id, version, user.id])
    await audit(tx, { actor: user, ip, action: 'notice.publish', entity: 'agency_notice', entityId: agency.id, orgId: agency.id, detail: { version } })
  })
  return (await listNoticeVersions(db, agency.id)).find((n) => n.version === version)!
}
