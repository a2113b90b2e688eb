// Debian's Chromium driven by playwright-core; no browser is ever downloaded.
import fs from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

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
