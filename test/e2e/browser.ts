// Debian's Chromium driven by playwright-core; no browser is ever downloaded.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { TEST_PASSWORD } from '../support.ts'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'

/** Where the browser tests leave the screenshots the docs show. */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots')
/** The portal tests' two devices: a desk and a phone (390 × 844, touch). */
export const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' }
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }

export const CHROMIUM = process.env.ZHIFA_CHROMIUM ?? '/usr/bin/chromium'

/** Headless Chromium with the flags this closed network needs. Throws when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} 不存在：请安装 Debian 的 chromium（apt-get install -y chromium fonts-noto-cjk），或用 ZHIFA_CHROMIUM 指定路径`)
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

const AXE = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js')

/** Serious and critical WCAG 2.0/2.1 A and AA violations that axe-core finds on the page (P-15, N-05). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const { passes, violations } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ passes: { id: string }[]; violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return { passes: result.passes.map((p) => p.id), violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) })) }
  })
  // the rules really ran: contrast, labels and the page language were checked and passed
  for (const rule of ['color-contrast', 'html-has-lang', 'document-title']) assert.ok(passes.includes(rule), `axe checked ${rule}`)
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} ${v.targets.join(' ')}`)
}

/** A mobile-first page never scrolls sideways. */
export async function noHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.equal(overflow, 0, 'no horizontal scrolling')
}

/** Logs in through the workbench's login page and waits until the shell shows the user. */
export async function signInToWorkbench(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/app/`)
  await page.waitForURL(/\/app\/login$/)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(TEST_PASSWORD)
  await page.locator('button[type=submit]').click()
  await page.getByTestId('user-name').waitFor({ timeout: 20_000 })
}
