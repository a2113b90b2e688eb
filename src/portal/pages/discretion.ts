// D-01 / 处罚法34: the published 行政处罚裁量基准 of every agency, by domain, and one standard's
// version in force, server-rendered, readable without JavaScript. Drafts never appear here.
import type { StandardSummary, StoredVersion, StoredViolation, VersionInfo } from '../../domains/discretion/standards.ts'
import type { Condition, TierRule } from '../../domains/discretion/rules.ts'
import { html, type Html } from '../html.ts'
import { layout, type Page } from '../layout.ts'

const TITLE = '行政处罚裁量基准'

const conditionText = (c: Condition) => (c.op === 'no' ? `不属于“${c.label}”` : c.label)

function rangeText(t: TierRule): string {
  const parts: string[] = []
  if (t.minAmount !== null || t.maxAmount !== null) {
    parts.push(t.minAmount !== null && t.maxAmount !== null ? `罚款${t.minAmount}元以上${t.maxAmount}元以下`
      : t.minAmount !== null ? `罚款${t.minAmount}元以上` : `罚款${t.maxAmount}元以下`)
  }
  if (t.minMultiple !== null || t.maxMultiple !== null) {
    parts.push(t.minMultiple !== null && t.maxMultiple !== null ? `违法所得${t.minMultiple}倍以上${t.maxMultiple}倍以下罚款`
      : t.minMultiple !== null ? `违法所得${t.minMultiple}倍以上罚款` : `违法所得${t.maxMultiple}倍以下罚款`)
  }
  if (t.tier === '不予处罚') return '不予行政处罚'
  return parts.length ? parts.join('；') : '不处罚款'
}

export function discretionListPage(page: Page, standards: (StandardSummary & VersionInfo)[]): Html {
  const domains = [...new Set(standards.map((s) => s.domain))]
  const main = html`<h1>${TITLE}</h1>
<p class="lead">行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权；行政处罚裁量基准应当向社会公布（行政处罚法第三十四条）。下列为各机关现行有效的裁量基准。</p>
${standards.length === 0 ? html`<p>暂无公布的裁量基准。</p>` : ''}
${domains.map((d, i) => html`<section aria-labelledby="domain-${String(i)}">
<h2 id="domain-${String(i)}">${d}</h2>
<table>
<thead><tr><th scope="col">裁量基准</th><th scope="col">制定机关</th><th scope="col">施行</th></tr></thead>
<tbody>
${standards.filter((s) => s.domain === d).map((s) => html`<tr><td><a href="/discretion/${s.id}">${s.title}</a></td><td>${s.agencyName}</td><td>${s.effectiveFrom}起（第${String(s.version)}版）</td></tr>`)}
</tbody>
</table>
</section>`)}`
  return layout(page, { title: TITLE, main, current: 'discretion' })
}

const violationSection = (v: StoredViolation, i: number) => html`<section aria-labelledby="v-${String(i)}">
<h3 id="v-${String(i)}">${v.code} ${v.title}</h3>
<dl>
<dt>违法依据</dt><dd>${v.violationBasis}</dd>
<dt>处罚依据</dt><dd>${v.penaltyBasis}</dd>
${v.requiredEvidence.length ? html`<dt>必备证据</dt><dd>${v.requiredEvidence.join('、')}</dd>` : ''}
</dl>
<table>
<thead><tr><th scope="col">裁量档次</th><th scope="col">适用条件</th><th scope="col">处罚幅度</th><th scope="col">其他处罚</th></tr></thead>
<tbody>
${v.tiers.map((t) => html`<tr><td>${t.tier}</td><td>${t.conditions.length ? t.conditions.map(conditionText).join('；') : '无从轻、减轻、从重或不予处罚情形'}</td><td>${rangeText(t)}</td><td>${t.otherPenalties.join('、')}</td></tr>`)}
</tbody>
</table>
</section>`

const exemptList = (id: string, heading: string, basis: string, items: StoredViolation[]) => items.length === 0 ? '' : html`<section aria-labelledby="${id}">
<h2 id="${id}">${heading}</h2>
<p>${basis}</p>
<ul>${items.map((v) => html`<li>${v.code} ${v.title}（${v.penaltyBasis}）</li>`)}</ul>
</section>`

export function discretionStandardPage(page: Page, s: StandardSummary & StoredVersion): Html {
  const main = html`<h1>${s.title}</h1>
<p class="lead">${s.agencyName}制定，${s.domain}领域；第${String(s.version)}版，${s.effectiveFrom}起施行。</p>
<section aria-labelledby="violations">
<h2 id="violations">违法行为及裁量档次</h2>
${s.violations.map(violationSection)}
</section>
${exemptList('first-exempt', '首违不罚清单', '初次违法且危害后果轻微并及时改正的，可以不予行政处罚（行政处罚法第三十三条第一款）。', s.violations.filter((v) => v.firstViolationExempt))}
${exemptList('minor-exempt', '轻微违法免罚清单', '违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚（行政处罚法第三十三条第一款）。', s.violations.filter((v) => v.minorExempt))}
<p><a href="/discretion">全部裁量基准</a></p>`
  return layout(page, { title: s.title, main, current: 'discretion' })
}
