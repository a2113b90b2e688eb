import { UnorderedListOutlined, AlertOutlined, BarChartOutlined, ApartmentOutlined, AuditOutlined, BankOutlined, CalendarOutlined, CheckSquareOutlined, FieldTimeOutlined, FileProtectOutlined, FolderOpenOutlined, HomeOutlined, IdcardOutlined, LogoutOutlined, MenuOutlined, NotificationOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons'
import { useState, type ReactNode } from 'react'
import { Button, Drawer, Grid, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd'
import { Outlet, useLocation, useNavigate } from 'react-router-dom'
import { ROLE_LABELS } from '../platform/access/roles.ts'
import { useLang } from './i18n.tsx'
import { useMe, useSession } from './session.tsx'
import { HOME_PRIORITY, HOME_TITLE, SCREEN_ORDER, SCREENS, WORK_SCREEN_ORDER, WORK_SCREENS, canOpen, canRead, primaryRole, type ScreenKey, type WorkScreenKey } from './nav.ts'

const SCREEN_ICON: Record<ScreenKey, ReactNode> = {
  orgs: <ApartmentOutlined />,
  bodies: <BankOutlined />,
  people: <TeamOutlined />,
  certificates: <IdcardOutlined />,
  reviewers: <AuditOutlined />,
  calendar: <CalendarOutlined />,
  users: <UserOutlined />,
  items: <UnorderedListOutlined />,
  notices: <NotificationOutlined />,
}

const WORK_ICON: Record<WorkScreenKey, ReactNode> = {
  cases: <FolderOpenOutlined />,
  approvals: <CheckSquareOutlined />,
  deadlines: <FieldTimeOutlined />,
  reviews: <FileProtectOutlined />,
  publications: <NotificationOutlined />,
  complaints: <AlertOutlined />,
  annualReports: <BarChartOutlined />,
}

export function LangSwitch() {
  const { t, lang, setLang } = useLang()
  return (
    <Button size="small" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
      {t('language')}
    </Button>
  )
}

function useMenuItems(): MenuProps['items'] {
  const me = useMe()
  const { t } = useLang()
  const primary = primaryRole(me.roles)
  const otherHomes = HOME_PRIORITY.filter((role) => role !== primary && me.roles.includes(role))
  const items: NonNullable<MenuProps['items']> = [{ key: '/', icon: <HomeOutlined />, label: t(HOME_TITLE[primary]) }]
  if (otherHomes.length) {
    items.push({
      key: 'homes',
      type: 'group',
      label: t('homes'),
      children: otherHomes.map((role) => ({ key: `/home/${role}`, icon: <HomeOutlined />, label: t(HOME_TITLE[role]) })),
    })
  }
  const work = WORK_SCREEN_ORDER.filter((screen) => canOpen(me.roles, screen))
  if (work.length) {
    items.push({
      key: 'work',
      type: 'group',
      label: t('navWork'),
      children: work.map((screen) => ({ key: `/${screen}`, icon: WORK_ICON[screen], label: t(WORK_SCREENS[screen].title) })),
    })
  }
  const screens = SCREEN_ORDER.filter((screen) => canRead(me.roles, screen))
  if (screens.length) {
    items.push({
      key: 'admin',
      type: 'group',
      label: t('admin'),
      children: screens.map((screen) => ({ key: `/${screen}`, icon: SCREEN_ICON[screen], label: t(SCREENS[screen].title) })),
    })
  }
  return items
}

/** The signed-in layout: side menu on a desk, a drawer on a phone (officers work in the field). */
export function Shell() {
  const me = useMe()
  const { logout } = useSession()
  const { t, lang } = useLang()
  const navigate = useNavigate()
  const location = useLocation()
  const screens = Grid.useBreakpoint()
  const phone = !screens.md
  const [drawer, setDrawer] = useState(false)
  const items = useMenuItems()
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[location.pathname.startsWith('/cases/') ? '/cases' : location.pathname.startsWith('/reviews/') ? '/reviews' : location.pathname]}
      onClick={({ key }) => {
        setDrawer(false)
        navigate(key)
      }}
      style={{ borderInlineEnd: 0 }}
    />
  )
  const roleLabels = me.roles.map((role, i) => (lang === 'en' ? ROLE_LABELS[role].en : (me.roleLabels[i] ?? ROLE_LABELS[role].zh)))
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Layout.Sider width={220} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16, color: '#1f4e8c' }}>{t('appTitle')}</div>
          <nav aria-label={t('menu')}>{menu}</nav>
        </Layout.Sider>
      )}
      {phone && (
        <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} title={t('appTitle')} size={260} styles={{ body: { padding: 0 } }}>
          <nav aria-label={t('menu')}>{menu}</nav>
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: phone ? '0 12px' : '0 24px', display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #f0f0f0', height: 'auto', minHeight: 56, lineHeight: 'normal' }}
        >
          {phone && <Button type="text" icon={<MenuOutlined />} aria-label={t('menu')} onClick={() => setDrawer(true)} />}
          {phone && <Typography.Text strong>{t('appShort')}</Typography.Text>}
          <div style={{ flex: 1 }} />
          <Space size={phone ? 4 : 8} wrap style={{ justifyContent: 'flex-end', padding: '8px 0' }}>
            <Typography.Text strong data-testid="user-name">
              {me.displayName}
            </Typography.Text>
            {!phone && roleLabels.map((label) => <Tag key={label} color="blue">{label}</Tag>)}
            <LangSwitch />
            <Button size="small" icon={<LogoutOutlined />} aria-label={t('logout')} title={t('logout')} onClick={() => void logout().then(() => navigate('/login'))}>
              {phone ? null : t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: phone ? 12 : 24 }}>
          {phone && (
            <Space size={4} wrap style={{ marginBottom: 8 }}>
              {roleLabels.map((label) => (
                <Tag key={label} color="blue">
                  {label}
                </Tag>
              ))}
            </Space>
          )}
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
