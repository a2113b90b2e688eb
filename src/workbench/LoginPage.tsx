import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useLang } from './i18n.tsx'
import { useSession } from './session.tsx'
import { LangSwitch } from './Shell.tsx'

export function LoginPage() {
  const { t } = useLang()
  const { login } = useSession()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true)
    setError(undefined)
    try {
      await login(values.username.trim(), values.password)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setBusy(false)
    }
  }
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#eef2f7', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 400 }} extra={<LangSwitch />} title={t('appTitle')}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('loginTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('loginHint')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" maxLength={40} autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
