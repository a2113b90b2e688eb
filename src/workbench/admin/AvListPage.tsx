import { useState } from 'react'
import { Alert, Button, Card, DatePicker, Form, Input, Select, Table, Tag } from 'antd'
import type { Dayjs } from 'dayjs'
import { api, ApiError, useApi } from '../api.ts'
import { useMe } from '../session.tsx'

/** one entry of the 音像记录事项清单 (GET /api/av-list). */
type AvEntry = {
  id: string
  agencyId: string | null
  kind: string
  actionType: string
  dataKey: string | null
  dataValue: string | null
  act: string
  level: 'required' | 'expected'
  recordedHow: string
  source: string
  effectiveFrom: string
}

type NewEntry = { kind: string; actionType: string; dataKey?: string; dataValue?: string; act: string; level: 'required' | 'expected'; recordedHow: string; source: string; effectiveFrom?: Dayjs }

const KINDS = ['处罚-简易', '处罚-普通', '许可', '强制-措施', '强制-执行', '检查', '征收征用', '收费']

/**
 * the agency's 音像记录事项清单 with the national default it has not overridden;
 * read-only for officers, an admin adds the agency's own entries (POST /api/av-list).
 */
export default function AvListPage() {
  const me = useMe()
  const list = useApi<AvEntry[]>('/api/av-list')
  const [form] = Form.useForm<NewEntry>()
  const [error, setError] = useState<ApiError>()
  const [busy, setBusy] = useState(false)
  const admin = me.roles.includes('admin')

  async function add() {
    const v = await form.validateFields()
    setBusy(true)
    setError(undefined)
    try {
      const { effectiveFrom, ...rest } = v
      await api('POST', '/api/av-list', { ...rest, ...(effectiveFrom ? { effectiveFrom: effectiveFrom.format('YYYY-MM-DD') } : {}) })
      form.resetFields()
      list.reload()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title="音像记录事项清单">
      {list.error && <Alert type="error" showIcon role="alert" title={list.error.message} />}
      <Table<AvEntry>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: '事项', dataIndex: 'act' },
          { title: '案件类型', dataIndex: 'kind' },
          { title: '环节', render: (_, e) => (e.dataValue ? `${e.actionType}（${e.dataValue}）` : e.actionType) },
          { title: '要求', render: (_, e) => (e.level === 'required' ? <Tag color="red">必须</Tag> : <Tag color="orange">应当（未录须说明原因）</Tag>) },
          { title: '记录方式', dataIndex: 'recordedHow' },
          { title: '依据', dataIndex: 'source' },
          { title: '来源', render: (_, e) => (e.agencyId ? '本机构' : '全国默认') },
          { title: '施行日期', dataIndex: 'effectiveFrom' },
        ]}
      />
      {admin && (
        <Form<NewEntry> form={form} layout="vertical" style={{ marginTop: 16, maxWidth: 560 }} initialValues={{ level: 'required' }}>
          {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 16 }} />}
          <Form.Item name="kind" label="案件类型" rules={[{ required: true, message: '必填' }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item name="actionType" label="环节" rules={[{ required: true, whitespace: true, message: '必填' }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="dataKey" label="限定字段（如 measure、method，可不填）">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="dataValue" label="限定取值（如 查封、留置送达）">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="act" label="事项名称" rules={[{ required: true, whitespace: true, message: '必填' }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="level" label="要求">
            <Select options={[{ value: 'required', label: '必须音像记录' }, { value: 'expected', label: '应当音像记录（未录须说明原因）' }]} />
          </Form.Item>
          <Form.Item name="recordedHow" label="记录方式" rules={[{ required: true, whitespace: true, message: '必填' }]}>
            <Input maxLength={50} placeholder="全程音像 / 音像或照片" />
          </Form.Item>
          <Form.Item name="source" label="依据" rules={[{ required: true, whitespace: true, message: '必填' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="effectiveFrom" label="施行日期（默认今天）">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Button type="primary" size="large" loading={busy} onClick={() => void add()}>
            增加事项
          </Button>
        </Form>
      )}
    </Card>
  )
}
