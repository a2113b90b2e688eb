import { useState } from 'react'
import { Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Space, Switch, Tag, Tree } from 'antd'
import { api } from '../api.ts'
import { useLang, type Key } from '../i18n.tsx'
import { canWrite } from '../nav.ts'
import { useMe } from '../session.tsx'
import type { OrgNode } from '../types.ts'
import { ErrorAlert, FormModal, OrgPicker, PageTitle, useEditor, useOrgs } from '../ui.tsx'
import { VersionsDrawer } from './Versions.tsx'

export const ORG_KIND: Record<OrgNode['kind'], Key> = { region: 'kindRegion', agency: 'kindAgency', unit: 'kindUnit' }
export const ORG_LEVEL: Record<OrgNode['level'], Key> = { province: 'levelProvince', city: 'levelCity', county: 'levelCounty', township: 'levelTownship' }

type OrgForm = { parentId: string; kind: OrgNode['kind']; code: string; name: string; duties?: string; active?: boolean; reason?: string }

/** 组织机构: the tree in the user's scope; administrators create and rename nodes with a reason. */
export default function OrgsPage() {
  const me = useMe()
  const { t } = useLang()
  const orgs = useOrgs()
  const writable = canWrite(me.roles, 'orgs')
  const [selected, setSelected] = useState<string>()
  const [history, setHistory] = useState<OrgNode | null>(null)
  const editor = useEditor<OrgNode>()
  const [newParent, setNewParent] = useState<string>()
  const node = orgs.list.find((o) => o.id === selected)
  const kindOptions = (Object.keys(ORG_KIND) as OrgNode['kind'][]).map((k) => ({ value: k, label: t(ORG_KIND[k]) }))
  const editing = editor.record
  return (
    <>
      <PageTitle>{t('navOrgs')}</PageTitle>
      <ErrorAlert error={orgs.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card title={t('orgTree')} size="small" loading={orgs.loading}>
            {orgs.tree.length ? (
              <Tree
                treeData={orgs.tree}
                defaultExpandAll
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => setSelected(keys[0] as string | undefined)}
                titleRender={(n) => (
                  <span>
                    {n.title as string} <Tag style={{ marginInlineStart: 4 }}>{t(ORG_KIND[(n as any).node.kind as OrgNode['kind']])}</Tag>
                    {!(n as any).node.active && <Tag>{t('inactive')}</Tag>}
                  </span>
                )}
              />
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card
            size="small"
            title={node?.name ?? t('orgPick')}
            extra={
              node && (
                <Space wrap>
                  {writable && <Button onClick={() => editor.openEdit(node)}>{t('edit')}</Button>}
                  {writable && node.kind !== 'unit' && <Button onClick={() => (setNewParent(node.id), editor.openNew())}>{t('orgNewChild')}</Button>}
                  <Button onClick={() => setHistory(node)}>{t('versions')}</Button>
                </Space>
              )
            }
          >
            {node ? (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('code')}>{node.code}</Descriptions.Item>
                <Descriptions.Item label={t('orgKind')}>{t(ORG_KIND[node.kind])}</Descriptions.Item>
                <Descriptions.Item label={t('orgLevel')}>{t(ORG_LEVEL[node.level])}</Descriptions.Item>
                <Descriptions.Item label={t('orgParent')}>{orgs.nameOf(node.parentId)}</Descriptions.Item>
                <Descriptions.Item label={t('orgDuties')}>{node.duties || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('version')}>{node.version}</Descriptions.Item>
                <Descriptions.Item label={t('status')}>{t(node.active ? 'active' : 'inactive')}</Descriptions.Item>
              </Descriptions>
            ) : (
              <Empty description={t('orgPick')} />
            )}
          </Card>
        </Col>
      </Row>
      <FormModal<OrgForm>
        title={editing ? `${t('edit')} · ${editing.name}` : t('create')}
        open={editor.open}
        onClose={editor.close}
        initialValues={editing ? { name: editing.name, duties: editing.duties ?? undefined, active: editing.active } : { parentId: newParent, kind: 'agency' }}
        onSubmit={async (values) => {
          if (editing) {
            await api('PATCH', `/api/orgs/${editing.id}`, { name: values.name, duties: values.duties || null, active: values.active, reason: values.reason, version: editing.version })
          } else {
            // the level follows from the parent; the server derives it
            await api('POST', '/api/orgs', { parentId: values.parentId, kind: values.kind, code: values.code, name: values.name, duties: values.duties || undefined })
          }
          orgs.reload()
        }}
      >
        {!editing && (
          <>
            <Form.Item name="parentId" label={t('orgParent')} rules={[{ required: true, message: t('required') }]}>
              <OrgPicker tree={orgs.tree} />
            </Form.Item>
            <Form.Item name="kind" label={t('orgKind')} rules={[{ required: true, message: t('required') }]}>
              <Select options={kindOptions} />
            </Form.Item>
            <Form.Item name="code" label={t('code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{2,40}$/, message: t('required') }]}>
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label={t('name')} rules={[{ required: true, min: 2, max: 100, message: t('required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="duties" label={t('orgDuties')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {editing && (
          <Form.Item name="active" label={t('active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {editing && (
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </FormModal>
      <VersionsDrawer path={history ? `/api/orgs/${history.id}/versions` : null} title={history?.name ?? ''} onClose={() => setHistory(null)} />
    </>
  )
}
