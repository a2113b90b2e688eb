// P-01 / P-05: the public profile of one enforcement officer and the status of each certificate.
import type { PublicOfficerProfile } from '../../domains/people/public.ts'
import { html, type Html } from '../html.ts'
import { field, layout, list, type Page } from '../layout.ts'
import { statusClass } from './certificates.ts'

export function officerPage(page: Page, officer: PublicOfficerProfile): Html {
  const { t } = page
  const main = html`<h1>${t.officerTitle(officer.name)}</h1>
<section class="holder${officer.photo ? ' with-photo' : ''}" aria-label="${officer.name}">
${officer.photo && html`<img src="${officer.photo}" alt="${t.photoAlt(officer.name)}" width="128">`}
<dl class="fields">
${field(t.name, officer.name)}
${field(t.post, officer.post)}
${field(t.agency, html`<a href="/agencies/${encodeURIComponent(officer.agencyCode)}">${officer.agencyName}</a>`)}
${field(t.unit, officer.unitName)}
</dl>
</section>
<section aria-labelledby="certificates">
<h2 id="certificates">${t.certificates}</h2>
${
  officer.certificates.length
    ? html`<ul class="cards">${officer.certificates.map(
        (c) => html`<li class="card">
<h3><a href="/verify/${encodeURIComponent(c.certNo)}">${c.certNo}</a></h3>
<dl class="fields">
${field(t.status, html`<span class="status status-${statusClass(c.status)}">${t.statusLabel(c.status)}</span>`)}
${field(t.validity, t.validityRange(c.validFrom, c.validTo))}
${field(t.categories, list(c.categories))}
${field(t.areas, list(c.areas))}
${field(t.issuingAuthority, c.issuingAuthority)}
</dl>
</li>`,
      )}</ul>`
    : html`<p>${t.noCertificates}</p>`
}
</section>`
  return layout(page, { title: t.officerTitle(officer.name), main })
}
