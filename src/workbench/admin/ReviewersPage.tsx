import { Button, Card, DatePicker, Form, Select, Space, Switch, Table, Tag } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { api, itemsOf, query, useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { canWrite } from '../nav.ts'
import { useMe } from '../session.tsx'
import type { Paged, PersonListItem, Reviewer, StaffingRow } from '../types.ts'
import { ErrorAlert, FormModal, OrgPicker, PageTitle, useEditor, useOrgs } from '../ui.tsx'

type AppointForm = { agencyId: string; personId: string; sharedPool: boolean; appointedOn: Dayjs; firstTime: boolean }

/** 法制审核人员 (F-03): registry, appointment, and the staffing check per agency. */
export default function ReviewersPage() {
  const me = useMe()
  const { t } = useLang()
  const orgs = useOrgs()
  const writable = canWrite(me.roles, 'reviewers')
  const reviewers = useApi<{ items: Reviewer[] }>('/api/reviewers?activeOnly=false')
  const staffing = useApi<{ items: StaffingRow[] }>('/api/staffing')
  const editor = useEditor<never>()
  return (
    <>
      <PageTitle extra={writable && <Button type="primary" onClick={editor.openNew}>{t('appoint')}</Button>}>{t('navReviewers')}</PageTitle>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t('navReviewers')}>
          <ErrorAlert error={reviewers.error} />
          <Table<Reviewer>
            rowKey="personId"
            size="small"
            loading={reviewers.loading}
            dataSource={itemsOf(reviewers.data)}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('personName'), dataIndex: 'name' },
              { title: t('agency'), dataIndex: 'agencyName' },
              { title: t('legalQualification'), dataIndex: 'legalQualification', render: (v: boolean) => t(v ? 'yes' : 'no') },
              { title: t('appointedOn'), dataIndex: 'appointedOn', render: formatDate },
              { title: t('firstTime'), dataIndex: 'firstTime', render: (v: boolean) => t(v ? 'yes' : 'no') },
              { title: t('sharedPool'), dataIndex: 'sharedPool', render: (v: boolean) => t(v ? 'yes' : 'no') },
              { title: t('status'), dataIndex: 'active', render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{t(v ? 'active' : 'inactive')}</Tag> },
            ]}
          />
        </Card>
        <Card size="small" title={t('staffingCheck')}>
          <ErrorAlert error={staffing.error} />
          <Table<StaffingRow>
            rowKey="agencyId"
            size="small"
            loading={staffing.loading}
            dataSource={itemsOf(staffing.data)}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('agency'), dataIndex: 'name' },
              { title: t('officers'), dataIndex: 'officers' },
              { title: t('reviewers'), dataIndex: 'reviewers' },
              { title: t('requiredReviewers'), dataIndex: 'required' },
              { title: t('status'), dataIndex: 'ok', render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{t(ok ? 'staffingOk' : 'staffingShort')}</Tag> },
            ]}
          />
        </Card>
      </Space>
      <FormModal<AppointForm>
        title={t('appoint')}
        open={editor.open}
        onClose={editor.close}
        initialValues={{ sharedPool: false, firstTime: true, appointedOn: dayjs() }}
        onSubmit={async (v) => {
          // a refusal under 处罚法58 comes back as the server's message and stays in the dialog
          await api('POST', '/api/reviewers', { personId: v.personId, sharedPool: v.sharedPool, firstTime: v.firstTime, appointedOn: v.appointedOn.format('YYYY-MM-DD') })
          reviewers.reload()
          staffing.reload()
        }}
      >
        <Form.Item name="agencyId" label={t('agency')} rules={[{ required: true, message: t('required') }]}>
          <OrgPicker tree={orgs.tree} />
        </Form.Item>
        <Form.Item noStyle dependencies={['agencyId']}>
          {({ getFieldValue }) => (
            <Form.Item name="personId" label={t('person')} rules={[{ required: true, message: t('required') }]}>
              <PersonSelect agencyId={getFieldValue('agencyId')} />
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item name="appointedOn" label={t('appointedOn')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="firstTime" label={t('firstTime')} valuePropName="checked" extra={t('firstTimeHelp')}>
          <Switch />
        </Form.Item>
        <Form.Item name="sharedPool" label={t('sharedPool')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </FormModal>
    </>
  )
}

function PersonSelect({ agencyId, value, onChange }: { agencyId?: string; value?: string; onChange?(v: string): void }) {
  const { t } = useLang()
  const people = useApi<Paged<PersonListItem>>(agencyId ? `/api/people${query({ agencyId, limit: 500 })}` : null)
  return (
    <Select
      value={value}
      onChange={onChange}
      loading={people.loading}
      showSearch={{ optionFilterProp: 'label' }}
      options={itemsOf(people.data)
        .filter((p) => p.kind !== 'auxiliary')
        .map((p) => ({ value: p.id, label: `${p.name}（${p.post}${p.legalQualification ? `，${t('legalQualification')}` : ''}）` }))}
    />
  )
}
