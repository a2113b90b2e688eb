import type { Queryable } from '../../platform/db/pool.ts'

/** one action type of a case kind, as migration 0006 stores it in case_action_type. */
export type ActionTypeModel = {
  code: string
  seq: number
  stage: string
  requiresAll: string[]
  requiresAny: string[]
  requiresConditional: string[]
  excludes: string[]
  requiredWhen: 'major' | 'collective' | null
  requiredAfter: string | null
  repeatable: boolean
  onSite: boolean
  endsCase: boolean
  afterEnd: boolean
  opensStatementPeriod: boolean
  waitsForStatement: boolean
  waivesStatement: boolean
  withinStatementPeriod: boolean
  simplePenalty: boolean
  requiredData: string[]
  statute: string | null
}

export type CaseKindModel = { code: string; name: string; statute: string; actions: ActionTypeModel[] }

/**
 * the stage model of every case kind, read from the database, where the insert
 * trigger of case_action enforces it. The portal's flowchart is drawn from this.
 */
export async function loadCaseModel(db: Queryable): Promise<CaseKindModel[]> {
  const kinds = await db.query<{ code: string; name: string; statute: string }>(`SELECT code, name, statute FROM case_kind ORDER BY sort`)
  const types = await db.query<ActionTypeModel & { kind: string }>(
    `SELECT kind, code, seq, stage, requires_all AS "requiresAll", requires_any AS "requiresAny",
            requires_conditional AS "requiresConditional", excludes, required_when AS "requiredWhen", required_after AS "requiredAfter", repeatable,
            on_site AS "onSite", ends_case AS "endsCase", after_end AS "afterEnd",
            opens_statement_period AS "opensStatementPeriod", waits_for_statement AS "waitsForStatement",
            waives_statement AS "waivesStatement", within_statement_period AS "withinStatementPeriod", simple_penalty AS "simplePenalty", required_data AS "requiredData", statute
       FROM case_action_type ORDER BY kind, seq`,
  )
  return kinds.rows.map((k) => ({
    ...k,
    actions: types.rows.filter((t) => t.kind === k.code).map(({ kind: _kind, ...t }) => t),
  }))
}

export async function loadActionType(db: Queryable, kind: string, code: string): Promise<ActionTypeModel | undefined> {
  const model = await loadCaseModel(db)
  return model.find((k) => k.code === kind)?.actions.find((a) => a.code === code)
}
