// L-03 / L-04 / L-05 / L-08: the legal-review workbench in headless Chromium. The officer sends
// a case for review from the case page (the server's PACKAGE_INCOMPLETE lists what is missing);
// the reviewer opens the queue, fills the checklist, and returns the round with 暂不同意 and
// reasons (the server's refusals of a missing reason and an incomplete checklist show in
// Chinese); the officer sees the reasons on the case, answers and resubmits; the reviewer sees
// round 2; the head sees the opinions of every round with the responsibility information.
// F-03 / L-06: on a second case the head assigns the reviewer, who asks for more time, and the
// head's approval moves the due date. L-07 / L-08: a 不同意 the handling unit disputes goes to the
// head, whose decision against the opinion needs a reason and is marked.
// Needs a built workbench (`npm run build:workbench`) and Chromium.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
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
import { reviewDue } from '../../src/domains/review/review.ts'
import { dayFromToday, loginAs, makeOrg, makeUser, testDatabaseUrl, testDb, uid } from '../support.ts'

const PHONE = { width: 390, height: 844 }
const DESK = { width: 1360, height: 900 }
const WAIT = { timeout: 20_000 }
const REASONS = '证据不足：现场检查笔录未载明过期食品的数量和生产日期，请补充进货查验记录。'
const ANSWER = '已补充进货查验记录和现场照片，笔录已载明数量 12 袋及生产日期。'

let app: FastifyInstance
let appDb: Db | undefined
let browser: Browser
let base: string
let officer: string
let reviewer: string
let head: string
let caseId: string
let caseNumber: string
let secondNumber: string
let secondReview: string
let lateNumber: string
let disputedCase: string
let disputedNumber: string
const party = `楚雄某某食品店${uid('')}`

before(async () => {
  if (!fs.existsSync(path.join(WORKBENCH_DIST, 'index.html'))) {
    throw new Error(`工作台尚未构建：${WORKBENCH_DIST} 不存在。先运行 npm run build:workbench`)
  }
  const db = testDb()
  const province = await makeOrg(db, { level: 'province', name: '测试省' })
  const agency = await makeOrg(db, { parent: province, name: `测试市场监督管理局${uid('')}` })
  const person = await db.one<{ id: string }>(
    `INSERT INTO person (agency_id, kind, name, post, categories, areas) VALUES ($1, 'officer', '张执法', '执法队员', '{市场监管}', '{测试区}') RETURNING id`,
    [agency.id],
  )
  await db.query(
    `INSERT INTO certificate (person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to)
     VALUES ($1, $2, '测试省人民政府', '{市场监管}', '{测试区}', current_date - 30, current_date + 300)`,
    [person.id, uid('ZF').toUpperCase()],
  )
  const officerUser = await makeUser(db, { org: agency, roles: ['officer'] })
  officer = officerUser.username
  await db.query(`UPDATE app_user SET person_id = $1, display_name = '张执法' WHERE username = $2`, [person.id, officer])
  // the reviewer is a 法制审核人员 of the agency with 法律职业资格 (处罚法58), so a head can assign them
  const reviewerPerson = await db.one<{ id: string }>(
    `INSERT INTO person (agency_id, kind, name, post, legal_qualification, legal_qualification_no) VALUES ($1, 'officer', '王审核', '法制审核员', true, $2) RETURNING id`,
    [agency.id, uid('A').toUpperCase()],
  )
  await db.query(`INSERT INTO legal_reviewer (person_id, agency_id, shared_pool, appointed_on, first_time) VALUES ($1, $2, false, current_date - 30, true)`, [reviewerPerson.id, agency.id])
  reviewer = (await makeUser(db, { org: agency, roles: ['reviewer'] })).username
  head = (await makeUser(db, { org: agency, roles: ['head'] })).username
  await db.query(`UPDATE app_user SET display_name = '王审核', person_id = $2 WHERE username = $1`, [reviewer, reviewerPerson.id])
  await db.query(`UPDATE app_user SET display_name = '李局长' WHERE username = $1`, [head])

  // one connection: the embedded database's socket server interleaves concurrent
  // connections' extended-protocol messages (see workbench.browser.test.ts)
  appDb = createDb(testDatabaseUrl(), { max: 1 })
  app = await buildApp({ db: appDb, config: { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() } }, allRoutes)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  assert(address && typeof address === 'object')
  base = `http://127.0.0.1:${address.port}`

  // the case is prepared through the API; sending it for review is clicked in the test
  const session = await loginAs(app, officer)
  const created = await app.inject({
    method: 'POST', url: '/api/cases', headers: session.headers,
    payload: { kind: '处罚-普通', partyKind: 'organisation', partyName: party, summary: '销售过期食品' },
  })
  assert.equal(created.statusCode, 201, created.body)
  caseId = created.json().id
  caseNumber = created.json().number
  // a second case, sent for review through the API, for the assignment and the extension
  const second = await app.inject({
    method: 'POST', url: '/api/cases', headers: session.headers,
    payload: { kind: '处罚-普通', partyKind: 'citizen', partyName: '赵某', summary: '无证经营' },
  })
  assert.equal(second.statusCode, 201, second.body)
  secondNumber = second.json().number
  const submitted = await app.inject({
    method: 'POST', url: `/api/cases/${second.json().id}/reviews`, headers: session.headers,
    payload: { statement: '无证经营', proposal: { decision: '罚款二千元', penalties: ['罚款'], fineAmount: 2000, basis: '《无证无照经营查处办法》第十三条', facts: '现场检查笔录', reason: '情节轻微' } },
  })
  assert.equal(submitted.statusCode, 201, submitted.body)
  secondReview = submitted.json().id
  // L-07: a case the reviewer did not agree to (不同意, through the API), for the coordination and the head's decision
  const disputed = await app.inject({
    method: 'POST', url: '/api/cases', headers: session.headers,
    payload: { kind: '处罚-普通', partyKind: 'organisation', partyName: '孙某餐饮店', summary: '使用超过保质期的食品原料' },
  })
  assert.equal(disputed.statusCode, 201, disputed.body)
  disputedCase = disputed.json().id
  disputedNumber = disputed.json().number
  const disputedReview = await app.inject({
    method: 'POST', url: `/api/cases/${disputedCase}/reviews`, headers: session.headers,
    payload: { statement: '使用过期原料', proposal: { decision: '罚款五万元', penalties: ['罚款'], fineAmount: 50000, basis: '《中华人民共和国食品安全法》第一百二十四条', facts: '现场检查笔录', reason: '货值较大' } },
  })
  assert.equal(disputedReview.statusCode, 201, disputedReview.body)
  const points = await db.many<{ code: string }>(`SELECT code FROM review_checklist_point ORDER BY sort`)
  const against = await app.inject({
    method: 'POST', url: `/api/reviews/${disputedReview.json().id}/rounds/1/opinion`, headers: (await loginAs(app, reviewer)).headers,
    payload: { kind: '不同意', reasons: '主要证据不足：未查明货值', findings: points.map((p) => ({ point: p.code, finding: p.code === 'evidence' ? '不符合' : '符合' })) },
  })
  assert.equal(against.statusCode, 201, against.body)
  // L-06: a review received ten days ago and not answered is overdue (inserted as the app role, as the submission would have)
  const late = await app.inject({
    method: 'POST', url: '/api/cases', headers: session.headers,
    payload: { kind: '处罚-普通', partyKind: 'citizen', partyName: '钱某', summary: '超范围经营' },
  })
  assert.equal(late.statusCode, 201, late.body)
  lateNumber = late.json().number
  const received = dayFromToday(-10)
  const { id: lateReview } = await db.one<{ id: string }>(
    `INSERT INTO legal_review (case_id, statement, submitted_by, submitted_at) VALUES ($1, '超范围经营', $2, $3::date + time '10:00') RETURNING id`,
    [late.json().id, officerUser.id, received],
  )
  await db.query(
    `INSERT INTO legal_review_round (review_id, n, proposal, due_on, submitted_by, submitted_at) VALUES ($1, 1, $2, $3, $4, $5::date + time '10:00')`,
    [lateReview, JSON.stringify({ decision: '警告', penalties: ['警告'], basis: '《市场主体登记管理条例》第四十六条', facts: '现场检查笔录', reason: '首次违法' }), await reviewDue(db, agency.id, received), officerUser.id, received],
  )
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app?.close()
  await appDb?.close()
})

async function signIn(username: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', hasTouch: viewport === PHONE })
  const page = await context.newPage()
  await signInToWorkbench(page, base, username)
  return page
}

/**
 * Chooses an option of a radio group by clicking its label (button-style radios hide their
 * input), trying again while the page settles: Ant Design's animations can swallow a click.
 */
async function choose(group: Locator, name: string): Promise<void> {
  const label = group.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
  for (let attempt = 1; ; attempt++) {
    await label.click(WAIT)
    if (await group.getByRole('radio', { name, exact: true }).isChecked()) return
    if (attempt >= 5) throw new Error(`${name} not chosen in ${await group.getAttribute('aria-label')}`)
    await new Promise((r) => setTimeout(r, 300))
  }
}

async function onFailure(pages: Page[], run: () => Promise<void>) {
  try {
    await run()
  } catch (error) {
    for (const [i, page] of pages.entries()) {
      await page.screenshot({ path: path.join(os.tmpdir(), `review-browser-failure-${i}.png`), fullPage: true }).catch(() => {})
    }
    throw error
  }
}

test('L-03 / L-04 / L-05 / L-08: submit, 暂不同意 with reasons on every checklist point, answer and resubmit, round 2 for the reviewer, the head sees every opinion', { timeout: 90_000 }, async () => {
  const officerPage = await signIn(officer, PHONE)
  const reviewerPage = await signIn(reviewer, DESK)
  await onFailure([officerPage, reviewerPage], async () => {
    // L-03: 提交法制审核 from the case page; without 法律依据 the server lists what is missing
    await officerPage.goto(`${base}/app/cases/${caseId}`)
    const card = officerPage.getByTestId('case-review')
    await card.getByText('尚未提交法制审核').waitFor(WAIT)
    // L-02: the catalogue says why: every 普通程序 处罚 is a major decision by default
    await card.getByTestId('review-need').getByText('本案属于重大执法决定').waitFor(WAIT)
    await card.getByRole('button', { name: '提交法制审核' }).click()
    const dialog = officerPage.getByRole('dialog', { name: '提交法制审核' })
    await dialog.getByLabel('情况说明').fill('群众举报，经现场检查发现销售过期食品 12 袋。')
    await dialog.getByLabel('拟作决定').fill('没收过期食品，罚款人民币五千元')
    await dialog.getByLabel('事实依据及证据').fill('现场检查笔录、现场照片')
    await dialog.getByRole('button', { name: '提交' }).click()
    const missing = dialog.getByTestId('package-missing')
    await missing.waitFor(WAIT)
    assert.deepEqual(await missing.locator('li').allTextContents(), ['法律依据'])
    await dialog.getByTestId('review-refusal').getByText('送审材料不完整：缺少法律依据').waitFor(WAIT)
    await dialog.getByLabel('法律依据').fill('《中华人民共和国食品安全法》第一百二十四条')
    await dialog.getByRole('button', { name: '提交' }).click()
    await dialog.waitFor({ state: 'hidden', ...WAIT })
    await card.getByText('第 1 轮').waitFor(WAIT)

    // the reviewer's queue: by due date, with case number, party, kind, submitter and the days left
    await reviewerPage.getByRole('heading', { name: '法制审核工作台' }).waitFor(WAIT)
    await reviewerPage.getByRole('menuitem', { name: /法制审核$/ }).click()
    await reviewerPage.getByRole('heading', { name: '法制审核', exact: true }).waitFor(WAIT)
    const row = reviewerPage.getByTestId('review-row').filter({ hasText: caseNumber })
    await row.filter({ hasText: party }).filter({ hasText: '行政处罚（普通程序）' }).filter({ hasText: '张执法' }).waitFor(WAIT)
    await row.getByText(/剩 \d+ 个工作日/).waitFor(WAIT)
    // L-06: the overdue review comes first, in red, and the server's warning names it
    const late = reviewerPage.getByTestId('review-row').first()
    await late.filter({ hasText: lateNumber }).getByText('已逾期').waitFor(WAIT)
    assert.equal(await late.getByTestId('review-due').evaluate((e) => getComputedStyle(e).color), 'rgb(255, 77, 79)', 'the overdue date is red')
    await reviewerPage.getByTestId('review-warnings').filter({ hasText: lateNumber }).getByText(/已超期 \d+ 个工作日/).waitFor(WAIT)
    await reviewerPage.waitForLoadState('networkidle')
    await reviewerPage.screenshot({ path: path.join(SCREENSHOTS, 'review-queue.png'), fullPage: true })
    // on a phone the queue is a list of cards
    await reviewerPage.setViewportSize(PHONE)
    await reviewerPage.getByTestId('review-card').filter({ hasText: lateNumber }).getByText('已逾期').waitFor(WAIT)
    await reviewerPage.getByTestId('review-card').filter({ hasText: caseNumber }).filter({ hasText: '张执法' }).waitFor(WAIT)
    await reviewerPage.screenshot({ path: path.join(SCREENSHOTS, 'review-queue-phone.png'), fullPage: true })
    await reviewerPage.setViewportSize(DESK)
    await row.getByRole('link', { name: `打开审核 ${caseNumber}` }).click()
    await reviewerPage.getByRole('heading', { name: `法制审核 ${caseNumber}` }).waitFor(WAIT)

    // L-04 / L-05: a finding per point; 暂不同意 without reasons and an incomplete checklist are refused by the server
    const form = reviewerPage.getByTestId('opinion-form')
    const groups = form.getByRole('radiogroup').filter({ hasNot: reviewerPage.getByRole('radio', { name: '暂不同意' }) })
    const points = await groups.count()
    assert.equal(points, 11, 'eleven checklist points (L-04)')
    for (let i = 0; i < points - 1; i++) {
      const title = (await groups.nth(i).getAttribute('aria-label'))!
      const finding = title === '证据合法、确凿、充分' ? '不符合' : '符合'
      await choose(groups.nth(i), finding)
      if (finding === '不符合') await form.getByLabel(`${title} 说明`).fill('缺少进货查验记录')
    }
    await choose(form.getByRole('radiogroup', { name: '审核结论' }), '暂不同意')
    await form.getByRole('button', { name: '提出审核意见' }).click()
    await form.getByTestId('opinion-error').getByText('“暂不同意”须写明理由').waitFor(WAIT)
    await form.getByLabel('理由').fill(REASONS)
    await form.getByRole('button', { name: '提出审核意见' }).click()
    await form.getByTestId('opinion-error').getByText(/审核要点须逐项填写审核结论：违法行为涉嫌犯罪的/).waitFor(WAIT)
    await choose(groups.nth(points - 1), '不适用')
    await form.getByTestId('opinion-error').waitFor({ state: 'detached', ...WAIT })
    await reviewerPage.screenshot({ path: path.join(SCREENSHOTS, 'review-opinion.png'), fullPage: true })
    await form.getByRole('button', { name: '提出审核意见' }).click()
    await form.waitFor({ state: 'detached', ...WAIT })
    const round1 = reviewerPage.getByTestId('review-round').filter({ hasText: '第 1 轮' })
    await round1.getByTestId('review-reasons').getByText(REASONS).waitFor(WAIT)
    await round1.getByText('缺少进货查验记录').waitFor(WAIT)
    await reviewerPage.getByTestId('review-status').filter({ hasText: '已退回' }).first().waitFor(WAIT)

    // L-05: the officer sees the reasons on the case, answers and resubmits
    await officerPage.reload()
    const returned = card.getByTestId('case-review-returned')
    await returned.getByText(REASONS).waitFor(WAIT)
    await card.getByTestId('review-status').filter({ hasText: '已退回' }).waitFor(WAIT)
    await card.scrollIntoViewIfNeeded()
    await officerPage.waitForLoadState('networkidle')
    await officerPage.screenshot({ path: path.join(SCREENSHOTS, 'review-returned.png') })
    await card.getByRole('button', { name: '答复并重新送审' }).click()
    await card.getByTestId('review-refusal').getByText('重新送审须对审核意见作出答复').waitFor(WAIT)
    await card.getByLabel('对审核意见的答复').fill(ANSWER)
    await card.getByRole('button', { name: '答复并重新送审' }).click()
    await card.getByText('第 2 轮').waitFor(WAIT)
    await card.getByTestId('resubmit-form').waitFor({ state: 'detached', ...WAIT })

    // the reviewer sees round 2 with the answer, and an opinion form for it
    await reviewerPage.reload()
    const round2 = reviewerPage.getByTestId('review-round').filter({ hasText: '第 2 轮' })
    await round2.getByTestId('review-answer').getByText(ANSWER).waitFor(WAIT)
    await reviewerPage.getByTestId('opinion-form').getByText('第 2 轮审核意见').waitFor(WAIT)
    await reviewerPage.goto(`${base}/app/reviews`)
    await reviewerPage.getByTestId('review-row').filter({ hasText: caseNumber }).getByRole('cell', { name: '2', exact: true }).waitFor(WAIT)
  })

  // L-08: the head sees the opinions of all rounds and who prepared and reviewed
  const headPage = await signIn(head, DESK)
  await onFailure([headPage], async () => {
    const review = await headPage.evaluate(async () => (await (await fetch('/api/reviews?queue=agency')).json()).items as { id: string; caseNumber: string }[])
    const id = review.find((r) => r.caseNumber === caseNumber)?.id
    assert.ok(id, 'the review is in the agency queue')
    await headPage.goto(`${base}/app/reviews/${id}`)
    const view = headPage.getByTestId('head-view')
    await view.getByText(REASONS).waitFor(WAIT)
    await view.getByText('第 2 轮').waitFor(WAIT)
    assert.equal(await headPage.getByTestId('opinion-form').count(), 0, 'a head gives no review opinion')
  })
  for (const page of [officerPage, reviewerPage, headPage]) await page.context().close()
})

test('F-03 / L-06: the head assigns the reviewer; the reviewer asks for more time, the head approves and the due date moves on the F-04 calendar', { timeout: 60_000 }, async () => {
  const headPage = await signIn(head, DESK)
  const reviewerPage = await signIn(reviewer, DESK)
  await onFailure([headPage, reviewerPage], async () => {
    // F-03: assignment from the candidates of the agency
    await headPage.goto(`${base}/app/reviews/${secondReview}`)
    const assign = headPage.getByTestId('review-assign')
    await assign.getByText('承办审核人员：尚未分配').waitFor(WAIT)
    await assign.getByRole('combobox', { name: '分配审核人员' }).click()
    await headPage.locator('.ant-select-item-option').filter({ hasText: '王审核' }).click()
    await assign.getByRole('button', { name: '分配', exact: true }).click()
    await assign.getByText('承办审核人员：王审核').waitFor(WAIT)

    // L-06: the assigned reviewer asks for an extension with a reason
    await reviewerPage.goto(`${base}/app/reviews/${secondReview}`)
    await reviewerPage.getByTestId('review-status').filter({ hasText: '审核中' }).first().waitFor(WAIT)
    const before = (await reviewerPage.getByTestId('review-round').first().textContent())!.match(/(\d{4}-\d{2}-\d{2}) 前审结/)![1]!
    const extension = reviewerPage.getByTestId('review-extension')
    await extension.getByRole('button', { name: '申请延长审核期限' }).click()
    const ask = reviewerPage.getByRole('dialog')
    await ask.getByLabel('理由').fill('案情复杂，须调取银行流水核实违法所得')
    await ask.getByRole('button', { name: '保存' }).click()
    await extension.getByText('待批准').waitFor(WAIT)

    // the head sees the request in the queue and approves it on the review
    await headPage.goto(`${base}/app/reviews`)
    await headPage.getByText('待批准的延期申请').waitFor(WAIT)
    await headPage.getByRole('link', { name: secondNumber }).first().click()
    const decide = headPage.getByTestId('review-extension')
    await decide.getByRole('button', { name: '批准', exact: true }).click()
    const approve = headPage.getByRole('dialog', { name: '批准延长审核期限' })
    await approve.getByLabel('理由').fill('同意延长')
    await approve.getByRole('button', { name: '保存' }).click()
    await decide.getByText('已批准').waitFor(WAIT)
    const after = (await decide.textContent())!.match(/(\d{4}-\d{2}-\d{2}) 前审结/)![1]!
    assert.ok(after > before, `the due date moved from ${before} to ${after}`)
  })
  for (const page of [headPage, reviewerPage]) await page.context().close()
})

test('L-07 / L-08: the handling unit records an unresolved disagreement with a 不同意; the head decides as proposed, the reason required, and the decision is marked against the opinion', { timeout: 60_000 }, async () => {
  const officerPage = await signIn(officer, PHONE)
  const headPage = await signIn(head, DESK)
  await onFailure([officerPage, headPage], async () => {
    await officerPage.goto(`${base}/app/cases/${disputedCase}`)
    const card = officerPage.getByTestId('case-review')
    await card.getByTestId('review-status').filter({ hasText: '不同意' }).waitFor(WAIT)
    await card.getByRole('button', { name: '对审核意见有异议：记录协调情况' }).click()
    const form = card.getByTestId('coordination-form')
    await form.getByLabel('承办机构意见').fill('货值已由进货单据证明，证据充分')
    const participants = form.getByRole('combobox', { name: '参加协调人员（回车分隔）' })
    for (const name of ['张执法', '王审核']) {
      await participants.fill(name)
      await participants.press('Enter')
    }
    await form.getByLabel('协调结果').fill('双方意见不一致，报请负责人决定')
    await form.getByRole('button', { name: '保存协调记录' }).click()
    await card.getByTestId('case-review-coordination').getByText('分歧已报负责人决定').waitFor(WAIT)

    // the head finds the disagreement in the queue and decides as the handling unit proposed
    await headPage.goto(`${base}/app/reviews`)
    const escalations = headPage.getByTestId('review-escalations')
    await escalations.getByRole('link', { name: disputedNumber }).click()
    const decide = headPage.getByTestId('head-decision')
    await choose(decide.getByRole('radiogroup', { name: '负责人决定' }), '采纳承办机构建议')
    await decide.getByLabel('决定内容').fill('罚款五万元')
    await decide.getByRole('button', { name: '作出决定' }).click()
    await decide.getByTestId('decision-error').getByText('未采纳承办机构建议或者法制审核意见的，须写明理由').waitFor(WAIT)
    await decide.getByLabel('理由').fill('进货单据足以证明货值')
    await decide.getByRole('button', { name: '作出决定' }).click()
    await decide.waitFor({ state: 'detached', ...WAIT })
    const view = headPage.getByTestId('head-view')
    await view.getByTestId('against-opinion').getByText('负责人的决定与法制审核意见不一致').waitFor(WAIT)
    await view.getByText('李局长').first().waitFor(WAIT)

    // the case shows the head's decision with its mark
    await officerPage.reload()
    await card.getByTestId('case-review-decision').getByText('罚款五万元').waitFor(WAIT)
  })
  for (const page of [officerPage, headPage]) await page.context().close()
})
