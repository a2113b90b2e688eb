// P-15: what the portal's 办理进度查询 may show of a case to whoever holds its query code.

/**
 * Stages whose dates stay inside the agency: they are the agency's own deliberation
 * (核查 before a case is opened, 案件审核, 法制审核, 集体讨论, the head's 审批 of a
 * measure, 审核 of a 征收征用 plan). The stage reached is shown whatever it is (the
 * procedure is public, P-04); these dates and every action's content are not.
 */
export const INTERNAL_STAGES: ReadonlySet<string> = new Set(['核查', '案件审核', '法制审核', '集体讨论', '审批', '审核'])

export type ProgressStep = { stage: string; on: string }

/**
 * P-15: the public steps of a case, one per stage with the date it was first reached, in
 * the order of the model; internal stages are left out.
 */
export function publicSteps(actions: readonly { stage: string; seq: number; on: string }[]): ProgressStep[] {
  const first = new Map<string, { seq: number; on: string }>()
  for (const a of actions) {
    if (INTERNAL_STAGES.has(a.stage)) continue
    const seen = first.get(a.stage)
    first.set(a.stage, seen ? { seq: Math.min(seen.seq, a.seq), on: a.on < seen.on ? a.on : seen.on } : { seq: a.seq, on: a.on })
  }
  return [...first.entries()]
    .sort(([, a], [, b]) => a.seq - b.seq || a.on.localeCompare(b.on))
    .map(([stage, { on }]) => ({ stage, on }))
}
