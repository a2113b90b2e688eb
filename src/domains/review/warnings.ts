/**
 * L-06 (s002 §14(3)): overdue reviews warn the reviewer, the head and the supervisor. A round
 * still waiting for its opinion is overdue once its due date in force (with an approved
 * extension) has passed, due today, or due tomorrow when its due date is the next working day
 * on the F-04 calendar — so a holiday never counts towards the time limit.
 */
import type { Db } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { hasRole, requireRole } from '../../platform/access/scope.ts'
import { todayInChina } from '../../platform/clock.ts'
import { loadCalendar } from '../../platform/calendar/calendar-service.ts'

export type WarningKind = 'overdue' | 'due-today' | 'due-tomorrow'

export type ReviewWarning = {
  reviewId: string
  caseId: string
  caseNumber: string
  partyName: string
  round: number
  dueOn: string
  extended: boolean
  kind: WarningKind
  /** Working days after the due date, for an overdue review. */
  overdueWorkingDays: number
  reviewerName: string | null
}

/** L-06: the warning for a round due on `due`, as of `on`, on the agency's calendar (null: none). */
export function warningOf(calendar: { addWorkingDays(start: string, n: number): { due: string }; workingDaysBetween(a: string, b: string): number }, due: string, on: string): WarningKind | null {
  if (due < on) return 'overdue'
  if (due === on) return 'due-today'
  return calendar.addWorkingDays(on, 1).due === due ? 'due-tomorrow' : null
}

/**
 * L-06: the warnings of the user's scope as of `on` (today): reviewers see the reviews they may
 * take or are assigned to, heads and supervisors every review of their scope (L-09: with those
 * sent to a 司法局 of their scope).
 */
export async function reviewWarnings(db: Db, user: AuthUser, on: string = todayInChina()): Promise<ReviewWarning[]> {
  requireRole(user, 'reviewer', 'head', 'supervisor')
  const broad = hasRole(user, 'head', 'supervisor')
  const { rows } = await db.query<Omit<ReviewWarning, 'kind' | 'overdueWorkingDays'> & { agencyId: string }>(
    `SELECT r.id AS "reviewId", r.case_id AS "caseId", c.number AS "caseNumber", c.party_name AS "partyName", c.agency_id AS "agencyId",
            x.n AS round, to_char(rd.due_on, 'YYYY-MM-DD') AS "dueOn", rd.extended, ap.name AS "reviewerName"
       FROM legal_review r JOIN enforcement_case c ON c.id = r.case_id JOIN org_node a ON a.id = c.agency_id
       LEFT JOIN legal_review_referral f ON f.review_id = r.id LEFT JOIN org_node b ON b.id = f.bureau_id
       JOIN LATERAL (SELECT * FROM legal_review_round y WHERE y.review_id = r.id ORDER BY y.n DESC LIMIT 1) x ON true
       JOIN legal_review_round_due rd ON rd.round_id = x.id
       LEFT JOIN legal_review_current_assignment ca ON ca.review_id = r.id LEFT JOIN person ap ON ap.id = ca.reviewer_id
      WHERE NOT EXISTS (SELECT 1 FROM legal_review_opinion o WHERE o.round_id = x.id)
        AND rd.due_on <= $2::date + 14
        AND CASE WHEN $3 THEN starts_with(a.path, $1) OR starts_with(b.path, $1)
                 ELSE ca.reviewer_id = $4::uuid OR (ca.reviewer_id IS NULL AND starts_with(coalesce(b.path, a.path), $1)) END
      ORDER BY rd.due_on, r.submitted_at LIMIT 1000`,
    [user.scopePath, on, broad, user.personId],
  )
  const warnings: ReviewWarning[] = []
  for (const { agencyId, ...row } of rows) {
    const calendar = await loadCalendar(db, agencyId)
    const kind = warningOf(calendar, row.dueOn, on)
    if (!kind) continue
    warnings.push({ ...row, kind, overdueWorkingDays: kind === 'overdue' ? calendar.workingDaysBetween(row.dueOn, on) : 0 })
  }
  return warnings
}
