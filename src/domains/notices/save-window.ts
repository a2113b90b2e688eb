import type { Db, Queryable } from '../../platform/db/pool.ts'
import type { AuthUser } from '../../platform/access/scope.ts'
import { requireScope } from '../../platform/access/scope.ts'
import { badRequest, conflict, notFound, ruleViolation } from '../../platform/http/errors.ts'
import { audit } from '../../platform/audit/audit.ts'
import { agencyForNoticeWrite } from './save-agency-notice.ts'
import { findAgency, findWindow, type ServiceWindow } from './store.ts'
import type { WindowInput } from './schemas.ts'

/**
 * P-07: the staff on a board must be people of the window's agency and in post; said here
 * with names before the database trigger says it again.
 */
async function checkStaff(db: Queryable, agencyId: string, input: WindowInput): Promise<void> {
  const ids = input.staff.map((s) => s.personId)
  if (new Set(ids).size !== ids.length) throw badRequest('DUPLICATE_STAFF', '同一工作人员在公示牌上只能列一次')
  const { rows } = await db.query<{ id: string; name: string; agencyId: string; status: string }>(
    `SELECT id, name, agency_id AS "agencyId", status FROM person WHERE id = ANY ($1::uuid[])`,
    [ids],
  )
  for (const id of ids) {
    const person = rows.find((r) => r.id === id)
    if (!person || person.agencyId !== agencyId) throw ruleViolation('STAFF_NOT_OF_AGENCY', `${person?.name ?? '该人员'}不是本机关的工作人员，不能列入公示牌`)
    if (person.status !== '在岗') throw ruleViolation('STAFF_NOT_IN_POST', `${person.name}不在岗（${person.status}），不能列入公示牌`)
  }
}

/**
 * P-07 / P-02: a linked item must be a published 行政执法事项 of the agency in use; the board
 * shows its published name unless another is given.
 */
async function resolveItems(db: Queryable, agencyId: string, input: WindowInput): Promise<{ name: string; enforcementItemId: string | null }[]> {
  const ids = input.items.flatMap((i) => (i.enforcementItemId ? [i.enforcementItemId] : []))
  const { rows } = ids.length
    ? await db.query<{ id: string; name: string }>(
        `SELECT i.id, p.name FROM enforcement_item i JOIN enforcement_item_published p ON p.item_id = i.id
          WHERE i.id = ANY ($1::uuid[]) AND i.agency_id = $2 AND p.status = '在用'`,
        [ids, agencyId],
      )
    : { rows: [] }
  return input.items.map((item) => {
    if (!item.enforcementItemId) return { name: item.name!, enforcementItemId: null }
    const listed = rows.find((r) => r.id === item.enforcementItemId)
    if (!listed) throw ruleViolation('ITEM_NOT_LISTED', `服务事项${item.name ? `“${item.name}”` : ''}不是本机关已公布的行政执法事项`)
    return { name: item.name ?? listed.name.slice(0, 100), enforcementItemId: listed.id }
  })
}

async function insertVersion(tx: Queryable, user: AuthUser, windowId: string, version: number, input: WindowInput, items: { name: string; enforcementItemId: string | null }[]): Promise<void> {
  await tx.query(
    `INSERT INTO service_window_version (window_id, version, name, location, hours, duties, consult_phone, active, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [windowId, version, input.name, input.location, input.hours, input.duties, input.consultPhone, input.active, input.reason, user.id],
  )
  for (const [i, s] of input.staff.entries()) {
    await tx.query(`INSERT INTO service_window_staff (window_id, version, seq, person_id, post, duties) VALUES ($1, $2, $3, $4, $5, $6)`, [windowId, version, i + 1, s.personId, s.post, s.duties])
  }
  for (const [i, item] of items.entries()) {
    await tx.query(`INSERT INTO service_window_item (window_id, version, seq, name, enforcement_item_id) VALUES ($1, $2, $3, $4, $5)`, [windowId, version, i + 1, item.name, item.enforcementItemId])
  }
  for (const [i, s] of input.samples.entries()) {
    await tx.query(`INSERT INTO service_window_sample (window_id, version, seq, title, url) VALUES ($1, $2, $3, $4, $5)`, [windowId, version, i + 1, s.title, s.url])
  }
}

/** P-07: sets up a service window of an agency with the first version of its 岗位信息公示牌. */
export async function createWindow(db: Db, user: AuthUser, agencyId: string, input: WindowInput, ip: string | null = null): Promise<ServiceWindow> {
  const agency = await agencyForNoticeWrite(db, user, agencyId)
  await checkStaff(db, agency.id, input)
  const items = await resolveItems(db, agency.id, input)
  const id = await db.tx(async (tx) => {
    const { rows: [row] } = await tx.query<{ id: string }>(`INSERT INTO service_window (agency_id) VALUES ($1) RETURNING id`, [agency.id])
    await insertVersion(tx, user, row!.id, 1, input, items)
    await audit(tx, { actor: user, ip, action: 'window.create', entity: 'service_window', entityId: row!.id, orgId: agency.id, reason: input.reason, detail: { version: 1 } })
    return row!.id
  })
  return (await findWindow(db, id))!
}

/** P-07: a changed board is a new version of the window; the earlier ones stay as they were. */
export async function updateWindow(db: Db, user: AuthUser, windowId: string, input: WindowInput, ip: string | null = null): Promise<ServiceWindow> {
  const current = await findWindow(db, windowId)
  if (!current) throw notFound('服务窗口不存在')
  const agency = await findAgency(db, { id: current.agencyId })
  requireScope(user, agency?.path)
  await agencyForNoticeWrite(db, user, current.agencyId)
  await checkStaff(db, current.agencyId, input)
  const items = await resolveItems(db, current.agencyId, input)
  await db.tx(async (tx) => {
    // service_window is insert-only, so the lock is an advisory one on the window
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('service_window:' || $1))`, [windowId])
    const { rows: [locked] } = await tx.query<{ v: number }>(
      `SELECT max(v.version)::int AS v FROM service_window w JOIN service_window_version v ON v.window_id = w.id WHERE w.id = $1`,
      [windowId],
    )
    const latest = locked!.v
    if (input.expectedVersion !== undefined && input.expectedVersion !== latest) {
      throw conflict('VERSION_CONFLICT', `公示牌已有第 ${latest} 版，不是您编辑时的第 ${input.expectedVersion} 版，请刷新后重试`)
    }
    await insertVersion(tx, user, windowId, latest + 1, input, items)
    await audit(tx, { actor: user, ip, action: 'window.update', entity: 'service_window', entityId: windowId, orgId: current.agencyId, reason: input.reason, detail: { version: latest + 1 } })
  })
  return (await findWindow(db, windowId))!
}
