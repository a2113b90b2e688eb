// P-07 / P-01 in a real browser: a service window's 岗位信息公示牌 on a desk and a phone — axe-core
// finds no serious or critical WCAG 2.1 AA violation, nothing scrolls sideways, it reads without
// JavaScript, and printed through the print stylesheet it is one A4 sheet without the site's
// header; the agency page shows the published 救济渠道 and 随机抽查事项清单 and links the board.
// Screenshots go to docs/screenshots/. Needs /usr/bin/chromium; never downloads a browser.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser } from 'playwright-core'
import { launchChromium, axeViolations, SCREENSHOTS, DESK, PHONE } from './browser.ts'
import { buildApp } from '../../src/platform/http/app.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { createDb, type Db } from '../../src/platform/db/pool.ts'
import { allRoutes } from '../../src/routes.ts'
import { loginAs, makeUser, testBlobs, testDatabaseUrl, testDb } from '../support.ts'
import { makeOfficer, makePublishedBody } from '../../src/portal/portal.fixtures.ts'
import { dataUrl, signaturePng } from '../../src/domains/cases/documents/test-png.ts'
import { NOTICE } from '../../src/domains/notices/test-world.ts'

const ID_NUMBER = '53230119880808123X'
const OWN_PHONE = '13987654321'

let app: FastifyInstance
let appDb: Db | undefined
let browser: Browser
let base: string
let agencyCode: string
let boardPath: string

before(async () => {
  // one connection: the embedded database's socket server interleaves concurrent connections' messages
  appDb = createDb(testDatabaseUrl(), { max: 1 })
  app = await buildApp({ db: appDb, config: { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() }, blobs: testBlobs() }, allRoutes)
  const db = testDb()
  const body = await makePublishedBody(db, { name: '楚雄州市场监督管理局（公示牌测试）' })
  agencyCode = body.code
  const first = await makeOfficer(db, body, { name: '何国荣', idNumber: ID_NUMBER, phone: OWN_PHONE, photo: dataUrl(signaturePng(90, 120)) })
  const second = await makeOfficer(db, body, { name: '刘伟' })
  const admin = await loginAs(app, (await makeUser(db, { org: body, roles: ['admin'] })).username)
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: admin.headers, payload })
  assert.equal((await post(`/api/bodies/${body.id}/notices`, NOTICE)).statusCode, 201)
  assert.equal((await post(`/api/bodies/${body.id}/notices/1/publish`, {})).statusCode, 200)
  const created = await post(`/api/bodies/${body.id}/windows`, {
    name: '市场监管综合受理窗口（12 号）',
    location: '楚雄州政务服务中心二楼 12 号窗口',
    hours: '周一至周五 9:00—12:00，14:30—17:30（法定节假日除外）',
    duties: '受理食品经营许可、食品生产许可等申请，一次性告知需补正的材料。',
    consultPhone: '0878-3380123',
    staff: [
      { personId: first.id, post: '首席受理员', duties: '受理申请、审查申请材料，出具受理、补正或者不予受理通知书' },
      { personId: second.id, post: '审查员', duties: '对申请材料进行实质审查，组织现场核查，提出审查意见' },
    ],
    items: [{ name: '食品经营许可' }, { name: '食品生产许可' }, { name: '特种设备使用登记' }],
    samples: [{ title: '食品经营许可申请书（示范文本）', url: '/samples/food-license.pdf' }],
    reason: '设立窗口公示牌',
  })
  assert.equal(created.statusCode, 201, created.body)
  boardPath = `/agencies/${agencyCode}/windows/${created.json().id}`
  await app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app?.close()
  await appDb?.close()
})


for (const [size, options, shot] of [['desk', DESK, 'portal-board.png'], ['phone', PHONE, 'portal-board-phone.png']] as const) {
  test(`P-07 P-01: on a ${size}, the agency page links the board; the board passes axe, does not scroll sideways and shows no ID number or staff phone`, async () => {
    // axe is injected as a script; the portal's CSP (script-src 'self') would refuse it
    const context = await browser.newContext({ ...options, bypassCSP: true })
    try {
      const page = await context.newPage()
      assert.equal((await page.goto(`${base}/agencies/${agencyCode}`))?.status(), 200)
      const main = await page.locator('main').innerText()
      for (const text of ['救济渠道', '60日内', '监督方式', '675000', '随机抽查事项清单', '计量器具使用检查']) assert.ok(main.includes(text), text)
      assert.deepEqual(await axeViolations(page), [], 'agency page')
      await Promise.all([page.waitForURL(`**${boardPath}`), page.locator(`a[href="${boardPath}"]`).click()])
      const board = await page.locator('main').innerText()
      for (const text of ['何国荣', '首席受理员', '刘伟', '审查员', '食品经营许可', '食品经营许可申请书（示范文本）', '0878-3380123']) assert.ok(board.includes(text), text)
      assert.ok(!board.includes(ID_NUMBER) && !board.includes(OWN_PHONE))
      assert.deepEqual(await axeViolations(page), [], 'board')
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no horizontal scrolling')
      fs.mkdirSync(SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: path.join(SCREENSHOTS, shot), fullPage: true })
    } finally {
      await context.close()
    }
  })
}

test('P-07: the board reads without JavaScript and prints as one A4 sheet without the site header', async () => {
  const context = await browser.newContext({ ...DESK, javaScriptEnabled: false })
  try {
    const page = await context.newPage()
    assert.equal((await page.goto(`${base}${boardPath}`))?.status(), 200)
    assert.ok((await page.locator('main').innerText()).includes('何国荣'))
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.site-header').isVisible(), false, 'the header is not printed')
    assert.equal(await page.locator('.board-print').isVisible(), false, 'the print hint is not printed')
    const pdf = await page.pdf({ preferCSSPageSize: true })
    const info = execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' })
    assert.match(info, /Pages:\s+1\n/, 'one sheet')
    assert.match(info, /Page size:\s+59\d\.\d+ x 84\d\.\d+ pts/, 'A4')
  } finally {
    await context.close()
  }
})
