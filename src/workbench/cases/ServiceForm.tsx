import { useState } from 'react'
import { Alert, Checkbox, DatePicker, Form, Grid, Input, Modal, Radio, Select, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { api, ApiError, useApi } from '../api.ts'
import { useLang } from '../i18n.tsx'
import type { OfficerOption } from './ActionForm.tsx'
import { AvAdvanceRefusal, AvStatusPanel } from './AvStatus.tsx'
import { chinaToday } from './common.tsx'
import type { CaseDocument } from './Documents.tsx'
import { SignaturePad } from './SignaturePad.tsx'
import { caseDocumentsPath } from './paths.ts'
import type { CaseDetail } from './types.ts'

/** 民诉法87–95 (处罚法61): the ways of 送达 the server accepts (serve-documents.ts). */
const METHODS = ['直接送达', '留置送达', '邮寄送达', '电子送达', '公告送达'] as const
type Method = (typeof METHODS)[number]

type Values = {
  actedOn: Dayjs
  method: Method
  documentIds: string[]
  officers?: string[]
  recipient?: string
  servicePlace?: string
  witness?: string
  refusalNote?: string
  trackingNumber?: string
  receivedOn?: Dayjs
  reason?: string
  channel?: string
  address?: string
  confirmation?: string
}

/**
 * R-05 / 处罚法61: 送达 of the case's documents by one of the statutory methods, with the
 * recipient's signature on the screen for 直接送达 (民诉法87), the witness for 留置送达 (民诉法89),
 * the receipt for 邮寄送达 (民诉法91), the party's consent first for 电子送达 (处罚法61第二款);
 * the server produces the 送达回证. What each method needs is checked by the server.
 */
export function ServiceForm(props: { detail: CaseDetail; type: string; officers: OfficerOption[]; onClose(): void; onDone(): void }) {
  const { t } = useLang()
  const phone = !Grid.useBreakpoint().md
  const [form] = Form.useForm<Values>()
  const method = Form.useWatch('method', form)
  const documents = useApi<{ items: CaseDocument[] }>(caseDocumentsPath(props.detail.id))
  const [signature, setSignature] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const valid = props.officers.filter((o) => o.certStatus === '有效')
  const served = (documents.data?.items ?? []).filter((d) => d.kind !== 'service_receipt')

  async function submit() {
    const v = await form.validateFields()
    setBusy(true)
    setError(undefined)
    try {
      const trimmed = (s: string | undefined) => (s?.trim() ? s.trim() : undefined)
      let consentId: string | undefined
      if (v.method === '电子送达') {
        const consent = await api<{ id: string }>('POST', `/api/cases/${props.detail.id}/service-consents`, {
          channel: v.channel,
          address: v.address?.trim(),
          consentedOn: v.actedOn.format('YYYY-MM-DD'),
          confirmation: v.confirmation?.trim(),
        })
        consentId = consent.id
      }
      await api('POST', `/api/cases/${props.detail.id}/service`, {
        actedOn: v.actedOn.format('YYYY-MM-DD'),
        method: v.method,
        documentIds: v.documentIds,
        ...(v.officers?.length ? { officers: v.officers } : {}),
        recipient: trimmed(v.recipient),
        servicePlace: trimmed(v.servicePlace),
        signature: v.method === '直接送达' ? signature : undefined,
        witness: v.method === '留置送达' ? trimmed(v.witness) : undefined,
        refusalNote: v.method === '留置送达' ? trimmed(v.refusalNote) : undefined,
        trackingNumber: v.method === '邮寄送达' ? trimmed(v.trackingNumber) : undefined,
        receivedOn: v.method === '邮寄送达' ? v.receivedOn?.format('YYYY-MM-DD') : undefined,
        consentId,
        reason: v.method === '公告送达' ? trimmed(v.reason) : undefined,
      })
      props.onDone()
      props.onClose()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  const required = [{ required: true, whitespace: true, message: t('required') }]
  return (
    <Modal
      open
      title={t('recordTitle', { type: props.type })}
      width={phone ? '100%' : 680}
      style={phone ? { top: 8, maxWidth: '100%', paddingBottom: 0 } : undefined}
      okText={t('recordSave')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      okButtonProps={{ size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      onCancel={props.onClose}
      onOk={() => void submit()}
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <AvAdvanceRefusal caseId={props.detail.id} type={props.type} />
      <AvStatusPanel caseId={props.detail.id} />
      <Form<Values> form={form} layout="vertical" name="service" initialValues={{ actedOn: dayjs(chinaToday()), method: '直接送达', documentIds: [] }}>
        <Form.Item name="documentIds" label={t('serviceDocuments')} rules={[{ type: 'array', min: 1, required: true, message: t('serviceDocumentsMissing') }]}>
          {served.length ? (
            <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }} options={served.map((d) => ({ value: d.id, label: d.number ? `${d.name}（${d.number}）` : d.name }))} />
          ) : (
            <Typography.Text type="secondary">{t('serviceNoDocuments')}</Typography.Text>
          )}
        </Form.Item>
        <Form.Item name="method" label={t('serviceMethod')} rules={[{ required: true, message: t('required') }]}>
          <Radio.Group options={METHODS.map((m) => ({ value: m, label: m }))} />
        </Form.Item>
        <Form.Item name="actedOn" label={method === '公告送达' ? t('servicePublishedOn') : method === '邮寄送达' ? t('serviceMailedOn') : t('actedOn')} rules={[{ required: true, message: t('required') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()} allowClear={false} inputReadOnly={phone} />
        </Form.Item>
        <Form.Item name="officers" label={t('actingOfficers')}>
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }} options={valid.map((o) => ({ value: o.id, label: `${o.name}（${o.certNo ?? '—'}）` }))} />
        </Form.Item>
        {method !== '公告送达' && (
          <Form.Item name="recipient" label={t('serviceRecipient')} rules={required}>
            <Input maxLength={100} />
          </Form.Item>
        )}
        {(method === '直接送达' || method === '留置送达') && (
          <Form.Item name="servicePlace" label={t('servicePlace')}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        {method === '直接送达' && (
          <Form.Item label={t('serviceSignature')} required>
            <SignaturePad label={t('serviceSignature')} onChange={setSignature} />
          </Form.Item>
        )}
        {method === '留置送达' && (
          <>
            <Form.Item name="witness" label={t('signWitness')} rules={required}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="refusalNote" label={t('serviceRefusalNote')} rules={required}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {method === '邮寄送达' && (
          <>
            <Form.Item name="trackingNumber" label={t('serviceTracking')} rules={required}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="receivedOn" label={t('serviceReceivedOn')} rules={[{ required: true, message: t('required') }]}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={phone} />
            </Form.Item>
          </>
        )}
        {method === '电子送达' && (
          <>
            <Alert type="info" showIcon title={t('serviceConsentHelp')} style={{ marginBottom: 12 }} />
            <Form.Item name="channel" label={t('serviceChannel')} rules={[{ required: true, message: t('required') }]}>
              <Select options={['电子邮件', '传真', '短信', '电子送达平台'].map((c) => ({ value: c, label: c }))} />
            </Form.Item>
            <Form.Item name="address" label={t('serviceAddress')} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="confirmation" label={t('serviceConfirmation')} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {method === '公告送达' && (
          <Form.Item name="reason" label={t('serviceNoticeReason')} rules={required}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
