// P-01: the 执法主体 directory and one body's page, as published.
import type { PublicBody, PublicBodyDetail } from '../../domains/bodies/public.ts'
import type { PublicOfficer } from '../../domains/people/public.ts'
import { html, type Html } from '../html.ts'
import { field, layout, list, type Page } from '../layout.ts'
import { agencyItemsLink } from './items.ts'
import { agencyReportsLink } from './annual-reports.ts'

const bodyHref = (code: string) => `/agencies/${encodeURIComponent(code)}`

/** Bodies grouped by the region they belong to, in the order given. */
function byRegion(bodies: PublicBody[]): { region: string; bodies: PublicBody[] }[] {
  const groups = new Map<string, { region: string; bodies: PublicBody[] }>()
  for (const body of bodies) {
    const key = body.parentId ?? ''
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { region: body.parentName ?? '', bodies: [] }))
    group.bodies.push(body)
  }
  return [...groups.values()]
}

export function agenciesPage(page: Page, input: { bodies: PublicBody[]; domains: string[]; domain: string | undefined }): Html {
  const { t } = page
  const empty = input.domain ? t.agenciesEmptyForDomain(input.domain) : t.agenciesEmpty
  const main = html`<h1>${t.agenciesTitle}</h1>
<form class="search" method="get" action="/agencies" aria-label="${t.filterLegend}">
<label for="domain">${t.filterDomain}</label>
<select id="domain" name="domain">
<option value="">${t.filterAll}</option>
${input.domains.map((d) => html`<option value="${d}"${d === input.domain ? html` selected` : ''}>${d}</option>`)}
</select>
<button type="submit">${t.filterSubmit}</button>
</form>
<p class="muted" role="status">${input.bodies.length ? t.agenciesCount(input.bodies.length) : empty}</p>
${byRegion(input.bodies).map(
  (group) => html`<section class="region-group" aria-labelledby="region-${group.bodies[0]!.parentId ?? 'none'}">
<h2 id="region-${group.bodies[0]!.parentId ?? 'none'}">${group.region}</h2>
<ul class="cards two">
${group.bodies.map(
  (body) => html`<li class="card">
<h3><a href="${bodyHref(body.code)}">${body.name}</a></h3>
<p class="tags">${t.bodyKinds[body.bodyKind] ?? body.bodyKind} · ${list(body.domains)}</p>
</li>`,
)}
</ul>
</section>`,
)}`
  return layout(page, { title: t.agenciesTitle, main, current: 'agencies' })
}

export function agencyPage(page: Page, input: { body: PublicBodyDetail; officers: PublicOfficer[]; notices?: { notice: Html | null; windows: Html } }): Html {
  const { t } = page
  const { body, officers } = input
  const main = html`<nav aria-label="${t.breadcrumbLabel}"><a href="/agencies">${t.agenciesTitle}</a></nav>
<h1>${body.name}</h1>
<section aria-labelledby="basic">
<h2 id="basic">${t.basicInfo}</h2>
<dl class="fields">
${field(t.uscc, body.uscc)}
${field(t.bodyKind, t.bodyKinds[body.bodyKind] ?? body.bodyKind)}
${field(t.entrustingBody, body.entrustingBodyName)}
${field(t.region, body.parentName)}
${field(t.legalBasis, body.legalBasis)}
${field(t.domains, list(body.domains))}
${field(t.address, body.address)}
${field(t.postcode, body.postcode)}
${field(t.phone, body.phone)}
${field(t.email, body.email)}
</dl>
</section>
${
  // P-01: the published 救济渠道 / 监督方式 in full where the agency keeps them, else the registry's
  input.notices?.notice ??
  html`<section aria-labelledby="supervision">
<h2 id="supervision">${t.supervision}</h2>
<dl class="fields">
${field(t.supervisor, body.supervisorName)}
${field(t.supervisorContact, body.supervisorContact)}
</dl>
</section>
<section aria-labelledby="remedies">
<h2 id="remedies">${t.remedies}</h2>
<p>${t.remediesIntro}</p>
<dl class="fields">
${field(t.reconsiderationBody, body.reconsiderationBody)}
${field(t.court, body.court)}
</dl>
</section>`
}
<section aria-labelledby="units">
<h2 id="units">${t.units}</h2>
${
  body.units.length
    ? html`<dl class="fields">${body.units.map((u) => field(u.name, u.duties ?? t.noDuties))}</dl>`
    : html`<p>${t.noUnits}</p>`
}
</section>
${agencyItemsLink(body.code)}
${agencyReportsLink(body.code)}
<section aria-labelledby="officers">
<h2 id="officers">${t.officers}</h2>
${
  officers.length
    ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="officers-caption">
<table>
<caption id="officers-caption">${t.officersCaption(officers.length)}</caption>
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.unit}</th><th scope="col">${t.certNo}</th><th scope="col">${t.categories}</th><th scope="col">${t.areas}</th></tr></thead>
<tbody>
${officers.map(
  (o) => html`<tr><th scope="row"><a href="/officers/${o.personId}">${o.name}</a></th><td>${o.unitName}</td><td><a href="/verify/${encodeURIComponent(o.certNo)}">${o.certNo}</a></td><td>${list(o.categories)}</td><td>${list(o.areas)}</td></tr>`,
)}
</tbody>
</table>
</div>`
    : html`<p>${t.noOfficers}</p>`
}
</section>
${input.notices?.windows}`
  return layout(page, { title: body.name, main, current: 'agencies' })
}
