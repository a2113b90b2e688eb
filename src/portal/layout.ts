import type { FastifyReply, FastifyRequest } from 'fastify'
import { html, type Html, type Renderable } from './html.ts'
import { LANGS, MESSAGES, type Lang, type Messages } from './messages.ts'

export const LANG_COOKIE = 'zhifa_lang'
export const STYLESHEET = '/portal/assets/portal.css'
export const PUBLIC_KEY_PATH = '/.well-known/zhifa-qr-key.pem'

export type Page = { lang: Lang; t: Messages; url: URL }

const isLang = (value: unknown): value is Lang => LANGS.includes(value as Lang)

/**
 * N-07: Chinese unless the visitor chose English; a `?lang=` choice is kept in a cookie
 * so links without the parameter stay in the chosen language.
 */
export function pageFor(request: FastifyRequest, reply: FastifyReply, secureCookies: boolean): Page {
  const url = new URL(request.url, 'http://portal.invalid')
  const asked = url.searchParams.get('lang')
  let lang: Lang = 'zh-CN'
  if (isLang(asked)) {
    lang = asked
    reply.setCookie(LANG_COOKIE, asked, {
      path: '/',
      maxAge: 365 * 24 * 3600,
      sameSite: 'lax',
      httpOnly: true,
      secure: secureCookies,
    })
  } else if (isLang(request.cookies[LANG_COOKIE])) {
    lang = request.cookies[LANG_COOKIE] as Lang
  }
  return { lang, t: MESSAGES[lang], url }
}

/** The current page in the other language (other query parameters kept). */
function switchHref(page: Page): string {
  const target = new URL(page.url)
  target.searchParams.set('lang', page.lang === 'en' ? 'zh-CN' : 'en')
  return target.pathname + target.search
}

/** A whole document: skip link, banner with navigation, main, footer (N-08 landmarks). */
export function layout(page: Page, input: { title: string; main: Renderable; current?: 'home' | 'agencies' | 'verify' | 'procedures' | 'publications' | 'review-catalogue' | 'discretion' | 'progress' | 'complaints' }): Html {
  const { t } = page
  const other: Lang = page.lang === 'en' ? 'zh-CN' : 'en'
  const navLink = (href: string, label: string, key: typeof input.current) =>
    html`<li><a href="${href}"${key === input.current ? html` aria-current="page"` : ''}>${label}</a></li>`
  return html`<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} - ${t.siteName}</title>
<link rel="stylesheet" href="${STYLESHEET}">
<link rel="alternate" type="application/rss+xml" href="/feeds/publications.xml" title="${t.navPublications}">
</head>
<body>
<a class="skip-link" href="#main">${t.skipToContent}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="site-name" href="/">${t.siteName}</a>
<a class="lang-switch" href="${switchHref(page)}" lang="${other}" hreflang="${other}">${t.otherLanguageName}</a>
</div>
<nav class="wrap" aria-label="${t.navLabel}">
<ul class="nav">
${navLink('/', t.navHome, 'home')}
${navLink('/agencies', t.navAgencies, 'agencies')}
${navLink('/verify', t.navVerify, 'verify')}
${navLink('/procedures', t.navProcedures, 'procedures')}
${navLink('/search', t.navPublications, 'publications')}
${navLink('/review-catalogue', t.navReviewCatalogue, 'review-catalogue')}
${navLink('/discretion', t.navDiscretion, 'discretion')}
${navLink('/progress', t.navProgress, 'progress')}
${navLink('/complaints/new', t.navComplaints, 'complaints')}
</ul>
</nav>
</header>
<main id="main" class="wrap" tabindex="-1">
${input.main}
</main>
<footer class="site-footer">
<div class="wrap">
<p>${t.footer}</p>
<p><a href="${PUBLIC_KEY_PATH}">${t.footerKey}</a></p>
</div>
</footer>
</body>
</html>
`
}

/** A description list row, left out when there is no value. */
export function field(label: string, value: Renderable): Html {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return html``
  return html`<div class="field"><dt>${label}</dt><dd>${value}</dd></div>`
}

export function list(values: readonly string[], separator = '、'): string {
  return values.join(separator)
}
