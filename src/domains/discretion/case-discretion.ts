/** D-02: the recommendation while drafting a penalty, recorded on the case with the 基准 version used. */
import type { Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole } from '../../platform/access/scope.ts'
import { forbidden, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { openCaseForRead } from '../cases/record-access/case-read.ts'
import { assertNotRecused } from '../cases/recusal.ts'
import { recommend, type Answers, type Tier } from './rules.ts'
import { recordCaseDiscretion } from './sample.ts'
import { asStandardVersion, loadVersion, versionInForce } from './standards.ts'

export type CaseDiscretionInput = { standardId: string; violationCode: string; answers: Answers; proposedAmount?: number }
export type CaseDiscretionResult = { tier: Tier; range: { min: number; max: number }; reason: string; version: number; standardId: string; violationCode: string; proposedAmount: number | null; outOfRange: boolean }

/**
 * D-02 / 处罚法34: an officer of the case (its agency's handling staff, not recused) asks the
 * standard in force for the tier and range; the answer is recorded append-only with its version.
 */
export async function adviseCase(db: Queryable, user: AuthUser, caseId: string, input: CaseDiscretionInput): Promise<CaseDiscretionResult> {
  requireRole(user, 'officer')
  const reader = await openCaseForRead(db, user, caseId)
  if (!reader.handlingStaff) throw forbidden('只有本案所属机关的执法人员可以适用裁量基准')
  await assertNotRecused(db, caseId, user, [])
  const version = await versionInForce(db, input.standardId)
  if (version === undefined) throw notFound('该裁量基准没有现行有效的公布版本')
  const sv = (await loadVersion(db, input.standardId, version))!
  if (!sv.violations.some((v) => v.code === input.violationCode)) throw ruleViolation('DISCRETION_VIOLATION', `裁量基准第${version}版中没有违法行为“${input.violationCode}”`)
  const r = recommend(asStandardVersion(sv), input.violationCode, input.answers)
  const { outOfRange } = await recordCaseDiscretion(db, {
    caseId, standardId: input.standardId, version, violationCode: input.violationCode, answers: input.answers,
    tier: r.tier, range: r.range, reason: r.reason, proposedAmount: input.proposedAmount, userId: user.id,
  })
  return { tier: r.tier, range: r.range, reason: r.reason, version, standardId: input.standardId, violationCode: input.violationCode, proposedAmount: input.proposedAmount ?? null, outOfRange }
}

/** D-02: the recommendations recorded on a case, newest first. */
export async function caseDiscretionHistory(db: Queryable, user: AuthUser, caseId: string) {
  await openCaseForRead(db, user, caseId)
  const { rows } = await db.query(
    `SELECT standard_id, version, violation_code, answers, tier, range_min, range_max, reason, proposed_amount, out_of_range, recorded_at
       FROM case_discretion WHERE case_id = $1 ORDER BY recorded_at DESC, id`, [caseId])
  return rows.map((r: any) => ({
    standardId: r.standard_id as string, version: r.version as number, violationCode: r.violation_code as string,
    answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as Record<string, unknown>, tier: r.tier as Tier,
    range: { min: Number(r.range_min), max: Number(r.range_max) }, reason: r.reason as string,
    proposedAmount: r.proposed_amount === null ? null : Number(r.proposed_amount), outOfRange: r.out_of_range as boolean,
    recordedAt: new Date(r.recorded_at).toISOString(),
  }))
}
