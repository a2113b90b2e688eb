// L-07 / L-08: a disagreement with a 暂不同意/不同意 is coordinated by the handling unit; one left
// unresolved goes to the head, who decides, marked where the decision goes against the handling
// unit's proposal or the reviewer's opinion. The server decides every rule (coordination.ts,
// responsibility.ts, migration 0019) and its Chinese message is shown as it is.
import { useState } from 'react'
import { Alert, App, Button, Card, Input, List, Radio, Select, Space, Switch, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useApi } from '../api.ts'
import { useLang } from '../i18n.tsx'
import { asRefusal, postReview, type Refusal, type ReviewDetail } from './types.ts'

type Escalation = { reviewId: string; caseNumber: string; partyName: string; round: number; opinionKind: string; unitOpinion: string; outcome: string; participants: string[] }

/** The latest round, its coordination (the latest record) and whether the head has decided. */
export function decisionState(detail: ReviewDetail) {
  const last = detail.rounds[detail.rounds.length - 1]
  const coordination = [...(detail.coordination ?? [])].reverse().find((c) => c.round === last?.n)
  const disagreement = !!last?.opinion && last.opinion.kind !== '同意'
  return { last, coordination, disagreement, decided: !!detail.decision, escalated: !!coordination && !coordination.resolved }
}

/** L-07: the handling unit records its 意见, who took part in the coordination and its outcome. */
export function CoordinationForm({ reviewId, onDone }: { reviewId: string; onDone(): void }) {
  const { t } = useLang()
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const [unitOpinion, setUnitOpinion] = useState('')
  const [participants, setParticipants] = useState<string[]>([])
  const [outcome, setOutcome] = useState('')
  const [resolved, setResolved] = useState(false)
  const [error, setError] = useState<Refusal>()
  const [busy, setBusy] = useState(false)
  if (!open) {
    return (
      <Button block onClick={() => setOpen(true)}>
        {t('reviewDisagree')}
      </Button>
    )
  }
  const send = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const r = await postReview<{ escalated: boolean }>(`/api/reviews/${reviewId}/coordination`, { unitOpinion: unitOpinion.trim(), participants, outcome: outcome.trim(), resolved })
      message.success(t(r.escalated ? 'reviewEscalated' : 'reviewCoordinated'))
      setOpen(false)
      onDone()
    } catch (e) {
      setError(asRefusal(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="coordination-form">
      <Typography.Text strong>{t('reviewDisagree')}</Typography.Text>
      {error && <Alert type="error" showIcon title={error.message} />}
      <Input.TextArea aria-label={t('reviewUnitOpinion')} placeholder={t('reviewUnitOpinion')} rows={3} maxLength={5000} value={unitOpinion} onChange={(e) => setUnitOpinion(e.target.value)} />
      <Select
        aria-label={t('reviewParticipants')}
        mode="tags"
        placeholder={t('reviewParticipants')}
        tokenSeparators={[',', '，', '、']}
        value={participants}
        onChange={setParticipants}
        open={false}
        style={{ width: '100%' }}
      />
      <Input.TextArea aria-label={t('reviewCoordinationOutcome')} placeholder={t('reviewCoordinationOutcome')} rows={2} maxLength={5000} value={outcome} onChange={(e) => setOutcome(e.target.value)} />
      <Space>
        <Switch aria-label={t('reviewResolved')} checked={resolved} onChange={setResolved} />
        <Typography.Text>{t(resolved ? 'reviewResolved' : 'reviewUnresolved')}</Typography.Text>
      </Space>
      <Space wrap>
        <Button type="primary" loading={busy} onClick={() => void send()}>
          {t('reviewCoordinationSave')}
        </Button>
        <Button onClick={() => setOpen(false)}>{t('cancel')}</Button>
      </Space>
    </Space>
  )
}

/**
 * L-08: the head's decision on a reviewed proposal — as the handling unit proposed, as the
 * reviewer's opinion says, or otherwise; going against either needs the reason.
 */
export function HeadDecisionForm({ detail, onDone }: { detail: ReviewDetail; onDone(): void }) {
  const { t } = useLang()
  const { message } = App.useApp()
  const [outcome, setOutcome] = useState<'proposal' | 'opinion' | 'other'>()
  const [decision, setDecision] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<Refusal>()
  const [busy, setBusy] = useState(false)
  const send = async () => {
    if (!outcome) return setError(asRefusal(new Error(t('reviewOutcomeRequired'))))
    setBusy(true)
    setError(undefined)
    try {
      await postReview(`/api/reviews/${detail.id}/decision`, { outcome, decision: decision.trim(), reason: reason.trim() })
      message.success(t('reviewDecided'))
      onDone()
    } catch (e) {
      setError(asRefusal(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card size="small" title={t('reviewHeadDecide')} data-testid="head-decision">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {error && <Alert type="error" showIcon title={error.message} data-testid="decision-error" />}
        <Radio.Group
          aria-label={t('reviewHeadDecide')}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value)}
          options={[
            { value: 'proposal', label: t('reviewOutcomeProposal') },
            { value: 'opinion', label: t('reviewOutcomeOpinion') },
            { value: 'other', label: t('reviewOutcomeOther') },
          ]}
        />
        <Input.TextArea aria-label={t('reviewDecisionText')} placeholder={t('reviewDecisionText')} rows={2} maxLength={5000} value={decision} onChange={(e) => setDecision(e.target.value)} />
        <Input.TextArea aria-label={t('reviewDecisionReason')} placeholder={t('reviewDecisionReasonHint')} rows={2} maxLength={5000} value={reason} onChange={(e) => setReason(e.target.value)} />
        <Button type="primary" loading={busy} onClick={() => void send()}>
          {t('reviewDecide')}
        </Button>
      </Space>
    </Card>
  )
}

/** L-07: disagreements the handling unit could not resolve, for the head to decide. */
export function Escalations() {
  const { t } = useLang()
  const loaded = useApi<{ items: Escalation[] }>('/api/review-escalations')
  const items = loaded.data?.items ?? []
  if (loaded.error || !items.length) return null
  return (
    <Card size="small" title={t('reviewEscalations')} style={{ marginBottom: 12 }} data-testid="review-escalations">
      <List
        size="small"
        dataSource={items}
        renderItem={(e) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Space wrap size={4}>
                <Link to={`/reviews/${e.reviewId}`}>{e.caseNumber}</Link>
                {e.partyName}
                <Tag>{t('reviewRoundN', { n: e.round })}</Tag>
                <Tag color="red">{e.opinionKind}</Tag>
              </Space>
              <Typography.Text type="secondary">
                {t('reviewUnitOpinion')}：{e.unitOpinion}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  )
}

/**
 * L-09: the head of the handling agency sends a review to the 司法局 of its own or an upper
 * government (a decision taken in the government's name), before any opinion is given; the
 * bureau's reviewers then give the opinions. The server says when it is too late.
 */
export function ReferralForm({ detail, onDone }: { detail: ReviewDetail; onDone(): void }) {
  const { t } = useLang()
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const bureaus = useApi<{ items: { orgId: string; name: string }[] }>(open ? `/api/reviews/${detail.id}/bureaus` : null)
  const [bureauId, setBureauId] = useState<string>()
  const [reason, setReason] = useState('')
  const [error, setError] = useState<Refusal>()
  const [busy, setBusy] = useState(false)
  if (detail.referral) return null
  if (!open) return <Button block onClick={() => setOpen(true)}>{t('reviewRefer')}</Button>
  const send = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await postReview(`/api/reviews/${detail.id}/referral`, { bureauId, reason: reason.trim() })
      message.success(t('reviewReferral'))
      setOpen(false)
      onDone()
    } catch (e) {
      setError(asRefusal(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card size="small" title={t('reviewRefer')} data-testid="referral-form">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {error && <Alert type="error" showIcon title={error.message} />}
        <Select
          aria-label={t('reviewReferBureau')}
          placeholder={t('reviewReferBureau')}
          loading={bureaus.loading}
          value={bureauId}
          onChange={setBureauId}
          options={(bureaus.data?.items ?? []).map((b) => ({ value: b.orgId, label: b.name }))}
          style={{ width: '100%' }}
        />
        <Input.TextArea aria-label={t('reviewReferReason')} placeholder={t('reviewReferReason')} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        <Space wrap>
          <Button type="primary" loading={busy} disabled={!bureauId} onClick={() => void send()}>{t('reviewRefer')}</Button>
          <Button onClick={() => setOpen(false)}>{t('cancel')}</Button>
        </Space>
      </Space>
    </Card>
  )
}
