import { useState } from 'react'
import { App, Button, Form, Input, Select, Space, Table, Tag } from 'antd'
import { api, itemsOf, useApi } from '../api.ts'
import { useLang } from '../i18n.tsx'
import { canWrite } from '../nav.ts'
import { useMe } from '../session.tsx'
import { BODY_KINDS, DOMAINS, type Body, type Paged } from '../types.ts'
import { ErrorAlert, FormModal, OrgPicker, PageTitle, TagsInput, useEditor, useOrgs, useRunner } from '../ui.tsx'
import { usccValid } from '../../domains/bodies/rules.ts'
import { VersionsDrawer } from './Versions.tsx'

type BodyForm = Pick<Body, 'name' | 'uscc' | 'bodyKind' | 'entrustingBodyId' | 'legalBasis' | 'domains' | 'address' | 'postcode' | 'phone' | 'email' | 'supervisorName' | 'supervisorContact' | 'reconsiderationBody' | 'court'> & {
  parentId?: string
  code?: string
  duties?: string | null
  reason?: string
}

const TEXT_FIELDS = [
  ['address', 'address', 200],
  ['phone', 'phone', 40],
  ['supervisorName', 'supervisorName', 100],
  ['supervisorContact', 'supervisorContact', 200],
  ['reconsiderationBody', 'reconsiderationBody', 100],
  ['court', 'court', 100],
] as const

/** 执法主体 (F-01): the registry, with publication of the current version to the portal. */
export default function BodiesPage() {
  const me = useMe()
  const { t } = useLang()
  const { modal } = App.useApp()
  const run = useRunner()
  const writable = canWrite(me.roles, 'bodies')
  const bodies = useApi<Paged<Body>>('/api/bodies?limit=500')
  const orgs = useOrgs()
  const editor = useEditor<Body>()
  const [history, setHistory] = useState<Body | null>(null)
  const list = itemsOf(bodies.data)
  const editing = editor.record
  const publish = (body: Body) =>
    modal.confirm({
      title: `${t('publish')} · ${body.name}`,
      content: t('publishConfirm'),
      okText: t('publish'),
      cancelText: t('cancel'),
      onOk: async () => {
        await run(() => api('POST', `/api/bodies/${body.id}/publish`, { expectedVersion: body.version }))
        bodies.reload()
      },
    })
  return (
    <>
      <PageTitle extra={writable && <Button type="primary" onClick={editor.openNew}>{t('create')}</Button>}>{t('navBodies')}</PageTitle>
      <ErrorAlert error={bodies.error} />
      <Table<Body>
        rowKey="id"
        size="small"
        loading={bodies.loading}
        dataSource={list}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('bodyName'), dataIndex: 'name' },
          { title: t('orgParent'), dataIndex: 'parentName', render: (v: string | null) => v ?? '—' },
          { title: t('uscc'), dataIndex: 'uscc' },
          { title: t('bodyKind'), dataIndex: 'bodyKind' },
          { title: t('domains'), dataIndex: 'domains', render: (d: string[]) => d.map((x) => <Tag key={x}>{x}</Tag>) },
          {
            title: t('version'),
            key: 'version',
            render: (_, b) => (
              <Space size={4}>
                <span>v{b.version}</span>
                {b.publishedVersion === null || b.version > b.publishedVersion ? <Tag color="orange">{t('unpublishedChanges')}</Tag> : <Tag color="green">{t('published')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, b) => (
              <Space size={4} wrap>
                {writable && <Button size="small" onClick={() => editor.openEdit(b)}>{t('edit')}</Button>}
                {writable && (b.publishedVersion === null || b.version > b.publishedVersion) && (
                  <Button size="small" type="primary" onClick={() => publish(b)}>
                    {t('publish')}
                  </Button>
                )}
                <Button size="small" onClick={() => setHistory(b)}>
                  {t('versions')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <FormModal<BodyForm>
        title={editing ? `${t('edit')} · ${editing.name}` : t('create')}
        open={editor.open}
        width={720}
        onClose={editor.close}
        initialValues={editing ? { ...editing, parentId: undefined } : { bodyKind: '行政机关', domains: [] }}
        onSubmit={async ({ parentId, code, reason, ...values }) => {
          const body = {
            ...values,
            duties: values.duties || null,
            entrustingBodyId: values.bodyKind === '受委托组织' ? values.entrustingBodyId : null,
            postcode: values.postcode || null,
            email: values.email || null,
          }
          if (editing) await api('PATCH', `/api/bodies/${editing.id}`, { ...body, reason, expectedVersion: editing.version })
          else await api('POST', '/api/bodies', { parentId, code, ...body })
          bodies.reload()
        }}
      >
        {!editing && (
          <>
            <Form.Item name="parentId" label={t('orgParent')} rules={[{ required: true, message: t('required') }]}>
              <OrgPicker tree={orgs.tree} />
            </Form.Item>
            <Form.Item name="code" label={t('code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{2,40}$/, message: t('required') }]}>
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label={t('bodyName')} rules={[{ required: true, min: 2, max: 100, message: t('required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="duties" label={t('orgDuties')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('uscc')}
          normalize={(v: string) => v?.toUpperCase().trim()}
          rules={[{ required: true, message: t('required') }, { validator: async (_, v: string) => { if (v && !usccValid(v)) throw new Error(t('usccInvalid')) } }]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="bodyKind" label={t('bodyKind')} rules={[{ required: true }]}>
          <Select options={BODY_KINDS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Form.Item noStyle dependencies={['bodyKind']}>
          {({ getFieldValue }) =>
            getFieldValue('bodyKind') === '受委托组织' && (
              <Form.Item name="entrustingBodyId" label={t('entrustingBody')} rules={[{ required: true, message: t('required') }]}>
                <Select options={list.filter((b) => b.id !== editing?.id).map((b) => ({ value: b.id, label: b.name }))} />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="legalBasis" label={t('legalBasis')} rules={[{ required: true, min: 2, message: t('required') }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="domains" label={t('domains')} rules={[{ required: true, type: 'array', min: 1, message: t('required') }]}>
          <TagsInput options={DOMAINS} />
        </Form.Item>
        {TEXT_FIELDS.map(([name, label, max]) => (
          <Form.Item key={name} name={name} label={t(label)} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input maxLength={max} />
          </Form.Item>
        ))}
        <Form.Item name="postcode" label={t('postcode')} rules={[{ pattern: /^\d{6}$/, message: t('postcode') }]}>
          <Input maxLength={6} />
        </Form.Item>
        <Form.Item name="email" label={t('email')} rules={[{ type: 'email' }]}>
          <Input maxLength={100} />
        </Form.Item>
        {editing && (
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </FormModal>
      <VersionsDrawer path={history ? `/api/bodies/${history.id}/versions` : null} title={history?.name ?? ''} onClose={() => setHistory(null)} />
    </>
  )
}
