import { useEffect, useState } from 'react'
import { Button, Card, Empty, Grid, List, Segmented, Space, Switch, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { api, query, useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { useMe } from '../session.tsx'
import { ErrorAlert, PageTitle } from '../ui.tsx'
import { DeadlineBadge, Unavailable, isUnavailable } from './common.tsx'
import { kindName } from './types.ts'

/** an agency's running deadline as GET /api/deadlines lists it. */
type OpenDeadline = {
  caseId: string
  caseNumber: string
  kind: string
  partyName: string
  agencyName: string
  ruleId: string
  label: string
  statute: string
  startDate: string
  due: string
  status: 'ok' | 'near-due' | 'overdue'
  confirmed: boolean
  sourceActionId: string
  responsible: { userId: string; name: string }[]
}
type Page = { today: string; items: OpenDeadline[]; nextCursor: string | null; total: number }
type Filter = 'alerts' | 'overdue' | 'near-due' | 'open'

/**
 * R-03 期限预警: the agency's deadlines that are near due or overdue (or all running ones),
 * the worst first as the server orders them; "mine" keeps those the user is responsible for.
 */
export default function DeadlinesPage() {
  const me = useMe()
  const { t } = useLang()
  const phone = !Grid.useBreakpoint().md
  const [filter, setFilter] = useState<Filter>('alerts')
  const [mine, setMine] = useState(false)
  const params = { status: filter === 'alerts' ? undefined : filter, officerId: mine ? me.id : undefined, limit: 50 }
  const first = useApi<Page>(`/api/deadlines${query(params)}`)
  const [more, setMore] = useState<OpenDeadline[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  useEffect(() => {
    setMore([])
    setCursor(first.data?.nextCursor ?? null)
  }, [first.data])
  const items = [...(first.data?.items ?? []), ...more]
  const loadMore = async () => {
    if (!cursor) return
    const next = await api<Page>('GET', `/api/deadlines${query({ ...params, cursor })}`)
    setMore((m) => [...m, ...next.items])
    setCursor(next.nextCursor)
  }
  const caseLink = (d: OpenDeadline) => <Link to={`/cases/${d.caseId}`}>{d.caseNumber}</Link>
  return (
    <>
      <PageTitle>{t('navDeadlines')}</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('status')}
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          options={[
            { value: 'alerts', label: t('deadlineAlerts') },
            { value: 'overdue', label: t('overdue') },
            { value: 'near-due', label: t('nearDue') },
            { value: 'open', label: t('deadlineAllOpen') },
          ]}
        />
        <Space>
          <Switch id="deadlines-mine" checked={mine} onChange={setMine} />
          <label htmlFor="deadlines-mine">{t('deadlineMine')}</label>
        </Space>
      </Space>
      {isUnavailable(first.error) ? <Unavailable what={t('navDeadlines')} /> : <ErrorAlert error={first.error} />}
      {first.data && (
        <Typography.Paragraph type="secondary">
          {t('deadlineTotal', { n: first.data.total, today: formatDate(first.data.today) })}
        </Typography.Paragraph>
      )}
      {phone ? (
        <List<OpenDeadline>
          loading={first.loading}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('noDeadlines')} /> }}
          renderItem={(d) => (
            <List.Item style={{ padding: '6px 0', border: 0 }}>
              <Card size="small" style={{ width: '100%' }}>
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    {caseLink(d)}
                    <DeadlineBadge deadline={d} withLabel={false} />
                    {!d.confirmed && <Tag color="warning">{t('unconfirmed')}</Tag>}
                  </Space>
                  <Typography.Text strong>{d.label}</Typography.Text>
                  <Typography.Text type="secondary">{d.statute}</Typography.Text>
                  <Typography.Text>
                    {d.partyName} · {kindName(d.kind)}
                  </Typography.Text>
                  <Typography.Text type="secondary">{d.responsible.map((r) => r.name).join('、') || '—'}</Typography.Text>
                </Space>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table<OpenDeadline>
          rowKey={(d) => `${d.caseId}-${d.ruleId}-${d.sourceActionId}`}
          size="small"
          loading={first.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('noDeadlines') }}
          columns={[
            { title: t('caseNumber'), key: 'case', render: (_: unknown, d) => caseLink(d) },
            { title: t('caseParty'), dataIndex: 'partyName' },
            { title: t('deadlineName'), dataIndex: 'label' },
            { title: t('deadlineStatute'), dataIndex: 'statute' },
            { title: t('dueDate'), key: 'due', render: (_: unknown, d) => <DeadlineBadge deadline={d} withLabel={false} /> },
            { title: t('agency'), dataIndex: 'agencyName' },
            { title: t('deadlineResponsible'), key: 'responsible', render: (_: unknown, d) => d.responsible.map((r) => r.name).join('、') || '—' },
          ]}
        />
      )}
      {cursor && (
        <Button block style={{ marginTop: 12 }} onClick={() => void loadMore()}>
          {t('loadMore')}
        </Button>
      )}
    </>
  )
}
