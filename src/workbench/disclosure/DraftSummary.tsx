import { Space, Statistic } from 'antd'
import { query, useApi } from '../api.ts'
import { useLang } from '../i18n.tsx'
import { ErrorAlert } from '../ui.tsx'
import type { DraftItem } from './types.ts'

/** P-08 / P-09: on the disclosure officer's home, how many drafts wait and how many are overdue. */
export function DraftSummary() {
  const { t } = useLang()
  const all = useApi<{ items: DraftItem[] }>('/api/publications')
  const overdue = useApi<{ items: DraftItem[] }>(`/api/publications${query({ due: 'overdue' })}`)
  return (
    <>
      <ErrorAlert error={all.error ?? overdue.error} />
      <Space size={32} wrap>
        <Statistic title={t('pubAll')} value={all.data?.items.length ?? 0} loading={all.loading} />
        <Statistic title={t('overdue')} value={overdue.data?.items.length ?? 0} loading={overdue.loading} styles={{ content: { color: overdue.data?.items.length ? '#cf1322' : undefined } }} />
      </Space>
    </>
  )
}
