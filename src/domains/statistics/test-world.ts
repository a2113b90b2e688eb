// Test factories for the annual report (P-14): enforcement bodies and decided cases written
// with SQL as the app role, so the database's own rules check every action.
import crypto from 'node:crypto'
import type { Queryable } from '../../platform/db/pool.ts'
import { makeUscc } from '../../seed/codes.ts'

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** Makes the agency an enforcement body (行政机关) with a valid, unique USCC. */
export async function makeBody(q: Queryable, agencyId: string, domains = ['市场监管']): Promise<void> {
  const body8 = [...crypto.randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join('')
  await q.query(
    `INSERT INTO enforcement_body (id, uscc, body_kind, legal_basis, domains, address, phone, supervisor_name, supervisor_contact, reconsideration_body, court)
     VALUES ($1, $2, '行政机关', '《中华人民共和国行政处罚法》', $3, '测试路1号', '0878-1234567', '测试县司法局', '0878-7654321', '测试县人民政府', '测试县人民法院')`,
    [agencyId, makeUscc('11', '532301', body8), domains],
  )
}

/** The action path of each kind up to (and including) the action the report counts. */
const PATHS: Record<string, string[]> = {
  许可: ['申请', '受理', '审查', '决定'],
  征收征用: ['立项', '审核', '决定'],
  收费: ['核定'],
  '强制-执行': ['催告', '强制执行决定'],
}

let counter = 0
/**
 * A case of `kind` whose counting action is dated decidedOn (earlier actions the same day).
 * data goes on the counting action (征收征用: { category: '征用' }); recordedBy: a head of the agency
 * (the decisions need the head's approval, R-01). Returns the case and that action.
 */
export async function decidedCase(
  q: Queryable,
  input: { agencyId: string; kind: keyof typeof PATHS; decidedOn: string; data?: Record<string, unknown>; recordedBy: string },
): Promise<{ caseId: string; actionId: string }> {
  counter += 1
  const { rows: [c] } = await q.query<{ id: string }>(
    `INSERT INTO enforcement_case (agency_id, kind, number, party_kind, party_name, summary)
     VALUES ($1, $2, $3, 'organisation', '某某有限公司', '统计年报测试') RETURNING id`,
    [input.agencyId, input.kind, `NB-${crypto.randomBytes(4).toString('hex')}-${counter}`],
  )
  let actionId = ''
  const path = PATHS[input.kind]!
  for (const [i, type] of path.entries()) {
    const last = i === path.length - 1
    const { rows: [a] } = await q.query<{ id: string }>(
      `INSERT INTO case_action (case_id, type, acted_on, data, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [c!.id, type, input.decidedOn, JSON.stringify(last ? (input.data ?? {}) : {}), input.recordedBy],
    )
    actionId = a!.id
  }
  return { caseId: c!.id, actionId }
}

/** P-14: rows where annual_report_entry and a direct recount of the live deciding actions disagree (0 when equal). */
export async function reportIndexMismatches(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`
    WITH recount AS (
      SELECT a.id, c.agency_id, annual_report_kind_of(a.kind, a.type, a.data) AS k, a.acted_on
        FROM case_action_live a JOIN enforcement_case c ON c.id = a.case_id
       WHERE annual_report_kind_of(a.kind, a.type, a.data) IS NOT NULL),
    entry AS (SELECT action_id, agency_id, report_kind, decided_on FROM annual_report_entry)
    SELECT ((SELECT count(*) FROM (SELECT * FROM recount EXCEPT SELECT * FROM entry) x)
          + (SELECT count(*) FROM (SELECT * FROM entry EXCEPT SELECT * FROM recount) y))::int AS n`)
  return rows[0]!.n
}
