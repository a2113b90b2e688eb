import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, testDb, makeOrg, makeUser, loginAs, DB_KIND } from '../../../test/support.ts'
import { statutoryHolidays } from './statutory.ts'

const appPromise = testApp()
after(async () => (await appPromise).close())

const notice2031 = () => ({
  year: 2031,
  number: '测试〔2030〕1号',
  title: '国务院办公厅关于2031年部分节假日安排的通知（测试）',
  // 2031: 中秋 falls on 10-01, inside 国庆 — one entry per date.
  days: [...new Map(statutoryHolidays(2031).map((d) => [d.date, { date: d.date, off: true, name: d.name }])).values(), { date: '2031-01-26', off: false, name: '春节' }],
})

test(`F-04: an administrator enters a notice (audited); others get 403; malformed bodies get 400 (${DB_KIND})`, async () => {
  const app = await appPromise
  const db = testDb()
  const root = await makeOrg(db)
  const county = await makeOrg(db, { parent: root, kind: 'region', level: 'county' })
  const agency = await makeOrg(db, { parent: county })
  const admin = await makeUser(db, { org: root, roles: ['admin'] })
  const countyAdmin = await makeUser(db, { org: county, roles: ['admin'] })
  const officer = await makeUser(db, { org: agency, roles: ['officer'] })
  const asAdmin = await loginAs(app, admin.username)
  const asCountyAdmin = await loginAs(app, countyAdmin.username)
  const asOfficer = await loginAs(app, officer.username)
  const post = (headers: Record<string, string>, payload: unknown) => app.inject({ method: 'POST', url: '/api/calendar/notices', headers, payload: payload as object })

  const forbidden = await post(asOfficer.headers, notice2031())
  assert.equal(forbidden.statusCode, 403)
  assert.equal(forbidden.json().code, 'FORBIDDEN')
  assert.equal((await post(asCountyAdmin.headers, notice2031())).statusCode, 403, 'a national notice needs a whole-tree administrator')

  for (const bad of [{ ...notice2031(), extra: 1 }, { ...notice2031(), title: undefined }, { ...notice2031(), days: [{ date: '2031/01/01', off: true, name: '元旦' }] }, { ...notice2031(), days: [] }]) {
    const res = await post(asAdmin.headers, bad)
    assert.equal(res.statusCode, 400, res.body)
    assert.equal(typeof res.json().code, 'string')
    assert.equal(typeof res.json().message, 'string')
    assert.ok(!('stack' in res.json()))
  }
  const weekdayWorked = await post(asAdmin.headers, { ...notice2031(), days: [...notice2031().days, { date: '2031-03-04', off: false, name: '调休' }] })
  assert.equal(weekdayWorked.statusCode, 400)
  assert.equal(weekdayWorked.json().code, 'INVALID_NOTICE')
  assert.match(weekdayWorked.json().message, /调休上班日只能是周六或周日/)
  const builtin = await post(asAdmin.headers, { ...notice2031(), year: 2025, days: statutoryHolidays(2025).map((d) => ({ date: d.date, off: true, name: d.name })) })
  assert.equal(builtin.statusCode, 409)
  assert.equal(builtin.json().code, 'CALENDAR_BUILTIN_YEAR')

  const created = await post(asAdmin.headers, notice2031())
  assert.equal(created.statusCode, 201, created.body)
  const notice = created.json()
  assert.equal(notice.year, 2031)
  assert.equal(notice.inForce, true)
  const event = await db.one(`SELECT actor_id, action FROM audit_event WHERE entity = 'calendar_notice' AND entity_id = $1`, [notice.id])
  assert.deepEqual(event, { actor_id: admin.id, action: 'calendar.notice.enter' })

  const overlay = await post(asCountyAdmin.headers, { year: 2031, regionOrgId: county.id, title: '测试民族节', days: [{ date: '2031-03-04', off: true, name: '测试民族节' }] })
  assert.equal(overlay.statusCode, 201, overlay.body)
  const outsideAdmin = await makeUser(db, { org: await makeOrg(db), roles: ['admin'] })
  const sideways = await post((await loginAs(app, outsideAdmin.username)).headers, { year: 2031, regionOrgId: county.id, title: '越权', days: [{ date: '2031-03-05', off: true, name: 'x' }] })
  assert.equal(sideways.statusCode, 403)

  const years = (await app.inject({ url: '/api/calendar/years', headers: asOfficer.headers })).json()
  assert.deepEqual(years.find((y: any) => y.year === 2031), { year: 2031, confirmed: true, source: 'database', number: '测试〔2030〕1号', title: notice.title, editable: true })
  assert.equal(years.find((y: any) => y.year === 2025).editable, false)

  const withOverlay = await app.inject({ url: `/api/calendar/due?from=2031-03-03&n=1&mode=working&orgId=${agency.id}`, headers: asOfficer.headers })
  assert.equal(withOverlay.json().due, '2031-03-05')
  const listed = (await app.inject({ url: '/api/calendar/notices?year=2031', headers: asOfficer.headers })).json()
  assert.ok(listed.some((n: any) => n.id === notice.id) && listed.some((n: any) => n.regionOrgId === county.id))
})

test(`F-04: signed-in users read the calendar and compute due dates; the anonymous get 401 (${DB_KIND})`, async () => {
  const app = await appPromise
  const db = testDb()
  const agency = await makeOrg(db, { parent: await makeOrg(db) })
  const other = await makeOrg(db, { parent: await makeOrg(db) })
  const officer = await makeUser(db, { org: agency, roles: ['officer'] })
  const { headers } = await loginAs(app, officer.username)

  const due = await app.inject({ url: '/api/calendar/due?from=2025-09-26&n=7&mode=working', headers })
  assert.equal(due.statusCode, 200)
  assert.equal(due.json().due, '2025-10-13')
  assert.equal(due.json().confirmed, true)
  assert.match(due.json().basis, /处罚法85/)
  const rolled = (await app.inject({ url: '/api/calendar/due?from=2025-09-20&n=12&mode=calendar', headers })).json()
  assert.equal(rolled.due, '2025-10-09')
  const later = (await app.inject({ url: '/api/calendar/due?from=2035-01-02&n=3', headers })).json()
  assert.equal(later.confirmed, false)
  assert.deepEqual(later.unconfirmedYears, [2035])

  assert.equal((await app.inject({ url: '/api/calendar/due?from=2025-02-30&n=3', headers })).json().code, 'BAD_DATE')
  assert.equal((await app.inject({ url: '/api/calendar/due?from=2025-09-26&n=0', headers })).statusCode, 400)
  assert.equal((await app.inject({ url: `/api/calendar/due?from=2025-09-26&n=3&orgId=${other.id}`, headers })).statusCode, 403)
  assert.equal((await app.inject({ url: '/api/calendar/due?from=2025-09-26&n=7' })).statusCode, 401)

  const year = await app.inject({ url: '/api/calendar/2025', headers })
  assert.equal(year.statusCode, 200)
  const body = year.json()
  assert.equal(body.number, '国办发明电〔2024〕12号')
  assert.deepEqual(body.days.find((d: any) => d.date === '2025-10-11'), { date: '2025-10-11', kind: 'workday', name: '国庆节、中秋节' })
  assert.equal(body.days.find((d: any) => d.date === '2025-10-08').kind, 'holiday')
  const provisional = (await app.inject({ url: '/api/calendar/2036', headers })).json()
  assert.equal(provisional.confirmed, false)
  assert.equal(provisional.source, 'statutory')
})
