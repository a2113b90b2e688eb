/**
 * R-04 简易程序 beyond the limits of 处罚法51: 当场收缴 (处罚法68-70), the officer handing the
 * money to the agency and the agency paying it to the bank, each within two working days
 * (处罚法71, 85). The rules on stored data are the
 * triggers of migration 0011 (simple_procedure_check, on_the_spot_collection_problem); this
 * adds what needs the F-04 calendar: the due day of the handover and whether it was late.
 */
import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireRole } from '../../platform/access/scope.ts'
import { ruleViolation } from '../../platform/http/errors.ts'
import { todayInChina } from '../../platform/clock.ts'
import { dueIn } from '../../platform/calendar/calendar-service.ts'
import type { CaseRow } from './store.ts'
import { openCaseForRead, recordRead } from './record-access/case-read.ts'
import { CASE_READERS } from './approvals-guard.ts'

/** 处罚法71, 85: money collected on the spot reaches the agency, and then the bank, each within 二日, i.e. two working days. */
export const HANDOVER_WORKING_DAYS = 2

type Collection = { actedOn: string; data: Record<string, unknown> }

async function findLive(q: Queryable, caseId: string, type: '当场收缴' | '罚款交至机关' | '罚款缴付银行'): Promise<Collection | undefined> {
  const { rows } = await q.query<Collection>(
    `SELECT to_char(acted_on, 'YYYY-MM-DD') AS "actedOn", data FROM case_action_live WHERE case_id = $1 AND type = $2`,
    [caseId, type],
  )
  return rows[0]
}

/**
 * 处罚法71: the day the handover counts from: the collection, or landing (抵岸) for money
 * collected on water.
 */
function handoverStart(collection: Collection, landedOn: unknown): string {
  if (collection.data.onWater !== true) return collection.actedOn
  if (typeof landedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(landedOn)) {
    throw ruleViolation('FINE_HANDOVER', '水上当场收缴的罚款须写明抵岸日期（行政处罚法第七十一条）')
  }
  return landedOn
}

/**
 * R-04 处罚法71: fills in the due day and the lateness of a 罚款交至机关 or 罚款缴付银行
 * (whatever the client sent), so the record says whether the money came late; the trigger
 * checks both.
 */
export async function completeSimpleProcedureData(
  tx: Queryable,
  found: Pick<CaseRow, 'id' | 'kind' | 'agencyId'>,
  type: string,
  actedOn: string,
  data: Record<string, unknown>,
): Promise<void> {
  if (found.kind !== '处罚-简易' && found.kind !== '处罚-普通') return
  const within = (from: string) => dueIn(tx, { from, n: HANDOVER_WORKING_DAYS, mode: 'working', orgId: found.agencyId })
  if (type === '罚款交至机关') {
    const collection = await findLive(tx, found.id, '当场收缴')
    if (!collection) return
    const due = await within(handoverStart(collection, data.landedOn))
    Object.assign(data, { handoverDue: due.due, handoverDueConfirmed: due.confirmed, late: actedOn > due.due })
  } else if (type === '罚款缴付银行') {
    const handover = await findLive(tx, found.id, '罚款交至机关')
    if (!handover) return
    const due = await within(handover.actedOn)
    Object.assign(data, { paymentDue: due.due, paymentDueConfirmed: due.confirmed, late: actedOn > due.due })
  }
}

export type CollectionStatus = {
  collectedOn: string
  amountYuan: number
  ground: string
  receiptNo: string
  handoverDue: string | null
  handedOverOn: string | null
  /** handed over after the due day (处罚法71) */
  late: boolean
  /** not handed over and the due day has passed */
  overdue: boolean
  /** the agency's payment to the bank, due two working days after the handover */
  paymentDue: string | null
  paidToBankOn: string | null
  paymentLate: boolean
  paymentOverdue: boolean
}

/** R-04 处罚法71: the on-the-spot collection of a case and whether its handover is late. */
export async function collectionStatus(db: Db, user: AuthUser, caseId: string, ip?: string): Promise<CollectionStatus | null> {
  requireRole(user, ...CASE_READERS)
  const reader = await openCaseForRead(db, user, caseId)
  const found = reader.row
  await recordRead(db, reader, { target: 'actions', entityId: caseId, ip })
  const collection = await findLive(db, caseId, '当场收缴')
  if (!collection) return null
  const handover = await findLive(db, caseId, '罚款交至机关')
  const payment = await findLive(db, caseId, '罚款缴付银行')
  const dueAfter = async (from: string) =>
    (await db.tx((tx) => dueIn(tx, { from, n: HANDOVER_WORKING_DAYS, mode: 'working', orgId: found.agencyId }))).due
  let handoverDue = (handover?.data.handoverDue as string | undefined) ?? null
  if (!handover && collection.data.onWater !== true) handoverDue = await dueAfter(collection.actedOn)
  let paymentDue = (payment?.data.paymentDue as string | undefined) ?? null
  if (handover && !payment) paymentDue = await dueAfter(handover.actedOn)
  const today = todayInChina()
  return {
    collectedOn: collection.actedOn,
    amountYuan: Number(collection.data.amountYuan),
    ground: String(collection.data.ground),
    receiptNo: String(collection.data.receiptNo),
    handoverDue,
    handedOverOn: handover?.actedOn ?? null,
    late: handover?.data.late === true,
    overdue: !handover && handoverDue !== null && today > handoverDue,
    paymentDue,
    paidToBankOn: payment?.actedOn ?? null,
    paymentLate: payment?.data.late === true,
    paymentOverdue: !payment && paymentDue !== null && today > paymentDue,
  }
}
