/**
 * F-04 use cases over the database: the effective calendar of an organisation (built-in
 * national notices + notices entered later + overlays of its ancestors), due dates that
 * record which years they rest on, and entering a notice.
 */
import type { Db, Queryable } from '../db/pool.ts'
import type { AuthUser } from '../access/scope.ts'
import { audit } from '../audit/audit.ts'
import { badRequest, conflict, forbidden, notFound } from '../http/errors.ts'
import { Calendar, countedYears, type Due, type Notice, type Overlay, type YearCalendar } from './calendar.ts'
import { assertCalendarDate, FIRST_YEAR, yearOf, type IsoDate } from './dates.ts'
import { builtinNotices, isBuiltinYear, noticeProblems, touchedYears, type NoticeInput } from './notices.ts'
import * as store from './store.ts'

export type DueMode = 'working' | 'calendar'
export type DueInput = { from: IsoDate; n: number; mode: DueMode; orgId?: string | null }

// Each app instance caches built calendars per organisation path; entering a notice raises
// the notice count, which every instance compares on each use, so none serves a stale one.
const MAX_CACHED = 500
let cachedVersion = -1
const cache = new Map<string, Calendar>()

/**
 * The calendar already built for an organisation path at the notice count the caller read
 * itself (with the shared calendar lock held), or undefined: then loadCalendar.
 */
export function cachedCalendar(version: number, path: string | null): Calendar | undefined {
  return version === cachedVersion ? cache.get(path ?? '') : undefined
}

/** The calendar in force for an organisation (null: national, without regional overlays). */
export async function loadCalendar(q: Queryable, orgId: string | null = null): Promise<Calendar> {
  const { version, path } = await store.calendarVersion(q, orgId)
  if (orgId && !path) throw notFound('组织不存在')
  if (version !== cachedVersion) {
    cache.clear()
    cachedVersion = version
  }
  const key = path ?? ''
  const hit = cache.get(key)
  if (hit) return hit
  const rows = await store.noticesInForce(q, path)
  const national: Notice[] = [
    ...builtinNotices(),
    ...rows
      .filter((r) => r.region_org_id === null && !isBuiltinYear(r.year))
      .map((r) => ({ year: r.year, number: r.number, title: r.title, source: 'database' as const, days: r.days })),
  ]
  const overlays: Overlay[] = rows
    .filter((r) => r.region_org_id !== null)
    .map((r) => ({ regionOrgId: r.region_org_id!, year: r.year, title: `${r.region_name}：${r.title}`, days: r.days }))
  const calendar = new Calendar(national, overlays)
  if (cache.size >= MAX_CACHED) cache.clear()
  cache.set(key, calendar)
  return calendar
}

/**
 * F-04: a due date, inside the caller's transaction. It records the years the period runs
 * through, so that a year whose notice was used can no longer be changed; the shared lock
 * keeps a notice from being entered between reading the calendar and recording its use.
 */
export async function dueIn(tx: Queryable, input: DueInput): Promise<Due> {
  assertCalendarDate(input.from)
  await store.lockCalendarShared(tx)
  const orgId = input.orgId ?? null
  const calendar = await loadCalendar(tx, orgId)
  const due = input.mode === 'working' ? calendar.addWorkingDays(input.from, input.n) : calendar.addCalendarDays(input.from, input.n)
  await store.recordYearUse(
    tx,
    orgId,
    countedYears(input.from, due.due).map((year) => ({ year, confirmed: calendar.isConfirmed(year) })),
  )
  return due
}

export function computeDue(db: Db, input: DueInput): Promise<Due> {
  return db.tx((tx) => dueIn(tx, input))
}

export type YearSummary = {
  year: number
  confirmed: boolean
  source: YearCalendar['source']
  number: string | null
  title: string | null
  /** False for built-in years and for years a deadline was computed on with the notice known. */
  editable: boolean
}

/** The years from the first built-in one to next year (or the last entered notice). */
export async function listYears(db: Db, today: IsoDate): Promise<YearSummary[]> {
  const calendar = await loadCalendar(db)
  const locked = await store.lockedYears(db)
  const entered = builtinNotices().map((n) => n.year)
  const dbYears = await store.nationalNoticeYears(db)
  const last = Math.max(yearOf(today) + 1, ...entered, ...dbYears)
  const first = Math.min(...entered, yearOf(today))
  const years: YearSummary[] = []
  for (let year = Math.max(first, FIRST_YEAR); year <= last; year++) {
    const info = calendar.year(year)
    years.push({
      year,
      confirmed: info.confirmed,
      source: info.source,
      number: info.number,
      title: info.title,
      editable: !isBuiltinYear(year) && !locked.has(year),
    })
  }
  return years
}

export async function yearCalendar(db: Db, year: number, orgId: string | null): Promise<YearCalendar> {
  return (await loadCalendar(db, orgId)).year(year)
}

export type EnterNoticeInput = NoticeInput & { regionOrgId: string | null }
export type Actor = { user: AuthUser | null; via: 'api' | 'cli'; ip?: string | null }

/**
 * F-04: an administrator enters a year's State Council notice, or a regional overlay for an
 * organisation subtree. Built-in years cannot be replaced; a notice in force cannot be
 * replaced once a deadline has been computed on its year (also held by a trigger).
 */
export async function enterNotice(db: Db, input: EnterNoticeInput, actor: Actor): Promise<NoticeView> {
  const region = input.regionOrgId ? await store.findOrg(db, { id: input.regionOrgId }) : null
  if (input.regionOrgId && !region) throw notFound('地区组织不存在')
  if (actor.user) {
    if (region && !region.path.startsWith(actor.user.scopePath)) throw forbidden('超出您的数据范围')
    // A national notice applies to every organisation: only an administrator of a whole tree enters it.
    if (!region && actor.user.scopePath.split('/').filter(Boolean).length !== 1) {
      throw forbidden('只有顶级组织的系统管理员可以录入全国放假通知')
    }
  }
  if (!region && isBuiltinYear(input.year)) {
    throw conflict('CALENDAR_BUILTIN_YEAR', `${input.year} 年的放假安排已内置于系统，不能替换`)
  }
  const problems = noticeProblems(input, !region)
  if (problems.length) throw badRequest('INVALID_NOTICE', `放假通知不合法：${problems.join('；')}`, { problems })

  return db.tx(async (tx) => {
    await store.lockCalendarExclusive(tx)
    const locked = await store.firstLockedYear(tx, touchedYears(input), region?.path ?? null)
    if (locked !== null) {
      throw conflict('CALENDAR_YEAR_LOCKED', `${locked} 年已有按该年放假安排计算的期限，该年的放假安排不得再更改`)
    }
    const replaced = await store.findNoticeInForce(tx, input.year, region?.id ?? null)
    const row = await store.insertNotice(tx, {
      year: input.year,
      regionOrgId: region?.id ?? null,
      number: input.number,
      title: input.title,
      days: input.days,
      enteredBy: actor.user?.id ?? null,
      via: actor.via,
    })
    await audit(tx, {
      actor: actor.user,
      ip: actor.ip ?? null,
      action: 'calendar.notice.enter',
      entity: 'calendar_notice',
      entityId: row.id,
      orgId: region?.id ?? null,
      detail: { year: input.year, number: input.number, title: input.title, days: input.days.length, via: actor.via, replaces: replaced?.id ?? null },
    })
    return {
      id: row.id,
      year: input.year,
      regionOrgId: region?.id ?? null,
      regionName: region?.name ?? null,
      number: input.number,
      title: input.title,
      days: input.days,
      enteredVia: actor.via,
      enteredAt: new Date(row.entered_at).toISOString(),
      inForce: true,
    }
  })
}

/** F-05: an organisation the user may read, for calendars with its regional overlays. */
export async function requireReadableOrg(db: Db, user: AuthUser, orgId: string): Promise<void> {
  const org = await store.findOrg(db, { id: orgId })
  if (!org) throw notFound('组织不存在')
  if (!org.path.startsWith(user.scopePath)) throw forbidden('超出您的数据范围')
}

export type NoticeView = {
  id: string
  year: number
  regionOrgId: string | null
  regionName: string | null
  number: string | null
  title: string
  days: { date: string; off: boolean; name: string }[]
  enteredVia: 'api' | 'cli'
  enteredAt: string
  inForce: boolean
}

/** Entered notices that concern the user's scope, replaced ones included (newest first). */
export async function listEnteredNotices(db: Db, user: AuthUser, year?: number): Promise<NoticeView[]> {
  const rows = await store.listNotices(db, { scopePath: user.scopePath, year })
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    regionOrgId: r.region_org_id,
    regionName: r.region_name,
    number: r.number,
    title: r.title,
    days: r.days,
    enteredVia: r.entered_via,
    enteredAt: new Date(r.entered_at).toISOString(),
    inForce: r.in_force,
  }))
}
