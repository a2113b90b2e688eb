// P-15: 办理进度查询 — one lookup of a case by its public query code.
import type { Queryable } from '../../platform/db/pool.ts'
import { audit } from '../../platform/audit/audit.ts'
import { badRequest, notFound } from '../../platform/http/errors.ts'
import { readQueryCode } from './progress-code.ts'
import { publicSteps, type ProgressStep } from './progress-rules.ts'

/** What the holder of a query code sees: no party, no officer, no content of any action. */
export type CaseProgress = {
  agencyName: string
  kind: string
  kindName: string
  stage: string | null
  steps: ProgressStep[]
  decided: boolean
  decidedOn: string | null
  closed: boolean
  archived: boolean
  deadlines: { name: string; statute: string; dueOn: string; confirmed: boolean }[]
}

/** P-15: a typed code that is not a query code, with the Chinese message the visitor reads. */
export function queryCodeProblem(typed: string): { code: string; message: string } | null {
  const reading = readQueryCode(typed)
  if (reading.ok) return null
  return reading.problem === 'check'
    ? { code: 'QUERY_CODE_CHECK', message: '查询码校验不符，可能有字符输错，请核对后重新输入' }
    : { code: 'QUERY_CODE_FORMAT', message: '查询码应为13位字母和数字（不含 I、L、O、U），请核对后重新输入' }
}

type Row = {
  id: string
  agencyName: string
  kind: string
  kindName: string
  stage: string | null
  closed: boolean
  archived: boolean
  decidedOn: string | null
  actions: { stage: string; seq: number; on: string }[]
  deadlines: CaseProgress['deadlines']
}

/**
 * P-15: looks a case up by its query code. A malformed code or a wrong check character is
 * refused before any lookup (the rule is public); a well-formed code runs the one query
 * whether it exists or not, and every lookup is logged with the visitor's address, found
 * or not (as certificate lookups are, P-05). The code itself is not logged: it is the key.
 */
export async function lookupProgress(db: Queryable, input: { typed: string; ip: string }): Promise<CaseProgress> {
  const reading = readQueryCode(input.typed)
  if (!reading.ok) {
    const problem = queryCodeProblem(input.typed)!
    throw badRequest(problem.code, problem.message)
  }
  const { rows } = await db.query<Row>(
    `SELECT c.id, a.name AS "agencyName", c.kind, k.name AS "kindName", s.stage, s.closed, s.archived,
            (SELECT to_char(min(l.acted_on), 'YYYY-MM-DD') FROM case_action_live l JOIN publication_source p ON p.case_kind = l.kind AND p.action_type = l.type
              WHERE l.case_id = c.id) AS "decidedOn",
            coalesce((SELECT json_agg(json_build_object('stage', t.stage, 'seq', t.seq, 'on', to_char(l.acted_on, 'YYYY-MM-DD')))
                        FROM case_action_live l JOIN case_action_type t ON t.kind = l.kind AND t.code = l.type WHERE l.case_id = c.id), '[]') AS actions,
            coalesce((SELECT json_agg(json_build_object('name', d.name, 'statute', d.statute, 'dueOn', to_char(d.due_date, 'YYYY-MM-DD'), 'confirmed', d.confirmed)
                                      ORDER BY d.due_date, d.rule_id)
                        FROM case_deadline d WHERE d.case_id = c.id AND d.obligor = 'agency' AND d.met_on IS NULL), '[]') AS deadlines
       FROM enforcement_case c JOIN org_node a ON a.id = c.agency_id JOIN case_kind k ON k.code = c.kind JOIN case_state s ON s.case_id = c.id
      WHERE c.query_code = $1`,
    [reading.code],
  )
  const row = rows[0]
  await audit(db, {
    ip: input.ip,
    action: 'case.progress-lookup',
    entity: 'enforcement_case',
    entityId: row?.id,
    detail: { found: Boolean(row) },
  })
  if (!row) throw notFound('未找到该查询码对应的案件，请核对查询码')
  return {
    agencyName: row.agencyName,
    kind: row.kind,
    kindName: row.kindName,
    stage: row.stage,
    steps: publicSteps(row.actions),
    decided: row.decidedOn !== null,
    decidedOn: row.decidedOn,
    closed: row.closed,
    archived: row.archived,
    deadlines: row.deadlines,
  }
}
