import { useState } from 'react'
import { Alert, Button, Input } from 'antd'
import { api, ApiError, useApi } from '../api.ts'

/** one live action against the 音像记录事项清单 (GET /api/cases/:id/av-status). */
export type AvStatusRow = {
  actionId: string
  type: string
  actedOn: string
  act: string | null
  level: 'required' | 'expected' | null
  recordedHow: string | null
  source: string | null
  hasRecording: boolean
  absenceReason: string | null
  satisfied: boolean
}

export const AV_CODES = new Set(['AV_REQUIRED', 'AV_REASON_REQUIRED'])

/**
 * the AV status of the case's earlier listed actions, shown before the next one is
 * recorded; for an unsatisfied EXPECTED act, a "说明未录像原因" field that records the reason
 * (POST /api/cases/:id/actions/:actionId/av-absence). `refresh` changes after a refusal.
 */
export function AvStatusPanel(props: { caseId: string; excludeActionId?: string; refresh?: number }) {
  const status = useApi<AvStatusRow[]>(`/api/cases/${props.caseId}/av-status?r=${props.refresh ?? 0}`)
  const [reason, setReason] = useState<Record<string, string>>({})
  const [error, setError] = useState<ApiError>()
  const [busy, setBusy] = useState(false)
  const listed = (status.data ?? []).filter((s) => s.level !== null && s.actionId !== props.excludeActionId)
  const previous = listed.at(-1)
  const open = listed.filter((s) => !s.satisfied)
  const shown = open.length ? open : previous ? [previous] : []
  if (!shown.length) return null

  async function save(row: AvStatusRow) {
    setBusy(true)
    setError(undefined)
    try {
      await api('POST', `/api/cases/${props.caseId}/actions/${row.actionId}/av-absence`, { reason: (reason[row.actionId] ?? '').trim() })
      status.reload()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-testid="av-status" style={{ marginBottom: 16 }}>
      {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 8 }} />}
      {shown.map((row) => {
        const what = `${row.type}（${row.act}，${row.actedOn}）`
        const need = row.level === 'required' ? `须${row.recordedHow}记录` : `应当${row.recordedHow}记录`
        const state = row.hasRecording ? '已附录音录像' : row.absenceReason ? `已说明未录像原因：${row.absenceReason}` : row.level === 'required' ? '未附录音录像' : '未附录音录像，也未说明原因'
        return (
          <div key={row.actionId} style={{ marginBottom: 8 }}>
            <Alert type={row.satisfied ? 'success' : 'warning'} showIcon role="status" title={`音像记录：${what}${need}——${state}`} description={row.source ?? undefined} />
            {!row.satisfied && row.level === 'expected' && (
              <div style={{ marginTop: 8 }}>
                <label htmlFor={`av-reason-${row.actionId}`} style={{ display: 'block', marginBottom: 4 }}>
                  说明未录像原因
                </label>
                <Input.TextArea id={`av-reason-${row.actionId}`} rows={2} maxLength={500} value={reason[row.actionId] ?? ''} onChange={(e) => setReason({ ...reason, [row.actionId]: e.target.value })} />
                <Button block size="large" style={{ marginTop: 8 }} loading={busy} disabled={(reason[row.actionId] ?? '').trim().length < 5} onClick={() => void save(row)}>
                  记录原因
                </Button>
              </div>
            )}
          </div>
        )
      })}
    </div>
  )
}

/**
 * the server's answer to "may this case go on to `type` now?" (GET …/av-advance, the
 * same code and message the database gives when the action is recorded), shown at the top of
 * a next step's dialog, so a missing recording is refused before the form is filled in.
 */
export function AvAdvanceRefusal(props: { caseId: string; type: string; refresh?: number }) {
  const check = useApi<{ problem: { code: string; message: string } | null }>(
    `/api/cases/${props.caseId}/av-advance?type=${encodeURIComponent(props.type)}&r=${props.refresh ?? 0}`,
  )
  const problem = check.data?.problem
  if (!problem) return null
  return <Alert type="error" showIcon role="alert" title={problem.message} data-testid="av-refusal" style={{ marginBottom: 16 }} />
}
