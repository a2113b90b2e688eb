import { Button, Checkbox, Form, Input, Space, Switch, Table, Tag } from 'antd'
import dayjs from 'dayjs'
import { ROLE_LABELS, ROLES, SUPERVISORY_ROLES, type Role } from '../../platform/access/roles.ts'
import { api, useApi } from '../api.ts'
import { formatDateTime, useLang } from '../i18n.tsx'
import type { User } from '../types.ts'
import { ErrorAlert, FormModal, OrgPicker, PageTitle, useEditor, useOrgs, useRunner } from '../ui.tsx'

type UserForm = { username: string; displayName: string; password?: string; orgId: string; scopeOrgId?: string; roles: Role[]; personId?: string; active?: boolean }

/** 用户 (F-05): accounts, their roles and data scope, and unlocking after repeated failures. */
export default function UsersPage() {
  const { t, lang } = useLang()
  const orgs = useOrgs()
  const run = useRunner()
  const users = useApi<User[]>('/api/users?limit=500')
  const editor = useEditor<User>()
  const roleLabel = (r: Role) => (lang === 'en' ? ROLE_LABELS[r].en : ROLE_LABELS[r].zh)
  const editing = editor.record
  const locked = (u: User) => u.lockedUntil !== null && dayjs(u.lockedUntil).isAfter(dayjs())
  return (
    <>
      <PageTitle extra={<Button type="primary" onClick={editor.openNew}>{t('createUser')}</Button>}>{t('navUsers')}</PageTitle>
      <ErrorAlert error={users.error} />
      <Table<User>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.data}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('roles'), dataIndex: 'roles', render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>) },
          { title: t('org'), dataIndex: 'orgName' },
          { title: t('scopeOrg'), key: 'scope', render: (_, u) => orgs.nameOf(u.scopeOrgId) },
          {
            title: t('status'),
            key: 'status',
            render: (_, u) => (
              <Space size={4}>
                <Tag color={u.active ? 'green' : 'default'}>{t(u.active ? 'active' : 'inactive')}</Tag>
                {locked(u) && <Tag color="red">{`${t('locked')} ${formatDateTime(u.lockedUntil)}`}</Tag>}
              </Space>
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, u) => (
              <Space size={4}>
                <Button size="small" onClick={() => editor.openEdit(u)}>
                  {t('edit')}
                </Button>
                {locked(u) && (
                  <Button size="small" onClick={async () => (await run(() => api('POST', `/api/users/${u.id}/unlock`)), users.reload())}>
                    {t('unlock')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <FormModal<UserForm>
        title={editing ? `${t('edit')} · ${editing.username}` : t('createUser')}
        open={editor.open}
        onClose={editor.close}
        initialValues={editing ? { displayName: editing.displayName, roles: editing.roles, active: editing.active } : { roles: ['officer'] }}
        onSubmit={async (values) => {
          if (editing) {
            await api('PATCH', `/api/users/${editing.id}`, { displayName: values.displayName, roles: values.roles, active: values.active })
          } else {
            const { personId, scopeOrgId, ...rest } = values
            await api('POST', '/api/users', { ...rest, ...(scopeOrgId ? { scopeOrgId } : {}), ...(personId ? { personId } : {}) })
          }
          users.reload()
        }}
      >
        {!editing && (
          <>
            <Form.Item name="username" label={t('username')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,39}$/, message: t('required') }]}>
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
            <Form.Item name="password" label={t('initialPassword')} rules={[{ required: true, min: 10, max: 128, message: t('required') }]}>
              <Input.Password maxLength={128} autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        <Form.Item name="displayName" label={t('displayName')} rules={[{ required: true, whitespace: true, max: 50, message: t('required') }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="roles" label={t('roles')} rules={[{ required: true, type: 'array', min: 1, message: t('required') }]}>
          <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        </Form.Item>
        {!editing && (
          <Form.Item name="orgId" label={t('org')} rules={[{ required: true, message: t('required') }]}>
            <OrgPicker tree={orgs.tree} />
          </Form.Item>
        )}
        <Form.Item noStyle dependencies={['roles']}>
          {({ getFieldValue }) =>
            // only supervisory roles see beyond their own organisation (app_user CHECK)
            !editing && (getFieldValue('roles') as Role[] | undefined)?.some((r) => SUPERVISORY_ROLES.includes(r)) && (
              <Form.Item name="scopeOrgId" label={t('scopeOrg')}>
                <OrgPicker tree={orgs.tree} allowClear />
              </Form.Item>
            )
          }
        </Form.Item>
        {!editing && (
          <Form.Item name="personId" label={t('personLink')} rules={[{ pattern: /^[0-9a-f-]{36}$/i, message: 'UUID' }]}>
            <Input maxLength={36} placeholder="UUID" />
          </Form.Item>
        )}
        {editing && (
          <Form.Item name="active" label={t('active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </FormModal>
    </>
  )
}
