// P-05 in a real browser: Debian's Chromium opens the verification page of a revoked and an
// expired certificate at a phone's size, and keeps screenshots in docs/screenshots/.
// Needs /usr/bin/chromium (apt-get install chromium fonts-noto-cjk); never downloads a browser.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser } from 'playwright-core'
import { launchChromium, SCREENSHOTS } from './browser.ts'
import { testApp, testDb } from '../support.ts'
import { makeCertificate, makeOfficer, makePublishedBody } from '../../src/portal/portal.fixtures.ts'

const PHONE = { width: 390, height: 844 }

let app: FastifyInstance
let browser: Browser
let base: string

before(async () => {
  app = await testApp()
  await app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app?.close()
})

for (const [status, file] of [
  ['注销', 'certificate-revoked.png'],
  ['过期', 'certificate-expired.png'],
] as const) {
  test(`P-05: a ${status} certificate shows as ${status} on a phone, readable and usable`, async () => {
    const db = testDb()
    const body = await makePublishedBody(db, { name: '示范市市场监督管理局', regionName: '示范市', domains: ['市场监管'] })
    const officer = await makeOfficer(db, body, { name: '李明' })
    const certNo = await makeCertificate(db, officer.id, { status, categories: ['市场监管', '食品安全'], areas: ['示范市全域'] })

    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    try {
      const page = await context.newPage()
      const response = await page.goto(`${base}/verify/${certNo}`)
      assert.equal(response?.status(), 200)

      const statusWord = page.locator('.status-word')
      assert.equal((await statusWord.innerText()).trim(), status)
      assert.ok(await statusWord.isVisible())
      const banner = page.locator('.banner')
      assert.match(await banner.innerText(), new RegExp(`当前为“${status}”状态，持证人现在不得使用此证件从事行政执法活动`))
      // the status is seen without scrolling, and it is red, not green
      const box = (await banner.boundingBox())!
      assert.ok(box.y + box.height <= PHONE.height, `banner ends at ${box.y + box.height}px, within the first screen`)
      assert.equal(await banner.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(253, 232, 232)')
      assert.ok((await page.locator('main').innerText()).includes('李明'))

      // usable at 390 px: nothing wider than the screen, the stylesheet applied, the keyboard reaches the skip link
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.equal(overflow, 0, 'no horizontal scrolling')
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
      await page.keyboard.press('Tab')
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link')
      assert.ok(await page.locator('.skip-link').isVisible(), 'the focused skip link is shown')
      await page.keyboard.press('Enter')
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main')

      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      fs.mkdirSync(SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: path.join(SCREENSHOTS, file), fullPage: true })
    } finally {
      await context.close()
    }
  })
}
