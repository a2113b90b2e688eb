// P-02 / P-03 / P-04: the legal rules of the 行政执法事项清单 as data and small pure functions.
// The database holds the same rules (migrations/0024); these give the same answer before a write.

/** P-02: the item types of the 行政执法事项清单 (s002 §1, s004 task 3). */
export const ITEM_TYPES = ['行政许可', '行政处罚', '行政强制', '行政检查', '行政征收征用', '行政收费', '其他'] as const
export type ItemType = (typeof ITEM_TYPES)[number]

/**
 * P-04: the case kinds whose stage model draws the 执法流程图 of each item type (the same
 * mapping as enforcement_item_type_kind in migrations/0024). 其他 has no chart of its own.
 */
export const CASE_KINDS_OF_TYPE: Record<ItemType, readonly string[]> = {
  行政许可: ['许可'],
  行政处罚: ['处罚-普通', '处罚-简易'],
  行政强制: ['强制-措施', '强制-执行'],
  行政检查: ['检查'],
  行政征收征用: ['征收征用'],
  行政收费: ['收费'],
  其他: [],
}

export const TIME_LIMIT_UNITS = ['工作日', '自然日'] as const
export type TimeLimitUnit = (typeof TIME_LIMIT_UNITS)[number]
export const ITEM_STATUSES = ['在用', '已取消'] as const

/** P-02: 执法依据 at article level: 第…条, optionally followed by 款/项 or 之一 (item_basis_valid in 0024). */
export const ARTICLE = /^第[〇零一二两三四五六七八九十百千0-9]+条/

export type BasisEntry = { law: string; article: string }

/**
 * P-02 "dynamic update when laws change": the name under which a law is compared. 《》 and spaces
 * are ignored and so is the prefix 中华人民共和国, so 《食品安全法》 is the 中华人民共和国食品安全法,
 * but not its 实施条例 (another regulation, with its own name). The SQL of citingItems does the same.
 */
export function lawKey(name: string): string {
  return name.replace(/[《》\s]/g, '').replace(/^中华人民共和国/, '')
}

export const citesLaw = (basis: readonly BasisEntry[], law: string): BasisEntry[] => basis.filter((b) => lawKey(b.law) === lawKey(law))

/** The review events of a version, oldest first (enforcement_item_review). */
export type ReviewEvent = { event: 'submitted' | 'approved' | 'returned' }

/** P-02: a version's state is its latest review event; no event means a draft. */
export type VersionState = 'draft' | 'submitted' | 'returned' | 'approved'
export function versionState(events: readonly ReviewEvent[]): VersionState {
  return events.at(-1)?.event ?? 'draft'
}

export const STATE_LABELS: Record<VersionState, string> = { draft: '草稿', submitted: '待法制审核', returned: '已退回', approved: '审核通过' }

/**
 * P-02: the published version of an item is its newest approved version; it stays until a newer
 * one is approved. Versions: [version, state] in any order.
 */
export function publishedVersion(versions: readonly { version: number; state: VersionState }[]): number | undefined {
  const approved = versions.filter((v) => v.state === 'approved').map((v) => v.version)
  return approved.length ? Math.max(...approved) : undefined
}

/** P-02: a new version may be drafted unless the latest one waits for review (ITEM_UNDER_REVIEW in 0024). */
export const mayDraft = (latest: VersionState | undefined) => latest !== 'submitted'

/** P-03: a 行政许可 item is not approved (nor submitted) without its 服务指南 (ITEM_GUIDE_REQUIRED in 0024). */
export const guideMissing = (v: { type: string; guide: unknown }) => v.type === '行政许可' && !v.guide
