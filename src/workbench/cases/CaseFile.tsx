import { FilePdfOutlined, FileZipOutlined } from '@ant-design/icons'
import { useEffect, useState } from 'react'
import { Alert, Button, Card, Empty, Space, Table, Typography } from 'antd'
import { api, ApiError, useApi } from '../api.ts'
import { formatDate, formatDateTime, useLang } from '../i18n.tsx'
import { Unavailable, isUnavailable } from './common.tsx'
import { caseFileDownloadPath, caseFilePath } from './paths.ts'

/** one line of the 卷内目录. */
export type TocEntry = { seq: number; name: string; number: string | null; date: string | null; pages: number; pageLabel: string }
export type CaseFileExport = {
  id: string
  version: number
  pages: number
  pdfSha256: string
  zipSha256: string
  assembledAt: string
  /** 国家秘密 material kept out of the file */
  withheld: { entity: string; id: string; name: string; level: string }[]
}
/** the case file as its routes answer it: the latest assembled version and its 卷内目录. */
export type CaseFileView = { export: CaseFileExport | null; toc: TocEntry[] }

/** the 案卷 of an ended case — 组卷, the 卷内目录, and the PDF and the signed ZIP. */
export function CaseFile({ caseId, closed, canWrite, version }: { caseId: string; closed: boolean; canWrite: boolean; version: number }) {
  const { t } = useLang()
  const loaded = useApi<CaseFileView>(caseFilePath(caseId))
  const { reload } = loaded
  useEffect(() => reload(), [version, reload])
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  if (isUnavailable(loaded.error)) {
    return (
      <Card size="small" title={t('caseFile')}>
        <Unavailable what={t('caseFile')} />
      </Card>
    )
  }
  // a case without an assembled file answers 404 with its own message: that is "none yet"
  const view = loaded.error?.status === 404 ? undefined : loaded.data
  const current = view?.export ?? null
  const assemble = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await api('POST', caseFilePath(caseId), {})
      reload()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card
      size="small"
      title={t('caseFile')}
      data-testid="case-file"
      extra={
        canWrite &&
        closed && (
          <Button onClick={() => void assemble()} loading={busy}>
            {current ? t('caseFileReassemble') : t('caseFileAssemble')}
          </Button>
        )
      }
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {loaded.error && loaded.error.status !== 404 && <Typography.Text type="danger">{loaded.error.message}</Typography.Text>}
      {!closed && !current && <Typography.Paragraph type="secondary">{t('caseFileAfterClosing')}</Typography.Paragraph>}
      {current ? (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t('documentVersion', { n: current.version })} · {t('documentPages', { n: current.pages })} · {formatDateTime(current.assembledAt)}
          </Typography.Text>
          <Space wrap>
            <Button icon={<FilePdfOutlined />} href={caseFileDownloadPath(caseId, current.id, 'pdf')} download>
              {t('caseFilePdf')}
            </Button>
            <Button icon={<FileZipOutlined />} href={caseFileDownloadPath(caseId, current.id, 'zip')} download>
              {t('caseFileZip')}
            </Button>
          </Space>
          <Typography.Text code style={{ wordBreak: 'break-all', fontSize: 11 }}>
            PDF SHA-256 {current.pdfSha256}
          </Typography.Text>
          <Typography.Text code style={{ wordBreak: 'break-all', fontSize: 11 }}>
            ZIP SHA-256 {current.zipSha256}
          </Typography.Text>
          {current.withheld.length > 0 && (
            <Alert type="warning" showIcon title={t('caseFileWithheld', { names: current.withheld.map((w) => w.name).join('、') })} />
          )}
          <Table<TocEntry>
            rowKey="seq"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            title={() => <Typography.Text strong>{t('caseFileToc')}</Typography.Text>}
            dataSource={view?.toc ?? []}
            columns={[
              { title: t('tocSeq'), dataIndex: 'seq' },
              { title: t('tocName'), dataIndex: 'name' },
              { title: t('tocNumber'), dataIndex: 'number', render: (v: string | null) => v ?? '—' },
              { title: t('tocDate'), dataIndex: 'date', render: formatDate },
              { title: t('tocPages'), dataIndex: 'pageLabel' },
            ]}
          />
        </Space>
      ) : (
        closed && !loaded.loading && <Empty description={t('caseFileNone')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  )
}
