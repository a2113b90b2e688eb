import type { Queryable } from '../../platform/db/pool.ts'
import type { StandardVersion, Violation } from './rules.ts'

/**
 * D-01 sample: 食品安全法第一百二十四条 (销售不符合食品安全标准的食品): 货值不足一万元的，
 * 五万元以上十万元以下；货值一万元以上的，货值金额十五倍以上三十倍以下 — four tiers inside that range.
 */
export const SAMPLE_VIOLATION: Violation = {
  code: 'SP-124-1',
  title: '经营不符合食品安全标准的食品',
  violationBasis: '《中华人民共和国食品安全法》第三十四条',
  penaltyBasis: '《中华人民共和国食品安全法》第一百二十四条第一款',
  requiredEvidence: ['现场检查', '检验报告'],
  tiers: [
    { tier: '减轻', conditions: [{ key: 'first_violation', label: '首次违法', op: 'yes' }, { key: 'remedied', label: '主动消除或者减轻违法后果', op: 'yes' }, { key: 'goods_value', label: '货值金额不足2000元', op: 'lt', value: 2000 }], minAmount: 10000, maxAmount: 50000, minMultiple: null, maxMultiple: null, otherPenalties: ['没收违法所得'] },
    { tier: '从轻', conditions: [{ key: 'remedied', label: '主动消除或者减轻违法后果', op: 'yes' }], minAmount: 50000, maxAmount: 65000, minMultiple: null, maxMultiple: null, otherPenalties: ['没收违法所得'] },
    { tier: '一般', conditions: [], minAmount: 65000, maxAmount: 85000, minMultiple: null, maxMultiple: null, otherPenalties: ['没收违法所得'] },
    { tier: '从重', conditions: [{ key: 'serious_harm', label: '造成严重后果', op: 'yes' }], minAmount: 85000, maxAmount: 100000, minMultiple: null, maxMultiple: null, otherPenalties: ['没收违法所得', '吊销许可证'] },
  ],
}

/** D-01: stores a draft version of a standard (creating the standard when new). */
export async function saveDraft(db: Queryable, input: { agencyId: string; code: string; domain: string; title: string; violations: Violation[] }): Promise<StandardVersion> {
  const { rows: found } = await db.query(`SELECT id FROM discretion_standard WHERE agency_id = $1 AND code = $2`, [input.agencyId, input.code])
  const std = found[0] ?? (await db.query(
    `INSERT INTO discretion_standard (agency_id, code, domain, title) VALUES ($1, $2, $3, $4) RETURNING id`,
    [input.agencyId, input.code, input.domain, input.title])).rows[0]
  const { rows: [v] } = await db.query(
    `INSERT INTO discretion_version (standard_id, version)
     SELECT $1, coalesce(max(version), 0) + 1 FROM discretion_version WHERE standard_id = $1 RETURNING version`, [std.id])
  for (const vi of input.violations) {
    await db.query(
      `INSERT INTO discretion_violation (standard_id, version, code, title, violation_basis, penalty_basis, required_evidence)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`, [std.id, v.version, vi.code, vi.title, vi.violationBasis, vi.penaltyBasis, vi.requiredEvidence])
    for (const t of vi.tiers) {
      await db.query(
        `INSERT INTO discretion_tier (standard_id, version, violation_code, tier, conditions, min_amount, max_amount, min_multiple, max_multiple, other_penalties)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [std.id, v.version, vi.code, t.tier, JSON.stringify(t.conditions), t.minAmount, t.maxAmount, t.minMultiple, t.maxMultiple, t.otherPenalties])
    }
  }
  return { standardId: std.id, version: v.version, violations: input.violations }
}

/** D-01 / 处罚法34: publish a draft; from then on the database refuses any change. */
export async function publishVersion(db: Queryable, standardId: string, version: number, effectiveFrom: string): Promise<void> {
  await db.query(
    `UPDATE discretion_version SET status = 'published', published_at = now(), effective_from = $3
      WHERE standard_id = $1 AND version = $2`, [standardId, version, effectiveFrom])
}

/** Seed: the sample 市场监管 standard of an agency, published (the lead calls it from src/seed/). */
export async function seedDiscretionSample(db: Queryable, agencyId: string, effectiveFrom: string): Promise<StandardVersion> {
  const sv = await saveDraft(db, { agencyId, code: 'SCJG-SP', domain: '市场监管', title: '市场监管领域食品安全行政处罚裁量基准', violations: [SAMPLE_VIOLATION] })
  await publishVersion(db, sv.standardId, sv.version, effectiveFrom)
  return sv
}

/** D-02: records a recommendation on a case with the version used (append-only). */
export async function recordCaseDiscretion(db: Queryable, input: { caseId: string; standardId: string; version: number; violationCode: string; answers: Record<string, unknown>; tier: string; range: { min: number; max: number }; reason: string; proposedAmount?: number; userId?: string }) {
  const out = input.proposedAmount !== undefined && (input.proposedAmount < input.range.min || input.proposedAmount > input.range.max)
  await db.query(
    `INSERT INTO case_discretion (case_id, standard_id, version, violation_code, answers, tier, range_min, range_max, reason, proposed_amount, out_of_range, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [input.caseId, input.standardId, input.version, input.violationCode, JSON.stringify(input.answers), input.tier, input.range.min, input.range.max, input.reason, input.proposedAmount ?? null, out, input.userId ?? null])
  return { outOfRange: out }
}
