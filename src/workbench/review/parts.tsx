import { Alert, Card, Col, Descriptions, List, Row, Space, Tag, Typography } from 'antd'
import { formatDate, formatDateTime, useLang } from '../i18n.tsx'
import { STATUS_COLOR, type Proposal, type ReviewDetail, type ReviewStatus, type Round } from './types.ts'

export function ReviewStatusTag({ status }: { status: ReviewStatus }) {
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="review-status">
      {status}
    </Tag>
  )
}

/** L-03: the proposal of a round as the handling unit sent it. */
export function ProposalView({ proposal }: { proposal: Proposal }) {
  const { t } = useLang()
  return (
    <Descriptions column={1} size="small">
      <Descriptions.Item label={t('reviewDecision')}>{proposal.decision || '—'}</Descriptions.Item>
      {proposal.penalties?.length ? <Descriptions.Item label={t('reviewPenalties')}>{proposal.penalties.join('、')}</Descriptions.Item> : null}
      {proposal.fineAmount !== undefined && <Descriptions.Item label={t('reviewFine')}>{proposal.fineAmount.toLocaleString('zh-CN')}</Descriptions.Item>}
      <Descriptions.Item label={t('reviewBasis')}>{proposal.basis || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('reviewFacts')}>{proposal.facts || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('reviewReason')}>{proposal.reason || '—'}</Descriptions.Item>
    </Descriptions>
  )
}

const KIND_COLOR: Record<string, string> = { 同意: 'green', 暂不同意: 'orange', 不同意: 'red' }

/** L-05: one opinion — its kind, reasons and the points not found 符合. */
export function OpinionView({ round, checklist }: { round: Round; checklist: ReviewDetail['checklist'] }) {
  const { t } = useLang()
  const o = round.opinion
  if (!o) {
    return (
      <div>
        <Typography.Text type="secondary">{t('reviewAwaitingOpinion', { date: formatDate(round.dueOn) })}</Typography.Text>
      </div>
    )
  }
  const title = new Map(checklist.map((p) => [p.point, p.title]))
  const flagged = o.findings.filter((f) => f.finding !== '符合' || f.note)
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="review-opinion">
      <Space wrap size={4}>
        <Tag color={KIND_COLOR[o.kind] ?? 'blue'}>{o.kind}</Tag>
        <Typography.Text type="secondary">
          {o.by} · {formatDateTime(o.at)}
        </Typography.Text>
      </Space>
      {o.reasons && (
        <div data-testid="review-reasons">
          <Typography.Text type="secondary">{t('reviewReasons')}：</Typography.Text>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{o.reasons}</Typography.Text>
        </div>
      )}
      {flagged.map((f) => (
        <div key={f.point}>
          <Tag color={f.finding === '不符合' ? 'red' : 'default'}>{f.finding}</Tag>
          {title.get(f.point) ?? f.point}
          {f.note ? `：${f.note}` : ''}
        </div>
      ))}
      {!flagged.length && <Typography.Text type="secondary">{t('reviewAllConform')}</Typography.Text>}
    </Space>
  )
}

/** L-05: every round, the submission beside the reviewer's opinion; stacked on a phone. */
export function RoundsHistory({ detail }: { detail: ReviewDetail }) {
  const { t } = useLang()
  return (
    <Card size="small" title={t('reviewRounds')}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {[...detail.rounds].reverse().map((r) => (
          <Card key={r.n} size="small" type="inner" title={t('reviewRoundN', { n: r.n })} data-testid="review-round">
            <Row gutter={[16, 12]}>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('reviewSubmission')}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {r.submittedBy} · {formatDateTime(r.submittedAt)} · {t('reviewDueOn', { date: formatDate(r.dueOn) })}
                  </Typography.Text>
                </div>
                {r.answer && (
                  <div data-testid="review-answer">
                    <Typography.Text type="secondary">{t('reviewAnswer')}：</Typography.Text>
                    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.answer}</Typography.Text>
                  </div>
                )}
                <ProposalView proposal={r.proposal} />
              </Col>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('reviewOpinion')}</Typography.Text>
                <OpinionView round={r} checklist={detail.checklist} />
              </Col>
            </Row>
          </Card>
        ))}
      </Space>
    </Card>
  )
}

/**
 * L-08: what the head sees before deciding — the opinion of every round and who prepared,
 * reviewed and approved, with the mark when the decision goes against the handling unit's
 * proposal or the reviewer's opinion; coordination (L-07) and referral (L-09) when recorded.
 */
export function HeadDecisionView({ detail }: { detail: ReviewDetail }) {
  const { t } = useLang()
  const r = detail.responsibility
  return (
    <Card size="small" title={t('reviewHeadView')} data-testid="head-view">
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label={t('reviewHandler')}>{r.handler ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('reviewReviewer')}>{r.reviewer ?? detail.assignee ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('reviewHead')}>{r.head ?? '—'}</Descriptions.Item>
        {detail.referral && <Descriptions.Item label={t('reviewReferral')}>{detail.referral.bureauName}</Descriptions.Item>}
      </Descriptions>
      {r.againstOpinion && (
        <Alert
          type="error"
          showIcon
          data-testid="against-opinion"
          title={t(r.againstProposal === r.againstReviewOpinion ? 'reviewAgainstOpinion' : r.againstProposal ? 'reviewAgainstProposal' : 'reviewAgainstReviewer')}
          description={r.note || undefined}
          style={{ marginBottom: 8 }}
        />
      )}
      {detail.decision && (
        <Typography.Paragraph>
          <Typography.Text type="secondary">{t('reviewHeadDecision')}：</Typography.Text>
          {detail.decision.outcome} {detail.decision.decision}（{detail.decision.by} · {formatDateTime(detail.decision.at)}）
        </Typography.Paragraph>
      )}
      {detail.coordination?.map((c, i) => (
        <Typography.Paragraph key={i}>
          <Typography.Text type="secondary">{t('reviewCoordination', { n: c.round })}：</Typography.Text>
          {c.unitOpinion} → {c.outcome}（{c.participants.join('、')}）
        </Typography.Paragraph>
      ))}
      <List
        size="small"
        dataSource={detail.rounds}
        renderItem={(round) => (
          <List.Item>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text strong>{t('reviewRoundN', { n: round.n })}</Typography.Text>
              <OpinionView round={round} checklist={detail.checklist} />
            </Space>
          </List.Item>
        )}
      />
    </Card>
  )
}
