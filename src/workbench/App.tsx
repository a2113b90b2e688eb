import { lazy, Suspense, type ReactNode } from 'react'
import { App as AntApp, ConfigProvider, Result, Spin, type ConfigProviderProps } from 'antd'
import zhCNModule from 'antd/es/locale/zh_CN.js'
import enUSModule from 'antd/es/locale/en_US.js'
import { BrowserRouter, Navigate, Route, Routes, useParams } from 'react-router-dom'
import { ROLES, type Role } from '../platform/access/roles.ts'
import { LangProvider, useLang } from './i18n.tsx'
import { SessionProvider, useSession } from './session.tsx'
import { LoginPage } from './LoginPage.tsx'
import { Shell } from './Shell.tsx'
import { RoleHome } from './homes.tsx'
import { canOpen, canRead, primaryRole, type ScreenKey, type WorkScreenKey } from './nav.ts'
import { Forbidden } from './ui.tsx'

const AvListPage = lazy(() => import('./admin/AvListPage.tsx'))
const ReviewPage = lazy(() => import('./review/ReviewPage.tsx'))

// antd's es/ files are ES modules at runtime, but its package.json does not say so, so
// TypeScript (NodeNext) types their default export as the whole CommonJS module.
const zhCN = zhCNModule as unknown as ConfigProviderProps['locale']
const enUS = enUSModule as unknown as ConfigProviderProps['locale']

// Management screens load on demand, so an officer's phone downloads only the shell.
const screens: Record<ScreenKey, ReturnType<typeof lazy>> = {
  orgs: lazy(() => import('./admin/OrgsPage.tsx')),
  bodies: lazy(() => import('./admin/BodiesPage.tsx')),
  people: lazy(() => import('./admin/PeoplePage.tsx')),
  certificates: lazy(() => import('./admin/CertificatesPage.tsx')),
  reviewers: lazy(() => import('./admin/ReviewersPage.tsx')),
  calendar: lazy(() => import('./admin/CalendarPage.tsx')),
  users: lazy(() => import('./admin/UsersPage.tsx')),
  notices: lazy(() => import('./admin/NoticesPage.tsx')),
  items: lazy(() => import('./admin/ItemsPage.tsx')),
}

// Case-handling screens, also loaded on demand.
const workScreens: Partial<Record<WorkScreenKey | 'case', ReturnType<typeof lazy>>> = {
  cases: lazy(() => import('./cases/CasesPage.tsx')),
  case: lazy(() => import('./cases/CasePage.tsx')),
  approvals: lazy(() => import('./cases/ApprovalsPage.tsx')),
  deadlines: lazy(() => import('./cases/DeadlinesPage.tsx')),
  reviews: lazy(() => import('./review/ReviewsPage.tsx')),
  publications: lazy(() => import('./disclosure/PublicationsPage.tsx')),
  complaints: lazy(() => import('./complaints/ComplaintsPage.tsx')),
  annualReports: lazy(() => import('./statistics/AnnualReportPage.tsx')),
}

function WorkScreen({ name }: { name: WorkScreenKey | 'case' }) {
  const { me } = useSession()
  if (!me || !canOpen(me.roles, name === 'case' ? 'cases' : name)) return <Forbidden />
  const Page = workScreens[name]
  if (!Page) return <NotFound />
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  )
}

export function App() {
  return (
    <LangProvider>
      <Localised />
    </LangProvider>
  )
}

function Localised() {
  const { lang } = useLang()
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1f4e8c', borderRadius: 4 } }}>
      <AntApp>
        <BrowserRouter basename="/app">
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  )
}

function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  )
}

function Screen({ name }: { name: ScreenKey }) {
  const { me } = useSession()
  if (!me || !canRead(me.roles, name)) return <Forbidden />
  const Page = screens[name]
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  )
}

function OtherRoleHome() {
  const { me } = useSession()
  const { role } = useParams()
  if (!me || !ROLES.includes(role as Role) || !me.roles.includes(role as Role)) return <Forbidden />
  return <RoleHome role={role as Role} />
}

function NotFound() {
  const { t } = useLang()
  return <Result status="404" title="404" subTitle={t('notFound')} />
}

function AppRoutes() {
  const { me } = useSession()
  if (me === undefined) return <Loading />
  const guarded = (element: ReactNode) => (me ? element : <Navigate to="/login" replace />)
  return (
    <Routes>
      <Route path="/login" element={me ? <Navigate to="/" replace /> : <LoginPage />} />
      <Route element={guarded(<Shell />)}>
        <Route index element={me && <RoleHome role={primaryRole(me.roles)} />} />
        <Route path="home/:role" element={<OtherRoleHome />} />
        {(Object.keys(screens) as ScreenKey[]).map((name) => (
          <Route key={name} path={name} element={<Screen name={name} />} />
        ))}
        <Route path="cases" element={<WorkScreen name="cases" />} />
        <Route path="cases/:id" element={<WorkScreen name="case" />} />
        <Route path="approvals" element={<WorkScreen name="approvals" />} />
        <Route path="deadlines" element={<WorkScreen name="deadlines" />} />
        <Route path="reviews" element={<WorkScreen name="reviews" />} />
        <Route path="publications" element={<WorkScreen name="publications" />} />
        <Route path="complaints" element={<WorkScreen name="complaints" />} />
        <Route path="annualReports" element={<WorkScreen name="annualReports" />} />
        <Route path="reviews/:id" element={<Suspense fallback={<Loading />}><ReviewPage /></Suspense>} />
        <Route path="av-list" element={<Suspense fallback={<Spin />}><AvListPage /></Suspense>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  )
}
