import { Drawer, Table, Tag, Typography } from 'antd'
import { itemsOf, useApi } from '../api.ts'
import { formatDateTime, useLang } from '../i18n.tsx'
import type { VersionEntry } from '../types.ts'
import { ErrorAlert } from '../ui.tsx'

/** The append-only version history of one record (record_version). */
export function VersionsDrawer({ path, title, onClose }: { path: string | null; title: string; onClose(): void }) {
  const { t } = useLang()
  const versions = useApi<VersionEntry[] | { items: VersionEntry[] }>(path)
  return (
    <Drawer open={path !== null} onClose={onClose} title={`${t('versions')} · ${title}`} size={560}>
      <ErrorAlert error={versions.error} />
      <Table<VersionEntry>
        rowKey="version"
        size="small"
        loading={versions.loading}
        dataSource={itemsOf(versions.data)}
        pagination={false}
        expandable={{ expandedRowRender: (v) => <Typography.Paragraph><pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(v.data, null, 2)}</pre></Typography.Paragraph>, rowExpandable: (v) => v.data !== undefined }}
        columns={[
          { title: t('version'), dataIndex: 'version', render: (n: number, v) => (v.published ? <Tag color="green">{`v${n} ${t('published')}`}</Tag> : `v${n}`) },
          { title: t('changedAt'), dataIndex: 'changedAt', render: formatDateTime },
          { title: t('changedBy'), key: 'by', render: (_, v) => v.changedBy ?? '—' },
          { title: t('reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
        ]}
      />
    </Drawer>
  )
}
