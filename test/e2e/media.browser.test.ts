// in headless Chromium: an officer uploads a video of a 查封 (强制-措施, 实施) from
// the case page over tus, plays it back, and the case may then go on; on a case whose 查封 has
// no recording, going on to 决定书送达 is refused on screen with the list's reason.
// The video is recorded by the browser itself (a canvas through MediaRecorder), as a phone
// camera would hand over a file. Needs a built workbench (`npm run build:workbench`).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, SCREENSHOTS, signInToWorkbench } from './browser.ts'
import { buildApp } from '../../src/platform/http/app.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { WORKBENCH_DIST } from '../../src/platform/http/workbench-static.ts'
import { createDb, type Db } from '../../src/platform/db/pool.ts'
import { allRoutes } from '../../src/routes.ts'
import { todayInChina } from '../../src/platform/clock.ts'
import { loginAs, makeOrg, makeUser, testDatabaseUrl, testDb, uid, type Session } from '../support.ts'

const DESK = { width: 1280, height: 900 }
const WAIT = { timeout: 20_000 }

let app: FastifyInstance
let appDb: Db | undefined
let browser: Browser
let base: string
let officer: string
let officerSession: Session
let headSession: Session
const people: string[] = []

before(async () => {
  if (!fs.existsSync(path.join(WORKBENCH_DIST, 'index.html'))) {
    throw new Error(`工作台尚未构建：${WORKBENCH_DIST} 不存在。先运行 npm run build:workbench`)
  }
  const db = testDb()
  const province = await makeOrg(db, { level: 'province', name: '测试省' })
  const agency = await makeOrg(db, { parent: province, name: `测试市场监督管理局${uid('')}` })
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
  const head = (await makeUser(db, { org: agency, roles: ['head'] })).username
  appDb = createDb(testDatabaseUrl(), { max: 1 })
  app = await buildApp({ db: appDb, config: { ...loadConfig({}), logLevel: 'silent', databaseUrl: testDatabaseUrl() } }, allRoutes)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  assert(address && typeof address === 'object')
  base = `http://127.0.0.1:${address.port}`
  officerSession = await loginAs(app, officer)
  headSession = await loginAs(app, head)
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app?.close()
  await appDb?.close()
})

async function api(session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await app.inject({ method, url, headers: session.headers, ...(payload ? { payload: payload as object } : {}) })
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** A 强制-措施 case up to its 查封 (实施 by two certified officers on site). */
async function seizedCase(partyName: string): Promise<string> {
  const c = await api(officerSession, 'POST', '/api/cases', { kind: '强制-措施', partyKind: 'organisation', partyName, summary: '查封来源不明的冻品' })
  const today = todayInChina()
  await api(headSession, 'POST', `/api/cases/${c.id}/actions`, { type: '审批', actedOn: today })
  await api(officerSession, 'POST', `/api/cases/${c.id}/actions`, { type: '实施', actedOn: today, officers: people, data: { measure: '查封' } })
  return c.id
}

async function signIn(): Promise<Page> {
  const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN' })
  const page = await context.newPage()
  await signInToWorkbench(page, base, officer)
  return page
}

/** A short WebM recorded by the browser from a moving canvas. */
async function browserVideo(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas')
    canvas.width = 160
    canvas.height = 120
    const ctx = canvas.getContext('2d')!
    const stream = canvas.captureStream(15)
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' })
    const chunks: Blob[] = []
    recorder.ondataavailable = (e) => chunks.push(e.data)
    let frame = 0
    const timer = setInterval(() => {
      ctx.fillStyle = frame % 2 ? '#1d4ed8' : '#b91c1c'
      ctx.fillRect(0, 0, 160, 120)
      ctx.fillStyle = '#fff'
      ctx.fillRect((frame * 7) % 140, 50, 20, 20)
      frame++
    }, 60)
    const stopped = new Promise((resolve) => (recorder.onstop = resolve))
    recorder.start(200)
    await new Promise((r) => setTimeout(r, 1500))
    recorder.stop()
    await stopped
    clearInterval(timer)
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer())
    let s = ''
    for (const b of bytes) s += String.fromCharCode(b)
    return btoa(s)
  })
  return Buffer.from(base64, 'base64')
}

test('R-06 / R-07: an officer uploads the video of a 查封 on the case page and plays it back; going on without a recording is refused on screen', { timeout: 120_000 }, async () => {
  const recorded = await seizedCase(`楚雄某某冷链仓储有限公司${uid('')}`)
  const unrecorded = await seizedCase(`楚雄某某冻品批发部${uid('')}`)
  const advance = (id: string) => api(officerSession, 'GET', `/api/cases/${id}/av-advance?type=${encodeURIComponent('决定书送达')}`)
  assert.equal((await advance(recorded)).problem?.code, 'AV_REQUIRED', 'before the upload the 查封 lacks its recording')

  const page = await signIn()
  try {
    // upload the recording of the 查封 through the Media card (tus, in chunks) and play it back
    await page.goto(`${base}/app/cases/${recorded}`)
    const media = page.getByTestId('media')
    await media.waitFor(WAIT)
    const video = await browserVideo(page)
    await media.getByTestId('media-input').setInputFiles({ name: 'DSJ0457_查封.webm', mimeType: 'video/webm', buffer: video })
    await media.getByLabel('录制设备（如执法记录仪编号）').fill('DSJ-V9 执法记录仪 #0457')
    await media.getByRole('combobox', { name: '所录执法行为' }).waitFor(WAIT)
    await media.getByRole('button', { name: '上传', exact: true }).click()
    const item = media.getByTestId('media-item').first()
    await item.waitFor(WAIT)
    await item.locator('video').waitFor(WAIT)
    await page.waitForFunction(() => {
      const v = document.querySelector('[data-testid=media-item] video') as HTMLVideoElement | null
      return !!v && v.readyState >= 2
    }, undefined, WAIT)
    const played = await item.locator('video').evaluate(async (v: HTMLVideoElement) => {
      v.muted = true
      await v.play()
      await new Promise((r) => setTimeout(r, 400))
      return v.currentTime
    })
    assert.ok(played > 0, `the recording plays (currentTime ${played})`)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'media-upload.png'), fullPage: true })
    assert.equal((await advance(recorded)).problem, null, 'with its recording the case may go on')
    await page.reload()
    await page.getByRole('button', { name: '决定书送达', exact: true }).click()
    const allowed = page.getByRole('dialog', { name: '记录：决定书送达' })
    await allowed.getByTestId('av-status').filter({ hasText: '已附录音录像' }).waitFor(WAIT)
    assert.equal(await allowed.getByTestId('av-refusal').count(), 0, 'no refusal once the recording is there')
    await allowed.getByRole('button', { name: /取\s*消/ }).click()
    const stored = await api(officerSession, 'GET', `/api/cases/${recorded}/media`)
    assert.equal(stored.items[0].size, video.length)

    // the other 查封 has no recording: 决定书送达 is refused on screen, in Chinese, with the list's reason
    await page.goto(`${base}/app/cases/${unrecorded}`)
    await page.getByRole('button', { name: '决定书送达', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: '记录：决定书送达' })
    await dialog.waitFor(WAIT)
    await dialog.getByTestId('av-refusal').filter({ hasText: /按音像记录事项清单须.*记录，未附录音录像，不能进入下一环节/ }).waitFor(WAIT)
    await dialog.getByTestId('av-status').filter({ hasText: '未附录音录像' }).waitFor(WAIT)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'av-refused.png'), fullPage: true })
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), 'media-browser-failure.png'), fullPage: true }).catch(() => {})
    throw error
  }
})
