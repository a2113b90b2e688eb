import { useState } from 'react'
import { Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { api, itemsOf, query, useApi } from '../api.ts'
import { useLang } from '../i18n.tsx'
import { canWrite } from '../nav.ts'
import { useMe } from '../session.tsx'
import { PERSON_KINDS, PERSON_STATUSES, type Paged, type Person, type PersonListItem } from '../types.ts'
import { CertificateTable } from '../homes.tsx'
import { CertStatusTag, ErrorAlert, FormModal, OrgPicker, PageTitle, TagsInput, useEditor, useOrgs } from '../ui.tsx'
import { CertificateActions } from './certActions.tsx'

type Filters = { agencyId?: string; kind?: string; q?: string; status?: string }
type PersonForm = Pick<Person, 'agencyId' | 'kind' | 'name' | 'gender' | 'idNumber' | 'phone' | 'post' | 'categories' | 'areas' | 'legalQualification' | 'legalQualificationNo' | 'trainingHours' | 'status'> & { reason?: string }
type IssueForm = { certNo: string; issuingAuthority: string; categories: string[]; areas: string[]; validFrom: Dayjs; validTo: Dayjs }

const KIND_KEY = { officer: 'kindOfficer', auxiliary: 'kindAuxiliary', counsel: 'kindCounsel' } as const

/** 执法人员 (F-02): people of the agencies in scope, their certificates and what can be done to them. */
export default function PeoplePage() {
  const me = useMe()
  const { t } = useLang()
  const writable = canWrite(me.roles, 'people')
  const orgs = useOrgs()
  const [filters, setFilters] = useState<Filters>({})
  const people = useApi<Paged<PersonListItem>>(`/api/people${query({ ...filters, limit: 500 })}`)
  const [openId, setOpenId] = useState<string | null>(null)
  const editor = useEditor<Person>()
  const kindOptions = PERSON_KINDS.map((k) => ({ value: k, label: t(KIND_KEY[k]) }))
  const statusOptions = PERSON_STATUSES.map((s) => ({ value: s, label: s }))
  const editing = editor.record
  return (
    <>
      <PageTitle extra={writable && <Button type="primary" onClick={editor.openNew}>{t('create')}</Button>}>{t('navPeople')}</PageTitle>
      <Form<Filters> layout="inline" onFinish={(v) => setFilters(v)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="agencyId">
          <OrgPicker tree={orgs.tree} placeholder={t('agency')} allowClear />
        </Form.Item>
        <Form.Item name="kind">
          <Select allowClear placeholder={t('personKind')} options={kindOptions} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder={t('status')} options={statusOptions} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="q">
          <Input allowClear placeholder={t('keyword')} maxLength={50} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('search')}
        </Button>
      </Form>
      <ErrorAlert error={people.error} />
      <Table<PersonListItem>
        rowKey="id"
        size="small"
        loading={people.loading}
        dataSource={itemsOf(people.data)}
        scroll={{ x: 'max-content' }}
        onRow={(p) => ({ onClick: () => setOpenId(p.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('personName'), dataIndex: 'name' },
          { title: t('agency'), dataIndex: 'agencyName' },
          { title: t('personKind'), dataIndex: 'kind', render: (k: Person['kind']) => <Tag color={k === 'officer' ? 'blue' : 'default'}>{t(KIND_KEY[k])}</Tag> },
          { title: t('post'), dataIndex: 'post' },
          { title: t('status'), dataIndex: 'status' },
          { title: t('legalQualification'), dataIndex: 'legalQualification', render: (v: boolean) => t(v ? 'yes' : 'no') },
          { title: t('certNo'), dataIndex: 'certNo', render: (v: string | null) => v ?? '—' },
          { title: t('navCertificates'), dataIndex: 'certStatus', render: (s: PersonListItem['certStatus']) => (s ? <CertStatusTag status={s} /> : '—') },
        ]}
      />
      <PersonDrawer id={openId} onClose={() => setOpenId(null)} writable={writable} onEdit={editor.openEdit} />
      <FormModal<PersonForm>
        title={editing ? `${t('edit')} · ${editing.name}` : t('create')}
        open={editor.open}
        width={720}
        onClose={editor.close}
        initialValues={editing ?? { kind: 'officer', status: '在岗', categories: [], areas: [], legalQualification: false, trainingHours: 0 }}
        onSubmit={async ({ reason, ...values }) => {
          const body = {
            ...values,
            idNumber: values.idNumber || null,
            phone: values.phone || null,
            legalQualificationNo: values.legalQualification ? values.legalQualificationNo : null,
          }
          if (editing) {
            // ID number and phone are sent only when this user was shown them
            const { idNumber, phone, ...visible } = body
            await api('PATCH', `/api/people/${editing.id}`, { ...(editing.protectedVisible ? body : visible), reason, expectedVersion: editing.version })
          } else await api('POST', '/api/people', body)
          people.reload()
          setOpenId(null)
        }}
      >
        <Form.Item name="agencyId" label={t('agency')} rules={[{ required: true, message: t('required') }]}>
          <OrgPicker tree={orgs.tree} />
        </Form.Item>
        <Form.Item name="kind" label={t('personKind')} rules={[{ required: true }]}>
          <Select options={kindOptions} />
        </Form.Item>
        <Form.Item name="name" label={t('personName')} rules={[{ required: true, min: 2, max: 30, message: t('required') }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="gender" label={t('gender')}>
          <Select allowClear options={[{ value: '男', label: '男' }, { value: '女', label: '女' }]} />
        </Form.Item>
        {(!editing || editing.protectedVisible) && (
          <>
            <Form.Item name="idNumber" label={t('idNumber')} rules={[{ pattern: /^\d{17}[\dX]$/, message: t('idNumber') }]}>
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item name="phone" label={t('phone')} rules={[{ pattern: /^[0-9+-]{7,20}$/, message: t('phone') }]}>
              <Input maxLength={20} />
            </Form.Item>
          </>
        )}
        <Form.Item name="post" label={t('post')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="categories" label={t('categories')}>
          <TagsInput />
        </Form.Item>
        <Form.Item name="areas" label={t('areas')}>
          <TagsInput />
        </Form.Item>
        <Form.Item name="legalQualification" label={t('legalQualification')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item noStyle dependencies={['legalQualification']}>
          {({ getFieldValue }) =>
            getFieldValue('legalQualification') && (
              <Form.Item name="legalQualificationNo" label={t('legalQualificationNo')} rules={[{ required: true, message: t('required') }]}>
                <Input maxLength={50} />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="trainingHours" label={t('trainingHours')}>
          <InputNumber min={0} max={9999} step={0.5} />
        </Form.Item>
        <Form.Item name="status" label={t('status')} rules={[{ required: true }]}>
          <Select options={statusOptions} />
        </Form.Item>
        {editing && (
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </FormModal>
    </>
  )
}

function PersonDrawer({ id, onClose, writable, onEdit }: { id: string | null; onClose(): void; writable: boolean; onEdit(p: Person): void }) {
  const { t } = useLang()
  const person = useApi<Person>(id ? `/api/people/${id}` : null)
  const [issuing, setIssuing] = useState(false)
  const p = person.data
  return (
    <Drawer open={id !== null} onClose={onClose} title={p?.name ?? t('personDetail')} size={720} extra={writable && p && <Button onClick={() => onEdit(p)}>{t('edit')}</Button>}>
      <ErrorAlert error={person.error} />
      {p && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
            <Descriptions.Item label={t('agency')}>{p.agencyName}</Descriptions.Item>
            <Descriptions.Item label={t('personKind')}>{t(KIND_KEY[p.kind])}</Descriptions.Item>
            <Descriptions.Item label={t('post')}>{p.post}</Descriptions.Item>
            <Descriptions.Item label={t('status')}>{p.status}</Descriptions.Item>
            <Descriptions.Item label={t('gender')}>{p.gender ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('trainingHours')}>{p.trainingHours}</Descriptions.Item>
            {p.protectedVisible && <Descriptions.Item label={t('idNumber')}>{p.idNumber ?? '—'}</Descriptions.Item>}
            {p.protectedVisible && <Descriptions.Item label={t('phone')}>{p.phone ?? '—'}</Descriptions.Item>}
            <Descriptions.Item label={t('categories')}>{p.categories.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('areas')}>{p.areas.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('legalQualification')} span={2}>
              {p.legalQualification ? `${t('yes')}（${p.legalQualificationNo}）` : t('no')}
            </Descriptions.Item>
          </Descriptions>
          {p.kind === 'officer' && (
            <Card size="small" title={t('navCertificates')} extra={writable && <Button size="small" type="primary" onClick={() => setIssuing(true)}>{t('issueCertificate')}</Button>}>
              <CertificateTable
                certificates={p.certificates}
                extraColumns={writable ? [{ title: t('actions'), key: 'actions', render: (_: unknown, c: any) => <CertificateActions certificate={c} onChanged={person.reload} /> }] : []}
              />
            </Card>
          )}
        </Space>
      )}
      <FormModal<IssueForm>
        title={`${t('issueCertificate')} · ${p?.name ?? ''}`}
        open={issuing}
        onClose={() => setIssuing(false)}
        initialValues={{ categories: p?.categories ?? [], areas: p?.areas ?? [], validFrom: dayjs(), validTo: dayjs().add(5, 'year').subtract(1, 'day') }}
        onSubmit={async (v) => {
          await api('POST', `/api/people/${id}/certificates`, { ...v, validFrom: v.validFrom.format('YYYY-MM-DD'), validTo: v.validTo.format('YYYY-MM-DD') })
          person.reload()
        }}
      >
        <Form.Item name="certNo" label={t('certNo')} rules={[{ required: true, pattern: /^[A-Za-z0-9-]{6,30}$/, message: t('required') }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="issuingAuthority" label={t('issuingAuthority')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="categories" label={t('categories')} rules={[{ required: true, type: 'array', min: 1, message: t('required') }]}>
          <TagsInput />
        </Form.Item>
        <Form.Item name="areas" label={t('areas')} rules={[{ required: true, type: 'array', min: 1, message: t('required') }]}>
          <TagsInput />
        </Form.Item>
        <Form.Item name="validFrom" label={t('validFrom')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="validTo" label={t('validTo')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
      </FormModal>
    </Drawer>
  )
}
