import { useState } from 'react'
import { Alert, App, Button, Card, Col, Empty, Grid, Input, List, Radio, Row, Space, Tag, Typography } from 'antd'
import { Link, useParams } from 'react-router-dom'
import { useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { canOpen } from '../nav.ts'
import { useMe } from '../session.tsx'
import { ErrorAlert, Forbidden, PageTitle } from '../ui.tsx'
import { HeadDecisionView, ProposalView, ReviewStatusTag, RoundsHistory } from './parts.tsx'
import { AssignPanel, ExtensionPanel } from './workflow.tsx'
import { decisionState, HeadDecisionForm, ReferralForm } from './decision.tsx'
import { asRefusal, FINDINGS, OPINION_KINDS, opinionPath, postReview, reviewPath, type Finding, type FindingValue, type PackageFinding, type Refusal, type ReviewDetail } from './types.ts'

/** L-03 / D-02 / D-05: the package — its items with their documents, and the discretion findings. */
function PackageView({ detail }: { detail: ReviewDetail }) {
  const { t } = useLang()
  const { items, missing } = detail.package
  const findings = detail.package.findings as PackageFinding[]
  return (
    <Card size="small" title={t('reviewPackage')} data-testid="review-package">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {detail.needRules.length > 0 && (
          <div>
            <Typography.Text type="secondary">{t('reviewNeedRules')}：</Typography.Text>
            {detail.needRules.map((r) => (
              <Tag key={r.id} color="purple">
                {r.code} {r.title}
              </Tag>
            ))}
          </div>
        )}
        {missing.length > 0 && <Alert type="warning" showIcon title={t('reviewPackageMissing', { items: missing.join('、') })} />}
        {findings.map((f, i) => (
          <Alert key={`${f.code}-${i}`} type={f.severity === 'warning' ? 'warning' : 'info'} showIcon title={f.message ?? f.code ?? JSON.stringify(f)} />
        ))}
        {items.length > 0 && (
          <List
            size="small"
            dataSource={items}
            renderItem={(item) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <Space size={4}>
                    <Tag color={item.present ? 'green' : 'red'}>{t(item.present ? 'reviewItemPresent' : 'reviewItemAbsent')}</Tag>
                    <Typography.Text>{item.title}</Typography.Text>
                  </Space>
                  {item.refs.map((ref) => (
                    <Typography.Text key={`${ref.kind}-${ref.id}`} type="secondary" style={{ paddingInlineStart: 8 }}>
                      {ref.kind === 'document' ? '📄 ' : ref.kind === 'attachment' ? '📎 ' : '· '}
                      {ref.title}
                    </Typography.Text>
                  ))}
                </Space>
              </List.Item>
            )}
          />
        )}
        {detail.rounds.length > 0 && <ProposalView proposal={detail.rounds[detail.rounds.length - 1]!.proposal} />}
      </Space>
    </Card>
  )
}

/**
 * L-04 / L-05: the opinion on the open round — a finding (符合/不符合/不适用, with a note) on
 * every checklist point, the kind and its reasons. The server refuses an incomplete checklist
 * or a 暂不同意/不同意 without reasons, and its message is shown as it is.
 */
function OpinionForm({ detail, onDone }: { detail: ReviewDetail; onDone(): void }) {
  const { t } = useLang()
  const { message } = App.useApp()
  const round = detail.rounds[detail.rounds.length - 1]!
  const [findings, setFindings] = useState<Record<string, { finding?: FindingValue; note: string }>>({})
  const [kind, setKind] = useState<string>()
  const [reasons, setReasons] = useState('')
  const [error, setError] = useState<Refusal>()
  const [busy, setBusy] = useState(false)
  // a refusal stays until the reviewer changes what it was about
  const set = (point: string, change: Partial<{ finding: FindingValue; note: string }>) => {
    setError(undefined)
    setFindings((all) => ({ ...all, [point]: { note: '', ...all[point], ...change } }))
  }
  const passes = OPINION_KINDS.find((k) => k.code === kind)?.passes

  const submit = async () => {
    if (!kind) return setError(asRefusal(new Error(t('reviewKindRequired'))))
    setBusy(true)
    setError(undefined)
    const list: Finding[] = detail.checklist.flatMap((p) => {
      const f = findings[p.point]
      return f?.finding ? [{ point: p.point, finding: f.finding, ...(f.note.trim() ? { note: f.note.trim() } : {}) }] : []
    })
    try {
      await postReview(opinionPath(detail.id, round.n), { kind, reasons: reasons.trim(), findings: list })
      message.success(t('reviewOpinionSaved'))
      onDone()
    } catch (e) {
      setError(asRefusal(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card size="small" title={t('reviewOpinionForm', { n: round.n })} data-testid="opinion-form">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text strong>{t('reviewChecklist')}</Typography.Text>
          <Button size="small" onClick={() => detail.checklist.forEach((p) => findings[p.point]?.finding || set(p.point, { finding: '符合' }))}>
            {t('reviewRestConform')}
          </Button>
        </Space>
        {detail.checklist.map((p, i) => (
          <div key={p.point} data-testid={`checklist-${p.point}`} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
            <div style={{ marginBottom: 4 }}>
              {i + 1}. {p.title}
            </div>
            <Radio.Group
              aria-label={p.title}
              value={findings[p.point]?.finding}
              onChange={(e) => set(p.point, { finding: e.target.value as FindingValue })}
              optionType="button"
              options={FINDINGS.map((f) => ({ value: f, label: f }))}
            />
            {findings[p.point]?.finding && findings[p.point]?.finding !== '符合' && (
              <Input
                aria-label={`${p.title} ${t('reviewNote')}`}
                placeholder={t('reviewNote')}
                maxLength={2000}
                value={findings[p.point]?.note}
                onChange={(e) => set(p.point, { note: e.target.value })}
                style={{ marginTop: 6 }}
              />
            )}
          </div>
        ))}
        <div>
          <Typography.Text strong>{t('reviewOpinionKind')}</Typography.Text>
          <div>
            <Radio.Group aria-label={t('reviewOpinionKind')} value={kind} onChange={(e) => {
                setError(undefined)
                setKind(e.target.value as string)
              }} options={OPINION_KINDS.map((k) => ({ value: k.code, label: k.code }))} />
          </div>
        </div>
        <div>
          <label htmlFor="review-reasons">
            <Typography.Text strong>{t('reviewReasons')}</Typography.Text>
            {passes === false && <Typography.Text type="danger"> *</Typography.Text>}
          </label>
          <Input.TextArea id="review-reasons" rows={4} maxLength={5000} value={reasons} onChange={(e) => {
              setError(undefined)
              setReasons(e.target.value)
            }} placeholder={t('reviewReasonsHint')} />
        </div>
        {error && <Alert type="error" showIcon title={error.message} data-testid="opinion-error" />}
        <Button type="primary" size="large" loading={busy} onClick={() => void submit()}>
          {t('reviewGiveOpinion')}
        </Button>
      </Space>
    </Card>
  )
}

/** L-03 … L-06 / L-08: one review — the package, the opinion form, the rounds, the head's view. */
export default function ReviewPage() {
  const { id } = useParams()
  const me = useMe()
  const { t } = useLang()
  const phone = !Grid.useBreakpoint().md
  const loaded = useApi<ReviewDetail>(id ? reviewPath(id) : null)
  if (!canOpen(me.roles, 'reviews')) return <Forbidden />
  const d = loaded.data
  if (!d) return loaded.loading ? <Card loading /> : <ErrorAlert error={loaded.error} />
  const last = d.rounds[d.rounds.length - 1]
  const open = !!last && !last.opinion
  const reviewer = me.roles.includes('reviewer')
  const head = me.roles.includes('head')
  const overseer = head || me.roles.includes('supervisor')
  const state = decisionState(d)
  // L-08: the head decides on a passed proposal, or on a disagreement left unresolved (L-07)
  const mayDecide = head && !state.decided && !!last?.opinion && (!state.disagreement || state.escalated)
  return (
    <>
      <PageTitle
        extra={
          <Space>
            <Link to={`/cases/${d.caseId}`}>{t('reviewToCase')}</Link>
            <Link to="/reviews">{t('reviewBackToQueue')}</Link>
          </Space>
        }
      >
        {t('reviewPageTitle', { number: d.caseNumber })}
      </PageTitle>
      <ErrorAlert error={loaded.error} />
      <Space wrap size={4} style={{ marginBottom: 12 }}>
        <ReviewStatusTag status={d.status} />
        {last && <Tag>{t('reviewRoundN', { n: last.n })}</Tag>}
        {last && open && <Tag>{t('reviewDueOn', { date: formatDate(last.dueOn) })}</Tag>}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {overseer && <HeadDecisionView detail={d} />}
            <PackageView detail={d} />
            {!phone && <RoundsHistory detail={d} />}
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {mayDecide && <HeadDecisionForm detail={d} onDone={loaded.reload} />}
            {head && open && <AssignPanel detail={d} onDone={loaded.reload} />}
            {head && open && d.rounds.every((r) => !r.opinion) && <ReferralForm detail={d} onDone={loaded.reload} />}
            {(reviewer || head) && <ExtensionPanel detail={d} reviewer={reviewer} head={head} onDone={loaded.reload} />}
            {reviewer && open && <OpinionForm key={last.n} detail={d} onDone={loaded.reload} />}
            {reviewer && !open && (d.status === '已退回' || d.status === '不同意') && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviewNoOpenRound')} />}
            {phone && <RoundsHistory detail={d} />}
          </Space>
        </Col>
      </Row>
    </>
  )
}
