/**
 * 处罚法43 (许可法48(三) for the 听证主持人, 强制法 by reference to the 处罚法's procedure):
 * an officer with a direct interest in the case, or another relation that may affect fair
 * enforcement, recuses (第一款: declared, in force at once); the party may apply for it
 * (第二款), and the head decides (第三款) with grounds; until then the investigation goes on.
 * A recused person is neither an acting officer of the case nor its recorder: the trigger
 * case_action_recusal (migration 0011) holds the rule for every insert.
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { hasRole, requireRole, requireScope } from '../../platform/access/scope.ts'
import { audit } from '../../platform/audit/audit.ts'
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { findCase } from './store.ts'
import { openCaseForRead, recordRead } from './record-access/case-read.ts'

export type RecusalSource = 'declared' | 'application'
export type RecusalInput = { personId: string; source: RecusalSource; grounds: string; appliedOn: string; applicant?: string }
export type RecusalDecisionInput = { granted: boolean; grounds: string; decidedOn: string }

export type RecusalRow = {
  id: string
  caseId: string
  personId: string
  personName: string
  source: RecusalSource
  grounds: string
  appliedOn: string
  applicant: string | null
  recordedBy: string
  recordedAt: Date
  /** 'declared' and granted applications are in force; a pending application is not yet. */
  status: 'in-force' | 'pending' | 'refused'
  decision: { granted: boolean; grounds: string; decidedOn: string; decidedBy: { id: string; name: string }; decidedAt: string } | null
}

const RECUSAL_SELECT = `
  SELECT r.id, r.case_id AS "caseId", r.person_id AS "personId", p.name AS "personName", r.source, r.grounds,
         to_char(r.applied_on, 'YYYY-MM-DD') AS "appliedOn", r.applicant, r.recorded_by AS "recordedBy", r.recorded_at AS "recordedAt",
         CASE WHEN r.source = 'declared' OR d.granted THEN 'in-force' WHEN d.id IS NULL THEN 'pending' ELSE 'refused' END AS status,
         CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object(
           'granted', d.granted, 'grounds', d.grounds, 'decidedOn', to_char(d.decided_on, 'YYYY-MM-DD'),
           'decidedBy', json_build_object('id', u.id, 'name', u.display_name), 'decidedAt', d.decided_at) END AS decision,
         a.path
    FROM case_recusal r
    JOIN person p ON p.id = r.person_id
    JOIN enforcement_case c ON c.id = r.case_id
    JOIN org_node a ON a.id = c.agency_id
    LEFT JOIN case_recusal_decision d ON d.recusal_id = r.id
    LEFT JOIN app_user u ON u.id = d.decided_by`

type RecusalDbRow = RecusalRow & { path: string }
const toRecusal = ({ path: _path, ...row }: RecusalDbRow): RecusalRow => row

async function findRecusal(q: Queryable, id: string): Promise<RecusalDbRow | undefined> {
  const { rows } = await q.query<RecusalDbRow>(`${RECUSAL_SELECT} WHERE r.id = $1`, [id])
  return rows[0]
}

/** 处罚法43: refuses when a recused person would act in the case or the user is one. */
export async function assertNotRecused(q: Queryable, caseId: string, user: Pick<AuthUser, 'personId'>, officers: string[]): Promise<void> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT p.name FROM case_recusal_effective e JOIN person p ON p.id = e.person_id
      WHERE e.case_id = $1 AND (e.person_id = ANY ($2::uuid[]) OR e.person_id = $3::uuid) LIMIT 1`,
    [caseId, officers, user.personId],
  )
  if (rows[0]) {
    throw ruleViolation('RECUSED', `执法人员${rows[0].name}已回避本案，不得参与办理或记录本案执法行为（行政处罚法第四十三条）`)
  }
}

/**
 * 处罚法43: records an officer's own declaration (by that officer or a head) or the party's
 * application with its date (by any officer or head of the case's agency).
 */
export async function recordRecusal(db: Db, user: AuthUser, caseId: string, input: RecusalInput, ip?: string): Promise<RecusalRow> {
  requireRole(user, 'officer', 'head')
  return db.tx(async (tx) => {
    const found = await findCase(tx, caseId)
    if (!found) throw notFound('案件不存在')
    requireScope(user, found.path)
    if (input.appliedOn > todayInChina()) throw ruleViolation('RECUSAL_DATE', '回避申请或声明的日期不得晚于今天')
    const person = await tx.query(`SELECT 1 FROM person WHERE id = $1 AND kind = 'officer'`, [input.personId])
    if (!person.rowCount) throw notFound('执法人员不存在')
    if (input.source === 'declared') {
      if (input.applicant !== undefined) throw badRequest('RECUSAL_APPLICANT', '自行回避不填写申请人')
      if (input.personId !== user.personId && !hasRole(user, 'head')) throw forbidden('自行回避只能由本人或者机关负责人登记')
    } else if (!input.applicant?.trim()) {
      throw badRequest('RECUSAL_APPLICANT', '回避申请须写明申请人')
    }
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO case_recusal (case_id, person_id, source, grounds, applied_on, applicant, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [caseId, input.personId, input.source, input.grounds, input.appliedOn, input.applicant?.trim() ?? null, user.id],
    )
    const id = rows[0]!.id
    await audit(tx, {
      actor: user,
      ip,
      action: input.source === 'declared' ? 'case.recusal.declare' : 'case.recusal.apply',
      entity: 'case_recusal',
      entityId: id,
      orgId: found.agencyId,
      detail: { caseId, personId: input.personId, appliedOn: input.appliedOn },
    })
    return toRecusal((await findRecusal(tx, id))!)
  })
}

/** 处罚法43第三款: the head decides on the party's application and states the grounds. */
export async function decideRecusal(db: Db, user: AuthUser, id: string, input: RecusalDecisionInput, ip?: string): Promise<RecusalRow> {
  requireRole(user, 'head')
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('case_recusal:' || $1::text))`, [id])
    const recusal = await findRecusal(tx, id)
    if (!recusal) throw notFound('回避记录不存在')
    requireScope(user, recusal.path)
    if (recusal.source !== 'application') throw ruleViolation('RECUSAL_NOT_APPLICATION', '执法人员自行回避无须决定')
    if (recusal.decision) throw conflict('RECUSAL_DECIDED', '该回避申请已经作出决定')
    if (input.decidedOn > todayInChina() || input.decidedOn < recusal.appliedOn) {
      throw ruleViolation('RECUSAL_DATE', '回避决定的日期须在申请之日至今天之间')
    }
    await tx.query(
      `INSERT INTO case_recusal_decision (recusal_id, granted, grounds, decided_on, decided_by) VALUES ($1, $2, $3, $4, $5)`,
      [id, input.granted, input.grounds, input.decidedOn, user.id],
    )
    const c = await findCase(tx, recusal.caseId)
    await audit(tx, {
      actor: user,
      ip,
      action: input.granted ? 'case.recusal.grant' : 'case.recusal.refuse',
      entity: 'case_recusal',
      entityId: id,
      orgId: c!.agencyId,
      detail: { caseId: recusal.caseId, personId: recusal.personId, decidedOn: input.decidedOn },
    })
    return toRecusal((await findRecusal(tx, id))!)
  })
}

/** 处罚法43: the recusals of one case, for its agency's staff (or a supervisor during a 调阅, R-11). */
export async function listRecusals(db: Db, user: AuthUser, caseId: string, ip?: string): Promise<RecusalRow[]> {
  requireRole(user, 'officer', 'head', 'reviewer', 'supervisor')
  const reader = await openCaseForRead(db, user, caseId)
  const { rows } = await db.query<RecusalDbRow>(`${RECUSAL_SELECT} WHERE r.case_id = $1 ORDER BY r.recorded_at, r.id`, [caseId])
  await recordRead(db, reader, { target: 'actions', entityId: caseId, ip })
  return rows.map(toRecusal)
}
