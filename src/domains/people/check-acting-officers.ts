import type { Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { inScope } from '../../platform/access/scope.ts'
import { forbidden, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'

export type ActingOfficerProblem = { personId: string; problem: string }

/**
 * 处罚法42, 强制法18 / F-02: refuses (422 ACTING_OFFICERS) unless at least two distinct
 * people, each an officer in post with a certificate valid on `date`, act. The rule is the
 * database's assert_acting_officers(); details name each person acting_officer_problem()
 * rejects. The case domain calls this inside its own transaction.
 */
export async function assertActingOfficers(db: Queryable, personIds: string[], date: string): Promise<void> {
  const { rows } = await db.query<{ personId: string; problem: string | null }>(
    `SELECT x::text AS "personId", acting_officer_problem(x, $2::date) AS problem FROM unnest($1::uuid[]) x`,
    [personIds, date],
  )
  const details: ActingOfficerProblem[] = rows.filter((r) => r.problem !== null).map((r) => ({ personId: r.personId, problem: r.problem! }))
  try {
    await db.query(`SELECT assert_acting_officers($1::uuid[], $2::date)`, [personIds, date])
  } catch (error) {
    if ((error as { code?: string }).code !== '23514') throw error
    throw ruleViolation('ACTING_OFFICERS', (error as Error).message, details)
  }
}

/** F-02 / F-05: the check for the workbench; everyone named must be in the user's scope. */
export async function checkActingOfficers(db: Queryable, user: AuthUser, personIds: string[], date = todayInChina()): Promise<void> {
  const { rows } = await db.query<{ path: string }>(
    `SELECT a.path FROM person p JOIN org_node a ON a.id = p.agency_id WHERE p.id = ANY ($1::uuid[])`,
    [personIds],
  )
  if (rows.some((r) => !inScope(user, r.path))) throw forbidden('所选人员超出您的数据范围')
  await assertActingOfficers(db, personIds, date)
}
