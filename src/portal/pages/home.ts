// P-15: the portal's front page links to what the portal offers today.
import { html, type Html } from '../html.ts'
import { layout, type Page } from '../layout.ts'

export function homePage(page: Page): Html {
  const { t } = page
  const main = html`<h1>${t.homeTitle}</h1>
<p class="lead">${t.homeIntro}</p>
<ul class="cards two">
<li class="card"><h2><a href="/agencies">${t.agenciesTitle}</a></h2><p>${t.homeAgenciesText}</p></li>
<li class="card"><h2><a href="/verify">${t.verifyTitle}</a></h2><p>${t.homeVerifyText}</p></li>
<li class="card"><h2><a href="/progress">${t.navProgress}</a></h2><p>${t.homeProgressText}</p></li>
<li class="card"><h2><a href="/complaints/new">${t.navComplaints}</a></h2><p>${t.homeComplaintsText}</p></li>
</ul>`
  return layout(page, { title: t.homeTitle, main, current: 'home' })
}
