import { useEffect, useState } from 'react'
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd'
import { api, itemsOf, useApi } from '../api.ts'
import { formatDateTime, useLang } from '../i18n.tsx'
import { canWrite } from '../nav.ts'
import { useMe } from '../session.tsx'
import type { Body, Paged } from '../types.ts'
import { ErrorAlert, FormModal, PageTitle, useRunner } from '../ui.tsx'

/** I-01: one entry of the 随机抽查事项清单. */
type InspectionItem = {
  name: string; basis: string; inspector: string; targets: string; content: string; method: string
  ratio: number; frequencyTimes: number; frequencyPeriod: '年' | '半年' | '季度' | '月'; frequencyText?: string
}
/** P-01: one version of the agency's 救济渠道, 监督方式 and 随机抽查事项清单 (GET /api/bodies/:id/notices). */
type Notice = {
  version: number; reconsiderationBody: string; reconsiderationAddress: string; reconsiderationPhone: string | null
  reconsiderationDays: number; court: string; courtAddress: string; litigationMonths: number; afterReconsiderationDays: number
  periodBasis: string | null; supervisionOffice: string; supervisionAddress: string; supervisionPostcode: string
  supervisionPhone: string; supervisionEmail: string; supervisionProcedure: string; inspectionItems: InspectionItem[]
  reason: string; createdAt: string; publishedAt: string | null; remedyText: string[]
}
type NoticeList = { agencyId: string; agencyCode: string; latestVersion: number | null; publishedVersion: number | null; versions: Notice[] }
type NoticeForm = Omit<Notice, 'version' | 'reason' | 'createdAt' | 'publishedAt' | 'remedyText'> & { reason: string }

/** P-07: a window's 岗位信息公示牌 (GET /api/bodies/:id/windows). */
type Window = {
  id: string; version: number; name: string; location: string; hours: string; duties: string; consultPhone: string; active: boolean
  reason: string; createdAt: string; staff: { personId: string; name: string; post: string; duties: string; hasPhoto: boolean }[]
  items: { name: string; enforcementItemId: string | null }[]; samples: { title: string; url: string }[]
}
type WindowForm = Omit<Window, 'id' | 'version' | 'reason' | 'createdAt' | 'staff'> & { staff: { personId: string; post: string; duties: string }[]; reason: string }
type ListedItem = { id: string; code: string; publishedVersion: number | null; latest: { name: string } }
type PersonItem = { id: string; name: string; post: string; status: string }

const req = { required: true, whitespace: true, message: '必填' }
const PERIODS = ['年', '半年', '季度', '月'].map((p) => ({ value: p, label: `每${p}` }))
const EMPTY_ITEM: Partial<InspectionItem> = { frequencyTimes: 1, frequencyPeriod: '年', ratio: 5 }

/**
 * P-01 / I-01 / P-07: the agency admin keeps the 救济渠道, 监督方式, 随机抽查事项清单 and the windows'
 * 岗位信息公示牌 current. Every save is a new version (the server keeps the old ones); a notice
 * version reaches the portal when published. The server checks every rule again.
 */
export default function NoticesPage() {
  const me = useMe()
  const { t } = useLang()
  const writable = canWrite(me.roles, 'notices')
  const bodies = useApi<Paged<Body>>('/api/bodies?limit=500')
  const list = itemsOf(bodies.data)
  const [agencyId, setAgencyId] = useState<string>()
  useEffect(() => {
    if (!agencyId && list.length) setAgencyId((list.find((b) => b.id === me.orgId) ?? list[0]!).id)
  }, [agencyId, list, me.orgId])
  return (
    <>
      <PageTitle
        extra={
          <Select
            aria-label="执法主体"
            style={{ minWidth: 260 }}
            value={agencyId}
            onChange={setAgencyId}
            showSearch
            optionFilterProp="label"
            options={list.map((b) => ({ value: b.id, label: b.name }))}
          />
        }
      >
        {t('navNotices')}
      </PageTitle>
      <ErrorAlert error={bodies.error} />
      {agencyId && (
        <Tabs
          items={[
            { key: 'notice', label: '救济渠道 · 监督方式 · 随机抽查事项', children: <NoticeTab agencyId={agencyId} writable={writable} /> },
            { key: 'windows', label: '岗位信息公示牌', children: <WindowsTab agencyId={agencyId} writable={writable} /> },
          ]}
        />
      )}
    </>
  )
}

function NoticeTab({ agencyId, writable }: { agencyId: string; writable: boolean }) {
  const { modal } = App.useApp()
  const run = useRunner()
  const data = useApi<NoticeList>(`/api/bodies/${agencyId}/notices`)
  const [editing, setEditing] = useState(false)
  const versions = data.data?.versions ?? []
  const latest = versions.at(-1)
  const published = data.data?.publishedVersion ?? null
  const publish = (v: Notice) =>
    modal.confirm({
      title: `公示第 ${v.version} 版`,
      content: '公示后门户即显示此版本；已公示的版本不能撤回为更早的版本。',
      okText: '公示',
      cancelText: '取消',
      onOk: async () => {
        await run(() => api('POST', `/api/bodies/${agencyId}/notices/${v.version}/publish`, {}))
        data.reload()
      },
    })
  const { reason: _r, version: _v, createdAt: _c, publishedAt: _p, remedyText: _t, ...base } = latest ?? ({} as Notice)
  return (
    <Card
      extra={writable && <Button type="primary" onClick={() => setEditing(true)}>{latest ? '保存新版本' : '填报'}</Button>}
      title={latest ? <Space>第 {latest.version} 版{published === latest.version ? <Tag color="green">已公示</Tag> : <Tag color="orange">未公示</Tag>}</Space> : '尚未填报'}
    >
      <ErrorAlert error={data.error} />
      {latest && (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label="行政复议机关">{latest.reconsiderationBody}（{latest.reconsiderationAddress}{latest.reconsiderationPhone ? `，${latest.reconsiderationPhone}` : ''}）</Descriptions.Item>
            <Descriptions.Item label="管辖法院">{latest.court}（{latest.courtAddress}）</Descriptions.Item>
            <Descriptions.Item label="期限" span={2}>{latest.remedyText.join(' ')}</Descriptions.Item>
            <Descriptions.Item label="监督机构">{latest.supervisionOffice}，{latest.supervisionAddress}，{latest.supervisionPostcode}</Descriptions.Item>
            <Descriptions.Item label="监督电话 / 邮箱">{latest.supervisionPhone} / {latest.supervisionEmail}</Descriptions.Item>
            <Descriptions.Item label="办理程序" span={2}>{latest.supervisionProcedure}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>随机抽查事项清单</Typography.Title>
          <Table<InspectionItem>
            rowKey="name"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={latest.inspectionItems}
            columns={[
              { title: '事项', dataIndex: 'name' },
              { title: '依据', dataIndex: 'basis' },
              { title: '主体', dataIndex: 'inspector' },
              { title: '对象', dataIndex: 'targets' },
              { title: '内容', dataIndex: 'content' },
              { title: '方式', dataIndex: 'method' },
              { title: '比例', render: (_, i) => `${i.ratio}%` },
              { title: '频次', dataIndex: 'frequencyText' },
            ]}
          />
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>历史版本</Typography.Title>
      <Table<Notice>
        rowKey="version"
        size="small"
        pagination={false}
        dataSource={[...versions].reverse()}
        columns={[
          { title: '版本', dataIndex: 'version' },
          { title: '理由', dataIndex: 'reason' },
          { title: '保存时间', render: (_, v) => formatDateTime(v.createdAt) },
          { title: '公示时间', render: (_, v) => (v.publishedAt ? formatDateTime(v.publishedAt) : '—') },
          {
            title: '操作',
            render: (_, v) => writable && !v.publishedAt && (published === null || v.version > published) && <Button size="small" onClick={() => publish(v)}>公示</Button>,
          },
        ]}
      />
      <FormModal<NoticeForm>
        title={latest ? `保存第 ${latest.version + 1} 版` : '填报第 1 版'}
        open={editing}
        width={820}
        initialValues={latest ? { ...base, reason: '' } : { reconsiderationDays: 60, litigationMonths: 6, afterReconsiderationDays: 15, inspectionItems: [] }}
        onClose={() => setEditing(false)}
        onSubmit={async (v) => {
          await api('POST', `/api/bodies/${agencyId}/notices`, { ...v, periodBasis: v.periodBasis || null, reconsiderationPhone: v.reconsiderationPhone || null, expectedVersion: latest?.version ?? 0 })
          data.reload()
        }}
      >
        <Typography.Title level={5}>救济渠道</Typography.Title>
        <Form.Item name="reconsiderationBody" label="行政复议机关" rules={[req]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="reconsiderationAddress" label="行政复议机关地址" rules={[req]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="reconsiderationPhone" label="行政复议机关电话"><Input maxLength={30} placeholder="0878-3123456" /></Form.Item>
        <Form.Item name="court" label="管辖法院" rules={[req]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="courtAddress" label="管辖法院地址" rules={[req]}><Input maxLength={200} /></Form.Item>
        <Space wrap>
          <Form.Item name="reconsiderationDays" label="复议申请期限（日，行政复议法第二十条）"><InputNumber min={60} max={730} /></Form.Item>
          <Form.Item name="litigationMonths" label="起诉期限（月，行政诉讼法第四十六条）"><InputNumber min={1} max={60} /></Form.Item>
          <Form.Item name="afterReconsiderationDays" label="复议后起诉期限（日，第四十五条）"><InputNumber min={1} max={365} /></Form.Item>
        </Space>
        <Form.Item name="periodBasis" label="期限依据（与一般期限不同时必填）"><Input maxLength={500} /></Form.Item>
        <Typography.Title level={5}>监督方式</Typography.Title>
        <Form.Item name="supervisionOffice" label="监督机构" rules={[req]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="supervisionAddress" label="地址" rules={[req]}><Input maxLength={200} /></Form.Item>
        <Space wrap>
          <Form.Item name="supervisionPostcode" label="邮政编码" rules={[req, { pattern: /^\d{6}$/, message: '邮政编码须为 6 位数字' }]}><Input maxLength={6} inputMode="numeric" /></Form.Item>
          <Form.Item name="supervisionPhone" label="电话" rules={[req]}><Input maxLength={30} /></Form.Item>
          <Form.Item name="supervisionEmail" label="电子邮箱" rules={[req, { type: 'email', message: '电子邮箱格式不正确' }]}><Input maxLength={100} /></Form.Item>
        </Space>
        <Form.Item name="supervisionProcedure" label="办理程序" rules={[req, { min: 10, message: '至少 10 个字' }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        <Typography.Title level={5}>随机抽查事项清单</Typography.Title>
        <Form.List name="inspectionItems">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card key={field.key} size="small" style={{ marginBottom: 8 }} extra={<Button size="small" danger onClick={() => remove(field.name)}>删除</Button>}>
                  <Form.Item name={[field.name, 'name']} label="抽查事项" rules={[req]}><Input maxLength={100} /></Form.Item>
                  <Form.Item name={[field.name, 'basis']} label="抽查依据" rules={[req]}><Input maxLength={1000} /></Form.Item>
                  <Form.Item name={[field.name, 'inspector']} label="抽查主体" rules={[req]}><Input maxLength={200} /></Form.Item>
                  <Form.Item name={[field.name, 'targets']} label="抽查对象" rules={[req]}><Input maxLength={500} /></Form.Item>
                  <Form.Item name={[field.name, 'content']} label="抽查内容" rules={[req]}><Input maxLength={1000} /></Form.Item>
                  <Form.Item name={[field.name, 'method']} label="抽查方式" rules={[req]}><Input maxLength={200} placeholder="双随机抽查、现场检查" /></Form.Item>
                  <Space wrap>
                    <Form.Item name={[field.name, 'ratio']} label="抽查比例（%）" rules={[{ required: true, message: '必填' }]}><InputNumber min={0.01} max={100} step={0.5} /></Form.Item>
                    <Form.Item name={[field.name, 'frequencyPeriod']} label="周期"><Select options={PERIODS} style={{ width: 110 }} /></Form.Item>
                    <Form.Item name={[field.name, 'frequencyTimes']} label="次数"><InputNumber min={1} max={12} /></Form.Item>
                  </Space>
                </Card>
              ))}
              <Button onClick={() => add(EMPTY_ITEM)}>增加抽查事项</Button>
            </>
          )}
        </Form.List>
        <Form.Item name="reason" label="修改理由" rules={[req, { min: 2, message: '至少 2 个字' }]} style={{ marginTop: 16 }}><Input maxLength={500} /></Form.Item>
      </FormModal>
    </Card>
  )
}

function WindowsTab({ agencyId, writable }: { agencyId: string; writable: boolean }) {
  const windows = useApi<{ items: Window[] }>(`/api/bodies/${agencyId}/windows`)
  const people = useApi<Paged<PersonItem>>(`/api/people?agencyId=${agencyId}&status=在岗&limit=500`)
  const agency = useApi<NoticeList>(`/api/bodies/${agencyId}/notices`)
  // P-02: the agency's 行政执法事项 with an approved version can be put on a board
  const items = useApi<{ items: ListedItem[] }>(`/api/items?agency=${agencyId}`)
  const listed = (items.data?.items ?? []).filter((i) => i.publishedVersion !== null)
  const [editing, setEditing] = useState<Window | 'new' | null>(null)
  const code = agency.data?.agencyCode
  const current = editing && editing !== 'new' ? editing : null
  return (
    <Card extra={writable && <Button type="primary" onClick={() => setEditing('new')}>新建窗口公示牌</Button>}>
      <ErrorAlert error={windows.error} />
      <Table<Window>
        rowKey="id"
        size="small"
        loading={windows.loading}
        pagination={false}
        scroll={{ x: true }}
        dataSource={windows.data?.items ?? []}
        columns={[
          { title: '窗口', dataIndex: 'name' },
          { title: '位置', dataIndex: 'location' },
          { title: '工作人员', render: (_, w) => w.staff.map((s) => `${s.name}（${s.post}）`).join('、') },
          { title: '服务事项', render: (_, w) => w.items.length },
          { title: '版本', render: (_, w) => <Space>第 {w.version} 版{w.active ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>}</Space> },
          {
            title: '操作',
            render: (_, w) => (
              <Space wrap>
                {code && w.active && <a href={`/agencies/${encodeURIComponent(code)}/windows/${w.id}`} target="_blank" rel="noreferrer">门户页面</a>}
                {code && w.active && <a href={`/agencies/${encodeURIComponent(code)}/windows/${w.id}/board.pdf`} target="_blank" rel="noreferrer">打印 PDF</a>}
                {writable && <Button size="small" onClick={() => setEditing(w)}>修改</Button>}
              </Space>
            ),
          },
        ]}
      />
      <FormModal<WindowForm>
        title={current ? `${current.name} · 保存第 ${current.version + 1} 版` : '新建窗口公示牌'}
        open={editing !== null}
        width={820}
        initialValues={
          current
            ? { ...current, staff: current.staff.map(({ personId, post, duties }) => ({ personId, post, duties })), reason: '' }
            : { active: true, staff: [{ personId: '', post: '', duties: '' }], items: [{ name: '', enforcementItemId: null }], samples: [] }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = { ...v, items: v.items.map((i) => ({ ...(i.name?.trim() ? { name: i.name } : {}), ...(i.enforcementItemId ? { enforcementItemId: i.enforcementItemId } : {}) })), samples: v.samples ?? [] }
          if (current) await api('POST', `/api/windows/${current.id}/versions`, { ...body, expectedVersion: current.version })
          else await api('POST', `/api/bodies/${agencyId}/windows`, body)
          windows.reload()
        }}
      >
        <Form.Item name="name" label="窗口名称" rules={[req]}><Input maxLength={60} /></Form.Item>
        <Form.Item name="location" label="窗口位置" rules={[req]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="hours" label="办公时间" rules={[req]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="duties" label="窗口职责" rules={[req]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        <Form.Item name="consultPhone" label="咨询电话（窗口电话，不填个人电话）" rules={[req]}><Input maxLength={30} /></Form.Item>
        <Form.Item name="active" label="在用" valuePropName="checked"><Switch /></Form.Item>
        <Typography.Title level={5}>工作人员</Typography.Title>
        <Form.List name="staff">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item name={[field.name, 'personId']} label="人员" rules={[{ required: true, message: '必选' }]}>
                    <Select style={{ width: 180 }} showSearch optionFilterProp="label" options={itemsOf(people.data).map((p) => ({ value: p.id, label: `${p.name}（${p.post}）` }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'post']} label="岗位" rules={[req]}><Input maxLength={50} style={{ width: 140 }} /></Form.Item>
                  <Form.Item name={[field.name, 'duties']} label="岗位职责" rules={[req]}><Input maxLength={500} style={{ width: 260 }} /></Form.Item>
                  <Button danger style={{ marginTop: 30 }} onClick={() => remove(field.name)}>删除</Button>
                </Space>
              ))}
              <Button onClick={() => add({ personId: '', post: '', duties: '' })}>增加工作人员</Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>服务事项</Typography.Title>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item name={[field.name, 'enforcementItemId']} label="行政执法事项清单中的事项">
                    <Select allowClear style={{ width: 280 }} showSearch optionFilterProp="label" options={listed.map((i) => ({ value: i.id, label: `${i.code} ${i.latest.name}` }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} label="公示名称（不选事项时必填）"><Input maxLength={100} style={{ width: 240 }} /></Form.Item>
                  <Button danger style={{ marginTop: 30 }} onClick={() => remove(field.name)}>删除</Button>
                </Space>
              ))}
              <Button onClick={() => add({ name: '' })}>增加服务事项</Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>申请材料示范文本</Typography.Title>
        <Form.List name="samples">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap>
                  <Form.Item name={[field.name, 'title']} label="名称" rules={[req]}><Input maxLength={100} style={{ width: 240 }} /></Form.Item>
                  <Form.Item name={[field.name, 'url']} label="链接" rules={[req]}><Input maxLength={500} style={{ width: 260 }} placeholder="/samples/… 或 https://…" /></Form.Item>
                  <Button danger onClick={() => remove(field.name)}>删除</Button>
                </Space>
              ))}
              <Button onClick={() => add({ title: '', url: '' })}>增加示范文本</Button>
            </>
          )}
        </Form.List>
        <Form.Item name="reason" label="理由" rules={[req, { min: 2, message: '至少 2 个字' }]} style={{ marginTop: 16 }}><Input maxLength={500} /></Form.Item>
      </FormModal>
    </Card>
  )
}
