import { PlusOutlined } from '@ant-design/icons'
import { useMemo, useState } from 'react'
import { Button, Card, Empty, Form, Grid, Input, List, Radio, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd'
import { Link, useNavigate } from 'react-router-dom'
import { api, query, useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { useMe } from '../session.tsx'
import { ErrorAlert, FormModal, PageTitle, useEditor } from '../ui.tsx'
import { DeadlineBadge, useDeadlinesByCase } from './common.tsx'
import { CASE_KINDS, kindName, type CaseSummary } from './types.ts'

type NewCase = { kind: string; partyKind: 'citizen' | 'organisation'; partyName: string; summary: string; major: boolean; collective: boolean }

export function CaseFlags({ c }: { c: Pick<CaseSummary, 'major' | 'collective' | 'closed' | 'archived'> }) {
  const { t } = useLang()
  return (
    <>
      {c.major && <Tag color="volcano">{t('caseMajor')}</Tag>}
      {c.collective && <Tag color="purple">{t('caseCollective')}</Tag>}
      {c.archived ? <Tag>{t('caseArchived')}</Tag> : c.closed ? <Tag color="green">{t('caseClosed')}</Tag> : null}
    </>
  )
}

export function StageTag({ stage }: { stage: string | null }) {
  const { t } = useLang()
  return <Tag color="blue">{stage ?? t('stageNone')}</Tag>
}

/** the officer's cases — the own agency's or all in the data scope — on a phone as cards. */
export default function CasesPage() {
  const me = useMe()
  const { t } = useLang()
  const navigate = useNavigate()
  const phone = !Grid.useBreakpoint().md
  const [kind, setKind] = useState<string>()
  const [stage, setStage] = useState<string>()
  const [scope, setScope] = useState<'mine' | 'agency' | 'all'>('agency')
  const [search, setSearch] = useState('')
  const cases = useApi<{ items: CaseSummary[]; total: number | null }>(`/api/cases${query({ kind, limit: 200, mine: scope === 'mine' ? 'true' : undefined })}`)
  const { byCase } = useDeadlinesByCase()
  const editor = useEditor<never>()
  const canCreate = me.roles.includes('officer') || me.roles.includes('head')
  const items = cases.data?.items ?? []
  const stages = useMemo(() => [...new Set(items.map((c) => c.stage).filter((s): s is string => !!s))], [items])
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase()
    // a case belongs to an agency; a user sits in the agency or in one of its units, whose
    // data scope is then the agency (F-05)
    const ownAgency = (c: CaseSummary) => c.agencyId === me.orgId || c.agencyId === me.scopeOrgId
    return items.filter(
      (c) =>
        (scope !== 'agency' || ownAgency(c)) &&
        (!stage || c.stage === stage) &&
        (!needle || c.number.toLowerCase().includes(needle) || c.partyName.toLowerCase().includes(needle)),
    )
  }, [items, scope, me.orgId, me.scopeOrgId, stage, search])

  const filters = (
    <Space wrap style={{ marginBottom: 12, width: '100%' }}>
      <Segmented
        aria-label={t('caseScope')}
        value={scope}
        onChange={(v) => setScope(v as 'mine' | 'agency' | 'all')}
        options={[
          { value: 'mine', label: t('caseScopeMine') },
          { value: 'agency', label: t('caseScopeAgency') },
          { value: 'all', label: t('caseScopeAll') },
        ]}
      />
      <Select aria-label={t('caseKind')} allowClear placeholder={t('caseKind')} value={kind} onChange={setKind} style={{ minWidth: 180 }} options={CASE_KINDS.map((k) => ({ value: k.code, label: k.name }))} />
      <Select aria-label={t('caseStage')} allowClear placeholder={t('caseStage')} value={stage} onChange={setStage} style={{ minWidth: 140 }} options={stages.map((s) => ({ value: s, label: s }))} />
      <Input.Search aria-label={t('caseSearch')} placeholder={t('caseSearch')} allowClear onSearch={setSearch} onChange={(e) => setSearch(e.target.value)} style={{ width: phone ? 300 : 260 }} />
    </Space>
  )

  return (
    <>
      <PageTitle
        extra={
          canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={editor.openNew} size={phone ? 'large' : 'middle'}>
              {t('caseNew')}
            </Button>
          )
        }
      >
        {t('navCases')}
      </PageTitle>
      <ErrorAlert error={cases.error} />
      {filters}
      {phone ? (
        <List<CaseSummary>
          loading={cases.loading}
          dataSource={shown}
          locale={{ emptyText: <Empty description={t('caseNone')} /> }}
          renderItem={(c) => (
            <List.Item style={{ padding: '6px 0', border: 0 }}>
              <Link to={`/cases/${c.id}`} style={{ width: '100%' }} aria-label={`${c.number} ${c.partyName}`}>
                <Card size="small" hoverable style={{ width: '100%' }} data-testid="case-card">
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <Typography.Text strong>{c.number}</Typography.Text>
                      <StageTag stage={c.stage} />
                      <DeadlineBadge deadline={byCase.get(c.id)} />
                    </Space>
                    <Typography.Text>{c.partyName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {kindName(c.kind)} · {formatDate(c.createdAt)}
                    </Typography.Text>
                    <div>
                      <CaseFlags c={c} />
                    </div>
                  </Space>
                </Card>
              </Link>
            </List.Item>
          )}
        />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="small"
          loading={cases.loading}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('caseNone') }}
          columns={[
            { title: t('caseNumber'), dataIndex: 'number', render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link> },
            { title: t('caseKind'), dataIndex: 'kind', render: kindName },
            { title: t('caseParty'), dataIndex: 'partyName' },
            { title: t('caseStage'), dataIndex: 'stage', render: (v: string | null) => <StageTag stage={v} /> },
            { title: t('caseDeadline'), key: 'deadline', render: (_: unknown, c) => <DeadlineBadge deadline={byCase.get(c.id)} /> },
            { title: t('agency'), dataIndex: 'agencyName' },
            { title: t('caseCreatedAt'), dataIndex: 'createdAt', render: formatDate },
            { title: '', key: 'flags', render: (_: unknown, c) => <CaseFlags c={c} /> },
          ]}
        />
      )}
      <FormModal<NewCase>
        title={t('caseNew')}
        open={editor.open}
        onClose={editor.close}
        initialValues={{ kind: '处罚-普通', partyKind: 'organisation', major: false, collective: false }}
        onSubmit={async (values) => {
          const created = await api<CaseSummary>('POST', '/api/cases', { ...values, partyName: values.partyName.trim(), summary: values.summary.trim() })
          navigate(`/cases/${created.id}`)
        }}
      >
        <Form.Item name="kind" label={t('caseKind')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={CASE_KINDS.map((k) => ({ value: k.code, label: k.name }))} />
        </Form.Item>
        <Form.Item name="partyKind" label={t('casePartyKind')} rules={[{ required: true, message: t('required') }]}>
          <Radio.Group
            options={[
              { value: 'organisation', label: t('partyOrganisation') },
              { value: 'citizen', label: t('partyCitizen') },
            ]}
          />
        </Form.Item>
        <Form.Item name="partyName" label={t('casePartyName')} rules={[{ required: true, whitespace: true, max: 100, message: t('required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="summary" label={t('caseSummary')} rules={[{ required: true, whitespace: true, max: 2000, message: t('required') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="major" label={t('caseMajorFlag')} valuePropName="checked" extra={t('caseMajorHelp')}>
          <Switch />
        </Form.Item>
        <Form.Item name="collective" label={t('caseCollectiveFlag')} valuePropName="checked" extra={t('caseCollectiveHelp')}>
          <Switch />
        </Form.Item>
      </FormModal>
    </>
  )
}
