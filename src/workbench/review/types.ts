// Shapes of the legal-review API as the server answers them (src/domains/review/routes.ts).
// The server decides every rule of a review (L-03 … L-06); these are only read.
import { ApiError, writeHeaders } from '../api.ts'

export type ReviewStatus = '待分配' | '审核中' | '已退回' | '已通过' | '不同意'

/** One line of a queue (GET /api/reviews?queue=…), ordered by due date by the server. */
export type QueueItem = {
  id: string
  caseId: string
  caseNumber: string
  caseKind: string
  partyName: string
  round: number
  status: ReviewStatus
  receivedAt: string
  dueOn: string
  overdue: boolean
  extended: boolean
  reviewerName: string | null
  /** who sent the latest round, when the queue route names them */
  submittedBy?: string
}

export type FindingValue = '符合' | '不符合' | '不适用'
export type Finding = { point: string; finding: FindingValue; note?: string }
export type Opinion = { kind: string; reasons: string; findings: Finding[]; by: string; at: string }
export type Proposal = { decision?: string; penalties?: string[]; fineAmount?: number; basis?: string; facts?: string; reason?: string }
export type Round = { n: number; submittedAt: string; submittedBy: string; answer: string | null; proposal: Proposal; dueOn: string; opinion: Opinion | null }
export type PackageItem = { key: string; title: string; present: boolean; refs: { kind: string; id: string; title: string }[] }
/** D-02 / D-05 findings of the package (discretion recommendation, OUT_OF_RANGE, missing evidence …). */
export type PackageFinding = { code?: string; severity?: string; message?: string }

export type ReviewDetail = {
  id: string
  caseId: string
  caseNumber: string
  status: ReviewStatus
  needRules: { id: string; code: string; title: string }[]
  package: { items: PackageItem[]; missing: string[]; findings: unknown[] }
  checklist: { point: string; title: string }[]
  rounds: Round[]
  extension: unknown
  responsibility: {
    handler: string | null
    reviewer: string | null
    head: string | null
    againstOpinion: boolean
    againstProposal?: boolean
    againstReviewOpinion?: boolean
    note: string
  }
  // present once the review workflow routes answer them (assignment, L-07 coordination, L-08 decision, L-09 referral)
  assignee?: string | null
  coordination?: { round: number; unitOpinion: string; participants: string[]; outcome: string; resolved: boolean; by: string; at: string }[]
  referral?: { bureauId: string; bureauName: string; reason: string; by: string; at: string } | null
  decision?: { outcome: string; decision: string; againstProposal: boolean; againstOpinion: boolean; reason: string; by: string; at: string } | null
}

export const FINDINGS: readonly FindingValue[] = ['符合', '不符合', '不适用']

/**
 * L-05: the opinion kinds of migration 0015 (review_opinion_kind) as the form offers them.
 * Whether a kind needs reasons is the server's rule; the form only marks the field.
 */
export const OPINION_KINDS: readonly { code: string; passes: boolean }[] = [
  { code: '同意', passes: true },
  { code: '暂不同意', passes: false },
  { code: '不同意', passes: false },
]

export const STATUS_COLOR: Record<ReviewStatus, string> = { 待分配: 'default', 审核中: 'processing', 已退回: 'orange', 已通过: 'green', 不同意: 'red' }

export const reviewsPath = (queue: 'mine' | 'agency' | 'submitted') => `/api/reviews?queue=${queue}`
export const reviewPath = (id: string) => `/api/reviews/${id}`
export const submitPath = (caseId: string) => `/api/cases/${caseId}/reviews`
export const resubmitPath = (id: string) => `/api/reviews/${id}/rounds`
export const opinionPath = (id: string, n: number) => `/api/reviews/${id}/rounds/${n}/opinion`

/** A refusal with the server's details, e.g. PACKAGE_INCOMPLETE {missing: ['法律依据']}. */
export class Refusal extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly details: { missing?: string[] } & Record<string, unknown>,
  ) {
    super(status, code, message)
  }
}

/** POST a review write; a refusal keeps the server's Chinese message and its details. */
export async function postReview<T>(path: string, body: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...writeHeaders() },
      body: JSON.stringify(body),
    })
  } catch {
    throw new Refusal(0, 'NETWORK', '无法连接服务器，请检查网络', {})
  }
  const data: any = await res.json().catch(() => null)
  if (!res.ok) throw new Refusal(res.status, data?.code ?? `HTTP_${res.status}`, data?.message ?? `请求失败（HTTP ${res.status}）`, data?.details ?? {})
  return data as T
}

export const asRefusal = (e: unknown): Refusal => (e instanceof Refusal ? e : new Refusal(0, 'CLIENT', e instanceof Error ? e.message : String(e), {}))
