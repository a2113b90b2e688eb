import { useState } from 'react'
import { Alert, Button, Card, Empty, Grid, Input, List, Modal, Segmented, Space, Table, Typography } from 'antd'
import { api, ApiError, useApi } from '../api.ts'
import { formatDate, formatDateTime, useLang } from '../i18n.tsx'
import { ErrorAlert, PageTitle } from '../ui.tsx'
import { Unavailable, isUnavailable } from './common.tsx'
import { ApprovalStatusTag, CaseLink, type Approval } from './approvals.tsx'
import { kindName } from './types.ts'

/**
 * the head's queue — requests oldest first (the server orders them) — and the
 * decision with an opinion; an approval records the action on the server.
 */
export default function ApprovalsPage() {
  const { t } = useLang()
  const phone = !Grid.useBreakpoint().md
  const [status, setStatus] = useState<'pending' | 'decided'>('pending')
  const loaded = useApi<{ items: Approval[] }>(`/api/approvals?status=${status}`)
  const [deciding, setDeciding] = useState<{ approval: Approval; approve: boolean }>()
  const items = loaded.data?.items ?? []

  const decide = (approval: Approval, approve: boolean) => setDeciding({ approval, approve })
  const buttons = (a: Approval) =>
    a.status === 'pending' && (
      <Space wrap>
        <Button type="primary" size={phone ? 'large' : 'middle'} onClick={() => decide(a, true)} aria-label={`${t('approve')} ${a.caseNumber} ${a.type}`}>
          {t('approve')}
        </Button>
        <Button danger size={phone ? 'large' : 'middle'} onClick={() => decide(a, false)} aria-label={`${t('reject')} ${a.caseNumber} ${a.type}`}>
          {t('reject')}
        </Button>
      </Space>
    )

  return (
    <>
      <PageTitle>{t('approvalQueue')}</PageTitle>
      <Segmented
        aria-label={t('status')}
        value={status}
        onChange={(v) => setStatus(v as 'pending' | 'decided')}
        options={[
          { value: 'pending', label: t('approvalPending') },
          { value: 'decided', label: t('approvalDecided') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {isUnavailable(loaded.error) ? <Unavailable what={t('approvalQueue')} /> : <ErrorAlert error={loaded.error} />}
      {phone ? (
        <List<Approval>
          loading={loaded.loading}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('noApprovals')} /> }}
          renderItem={(a) => (
            <List.Item style={{ padding: '6px 0', border: 0 }}>
              <Card size="small" style={{ width: '100%' }} data-testid="approval-card">
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    <CaseLink a={a} />
                    <Typography.Text strong>{a.type}</Typography.Text>
                    <ApprovalStatusTag status={a.status} />
                  </Space>
                  <Typography.Text>{a.partyName}</Typography.Text>
                  <Typography.Text type="secondary">
                    {a.requestedBy.name} · {formatDateTime(a.requestedAt)}
                  </Typography.Text>
                  <Typography.Text>{a.reason}</Typography.Text>
                  {a.decision && <Typography.Text type="secondary">{a.decision.opinion}</Typography.Text>}
                  {buttons(a)}
                </Space>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table<Approval>
          rowKey="id"
          size="small"
          loading={loaded.loading}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('noApprovals') }}
          columns={[
            { title: t('caseNumber'), key: 'case', render: (_: unknown, a) => <CaseLink a={a} /> },
            { title: t('caseKind'), dataIndex: 'caseKind', render: kindName },
            { title: t('caseParty'), dataIndex: 'partyName' },
            { title: t('approvalType'), dataIndex: 'type' },
            { title: t('actedOn'), dataIndex: 'actedOn', render: formatDate },
            { title: t('approvalReason'), dataIndex: 'reason' },
            { title: t('approvalSubmitter'), key: 'by', render: (_: unknown, a) => a.requestedBy.name },
            { title: t('approvalRequestedAt'), dataIndex: 'requestedAt', render: formatDateTime },
            { title: t('status'), dataIndex: 'status', render: (s: Approval['status']) => <ApprovalStatusTag status={s} /> },
            ...(status === 'decided' ? [{ title: t('approvalOpinion'), key: 'opinion', render: (_: unknown, a: Approval) => a.decision?.opinion }] : []),
            { title: t('actions'), key: 'actions', render: (_: unknown, a) => buttons(a) },
          ]}
        />
      )}
      {deciding && <DecisionDialog {...deciding} onClose={() => setDeciding(undefined)} onDone={loaded.reload} />}
    </>
  )
}

function DecisionDialog({ approval, approve, onClose, onDone }: { approval: Approval; approve: boolean; onClose(): void; onDone(): void }) {
  const { t } = useLang()
  const [opinion, setOpinion] = useState(approve ? t('approveDefaultOpinion') : '')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  return (
    <Modal
      open
      title={t(approve ? 'approveTitle' : 'rejectTitle', { type: approval.type, number: approval.caseNumber })}
      okText={t(approve ? 'approve' : 'reject')}
      okButtonProps={{ danger: !approve, size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true)
        setError(undefined)
        try {
          await api('POST', `/api/approvals/${approval.id}/decision`, { approve, opinion: opinion.trim() })
          onDone()
          onClose()
        } catch (e) {
          setError(e instanceof ApiError ? e.message : String(e))
        } finally {
          setBusy(false)
        }
      }}
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">
        {approval.partyName} · {approval.requestedBy.name} · {approval.reason}
      </Typography.Paragraph>
      <label htmlFor="approval-opinion" style={{ display: 'block', marginBottom: 4 }}>
        {t('approvalOpinion')}
        {!approve && ` (${t('required')})`}
      </label>
      <Input.TextArea id="approval-opinion" rows={3} maxLength={2000} value={opinion} onChange={(e) => setOpinion(e.target.value)} />
    </Modal>
  )
}
