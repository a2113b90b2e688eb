import { useMemo } from 'react'
import { Alert, Card, Col, Descriptions, Empty, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { Link } from 'react-router-dom'
import type { Role } from '../platform/access/roles.ts'
import { itemsOf, query, useApi } from './api.ts'
import { formatDate, useLang } from './i18n.tsx'
import { HOME_TITLE } from './nav.ts'
import { useMe } from './session.tsx'
import { CertStatusTag, ErrorAlert, PageTitle } from './ui.tsx'
import { ReviewQueueCard } from './review/ReviewQueueCard.tsx'
import { DraftSummary } from './disclosure/DraftSummary.tsx'
import { CERTIFICATE_STATUSES, type Body, type CertStatus, type Certificate, type Due, type Person, type Paged, type Reviewer, type StaffingRow } from './types.ts'

type List<T> = T[] | { items: T[] }

export function RoleHome({ role }: { role: Role }) {
  switch (role) {
    case 'admin':
      return <AdminHome />
    case 'supervisor':
      return <SupervisorHome />
    case 'head':
      return <HeadHome />
    case 'reviewer':
      return <ReviewerHome />
    case 'disclosure':
      return <DisclosureHome />
    case 'officer':
      return <PersonHome role="officer" />
    case 'auxiliary':
      return <PersonHome role="auxiliary" />
  }
}

function HomeTitle({ role }: { role: Role }) {
  const { t } = useLang()
  const me = useMe()
  return (
    <>
      <PageTitle>{t(HOME_TITLE[role])}</PageTitle>
      <Typography.Paragraph type="secondary">{t('welcome', { name: me.displayName })}</Typography.Paragraph>
    </>
  )
}

export function CertificateTable({ certificates, loading, extraColumns = [] }: { certificates: Certificate[]; loading?: boolean; extraColumns?: any[] }) {
  const { t } = useLang()
  return (
    <Table<Certificate>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={certificates}
      pagination={certificates.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('noCertificate') }}
      columns={[
        { title: t('certNo'), dataIndex: 'certNo' },
        ...(certificates.some((c) => c.personName) ? [{ title: t('holder'), dataIndex: 'personName' }] : []),
        { title: t('status'), key: 'status', render: (_: unknown, c: Certificate) => <CertStatusTag status={c.status} /> },
        { title: t('validFrom'), dataIndex: 'validFrom', render: formatDate },
        { title: t('validTo'), dataIndex: 'validTo', render: formatDate },
        { title: t('categories'), dataIndex: 'categories', render: (v: string[]) => v?.join('、') },
        { title: t('areas'), dataIndex: 'areas', render: (v: string[]) => v?.join('、') },
        ...extraColumns,
      ]}
    />
  )
}

/** F-04: the common statutory deadlines counted from today on the working-day calendar. */
function Deadlines() {
  const { t } = useLang()
  const today = dayjs().format('YYYY-MM-DD')
  return (
    <Card title={t('dueToday')} size="small">
      <List
        size="small"
        dataSource={[3, 5, 7, 10]}
        renderItem={(n) => <DeadlineRow from={today} n={n} />}
        footer={
          <Space>
            <Typography.Text type="secondary">{t('startNotCounted')}</Typography.Text>
            <Link to="/calendar">{t('navCalendar')}</Link>
          </Space>
        }
      />
    </Card>
  )
}

function DeadlineRow({ from, n }: { from: string; n: number }) {
  const { t } = useLang()
  const due = useApi<Due>(`/api/calendar/due${query({ from, n, mode: 'working' })}`)
  return (
    <List.Item>
      <span>{t('workingDays', { n })}</span>
      <span>
        {due.error ? <Typography.Text type="danger">{due.error.message}</Typography.Text> : <Typography.Text strong>{due.data ? formatDate(due.data.due) : '…'}</Typography.Text>}
        {due.data && !due.data.confirmed && (
          <Tag color="warning" style={{ marginInlineStart: 8 }}>
            {t('unconfirmed')}
          </Tag>
        )}
      </span>
    </List.Item>
  )
}

function personKindLabel(t: ReturnType<typeof useLang>['t'], kind: Person['kind']): string {
  return t(kind === 'officer' ? 'kindOfficer' : kind === 'auxiliary' ? 'kindAuxiliary' : 'kindCounsel')
}

/** 执法人员 and 执法辅助人员: their own record, certificates and today's deadlines. */
function PersonHome({ role }: { role: 'officer' | 'auxiliary' }) {
  const me = useMe()
  const { t } = useLang()
  const person = useApi<Person>(me.personId ? `/api/people/${me.personId}` : null)
  const certificates = person.data?.certificates ?? []
  const canAct = certificates.some((c) => c.status === '有效')
  return (
    <>
      <HomeTitle role={role} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {role === 'auxiliary' && <Alert type="info" showIcon title={t('auxiliaryNote')} />}
            {!me.personId && <Alert type="warning" showIcon title={t('noPersonLink')} />}
            {role === 'officer' && (
              <Card size="small" title={t('navCases')} extra={<Link to="/cases">{t('open')}</Link>}>
                <Space wrap>
                  <Link to="/cases">{t('myCasesLink')}</Link>
                  <Link to="/deadlines">{t('navDeadlines')}</Link>
                </Space>
              </Card>
            )}
            <ErrorAlert error={person.error} />
            {person.data && (
              <Card title={t('myRecord')} size="small">
                <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                  <Descriptions.Item label={t('personName')}>{person.data.name}</Descriptions.Item>
                  <Descriptions.Item label={t('personKind')}>{personKindLabel(t, person.data.kind)}</Descriptions.Item>
                  <Descriptions.Item label={t('agency')}>{person.data.agencyName}</Descriptions.Item>
                  <Descriptions.Item label={t('post')}>{person.data.post}</Descriptions.Item>
                  <Descriptions.Item label={t('status')}>{person.data.status}</Descriptions.Item>
                  <Descriptions.Item label={t('trainingHours')}>{person.data.trainingHours}</Descriptions.Item>
                  <Descriptions.Item label={t('categories')}>{person.data.categories.join('、') || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('areas')}>{person.data.areas.join('、') || '—'}</Descriptions.Item>
                </Descriptions>
              </Card>
            )}
            {person.data && role === 'officer' && (
              <Card title={t('myCertificates')} size="small">
                <Alert type={canAct ? 'success' : 'error'} showIcon title={t(canAct ? 'certOkToAct' : 'certNotOkToAct')} style={{ marginBottom: 12 }} />
                <CertificateTable certificates={certificates} />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Deadlines />
        </Col>
      </Row>
    </>
  )
}

function StaffingTable({ rows, loading }: { rows: StaffingRow[]; loading?: boolean }) {
  const { t } = useLang()
  return (
    <Table<StaffingRow>
      rowKey="agencyId"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('agency'), dataIndex: 'name' },
        { title: t('officers'), dataIndex: 'officers' },
        { title: t('reviewers'), dataIndex: 'reviewers' },
        { title: t('requiredReviewers'), dataIndex: 'required' },
        { title: t('status'), dataIndex: 'ok', render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{t(ok ? 'staffingOk' : 'staffingShort')}</Tag> },
      ]}
    />
  )
}

/** the head's pending approval requests, oldest first, with the way to the queue. */
function PendingApprovals() {
  const { t } = useLang()
  const pending = useApi<{ items: { id: string; caseNumber: string; partyName: string; type: string; requestedAt: string; requestedBy: { name: string } }[] }>('/api/approvals?status=pending')
  if (pending.error?.status === 404) return null
  const items = pending.data?.items ?? []
  return (
    <Card title={t('pendingApprovals')} size="small" extra={<Link to="/approvals">{t('approvalQueue')}</Link>}>
      <ErrorAlert error={pending.error} />
      <List
        size="small"
        loading={pending.loading}
        dataSource={items.slice(0, 5)}
        locale={{ emptyText: t('noApprovals') }}
        renderItem={(a) => (
          <List.Item>
            <span>
              {a.caseNumber} · {a.type} · {a.partyName}
            </span>
            <Typography.Text type="secondary">{a.requestedBy.name}</Typography.Text>
          </List.Item>
        )}
        footer={items.length > 5 ? <Link to="/approvals">{t('approvalMore', { n: items.length })}</Link> : undefined}
      />
    </Card>
  )
}

/** 机关负责人: staffing of the own agency and certificates running out within 90 days. */
function HeadHome() {
  const me = useMe()
  const { t } = useLang()
  const staffing = useApi<List<StaffingRow>>('/api/staffing')
  const certificates = useApi<List<Certificate>>(`/api/certificates${query({ agencyId: me.orgId, status: '有效', limit: 500 })}`)
  const expiring = useMemo(() => {
    const limit = dayjs().add(90, 'day').format('YYYY-MM-DD')
    const today = dayjs().format('YYYY-MM-DD')
    return itemsOf(certificates.data)
      .filter((c) => c.status === '有效' && c.validTo >= today && c.validTo <= limit)
      .sort((a, b) => a.validTo.localeCompare(b.validTo))
  }, [certificates.data])
  return (
    <>
      <HomeTitle role="head" />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <PendingApprovals />
        <ReviewQueueCard queue="agency" />
        <Card title={t('staffingOfAgency')} size="small" extra={<Link to="/reviewers">{t('navReviewers')}</Link>}>
          <ErrorAlert error={staffing.error} />
          <StaffingTable rows={itemsOf(staffing.data).filter((row) => row.agencyId === me.orgId)} loading={staffing.loading} />
        </Card>
        <Card title={t('expiring90')} size="small" extra={<Link to="/certificates">{t('navCertificates')}</Link>}>
          <ErrorAlert error={certificates.error} />
          {expiring.length || certificates.loading ? <CertificateTable certificates={expiring} loading={certificates.loading} /> : <Empty description={t('noneExpiring')} />}
        </Card>
      </Space>
    </>
  )
}

/** 法制审核人员: the agency's reviewer registry and whether it meets the staffing ratio. */
function ReviewerHome() {
  const me = useMe()
  const { t } = useLang()
  const reviewers = useApi<List<Reviewer>>(`/api/reviewers${query({ agencyId: me.orgId })}`)
  const staffing = useApi<List<StaffingRow>>('/api/staffing')
  return (
    <>
      <HomeTitle role="reviewer" />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <ReviewQueueCard queue="mine" />
            <Card title={t('reviewersOfAgency')} size="small">
              <ErrorAlert error={reviewers.error} />
              <Table<Reviewer>
                rowKey="personId"
                size="small"
                loading={reviewers.loading}
                dataSource={itemsOf(reviewers.data)}
                pagination={false}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('personName'), dataIndex: 'name' },
                  { title: t('appointedOn'), dataIndex: 'appointedOn', render: formatDate },
                  { title: t('sharedPool'), dataIndex: 'sharedPool', render: (v: boolean) => t(v ? 'yes' : 'no') },
                  { title: t('status'), dataIndex: 'active', render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{t(v ? 'active' : 'inactive')}</Tag> },
                ]}
              />
            </Card>
            <Card title={t('staffingOfAgency')} size="small">
              <ErrorAlert error={staffing.error} />
              <StaffingTable rows={itemsOf(staffing.data).filter((row) => row.agencyId === me.orgId)} loading={staffing.loading} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Deadlines />
        </Col>
      </Row>
    </>
  )
}

/** 公示管理员: bodies whose current version differs from what the portal shows. */
function DisclosureHome() {
  const { t } = useLang()
  const bodies = useApi<List<Body>>('/api/bodies')
  const pending = itemsOf(bodies.data).filter((b) => b.publishedVersion === null || b.version > b.publishedVersion)
  return (
    <>
      <HomeTitle role="disclosure" />
      <Card title={t('navPublications')} size="small" extra={<Link to="/publications">{t('navPublications')}</Link>} style={{ marginBottom: 16 }}>
        <DraftSummary />
      </Card>
      <Card title={t('bodiesUnpublished')} size="small" extra={<Link to="/bodies">{t('navBodies')}</Link>}>
        <ErrorAlert error={bodies.error} />
        <Table<Body>
          rowKey="id"
          size="small"
          loading={bodies.loading}
          dataSource={pending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('allPublished') }}
          columns={[
            { title: t('bodyName'), dataIndex: 'name' },
            { title: t('version'), dataIndex: 'version' },
            { title: t('publishedVersion'), dataIndex: 'publishedVersion', render: (v: number | null) => v ?? '—' },
          ]}
        />
      </Card>
    </>
  )
}

function StatusCount({ status }: { status: CertStatus }) {
  const loaded = useApi<Paged<Certificate>>(`/api/certificates${query({ status, limit: 1 })}`)
  return <Statistic title={<CertStatusTag status={status} />} value={loaded.error ? '—' : (loaded.data?.total ?? 0)} loading={loaded.loading} />
}

/** Certificates in scope by their status today; totals from the server, not from one page. */
function StatusCounts() {
  return (
    <Row gutter={[16, 16]}>
      {CERTIFICATE_STATUSES.map((status) => (
        <Col key={status} xs={12} sm={8} md={4}>
          <StatusCount status={status} />
        </Col>
      ))}
    </Row>
  )
}

/** 司法行政机关监督人员: every agency in scope against the 5 % reviewer ratio, certificates by status. */
function SupervisorHome() {
  const { t } = useLang()
  const staffing = useApi<List<StaffingRow>>('/api/staffing')
  const rows = itemsOf(staffing.data)
  const short = rows.filter((row) => !row.ok)
  return (
    <>
      <HomeTitle role="supervisor" />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('staffingCheck')} size="small" extra={<Link to="/reviewers">{t('navReviewers')}</Link>}>
          <ErrorAlert error={staffing.error} />
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col>
              <Statistic title={t('agency')} value={rows.length} />
            </Col>
            <Col>
              <Statistic title={t('belowRatio')} value={short.length} styles={{ content: { color: short.length ? '#cf1322' : undefined } }} />
            </Col>
          </Row>
          <StaffingTable rows={[...short, ...rows.filter((row) => row.ok)]} loading={staffing.loading} />
        </Card>
        <Card title={t('certCounts')} size="small" extra={<Link to="/certificates">{t('navCertificates')}</Link>}>
          <StatusCounts />
        </Card>
      </Space>
    </>
  )
}

function CountCard({ title, path, to }: { title: string; path: string; to: string }) {
  const { t } = useLang()
  const loaded = useApi<List<unknown> & { total?: number }>(path)
  // paged lists carry their total; plain arrays (orgs, users) are the whole scope
  const value = loaded.data && !Array.isArray(loaded.data) && typeof loaded.data.total === 'number' ? loaded.data.total : itemsOf(loaded.data).length
  return (
    <Card size="small">
      <Statistic title={title} value={loaded.error ? '—' : value} loading={loaded.loading} />
      {loaded.error ? <Typography.Text type="danger">{loaded.error.message}</Typography.Text> : <Link to={to}>{t('open')}</Link>}
    </Card>
  )
}

/** 系统管理员: how much is registered, with the way to each management screen. */
function AdminHome() {
  const { t } = useLang()
  const cards: [string, string, string][] = [
    [t('countOrgs'), '/api/orgs', '/orgs'],
    [t('countUsers'), '/api/users?limit=500', '/users'],
    [t('countBodies'), '/api/bodies', '/bodies'],
    [t('countPeople'), '/api/people', '/people'],
    [t('countCertificates'), '/api/certificates', '/certificates'],
    [t('countReviewers'), '/api/reviewers', '/reviewers'],
  ]
  return (
    <>
      <HomeTitle role="admin" />
      <Row gutter={[16, 16]}>
        {cards.map(([title, path, to]) => (
          <Col key={to} xs={12} md={8} xl={4}>
            <CountCard title={title} path={path} to={to} />
          </Col>
        ))}
      </Row>
      <Row style={{ marginTop: 16 }}>
        <Col xs={24} lg={10}>
          <Deadlines />
        </Col>
      </Row>
    </>
  )
}

