// P-15 / P-11 in a real browser: the portal's search form finds a published decision by a
// two-character term at a desk and on a phone, axe-core finds no serious or critical WCAG 2.1 AA
// violation on the results, a publication and a withdrawn one, and all of it reads without JavaScript.
// P-09 / P-10 in the workbench: the disclosure officer sees a draft's masked spans highlighted and
// publishes it. Screenshots go to docs/screenshots/. Needs /usr/bin/chromium and a built workbench
// (`npm run build:workbench`); never downloads a browser.
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
import { WORKBENCH_DIST } from '../../src/platform/http/workbench-static.ts'
import { createDb, type Db } from '../../src/platform/db/pool.ts'
import { allRoutes } from '../../src/routes.ts'
import { makeUser, testBlobs, testDatabaseUrl, testDb } from '../support.ts'
import { day, makeCaseWorld } from '../../src/domains/cases/approvals.test-world.ts'
import { insertCertificate, insertPerson } from '../../src/domains/people/test-world.ts'

/** the distinctive term: found only in the first decision's facts */
const TERM = '鳜鱼'
const REASON = '复议机关撤销原处罚决定'

let app: FastifyInstance
let appDb: Db | undefined
let discloserName: string
let discloserId: string
let headId: string
let draft: { id: string; publicId: string }
let secret: { id: string; publicId: string }
let browser: Browser
let base: string
const pubs: { found: string; other: string; withdrawn: string } = { found: '', other: '', withdrawn: '' }

before(async () => {
  if (!fs.existsSync(path.join(WORKBENCH_DIST, 'index.html'))) {
    throw new Error(`工作台尚未构建：${WORKBENCH_DIST} 不存在。先运行 npm run build:workbench`)
  }
  // one connection: the embedded database's socket server interleaves concurrent connections' messages
  appDb = createDb(testDatabaseUrl(), { max: 1 })
  app = await buildApp({ db: appDb, config: { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() }, blobs: testBlobs() }, allRoutes)
  const db = testDb()
  const w = await makeCaseWorld(db, app)
  const discloser = await w.member(['disclosure'])
  const discloserUser = await makeUser(db, { org: w.agency, roles: ['disclosure'] })
  discloserName = discloserUser.username
  discloserId = discloserUser.id
  headId = (await makeUser(db, { org: w.agency, roles: ['head'] })).id
  const onSite: string[] = []
  for (let i = 0; i < 2; i++) {
    const id = await insertPerson(db, w.agency.id)
    await insertCertificate(db, id, { validFrom: '2024-01-01', validTo: '2028-12-31' })
    onSite.push(id)
  }
  const facts = { found: `当事人销售变质${TERM}`, other: '当事人销售过期奶粉', withdrawn: '当事人销售过期腊肉' }
  for (const [i, key] of (['found', 'other', 'withdrawn'] as const).entries()) {
    const c = await w.newCase('处罚-简易', { partyName: '王小二', summary: '销售不合格食品' })
    await w.ok(c.id, { type: '现场处罚决定', actedOn: day(-i), officers: onSite, data: { documentNo: `PB${i}${Date.now() % 100000}`, penalty: '罚款', fineYuan: 200, facts: facts[key] } })
    const pub = await db.one<{ id: string; publicId: string }>(`SELECT id, public_id AS "publicId" FROM publication WHERE case_id = $1`, [c.id])
    const res = await w.post(`/api/publications/${pub.id}/publish`, {}, discloser)
    assert.equal(res.statusCode, 201, res.body)
    pubs[key] = pub.publicId
    if (key === 'withdrawn') {
      const out = await w.post(`/api/publications/${pub.id}/withdraw`, { reason: REASON, trigger: '撤销', triggerDate: day(0) }, discloser)
      assert.equal(out.statusCode, 201, out.body)
    }
  }
  // a draft with a phone number for the workbench step: it is masked, and left unpublished
  const c = await w.newCase('处罚-简易', { partyName: '王小二', summary: '销售不合格食品' })
  await w.ok(c.id, { type: '现场处罚决定', actedOn: day(0), officers: onSite, data: { documentNo: `PB9${Date.now() % 100000}`, penalty: '罚款', fineYuan: 200, facts: '当事人销售过期蜂蜜，联系电话13812345678' } })
  draft = await db.one<{ id: string; publicId: string }>(`SELECT id, public_id AS "publicId" FROM publication WHERE case_id = $1`, [c.id])
  const c2 = await w.newCase('处罚-简易', { partyName: '赵小四', summary: '销售不合格食品' })
  await w.ok(c2.id, { type: '现场处罚决定', actedOn: day(0), officers: onSite, data: { documentNo: `PB8${Date.now() % 100000}`, penalty: '罚款', fineYuan: 200, facts: '当事人销售过期饼干' } })
  secret = await db.one<{ id: string; publicId: string }>(`SELECT id, public_id AS "publicId" FROM publication WHERE case_id = $1`, [c2.id])
  await app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app?.close()
  await appDb?.close()
})



for (const [size, options, shot] of [['desk', DESK, 'portal-search.png'], ['phone', PHONE, 'portal-search-phone.png']] as const) {
  test(`P-15: on a ${size}, the search form finds a decision by a two-character term, the result opens its page, and axe finds nothing serious`, async () => {
    // axe is injected as a script; the portal's CSP (script-src 'self') would refuse it
    const context = await browser.newContext({ ...options, bypassCSP: true })
    try {
      const page = await context.newPage()
      assert.equal((await page.goto(`${base}/search`))?.status(), 200)
      await page.locator('#q').fill(TERM)
      await Promise.all([page.waitForURL(/\/search\?/), page.locator('form.search button[type="submit"]').click()])
      const link = page.locator(`ol.cards a[href="/publications/${pubs.found}"]`)
      assert.equal(await link.count(), 1, 'the decision holding the term is among the results')
      assert.equal(await page.locator(`ol.cards a[href="/publications/${pubs.other}"]`).count(), 0, 'a decision without the term is not')
      assert.deepEqual(await axeViolations(page), [], 'search results')
      await noHorizontalScroll(page)
      fs.mkdirSync(SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: path.join(SCREENSHOTS, shot), fullPage: true })

      await Promise.all([page.waitForURL(`**/publications/${pubs.found}`), link.click()])
      assert.ok((await page.locator('main').innerText()).includes(TERM), 'the publication page shows the decision')
      assert.deepEqual(await axeViolations(page), [], 'publication page')
      await noHorizontalScroll(page)
      if (size === 'desk') await page.screenshot({ path: path.join(SCREENSHOTS, 'portal-publication.png'), fullPage: true })
    } finally {
      await context.close()
    }
  })
}

test('P-11 P-15: a withdrawn decision shows 已撤回 with its published reason, and axe finds nothing serious on it', async () => {
  const context = await browser.newContext({ ...PHONE, bypassCSP: true })
  try {
    const page = await context.newPage()
    assert.equal((await page.goto(`${base}/publications/${pubs.withdrawn}`))?.status(), 200)
    const main = await page.locator('main').innerText()
    assert.match(main, /已撤回/)
    assert.ok(main.includes(REASON), 'the reason of the withdrawal is published')
    assert.ok(!main.includes('腊肉'), 'the withdrawn text is no longer shown')
    assert.deepEqual(await axeViolations(page), [], 'withdrawn page')
    await noHorizontalScroll(page)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'portal-withdrawn.png'), fullPage: true })
  } finally {
    await context.close()
  }
})

test('P-15: with JavaScript disabled the search form still finds the decision and every page reads', async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false })
  try {
    const page = await context.newPage()
    assert.equal((await page.goto(`${base}/search`))?.status(), 200)
    await page.locator('#q').fill(TERM)
    await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('form.search button[type="submit"]').click()])
    const link = page.locator(`ol.cards a[href="/publications/${pubs.found}"]`)
    assert.equal(await link.count(), 1)
    await Promise.all([page.waitForURL(`**/publications/${pubs.found}`), link.click()])
    assert.ok((await page.locator('main').innerText()).includes(TERM))
    assert.equal((await page.goto(`${base}/publications/${pubs.withdrawn}`))?.status(), 200)
    assert.ok((await page.locator('main').innerText()).includes(REASON))
  } finally {
    await context.close()
  }
})

async function signInDiscloser(options: BrowserContextOptions) {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  await signInToWorkbench(page, base, discloserName)
  return { context, page }
}

test('P-09 P-10: the disclosure officer sees each masked span of a draft highlighted with its kind, publishes it from the workbench, then withdraws it with a published reason', async () => {
  const { context, page } = await signInDiscloser({ ...DESK, viewport: { width: 1360, height: 900 } })
  try {
    await page.goto(`${base}/app/publications`)
    await page.getByRole('button', { name: `预览 ${draft.publicId}` }).click()
    const text = page.getByTestId('masked-text').first()
    await text.waitFor({ timeout: 20_000 })
    const shown = await text.innerText()
    assert.ok(shown.includes('蜂蜜'), shown)
    assert.ok(!shown.includes('13812345678'), 'the phone number is masked')
    const mobile = text.locator('mark[data-kind="mobile"]')
    assert.equal(await mobile.count(), 1, 'the masked phone number is highlighted')
    assert.match((await mobile.getAttribute('title'))!, /手机号码/)
    assert.match(await page.getByTestId('publication-preview').innerText(), /脱敏：\s*[\s\S]*手机号码 × \d/, 'the legend names the kind')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-publications.png') })
    await page.getByTestId('publication-preview').getByRole('button', { name: '公开', exact: true }).click()
    await page.getByTestId('publication-status').filter({ hasText: '已公开' }).waitFor({ timeout: 20_000 })
    const portal = await app.inject({ method: 'GET', url: `/publications/${draft.publicId}` })
    assert.equal(portal.statusCode, 200)
    assert.ok(portal.body.includes('蜂蜜') && !portal.body.includes('13812345678'), 'the portal shows the masked text')

    // P-11: once published it can only be corrected or withdrawn; the withdrawal's reason is published
    const preview = page.getByTestId('publication-preview')
    await preview.getByRole('tab', { name: '撤回' }).click()
    const pane = preview.locator('[role=tabpanel][aria-hidden=false]')
    await pane.getByLabel('撤回事由').click()
    await page.locator('.ant-select-item-option[title="变更"]').click()
    await pane.getByLabel('事由发生日期').fill(day(0))
    await pane.getByLabel('事由发生日期').press('Enter')
    await pane.getByLabel('撤回理由（将公开）').fill('复议机关变更了原处罚决定')
    await pane.locator('button[type=submit]').click()
    await preview.getByTestId('publication-status').filter({ hasText: '已撤回' }).waitFor({ timeout: 20_000 })
    const gone = await app.inject({ method: 'GET', url: `/publications/${draft.publicId}` })
    assert.ok(gone.body.includes('已撤回') && gone.body.includes('复议机关变更了原处罚决定'))
  } finally {
    await context.close()
  }
})

test('P-09: on a phone, 不予公开 approved by someone who is not the agency head is refused with the server\'s Chinese message; the head\'s approval records it', async () => {
  const { context, page } = await signInDiscloser(PHONE)
  try {
    await page.goto(`${base}/app/publications`)
    const card = page.getByTestId('publication-card').filter({ hasText: secret.publicId })
    await card.getByRole('button', { name: `预览 ${secret.publicId}` }).click()
    const preview = page.getByTestId('publication-preview')
    await preview.waitFor({ timeout: 20_000 })
    await preview.getByRole('tab', { name: '不予公开' }).click()
    const pane = preview.locator('[role=tabpanel][aria-hidden=false]')
    await pane.getByLabel('不予公开理由').click()
    await page.locator('.ant-select-item-option[title="商业秘密（第三方未同意公开）"]').click()
    await pane.getByLabel('具体依据').fill('决定书载有第三方的配方，第三方书面不同意公开')
    await pane.getByLabel('批准的机关负责人（用户ID）').fill(discloserId)
    await pane.locator('button[type=submit]').click()
    await pane.getByText('不予公开须经本机关负责人批准').waitFor({ timeout: 20_000 })
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-publications-phone.png') })
    assert.equal((await testDb().query(`SELECT 1 FROM non_publication WHERE publication_id = $1`, [secret.id])).rows.length, 0, 'nothing recorded')
    await pane.getByLabel('批准的机关负责人（用户ID）').fill(headId)
    await pane.locator('button[type=submit]').click()
    await preview.getByTestId('publication-status').filter({ hasText: '不予公开' }).waitFor({ timeout: 20_000 })
    const row = await testDb().one<{ ground: string; approvedBy: string }>(`SELECT ground, approved_by AS "approvedBy" FROM non_publication WHERE publication_id = $1`, [secret.id])
    assert.deepEqual(row, { ground: '商业秘密（第三方未同意公开）', approvedBy: headId })
  } finally {
    await context.close()
  }
})
