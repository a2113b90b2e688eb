// S-04: the justice-bureau supervisor's queue of 投诉举报 in the data scope (F-05): new
// complaints with their age in working days (F-04, from the server), the complaint with its
// author's data, and 转办 to an agency or 不予受理 with a reason, each an appended action.
import { useState } from 'react'
import { App, Button, Descriptions, Drawer, Form, Modal, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd'
import { api, ApiError, query, useApi } from '../api.ts'
import { formatDate, formatDateTime, useLang } from '../i18n.tsx'
import { ErrorAlert, OrgPicker, PageTitle, useOrgs, useReasonDialog } from '../ui.tsx'

type Status = '收到' | '转办' | '受理' | '不予受理' | '办结'
export type Complaint = {
  id: string; receiptNo: string; agencyId: string; agencyName: string; kind: string; content: string
  certNo: string | null; caseRef: string | null; caseId: string | null; caseNumber: string | null
  anonymous: boolean; complainantName: string | null; phone: string | null; email: string | null
  receivedAt: string; receivedOn: string; status: Status; statusAt: string; holderId: string; holderName: string; ageWorkingDays: number
}
type ComplaintAction = { id: string; type: Status; toAgencyName: string | null; reason: string | null; result: string | null; actedByName: string | null; actedAt: string }
type Filter = 'new' | 'open' | 'all'

const STATUS_COLOR: Record<Status, string> = { 收到: 'red', 转办: 'blue', 受理: 'gold', 不予受理: 'default', 办结: 'green' }
/** S-04: a complaint untouched for more than this many working days is shown as late. */
const LATE_AFTER_WORKING_DAYS = 5

function Age({ c }: { c: Complaint }) {
  const { t } = useLang()
  const late = c.status === '收到' && c.ageWorkingDays > LATE_AFTER_WORKING_DAYS
  return (
    <Typography.Text type={late ? 'danger' : undefined} strong={late} data-testid="complaint-age">
      {t('complaintAgeDays', { n: c.ageWorkingDays })}
    </Typography.Text>
  )
}

function ForwardDialog({ complaint, onClose }: { complaint: Complaint | undefined; onClose(done: boolean): void }) {
  const { t } = useLang()
  const { message } = App.useApp()
  const orgs = useOrgs()
  const [to, setTo] = useState<string | undefined>()
  const [error, setError] = useState<ApiError | undefined>()
  const [busy, setBusy] = useState(false)
  const agencies = orgs.tree
  const target = to ?? complaint?.agencyId
  const submit = async () => {
    if (!complaint || !target) return
    setBusy(true)
    setError(undefined)
    try {
      await api('POST', `/api/complaints/${complaint.id}/actions`, { type: '转办', toAgencyId: target })
      message.success(t('done'))
      onClose(true)
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={Boolean(complaint)}
      title={t('complaintForward')}
      okText={t('complaintForward')}
      cancelText={t('cancel')}
      okButtonProps={{ disabled: !target, loading: busy }}
      onOk={submit}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form layout="vertical">
        <Form.Item label={t('complaintForwardTo')} required>
          <OrgPicker tree={agencies} value={target} onChange={setTo} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function ComplaintDrawer({ id, onClose }: { id: string | undefined; onClose(): void }) {
  const { t } = useLang()
  const loaded = useApi<{ complaint: Complaint; actions: ComplaintAction[] }>(id ? `/api/complaints/${id}` : null)
  const c = loaded.data?.complaint
  return (
    <Drawer open={Boolean(id)} onClose={onClose} title={c?.receiptNo ?? t('complaints')} size="large" destroyOnHidden>
      <ErrorAlert error={loaded.error} />
      {c && (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('complaintKind')}>{c.kind}</Descriptions.Item>
            <Descriptions.Item label={t('complaintAgency')}>{c.agencyName}</Descriptions.Item>
            <Descriptions.Item label={t('complaintReceived')}>{formatDateTime(c.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('complaintContent')}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.content}</Typography.Paragraph></Descriptions.Item>
            {c.certNo && <Descriptions.Item label={t('complaintCertNo')}>{c.certNo}</Descriptions.Item>}
            {c.caseRef && <Descriptions.Item label={t('complaintCase')}>{c.caseNumber ? <a href={`/app/cases/${c.caseId}`}>{c.caseNumber}</a> : c.caseRef}</Descriptions.Item>}
            <Descriptions.Item label={t('complaintAuthor')}>
              {c.anonymous ? <Tag>{t('complaintAnonymous')}</Tag> : <Space orientation="vertical" size={0}><span>{c.complainantName}</span><span>{c.phone}</span>{c.email && <span>{c.email}</span>}</Space>}
            </Descriptions.Item>
          </Descriptions>
          <Timeline
            items={(loaded.data?.actions ?? []).map((a) => ({
              key: a.id,
              color: STATUS_COLOR[a.type],
              children: (
                <div>
                  <strong>{a.type}</strong> {formatDateTime(a.actedAt)} {a.actedByName ?? ''}
                  {a.toAgencyName && <div>{t('complaintForwardTo')}：{a.toAgencyName}</div>}
                  {a.reason && <div>{t('reason')}：{a.reason}</div>}
                  {a.result && <div>{a.result}</div>}
                </div>
              ),
            }))}
          />
        </Space>
      )}
    </Drawer>
  )
}

export default function ComplaintsPage() {
  const { t } = useLang()
  const [filter, setFilter] = useState<Filter>('new')
  const list = useApi<{ items: Complaint[]; total: number }>(`/api/complaints${query({ status: filter, limit: 200 })}`)
  const [open, setOpen] = useState<string | undefined>()
  const [forward, setForward] = useState<Complaint | undefined>()
  const askReason = useReasonDialog()
  const canAct = (c: Complaint) => c.status === '收到' || c.status === '转办'
  return (
    <div>
      <PageTitle>{t('complaints')}</PageTitle>
      <Tabs
        activeKey={filter}
        onChange={(key) => setFilter(key as Filter)}
        items={[
          { key: 'new', label: t('complaintsNew') },
          { key: 'open', label: t('complaintsOpen') },
          { key: 'all', label: t('complaintsAll') },
        ]}
      />
      <ErrorAlert error={list.error} />
      <Table<Complaint>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={false}
        locale={{ emptyText: t('complaintsNone') }}
        columns={[
          { title: t('complaintReceipt'), dataIndex: 'receiptNo', render: (v: string, c) => <a onClick={() => setOpen(c.id)} data-testid="complaint-open">{v}</a> },
          { title: t('complaintKind'), dataIndex: 'kind' },
          { title: t('complaintAgency'), dataIndex: 'agencyName' },
          { title: t('complaintReceived'), dataIndex: 'receivedOn', render: (v: string) => formatDate(v) },
          { title: t('complaintAge'), key: 'age', render: (_, c) => <Age c={c} /> },
          { title: t('complaintStatus'), dataIndex: 'status', render: (s: Status, c) => <Tag color={STATUS_COLOR[s]}>{s}{s === '转办' ? `：${c.holderName}` : ''}</Tag> },
          {
            title: t('actions'),
            key: 'act',
            render: (_, c) =>
              canAct(c) && (
                <Space wrap>
                  <Button size="small" onClick={() => setForward(c)} data-testid="complaint-forward">{t('complaintForward')}</Button>
                  <Button
                    size="small"
                    danger
                    data-testid="complaint-refuse"
                    onClick={() => askReason(t('complaintRefuse'), (reason) => api('POST', `/api/complaints/${c.id}/actions`, { type: '不予受理', reason }), list.reload)}
                  >
                    {t('complaintRefuse')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <ComplaintDrawer id={open} onClose={() => setOpen(undefined)} />
      <ForwardDialog complaint={forward} onClose={(done) => { setForward(undefined); if (done) list.reload() }} />
    </div>
  )
}
