import { useState } from 'react'
import { Segmented, Space } from 'antd'
import { itemsOf, query, useApi } from '../api.ts'
import { useLang } from '../i18n.tsx'
import { canWrite } from '../nav.ts'
import { useMe } from '../session.tsx'
import { CERTIFICATE_STATUSES, type Certificate, type Paged } from '../types.ts'
import { CertificateTable } from '../homes.tsx'
import { ErrorAlert, OrgPicker, PageTitle, useOrgs } from '../ui.tsx'
import { CertificateActions } from './certActions.tsx'

/** 执法证 (F-02) of the agencies in scope, by status. */
export default function CertificatesPage() {
  const me = useMe()
  const { t } = useLang()
  const orgs = useOrgs()
  const writable = canWrite(me.roles, 'certificates')
  const [status, setStatus] = useState<string>('')
  const [agencyId, setAgencyId] = useState<string>()
  const certificates = useApi<Paged<Certificate>>(`/api/certificates${query({ status, agencyId, limit: 500 })}`)
  return (
    <>
      <PageTitle>{t('navCertificates')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented value={status} onChange={(v) => setStatus(String(v))} options={[{ value: '', label: t('all') }, ...CERTIFICATE_STATUSES.map((s) => ({ value: s, label: s }))]} />
        <OrgPicker tree={orgs.tree} value={agencyId} onChange={setAgencyId} placeholder={t('agency')} allowClear />
      </Space>
      <ErrorAlert error={certificates.error} />
      <CertificateTable
        certificates={itemsOf(certificates.data)}
        loading={certificates.loading}
        extraColumns={[
          { title: t('agency'), dataIndex: 'agencyName' },
          { title: t('statusReason'), dataIndex: 'statusReason', render: (r: string | null) => r ?? '—' },
          ...(writable ? [{ title: t('actions'), key: 'actions', render: (_: unknown, c: Certificate) => <CertificateActions certificate={c} onChanged={certificates.reload} /> }] : []),
        ]}
      />
    </>
  )
}
