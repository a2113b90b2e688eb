// P-05: 执法证 verification — the form, the result with its status banner, and no-such-certificate.
import type { PublicCertificate } from '../../domains/people/public.ts'
import type { CertificateStatus } from '../../domains/people/rules.ts'
import { html, type Html } from '../html.ts'
import { field, layout, list, type Page } from '../layout.ts'

export type SignatureCheck = 'valid' | 'invalid' | 'absent'

export const statusClass = (status: CertificateStatus) => (status === '有效' ? 'ok' : 'bad')

export function verifyFormPage(page: Page, input: { certNo?: string; invalid?: boolean }): Html {
  const { t } = page
  const main = html`<h1>${t.verifyTitle}</h1>
<p class="lead">${t.verifyIntro}</p>
${certNoForm(page, input)}`
  return layout(page, { title: t.verifyTitle, main, current: 'verify' })
}

function certNoForm(page: Page, input: { certNo?: string; invalid?: boolean }): Html {
  const { t } = page
  const described = input.invalid ? 'cert-no-error cert-no-hint' : 'cert-no-hint'
  return html`<form class="search" method="get" action="/verify" role="search" aria-label="${t.verifyTitle}">
<label for="cert-no">${t.certNo}</label>
<p class="hint" id="cert-no-hint">${t.certNoHint}</p>
${input.invalid && html`<p class="error-text" id="cert-no-error">${t.certNoInvalid}</p>`}
<input type="text" id="cert-no" name="certNo" value="${input.certNo ?? ''}" maxlength="30" autocomplete="off" autocapitalize="characters" spellcheck="false" required aria-describedby="${described}"${input.invalid ? html` aria-invalid="true"` : ''}>
<button type="submit">${t.verifySubmit}</button>
</form>`
}

function signatureNotice(page: Page, check: SignatureCheck): Html {
  const { t } = page
  if (check === 'valid') return html`<div class="notice notice-ok"><strong>${t.sigValid}</strong>${t.sigValidText}</div>`
  if (check === 'invalid') return html`<div class="notice notice-bad" role="alert"><strong>${t.sigInvalid}</strong>${t.sigInvalidText}</div>`
  return html``
}

export function certificatePage(page: Page, input: { cert: PublicCertificate; signature: SignatureCheck; today: string }): Html {
  const { t } = page
  const { cert, signature } = input
  const valid = cert.status === '有效'
  const main = html`<h1>${t.certificateTitle(cert.certNo)}</h1>
${signatureNotice(page, signature)}
<section class="banner banner-${statusClass(cert.status)}" aria-labelledby="status-heading">
<h2 id="status-heading">${t.statusHeading}</h2>
<strong class="status-word" data-status="${cert.status}">${t.statusLabel(cert.status)}</strong>
<p>${valid ? t.validExplanation : t.invalidExplanation(cert.status)}</p>
<p>${t.checkedOn(input.today)}</p>
</section>
<section class="holder${cert.person.photo ? ' with-photo' : ''}" aria-labelledby="holder-heading">
${cert.person.photo && html`<img src="${cert.person.photo}" alt="${t.photoAlt(cert.person.name)}" width="128">`}
<div>
<h2 id="holder-heading">${t.holder}</h2>
<dl class="fields">
${field(t.name, cert.person.name)}
${field(t.post, cert.person.post)}
${field(t.agency, html`<a href="/agencies/${encodeURIComponent(cert.person.agencyCode)}">${cert.person.agencyName}</a>`)}
${field(t.certNo, cert.certNo)}
${field(t.categories, list(cert.categories))}
${field(t.areas, list(cert.areas))}
${field(t.validity, t.validityRange(cert.validFrom, cert.validTo))}
${field(t.issuingAuthority, cert.issuingAuthority)}
</dl>
<p><a href="/officers/${cert.person.id}">${t.officerProfile}</a></p>
</div>
</section>
<p><a href="/verify">${t.verifyAnother}</a></p>`
  return layout(page, { title: `${t.certificateTitle(cert.certNo)} · ${t.statusLabel(cert.status)}`, main, current: 'verify' })
}

export function certificateNotFoundPage(page: Page, input: { certNo: string; signature: SignatureCheck }): Html {
  const { t } = page
  const main = html`<h1>${t.certNotFoundTitle}</h1>
${signatureNotice(page, input.signature)}
<div class="banner banner-bad" role="alert"><p>${t.certNotFoundText(input.certNo)}</p></div>
<h2>${t.verifyAnother}</h2>
${certNoForm(page, {})}`
  return layout(page, { title: t.certNotFoundTitle, main, current: 'verify' })
}
