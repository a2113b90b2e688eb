// Shapes of the cases API as the server answers them (src/domains/cases/routes.ts and
// the routes beside it). The server is the authority on every rule; these are only read.

export type CaseKindOption = { code: string; name: string }

/**
 * the case kinds of migration 0006 (case_kind), for the 新建案件 form. A kind the
 * server does not know is refused there with CASE_KIND.
 */
export const CASE_KINDS: readonly CaseKindOption[] = [
  { code: '处罚-简易', name: '行政处罚（简易程序）' },
  { code: '处罚-普通', name: '行政处罚（普通程序）' },
  { code: '许可', name: '行政许可' },
  { code: '强制-措施', name: '行政强制措施' },
  { code: '强制-执行', name: '行政强制执行' },
  { code: '检查', name: '行政检查' },
  { code: '征收征用', name: '行政征收征用' },
  { code: '收费', name: '行政收费' },
]

export const kindName = (code: string) => CASE_KINDS.find((k) => k.code === code)?.name ?? code

export type CaseSummary = {
  id: string
  agencyId: string
  agencyName: string
  kind: string
  number: string
  partyKind: 'citizen' | 'organisation'
  partyName: string
  summary: string
  major: boolean
  collective: boolean
  createdAt: string
  stage: string | null
  closed: boolean
  archived: boolean
}

export type CaseAction = {
  id: string
  type: string
  actedOn: string
  officers: string[]
  data: Record<string, unknown>
  supersedesId: string | null
  supersededBy: string | null
  notBefore: string | null
  recordedAt: string
}

export type CaseDetail = CaseSummary & { actions: CaseAction[]; nextActions: string[] }

/** One deadline of a case, as the deadline routes answer it (fields they may omit are optional). */
export type CaseDeadline = {
  id?: string
  caseId?: string
  caseNumber?: string
  partyName?: string
  rule?: string
  ruleId?: string
  label?: string
  title?: string
  statute?: string
  article?: string
  startDate?: string
  due: string
  status: 'ok' | 'near-due' | 'overdue' | string
  confirmed?: boolean
  /** the day the agency did what the deadline asked, when it has */
  metOn?: string | null
  obligor?: 'agency' | 'party'
}
