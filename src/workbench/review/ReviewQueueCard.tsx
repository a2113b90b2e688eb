import { Card, List, Space, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { ReviewStatusTag } from './parts.tsx'
import { reviewsPath, type QueueItem } from './types.ts'

/** L-06: the first open reviews of a queue on a home, earliest due first, overdue in red. */
export function ReviewQueueCard({ queue }: { queue: 'mine' | 'agency' }) {
  const { t } = useLang()
  const loaded = useApi<{ items: QueueItem[] }>(reviewsPath(queue))
  if (loaded.error?.status === 403 || loaded.error?.status === 404) return null
  const open = (loaded.data?.items ?? []).filter((i) => i.status === '审核中' || i.status === '待分配')
  return (
    <Card title={t('navReviews')} size="small" extra={<Link to="/reviews">{t('reviewQueue')}</Link>}>
      {loaded.error && <Typography.Text type="danger">{loaded.error.message}</Typography.Text>}
      <List
        size="small"
        loading={loaded.loading}
        dataSource={open.slice(0, 5)}
        locale={{ emptyText: t('reviewNone') }}
        renderItem={(i) => (
          <List.Item>
            <Space wrap size={4}>
              <Link to={`/reviews/${i.id}`}>{i.caseNumber}</Link>
              <Typography.Text>{i.partyName}</Typography.Text>
              <ReviewStatusTag status={i.status} />
            </Space>
            <Typography.Text type={i.overdue ? 'danger' : 'secondary'}>{formatDate(i.dueOn)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  )
}
