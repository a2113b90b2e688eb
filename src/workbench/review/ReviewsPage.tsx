import { useState, type HTMLAttributes } from 'react'
import { Card, Empty, Grid, List, Segmented, Space, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { useMe } from '../session.tsx'
import { ErrorAlert, PageTitle } from '../ui.tsx'
import { kindName } from '../cases/types.ts'
import { ReviewStatusTag } from './parts.tsx'
import { reviewPath, reviewsPath, type QueueItem, type ReviewDetail, type ReviewStatus } from './types.ts'
import { useWorkingYears, workingDaysLeft } from './workingDays.ts'
import { PendingExtensions, ReviewWarnings } from './workflow.tsx'
import { Escalations } from './decision.tsx'

type Queue = 'mine' | 'agency' | 'submitted'

/** L-06: the due date, red when the server says the review is overdue, with the working days left. */
function Due({ item, left }: { item: QueueItem; left: number | null }) {
  const { t } = useLang()
  const open = item.status === '审核中' || item.status === '待分配'
  return (
    <Space size={4} wrap>
      <Typography.Text type={item.overdue ? 'danger' : undefined} strong={item.overdue} data-testid="review-due">
        {formatDate(item.dueOn)}
      </Typography.Text>
      {item.overdue && <Tag color="red">{t('overdue')}</Tag>}
      {open && !item.overdue && left !== null && <Tag color={left <= 1 ? 'orange' : 'default'}>{t('reviewDaysLeft', { n: left })}</Tag>}
      {item.extended && <Tag color="gold">{t('reviewExtended')}</Tag>}
    </Space>
  )
}

/** Who sent the latest round: from the queue line when it names them, else from the review. */
function Submitter({ item }: { item: QueueItem }) {
  const detail = useApi<ReviewDetail>(item.submittedBy === undefined ? reviewPath(item.id) : null)
  const rounds = detail.data?.rounds
  return <>{item.submittedBy ?? rounds?.[rounds.length - 1]?.submittedBy ?? '…'}</>
}

/**
 * L-05 / L-06: the reviewer's queue — the server orders it by due date — with overdue
 * reviews in red and the working days left; 我的 (reviewer) and 本机关 tabs, 我送审的 for
 * the handling unit. Cards on a phone, a table on a desk.
 */
export default function ReviewsPage() {
  const me = useMe()
  const { t } = useLang()
  const phone = !Grid.useBreakpoint().md
  const reviewer = me.roles.includes('reviewer')
  const queues: Queue[] = reviewer ? ['mine', 'agency'] : me.roles.some((r) => r === 'officer' || r === 'head') ? ['agency', 'submitted'] : ['agency']
  const [queue, setQueue] = useState<Queue>(queues[0]!)
  const loaded = useApi<{ items: QueueItem[] }>(reviewsPath(queue))
  const items = loaded.data?.items ?? []
  const { today, years } = useWorkingYears(
    items.map((i) => i.dueOn),
    me.orgId,
  )
  const left = (item: QueueItem) => workingDaysLeft(today, item.dueOn, years)
  const label: Record<Queue, string> = { mine: t('reviewQueueMine'), agency: t('reviewQueueAgency'), submitted: t('reviewQueueSubmitted') }

  return (
    <>
      <PageTitle>{t('navReviews')}</PageTitle>
      {queues.length > 1 && (
        <Segmented aria-label={t('reviewQueue')} value={queue} onChange={(v) => setQueue(v as Queue)} options={queues.map((q) => ({ value: q, label: label[q] }))} style={{ marginBottom: 12 }} />
      )}
      <ErrorAlert error={loaded.error} />
      {me.roles.some((r) => r === 'reviewer' || r === 'head' || r === 'supervisor') && <ReviewWarnings />}
      {me.roles.includes('head') && <Escalations />}
      {me.roles.includes('head') && <PendingExtensions />}
      {phone ? (
        <List<QueueItem>
          loading={loaded.loading}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20, size: 'small' } : false}
          locale={{ emptyText: <Empty description={t('reviewNone')} /> }}
          renderItem={(item) => (
            <List.Item style={{ padding: '6px 0', border: 0 }}>
              <Link to={`/reviews/${item.id}`} style={{ width: '100%' }} aria-label={`${t('reviewOpen')} ${item.caseNumber}`}>
                <Card size="small" hoverable style={{ width: '100%', borderColor: item.overdue ? '#ff4d4f' : undefined }} data-testid="review-card">
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <Typography.Text strong>{item.caseNumber}</Typography.Text>
                      <ReviewStatusTag status={item.status} />
                      <Tag>{t('reviewRoundN', { n: item.round })}</Tag>
                    </Space>
                    <Due item={item} left={left(item)} />
                    <Typography.Text>{item.partyName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {kindName(item.caseKind)} · {t('reviewSubmitter')}：<Submitter item={item} />
                    </Typography.Text>
                  </Space>
                </Card>
              </Link>
            </List.Item>
          )}
        />
      ) : (
        <Table<QueueItem>
          rowKey="id"
          size="small"
          loading={loaded.loading}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('reviewNone') }}
          onRow={(item) => ({ 'data-testid': 'review-row', style: item.overdue ? { background: '#fff1f0' } : undefined }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('reviewDue'), key: 'due', render: (_: unknown, item) => <Due item={item} left={left(item)} /> },
            { title: t('caseNumber'), dataIndex: 'caseNumber', render: (v: string, item) => <Link to={`/reviews/${item.id}`} aria-label={`${t('reviewOpen')} ${v}`}>{v}</Link> },
            { title: t('caseParty'), dataIndex: 'partyName' },
            { title: t('caseKind'), dataIndex: 'caseKind', render: kindName },
            { title: t('reviewSubmitter'), key: 'submitter', render: (_: unknown, item) => <Submitter item={item} /> },
            { title: t('reviewRound'), dataIndex: 'round' },
            { title: t('status'), dataIndex: 'status', render: (v: ReviewStatus) => <ReviewStatusTag status={v} /> },
            { title: t('reviewReviewer'), dataIndex: 'reviewerName', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
    </>
  )
}
