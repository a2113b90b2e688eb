// P-04: the 执法流程图 of every case kind, generated from the stage model (flowchart.ts).
import type { CaseKindModel } from '../../domains/cases/model.ts'
import { flowGraph, flowSvg, type FlowLabels } from '../../domains/cases/flowchart.ts'
import { html, raw, type Html } from '../html.ts'
import { layout, list, type Page } from '../layout.ts'

export const procedureHref = (kind: string) => `/procedures/${encodeURIComponent(kind)}`

export function flowLabels(page: Page, kind: CaseKindModel): FlowLabels {
  const { t } = page
  return {
    title: t.procedureTitle(kind.name),
    description: t.procedureDescription(kind.name, kind.actions.length),
    repeatable: t.procedureRepeatable,
    statute: t.procedureStatute,
  }
}

export function proceduresPage(page: Page, kinds: CaseKindModel[]): Html {
  const { t } = page
  const main = html`<h1>${t.proceduresTitle}</h1>
<p class="lead">${t.proceduresIntro}</p>
<ul class="cards two">
${kinds.map(
  (k) => html`<li class="card"><h2><a href="${procedureHref(k.code)}">${k.name}</a></h2>
<p class="tags">${k.statute}</p>
<p>${list(k.actions.map((a) => a.code), ' → ')}</p></li>`,
)}
</ul>`
  return layout(page, { title: t.proceduresTitle, main, current: 'procedures' })
}

export function procedurePage(page: Page, kind: CaseKindModel): Html {
  const { t } = page
  const graph = flowGraph(kind)
  const svg = flowSvg(graph, flowLabels(page, kind))
  const steps = [...kind.actions].sort((a, b) => a.seq - b.seq)
  const main = html`<nav aria-label="${t.breadcrumbLabel}"><a href="/procedures">${t.proceduresTitle}</a></nav>
<h1>${t.procedureTitle(kind.name)}</h1>
<p class="tags">${kind.statute}</p>
<figure class="flowchart">
<div class="flowchart-scroll">${raw(svg)}</div>
<figcaption class="muted">${t.procedureLegend}</figcaption>
</figure>
<section aria-labelledby="steps">
<h2 id="steps">${t.procedureSteps}</h2>
<ol class="steps">
${steps.map((a) => {
  const notes = [
    a.requiresAll.length ? t.procedureRequires(list(a.requiresAll)) : '',
    a.requiresAny.length ? t.procedureRequiresAny(list(a.requiresAny)) : '',
    a.requiresConditional.length ? t.procedureRequiresWhen(list(a.requiresConditional)) : '',
    a.requiresAll.length + a.requiresAny.length + a.requiresConditional.length === 0 ? t.procedureStart : '',
    a.requiredWhen || a.requiredAfter ? t.procedureOptional : '',
    a.repeatable ? t.procedureRepeatable : '',
    a.endsCase ? t.procedureEnds : '',
    a.statute ? `${t.procedureStatute}：${a.statute}` : '',
  ].filter(Boolean)
  return html`<li><strong>${a.code}</strong>${a.stage !== a.code ? html`（${a.stage}）` : ''}<br><span class="muted">${list(notes, '；')}</span></li>`
})}
</ol>
</section>`
  return layout(page, { title: t.procedureTitle(kind.name), main, current: 'procedures' })
}
