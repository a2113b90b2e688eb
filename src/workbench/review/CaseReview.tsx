import { useEffect, useState } from 'react'
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { useMe } from '../session.tsx'
import { OpinionView, ReviewStatusTag } from './parts.tsx'
import { CoordinationForm, decisionState } from './decision.tsx'
import { asRefusal, postReview, resubmitPath, reviewPath, reviewsPath, submitPath, type QueueItem, type Refusal, type ReviewDetail } from './types.ts'

/** L-01 / L-02: whether the case is a major decision under the agency's catalogue, and which entries matched. */
type ReviewNeed = { needed: boolean; rules: { code: string; title: string; source: string }[] }

function NeedNotice({ caseId, version }: { caseId: string; version: number }) {
  const { t } = useLang()
  const need = useApi<ReviewNeed>(`/api/cases/${caseId}/review-need`)
  const { reload } = need
  useEffect(() => reload(), [version, reload])
  if (!need.data?.needed) return null
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="review-need"
      title={t('reviewNeeded')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {need.data.rules.map((r) => (
            <li key={r.code}>
              {r.title}
              <Typography.Text type="secondary">（{r.source}）</Typography.Text>
            </li>
          ))}
        </ul>
      }
      style={{ marginBottom: 8 }}
    />
  )
}

type SubmitValues = { statement?: string; decision?: string; penalties?: string[]; fineAmount?: number | null; basis?: string; facts?: string; reason?: string }

/** The server's refusal; PACKAGE_INCOMPLETE lists the missing package items one per line (L-03). */
function RefusalAlert({ error }: { error: Refusal | undefined }) {
  const { t } = useLang()
  if (!error) return null
  const missing = error.details.missing
  return (
    <Alert
      type="error"
      showIcon
      data-testid="review-refusal"
      title={error.message}
      description={
        error.code === 'PACKAGE_INCOMPLETE' && Array.isArray(missing) && missing.length ? (
          <div>
            <Typography.Text>{t('reviewMissingItems')}</Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="package-missing">
              {missing.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        ) : undefined
      }
      style={{ marginBottom: 12 }}
    />
  )
}

/**
 * L-03: 提交法制审核 with the proposal and the 情况说明. Nothing is required in the form: the
 * server checks the package and its PACKAGE_INCOMPLETE names what is missing.
 */
function SubmitDialog({ caseId, open, onClose, onDone }: { caseId: string; open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useLang()
  const { message } = App.useApp()
  const [form] = Form.useForm<SubmitValues>()
  const [error, setError] = useState<Refusal>()
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    const v = form.getFieldsValue()
    setBusy(true)
    setError(undefined)
    try {
      await postReview(submitPath(caseId), {
        statement: v.statement?.trim() ?? '',
        proposal: {
          decision: v.decision?.trim() ?? '',
          penalties: v.penalties ?? [],
          ...(typeof v.fineAmount === 'number' ? { fineAmount: v.fineAmount } : {}),
          basis: v.basis?.trim() ?? '',
          facts: v.facts?.trim() ?? '',
          reason: v.reason?.trim() ?? '',
        },
        flags: [],
      })
      message.success(t('reviewSubmitted'))
      onClose()
      onDone()
    } catch (e) {
      setError(asRefusal(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      title={t('reviewSubmit')}
      open={open}
      okText={t('reviewSubmitOk')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => o || setError(undefined)}
    >
      <RefusalAlert error={error} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="statement" label={t('reviewStatement')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="decision" label={t('reviewDecision')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="penalties" label={t('reviewPenalties')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} options={['警告', '罚款', '没收违法所得', '没收非法财物', '责令停产停业', '暂扣许可证件', '吊销许可证件'].map((v) => ({ value: v, label: v }))} />
        </Form.Item>
        <Form.Item name="fineAmount" label={t('reviewFine')}>
          <InputNumber min={0} max={1e12} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="basis" label={t('reviewBasis')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="facts" label={t('reviewFacts')}>
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        <Form.Item name="reason" label={t('reviewReason')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** L-05: the handling unit answers a returned round and resubmits; the server refuses an empty answer. */
function ResubmitForm({ reviewId, onDone }: { reviewId: string; onDone(): void }) {
  const { t } = useLang()
  const { message } = App.useApp()
  const [answer, setAnswer] = useState('')
  const [error, setError] = useState<Refusal>()
  const [busy, setBusy] = useState(false)
  const send = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await postReview(resubmitPath(reviewId), { answer: answer.trim() })
      message.success(t('reviewResubmitted'))
      setAnswer('')
      onDone()
    } catch (e) {
      setError(asRefusal(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="resubmit-form">
      <RefusalAlert error={error} />
      <label htmlFor="review-answer">
        <Typography.Text strong>{t('reviewAnswer')}</Typography.Text>
      </label>
      <Input.TextArea id="review-answer" rows={3} maxLength={5000} value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder={t('reviewAnswerHint')} />
      <Button type="primary" size="large" block loading={busy} onClick={() => void send()}>
        {t('reviewResubmit')}
      </Button>
    </Space>
  )
}

/**
 * L-03 / L-05 on the case page: 提交法制审核, the review's status and due date, the reasons of
 * a returned round and the answer with which the handling unit resubmits.
 */
export function CaseReview({ caseId, version }: { caseId: string; version: number }) {
  const me = useMe()
  const { t } = useLang()
  const [dialog, setDialog] = useState(false)
  const queue = useApi<{ items: QueueItem[] }>(reviewsPath('agency'))
  const { reload } = queue
  useEffect(() => reload(), [version, reload])
  const mine = (queue.data?.items ?? []).filter((i) => i.caseId === caseId).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0]
  const detail = useApi<ReviewDetail>(mine ? reviewPath(mine.id) : null)
  const reloadDetail = detail.reload
  // a new round or opinion shows in the queue line first; the detail follows it
  useEffect(() => reloadDetail(), [mine?.round, mine?.status, reloadDetail])
  const canSubmit = me.roles.some((r) => r === 'officer' || r === 'head')
  // a role that may not read reviews (辅助人员) sees no card
  if (queue.error?.status === 403) return null
  const d = detail.data
  const last = d?.rounds[d.rounds.length - 1]
  const returned = !!mine && (mine.status === '已退回' || mine.status === '不同意')
  const state = d && decisionState(d)
  // a coordination or decision changes the detail, not the queue line
  const done = () => {
    queue.reload()
    reloadDetail()
  }
  return (
    <Card size="small" title={t('reviewCaseCard')} data-testid="case-review" extra={mine && <Link to={`/reviews/${mine.id}`}>{t('reviewOpen')}</Link>}>
      {queue.error && <Typography.Text type="danger">{queue.error.message}</Typography.Text>}
      {(!mine || mine.status !== '已通过') && <NeedNotice caseId={caseId} version={version} />}
      {!mine && !queue.loading && (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('reviewNotSubmitted')}</Typography.Text>
          {canSubmit && (
            <Button type="primary" block size="large" onClick={() => setDialog(true)}>
              {t('reviewSubmit')}
            </Button>
          )}
        </Space>
      )}
      {mine && (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap size={4}>
            <ReviewStatusTag status={mine.status} />
            <Tag>{t('reviewRoundN', { n: mine.round })}</Tag>
            {(mine.status === '审核中' || mine.status === '待分配') && (
              <Tag color={mine.overdue ? 'red' : 'default'}>{t('reviewDueOn', { date: formatDate(mine.dueOn) })}</Tag>
            )}
          </Space>
          {returned && last?.opinion && (
            <div data-testid="case-review-returned">
              <Typography.Text strong>{t('reviewReturnedBy', { name: last.opinion.by })}</Typography.Text>
              <OpinionView round={last} checklist={d!.checklist} />
            </div>
          )}
          {returned && state?.coordination && (
            <div data-testid="case-review-coordination">
              <Tag color={state.coordination.resolved ? 'green' : 'red'}>{t(state.coordination.resolved ? 'reviewResolved' : 'reviewEscalatedWait')}</Tag>
              {state.coordination.unitOpinion}
            </div>
          )}
          {d?.decision && (
            <div data-testid="case-review-decision">
              <Typography.Text type="secondary">{t('reviewHeadDecision')}：</Typography.Text>
              {d.decision.decision}（{d.decision.by}）
              {(d.decision.againstOpinion || d.decision.againstProposal) && <Tag color="red">{t('reviewAgainstOpinion')}</Tag>}
            </div>
          )}
          {returned && canSubmit && !state?.decided && <ResubmitForm reviewId={mine.id} onDone={done} />}
          {returned && canSubmit && !state?.decided && !state?.escalated && <CoordinationForm reviewId={mine.id} onDone={done} />}
        </Space>
      )}
      {dialog && <SubmitDialog caseId={caseId} open={dialog} onClose={() => setDialog(false)} onDone={done} />}
    </Card>
  )
}
