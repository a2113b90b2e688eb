// P-14: the agency head's 行政执法统计年报 — the draft as computed from the cases, 报送 to the
// 司法局 (10 January) and 公开 (31 January), a recount as a new version with its note. A
// supervisor sees the roll-up of the data scope. The server decides every rule.
import { useState } from 'react'
import { Alert, App, Button, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd'
import { api, ApiError, useApi } from '../api.ts'
import { formatDateTime, useLang } from '../i18n.tsx'
import { useSession } from '../session.tsx'
import { ErrorAlert, PageTitle } from '../ui.tsx'

const KIND_NAMES: Record<string, string> = { 许可: '行政许可', 处罚: '行政处罚', 强制: '行政强制', 检查: '行政检查', 征收: '行政征收', 征用: '行政征用', 收费: '行政收费' }
type Totals = Record<string, number>
type Deadline = { due: string; doneOn: string | null; late: boolean; warn: boolean; dueIsWorkingDay: boolean }
type Version = { id: string; version: number; totals: Totals; note: string | null; createdAt: string; submittedOn: string | null; submitLate: boolean | null; publishedOn: string | null; publishLate: boolean | null }
type Report = {
  org: { id: string; name: string; kind: string }
  year: number; rule: string; kinds: string[]; totals: Totals; agencies: number
  children: { id: string; name: string; kind: string; totals: Totals; agencies: number }[]
  status: 'draft' | 'submitted' | 'published'; changedSinceFrozen: boolean
  submit: Deadline; publish: Deadline; versions: Version[]; bureauId: string | null
}

function DeadlineTag({ d }: { d: Deadline }) {
  const { t } = useLang()
  const color = d.doneOn ? (d.late ? 'orange' : 'green') : d.late ? 'red' : d.warn ? 'gold' : 'default'
  const text = d.doneOn ? `${d.doneOn}${d.late ? t('arLate') : t('arOnTime')}` : d.late ? t('arOverdue') : t('arDue', { due: d.due })
  return (
    <Space wrap>
      <Tag color={color} data-testid="ar-deadline">{text}</Tag>
      {!d.doneOn && !d.dueIsWorkingDay && <Typography.Text type="secondary">{t('arDueRestDay', { due: d.due })}</Typography.Text>}
    </Space>
  )
}

export default function AnnualReportPage() {
  const { t } = useLang()
  const { me } = useSession()
  const { message } = App.useApp()
  const thisYear = new Date().getFullYear()
  const [year, setYear] = useState(thisYear - 1)
  const head = me?.roles.includes('head') ?? false
  const orgId = head ? me?.orgId : me?.scopeOrgId
  const loaded = useApi<Report>(orgId ? `/api/annual-reports/${orgId}/${year}` : null)
  const [error, setError] = useState<ApiError | undefined>()
  const [noteOpen, setNoteOpen] = useState(false)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const r = loaded.data
  const latest = r?.versions.at(-1)

  const run = async (path: 'submit' | 'publish', body?: object) => {
    setBusy(true)
    setError(undefined)
    try {
      await api('POST', `/api/annual-reports/${orgId}/${year}/${path}`, body)
      message.success(t('done'))
      setNoteOpen(false)
      setNote('')
      loaded.reload()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)))
    } finally {
      setBusy(false)
    }
  }
  const canSubmit = head && r?.org.kind === 'agency' && year < thisYear && (!latest || r.changedSinceFrozen)
  const canPublish = head && r?.org.kind === 'agency' && latest !== undefined && !latest.publishedOn
  const rows = (r?.kinds ?? []).map((k) => ({ key: k, name: KIND_NAMES[k] ?? k, now: r?.totals[k], frozen: latest?.totals[k] }))

  return (
    <>
      <PageTitle
        extra={
          <Select value={year} onChange={setYear} style={{ width: 120 }} aria-label={t('arYear')}
            options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}${t('arYearSuffix')}` }))} />
        }
      >
        {t('navAnnualReports')}
      </PageTitle>
      <ErrorAlert error={error ?? loaded.error} />
      {r && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('arOrg')}>{r.org.name}</Descriptions.Item>
            <Descriptions.Item label={t('arStatus')}>
              <Tag color={r.status === 'published' ? 'green' : r.status === 'submitted' ? 'blue' : 'default'} data-testid="ar-status">{t(`arStatus_${r.status}`)}</Tag>
              {latest && <Typography.Text type="secondary">{t('arVersion', { n: latest.version })}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('arSubmitDue')}><DeadlineTag d={r.submit} /></Descriptions.Item>
            <Descriptions.Item label={t('arPublishDue')}><DeadlineTag d={r.publish} /></Descriptions.Item>
          </Descriptions>
          {r.changedSinceFrozen && <Alert type="warning" showIcon title={t('arChanged')} />}
          <Table
            size="small" pagination={false} rowKey="key" dataSource={rows}
            columns={[
              { title: t('arKind'), dataIndex: 'name' },
              { title: t('arComputed'), dataIndex: 'now', align: 'right' },
              ...(latest ? [{ title: t('arFrozen', { n: latest.version }), dataIndex: 'frozen', align: 'right' as const }] : []),
            ]}
          />
          <Typography.Paragraph type="secondary">{r.rule}</Typography.Paragraph>
          {head && r.org.kind === 'agency' && (
            <Space wrap>
              <Button type="primary" disabled={!canSubmit} loading={busy} onClick={() => (latest ? setNoteOpen(true) : run('submit', {}))}>{t('arSubmit')}</Button>
              <Button disabled={!canPublish} loading={busy} onClick={() => run('publish')}>{t('arPublish')}</Button>
            </Space>
          )}
          {r.children.length > 0 && (
            <Table
              size="small" rowKey="id" pagination={false} dataSource={r.children} title={() => t('arChildren')}
              columns={[{ title: t('arOrg'), dataIndex: 'name' }, ...r.kinds.map((k) => ({ title: KIND_NAMES[k] ?? k, key: k, align: 'right' as const, render: (_: unknown, c: { totals: Totals }) => c.totals[k] ?? '—' }))]}
            />
          )}
          {r.versions.length > 0 && (
            <Table
              size="small" rowKey="id" pagination={false} dataSource={r.versions} title={() => t('arVersions')}
              columns={[
                { title: '#', dataIndex: 'version' },
                { title: t('arSubmitted'), dataIndex: 'submittedOn' },
                { title: t('arPublished'), dataIndex: 'publishedOn', render: (v: string | null) => v ?? '—' },
                { title: t('arNote'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
                { title: t('arCreated'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              ]}
            />
          )}
        </Space>
      )}
      <Modal open={noteOpen} title={t('arCorrection')} okText={t('arSubmit')} cancelText={t('cancel')} okButtonProps={{ disabled: !note.trim(), loading: busy }}
        onOk={() => run('submit', { note })} onCancel={() => setNoteOpen(false)} destroyOnHidden>
        <Form layout="vertical">
          <Form.Item label={t('arNote')} required extra={t('arCorrectionHint')}>
            <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
