import { useState, type HTMLAttributes, type ReactNode } from 'react'
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Empty, Form, Grid, Input, List, Select, Space, Table, Tabs, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { api, ApiError, query, useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { useMe } from '../session.tsx'
import { ErrorAlert, PageTitle } from '../ui.tsx'
import { MASK_KIND_LABEL, NON_PUBLICATION_GROUNDS, segments, WITHDRAWAL_TRIGGERS, type DraftItem, type MaskSpan, type Preview } from './types.ts'

type Due = 'all' | 'overdue' | 'soon'

/** P-08 / P-09: the due date, red when the server says the draft is overdue, orange when it warns. */
function DueOn({ item }: { item: DraftItem }) {
  const { t } = useLang()
  return (
    <Space size={4} wrap>
      <Typography.Text type={item.overdue ? 'danger' : undefined} strong={item.overdue} data-testid="publication-due">
        {formatDate(item.dueOn)}
      </Typography.Text>
      {item.overdue && <Tag color="red">{t('overdue')}</Tag>}
      {item.warn && <Tag color="orange">{t('pubDueSoon')}</Tag>}
    </Space>
  )
}

function Priority({ on }: { on: boolean }) {
  const { t } = useLang()
  return on ? <Tag color="volcano" data-testid="publication-priority">{t('pubPriority')}</Tag> : null
}

const kindLabel = (kind: string) => MASK_KIND_LABEL[kind] ?? kind

/** P-10: the masked text with every masked span marked; the kind and rule are the mark's tooltip. */
export function MaskedText({ text, spans }: { text: string; spans: readonly MaskSpan[] }) {
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="masked-text">
      {segments(text, spans).map((s, i) =>
        s.span ? (
          <mark key={i} title={`${kindLabel(s.span.kind)}（${s.span.rule}）`} data-kind={s.span.kind} style={{ background: '#ffe58f', padding: '0 2px' }}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </Typography.Paragraph>
  )
}

function Legend({ spans }: { spans: readonly MaskSpan[] }) {
  const { t } = useLang()
  const counts = new Map<string, number>()
  for (const s of spans) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1)
  if (!counts.size) return <Typography.Text type="secondary">{t('pubNoMasks')}</Typography.Text>
  return (
    <Space wrap size={4} aria-label={t('pubMaskLegend')}>
      <Typography.Text type="secondary">{t('pubMaskLegend')}：</Typography.Text>
      {[...counts].map(([kind, n]) => (
        <Tag key={kind} color="gold">
          {kindLabel(kind)} × {n}
        </Tag>
      ))}
    </Space>
  )
}

/** A form's write: the server's Chinese refusal stays in the form as it is. */
function useWrite(onDone: () => void) {
  const [error, setError] = useState<ApiError | undefined>()
  const [busy, setBusy] = useState(false)
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true)
    setError(undefined)
    try {
      await action()
      onDone()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)))
    } finally {
      setBusy(false)
    }
  }
  return { error, busy, run }
}

function PublishAction({ preview, onDone }: { preview: Preview; onDone: () => void }) {
  const { t } = useLang()
  const write = useWrite(onDone)
  return (
    <>
      <ErrorAlert error={write.error} />
      <Button type="primary" loading={write.busy} onClick={() => write.run(() => api('POST', `/api/publications/${preview.id}/publish`, {}))}>
        {t('pubPublish')}
      </Button>
    </>
  )
}

function CorrectForm({ preview, onDone }: { preview: Preview; onDone: () => void }) {
  const { t } = useLang()
  const write = useWrite(onDone)
  const latest = preview.versions[preview.versions.length - 1] as { body?: string } | undefined
  return (
    <Form layout="vertical" initialValues={{ text: latest?.body ?? preview.body }} onFinish={(v: { text: string; note: string }) => write.run(() => api('POST', `/api/publications/${preview.id}/correct`, v))}>
      <ErrorAlert error={write.error} />
      <Form.Item name="text" label={t('pubCorrectText')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={6} maxLength={50000} />
      </Form.Item>
      <Form.Item name="note" label={t('pubCorrectNote')} rules={[{ required: true, message: t('required') }]}>
        <Input maxLength={2000} />
      </Form.Item>
      <Button htmlType="submit" loading={write.busy}>
        {t('pubCorrect')}
      </Button>
    </Form>
  )
}

function WithdrawForm({ preview, onDone }: { preview: Preview; onDone: () => void }) {
  const { t } = useLang()
  const write = useWrite(onDone)
  const submit = (v: { trigger: string; triggerDate: Dayjs; reason: string }) =>
    write.run(() => api('POST', `/api/publications/${preview.id}/withdraw`, { trigger: v.trigger, triggerDate: v.triggerDate.format('YYYY-MM-DD'), reason: v.reason }))
  return (
    <Form layout="vertical" onFinish={submit}>
      <ErrorAlert error={write.error} />
      <Form.Item name="trigger" label={t('pubWithdrawTrigger')} rules={[{ required: true, message: t('required') }]}>
        <Select options={WITHDRAWAL_TRIGGERS.map((v) => ({ value: v, label: v }))} />
      </Form.Item>
      <Form.Item name="triggerDate" label={t('pubWithdrawDate')} rules={[{ required: true, message: t('required') }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="reason" label={t('pubWithdrawReason')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Button danger htmlType="submit" loading={write.busy}>
        {t('pubWithdraw')}
      </Button>
    </Form>
  )
}

function NonPublicationForm({ preview, onDone }: { preview: Preview; onDone: () => void }) {
  const { t } = useLang()
  const write = useWrite(onDone)
  return (
    <Form layout="vertical" onFinish={(v: { ground: string; basis: string; approverId: string }) => write.run(() => api('POST', `/api/publications/${preview.id}/non-publication`, v))}>
      <ErrorAlert error={write.error} />
      <Form.Item name="ground" label={t('pubNonGround')} rules={[{ required: true, message: t('required') }]}>
        <Select options={NON_PUBLICATION_GROUNDS.map((v) => ({ value: v, label: v }))} />
      </Form.Item>
      <Form.Item name="basis" label={t('pubNonBasis')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item
        name="approverId"
        label={t('pubNonApprover')}
        extra={t('pubNonApproverHint')}
        rules={[{ required: true, message: t('required') }, { pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message: t('pubNonApproverHint') }]}
      >
        <Input />
      </Form.Item>
      <Button htmlType="submit" loading={write.busy}>
        {t('pubNonPublish')}
      </Button>
    </Form>
  )
}

const STATUS_COLOR: Record<Preview['status'], string> = { draft: 'blue', published: 'green', corrected: 'green', withdrawn: 'default', 'not-published': 'default' }

/** P-09 / P-10 / P-11: the masked text to confirm, and what the officer may do with it next. */
function PreviewPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useLang()
  const loaded = useApi<Preview>(`/api/publications/${id}/preview`)
  const p = loaded.data
  const done = () => {
    loaded.reload()
    onChanged()
  }
  if (loaded.error) return <ErrorAlert error={loaded.error} />
  if (!p) return <Card loading />
  const published = p.status === 'published' || p.status === 'corrected'
  const tabs: { key: string; label: string; children: ReactNode }[] = []
  if (p.status === 'draft') {
    tabs.push({ key: 'publish', label: t('pubPublish'), children: <PublishAction preview={p} onDone={done} /> })
    tabs.push({ key: 'non', label: t('pubNonPublish'), children: <NonPublicationForm preview={p} onDone={done} /> })
  }
  if (published) {
    tabs.push({ key: 'correct', label: t('pubCorrect'), children: <CorrectForm preview={p} onDone={done} /> })
    tabs.push({ key: 'withdraw', label: t('pubWithdraw'), children: <WithdrawForm preview={p} onDone={done} /> })
  }
  const fieldSpans = Object.values(p.fieldSpans).flat()
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="publication-preview">
      <Space wrap size={4}>
        <Tag color={STATUS_COLOR[p.status]} data-testid="publication-status">{t(`pubStatus_${p.status}` as const)}</Tag>
        <Priority on={p.priority} />
        {p.minorParty && <Tag color="red">{t('pubMinorParty')}</Tag>}
        <Tag>{p.periodClass}</Tag>
      </Space>
      <Descriptions size="small" column={1} bordered items={[
        { key: 'no', label: t('pubPublicId'), children: p.publicId },
        { key: 'decided', label: t('pubDecidedOn'), children: formatDate(p.decidedOn) },
        { key: 'due', label: t('pubDue'), children: <>{formatDate(p.dueOn)} <Typography.Text type="secondary">（{p.dueBasis}）</Typography.Text></> },
      ]} />
      <Card size="small" title={p.title}>
        <Legend spans={[...p.spans, ...fieldSpans]} />
        <MaskedText text={p.body} spans={p.spans} />
        {Object.keys(p.fields).length > 0 && (
          <Descriptions size="small" column={1} items={Object.entries(p.fields).map(([k, v]) => ({ key: k, label: k, children: <MaskedText text={v} spans={p.fieldSpans[k] ?? []} /> }))} />
        )}
      </Card>
      {tabs.length ? <Tabs items={tabs} /> : <Alert type="info" showIcon title={t(`pubStatus_${p.status}` as const)} />}
    </Space>
  )
}

/**
 * P-08 … P-11, P-16: the 公示管理员's drafts — the server orders them 重点领域 first, then by
 * due date — with overdue ones in red; a draft opens its masked preview to publish, correct,
 * withdraw or record 不予公开. A supervisor reads the list only (the server checks every write).
 */
export default function PublicationsPage() {
  const me = useMe()
  const { t } = useLang()
  const phone = !Grid.useBreakpoint().md
  const [due, setDue] = useState<Due>('all')
  const [open, setOpen] = useState<string | null>(null)
  const loaded = useApi<{ items: DraftItem[] }>(`/api/publications${query({ due: due === 'all' ? undefined : due })}`)
  const items = loaded.data?.items ?? []
  const officer = me.roles.includes('disclosure')
  const openButton = (item: DraftItem) =>
    officer ? (
      <Button size="small" onClick={() => setOpen(item.id)} aria-label={`${t('pubOpen')} ${item.publicId}`}>
        {t('pubOpen')}
      </Button>
    ) : null

  return (
    <>
      <PageTitle>{t('navPublications')}</PageTitle>
      <Tabs activeKey={due} onChange={(k) => setDue(k as Due)} items={[
        { key: 'all', label: t('pubAll') },
        { key: 'overdue', label: t('overdue') },
        { key: 'soon', label: t('pubDueSoon') },
      ]} />
      <ErrorAlert error={loaded.error} />
      {phone ? (
        <List<DraftItem>
          loading={loaded.loading}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('pubNone')} /> }}
          renderItem={(item) => (
            <List.Item style={{ padding: '6px 0', border: 0 }}>
              <Card size="small" style={{ width: '100%', borderColor: item.overdue ? '#ff4d4f' : undefined }} data-testid="publication-card">
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{item.publicId}</Typography.Text>
                    <Priority on={item.priority} />
                  </Space>
                  <DueOn item={item} />
                  <Typography.Text type="secondary">{item.agencyName} · {item.kind}{item.domain ? ` · ${item.domain}` : ''}</Typography.Text>
                  {openButton(item)}
                </Space>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table<DraftItem>
          rowKey="id"
          size="small"
          loading={loaded.loading}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('pubNone') }}
          onRow={(item) => ({ 'data-testid': 'publication-row', style: item.overdue ? { background: '#fff1f0' } : undefined }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('pubDue'), key: 'due', render: (_: unknown, item) => <DueOn item={item} /> },
            { title: t('pubPublicId'), dataIndex: 'publicId' },
            { title: t('pubKind'), dataIndex: 'kind' },
            { title: t('pubDomain'), key: 'domain', render: (_: unknown, item) => <Space size={4}>{item.domain ?? '—'}<Priority on={item.priority} /></Space> },
            { title: t('pubAgency'), dataIndex: 'agencyName' },
            { title: t('pubDecidedOn'), dataIndex: 'decidedOn', render: formatDate },
            ...(officer ? [{ title: t('actions'), key: 'open', render: (_: unknown, item: DraftItem) => openButton(item) }] : []),
          ]}
        />
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} size={phone ? '100%' : 720} title={t('pubPreview')} destroyOnHidden>
        {open && <PreviewPanel id={open} onChanged={loaded.reload} />}
      </Drawer>
    </>
  )
}
