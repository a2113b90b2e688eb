import { useEffect } from 'react'
import { Card, Empty, List, Space, Tag, Typography } from 'antd'
import { itemsOf, useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { DeadlineBadge, Unavailable, deadlineLabel, isUnavailable } from './common.tsx'
import { caseDeadlinesPath } from './paths.ts'
import type { CaseDeadline } from './types.ts'

/** the statutory deadlines running in one case, as the server computes them. */
export function DeadlinePanel({ caseId, version }: { caseId: string; version: number }) {
  const { t } = useLang()
  const loaded = useApi<CaseDeadline[] | { items: CaseDeadline[] }>(caseDeadlinesPath(caseId))
  const { reload } = loaded
  useEffect(() => reload(), [version, reload])
  const items = itemsOf(loaded.data)
  return (
    <Card size="small" title={t('deadlinePanel')} data-testid="deadline-panel">
      {isUnavailable(loaded.error) ? (
        <Unavailable what={t('deadlinePanel')} />
      ) : loaded.error ? (
        <Typography.Text type="danger">{loaded.error.message}</Typography.Text>
      ) : items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(d) => (
            <List.Item>
              <Space orientation="vertical" size={0}>
                <Typography.Text>{deadlineLabel(d)}</Typography.Text>
                {(d.statute ?? d.article) && <Typography.Text type="secondary">{d.statute ?? d.article}</Typography.Text>}
              </Space>
              <Space orientation="vertical" size={0} style={{ textAlign: 'end' }}>
                {d.metOn ? <Tag color="green">{t('deadlineMet', { date: formatDate(d.metOn) })}</Tag> : <DeadlineBadge deadline={d} withLabel={false} />}
                {d.startDate && <Typography.Text type="secondary">{t('deadlineFrom', { date: formatDate(d.startDate) })}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t('noDeadlines')} />
      )}
    </Card>
  )
}
