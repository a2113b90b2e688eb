import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons'
import { useEffect, useState } from 'react'
import { Alert, Button, Card, DatePicker, Empty, Form, Input, List, Modal, Radio, Select, Space, Switch, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { api, ApiError, useApi } from '../api.ts'
import { formatDateTime, useLang } from '../i18n.tsx'
import { TEMPLATES, type DocumentTemplate, type SignatureRole } from '../../domains/cases/documents/templates.ts'
import type { OfficerOption } from './ActionForm.tsx'
import { Unavailable, chinaToday, isUnavailable } from './common.tsx'
import { SignaturePad } from './SignaturePad.tsx'
import { caseDocumentsPath } from './paths.ts'
import type { CaseDetail } from './types.ts'

/** a case document as the document routes answer it (the current version). */
export type CaseDocument = {
  id: string
  caseId: string
  kind: string
  name: string
  number: string | null
  version: number
  templateVersion: number
  pdfSha256: string
  docxSha256: string
  pages: number
  createdAt: string
}

/** the case's 执法文书 with PDF/DOCX downloads, 生成文书 from a template, and signing. */
export function Documents({ detail, officers, canWrite, version }: { detail: CaseDetail; officers: OfficerOption[]; canWrite: boolean; version: number }) {
  const { t } = useLang()
  const loaded = useApi<{ items: CaseDocument[] }>(caseDocumentsPath(detail.id))
  const { reload } = loaded
  useEffect(() => reload(), [version, reload])
  const [generating, setGenerating] = useState(false)
  const [signing, setSigning] = useState<CaseDocument>()
  // 文书 a template offers for this kind of case (the server checks the kind again)
  const templates = TEMPLATES.filter((tpl) => tpl.caseKinds.includes(detail.kind))
  if (isUnavailable(loaded.error)) {
    return (
      <Card size="small" title={t('documents')}>
        <Unavailable what={t('documents')} />
      </Card>
    )
  }
  const items = loaded.data?.items ?? []
  return (
    <Card
      size="small"
      title={t('documents')}
      data-testid="documents"
      extra={
        canWrite &&
        templates.length > 0 && (
          <Button type="primary" onClick={() => setGenerating(true)}>
            {t('documentGenerate')}
          </Button>
        )
      }
    >
      {loaded.error && <Typography.Text type="danger">{loaded.error.message}</Typography.Text>}
      {items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(d) => {
            const template = TEMPLATES.find((tpl) => tpl.kind === d.kind)
            return (
              <List.Item>
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{d.name}</Typography.Text>
                    {d.number && <Tag>{d.number}</Tag>}
                    <Typography.Text type="secondary">
                      {t('documentVersion', { n: d.version })} · {t('documentPages', { n: d.pages })} · {formatDateTime(d.createdAt)}
                    </Typography.Text>
                  </Space>
                  <Space wrap>
                    <Button size="small" icon={<FilePdfOutlined />} href={`/api/documents/${d.id}/pdf`} download aria-label={`${d.name} PDF`}>
                      PDF
                    </Button>
                    <Button size="small" icon={<FileWordOutlined />} href={`/api/documents/${d.id}/docx`} download aria-label={`${d.name} DOCX`}>
                      DOCX
                    </Button>
                    {canWrite && template && template.signatures.length > 0 && (
                      <Button size="small" onClick={() => setSigning(d)}>
                        {t('documentSign')}
                      </Button>
                    )}
                  </Space>
                </Space>
              </List.Item>
            )
          }}
        />
      ) : (
        !loaded.loading && <Empty description={t('noDocuments')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      {generating && <GenerateDialog caseId={detail.id} templates={templates} onClose={() => setGenerating(false)} onDone={reload} />}
      {signing && <SignDialog document={signing} officers={officers} onClose={() => setSigning(undefined)} onDone={reload} />}
    </Card>
  )
}

function GenerateDialog({ caseId, templates, onClose, onDone }: { caseId: string; templates: DocumentTemplate[]; onClose(): void; onDone(): void }) {
  const { t } = useLang()
  const [kind, setKind] = useState<string>(templates[0]!.kind)
  const [form] = Form.useForm<Record<string, unknown>>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const template = templates.find((tpl) => tpl.kind === kind)!
  return (
    <Modal
      open
      title={t('documentGenerate')}
      okText={t('documentGenerateOk')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      destroyOnHidden
      onCancel={onClose}
      onOk={async () => {
        const values = await form.validateFields()
        const fields: Record<string, string | string[] | boolean> = {}
        for (const f of template.fields) {
          const v = values[f.key]
          if (v === undefined || v === null || v === '') continue
          if (f.kind === 'list') fields[f.key] = String(v).split('\n').map((line) => line.trim()).filter(Boolean)
          else if (f.kind === 'date') fields[f.key] = (v as Dayjs).format('YYYY-MM-DD')
          else if (f.kind === 'boolean') fields[f.key] = Boolean(v)
          else fields[f.key] = String(v).trim()
        }
        setBusy(true)
        setError(undefined)
        try {
          await api('POST', caseDocumentsPath(caseId), { kind, fields })
          onDone()
          onClose()
        } catch (e) {
          setError(e instanceof ApiError ? e.message : String(e))
        } finally {
          setBusy(false)
        }
      }}
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="generate-document" key={kind}>
        <Form.Item label={t('documentKind')} extra={template.statute}>
          <Select showSearch={{ optionFilterProp: 'label' }} value={kind} onChange={setKind} aria-label={t('documentKind')} options={templates.map((tpl) => ({ value: tpl.kind, label: tpl.name }))} />
        </Form.Item>
        {template.fields.map((f) => (
          <Form.Item
            key={f.key}
            name={f.key}
            label={f.label}
            valuePropName={f.kind === 'boolean' ? 'checked' : 'value'}
            extra={f.kind === 'list' ? t('documentListHelp') : undefined}
            rules={f.required && f.kind !== 'boolean' ? [{ required: true, message: t('required') }] : []}
          >
            {f.kind === 'list' ? <Input.TextArea rows={3} /> : f.kind === 'date' ? <DatePicker style={{ width: '100%' }} /> : f.kind === 'boolean' ? <Switch /> : <Input maxLength={4000} />}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  )
}

const ROLE_LABEL: Record<SignatureRole, 'signRoleParty' | 'signRoleOfficer' | 'signRoleWitness'> = { party: 'signRoleParty', officer: 'signRoleOfficer', witness: 'signRoleWitness' }

/** R-05 / 民诉法89: a signature on the screen, or the party's refusal with a witness and a note. */
function SignDialog({ document, officers, onClose, onDone }: { document: CaseDocument; officers: OfficerOption[]; onClose(): void; onDone(): void }) {
  const { t } = useLang()
  const roles = TEMPLATES.find((tpl) => tpl.kind === document.kind)?.signatures ?? []
  const [role, setRole] = useState<SignatureRole>(roles[0]?.role ?? 'party')
  const [name, setName] = useState('')
  const [personId, setPersonId] = useState<string>()
  const [refused, setRefused] = useState(false)
  const [witnessName, setWitnessName] = useState('')
  const [note, setNote] = useState('')
  const [image, setImage] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  return (
    <Modal
      open
      title={t('documentSignTitle', { name: document.name })}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true)
        setError(undefined)
        try {
          await api('POST', `/api/documents/${document.id}/signatures`, {
            role,
            signedOn: chinaToday(),
            ...(role === 'officer' ? { personId } : { name: name.trim() || undefined }),
            ...(refused ? { refused: true, witnessName: witnessName.trim() || undefined, note: note.trim() || undefined } : { image }),
          })
          onDone()
          onClose()
        } catch (e) {
          setError(e instanceof ApiError ? e.message : String(e))
        } finally {
          setBusy(false)
        }
      }}
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" name="sign-document">
        <Form.Item label={t('signRole')}>
          <Radio.Group value={role} onChange={(e) => setRole(e.target.value)} options={roles.map((r) => ({ value: r.role, label: r.label || t(ROLE_LABEL[r.role]) }))} />
        </Form.Item>
        {role === 'officer' ? (
          <Form.Item label={t('signOfficer')} htmlFor="sign-officer">
            <Select id="sign-officer" value={personId} onChange={setPersonId} options={officers.filter((o) => o.certStatus === '有效').map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
        ) : (
          <Form.Item label={t('signerName')} htmlFor="signer-name">
            <Input id="signer-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} />
          </Form.Item>
        )}
        {role === 'party' && (
          <Form.Item label={t('signRefused')} htmlFor="sign-refused">
            <Switch id="sign-refused" checked={refused} onChange={setRefused} />
          </Form.Item>
        )}
        {refused ? (
          <>
            <Form.Item label={t('signWitness')} htmlFor="sign-witness" extra={t('signWitnessHelp')}>
              <Input id="sign-witness" value={witnessName} onChange={(e) => setWitnessName(e.target.value)} maxLength={50} />
            </Form.Item>
            <Form.Item label={t('signRefusalNote')} htmlFor="sign-note">
              <Input.TextArea id="sign-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
            </Form.Item>
          </>
        ) : (
          <Form.Item label={t('signHere')}>
            <SignaturePad label={t('signHere')} onChange={setImage} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
