import { useEffect } from 'react'
import { Card, Empty, List, Space, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useApi } from '../api.ts'
import { formatDate, formatDateTime, useLang } from '../i18n.tsx'
import { Unavailable, isUnavailable } from './common.tsx'
import { approvalRequestPath } from './paths.ts'

/** a request for the head's approval, as the approval routes answer it. */
export type Approval = {
  id: string
  caseId: string
  caseNumber: string
  caseKind: string
  partyName: string
  type: string
  actedOn: string
  officers: string[]
  data: Record<string, unknown>
  supersedesId: string | null
  reason: string
  requestedBy: { id: string; name: string }
  requestedAt: string
  status: 'pending' | 'approved' | 'rejected'
  decision: { approved: boolean; opinion: string; decidedBy: { id: string; name: string }; decidedAt: string; actionId: string | null } | null
}

export function ApprovalStatusTag({ status }: { status: Approval['status'] }) {
  const { t } = useLang()
  const color = status === 'approved' ? 'green' : status === 'rejected' ? 'red' : 'gold'
  const key = status === 'approved' ? 'approvalApproved' : status === 'rejected' ? 'approvalRejected' : 'approvalPending'
  return <Tag color={color}>{t(key)}</Tag>
}

/** the case's requests for approval and their outcome, on the case page. */
export function CaseApprovals({ caseId, version }: { caseId: string; version: number }) {
  const { t } = useLang()
  const loaded = useApi<{ items: Approval[] }>(approvalRequestPath(caseId))
  const { reload } = loaded
  useEffect(() => reload(), [version, reload])
  if (isUnavailable(loaded.error)) return <Unavailable what={t('navApprovals')} />
  const items = loaded.data?.items ?? []
  return (
    <Card size="small" title={t('caseApprovals')} data-testid="case-approvals">
      {loaded.error && <Typography.Text type="danger">{loaded.error.message}</Typography.Text>}
      {items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(a) => (
            <List.Item>
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text strong>{a.type}</Typography.Text>
                  <ApprovalStatusTag status={a.status} />
                  <Typography.Text type="secondary">{formatDate(a.actedOn)}</Typography.Text>
                </Space>
                <Typography.Text type="secondary">
                  {a.requestedBy.name} · {formatDateTime(a.requestedAt)}
                </Typography.Text>
                {a.decision && (
                  <Typography.Text>
                    {a.decision.decidedBy.name}：{a.decision.opinion || '—'}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        !loaded.loading && <Empty description={t('noApprovals')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  )
}

export function CaseLink({ a }: { a: Pick<Approval, 'caseId' | 'caseNumber'> }) {
  return <Link to={`/cases/${a.caseId}`}>{a.caseNumber}</Link>
}
