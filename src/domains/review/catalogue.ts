/**
 * 重大执法决定法制审核目录清单 (L-02) and the gate (L-01). The catalogue is data
 * (review_catalogue_rule, migration 0018): the national default of s002 §12 and the general
 * criteria of all seeds, plus each agency's own additions, versioned. `conditionMatches` is
 * the TypeScript twin of the SQL review_rule_matches(); a fast-check property keeps them equal.
 * The gate itself is the insert trigger case_action_review_gate; `reviewGateProblem` gives
 * the same code and message before the insert.
 */
import { z } from 'zod'
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'

const Names = z.array(z.string().trim().min(1).max(100)).min(1).max(30)

/** L-02: a rule's condition; every key present must hold (review_condition_valid() in SQL checks the same). */
export const ReviewCondition = z
  .strictObject({
    kinds: Names.optional().describe('案件类别，如 处罚-普通、许可'),
    fineAtLeast: z
      .strictObject({ citizen: z.number().positive().max(1e12).optional(), organisation: z.number().positive().max(1e12).optional() })
      .refine((f) => f.citizen !== undefined || f.organisation !== undefined, '至少填写一类当事人的金额')
      .optional()
      .describe('罚款数额不低于（元），按当事人类别'),
    penaltiesAny: Names.optional().describe('处罚种类之一，如 吊销许可证件、责令停产停业'),
    hearingHeld: z.literal(true).optional().describe('经过听证'),
    partiesAtLeast: z.number().int().min(2).max(100000).optional().describe('当事人人数不少于'),
    domainsAny: Names.optional().describe('执法领域之一'),
    governmentName: z.literal(true).optional().describe('以人民政府名义作出'),
    flagsAny: Names.optional().describe('送审时勾选的情形之一，如 涉及重大公共利益'),
    outcomesAny: Names.optional().describe('决定结果或强制措施之一，如 不予许可、查封'),
    caseMajor: z.literal(true).optional().describe('立案时认定为重大执法决定'),
  })
  .refine((c) => Object.keys(c).length > 0, '条件不能为空')
export type ReviewCondition = z.infer<typeof ReviewCondition>

/** L-02: the facts of a case the catalogue speaks about, as case_review_facts() builds them. */
export type CaseFacts = {
  kind: string
  partyKind: 'citizen' | 'organisation'
  partyCount: number
  domains: string[]
  governmentName: boolean
  hearingHeld: boolean
  fineAmount: number | null
  penalties: string[]
  flags: string[]
  outcomes: string[]
  caseMajor: boolean
}

export type CatalogueRule = {
  id: string
  agencyId: string | null
  code: string
  version: number
  title: string
  source: string
  condition: ReviewCondition
  effectiveFrom: string
  effectiveTo: string | null
}

const anyOf = (wanted: string[] | undefined, have: string[]) => wanted === undefined || wanted.some((w) => have.includes(w))

/** L-02: whether a rule's condition holds for the facts of a case (review_rule_matches() in SQL). */
export function conditionMatches(c: ReviewCondition, f: CaseFacts): boolean {
  if (c.kinds && !c.kinds.includes(f.kind)) return false
  if (c.fineAtLeast) {
    const threshold = c.fineAtLeast[f.partyKind]
    if (threshold === undefined || f.fineAmount === null || f.fineAmount < threshold) return false
  }
  if (!anyOf(c.penaltiesAny, f.penalties)) return false
  if (c.hearingHeld && !f.hearingHeld) return false
  if (c.partiesAtLeast !== undefined && f.partyCount < c.partiesAtLeast) return false
  if (!anyOf(c.domainsAny, f.domains)) return false
  if (c.governmentName && !f.governmentName) return false
  if (!anyOf(c.flagsAny, f.flags)) return false
  if (!anyOf(c.outcomesAny, f.outcomes)) return false
  if (c.caseMajor && !f.caseMajor) return false
  return true
}

export type MatchedRule = { id: string; code: string; title: string; source: string }

/** L-02: the rules (in force) a case matches, in catalogue order. */
export const matchingRules = (rules: CatalogueRule[], facts: CaseFacts): MatchedRule[] =>
  rules.filter((r) => conditionMatches(r.condition, facts)).map(({ id, code, title, source }) => ({ id, code, title, source }))

const RULE_COLUMNS = `id, agency_id AS "agencyId", code, version, title, source, condition,
  to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(effective_to, 'YYYY-MM-DD') AS "effectiveTo"`

/** L-02: the rules in force for an agency on a day: the national default first, then the agency's own. */
export async function rulesInForce(q: Queryable, agencyId: string, on = todayInChina()): Promise<CatalogueRule[]> {
  const { rows } = await q.query<CatalogueRule>(`SELECT ${RULE_COLUMNS} FROM review_rules_in_force($1, $2::date)`, [agencyId, on])
  return rows
}

export async function caseFacts(q: Queryable, caseId: string, pending: Record<string, unknown> = {}): Promise<CaseFacts | undefined> {
  const { rows } = await q.query<{ facts: CaseFacts | null }>(`SELECT case_review_facts($1, $2) AS facts`, [caseId, JSON.stringify(pending)])
  return rows[0]?.facts ?? undefined
}

/** L-02: does the case need review, and by which rules; `pending`: the data of a decision about to be recorded. */
export async function reviewNeed(q: Queryable, caseId: string, pending: Record<string, unknown> = {}): Promise<{ needed: boolean; rules: MatchedRule[] }> {
  const { rows } = await q.query<{ agencyId: string }>(`SELECT agency_id AS "agencyId" FROM enforcement_case WHERE id = $1`, [caseId])
  if (!rows[0]) throw notFound('案件不存在')
  const facts = (await caseFacts(q, caseId, pending))!
  const rules = matchingRules(await rulesInForce(q, rows[0].agencyId), facts)
  return { needed: rules.length > 0, rules }
}

/** 处罚法58 / L-01: the message of REVIEW_NOT_PASSED, word for word as case_action_review_gate() raises it. */
export function gateMessage(rules: MatchedRule[]): string {
  return rules.length
    ? `本案属于重大执法决定（${rules.map((r) => `${r.code} ${r.title}`).join('；')}），未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）`
    : '本案已送法制审核，审核未通过的，不得作出决定（行政处罚法第五十八条）'
}

/**
 * L-01: why the action `type` may not be recorded on the case now, or null: a decision (the
 * 决定 stage of the case's model) of a case that needs review or was sent for review, while
 * the latest round of its latest review has no passing opinion. Same rule as the trigger.
 */
export async function reviewGateProblem(q: Queryable, caseId: string, type: string, data: Record<string, unknown> = {}): Promise<{ code: 'REVIEW_NOT_PASSED'; message: string } | null> {
  const { rows } = await q.query<{ stage: string }>(
    `SELECT t.stage FROM enforcement_case c JOIN case_action_type t ON t.kind = c.kind AND t.code = $2 WHERE c.id = $1`,
    [caseId, type],
  )
  if (rows[0]?.stage !== '决定') return null
  const need = await reviewNeed(q, caseId, data)
  const { rows: latest } = await q.query<{ passed: boolean | null }>(
    `SELECT (SELECT coalesce(k.passes, false) FROM legal_review_round x LEFT JOIN legal_review_opinion o ON o.round_id = x.id
               LEFT JOIN review_opinion_kind k ON k.code = o.kind WHERE x.review_id = r.id ORDER BY x.n DESC LIMIT 1) AS passed
       FROM legal_review r WHERE r.case_id = $1 ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1`,
    [caseId],
  )
  if (!need.needed && !latest[0]) return null
  if (latest[0]?.passed) return null
  return { code: 'REVIEW_NOT_PASSED', message: gateMessage(need.rules) }
}

/**
 * L-01: throws REVIEW_NOT_PASSED (422) where the database would refuse the decision. The
 * trigger runs after the sequence check (case_action_legal), so a sequence problem is left
 * to the database to report first. `stage`, when the caller knows it, spares other actions
 * any query.
 */
export async function assertReviewGate(
  q: Queryable,
  caseId: string,
  action: { type: string; actedOn: string; supersedesId?: string; stage?: string },
  data: Record<string, unknown>,
): Promise<void> {
  if (action.stage !== undefined && action.stage !== '决定') return
  const { rows } = await q.query<{ code: string | null }>(`SELECT code FROM case_sequence_problem($1, $2, $3::date, $4)`, [caseId, action.type, action.actedOn, action.supersedesId ?? null])
  if (rows[0]?.code) return
  const problem = await reviewGateProblem(q, caseId, action.type, data)
  if (problem) throw ruleViolation(problem.code, problem.message)
}

export type CatalogueEntry = CatalogueRule & { scope: '全国默认' | '本机关' }

/** L-02 / s004 §(三)2: the published catalogue of an agency (today's rules in force), or the national default alone. */
export async function publishedCatalogue(q: Queryable, agencyId?: string): Promise<CatalogueEntry[]> {
  if (agencyId && !(await q.query(`SELECT 1 FROM org_node WHERE id = $1`, [agencyId])).rowCount) throw notFound('机关不存在')
  const rules = agencyId
    ? await rulesInForce(q, agencyId)
    : (await q.query<CatalogueRule>(
        `SELECT ${RULE_COLUMNS} FROM (
           SELECT DISTINCT ON (code) * FROM review_catalogue_rule WHERE agency_id IS NULL AND effective_from <= $1::date ORDER BY code, version DESC) r
          WHERE effective_to IS NULL OR $1::date < effective_to ORDER BY code`,
        [todayInChina()],
      )).rows
  return rules.map((r) => ({ ...r, scope: r.agencyId === null ? '全国默认' : '本机关' }))
}

export type AgencyRuleInput = { code: string; title: string; source: string; condition: ReviewCondition; effectiveFrom: string; effectiveTo?: string | null }

/** L-02: an administrator in scope adds a version of one of the agency's own catalogue rules (the next version number of its code). */
export async function addAgencyRule(db: Db, user: AuthUser, agencyId: string, input: AgencyRuleInput, ip?: string): Promise<CatalogueRule> {
  requireRole(user, 'admin')
  if (input.effectiveTo && input.effectiveTo <= input.effectiveFrom) throw ruleViolation('CATALOGUE_DATES', '失效日期须晚于生效日期')
  return db.tx(async (tx) => {
    const { rows: org } = await tx.query<{ path: string; kind: string }>(`SELECT path, kind FROM org_node WHERE id = $1`, [agencyId])
    if (!org[0]) throw notFound('机关不存在')
    requireScope(user, org[0].path)
    if (org[0].kind !== 'agency') throw ruleViolation('CATALOGUE_AGENCY', '目录清单由行政执法机关制定')
    const { rows: national } = await tx.query(`SELECT 1 FROM review_catalogue_rule WHERE agency_id IS NULL AND code = $1 LIMIT 1`, [input.code])
    if (national.length) throw ruleViolation('CATALOGUE_CODE_TAKEN', `编号“${input.code}”已是全国默认目录的事项，本机关只能增加新的事项`)
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('review_catalogue_rule:' || $1::text || ':' || $2::text))`, [agencyId, input.code])
    const { rows } = await tx.query<CatalogueRule>(
      `INSERT INTO review_catalogue_rule (agency_id, code, version, title, source, condition, effective_from, effective_to, created_by)
       SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8 FROM review_catalogue_rule WHERE agency_id = $1 AND code = $2
       RETURNING ${RULE_COLUMNS}`,
      [agencyId, input.code, input.title.trim(), input.source.trim(), JSON.stringify(input.condition), input.effectiveFrom, input.effectiveTo ?? null, user.id],
    )
    const rule = rows[0]!
    await audit(tx, { actor: user, ip, action: 'review.catalogue.add', entity: 'review_catalogue_rule', entityId: rule.id, orgId: agencyId, detail: { code: rule.code, version: rule.version } })
    return rule
  })
}

/** L-02: a condition in words, for the published catalogue. */
export function describeCondition(c: ReviewCondition): string {
  const parts: string[] = []
  if (c.kinds) parts.push(`案件类别：${c.kinds.join('、')}`)
  if (c.fineAtLeast) {
    const amounts = [
      c.fineAtLeast.citizen !== undefined ? `公民${c.fineAtLeast.citizen}元` : '',
      c.fineAtLeast.organisation !== undefined ? `法人或者其他组织${c.fineAtLeast.organisation}元` : '',
    ].filter(Boolean)
    parts.push(`罚款数额不低于${amounts.join('、')}`)
  }
  if (c.penaltiesAny) parts.push(`处罚种类：${c.penaltiesAny.join('、')}之一`)
  if (c.hearingHeld) parts.push('经过听证程序')
  if (c.partiesAtLeast !== undefined) parts.push(`当事人不少于${c.partiesAtLeast}人`)
  if (c.domainsAny) parts.push(`执法领域：${c.domainsAny.join('、')}之一`)
  if (c.governmentName) parts.push('以人民政府名义作出')
  if (c.flagsAny) parts.push(`情形：${c.flagsAny.join('、')}之一`)
  if (c.outcomesAny) parts.push(`决定或者措施：${c.outcomesAny.join('、')}之一`)
  if (c.caseMajor) parts.push('立案时认定为重大执法决定')
  return parts.join('；')
}

/** L-02 / s004 §(三)2: the agencies that have rules of their own in force, for the portal. */
export async function agenciesWithOwnRules(q: Queryable): Promise<{ id: string; name: string }[]> {
  const { rows } = await q.query<{ id: string; name: string }>(
    `SELECT o.id, o.name FROM (SELECT DISTINCT agency_id FROM review_catalogue_rule WHERE agency_id IS NOT NULL) a JOIN org_node o ON o.id = a.agency_id
      WHERE EXISTS (SELECT 1 FROM review_rules_in_force(o.id, review_today()) r WHERE r.agency_id = o.id)
      ORDER BY o.path LIMIT 500`,
  )
  return rows
}
