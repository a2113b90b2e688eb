import { useEffect, useMemo, useState } from 'react'
import { App, Button, Card, Descriptions, Divider, Drawer, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Timeline, Typography } from 'antd'
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { api, ApiError, useApi } from '../api.ts'
import { useMe } from '../session.tsx'
import { ErrorAlert, OrgPicker, PageTitle, buildOrgTree, useOrgs, useReasonDialog, useRunner } from '../ui.tsx'
import { ITEM_TYPES, TIME_LIMIT_UNITS } from '../../domains/items/rules.ts'
import type { Guide, ItemDetail, ItemOut, VersionOut } from '../../domains/items/schemas.ts'
import type { CitingItem } from '../../domains/items/citing-law.ts'

/** The form's values: the version's content, with the 服务指南 switched on or off. */
type ItemForm = {
  code?: string
  name: string
  type: (typeof ITEM_TYPES)[number]
  unitId: string
  basis: { law: string; article: string }[]
  timeLimit: number
  timeLimitUnit: (typeof TIME_LIMIT_UNITS)[number]
  status: '在用' | '已取消'
  note?: string
  withGuide: boolean
  guide?: Guide
}

const STATE_COLOR: Record<VersionOut['state'], string> = { draft: 'default', submitted: 'blue', returned: 'orange', approved: 'green' }
const EVENT_LABEL: Record<string, string> = { submitted: '提交审核', approved: '审核通过', returned: '退回' }
const at = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false })
const basisText = (v: Pick<VersionOut, 'basis'>) => v.basis.map((b) => `《${b.law.replace(/[《》]/g, '')}》${b.article}`).join('；')

function StateTag({ v }: { v: VersionOut }) {
  return (
    <Space size={4}>
      <Tag color={STATE_COLOR[v.state]}>{v.stateLabel}</Tag>
      {v.published && <Tag color="green">公示中</Tag>}
    </Space>
  )
}

/** The content of a version as the server wants it, from the form. */
function contentOf(v: ItemForm) {
  return {
    name: v.name, type: v.type, unitId: v.unitId, basis: v.basis, timeLimit: v.timeLimit, timeLimitUnit: v.timeLimitUnit, status: v.status,
    note: v.note?.trim() ? v.note.trim() : null,
    guide: v.withGuide && v.guide ? { ...v.guide, materials: (v.guide.materials ?? []).map((m) => ({ name: m.name, copies: m.copies || null, sampleText: m.sampleText || null, sampleUrl: m.sampleUrl || null })) } : null,
  }
}

function formOf(v: VersionOut): ItemForm {
  return {
    name: v.name, type: v.type, unitId: v.unitId, basis: v.basis, timeLimit: v.timeLimit, timeLimitUnit: v.timeLimitUnit, status: v.status,
    note: '', withGuide: v.guide !== null, guide: v.guide ?? undefined,
  }
}

const GUIDE_TEXT: [keyof Guide, string, number, boolean][] = [
  ['acceptingBody', '受理机构', 200, false], ['approvingBody', '审批机构', 200, false], ['conditions', '受理条件', 4000, true],
  ['process', '办理流程', 4000, true], ['supervision', '监督方式', 1000, true], ['remedy', '救济渠道', 1000, true],
  ['officeHours', '办公时间', 200, false], ['address', '办公地址', 200, false], ['phone', '办公电话', 60, false],
]

/** P-02 / P-03: the whole content of a version, with its 服务指南. */
function ItemFields({ units, isNew }: { units: { value: string; label: string }[]; isNew: boolean }) {
  const required = (label: string) => [{ required: true, whitespace: true, message: `请填写${label}` }]
  return (
    <>
      {isNew && (
        <Form.Item name="code" label="项目编码" rules={[...required('项目编码'), { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, message: '字母、数字、点、下划线或连字符，1 至 40 位' }]}>
          <Input maxLength={40} />
        </Form.Item>
      )}
      <Form.Item name="name" label="事项名称" rules={required('事项名称')}><Input maxLength={200} /></Form.Item>
      <Space wrap style={{ width: '100%' }} align="start">
        <Form.Item name="type" label="事项类型" rules={[{ required: true, message: '请选择事项类型' }]} style={{ minWidth: 180 }}>
          <Select options={ITEM_TYPES.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Form.Item name="unitId" label="承办机构" rules={[{ required: true, message: '请选择承办机构（本机关内设机构）' }]} style={{ minWidth: 220 }}>
          <Select options={units} notFoundContent="本机关没有内设机构" />
        </Form.Item>
        <Form.Item name="status" label="事项状态"><Select style={{ width: 120 }} options={[{ value: '在用', label: '在用' }, { value: '已取消', label: '已取消' }]} /></Form.Item>
      </Space>
      <Typography.Text strong>执法依据（具体到条）</Typography.Text>
      <Form.List name="basis" rules={[{ validator: async (_, v) => { if (!v?.length) throw new Error('至少列明一条执法依据') } }]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }}>
                <Form.Item name={[field.name, 'law']} rules={required('法律法规名称')} style={{ minWidth: 260 }}><Input placeholder="法律法规名称，如：中华人民共和国食品安全法" maxLength={100} /></Form.Item>
                <Form.Item name={[field.name, 'article']} rules={[...required('条款'), { pattern: /^第[〇零一二两三四五六七八九十百千0-9]+条/, message: '应具体到条，如“第三十五条”' }]}><Input placeholder="第三十五条" maxLength={60} /></Form.Item>
                <MinusCircleOutlined aria-label="删除该条依据" onClick={() => remove(field.name)} />
              </Space>
            ))}
            <div><Button type="dashed" onClick={() => add({ law: '', article: '' })} icon={<PlusOutlined />}>添加依据</Button></div>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
      <Space wrap style={{ marginTop: 16, display: 'flex' }}>
        <Form.Item name="timeLimit" label="办理时限" rules={[{ required: true, message: '请填写办理时限' }]}><InputNumber min={1} max={3650} precision={0} /></Form.Item>
        <Form.Item name="timeLimitUnit" label="单位"><Select style={{ width: 110 }} options={TIME_LIMIT_UNITS.map((u) => ({ value: u, label: u }))} /></Form.Item>
      </Space>
      <Form.Item name="note" label="修订说明"><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
      <Divider />
      <Form.Item name="withGuide" label="服务指南（行政许可事项必填）" valuePropName="checked"><Switch checkedChildren="附" unCheckedChildren="无" /></Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.withGuide !== b.withGuide}>
        {({ getFieldValue }) =>
          getFieldValue('withGuide') && (
            <>
              {GUIDE_TEXT.map(([key, label, max, long]) => (
                <Form.Item key={key} name={['guide', key]} label={label} rules={required(label)}>
                  {long ? <Input.TextArea rows={2} maxLength={max} /> : <Input maxLength={max} />}
                </Form.Item>
              ))}
              <Typography.Text strong>申请材料</Typography.Text>
              <Form.List name={['guide', 'materials']}>
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field) => (
                      <Card key={field.key} size="small" style={{ marginBottom: 8 }} extra={<MinusCircleOutlined aria-label="删除该项材料" onClick={() => remove(field.name)} />}>
                        <Space wrap align="baseline">
                          <Form.Item name={[field.name, 'name']} label="材料名称" rules={required('材料名称')}><Input maxLength={200} /></Form.Item>
                          <Form.Item name={[field.name, 'copies']} label="份数"><Input maxLength={40} placeholder="原件1份" /></Form.Item>
                        </Space>
                        <Form.Item name={[field.name, 'sampleUrl']} label="示范文本链接" rules={[{ type: 'url', message: '应为 http(s) 地址' }]}><Input maxLength={500} /></Form.Item>
                        <Form.Item name={[field.name, 'sampleText']} label="示范文本（文字）"><Input.TextArea rows={2} maxLength={20000} /></Form.Item>
                      </Card>
                    ))}
                    <Button type="dashed" onClick={() => add({ name: '' })} icon={<PlusOutlined />}>添加材料</Button>
                  </>
                )}
              </Form.List>
            </>
          )
        }
      </Form.Item>
    </>
  )
}

function VersionDetail({ v }: { v: VersionOut }) {
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label="事项名称">{v.name}</Descriptions.Item>
      <Descriptions.Item label="事项类型">{v.type}</Descriptions.Item>
      <Descriptions.Item label="执法主体">{v.bodyName}</Descriptions.Item>
      <Descriptions.Item label="承办机构">{v.unitName}</Descriptions.Item>
      <Descriptions.Item label="执法依据">{basisText(v)}</Descriptions.Item>
      <Descriptions.Item label="办理时限">{v.timeLimit}个{v.timeLimitUnit}</Descriptions.Item>
      <Descriptions.Item label="事项状态">{v.status}</Descriptions.Item>
      {v.note && <Descriptions.Item label="修订说明">{v.note}</Descriptions.Item>}
      <Descriptions.Item label="服务指南">
        {v.guide ? (
          <Space direction="vertical" size={2}>
            {GUIDE_TEXT.map(([key, label]) => <span key={key}><Typography.Text type="secondary">{label}：</Typography.Text>{String(v.guide![key])}</span>)}
            <span><Typography.Text type="secondary">申请材料：</Typography.Text>{v.guide.materials.map((m) => m.name + (m.copies ? `（${m.copies}）` : '') + (m.sampleText || m.sampleUrl ? '〔有示范文本〕' : '')).join('；') || '无'}</span>
          </Space>
        ) : '无'}
      </Descriptions.Item>
      <Descriptions.Item label="起草">{v.draftedByName} · {at(v.draftedAt)}</Descriptions.Item>
    </Descriptions>
  )
}

/**
 * P-02 / P-03: the agency's 行政执法事项清单. Administrators and the 法制机构 draft versions and
 * submit them; the 法制机构 (a reviewer who did not draft the version) approves or returns them.
 * Every version stays in the history. The server checks every rule again.
 */
export default function ItemsPage() {
  const me = useMe()
  const { modal } = App.useApp()
  const run = useRunner()
  const askReason = useReasonDialog()
  const orgs = useOrgs()
  const agencies = useMemo(() => orgs.list.filter((o) => o.kind === 'agency'), [orgs.list])
  const ownAgency = useMemo(() => {
    const byId = new Map(orgs.list.map((o) => [o.id, o]))
    for (let n = byId.get(me.orgId); n; n = n.parentId ? byId.get(n.parentId) : undefined) if (n.kind === 'agency') return n.id
    return agencies[0]?.id
  }, [orgs.list, agencies, me.orgId])
  const [agencyId, setAgencyId] = useState<string>()
  useEffect(() => { if (!agencyId && ownAgency) setAgencyId(ownAgency) }, [agencyId, ownAgency])
  const items = useApi<{ items: ItemOut[] }>(agencyId ? `/api/items?agency=${agencyId}` : null)
  const [openId, setOpenId] = useState<string>()
  const detail = useApi<ItemDetail>(openId ? `/api/items/${openId}` : null)
  const [editing, setEditing] = useState<{ item: ItemDetail | null } | null>(null)
  const [form] = Form.useForm<ItemForm>()
  const [formError, setFormError] = useState<ApiError>()
  const [busy, setBusy] = useState(false)
  const writer = me.roles.includes('admin') || me.roles.includes('reviewer')
  const legalUnit = me.roles.includes('reviewer') && ownAgency === agencyId
  const units = useMemo(() => {
    const agency = orgs.list.find((o) => o.id === agencyId)
    if (!agency) return []
    const under = (id: string | null): boolean => {
      const n = orgs.list.find((o) => o.id === id)
      return !!n && (n.id === agency.id || under(n.parentId))
    }
    return orgs.list.filter((o) => o.kind === 'unit' && under(o.parentId)).map((o) => ({ value: o.id, label: o.name }))
  }, [orgs.list, agencyId])
  const agencyTree = useMemo(() => buildOrgTree(orgs.list.filter((o) => o.kind !== 'unit')), [orgs.list])

  const reload = () => { items.reload(); detail.reload() }
  const openEditor = (item: ItemDetail | null) => {
    setFormError(undefined)
    setEditing({ item })
  }
  const initial: Partial<ItemForm> = editing?.item
    ? formOf(editing.item.latest)
    : { type: '行政许可', timeLimitUnit: '工作日', status: '在用', basis: [{ law: '', article: '' }], withGuide: true }
  async function save() {
    const v = await form.validateFields()
    setBusy(true)
    setFormError(undefined)
    try {
      const saved = editing?.item
        ? await api<ItemDetail>('POST', `/api/items/${editing.item.id}/versions`, { basedOn: editing.item.latest.version, ...contentOf(v) })
        : await api<ItemDetail>('POST', '/api/items', { agencyId, code: v.code, ...contentOf(v) })
      setEditing(null)
      setOpenId(saved.id)
      reload()
    } catch (e) {
      setFormError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)))
    } finally {
      setBusy(false)
    }
  }
  const act = (item: ItemDetail, path: string, body?: object) => run(() => api('POST', `/api/items/${item.id}/versions/${item.latest.version}/${path}`, body)).then(reload)
  const approve = (item: ItemDetail) => {
    let comment = ''
    modal.confirm({
      title: `审核通过第 ${item.latest.version} 版并公示`,
      icon: null,
      content: <Input.TextArea rows={3} maxLength={2000} placeholder="审核意见（可不填）" aria-label="审核意见" onChange={(e) => (comment = e.target.value)} />,
      okText: '审核通过', cancelText: '取消',
      onOk: () => act(item, 'approve', comment.trim() ? { comment: comment.trim() } : {}),
    })
  }

  const [law, setLaw] = useState<string>()
  const citing = useApi<{ items: CitingItem[] }>(law ? `/api/items/citing?law=${encodeURIComponent(law)}` : null)

  const d = detail.data
  const latest = d?.latest
  return (
    <>
      <PageTitle extra={writer && agencyId && <Button type="primary" onClick={() => openEditor(null)}>新建事项</Button>}>行政执法事项清单</PageTitle>
      {agencies.length > 1 && (
        <div style={{ maxWidth: 420, marginBottom: 16 }}>
          <OrgPicker tree={agencyTree} value={agencyId} onChange={(id) => { if (agencies.some((a) => a.id === id)) setAgencyId(id) }} placeholder="选择执法主体" />
        </div>
      )}
      <ErrorAlert error={items.error ?? orgs.error} />
      <Card size="small" title="法律法规修改时：查找引用该法的公示事项" style={{ marginBottom: 16 }}>
        <Input.Search allowClear enterButton="查找" placeholder="法律法规名称，如：食品安全法" aria-label="法律法规名称" maxLength={100}
          onSearch={(v) => setLaw(v.trim().length >= 2 ? v.trim() : undefined)} style={{ maxWidth: 480 }} />
        <ErrorAlert error={citing.error} />
        {law && !citing.error && (
          <Table<CitingItem>
            rowKey="itemId" size="small" loading={citing.loading} dataSource={citing.data?.items ?? []} pagination={false} style={{ marginTop: 12 }}
            locale={{ emptyText: '数据范围内没有公示事项引用该法' }} scroll={{ x: 'max-content' }}
            columns={[
              { title: '执法主体', dataIndex: 'agencyName' },
              { title: '事项', key: 'name', render: (_, r) => <a onClick={() => setOpenId(r.itemId)}>{r.code} · {r.name}</a> },
              { title: '公示版本', key: 'v', render: (_, r) => `第${r.version}版` },
              { title: '所引条款', key: 'articles', render: (_, r) => r.articles.join('、') },
              { title: '修订', key: 'pending', render: (_, r) => (r.pendingVersion ? <Tag color="blue">已起草第{r.pendingVersion}版</Tag> : <Tag color="orange">未起草新版本</Tag>) },
            ]}
          />
        )}
      </Card>
      <Table<ItemOut>
        rowKey="id"
        size="small"
        loading={items.loading}
        dataSource={items.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '项目编码', dataIndex: 'code' },
          { title: '事项名称', key: 'name', render: (_, r) => <a onClick={() => setOpenId(r.id)}>{r.latest.name}</a> },
          { title: '类型', key: 'type', render: (_, r) => r.latest.type },
          { title: '最新版本', key: 'latest', render: (_, r) => <Space size={4}><span>第{r.latest.version}版</span><StateTag v={r.latest} /></Space> },
          { title: '公示版本', key: 'published', render: (_, r) => (r.publishedVersion ? `第${r.publishedVersion}版` : <Tag>未公示</Tag>) },
        ]}
      />

      <Drawer open={!!openId} onClose={() => setOpenId(undefined)} size="large" title={d ? `${d.code} · ${d.latest.name}` : '事项'} destroyOnHidden>
        <ErrorAlert error={detail.error} />
        {d && latest && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Space wrap>
              <span>第{latest.version}版</span><StateTag v={latest} />
              {writer && latest.state !== 'submitted' && <Button onClick={() => openEditor(d)}>起草新版本</Button>}
              {writer && latest.state === 'draft' && <Button type="primary" onClick={() => act(d, 'submit')}>提交法制审核</Button>}
              {legalUnit && latest.state === 'submitted' && latest.draftedBy !== me.id && (
                <>
                  <Button type="primary" onClick={() => approve(d)}>审核通过</Button>
                  <Button danger onClick={() => askReason(`退回第 ${latest.version} 版`, (comment) => api('POST', `/api/items/${d.id}/versions/${latest.version}/return`, { comment }), reload)}>退回</Button>
                </>
              )}
              {legalUnit && latest.state === 'submitted' && latest.draftedBy === me.id && <Typography.Text type="secondary">本版由您起草，须由本机关其他法制审核人员审核</Typography.Text>}
            </Space>
            <VersionDetail v={latest} />
            <Typography.Title level={5}>版本历史</Typography.Title>
            <Timeline
              items={[...d.versions].reverse().map((v) => ({
                key: v.version,
                color: v.published ? 'green' : v.state === 'returned' ? 'orange' : 'gray',
                children: (
                  <details>
                    <summary>第{v.version}版 · {v.name} · <StateTag v={v} /> · {v.draftedByName} {at(v.draftedAt)}</summary>
                    <div style={{ margin: '8px 0' }}>
                      {v.events.map((e, i) => <div key={i}><Typography.Text type="secondary">{at(e.at)}</Typography.Text> {e.actorName} {EVENT_LABEL[e.event]}{e.comment ? `：${e.comment}` : ''}</div>)}
                    </div>
                    <VersionDetail v={v} />
                  </details>
                ),
              }))}
            />
          </Space>
        )}
      </Drawer>

      <Modal
        title={editing?.item ? `起草新版本 · ${editing.item.code}（在第 ${editing.item.latest.version} 版基础上）` : '新建事项'}
        open={!!editing}
        width={760}
        okText="保存为草稿"
        cancelText="取消"
        confirmLoading={busy}
        onCancel={() => setEditing(null)}
        onOk={save}
        destroyOnHidden
      >
        <ErrorAlert error={formError} />
        <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
          <ItemFields units={units} isNew={!editing?.item} />
        </Form>
      </Modal>
    </>
  )
}
