import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { Alert, Button, Checkbox, DatePicker, Divider, Form, Grid, Input, InputNumber, Modal, Radio, Select, Space, Switch, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { api, ApiError } from '../api.ts'
import { useLang, type Key } from '../i18n.tsx'
import { SignaturePad, dataUrlBytes } from './SignaturePad.tsx'
import { uploadRaw } from './upload.ts'
import { chinaToday } from './common.tsx'
import { approvalRequestPath, attachmentsPath, type Attachment } from './paths.ts'
import type { CaseAction, CaseDetail } from './types.ts'
import { AV_CODES, AvStatusPanel } from './AvStatus.tsx'

/** An officer of the case's agency as the people routes list them (F-02). */
export type OfficerOption = { id: string; name: string; certNo: string | null; certStatus: string | null }

type FieldSpec = { name: string; label: Key; input: 'text' | 'textarea' | 'passed' | 'penalty' | 'datetime'; required?: boolean }

/**
 * The fields the stage model asks of an action type (required_data in migration 0006:
 * reason for 不予立案/不予受理, passed for 法制审核, penalty for 现场处罚决定). The trigger
 * refuses an action without them; the form asks for them so an officer is not refused.
 * Keyed by "kind:type" where one kind's step differs, else by the type.
 */
const FIELDS: Record<string, FieldSpec[]> = {
  /** 强制法43: the hour of a 强制执行 is checked (no night, no holiday) unless it is urgent. */
  '强制-执行:实施': [
    { name: 'at', label: 'fieldAt', input: 'datetime', required: true },
    { name: 'urgencyReason', label: 'fieldUrgency', input: 'textarea' },
  ],
  不予立案: [{ name: 'reason', label: 'fieldReason', input: 'textarea', required: true }],
  不予受理: [{ name: 'reason', label: 'fieldReason', input: 'textarea', required: true }],
  法制审核: [
    { name: 'passed', label: 'fieldPassed', input: 'passed', required: true },
    { name: 'opinion', label: 'fieldOpinion', input: 'textarea' },
  ],
  现场处罚决定: [{ name: 'penalty', label: 'fieldPenalty', input: 'penalty', required: true }],
  决定: [
    { name: 'penalty', label: 'fieldPenalty', input: 'text' },
    { name: 'content', label: 'fieldDecision', input: 'textarea' },
  ],
  告知: [{ name: 'content', label: 'fieldNoticeContent', input: 'textarea' }],
}

/**
 * 处罚法42, 强制法18 / R-01: the on-site acts (on_site in migration 0006) — two officers
 * with valid certificates, and the place where a 现场笔录 is made.
 */
export const ON_SITE = new Set(['现场处罚决定', '调查取证', '实施', '实施检查'])

const RECORD_KINDS = ['现场检查笔录', '询问笔录'] as const

type Values = {
  actedOn: Dayjs
  officers?: string[]
  place?: string
  note?: string
  reason?: string
  at?: string
  urgencyReason?: string
  opinion?: string
  content?: string
  passed?: boolean
  penalty?: '警告' | '罚款'
  fineYuan?: number
  withRecord?: boolean
  recordKind?: (typeof RECORD_KINDS)[number]
  recordStart?: string
  recordEnd?: string
  recordPlace?: string
  qa?: { q: string; a: string }[]
  signRefused?: boolean
  signWitness?: string
}

/** R-05: a 笔录's questions and answers travel as one JSON text field of the action. */
export const RECORD_QA_LIMIT = 2000

export type ActionBody = { type: string; actedOn: string; officers?: string[]; data?: Record<string, string | number | boolean | null>; supersedesId?: string }

/**
 * records one action of the case (or corrects one), with a 现场笔录 and the
 * party's signature for on-site acts. The server's {code, message} stays in the dialog;
 * APPROVAL_REQUIRED offers to submit the same action for the head's approval.
 */
export function ActionForm(props: { detail: CaseDetail; type: string; correcting?: CaseAction; officers: OfficerOption[]; open: boolean; onClose(): void; onDone(): void }) {
  const { detail, type, correcting } = props
  const { t } = useLang()
  const phone = !Grid.useBreakpoint().md
  const [form] = Form.useForm<Values>()
  const [error, setError] = useState<ApiError>()
  const [pending, setPending] = useState<ActionBody>()
  const [busy, setBusy] = useState(false)
  const [signature, setSignature] = useState<string>()
  const [submitted, setSubmitted] = useState(false)
  const [approvalReason, setApprovalReason] = useState('')
  const [avRefresh, setAvRefresh] = useState(0)
  const onSite = ON_SITE.has(type)
  const fields = FIELDS[`${detail.kind}:${type}`] ?? FIELDS[type] ?? []
  const withRecord = Form.useWatch('withRecord', form)
  const penalty = Form.useWatch('penalty', form)
  const refused = Form.useWatch('signRefused', form)
  const valid = props.officers.filter((o) => o.certStatus === '有效')
  const old = correcting?.data ?? {}

  const initialValues: Partial<Values> = {
    actedOn: dayjs(correcting ? correcting.actedOn : chinaToday()),
    officers: correcting?.officers,
    place: typeof old.place === 'string' ? old.place : undefined,
    note: typeof old.note === 'string' ? old.note : undefined,
    reason: typeof old.reason === 'string' ? old.reason : undefined,
    opinion: typeof old.opinion === 'string' ? old.opinion : undefined,
    content: typeof old.content === 'string' ? old.content : undefined,
    passed: typeof old.passed === 'boolean' ? old.passed : undefined,
    penalty: old.penalty === '警告' || old.penalty === '罚款' ? old.penalty : undefined,
    fineYuan: typeof old.fineYuan === 'number' ? old.fineYuan : undefined,
    withRecord: onSite && !correcting,
    recordKind: '现场检查笔录',
    recordStart: dayjs().format('HH:mm'),
    qa: [{ q: '', a: '' }],
    signRefused: false,
  }

  async function body(values: Values): Promise<ActionBody> {
    const data: Record<string, string | number | boolean | null> = {}
    const put = (key: string, value: string | number | boolean | undefined | null) => {
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return
      data[key] = typeof value === 'string' ? value.trim() : value
    }
    put('place', values.place)
    put('note', values.note)
    for (const f of fields) put(f.name, values[f.name as keyof Values] as string | number | boolean | undefined)
    if (values.penalty === '罚款') put('fineYuan', values.fineYuan)
    if (values.withRecord) {
      const qa = (values.qa ?? []).filter((x) => x.q?.trim() || x.a?.trim()).map((x) => ({ q: x.q.trim(), a: x.a.trim() }))
      const text = JSON.stringify(qa)
      if (text.length > RECORD_QA_LIMIT) throw new ApiError(400, 'RECORD_TOO_LONG', t('recordTooLong', { n: RECORD_QA_LIMIT }))
      put('recordKind', values.recordKind)
      put('recordStart', values.recordStart)
      put('recordEnd', values.recordEnd)
      put('recordPlace', values.recordPlace)
      data.recordQa = text
      if (values.signRefused) {
        data.signRefused = true
        put('signWitness', values.signWitness)
      } else {
        if (!signature) throw new ApiError(400, 'SIGNATURE_MISSING', t('signMissing'))
        const png = new Blob([dataUrlBytes(signature) as BlobPart], { type: 'image/png' })
        const uploaded = await uploadRaw<Attachment>(attachmentsPath(detail.id, { fileName: `当事人签名-${values.recordKind}.png`, description: `${values.recordKind}当事人签名`, stage: type }), png, 'image/png')
        data.partySignature = uploaded.id
        if (uploaded.sha256) data.partySignatureSha256 = uploaded.sha256
      }
    }
    return {
      type,
      actedOn: values.actedOn.format('YYYY-MM-DD'),
      ...(values.officers?.length ? { officers: values.officers } : {}),
      ...(Object.keys(data).length ? { data } : {}),
      ...(correcting ? { supersedesId: correcting.id } : {}),
    }
  }

  async function submit() {
    const values = await form.validateFields()
    setBusy(true)
    setError(undefined)
    setPending(undefined)
    let request: ActionBody | undefined
    try {
      request = await body(values)
      await api('POST', `/api/cases/${detail.id}/actions`, request)
      props.onDone()
      props.onClose()
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e))
      setError(err)
      if (err.code === 'APPROVAL_REQUIRED' && request) setPending(request)
      // the refusal names the act; the panel below offers the reason for an expected one
      if (AV_CODES.has(err.code)) setAvRefresh((n) => n + 1)
    } finally {
      setBusy(false)
    }
  }

  async function submitForApproval() {
    if (!pending) return
    if (!approvalReason.trim()) {
      setError(new ApiError(400, 'REASON_MISSING', t('approvalReasonMissing')))
      return
    }
    setBusy(true)
    try {
      await api('POST', approvalRequestPath(detail.id), { ...pending, reason: approvalReason.trim() })
      setError(undefined)
      setPending(undefined)
      setSubmitted(true)
      setApprovalReason('')
      props.onDone()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)))
    } finally {
      setBusy(false)
    }
  }

  const title = correcting ? t('correctTitle', { type }) : t('recordTitle', { type })
  return (
    <Modal
      title={title}
      open={props.open}
      width={phone ? '100%' : 680}
      style={phone ? { top: 8, maxWidth: '100%', paddingBottom: 0 } : undefined}
      okText={t('recordSave')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      destroyOnHidden
      onCancel={props.onClose}
      onOk={() => void submit()}
      okButtonProps={{ disabled: submitted, size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
    >
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error.message}
          style={{ marginBottom: 16 }}
        />
      )}
      {pending && (
        <div style={{ marginBottom: 16 }}>
          <label htmlFor="approval-reason" style={{ display: 'block', marginBottom: 4 }}>
            {t('approvalReason')}
          </label>
          <Input.TextArea id="approval-reason" rows={2} maxLength={2000} value={approvalReason} onChange={(e) => setApprovalReason(e.target.value)} />
          <Button type="primary" size="large" block style={{ marginTop: 8 }} onClick={() => void submitForApproval()} loading={busy}>
            {t('submitApproval')}
          </Button>
        </div>
      )}
      <AvStatusPanel caseId={detail.id} excludeActionId={correcting?.id} refresh={avRefresh} />
      {submitted && <Alert type="success" showIcon role="status" title={t('approvalSubmitted')} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" name={`action-${type}`} preserve={false} initialValues={initialValues} disabled={submitted}>
        <Form.Item name="actedOn" label={t('actedOn')} rules={[{ required: true, message: t('required') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()} allowClear={false} inputReadOnly={phone} />
        </Form.Item>
        <Form.Item
          name="officers"
          label={t('actingOfficers')}
          extra={onSite ? t('actingOfficersOnSite') : undefined}
          rules={onSite ? [{ type: 'array', min: 2, required: true, message: t('actingOfficersOnSite') }] : []}
        >
          {valid.length ? (
            <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }} options={valid.map((o) => ({ value: o.id, label: `${o.name}（${o.certNo ?? '—'}）` }))} />
          ) : (
            <Typography.Text type="secondary">{t('noValidOfficers')}</Typography.Text>
          )}
        </Form.Item>
        {fields.map((f) => (
          <FieldInput key={f.name} spec={f} penalty={penalty} />
        ))}
        <Form.Item name="place" label={t('actionPlace')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={t('actionNote')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {onSite && !correcting && (
          <>
            <Divider titlePlacement="start">{t('recordSection')}</Divider>
            <Form.Item name="withRecord" label={t('recordMake')} valuePropName="checked">
              <Switch />
            </Form.Item>
            {withRecord && (
              <>
                <Form.Item name="recordKind" label={t('recordKind')} rules={[{ required: true, message: t('required') }]}>
                  <Radio.Group options={RECORD_KINDS.map((k) => ({ value: k, label: k }))} />
                </Form.Item>
                <Space wrap>
                  <Form.Item name="recordStart" label={t('recordStart')} rules={[{ required: true, message: t('required') }]}>
                    <Input type="time" />
                  </Form.Item>
                  <Form.Item name="recordEnd" label={t('recordEnd')}>
                    <Input type="time" />
                  </Form.Item>
                </Space>
                <Form.Item name="recordPlace" label={t('recordPlace')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                  <Input maxLength={200} />
                </Form.Item>
                <Form.List name="qa">
                  {(items, { add, remove }) => (
                    <>
                      {items.map((item, i) => (
                        <div key={item.key} style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: 8, marginBottom: 8 }}>
                          <Form.Item name={[item.name, 'q']} label={t('recordQuestion', { n: i + 1 })} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                            <Input.TextArea rows={2} />
                          </Form.Item>
                          <Form.Item name={[item.name, 'a']} label={t('recordAnswer', { n: i + 1 })} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                            <Input.TextArea rows={2} />
                          </Form.Item>
                          {items.length > 1 && (
                            <Button type="link" danger icon={<MinusCircleOutlined />} onClick={() => remove(item.name)}>
                              {t('recordRemoveQa')}
                            </Button>
                          )}
                        </div>
                      ))}
                      <Button block icon={<PlusOutlined />} onClick={() => add({ q: '', a: '' })} style={{ marginBottom: 16 }}>
                        {t('recordAddQa')}
                      </Button>
                    </>
                  )}
                </Form.List>
                <Form.Item name="signRefused" label={t('signRefused')} valuePropName="checked">
                  <Switch />
                </Form.Item>
                {refused ? (
                  <Form.Item name="signWitness" label={t('signWitness')} extra={t('signWitnessHelp')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                    <Input maxLength={50} />
                  </Form.Item>
                ) : (
                  <Form.Item label={t('signParty')} required>
                    <SignaturePad label={t('signParty')} onChange={setSignature} />
                  </Form.Item>
                )}
              </>
            )}
          </>
        )}
      </Form>
    </Modal>
  )
}

function FieldInput({ spec, penalty }: { spec: FieldSpec; penalty: string | undefined }) {
  const { t } = useLang()
  const rules = spec.required ? [{ required: true, message: t('required') }] : []
  switch (spec.input) {
    case 'text':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={rules}>
          <Input maxLength={2000} />
        </Form.Item>
      )
    case 'textarea':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={spec.required ? [{ required: true, whitespace: true, message: t('required') }] : []}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      )
    case 'datetime':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={rules}>
          <Input type="datetime-local" />
        </Form.Item>
      )
    case 'passed':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={rules}>
          <Radio.Group
            options={[
              { value: true, label: t('passedYes') },
              { value: false, label: t('passedNo') },
            ]}
          />
        </Form.Item>
      )
    case 'penalty':
      return (
        <>
          <Form.Item name={spec.name} label={t(spec.label)} rules={rules}>
            <Select
              allowClear={!spec.required}
              options={[
                { value: '警告', label: '警告' },
                { value: '罚款', label: '罚款' },
              ]}
            />
          </Form.Item>
          {penalty === '罚款' && (
            <Form.Item name="fineYuan" label={t('fieldFineYuan')} rules={[{ required: true, message: t('required') }]}>
              <InputNumber min={0.01} step={50} style={{ width: '100%' }} />
            </Form.Item>
          )}
        </>
      )
  }
}
