import type { Role } from '../platform/access/roles.ts'
import type { Key } from './i18n.tsx'

/** A user with several roles lands on the home of the first of these they hold. */
export const HOME_PRIORITY: readonly Role[] = ['admin', 'supervisor', 'head', 'reviewer', 'disclosure', 'officer', 'auxiliary']

export const HOME_TITLE: Record<Role, Key> = {
  admin: 'homeAdmin',
  supervisor: 'homeSupervisor',
  head: 'homeHead',
  reviewer: 'homeReviewer',
  disclosure: 'homeDisclosure',
  officer: 'homeOfficer',
  auxiliary: 'homeAuxiliary',
}

export function primaryRole(roles: readonly Role[]): Role {
  return HOME_PRIORITY.find((role) => roles.includes(role)) ?? roles[0] ?? 'officer'
}

export type ScreenKey = 'orgs' | 'bodies' | 'people' | 'certificates' | 'reviewers' | 'calendar' | 'users' | 'items' | 'notices'

/**
 * Who sees which management screen, and who may change things there. This only shapes
 * the menu: the server checks every request again (F-05).
 */
export const SCREENS: Record<ScreenKey, { title: Key; read: readonly Role[]; write: readonly Role[] }> = {
  orgs: { title: 'navOrgs', read: ['admin', 'supervisor'], write: ['admin'] },
  bodies: { title: 'navBodies', read: ['admin', 'supervisor', 'disclosure', 'head'], write: ['admin', 'disclosure'] },
  people: { title: 'navPeople', read: ['admin', 'supervisor', 'head'], write: ['admin'] },
  certificates: { title: 'navCertificates', read: ['admin', 'supervisor', 'head'], write: ['admin'] },
  reviewers: { title: 'navReviewers', read: ['admin', 'supervisor', 'head', 'reviewer'], write: ['admin'] },
  calendar: { title: 'navCalendar', read: ['admin', 'supervisor', 'head', 'reviewer', 'disclosure', 'officer', 'auxiliary'], write: ['admin'] },
  users: { title: 'navUsers', read: ['admin'], write: ['admin'] },
  /** P-01 / P-07: 救济渠道, 监督方式, 随机抽查事项清单 and the windows' 岗位信息公示牌 */
  notices: { title: 'navNotices', read: ['admin', 'supervisor', 'disclosure', 'head'], write: ['admin', 'disclosure'] },
  /** P-02 / P-03: the agency's 行政执法事项清单: its administrators and 法制机构 draft, the 法制机构 approves. */
  items: { title: 'navItems', read: ['admin', 'reviewer', 'head', 'supervisor'], write: ['admin', 'reviewer'] },
}

export const SCREEN_ORDER: readonly ScreenKey[] = ['orgs', 'bodies', 'items', 'notices', 'people', 'certificates', 'reviewers', 'calendar', 'users']

export type WorkScreenKey = 'cases' | 'approvals' | 'deadlines' | 'reviews' | 'publications' | 'complaints' | 'annualReports'

/**
 * the case-handling screens and who finds them in the menu. 审批 is the
 * head's (机关负责人 approves 立案, decisions and measures); the server checks again.
 */
export const WORK_SCREENS: Record<WorkScreenKey, { title: Key; read: readonly Role[] }> = {
  cases: { title: 'navCases', read: ['officer', 'head', 'reviewer', 'supervisor', 'auxiliary'] },
  approvals: { title: 'navApprovals', read: ['head'] },
  deadlines: { title: 'navDeadlines', read: ['officer', 'head', 'supervisor'] },
  /** L-05 / L-06 / L-10: the review queue; the handling unit follows what it sent, supervisors read. */
  reviews: { title: 'navReviews', read: ['reviewer', 'head', 'officer', 'supervisor'] },
  /** P-08 … P-11: the disclosure officer's drafts and publications; supervisors read the list. */
  publications: { title: 'navPublications', read: ['disclosure', 'supervisor'] },
  /** S-04: the justice-bureau supervisor's queue of 投诉举报 in the data scope. */
  complaints: { title: 'navComplaints', read: ['supervisor'] },
  /** P-14: the head's 统计年报 (draft, 报送, 公开); supervisors read the roll-up of their scope. */
  annualReports: { title: 'navAnnualReports', read: ['head', 'supervisor'] },
}

export const WORK_SCREEN_ORDER: readonly WorkScreenKey[] = ['cases', 'approvals', 'deadlines', 'reviews', 'publications', 'complaints', 'annualReports']

export const canOpen = (roles: readonly Role[], screen: WorkScreenKey) => WORK_SCREENS[screen].read.some((r) => roles.includes(r))

export const canRead = (roles: readonly Role[], screen: ScreenKey) => SCREENS[screen].read.some((r) => roles.includes(r))
export const canWrite = (roles: readonly Role[], screen: ScreenKey) => SCREENS[screen].write.some((r) => roles.includes(r))
