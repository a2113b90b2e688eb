// F-05 / N-01: the workbench as a browser sees it — login per role, each role's home,
// logout, a refused password — served by the app under its own CSP. Needs a built
// workbench (`npm run build:workbench`) and Chromium at /usr/bin/chromium.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, SCREENSHOTS } from './browser.ts'
import type { Role } from '../../src/platform/access/roles.ts'
import { buildApp } from '../../src/platform/http/app.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { WORKBENCH_DIST, workbenchStatic } from '../../src/platform/http/workbench-static.ts'
import { createDb, type Db } from '../../src/platform/db/pool.ts'
import { allRoutes } from '../../src/routes.ts'
import { makeOrg, makeUser, testDatabaseUrl, testDb, TEST_PASSWORD, uid } from '../support.ts'


const HOME_HEADING: Record<Role, string> = {
  officer: '我的工作台',
  auxiliary: '辅助人员工作台',
  head: '负责人工作台',
  reviewer: '法制审核工作台',
  disclosure: '公示管理工作台',
  supervisor: '执法监督工作台',
  admin: '系统管理',
}

let app: FastifyInstance
let appDb: Db | undefined
let browser: Browser
let base: string
const users = new Map<string, string>()
const cspViolations: string[] = []

before(async () => {
  if (!fs.existsSync(path.join(WORKBENCH_DIST, 'index.html'))) {
    throw new Error(`工作台尚未构建：${WORKBENCH_DIST} 不存在。先运行 npm run build:workbench`)
  }
  const db = testDb()
  const province = await makeOrg(db, { level: 'province', name: '测试省' })
  const agency = await makeOrg(db, { parent: province, name: `测试市场监督管理局${uid('')}` })
  for (const role of Object.keys(HOME_HEADING) as Role[]) {
    const supervisory = role === 'admin' || role === 'supervisor'
    const user = await makeUser(db, { org: supervisory ? province : agency, roles: [role] })
    users.set(role, user.username)
  }
  users.set('multi', (await makeUser(db, { org: agency, roles: ['officer', 'head'] })).username)
  // the officer's account is linked to a person with a certificate, as in a real deployment
  const person = await db.one<{ id: string }>(
    `INSERT INTO person (agency_id, kind, name, post, categories, areas) VALUES ($1, 'officer', '张执法', '执法队员', '{市场监管}', '{测试区}') RETURNING id`,
    [agency.id],
  )
  await db.query(
    `INSERT INTO certificate (person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to)
     VALUES ($1, $2, '测试省人民政府', '{市场监管}', '{测试区}', current_date - 30, current_date + 60)`,
    [person.id, uid('ZF').toUpperCase()],
  )
  await db.query(`UPDATE app_user SET person_id = $1 WHERE username = $2`, [person.id, users.get('officer')])

  // One connection: the embedded database's socket server interleaves the extended-protocol
  // messages of concurrent connections (electric-sql/pglite#1046), and a browser does send
  // its requests in parallel. PostgreSQL needs no such care.
  appDb = createDb(testDatabaseUrl(), { max: 1 })
  app = await buildApp({ db: appDb, config: { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() } }, allRoutes)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  assert(address && typeof address === 'object')
  base = `http://127.0.0.1:${address.port}`
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app?.close()
  await appDb?.close()
})

async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  const page = await context.newPage()
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text())
  })
  return page
}

async function login(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${base}/app/`)
  await page.waitForURL(/\/app\/login$/)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.locator('button[type=submit]').click()
}

test('F-05 / N-01: each role logs in through the workbench, lands on its own home, and logs out', { timeout: 240_000 }, async () => {
  // one browser context for all roles, so the hashed assets come from its cache after the first
  const page = await newPage()
  for (const [role, heading] of Object.entries(HOME_HEADING) as [Role, string][]) {
    await login(page, users.get(role)!)
    await page.getByRole('heading', { name: heading, exact: true }).waitFor({ timeout: 15_000 })
    for (const [other, otherHeading] of Object.entries(HOME_HEADING)) {
      if (other !== role) assert.equal(await page.getByRole('heading', { name: otherHeading, exact: true }).count(), 0, `${role} also sees ${otherHeading}`)
    }
    if (role === 'admin') {
      await page.getByRole('menuitem', { name: '组织机构' }).waitFor()
      await page.waitForLoadState('networkidle')
      await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-admin.png'), fullPage: true })
      // every management screen loads its code chunk and renders against the real API
      for (const screen of ['组织机构', '执法主体', '事前公开与公示牌', '执法人员', '执法证', '法制审核人员', '工作日历', '用户']) {
        await page.getByRole('menuitem', { name: screen }).click()
        await page.getByRole('heading', { level: 3, name: screen, exact: true }).waitFor()
        await page.waitForLoadState('networkidle')
        assert.equal(await page.locator('.ant-alert-error').count(), 0, `${screen} shows an error`)
      }
    }
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.getByRole('heading', { name: '登录行政执法工作台' }).waitFor()
    assert.match(page.url(), /\/app\/login$/)
  }
  await page.context().close()
  assert.deepEqual(cspViolations, [], 'the workbench runs under the CSP of the app')
})

test('F-05: a user with several roles sees the first role’s home and reaches the others from the menu', { timeout: 120_000 }, async () => {
  const page = await newPage()
  await login(page, users.get('multi')!)
  await page.getByRole('heading', { name: '负责人工作台', exact: true }).waitFor()
  await page.getByRole('menuitem', { name: '我的工作台' }).click()
  await page.getByRole('heading', { name: '我的工作台', exact: true }).waitFor()
  assert.match(page.url(), /\/app\/home\/officer$/)
  await page.context().close()
})

test('F-05: a wrong password shows the server’s Chinese message and no session', { timeout: 120_000 }, async () => {
  const page = await newPage()
  await login(page, users.get('officer')!, 'wrong-password-1')
  await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor()
  assert.match(page.url(), /\/app\/login$/)
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status)
  assert.equal(me, 401)
  await page.context().close()
})

test('F-05 / N-01: logout on a phone returns to the login page and ends the session', { timeout: 120_000 }, async () => {
  const page = await newPage({ width: 390, height: 844 })
  await login(page, users.get('officer')!)
  await page.getByRole('heading', { name: '我的工作台', exact: true }).waitFor()
  await page.getByText('张执法').first().waitFor()
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-officer-phone.png'), fullPage: true })
  // on a phone the menu is a drawer
  await page.getByRole('button', { name: '菜单' }).click()
  await page.getByRole('menuitem', { name: '工作日历' }).waitFor()
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: '退出登录' }).click()
  await page.waitForURL(/\/app\/login$/)
  await page.getByRole('heading', { name: '登录行政执法工作台' }).waitFor()
  assert.equal(await page.evaluate(async () => (await fetch('/api/auth/me')).status), 401)
  await page.reload()
  await page.getByRole('heading', { name: '登录行政执法工作台' }).waitFor()
  await page.context().close()
})

test('N-01: /app/ serves the SPA with index.html fallback and long-lived caching for hashed assets only', async () => {
  const index = await fetch(`${base}/app/`)
  assert.equal(index.status, 200)
  assert.match(index.headers.get('cache-control') ?? '', /no-cache/)
  const html = await index.text()
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script: the CSP forbids it')
  const asset = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1]
  assert.ok(asset, 'index.html loads a hashed script')
  const script = await fetch(`${base}${asset}`)
  assert.equal(script.status, 200)
  assert.match(script.headers.get('cache-control') ?? '', /immutable/)
  const deep = await fetch(`${base}/app/people?kind=officer`)
  assert.equal(deep.status, 200)
  assert.match(deep.headers.get('content-type') ?? '', /text\/html/)
  assert.equal(await deep.text(), html)
  assert.equal((await fetch(`${base}/app/assets/missing-0000.js`)).status, 404)
})

test('N-01: without a build, /app/ says how to build the workbench', async () => {
  const config = { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() }
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-nobuild-'))
  const bare = await buildApp({ db: testDb(), config }, [workbenchStatic(empty)])
  try {
    for (const url of ['/app/', '/app/people']) {
      const res = await bare.inject({ method: 'GET', url })
      assert.equal(res.statusCode, 503)
      assert.deepEqual(res.json(), { code: 'WORKBENCH_NOT_BUILT', message: '工作台尚未构建，请运行 npm run build:workbench' })
    }
  } finally {
    await bare.close()
    fs.rmSync(empty, { recursive: true })
  }
})
