import { useMemo, useState } from 'react'
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Grid, Input, Row, Space, Spin, Tag, Timeline, Typography } from 'antd'
import { Link, useParams } from 'react-router-dom'
import { api, ApiError, itemsOf, query, useApi } from '../api.ts'
import { formatDate, formatDateTime, useLang, type Key } from '../i18n.tsx'
import { useMe } from '../session.tsx'
import { ErrorAlert, PageTitle } from '../ui.tsx'
import { ActionForm, type OfficerOption } from './ActionForm.tsx'
import { CaseFlags, StageTag } from './CasesPage.tsx'
import { DeadlinePanel } from './DeadlinePanel.tsx'
import { Photos } from './Photos.tsx'
import { Media } from './Media.tsx'
import { Documents } from './Documents.tsx'
import { CaseFile } from './CaseFile.tsx'
import { ServiceForm } from './ServiceForm.tsx'
import { CaseApprovals } from './approvals.tsx'
import { CaseReview } from '../review/CaseReview.tsx'
import { kindName, type CaseAction, type CaseDetail } from './types.ts'

/** P-15: the case's public query code, for the agency's staff to give to the party (others get no code and see nothing). */
function QueryCode({ caseId }: { caseId: string }) {
  const { t } = useLang()
  const code = useApi<{ queryCode: string; display: string; url: string }>(`/api/cases/${caseId}/query-code`)
  if (!code.data) return null
  return (
    <Typography.Paragraph style={{ margin: '8px 0 0' }}>
      {t('caseQueryCode')}：<Typography.Text code copyable={{ text: code.data.queryCode }} data-testid="case-query-code">{code.data.display}</Typography.Text>
      <br />
      <Typography.Text type="secondary">{t('caseQueryCodeHint')}</Typography.Text>
    </Typography.Paragraph>
  )
}

/** 处罚法61 / R-05: the 送达 steps, recorded through the service route with its 送达回证. */
const SERVICE_TYPES = new Set(['送达', '决定书送达'])

/** Labels of the action data the forms write; other keys are shown as they are. */
const DATA_LABEL: Record<string, Key> = {
  place: 'actionPlace',
  note: 'actionNote',
  reason: 'fieldReason',
  opinion: 'fieldOpinion',
  content: 'fieldNoticeContent',
  passed: 'fieldPassed',
  penalty: 'fieldPenalty',
  fineYuan: 'fieldFineYuan',
  statementDeadline: 'statementDeadline',
  recordKind: 'recordKind',
  recordStart: 'recordStart',
  recordEnd: 'recordEnd',
  recordPlace: 'recordPlace',
  signWitness: 'signWitness',
  at: 'fieldAt',
  urgencyReason: 'fieldUrgency',
  method: 'serviceMethod',
  recipient: 'serviceRecipient',
  servicePlace: 'servicePlace',
  witness: 'signWitness',
  refusalNote: 'serviceRefusalNote',
  trackingNumber: 'serviceTracking',
  receivedOn: 'serviceReceivedOn',
  servedOn: 'servedOn',
}
const HIDDEN = new Set(['documents', 'receiptId', 'consentId', 'approvalId', 'requestedBy', 'recordQa', 'partySignature', 'partySignatureSha256', 'signRefused', 'statementDeadlineConfirmed'])

function ActionData({ action }: { action: CaseAction }) {
  const { t } = useLang()
  const entries = Object.entries(action.data).filter(([key]) => !HIDDEN.has(key))
  let qa: { q: string; a: string }[] = []
  if (typeof action.data.recordQa === 'string') {
    try {
      qa = JSON.parse(action.data.recordQa)
    } catch {
      qa = []
    }
  }
  const show = (value: unknown) => (typeof value === 'boolean' ? t(value ? 'yes' : 'no') : String(value))
  return (
    <>
      {entries.map(([key, value]) => (
        <div key={key}>
          <Typography.Text type="secondary">{DATA_LABEL[key] ? t(DATA_LABEL[key]) : key}：</Typography.Text>
          {show(value)}
        </div>
      ))}
      {qa.map((x, i) => (
        <div key={i} style={{ marginTop: 4 }}>
          <div>
            <Typography.Text strong>{t('recordQ')}</Typography.Text>
            {x.q}
          </div>
          <div>
            <Typography.Text strong>{t('recordA')}</Typography.Text>
            {x.a}
          </div>
        </div>
      ))}
      {action.data.approvalId ? <Tag color="green">{t('approvedByHead')}</Tag> : null}
      {action.data.partySignature ? <Tag color="green">{t('signDone')}</Tag> : null}
      {action.data.signRefused ? <Tag color="orange">{t('signRefusedTag')}</Tag> : null}
    </>
  )
}

/** one case — its header, its actions as a timeline, and what may come next. */
export default function CasePage() {
  const { id } = useParams()
  const me = useMe()
  const { t } = useLang()
  const phone = !Grid.useBreakpoint().md
  const detail = useApi<CaseDetail>(`/api/cases/${id}`)
  const c = detail.data
  const people = useApi<{ items: OfficerOption[] }>(c ? `/api/people${query({ agencyId: c.agencyId, kind: 'officer', limit: 500 })}` : null)
  const officers = itemsOf(people.data)
  const names = useMemo(() => new Map(officers.map((o) => [o.id, o.name])), [officers])
  const [form, setForm] = useState<{ type: string; correcting?: CaseAction }>()
  // bumped after every write from the page, so the side panels reload with the case
  const [version, setVersion] = useState(0)
  const mayRecord = me.roles.some((r) => r === 'officer' || r === 'head' || r === 'reviewer')

  if (detail.loading && !c) return <Spin size="large" style={{ display: 'block', margin: 48 }} />
  if (!c) {
    if (detail.error?.code === 'RECORD_ACCESS_REQUIRED' && id) return <RecordAccessRequest caseId={id} onOpened={detail.reload} />
    return <ErrorAlert error={detail.error} />
  }

  const reload = () => {
    detail.reload()
    setVersion((v) => v + 1)
  }
  const byId = new Map(c.actions.map((a) => [a.id, a]))
  return (
    <>
      <PageTitle extra={<Link to="/cases">{t('backToCases')}</Link>}>
        {t('casePageTitle', { number: c.number })}
      </PageTitle>
      <ErrorAlert error={detail.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('caseHeader')}>
              <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                <Descriptions.Item label={t('caseNumber')}>{c.number}</Descriptions.Item>
                <Descriptions.Item label={t('caseKind')}>{kindName(c.kind)}</Descriptions.Item>
                <Descriptions.Item label={t('caseParty')}>
                  {c.partyName}（{t(c.partyKind === 'citizen' ? 'partyCitizen' : 'partyOrganisation')}）
                </Descriptions.Item>
                <Descriptions.Item label={t('caseStage')}>
                  <span data-testid="case-stage">
                    <StageTag stage={c.stage} />
                  </span>
                  <CaseFlags c={c} />
                </Descriptions.Item>
                <Descriptions.Item label={t('agency')}>{c.agencyName}</Descriptions.Item>
                <Descriptions.Item label={t('caseSummary')}>{c.summary}</Descriptions.Item>
              </Descriptions>
              <QueryCode caseId={c.id} />
            </Card>

            {mayRecord && (
              <Card size="small" title={t('nextActions')}>
                {c.nextActions.length ? (
                  <div style={{ display: 'grid', gridTemplateColumns: phone ? '1fr 1fr' : 'repeat(auto-fill, minmax(140px, 1fr))', gap: 8 }}>
                    {c.nextActions.map((type) => (
                      <Button key={type} type="primary" size="large" block onClick={() => setForm({ type })}>
                        {type}
                      </Button>
                    ))}
                  </div>
                ) : (
                  <Typography.Text type="secondary">{t('noNextActions')}</Typography.Text>
                )}
              </Card>
            )}

            <Card size="small" title={t('actionTimeline')}>
              {c.actions.length ? (
                <Timeline
                  items={c.actions.map((a) => {
                    const superseded = !!a.supersededBy
                    return {
                      key: a.id,
                      color: superseded ? 'gray' : 'blue',
                      content: (
                        <div id={`action-${a.id}`} data-testid="timeline-item">
                          <Space wrap size={4}>
                            <Typography.Text strong delete={superseded}>
                              {a.type}
                            </Typography.Text>
                            <Typography.Text delete={superseded}>{formatDate(a.actedOn)}</Typography.Text>
                            {superseded && (
                              <a href={`#action-${a.supersededBy}`}>
                                <Tag>{t('supersededSee')}</Tag>
                              </a>
                            )}
                            {a.supersedesId && (
                              <a href={`#action-${a.supersedesId}`}>
                                <Tag color="gold">{t('correctionOf', { date: formatDate(byId.get(a.supersedesId)?.actedOn) })}</Tag>
                              </a>
                            )}
                          </Space>
                          <div style={superseded ? { textDecoration: 'line-through', color: '#8c8c8c' } : undefined}>
                            {a.officers.length > 0 && (
                              <div>
                                <Typography.Text type="secondary">{t('actingOfficers')}：</Typography.Text>
                                {a.officers.map((o) => names.get(o) ?? o.slice(0, 8)).join('、')}
                              </div>
                            )}
                            <ActionData action={a} />
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('recordedAt')} {formatDateTime(a.recordedAt)}
                            </Typography.Text>
                          </div>
                          {!superseded && mayRecord && !c.archived && (
                            <Button size="small" onClick={() => setForm({ type: a.type, correcting: a })} aria-label={`${t('correct')} ${a.type}`}>
                              {t('correct')}
                            </Button>
                          )}
                        </div>
                      ),
                    }
                  })}
                />
              ) : (
                <Empty description={t('noActions')} />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Photos caseId={c.id} stage={c.stage} canUpload={mayRecord && !c.archived} version={version} />
            <Media caseId={c.id} stage={c.stage} officers={officers} canUpload={mayRecord && !c.archived} version={version} />
            <Documents detail={c} officers={officers} canWrite={mayRecord && !c.archived} version={version} />
            <CaseFile caseId={c.id} closed={c.closed || c.archived} canWrite={mayRecord} version={version} />
            <DeadlinePanel caseId={c.id} version={c.actions.length} />
            <CaseApprovals caseId={c.id} version={c.actions.length + version} />
            <CaseReview caseId={c.id} version={c.actions.length + version} />
            {people.error && <Alert type="warning" showIcon title={people.error.message} />}
          </Space>
        </Col>
      </Row>
      {form && !form.correcting && SERVICE_TYPES.has(form.type) && (
        <ServiceForm detail={c} type={form.type} officers={officers} onClose={() => setForm(undefined)} onDone={reload} />
      )}
      {form && (form.correcting || !SERVICE_TYPES.has(form.type)) && (
        <ActionForm
          key={`${form.type}-${form.correcting?.id ?? 'new'}`}
          detail={c}
          type={form.type}
          correcting={form.correcting}
          officers={officers}
          open
          onClose={() => setForm(undefined)}
          onDone={reload}
        />
      )}
    </>
  )
}

/** a supervisor opens another agency's case read-only, giving a reason (audited, shown to the agency). */
function RecordAccessRequest({ caseId, onOpened }: { caseId: string; onOpened: () => void }) {
  const { t } = useLang()
  const [error, setError] = useState<ApiError>()
  const [busy, setBusy] = useState(false)
  const open = async ({ reason }: { reason: string }) => {
    setBusy(true)
    setError(undefined)
    try {
      await api('POST', `/api/cases/${caseId}/access`, { reason })
      onOpened()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <PageTitle extra={<Link to="/cases">{t('backToCases')}</Link>}>{t('recordAccessTitle')}</PageTitle>
      <Card size="small" style={{ maxWidth: 640 }}>
        <Typography.Paragraph>{t('recordAccessText')}</Typography.Paragraph>
        <ErrorAlert error={error} />
        <Form layout="vertical" onFinish={open}>
          <Form.Item name="reason" label={t('recordAccessReason')} rules={[{ required: true, min: 5, max: 500 }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('recordAccessOpen')}
          </Button>
        </Form>
      </Card>
    </>
  )
}
