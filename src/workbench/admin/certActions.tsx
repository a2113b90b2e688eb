import { useState } from 'react'
import { Button, DatePicker, Form, Input, InputNumber, Radio, Space } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { api } from '../api.ts'
import { useLang } from '../i18n.tsx'
import type { Certificate } from '../types.ts'
import { FormModal, useReasonDialog } from '../ui.tsx'

type CheckForm = { year: number; passed: boolean; checkedOn: Dayjs; note?: string }
type ReissueForm = { certNo: string; validFrom: Dayjs; validTo: Dayjs }

const day = (d: Dayjs) => d.format('YYYY-MM-DD')

/** 暂扣/注销/恢复 with a reason, 年审 and 换发 of one certificate (F-02). */
export function CertificateActions({ certificate, onChanged }: { certificate: Certificate; onChanged(): void }) {
  const { t } = useLang()
  const askReason = useReasonDialog()
  const [dialog, setDialog] = useState<'check' | 'reissue' | null>(null)
  const stored = certificate.storedStatus
  const setStatus = (status: Certificate['storedStatus'], label: string) =>
    askReason(`${label} · ${certificate.certNo}`, (reason) => api('POST', `/api/certificates/${certificate.id}/status`, { status, reason }), onChanged)
  return (
    <>
      <Space size={4} wrap>
        {stored === '有效' && (
          <Button size="small" onClick={() => setStatus('暂扣', t('suspend'))}>
            {t('suspend')}
          </Button>
        )}
        {stored === '暂扣' && (
          <Button size="small" onClick={() => setStatus('有效', t('restore'))}>
            {t('restore')}
          </Button>
        )}
        {stored !== '注销' && (
          <Button size="small" danger onClick={() => setStatus('注销', t('revoke'))}>
            {t('revoke')}
          </Button>
        )}
        {stored !== '注销' && (
          <Button size="small" onClick={() => setDialog('check')}>
            {t('annualCheck')}
          </Button>
        )}
        {stored === '有效' && (
          <Button size="small" onClick={() => setDialog('reissue')}>
            {t('reissue')}
          </Button>
        )}
      </Space>
      <FormModal<CheckForm>
        title={`${t('annualCheck')} · ${certificate.certNo}`}
        open={dialog === 'check'}
        onClose={() => setDialog(null)}
        initialValues={{ year: dayjs().year(), passed: true, checkedOn: dayjs() }}
        onSubmit={async (v) => {
          await api('POST', `/api/certificates/${certificate.id}/annual-checks`, { year: v.year, passed: v.passed, checkedOn: day(v.checkedOn), note: v.note || null })
          onChanged()
        }}
      >
        <Form.Item name="year" label={t('checkYear')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="passed" label={t('checkPassed')} rules={[{ required: true }]}>
          <Radio.Group options={[{ value: true, label: t('passed') }, { value: false, label: t('failed') }]} />
        </Form.Item>
        <Form.Item name="checkedOn" label={t('checkedOn')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="note" label={t('note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>
      <FormModal<ReissueForm>
        title={`${t('reissue')} · ${certificate.certNo}`}
        open={dialog === 'reissue'}
        onClose={() => setDialog(null)}
        initialValues={{ validFrom: dayjs(), validTo: dayjs().add(5, 'year').subtract(1, 'day') }}
        onSubmit={async (v) => {
          await api('POST', `/api/certificates/${certificate.id}/reissue`, { certNo: v.certNo, validFrom: day(v.validFrom), validTo: day(v.validTo) })
          onChanged()
        }}
      >
        <Form.Item name="certNo" label={t('newCertNo')} rules={[{ required: true, pattern: /^[A-Za-z0-9-]{6,30}$/, message: t('required') }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="validFrom" label={t('validFrom')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="validTo" label={t('validTo')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
      </FormModal>
    </>
  )
}
