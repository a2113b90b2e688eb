// P-15: the portal's search and list of published decisions: a plain GET form (works without
// JavaScript), results newest decision first with their state, keyset "next page" links.
import type { PublicationHit, PublicationPage } from '../../domains/disclosure/search.ts'
import { html, type Html } from '../html.ts'
import { layout, type Page } from '../layout.ts'

export type SearchForm = {
  q: string
  agency: string
  kind: string
  domain: string
  from: string
  to: string
  ended: boolean
}

export type SearchChoices = { agencies: { id: string; name: string }[]; kinds: readonly string[]; domains: string[] }

const option = (value: string, label: string, selected: string) =>
  html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`

function hitItem(page: Page, hit: PublicationHit): Html {
  const { t } = page
  const marks = [
    hit.status === 'withdrawn' ? html`<span class="status status-inactive">${t.withdrawnMark}</span>` : '',
    hit.status === 'corrected' ? html`<span class="status">${t.correctedMark}</span>` : '',
    hit.ended ? html`<span class="status status-inactive">${t.endedMark}</span>` : '',
    hit.priority ? html`<span class="status">${t.priorityMark}</span>` : '',
  ]
  return html`<li class="card">
<h3><a href="/publications/${encodeURIComponent(hit.publicId)}">${hit.title}</a></h3>
<p>${marks} ${hit.agencyName} · ${hit.kind}${hit.domain ? html` · ${hit.domain}` : ''} · ${t.decidedOn} ${hit.decidedOn}</p>
<p class="muted">${hit.excerpt}</p>
</li>`
}

export function searchPage(page: Page, form: SearchForm, choices: SearchChoices, result: PublicationPage, nextHref: string | null): Html {
  const { t } = page
  const heading = form.q ? t.resultsFor(form.q) : t.latest
  const main = html`<h1>${t.searchTitle}</h1>
<form class="search" method="get" action="/search" role="search" aria-label="${t.searchLabel}">
<p><label for="q">${t.searchLabel}</label>
<input id="q" name="q" type="search" value="${form.q}" maxlength="100" placeholder="${t.searchPlaceholder}" aria-describedby="q-hint">
<button type="submit">${t.searchButton}</button></p>
<p id="q-hint" class="muted">${t.searchHint}</p>
<fieldset><legend>${t.filterAgency} · ${t.filterKind} · ${t.filterDomain}</legend>
<p><label for="agency">${t.filterAgency}</label>
<select id="agency" name="agency">${option('', t.filterAny, form.agency)}${choices.agencies.map((a) => option(a.id, a.name, form.agency))}</select></p>
<p><label for="kind">${t.filterKind}</label>
<select id="kind" name="kind">${option('', t.filterAny, form.kind)}${choices.kinds.map((k) => option(k, k, form.kind))}</select></p>
<p><label for="domain">${t.filterDomain}</label>
<select id="domain" name="domain">${option('', t.filterAny, form.domain)}${choices.domains.map((d) => option(d, d, form.domain))}</select></p>
<p><label for="from">${t.filterFrom}</label> <input id="from" name="from" type="date" value="${form.from}">
<label for="to">${t.filterTo}</label> <input id="to" name="to" type="date" value="${form.to}"></p>
<p><input id="ended" name="ended" type="checkbox" value="1"${form.ended ? html` checked` : ''}> <label for="ended">${t.filterEnded}</label></p>
</fieldset>
</form>
<section aria-labelledby="results">
<h2 id="results">${heading}</h2>
${result.items.length ? html`<ol class="cards">${result.items.map((hit) => hitItem(page, hit))}</ol>` : html`<p>${t.noResults}</p>`}
${nextHref ? html`<p><a rel="next" href="${nextHref}">${t.nextPage}</a></p>` : ''}
</section>
<p class="muted">${t.feeds}<a href="/feeds/publications.xml">RSS</a> · <a href="/feeds/publications.json">JSON Feed</a> · <a href="/api/public/publications">API</a></p>`
  return layout(page, { title: form.q ? t.resultsFor(form.q) : t.searchTitle, main, current: 'publications' })
}
