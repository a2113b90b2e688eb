// P-15 / S-04 in a real browser, without JavaScript: a party checks a case's progress with its
// query code, and a citizen submits a 投诉 on the plain form (a mistyped phone number is refused
// beside its field first), gets the receipt, and follows its status. axe-core finds no serious
// or critical WCAG 2.1 AA violation on the form, the refused form, the receipt, the status and
// the progress pages. In the workbench, the supervisor refuses one complaint with a reason and
// forwards another, and the officer's case page shows the case's query code. Screenshots go to
// docs/screenshots/. Needs /usr/bin/chromium and, for the workbench steps, a built workbench.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser, BrowserContextOptions } from 'playwright-core'
import { launchChromium, axeViolations, noHorizontalScroll, SCREENSHOTS, DESK, PHONE, signInToWorkbench } from './browser.ts'
import { buildApp } from '../../src/platform/http/app.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { createDb, type Db } from '../../src/platform/db/pool.ts'
import { allRoutes } from '../../src/routes.ts'
import { makeOrg, makeUser, testBlobs, testDatabaseUrl, testDb } from '../support.ts'
import { WORKBENCH_DIST } from '../../src/platform/http/workbench-static.ts'
import { makeCaseWorld } from '../../src/domains/cases/approvals.test-world.ts'
import { makePublishedBody, type PublishedBody } from '../../src/portal/portal.fixtures.ts'
import { formatQueryCode } from '../../src/domains/cases/progress-code.ts'

const PARTY = '欧阳明华'
const PHONE_NO = '13987654321'

let app: FastifyInstance
let appDb: Db | undefined
let browser: Browser
let base: string
let agency: PublishedBody
let queryCode: string
let caseAgencyName: string
let caseId: string
let officerName: string
let supervisorName: string
/** two complaints in the supervisor's queue: one to refuse, one to forward */
const queued: { refuse: { receiptNo: string; queryCode: string }; forward: { receiptNo: string; queryCode: string } } = {} as never

before(async () => {
  // one connection: the embedded database's socket server interleaves concurrent connections' messages
  appDb = createDb(testDatabaseUrl(), { max: 1 })
  app = await buildApp({ db: appDb, config: { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() }, blobs: testBlobs() }, allRoutes)
  const db = testDb()
  agency = await makePublishedBody(db, { name: `楚雄市市场监督管理局${Date.now() % 10000}` })
  const w = await makeCaseWorld(db, app)
  const c = await w.newCase('许可', { partyName: PARTY, summary: `${PARTY}（电话${PHONE_NO}）申请食品经营许可` })
  await w.ok(c.id, { type: '申请', actedOn: '2025-09-25' })
  await w.ok(c.id, { type: '受理', actedOn: '2025-09-29' })
  caseAgencyName = w.agency.name
  caseId = c.id
  officerName = (await makeUser(db, { org: w.agency, roles: ['officer'] })).username
  const bureau = await makeOrg(db, { parent: agency.region, kind: 'agency', name: `楚雄市司法局${Date.now() % 10000}` })
  supervisorName = (await makeUser(db, { org: bureau, roles: ['supervisor'], scope: agency.region })).username
  for (const [key, content] of [['refuse', '执法人员在菜市场检查时未出示证件，要求查处。'], ['forward', '执法人员多次到本店检查，每次都不说明理由。']] as const) {
    const form = (await app.inject({ method: 'GET', url: '/api/public/complaints/form', remoteAddress: `10.20.0.${key.length}` })).json()
    const res = await app.inject({
      method: 'POST', url: '/api/public/complaints', remoteAddress: `10.20.0.${key.length}`,
      payload: { formToken: form.formToken, agencyId: agency.id, kind: '举报', content, anonymous: true },
    })
    assert.equal(res.statusCode, 201, res.body)
    queued[key] = res.json()
  }
  queryCode = (await w.get(`/api/cases/${c.id}/query-code`, w.officer)).json().queryCode
  await app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app?.close()
  await appDb?.close()
})



test('P-15: without JavaScript, on a phone, the party types the query code and sees the stage and the deadline, nobody\'s name', async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false })
  try {
    const page = await context.newPage()
    await page.goto(`${base}/`)
    await page.getByRole('link', { name: '办理进度查询' }).first().click()
    await page.getByLabel('查询码').fill(formatQueryCode(queryCode).toLowerCase())
    await page.getByRole('button', { name: '查询' }).click()
    await page.waitForURL(/\/progress\?code=/)
    assert.equal(await page.locator('.status-word').textContent(), '受理')
    const text = (await page.locator('main').textContent()) ?? ''
    assert.ok(text.includes('届满日 2025-11-03'), text)
    assert.ok(text.includes(caseAgencyName))
    for (const secret of [PARTY, PHONE_NO]) assert.ok(!text.includes(secret), secret)
    await noHorizontalScroll(page)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'portal-progress.png'), fullPage: true })
  } finally {
    await context.close()
  }
})

test('S-04: without JavaScript, a 投诉 is refused for a mistyped phone beside the field, then taken; the receipt leads to its status', async () => {
  const context = await browser.newContext({ ...DESK, javaScriptEnabled: false })
  try {
    const page = await context.newPage()
    await page.goto(`${base}/`)
    await page.getByRole('link', { name: '投诉举报' }).first().click()
    await page.getByLabel('被投诉的执法机关').selectOption({ label: agency.name })
    await page.getByLabel('投诉（与本人权益有关，须实名）').check()
    await page.getByLabel('内容', { exact: true }).fill('2026年3月1日上午在鹿城南路检查时，执法人员未出示执法证件，态度粗暴。')
    await page.getByLabel('姓名', { exact: true }).fill('司马光明')
    await page.getByLabel('联系电话', { exact: true }).fill('1381234')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'portal-complaint.png'), fullPage: true })
    await page.getByRole('button', { name: '提交' }).click()
    assert.ok(await page.locator('#phone-error').isVisible())
    assert.match((await page.locator('#phone-error').textContent()) ?? '', /联系电话格式不正确/)
    assert.equal(await page.getByLabel('联系电话', { exact: true }).getAttribute('aria-invalid'), 'true')
    // what was typed is kept
    assert.match(await page.getByLabel('内容', { exact: true }).inputValue(), /鹿城南路/)
    await page.getByLabel('联系电话', { exact: true }).fill('0878-3123456')
    await page.getByRole('button', { name: '提交' }).click()
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '已收到您的投诉举报')
    const receiptNo = await page.locator('[data-receipt]').getAttribute('data-receipt')
    assert.match(receiptNo ?? '', /^TS\d{10}$/)
    await page.getByRole('link', { name: '查看办理状态' }).click()
    assert.equal(await page.locator('.status-word').getAttribute('data-status'), '收到')
    const text = (await page.locator('main').textContent()) ?? ''
    for (const secret of ['司马光明', '0878-3123456', '鹿城南路']) assert.ok(!text.includes(secret), secret)
  } finally {
    await context.close()
  }
})

test('P-15 S-04: axe finds nothing serious on the complaint form, the refused form, the receipt, the status and the progress pages', async () => {
  // axe is injected as a script; the portal's CSP (script-src 'self') would refuse it
  // the submissions from one address stay under the rate limit: the phone pass reads the pages only
  for (const [options, submit] of [[DESK, true], [PHONE, false]] as const) {
    const context = await browser.newContext({ ...options, bypassCSP: true })
    try {
      const page = await context.newPage()
      await page.goto(`${base}/complaints/new`)
      assert.deepEqual(await axeViolations(page), [], 'complaint form')
      await noHorizontalScroll(page)
      if (submit) {
        await page.getByLabel('举报（可匿名）').check()
        await page.getByLabel('匿名提交（不留姓名和联系方式；仅举报和意见建议可匿名）').check()
        await page.getByRole('button', { name: '提交' }).click()
        assert.ok(await page.locator('#problems').isVisible())
        assert.deepEqual(await axeViolations(page), [], 'refused form')
        await page.getByLabel('被投诉的执法机关').selectOption({ label: agency.name })
        await page.getByLabel('内容', { exact: true }).fill('有执法人员在集市收取摊主财物，时间为每周日上午。')
        await page.getByRole('button', { name: '提交' }).click()
        await page.locator('[data-receipt]').waitFor()
        assert.deepEqual(await axeViolations(page), [], 'receipt')
        await page.getByRole('link', { name: '查看办理状态' }).click()
        assert.deepEqual(await axeViolations(page), [], 'status')
        await noHorizontalScroll(page)
      }
      await page.goto(`${base}/progress?code=${queryCode}`)
      assert.deepEqual(await axeViolations(page), [], 'progress')
      await page.goto(`${base}/progress`)
      assert.deepEqual(await axeViolations(page), [], 'progress form')
    } finally {
      await context.close()
    }
  }
})

async function signIn(username: string, options: BrowserContextOptions = DESK) {
  if (!fs.existsSync(path.join(WORKBENCH_DIST, 'index.html'))) {
    throw new Error(`工作台尚未构建：${WORKBENCH_DIST} 不存在。先运行 npm run build:workbench`)
  }
  const context = await browser.newContext(options)
  const page = await context.newPage()
  await signInToWorkbench(page, base, username)
  return { context, page }
}

const statusOf = async (code: string) => (await app.inject({ method: 'GET', url: `/api/public/complaints/status/${code}`, remoteAddress: '10.30.0.1' })).json().status

test('S-04 in the workbench: the supervisor sees the new complaints with their age, refuses one with a reason and forwards another; each leaves the 新收到 list', async () => {
  const { context, page } = await signIn(supervisorName)
  try {
    await page.getByRole('menuitem', { name: '投诉举报' }).click()
    await page.waitForURL(/\/app\/complaints$/)
    const row = (receiptNo: string) => page.locator('tr', { hasText: receiptNo })
    await row(queued.refuse.receiptNo).waitFor()
    assert.equal(await row(queued.refuse.receiptNo).getByTestId('complaint-age').textContent(), '0 个工作日')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-complaints.png'), fullPage: true })
    // the complaint itself, with its author (anonymous here) and its 收到
    await row(queued.forward.receiptNo).getByTestId('complaint-open').click()
    const drawer = page.getByRole('dialog')
    await drawer.getByText('每次都不说明理由').waitFor()
    assert.ok(await drawer.getByText('匿名', { exact: true }).isVisible())
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    await row(queued.refuse.receiptNo).getByTestId('complaint-refuse').click()
    await page.getByRole('dialog').getByLabel('理由').fill('所反映问题已由人民法院受理，不属于行政执法监督范围')
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click()
    await row(queued.refuse.receiptNo).waitFor({ state: 'detached' })
    assert.equal(await statusOf(queued.refuse.queryCode), '不予受理')

    await row(queued.forward.receiptNo).getByTestId('complaint-forward').click()
    const dialog = page.getByRole('dialog', { name: '转办' })
    await dialog.getByText(agency.name).waitFor()
    await dialog.getByRole('button', { name: '转办' }).click()
    await row(queued.forward.receiptNo).waitFor({ state: 'detached' })
    assert.equal(await statusOf(queued.forward.queryCode), '转办')
  } finally {
    await context.close()
  }
})

test('P-15 in the workbench: the case page shows the officer the query code to hand to the party', async () => {
  const { context, page } = await signIn(officerName, PHONE)
  try {
    await page.goto(`${base}/app/cases/${caseId}`)
    const code = page.getByTestId('case-query-code')
    await code.waitFor()
    assert.match((await code.textContent()) ?? '', new RegExp(formatQueryCode(queryCode)))
  } finally {
    await context.close()
  }
})
