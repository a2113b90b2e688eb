import { VideoCameraOutlined } from '@ant-design/icons'
import { useEffect, useRef, useState } from 'react'
import { Alert, Button, Card, Empty, Input, Progress, Select, Space, Tag, Typography } from 'antd'
import * as tus from 'tus-js-client'
import { ApiError, useApi, writeHeaders } from '../api.ts'
import { formatDateTime, useLang } from '../i18n.tsx'
import { useMe } from '../session.tsx'
import { Unavailable, isUnavailable } from './common.tsx'
import type { OfficerOption } from './ActionForm.tsx'

/** R-06: an act of the case as GET /api/cases/:id/av-status answers it. */
type AvItem = { actionId: string; type: string; actedOn: string; level: string | null; hasRecording: boolean }

/** R-07: a recording as GET /api/cases/:id/media answers it. */
type Recording = {
  id: string
  stage: string | null
  sha256: string
  sm3: string
  size: number
  mediaType: string
  fileName: string | null
  device: string
  officerName: string
  startedAt: string
  endedAt: string
  location: string | null
  durationMs: number | null
  secrecy: string | null
  withheld: string | null
}

const TEXT = {
  'zh-CN': {
    title: '音像记录',
    choose: '选择录像或录音文件',
    upload: '上传',
    device: '录制设备（如执法记录仪编号）',
    officer: '录制人',
    location: '录制地点（可选）',
    started: '开始录制',
    ended: '结束录制',
    pause: '暂停',
    resume: '继续上传',
    uploaded: '已入库',
    none: '暂无音像记录',
    size: '大小',
    duration: '时长',
    needFields: '请填写录制设备、录制人和起止时间',
    act: '所录执法行为',
    actNone: '不指定（本环节）',
    missing: '待上传',
  },
  en: {
    title: 'Recordings',
    choose: 'Choose a video or audio file',
    upload: 'Upload',
    device: 'Device (e.g. body camera number)',
    officer: 'Recorded by',
    location: 'Place (optional)',
    started: 'Started',
    ended: 'Ended',
    pause: 'Pause',
    resume: 'Resume upload',
    uploaded: 'Stored',
    none: 'No recordings yet',
    size: 'Size',
    duration: 'Duration',
    needFields: 'Fill in device, recorder and start and end time',
    act: 'Act recorded',
    actNone: 'None (this stage)',
    missing: 'missing',
  },
} as const

const mediaPath = (caseId: string) => `/api/cases/${caseId}/media`
const contentPath = (id: string) => `/api/media/${id}/content`
const MIB = 1024 * 1024
/** datetime-local value of a moment, in the browser's time zone. */
const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}
const iso = (local: string) => new Date(local).toISOString()
const clock = (ms: number) => {
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}
/** The server's {code, message}, when a tus request was refused. */
const tusMessage = (error: Error) => {
  const body = (error as tus.DetailedError).originalResponse?.getBody()
  try {
    return (JSON.parse(body ?? '') as { message?: string }).message ?? error.message
  } catch {
    return error.message
  }
}

/**
 * R-07: body-camera and 采集工作站 recordings of a case. Files of several GB go up with tus in
 * 8 MiB chunks and can be paused, and resumed after a lost connection or a reload (the upload
 * URL is kept in this browser); the server hashes and stores the finished file. Playback uses
 * the browser's player, which seeks by HTTP Range.
 */
export function Media({ caseId, stage, officers, canUpload, version }: { caseId: string; stage: string | null; officers: OfficerOption[]; canUpload: boolean; version: number }) {
  const { lang } = useLang()
  const text = TEXT[lang === 'en' ? 'en' : 'zh-CN']
  const me = useMe()
  const list = useApi<{ items: Recording[] }>(mediaPath(caseId))
  const { reload } = list
  useEffect(() => reload(), [version, reload])
  const input = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File>()
  const [device, setDevice] = useState('')
  const [officer, setOfficer] = useState<string | undefined>(me.personId ?? undefined)
  const [location, setLocation] = useState('')
  const [started, setStarted] = useState('')
  const [ended, setEnded] = useState('')
  const [progress, setProgress] = useState<number>()
  const [upload, setUpload] = useState<tus.Upload>()
  const [paused, setPaused] = useState(false)
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  // R-06: a recording belongs to the act it records; the listed acts of the case, the first one
  // still missing its recording chosen by default, so advancing past it is no longer refused.
  const avs = useApi<AvItem[]>(`/api/cases/${caseId}/av-status`)
  const listed = (avs.data ?? []).filter((a) => a.level)
  const [act, setAct] = useState<string>()
  const actId = act ?? listed.find((a) => !a.hasRecording)?.actionId

  if (isUnavailable(list.error)) {
    return (
      <Card size="small" title={text.title}>
        <Unavailable what={text.title} />
      </Card>
    )
  }

  function choose(chosen: File) {
    setFile(chosen)
    setDone(undefined)
    setError(undefined)
    // A camera file's modification time is when the recording ended.
    const end = chosen.lastModified || Date.now()
    setEnded(localInput(end))
    setStarted((s) => s || localInput(end - 60_000))
  }

  async function start() {
    if (!file || !device.trim() || !officer || !started || !ended) return setError(text.needFields)
    setError(undefined)
    setDone(undefined)
    const metadata: Record<string, string> = {
      caseId,
      device: device.trim(),
      officer,
      startedAt: iso(started),
      endedAt: iso(ended),
      filename: file.name.slice(0, 200),
      mime: file.type || 'video/mp4',
      ...(actId ? { actionId: actId } : stage ? { stage } : {}),
      ...(location.trim() ? { location: location.trim() } : {}),
    }
    const next = new tus.Upload(file, {
      endpoint: '/api/media/uploads',
      chunkSize: 8 * MIB,
      retryDelays: [0, 2000, 5000, 10000, 30000],
      metadata,
      headers: writeHeaders(),
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => setProgress(Math.floor((sent / total) * 100)),
      onError: (e) => {
        setError(e instanceof ApiError ? e.message : tusMessage(e))
        setProgress(undefined)
        setUpload(undefined)
      },
      onSuccess: () => {
        setDone(file.name)
        setProgress(undefined)
        setUpload(undefined)
        setFile(undefined)
        if (input.current) input.current.value = ''
        reload()
        avs.reload()
      },
    })
    const previous = await next.findPreviousUploads()
    if (previous[0]) next.resumeFromPreviousUpload(previous[0])
    setUpload(next)
    setPaused(false)
    setProgress(0)
    next.start()
  }

  async function pause() {
    await upload?.abort()
    setPaused(true)
  }
  function resume() {
    upload?.start()
    setPaused(false)
  }

  const items = list.data?.items ?? []
  return (
    <Card size="small" title={text.title} data-testid="media">
      {canUpload && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Button block icon={<VideoCameraOutlined />} onClick={() => input.current?.click()} disabled={!!upload}>
            {file ? file.name : text.choose}
          </Button>
          <input
            ref={input}
            type="file"
            accept="video/*,audio/*"
            aria-label={text.choose}
            data-testid="media-input"
            hidden
            onChange={(e) => {
              const chosen = e.target.files?.[0]
              if (chosen) choose(chosen)
            }}
          />
          {file && (
            <>
              {listed.length > 0 && (
                <Select
                  aria-label={text.act}
                  placeholder={text.act}
                  value={actId ?? ''}
                  onChange={(v: string) => setAct(v)}
                  style={{ width: '100%' }}
                  options={[
                    ...listed.map((a) => ({ value: a.actionId, label: `${a.type} ${a.actedOn}${a.hasRecording ? '' : ` · ${text.missing}`}` })),
                    { value: '', label: text.actNone },
                  ]}
                />
              )}
              <Input aria-label={text.device} placeholder={text.device} value={device} maxLength={100} onChange={(e) => setDevice(e.target.value)} />
              <Select
                aria-label={text.officer}
                placeholder={text.officer}
                value={officer}
                onChange={setOfficer}
                style={{ width: '100%' }}
                options={officers.map((o) => ({ value: o.id, label: o.certNo ? `${o.name}（${o.certNo}）` : o.name }))}
              />
              <label>
                {text.started} <Input type="datetime-local" aria-label={text.started} value={started} onChange={(e) => setStarted(e.target.value)} />
              </label>
              <label>
                {text.ended} <Input type="datetime-local" aria-label={text.ended} value={ended} onChange={(e) => setEnded(e.target.value)} />
              </label>
              <Input aria-label={text.location} placeholder={text.location} value={location} maxLength={200} onChange={(e) => setLocation(e.target.value)} />
              {!upload && (
                <Button type="primary" block onClick={() => void start()}>
                  {text.upload}
                </Button>
              )}
            </>
          )}
          {progress !== undefined && (
            <Space style={{ width: '100%' }}>
              <Progress percent={progress} size="small" style={{ minWidth: 160 }} />
              {upload && (paused ? <Button onClick={resume}>{text.resume}</Button> : <Button onClick={() => void pause()}>{text.pause}</Button>)}
            </Space>
          )}
          {error && <Alert type="error" showIcon role="alert" title={error} />}
          {done && <Alert type="success" showIcon role="status" title={`${text.uploaded}：${done}`} />}
        </Space>
      )}
      {list.error && <Typography.Text type="danger">{list.error.message}</Typography.Text>}
      {items.length ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {items.map((m) => (
            <figure key={m.id} style={{ margin: 0 }} data-testid="media-item">
              {m.withheld ? (
                <Tag color="orange">{m.withheld}</Tag>
              ) : m.mediaType.startsWith('video/') ? (
                <video controls preload="metadata" src={contentPath(m.id)} style={{ width: '100%', maxHeight: 360, background: '#000' }} />
              ) : (
                <audio controls preload="metadata" src={contentPath(m.id)} style={{ width: '100%' }} />
              )}
              <figcaption style={{ fontSize: 12, color: '#8c8c8c', wordBreak: 'break-all' }}>
                {m.secrecy && <Tag color="red">{m.secrecy}</Tag>}
                <div>
                  {formatDateTime(m.startedAt)} – {formatDateTime(m.endedAt)}
                  {m.durationMs !== null && ` · ${text.duration} ${clock(m.durationMs)}`} · {text.size} {m.size < MIB ? `${Math.ceil(m.size / 1024)} KB` : `${(m.size / MIB).toFixed(1)} MB`}
                </div>
                <div>
                  {m.officerName} · {m.device}
                  {m.location && ` · ${m.location}`}
                  {m.stage && ` · ${m.stage}`}
                </div>
                <div title={m.sha256}>SHA-256 {m.sha256.slice(0, 16)}…</div>
                <div title={m.sm3}>SM3 {m.sm3.slice(0, 16)}…</div>
              </figcaption>
            </figure>
          ))}
        </Space>
      ) : (
        !list.loading && <Empty description={text.none} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  )
}
