// The review workflow around the rounds: assignment (F-03), extension of the time limit and
// its warnings (L-06). The server decides every rule; its Chinese message is shown as it is.
import { useState } from 'react'
import { Alert, App, Button, Card, List, Select, Space, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { api, useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { useReasonDialog } from '../ui.tsx'
import { asRefusal, type Refusal, type ReviewDetail } from './types.ts'

type Candidate = {
  personId: string
  name: string
  kind: string
  agencyName: string
  sharedPool: boolean
  firstTime: boolean
  legalQualification: boolean
  notQualified: boolean
  conflicted: boolean
  assigned: boolean
}

/** A review's latest extension request as GET /api/reviews/:id answers it. */
export type Extension = { id: string; round: number; days: number; reason: string; requestedBy: string; status: 'pending' | 'approved' | 'rejected'; dueOn: string | null; opinion: string | null; decidedBy: string | null }

const EXTENSION_STATUS = { pending: 'reviewExtensionPending', approved: 'reviewExtensionApproved', rejected: 'reviewExtensionRejected' } as const

type PendingExtension = { id: string; reviewId: string; caseNumber: string; round: number; days: number; reason: string; requestedBy: string; dueOn: string }

type Warning = { reviewId: string; caseNumber: string; partyName: string; round: number; dueOn: string; extended: boolean; kind: 'overdue' | 'due-today' | 'due-tomorrow'; overdueWorkingDays: number; reviewerName: string | null }

/**
 * F-03 / 处罚法43 / 处罚法58: the head assigns a reviewer of the agency or of the shared pool.
 * A candidate who handled the case or lacks the qualification is marked; the server refuses them.
 */
export function AssignPanel({ detail, onDone }: { detail: ReviewDetail; onDone(): void }) {
  const { t } = useLang()
  const { message } = App.useApp()
  const loaded = useApi<{ items: Candidate[] }>(`/api/reviews/${detail.id}/candidates`)
  const [chosen, setChosen] = useState<string>()
  const [error, setError] = useState<Refusal>()
  if (loaded.error?.status === 403 || loaded.error?.status === 404) return null
  const items = loaded.data?.items ?? []
  const assign = async () => {
    if (!chosen) return
    setError(undefined)
    try {
      await api('POST', `/api/reviews/${detail.id}/assign`, { reviewerId: chosen })
      message.success(t('reviewAssigned'))
      onDone()
    } catch (e) {
      setError(asRefusal(e))
    }
  }
  return (
    <Card size="small" title={t('reviewAssign')} data-testid="review-assign">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text>
          {t('reviewAssignee')}：{detail.assignee ?? t('reviewUnassigned')}
        </Typography.Text>
        {error && <Alert type="error" showIcon title={error.message} />}
        <Select
          aria-label={t('reviewAssign')}
          placeholder={t('reviewChooseReviewer')}
          value={chosen}
          onChange={setChosen}
          loading={loaded.loading}
          style={{ width: '100%' }}
          options={items.map((c) => ({
            value: c.personId,
            disabled: c.assigned || c.conflicted || c.notQualified,
            label: (
              <Space size={4} wrap>
                {c.name}
                <Typography.Text type="secondary">{c.agencyName}</Typography.Text>
                {c.sharedPool && <Tag>{t('reviewSharedPool')}</Tag>}
                {c.assigned && <Tag color="blue">{t('reviewCurrent')}</Tag>}
                {c.conflicted && <Tag color="red">{t('reviewConflicted')}</Tag>}
                {c.notQualified && <Tag color="red">{t('reviewNotQualified')}</Tag>}
              </Space>
            ),
          }))}
        />
        <Button type="primary" disabled={!chosen} onClick={() => void assign()}>
          {t('reviewAssignOk')}
        </Button>
      </Space>
    </Card>
  )
}

/**
 * L-06: 3 working days, +2 with the approval of the 分管领导: the reviewer asks with a reason, a
 * head approves or rejects; the state of the latest request is shown to both.
 */
export function ExtensionPanel({ detail, reviewer, head, onDone }: { detail: ReviewDetail; reviewer: boolean; head: boolean; onDone(): void }) {
  const { t } = useLang()
  const ask = useReasonDialog()
  const last = detail.rounds[detail.rounds.length - 1]
  const ext = (detail.extension ?? null) as Extension | null
  const current = ext && last && ext.round === last.n ? ext : null
  const open = !!last && !last.opinion
  const mayAsk = open && reviewer && !current
  if (!current && !mayAsk) return null
  const decide = (approve: boolean) =>
    ask(t(approve ? 'reviewExtensionApprove' : 'reviewExtensionReject'), (opinion) => api('POST', `/api/review-extensions/${current!.id}/decision`, { approve, opinion }), onDone)
  return (
    <Card size="small" title={t('reviewExtension')} data-testid="review-extension">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {current && (
          <div>
            <Tag color={current.status === 'approved' ? 'green' : current.status === 'rejected' ? 'red' : 'gold'}>{t(EXTENSION_STATUS[current.status])}</Tag>
            {t('reviewExtensionDays', { n: current.days })} · {current.requestedBy}：{current.reason}
            {current.status === 'approved' && current.dueOn && <div>{t('reviewDueOn', { date: formatDate(current.dueOn) })}</div>}
            {current.opinion && (
              <div>
                <Typography.Text type="secondary">{current.decidedBy}：</Typography.Text>
                {current.opinion}
              </div>
            )}
          </div>
        )}
        {mayAsk && (
          <Button onClick={() => ask(t('reviewExtensionAsk'), (reason) => api('POST', `/api/reviews/${detail.id}/extension`, { reason }), onDone)}>{t('reviewExtensionAsk')}</Button>
        )}
        {open && head && current?.status === 'pending' && (
          <Space wrap>
            <Button type="primary" onClick={() => decide(true)}>
              {t('approve')}
            </Button>
            <Button danger onClick={() => decide(false)}>
              {t('reject')}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  )
}

/** L-06: the extension requests waiting for a head of the agency. */
export function PendingExtensions() {
  const { t } = useLang()
  const loaded = useApi<{ items: PendingExtension[] }>('/api/review-extensions')
  const items = loaded.data?.items ?? []
  if (loaded.error || !items.length) return null
  return (
    <Card size="small" title={t('reviewExtensionsPending')} style={{ marginBottom: 12 }}>
      <List
        size="small"
        dataSource={items}
        renderItem={(e) => (
          <List.Item>
            <Space wrap size={4}>
              <Link to={`/reviews/${e.reviewId}`}>{e.caseNumber}</Link>
              <Tag>{t('reviewRoundN', { n: e.round })}</Tag>
              {t('reviewExtensionDays', { n: e.days })}
              <Typography.Text type="secondary">
                {e.requestedBy}：{e.reason}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  )
}

/** L-06: overdue reviews and those due today or tomorrow, as the server's warnings list them. */
export function ReviewWarnings() {
  const { t } = useLang()
  const loaded = useApi<{ items: Warning[] }>('/api/reviews/warnings')
  const items = loaded.data?.items ?? []
  if (loaded.error || !items.length) return null
  const label = (w: Warning) =>
    w.kind === 'overdue' ? t('reviewWarnOverdue', { n: w.overdueWorkingDays }) : t(w.kind === 'due-today' ? 'reviewWarnToday' : 'reviewWarnTomorrow')
  return (
    <Alert
      type={items.some((w) => w.kind === 'overdue') ? 'error' : 'warning'}
      showIcon
      data-testid="review-warnings"
      title={t('reviewWarnings', { n: items.length })}
      description={
        <Space orientation="vertical" size={2}>
          {items.slice(0, 10).map((w) => (
            <span key={w.reviewId}>
              <Link to={`/reviews/${w.reviewId}`}>{w.caseNumber}</Link> {w.partyName} · <Typography.Text type={w.kind === 'overdue' ? 'danger' : 'warning'}>{label(w)}</Typography.Text> ·{' '}
              {formatDate(w.dueOn)}
              {w.reviewerName ? ` · ${w.reviewerName}` : ''}
            </span>
          ))}
        </Space>
      }
      style={{ marginBottom: 12 }}
    />
  )
}
