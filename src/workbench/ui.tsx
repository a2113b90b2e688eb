import { useMemo, useState, type ReactNode } from 'react'
import { Alert, App, Form, Input, Modal, Result, Select, Tag, TreeSelect, Typography } from 'antd'
import { ApiError, itemsOf, useApi } from './api.ts'
import { useLang } from './i18n.tsx'
import type { CertStatus, OrgNode } from './types.ts'

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 8, marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  )
}

export function ErrorAlert({ error }: { error: ApiError | undefined }) {
  return error ? <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} /> : null
}

export function Forbidden() {
  const { t } = useLang()
  return <Result status="403" title="403" subTitle={t('forbidden')} />
}

const STATUS_COLOR: Record<CertStatus, string> = { 有效: 'green', 暂扣: 'orange', 注销: 'red', 过期: 'default', 未生效: 'blue' }

export function CertStatusTag({ status }: { status: CertStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{status}</Tag>
}

/** Runs a write and reports the outcome; the server's Chinese message is shown as it is. */
export function useRunner() {
  const { message } = App.useApp()
  const { t } = useLang()
  return async function run<T>(action: () => Promise<T>, success: string = t('done')): Promise<T | undefined> {
    try {
      const result = await action()
      message.success(success)
      return result
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error))
      return undefined
    }
  }
}

/** A dialog asking for a reason before an action; the action's error stays in the dialog. */
export function useReasonDialog() {
  const { modal, message } = App.useApp()
  const { t } = useLang()
  return (title: string, action: (reason: string) => Promise<unknown>, onDone: () => void) => {
    let reason = ''
    modal.confirm({
      title,
      icon: null,
      content: <Input.TextArea rows={3} maxLength={500} placeholder={t('reason')} onChange={(e) => (reason = e.target.value)} aria-label={t('reason')} />,
      okText: t('save'),
      cancelText: t('cancel'),
      onOk: async () => {
        if (reason.trim().length < 2) {
          message.error(t('reasonRequired'))
          throw new Error('reason missing')
        }
        try {
          await action(reason.trim())
        } catch (error) {
          message.error(error instanceof Error ? error.message : String(error))
          throw error
        }
        message.success(t('done'))
        onDone()
      },
    })
  }
}

export type OrgTreeNode = { value: string; title: string; key: string; node: OrgNode; children: OrgTreeNode[] }

/** Nests the flat organisation list by parentId; nodes whose parent is out of scope become roots. */
export function buildOrgTree(orgs: OrgNode[]): OrgTreeNode[] {
  const byId = new Map<string, OrgTreeNode>()
  for (const node of orgs) byId.set(node.id, { value: node.id, key: node.id, title: node.name, node, children: [] })
  const roots: OrgTreeNode[] = []
  for (const entry of byId.values()) {
    const parent = entry.node.parentId ? byId.get(entry.node.parentId) : undefined
    ;(parent ? parent.children : roots).push(entry)
  }
  const sort = (list: OrgTreeNode[]) => {
    list.sort((a, b) => a.title.localeCompare(b.title, 'zh-CN'))
    list.forEach((entry) => sort(entry.children))
  }
  sort(roots)
  return roots
}

/** Organisations in the user's scope, with a name lookup. */
export function useOrgs() {
  const loaded = useApi<OrgNode[] | { items: OrgNode[] }>('/api/orgs')
  return useMemo(() => {
    const list = itemsOf(loaded.data)
    const names = new Map(list.map((o) => [o.id, o.name]))
    return { ...loaded, list, tree: buildOrgTree(list), nameOf: (id: string | null | undefined) => (id && names.get(id)) || '—' }
  }, [loaded])
}

export function OrgPicker(props: { tree: OrgTreeNode[]; value?: string; onChange?: (value: string) => void; placeholder?: string; allowClear?: boolean }) {
  return (
    <TreeSelect
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      treeData={props.tree}
      value={props.value}
      onChange={props.onChange}
      placeholder={props.placeholder}
      allowClear={props.allowClear}
      style={{ width: '100%', minWidth: 180 }}
    />
  )
}

/** Free-text list fields (执法类别, 执法区域, 领域) entered as tags. */
export function TagsInput(props: { value?: string[]; onChange?: (value: string[]) => void; options?: readonly string[] }) {
  return <Select mode="tags" value={props.value} onChange={props.onChange} options={(props.options ?? []).map((v) => ({ value: v, label: v }))} tokenSeparators={[',', '，', '、']} />
}

/** Modal form state: which record is being edited (null = new), open or not. */
export function useEditor<T>() {
  const [state, setState] = useState<{ open: boolean; record: T | null }>({ open: false, record: null })
  return { ...state, openNew: () => setState({ open: true, record: null }), openEdit: (record: T) => setState({ open: true, record }), close: () => setState({ open: false, record: null }) }
}

/** A modal form that submits through onSubmit and keeps the server's message inside the dialog. */
export function FormModal<V extends object>(props: {
  title: string
  open: boolean
  initialValues?: Partial<V>
  onClose(): void
  onSubmit(values: V): Promise<unknown>
  children: ReactNode
  width?: number
}) {
  const [form] = Form.useForm<V>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const { t } = useLang()
  const { message } = App.useApp()
  return (
    <Modal
      title={props.title}
      open={props.open}
      width={props.width ?? 640}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      destroyOnHidden
      afterOpenChange={(open) => open || setError(undefined)}
      onCancel={props.onClose}
      onOk={async () => {
        const values = await form.validateFields()
        setBusy(true)
        setError(undefined)
        try {
          await props.onSubmit(values)
          message.success(t('saved'))
          props.onClose()
        } catch (e) {
          setError(e instanceof Error ? e.message : String(e))
        } finally {
          setBusy(false)
        }
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" preserve={false} initialValues={props.initialValues as any}>
        {props.children}
      </Form>
    </Modal>
  )
}
