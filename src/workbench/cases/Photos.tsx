import { CameraOutlined } from '@ant-design/icons'
import { useEffect, useRef, useState } from 'react'
import { Alert, Button, Card, Empty, Image, Progress, Select, Tag, Typography } from 'antd'
import { ApiError, useApi } from '../api.ts'
import { formatDateTime, useLang } from '../i18n.tsx'
import { Unavailable, isUnavailable } from './common.tsx'
import { attachmentContentPath, attachmentsPath, type Attachment } from './paths.ts'
import { uploadRaw } from './upload.ts'

/** R-10 / 处罚法50: the marks of secret and private material (secrecy_level_valid in migration 0010). */
const SECRECY = ['privacy', 'trade-secret', 'state-secret'] as const
type Secrecy = (typeof SECRECY)[number]
const SECRECY_LABEL: Record<Secrecy, 'secrecyPrivacy' | 'secrecyTrade' | 'secrecyState'> = { privacy: 'secrecyPrivacy', 'trade-secret': 'secrecyTrade', 'state-secret': 'secrecyState' }

/**
 * photos taken with the phone's camera attach to the case's current stage; the
 * SHA-256 the server computed is shown, so the officer can note it in the 笔录.
 */
export function Photos({ caseId, stage, canUpload, version }: { caseId: string; stage: string | null; canUpload: boolean; version: number }) {
  const { t } = useLang()
  const input = useRef<HTMLInputElement>(null)
  const list = useApi<{ items: Attachment[] }>(attachmentsPath(caseId))
  const { reload } = list
  useEffect(() => reload(), [version, reload])
  const [progress, setProgress] = useState<number>()
  const [error, setError] = useState<string>()
  const [last, setLast] = useState<Attachment>()
  const [secrecy, setSecrecy] = useState<Secrecy>()

  if (isUnavailable(list.error)) {
    return (
      <Card size="small" title={t('photos')}>
        <Unavailable what={t('photos')} />
      </Card>
    )
  }

  async function upload(file: File) {
    setError(undefined)
    setLast(undefined)
    setProgress(0)
    try {
      const params: Record<string, string | undefined> = {
        fileName: file.name.slice(0, 200) || undefined,
        capturedAt: file.lastModified ? new Date(file.lastModified).toISOString() : undefined,
        stage: stage ?? undefined,
        secrecy,
      }
      const done = await uploadRaw<Attachment>(attachmentsPath(caseId, params), file, file.type, setProgress)
      setLast(done)
      reload()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setProgress(undefined)
      if (input.current) input.current.value = ''
    }
  }

  const images = (list.data?.items ?? []).filter((a) => a.mediaType.startsWith('image/'))
  return (
    <Card size="small" title={t('photos')} data-testid="photos">
      {canUpload && (
        <div style={{ marginBottom: 12 }}>
          <Select<Secrecy>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('secrecyMark')}
            placeholder={t('secrecyMark')}
            value={secrecy}
            onChange={setSecrecy}
            style={{ width: '100%', marginBottom: 8 }}
            options={SECRECY.map((level) => ({ value: level, label: t(SECRECY_LABEL[level]) }))}
          />
          <Button type="primary" size="large" block icon={<CameraOutlined />} onClick={() => input.current?.click()} loading={progress !== undefined}>
            {t('photoTake')}
          </Button>
          <input
            ref={input}
            type="file"
            accept="image/*"
            capture="environment"
            aria-label={t('photoTake')}
            data-testid="photo-input"
            hidden
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (file) void upload(file)
            }}
          />
          {progress !== undefined && <Progress percent={progress} size="small" aria-label={t('photoUploading')} />}
          {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginTop: 8 }} />}
          {last && (
            <Alert
              type="success"
              showIcon
              role="status"
              style={{ marginTop: 8 }}
              title={t('photoUploaded')}
              description={
                <Typography.Text copyable code style={{ wordBreak: 'break-all' }} data-testid="photo-sha256">
                  SHA-256 {last.sha256}
                </Typography.Text>
              }
            />
          )}
        </div>
      )}
      {list.error && <Typography.Text type="danger">{list.error.message}</Typography.Text>}
      {images.length ? (
        <Image.PreviewGroup>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(100px, 1fr))', gap: 8 }}>
            {images.map((a) => (
              <figure key={a.id} style={{ margin: 0 }} data-testid="gallery-item">
                {a.withheld ? (
                  <Tag color="orange">{a.withheld}</Tag>
                ) : (
                  <Image src={attachmentContentPath(a.id)} alt={a.fileName ?? a.description ?? t('photo')} style={{ width: '100%', aspectRatio: '1', objectFit: 'cover' }} />
                )}
                <figcaption style={{ fontSize: 11, color: '#8c8c8c', wordBreak: 'break-all' }}>
                  {a.secrecy && <Tag color="red">{t(SECRECY_LABEL[a.secrecy as Secrecy] ?? 'secrecyMark')}</Tag>}
                  {a.stage && <div>{a.stage}</div>}
                  {a.description && <div>{a.description}</div>}
                  <div>{formatDateTime(a.capturedAt ?? a.uploadedAt)}</div>
                  <div title={a.sha256}>SHA-256 {a.sha256.slice(0, 12)}…</div>
                </figcaption>
              </figure>
            ))}
          </div>
        </Image.PreviewGroup>
      ) : (
        !list.loading && <Empty description={t('noPhotos')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  )
}
