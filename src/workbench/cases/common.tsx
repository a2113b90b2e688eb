import { Alert, Tag } from 'antd'
import { itemsOf, useApi, type ApiError } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import type { CaseDeadline } from './types.ts'

/**
 * A route that is not deployed answers the app's not-found handler ("未找到：GET /api/…"),
 * unlike a missing record of an existing route ("案件不存在").
 */
export const isUnavailable = (error: ApiError | undefined) => error?.status === 404 && error.message.startsWith('未找到')

/** Shown in place of a panel whose API is not there yet, so the rest of the page still works. */
export function Unavailable({ what }: { what: string }) {
  const { t } = useLang()
  return <Alert type="info" showIcon title={t('unavailable', { what })} />
}

export function deadlineLabel(d: CaseDeadline): string {
  return d.label ?? d.title ?? d.rule ?? d.ruleId ?? ''
}

/**
 * the status (overdue / near-due) comes from the server's deadline rules
 * (deadlines.ts, deadlineStatus); the badge only colours it.
 */
export function DeadlineBadge({ deadline, withLabel = true }: { deadline: CaseDeadline | undefined; withLabel?: boolean }) {
  const { t } = useLang()
  if (!deadline) return null
  const color = deadline.status === 'overdue' ? 'red' : deadline.status === 'near-due' ? 'orange' : 'default'
  const state = deadline.status === 'overdue' ? t('overdue') : deadline.status === 'near-due' ? t('nearDue') : t('dueOn')
  return (
    <Tag color={color} data-testid="deadline-badge">
      {state} {withLabel ? `${deadlineLabel(deadline)} ` : ''}
      {formatDate(deadline.due)}
    </Tag>
  )
}

const RANK: Record<string, number> = { overdue: 0, 'near-due': 1 }

/** The most pressing of a case's deadlines: overdue first, then near-due, then the earliest. */
export function nearest(deadlines: readonly CaseDeadline[]): CaseDeadline | undefined {
  return [...deadlines].sort((a, b) => (RANK[a.status] ?? 2) - (RANK[b.status] ?? 2) || a.due.localeCompare(b.due))[0]
}

/** the agency's open deadlines in the user's scope, the nearest per case; empty while the route is absent. */
export function useDeadlinesByCase(): { byCase: Map<string, CaseDeadline>; error: ApiError | undefined } {
  const loaded = useApi<CaseDeadline[] | { items: CaseDeadline[] }>('/api/deadlines?status=open&limit=200')
  const grouped = new Map<string, CaseDeadline[]>()
  for (const d of itemsOf(loaded.data)) if (d.caseId) grouped.set(d.caseId, [...(grouped.get(d.caseId) ?? []), d])
  const byCase = new Map<string, CaseDeadline>()
  for (const [id, list] of grouped) {
    const top = nearest(list)
    if (top) byCase.set(id, top)
  }
  return { byCase, error: loaded.error }
}

/**
 * Legal dates are days in China (UTC+8, src/platform/clock.ts), whatever the device's time
 * zone: the server refuses an action dated after this day.
 */
export const chinaToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
