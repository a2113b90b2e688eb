// What the portal and the public API show of 事前公开 and the 岗位信息公示牌 without a login
// (P-01, P-07): only published notice versions and boards in use, of agencies that are
// themselves published. Of staff only name, post, duties and photo: never ID number or phone.
import type { Queryable } from '../../platform/db/pool.ts'
import { findAgency, findPublishedNotice, listWindows, findWindow, type Agency, type AgencyNotice, type ServiceWindow } from './store.ts'

/** An agency the portal shows (its registry entry has a published version). */
export async function findPublicAgency(db: Queryable, code: string): Promise<Agency | undefined> {
  const agency = await findAgency(db, { code })
  if (!agency) return undefined
  const { rows } = await db.query(`SELECT 1 FROM enforcement_body WHERE id = $1 AND published_version IS NOT NULL`, [agency.id])
  return rows.length ? agency : undefined
}

/** P-01: the latest published 救济渠道, 监督方式 and 随机抽查事项清单 of an agency. */
export async function publicNotice(db: Queryable, agencyId: string): Promise<AgencyNotice | undefined> {
  return findPublishedNotice(db, agencyId)
}

export type PublicWindow = Omit<ServiceWindow, 'reason' | 'active'>

function toPublic(w: ServiceWindow): PublicWindow {
  const { reason: _reason, active: _active, ...rest } = w
  return { ...rest, staff: w.staff.map((s) => ({ personId: s.personId, name: s.name, post: s.post, duties: s.duties, photo: s.photo })) }
}

/** P-07: the boards of an agency's windows in use. */
export async function listPublicWindows(db: Queryable, agencyId: string): Promise<PublicWindow[]> {
  return (await listWindows(db, agencyId)).filter((w) => w.active).map(toPublic)
}

/** P-07: one board in use, if the window belongs to that agency. */
export async function findPublicWindow(db: Queryable, agencyId: string, windowId: string): Promise<PublicWindow | undefined> {
  const w = await findWindow(db, windowId)
  return w && w.active && w.agencyId === agencyId ? toPublic(w) : undefined
}

/** P-07: the pointers every board carries (the pages are the portal's own). */
export const BOARD_LINKS = { progress: '/progress', complaints: '/complaints/new' } as const

/** P-07: the portal address of a board, which its QR code carries. */
export const boardPath = (agencyCode: string, windowId: string) => `/agencies/${encodeURIComponent(agencyCode)}/windows/${windowId}`
