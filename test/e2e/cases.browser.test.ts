// R-01 / R-05 / R-06 / R-10: the case workbench on a 390×844 phone, as an officer and a head
// use it — a new case, 案源登记 → 核查 → 立案 through the head's approval queue, a camera photo
// in the gallery with its SHA-256, a 现场检查笔录 signed on the screen with two certified
// officers (处罚法42). Needs a built workbench (`npm run build:workbench`) and Chromium.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Browser, Locator, Page } from 'playwright-core'
import { launchChromium, SCREENSHOTS, signInToWorkbench } from './browser.ts'
import { buildApp } from '../../src/platform/http/app.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { WORKBENCH_DIST } from '../../src/platform/http/workbench-static.ts'
import { createDb, type Db } from '../../src/platform/db/pool.ts'
import { allRoutes } from '../../src/routes.ts'
import { makeOrg, makeUser, testDatabaseUrl, testDb, uid } from '../support.ts'
import { recordAvReasonsSql } from '../../src/domains/av/test-world.ts'

/**
 * Checks a radio or checkbox, trying again while a dialog is still opening: Ant Design's
 * opening animation and form reset can swallow the first click.
 */
async function check(target: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await target.check({ timeout: 5_000 })
      return
    } catch (error) {
      if (attempt >= 5) throw error
      await new Promise((r) => setTimeout(r, 300))
    }
  }
}

const PHONE = { width: 390, height: 844 }
const WAIT = { timeout: 20_000 }

/** Waits for a dialog to close; if it stays open, fails with what the dialog says (a server refusal, a field error). */
async function closed(dialog: Locator): Promise<void> {
  try {
    await dialog.waitFor({ state: 'hidden', ...WAIT })
  } catch (error) {
    const said = await dialog.locator('[role=alert], .ant-form-item-explain-error').allTextContents().catch(() => [])
    throw new Error(`dialog still open after ${WAIT.timeout} ms${said.length ? `: ${said.join(' / ')}` : ''}`, { cause: error })
  }
}

let app: FastifyInstance
let appDb: Db | undefined
let browser: Browser
let base: string
let officer: string
let head: string
let officerHead: string
const party = `楚雄某某商贸有限公司${uid('')}`

before(async () => {
  if (!fs.existsSync(path.join(WORKBENCH_DIST, 'index.html'))) {
    throw new Error(`工作台尚未构建：${WORKBENCH_DIST} 不存在。先运行 npm run build:workbench`)
  }
  const db = testDb()
  const province = await makeOrg(db, { level: 'province', name: '测试省' })
  const agency = await makeOrg(db, { parent: province, name: `测试市场监督管理局${uid('')}` })
  // two officers with valid certificates, as 处罚法42 requires on site; the first is the user
  const people: string[] = []
  for (const name of ['张执法', '李执法']) {
    const person = await db.one<{ id: string }>(
      `INSERT INTO person (agency_id, kind, name, post, categories, areas) VALUES ($1, 'officer', $2, '执法队员', '{市场监管}', '{测试区}') RETURNING id`,
      [agency.id, name],
    )
    await db.query(
      `INSERT INTO certificate (person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to)
       VALUES ($1, $2, '测试省人民政府', '{市场监管}', '{测试区}', current_date - 30, current_date + 300)`,
      [person.id, uid('ZF').toUpperCase()],
    )
    people.push(person.id)
  }
  officer = (await makeUser(db, { org: agency, roles: ['officer'] })).username
  await db.query(`UPDATE app_user SET person_id = $1 WHERE username = $2`, [people[0], officer])
  head = (await makeUser(db, { org: agency, roles: ['head'] })).username
  officerHead = (await makeUser(db, { org: agency, roles: ['officer', 'head'] })).username

  // one connection: the embedded database's socket server interleaves concurrent
  // connections' extended-protocol messages (see workbench.browser.test.ts)
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

async function phonePage(username: string, viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', hasTouch: viewport === PHONE })
  const page = await context.newPage()
  await signInToWorkbench(page, base, username)
  return page
}

/** Opens the dialog of a next-step button and submits it; returns the dialog. */
async function openStep(page: Page, type: string) {
  await page.getByRole('button', { name: type, exact: true }).click()
  const dialog = page.getByRole('dialog', { name: `记录：${type}` })
  await dialog.waitFor(WAIT)
  return dialog
}

const timeline = (page: Page) => page.getByTestId('timeline-item')

/** A real JPEG, drawn and encoded by the browser, as a phone camera would hand it over. */
/** R-06: in the next step's dialog, records why the previous act's expected recording is absent. */
async function explainAv(dialog: Locator) {
  await dialog.getByLabel('说明未录像原因').fill('执法记录仪故障，已制作现场笔录')
  await dialog.getByRole('button', { name: '记录原因' }).click()
  await dialog.getByText(/已说明未录像原因/).first().waitFor(WAIT)
}

async function cameraJpeg(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 64
    canvas.height = 48
    const ctx = canvas.getContext('2d')!
    ctx.fillStyle = '#c0392b'
    ctx.fillRect(0, 0, 64, 48)
    ctx.fillStyle = '#fff'
    ctx.fillRect(8, 8, 20, 20)
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1]!
  })
  return Buffer.from(base64, 'base64')
}

test('R-01 / R-05 / R-06: an officer handles a case on a phone and the head approves 立案 from the queue', { timeout: 120_000 }, async () => {
  const page = await phonePage(officer)
  try {
    await officerAndHead(page)
  } catch (error) {
    // what the phone showed when it failed, for the one reading the test output
    await page.screenshot({ path: path.join(os.tmpdir(), 'cases-browser-failure.png'), fullPage: true }).catch(() => {})
    throw error
  }
})

async function officerAndHead(page: Page): Promise<void> {
  // the case list and the 新建案件 form
  await page.goto(`${base}/app/cases`)
  await page.getByRole('heading', { name: '案件', exact: true }).waitFor(WAIT)
  await page.getByRole('button', { name: '新建案件' }).click()
  const create = page.getByRole('dialog', { name: '新建案件' })
  await create.getByLabel('当事人名称或姓名').fill(party)
  await create.getByLabel('案情摘要').fill('群众举报销售过期食品')
  // the POST is awaited on its own so a slow server (a loaded CI machine) is told apart from a lost click
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/cases', { timeout: 60_000 })
  await create.getByRole('button', { name: '保存' }).click()
  assert.equal((await posted).status(), 201)
  const heading = page.getByRole('heading', { name: /^案件 \d{4}-\d{6}$/ })
  await heading.waitFor(WAIT)
  const number = (await heading.textContent())!.replace('案件 ', '')
  const caseUrl = page.url()
  assert.match(caseUrl, /\/app\/cases\/[0-9a-f-]{36}$/)

  // 案源登记 and 核查 straight from the next-step buttons, dated today by default
  for (const [i, type] of ['案源登记', '核查'].entries()) {
    const dialog = await openStep(page, type)
    await dialog.getByRole('button', { name: '提交' }).click()
    await closed(dialog)
    await timeline(page).nth(i).filter({ hasText: type }).waitFor(WAIT)
  }
  await page.getByTestId('case-stage').filter({ hasText: '核查' }).waitFor(WAIT)

  // 立案 needs the head's approval: the server's APPROVAL_REQUIRED shows in the dialog, in Chinese
  const filing = await openStep(page, '立案')
  await filing.getByRole('button', { name: '提交' }).click()
  await filing.getByRole('alert').filter({ hasText: '须经行政机关负责人批准' }).waitFor(WAIT)
  await filing.getByLabel('提请理由').fill('经核查，涉嫌销售过期食品，拟立案调查')
  await filing.getByRole('button', { name: '提交审批' }).click()
  await filing.getByText('已提交负责人审批').waitFor(WAIT)
  await filing.getByRole('button', { name: '取消' }).click()
  await page.getByTestId('case-approvals').getByText('待审批').waitFor(WAIT)
  assert.equal(await timeline(page).filter({ hasText: '立案' }).count(), 0, '立案 is not recorded before the approval')

  // a photo from the camera input: uploaded, its SHA-256 shown, and in the gallery
  const jpeg = await cameraJpeg(page)
  const capture = page.getByTestId('photo-input')
  assert.equal(await capture.getAttribute('capture'), 'environment')
  assert.equal(await capture.getAttribute('accept'), 'image/*')
  await capture.setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: jpeg })
  const sha = crypto.createHash('sha256').update(jpeg).digest('hex')
  await page.getByTestId('photo-sha256').filter({ hasText: sha }).waitFor(WAIT)
  await page.getByTestId('gallery-item').filter({ hasText: sha.slice(0, 12) }).waitFor(WAIT)

  await page.goto(`${base}/app/cases`)
  await page.getByTestId('case-card').filter({ hasText: number }).waitFor(WAIT)
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: path.join(SCREENSHOTS, 'case-list-phone.png'), fullPage: true })

  // the head approves from the queue, oldest first, with case number, party, action and submitter
  const headPage = await phonePage(head)
  await headPage.getByRole('heading', { name: '负责人工作台' }).waitFor(WAIT)
  await headPage.goto(`${base}/app/approvals`)
  const card = headPage.getByTestId('approval-card').filter({ hasText: number })
  await card.filter({ hasText: '立案' }).filter({ hasText: party }).waitFor(WAIT)
  await headPage.waitForLoadState('networkidle')
  await headPage.screenshot({ path: path.join(SCREENSHOTS, 'approval-queue.png'), fullPage: true })
  await card.getByRole('button', { name: /^批准/ }).click()
  const decision = headPage.getByRole('dialog', { name: /^批准“立案”/ })
  await decision.getByLabel('审批意见').fill('同意立案')
  await decision.getByRole('button', { name: '批准' }).click()
  await closed(decision)
  await card.waitFor({ state: 'detached', ...WAIT })
  await headPage.context().close()

  // back on the case: 立案 recorded by the approval, so 调查取证 is next
  await page.goto(caseUrl)
  await timeline(page).filter({ hasText: '立案' }).waitFor(WAIT)
  await page.getByTestId('case-approvals').getByText('已批准').waitFor(WAIT)

  // 调查取证 on site: one officer is refused by the form (处罚法42), two pass; a signed 现场检查笔录
  const inquiry = await openStep(page, '调查取证')
  await check(inquiry.getByLabel(/张执法/))
  await inquiry.getByLabel('笔录地点').fill('楚雄市鹿城南路 12 号店铺')
  await inquiry.getByLabel('问 1').fill('货架上的过期食品是否由你方销售？')
  await inquiry.getByLabel('答 1').fill('是，尚未下架。')
  await inquiry.getByRole('button', { name: '添加问答' }).click()
  await inquiry.getByLabel('问 2').fill('进货单据在何处？')
  await inquiry.getByLabel('答 2').fill('在店内办公室。')
  await inquiry.getByRole('button', { name: '提交' }).click()
  await inquiry.getByText('现场执法须两名以上持有效执法证的执法人员').first().waitFor(WAIT)
  await check(inquiry.getByLabel(/李执法/))
  // unsigned, the form asks for the signature or a refusal with a witness
  await inquiry.getByRole('button', { name: '提交' }).click()
  await inquiry.getByRole('alert').filter({ hasText: '请当事人在签名框内签名' }).waitFor(WAIT)
  const pad = inquiry.getByTestId('signature-pad')
  await pad.scrollIntoViewIfNeeded()
  const box = (await pad.boundingBox())!
  await page.mouse.move(box.x + 20, box.y + 100)
  await page.mouse.down()
  for (const [dx, dy] of [[60, 40], [100, 90], [140, 30], [200, 110], [260, 50]] as const) await page.mouse.move(box.x + dx, box.y + dy, { steps: 5 })
  await page.mouse.up()
  await page.screenshot({ path: path.join(SCREENSHOTS, 'case-record-phone.png') })
  await inquiry.getByRole('button', { name: '提交' }).click()
  await closed(inquiry)
  const recorded = timeline(page).filter({ hasText: '调查取证' })
  await recorded.filter({ hasText: '当事人已签名' }).filter({ hasText: '张执法、李执法' }).filter({ hasText: '货架上的过期食品是否由你方销售？' }).waitFor(WAIT)

  // the signature went to the server as a PNG attachment of the 调查取证 stage
  const attachments = await page.evaluate(async (url) => (await fetch(url)).json(), caseUrl.replace('/app/cases/', '/api/cases/') + '/attachments')
  const signature = (attachments.items as { mediaType: string; stage: string }[]).find((a) => a.mediaType === 'image/png')
  assert.equal(signature?.stage, '调查取证')

  // R-05: 生成文书 from the template, listed with its PDF and DOCX
  const documents = page.getByTestId('documents')
  await documents.getByRole('button', { name: '生成文书' }).click()
  const generate = page.getByRole('dialog', { name: '生成文书' })
  // typed and chosen with the keyboard, as a screen-reader user would
  await generate.getByLabel('文书种类').fill('现场检查笔录')
  await page.keyboard.press('Enter')
  await generate.getByLabel('检查时间').waitFor(WAIT)
  await generate.getByLabel('检查时间').fill('2026年12月2日 9时30分至10时15分')
  await generate.getByLabel('检查地点').fill('楚雄市鹿城南路 12 号店铺')
  await generate.getByLabel('在场人').fill('店长王某')
  await generate.getByLabel('检查情况').fill('货架上有过期食品 12 袋\n未见进货查验记录')
  await generate.getByRole('button', { name: '生成' }).click()
  await closed(generate)
  const pdfLink = documents.getByRole('link', { name: '现场检查笔录 PDF' })
  await pdfLink.waitFor(WAIT)
  const pdf = await page.evaluate(async (href) => {
    const res = await fetch(href)
    return { status: res.status, type: res.headers.get('content-type') }
  }, (await pdfLink.getAttribute('href'))!)
  assert.deepEqual(pdf, { status: 200, type: 'application/pdf' })

  await page.getByTestId('case-stage').filter({ hasText: '调查取证' }).waitFor(WAIT)
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: path.join(SCREENSHOTS, 'case-page-phone.png'), fullPage: true })
  await page.context().close()
}

test('R-01 / R-02: on a desk the list is a table; a correction strikes the old record through and links to it; the server refuses in place', { timeout: 90_000 }, async () => {
  const page = await phonePage(officerHead, { width: 1280, height: 800 })
  await page.goto(`${base}/app/cases`)
  await page.getByRole('button', { name: '新建案件' }).click()
  const create = page.getByRole('dialog', { name: '新建案件' })
  await check(create.getByLabel('公民'))
  await create.getByLabel('当事人名称或姓名').fill('王某某')
  await create.getByLabel('案情摘要').fill('占道经营')
  // the POST is awaited on its own so a slow server (a loaded CI machine) is told apart from a lost click
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/cases', { timeout: 60_000 })
  await create.getByRole('button', { name: '保存' }).click()
  assert.equal((await posted).status(), 201)
  const heading = page.getByRole('heading', { name: /^案件 \d{4}-\d{6}$/ })
  await heading.waitFor(WAIT)
  const number = (await heading.textContent())!.replace('案件 ', '')

  let dialog = await openStep(page, '案源登记')
  await dialog.getByLabel('情况说明').fill('巡查发现')
  await dialog.getByRole('button', { name: '提交' }).click()
  await closed(dialog)

  // 更正: the first record is struck through and links to the one that replaces it
  await timeline(page).first().getByRole('button', { name: '更正 案源登记' }).click()
  const correction = page.getByRole('dialog', { name: '更正：案源登记' })
  await correction.getByLabel('情况说明').fill('群众举报')
  await correction.getByRole('button', { name: '提交' }).click()
  await closed(correction)
  const old = timeline(page).filter({ hasText: '巡查发现' })
  await old.getByRole('link', { name: '已更正，查看更正记录' }).waitFor(WAIT)
  assert.equal(await old.locator('del').first().textContent(), '案源登记')
  assert.equal(await old.getByRole('button', { name: '更正 案源登记' }).count(), 0, 'a superseded record cannot be corrected again')
  const newer = timeline(page).filter({ hasText: '群众举报' })
  await newer.getByRole('link', { name: /^更正 .* 的记录$/ }).waitFor(WAIT)
  const target = await old.getByRole('link', { name: '已更正，查看更正记录' }).getAttribute('href')
  assert.equal(target, `#${await newer.getAttribute('id')}`)

  // the server's refusal stays in the dialog, in Chinese: 核查 rests on 案源登记, so it cannot be corrected any more
  dialog = await openStep(page, '核查')
  await dialog.getByRole('button', { name: '提交' }).click()
  await closed(dialog)
  await newer.getByRole('button', { name: '更正 案源登记' }).click()
  const refused = page.getByRole('dialog', { name: '更正：案源登记' })
  await refused.getByRole('button', { name: '提交' }).click()
  await refused.getByRole('alert').filter({ hasText: '之后已有依赖它的环节，不能更正' }).waitFor(WAIT)
  await refused.getByRole('button', { name: '取消' }).click()

  // a head records 立案 directly; 不予立案 is gone, since the two exclude each other
  dialog = await openStep(page, '立案')
  await dialog.getByRole('button', { name: '提交' }).click()
  await closed(dialog)
  await page.getByTestId('case-stage').filter({ hasText: '立案' }).waitFor(WAIT)
  assert.equal(await page.getByRole('button', { name: '不予立案', exact: true }).count(), 0)

  // the list on a desk: a table row with the stage and the nearest deadline
  await page.goto(`${base}/app/cases`)
  const row = page.getByRole('row').filter({ hasText: number })
  await row.filter({ hasText: '立案' }).filter({ hasText: '王某某' }).waitFor(WAIT)
  await row.getByTestId('deadline-badge').waitFor(WAIT)
  await page.getByLabel('案号或当事人').fill('不存在的当事人')
  await row.waitFor({ state: 'detached', ...WAIT })

  // R-03 期限预警 from the menu: the running deadline of 立案 is listed with its statute
  await page.getByRole('menuitem', { name: '期限预警' }).click()
  await page.getByRole('heading', { name: '期限预警', exact: true }).waitFor(WAIT)
  await page.getByText('全部进行中').click()
  await page.getByRole('row').filter({ hasText: number }).filter({ hasText: '王某某' }).first().waitFor(WAIT)
  await page.context().close()
})

test('R-10: a 行政检查 case taken to 结案 on a desk is assembled into its 案卷 with the 卷内目录, PDF and ZIP', { timeout: 90_000 }, async () => {
  const page = await phonePage(officer, { width: 1280, height: 800 })
  await page.goto(`${base}/app/cases`)
  await page.getByRole('button', { name: '新建案件' }).click()
  const create = page.getByRole('dialog', { name: '新建案件' })
  await create.getByLabel('案件类型').fill('行政检查')
  await page.keyboard.press('Enter')
  await create.getByTitle('行政检查', { exact: true }).waitFor(WAIT)
  await create.getByLabel('当事人名称或姓名').fill(`检查对象${uid('')}`)
  await create.getByLabel('案情摘要').fill('双随机抽查')
  await create.getByRole('button', { name: '保存' }).click()
  await page.getByRole('heading', { name: /^案件 \d{4}-\d{6}$/ }).waitFor(WAIT)
  await page.getByTestId('case-file').getByText('结案后可以组卷归档').waitFor(WAIT)

  for (const type of ['启动检查', '实施检查', '检查结论', '结案']) {
    const dialog = await openStep(page, type)
    if (type === '实施检查') {
      await check(dialog.getByLabel(/张执法/))
      await check(dialog.getByLabel(/李执法/))
      await dialog.getByLabel('制作笔录').click()
    }
    if (type === '检查结论') await explainAv(dialog)
    await dialog.getByRole('button', { name: '提交' }).click()
    await closed(dialog)
    await timeline(page).filter({ hasText: type }).first().waitFor(WAIT)
  }
  // R-10 / 处罚法50: a photo marked 个人隐私 on upload carries the mark in the gallery
  const photos = page.getByTestId('photos')
  await photos.getByLabel('密级标记（可不选）').fill('个人隐私')
  await page.keyboard.press('Enter')
  await photos.getByTestId('photo-input').setInputFiles({ name: '身份证.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg(page) })
  await photos.getByTestId('gallery-item').filter({ hasText: '个人隐私' }).waitFor(WAIT)

  const caseFile = page.getByTestId('case-file')
  await caseFile.getByRole('button', { name: '组卷' }).click()
  await caseFile.getByText('卷内目录').waitFor(WAIT)
  for (const name of ['案卷 PDF', '案卷包 ZIP（含清单与校验）']) {
    const href = (await caseFile.getByRole('link', { name }).getAttribute('href'))!
    const res = await page.evaluate(async (url) => {
      const r = await fetch(url)
      return { status: r.status, sha: r.headers.get('x-content-sha256'), bytes: (await r.arrayBuffer()).byteLength }
    }, href)
    assert.equal(res.status, 200, name)
    assert.ok(res.bytes > 0, name)
    await caseFile.getByText(res.sha!, { exact: false }).waitFor(WAIT)
  }
  await page.context().close()
})

test('R-05 / 处罚法61: a 强制措施 document is served directly with the recipient signing on the screen, and the 送达回证 is listed', { timeout: 90_000 }, async () => {
  const page = await phonePage(officerHead, { width: 1280, height: 800 })
  await page.goto(`${base}/app/cases`)
  await page.getByRole('button', { name: '新建案件' }).click()
  const create = page.getByRole('dialog', { name: '新建案件' })
  await create.getByLabel('案件类型').fill('行政强制措施')
  await page.keyboard.press('Enter')
  await create.getByTitle('行政强制措施', { exact: true }).waitFor(WAIT)
  await create.getByLabel('当事人名称或姓名').fill(`扣押对象${uid('')}`)
  await create.getByLabel('案情摘要').fill('涉嫌无照经营，扣押工具')
  await create.getByRole('button', { name: '保存' }).click()
  await page.getByRole('heading', { name: /^案件 \d{4}-\d{6}$/ }).waitFor(WAIT)

  for (const type of ['审批', '实施']) {
    const dialog = await openStep(page, type)
    if (type === '实施') {
      await check(dialog.getByLabel(/张执法/))
      await check(dialog.getByLabel(/李执法/))
      await dialog.getByLabel('制作笔录').click()
    }
    await dialog.getByRole('button', { name: '提交' }).click()
    await closed(dialog)
    await timeline(page).filter({ hasText: type }).first().waitFor(WAIT)
  }

  const documents = page.getByTestId('documents')
  await documents.getByRole('button', { name: '生成文书' }).click()
  const generate = page.getByRole('dialog', { name: '生成文书' })
  await generate.getByLabel('文书种类').fill('查封扣押清单')
  await page.keyboard.press('Enter')
  await generate.getByLabel('所附决定书文号').fill('测监强〔2026〕1号')
  await generate.getByLabel('物品名称、规格、数量、状况').fill('电动三轮车 1 辆，完好')
  await generate.getByLabel('查封、扣押地点').fill('鹿城南路 12 号')
  await generate.getByRole('button', { name: '生成' }).click()
  await closed(generate)
  await documents.getByText('查封扣押清单').waitFor(WAIT)

  // R-06: the 实施's absent recording is explained before the case goes on (the service dialog has no AV panel)
  const caseId = new URL(page.url()).pathname.split('/').pop()!
  const { id: officerId } = await testDb().one<{ id: string }>(`SELECT id FROM app_user WHERE username = $1`, [officer])
  await recordAvReasonsSql(testDb(), caseId, officerId)
  const serve = await openStep(page, '决定书送达')
  await check(serve.getByLabel(/查封扣押清单/))
  await serve.getByLabel('受送达人', { exact: true }).fill('赵某')
  // 直接送达 without the recipient's signature is refused by the server, in the dialog (民诉法87)
  await serve.getByRole('button', { name: '提交' }).click()
  await serve.getByRole('alert').filter({ hasText: '直接送达须由受送达人在送达回证上签名' }).waitFor(WAIT)
  const pad = serve.getByTestId('signature-pad')
  await pad.scrollIntoViewIfNeeded()
  const box = (await pad.boundingBox())!
  await page.mouse.move(box.x + 30, box.y + 80)
  await page.mouse.down()
  for (const [dx, dy] of [[80, 40], [140, 100], [200, 50]] as const) await page.mouse.move(box.x + dx, box.y + dy, { steps: 4 })
  await page.mouse.up()
  await serve.getByRole('button', { name: '提交' }).click()
  await closed(serve)
  await timeline(page).filter({ hasText: '决定书送达' }).filter({ hasText: '直接送达' }).filter({ hasText: '赵某' }).waitFor(WAIT)
  await documents.getByText('送达回证').waitFor(WAIT)
  await page.context().close()
})
