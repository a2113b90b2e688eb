import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeUser, loginAs } from '../../test/support.ts'
import { todayInChina } from '../platform/clock.ts'
import { decidedCase } from '../domains/statistics/test-world.ts'
import { makePublishedBody, type PublishedBody } from './portal.fixtures.ts'

const db = testDb()
let app: FastifyInstance
let body: PublishedBody
let headers: Record<string, string>
let recorder: string
const year = Number(todayInChina().slice(0, 4)) - 1

before(async () => {
  app = await testApp()
  body = await makePublishedBody(db, { name: '年报测试县市场监督管理局' })
  headers = (await loginAs(app, (await makeUser(db, { org: body, roles: ['head'] })).username)).headers
  recorder = (await makeUser(db, { org: body, roles: ['head'] })).id
})
after(async () => app.close())

const page = (url: string) => app.inject({ method: 'GET', url })

test('P-14: the portal shows a published annual report only, with its numbers, dates and corrections; the agency page links it; the roll-up page sums it into its region', async () => {
  const base = `/agencies/${body.code}/annual-reports`
  assert.equal((await page(`${base}/${year}`)).statusCode, 404, 'a draft is not public')
  for (let i = 0; i < 3; i++) await decidedCase(db, { agencyId: body.id, kind: '许可', decidedOn: `${year}-05-0${i + 4}`, recordedBy: recorder })
  await decidedCase(db, { agencyId: body.id, kind: '征收征用', decidedOn: `${year}-12-31`, data: { category: '征用' }, recordedBy: recorder })
  const api = `/api/annual-reports/${body.id}/${year}`
  assert.equal((await app.inject({ method: 'POST', url: `${api}/submit`, headers, payload: {} })).statusCode, 201)
  assert.equal((await page(`${base}/${year}`)).statusCode, 404, 'submitted, not yet published')
  assert.equal((await app.inject({ method: 'POST', url: `${api}/publish`, headers })).statusCode, 201)

  const res = await page(`${base}/${year}`)
  assert.equal(res.statusCode, 200, res.body)
  assert.match(res.headers['content-type'] as string, /text\/html/)
  assert.doesNotMatch(res.body, /<script/i, 'readable without JavaScript')
  assert.match(res.body, /<th scope="row">行政许可<\/th><td>3<\/td>/)
  assert.match(res.body, /<th scope="row">行政征用<\/th><td>1<\/td>/)
  assert.match(res.body, /<th scope="row">行政处罚<\/th><td>0<\/td>/, 'a kind without cases shows 0')
  assert.doesNotMatch(res.body, /<th scope="row">行政收费/, 'no 收费 power, no 收费 row')
  assert.match(res.body, new RegExp(`报送司法行政部门</dt><dd>${todayInChina()}`))

  // a recount after publication is a new version with its note; both stay on the page
  await decidedCase(db, { agencyId: body.id, kind: '许可', decidedOn: `${year}-06-01`, recordedBy: recorder })
  assert.equal((await app.inject({ method: 'POST', url: `${api}/submit`, headers, payload: { note: '补报一件许可决定' } })).statusCode, 201)
  assert.match((await page(`${base}/${year}`)).body, /第1版，/, 'until the new version is published, version 1 stands')
  assert.equal((await app.inject({ method: 'POST', url: `${api}/publish`, headers })).statusCode, 201)
  const corrected = (await page(`${base}/${year}`)).body
  assert.match(corrected, /第2版，/)
  assert.match(corrected, /更正说明：补报一件许可决定/)
  assert.match(corrected, /<th scope="row">行政许可<\/th><td>4<\/td>/)

  const list = await page(base)
  assert.equal(list.statusCode, 200)
  assert.match(list.body, new RegExp(`href="${base}/${year}"`))
  assert.match((await page(`/agencies/${body.code}`)).body, new RegExp(`href="${base}"`), 'the agency page links its reports')

  const rollup = await page(`/annual-reports/${year}`)
  assert.equal(rollup.statusCode, 200)
  const regionRow = rollup.body.split('<tr>').find((r) => r.includes(body.region.name))
  assert.ok(regionRow, 'the region has a row')
  assert.match(regionRow!, /<td>1\/1<\/td><td>4<\/td>/, 'its one published agency of one, 4 许可')
  assert.equal((await page('/annual-reports')).statusCode, 302)
  assert.equal((await page(`${base}/abc`)).statusCode, 400)
  assert.equal((await page(`/agencies/no-such-agency/annual-reports`)).statusCode, 404)
})
