// P-14: the published 行政执法统计年报 on the portal — an agency's list, one report with its
// versions, and the deployment's roll-up along the organisation tree. Only published numbers.
import type { PublicBodyDetail } from '../../domains/bodies/public.ts'
import type { PublishedReport, VersionRow } from '../../domains/statistics/store.ts'
import { COUNTING_RULE, REPORT_KIND_NAMES, REPORT_KINDS, type ReportKind, type RolledNode, type Totals } from '../../domains/statistics/rules.ts'
import { html, type Html } from '../html.ts'
import { layout, type Page } from '../layout.ts'

const TITLE = '行政执法统计年报'
const enc = encodeURIComponent
export const reportsHref = (agencyCode: string) => `/agencies/${enc(agencyCode)}/annual-reports`

/** The agency page's link to its reports. */
export function agencyReportsLink(agencyCode: string): Html {
  return html`<section aria-labelledby="reports-link">
<h2 id="reports-link">${TITLE}</h2>
<p>本机关每年公开的上一年度行政执法数据：<a href="${reportsHref(agencyCode)}">查看${TITLE}</a></p>
</section>`
}

const kindsOf = (...totals: Totals[]): ReportKind[] => REPORT_KINDS.filter((k) => totals.some((t) => t[k] !== undefined))
const num = (n: number | undefined) => (n === undefined ? '—' : String(n))

function totalsTable(id: string, caption: string, totals: Totals): Html {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="${id}">
<table>
<caption id="${id}">${caption}</caption>
<thead><tr><th scope="col">执法类别</th><th scope="col">件数</th></tr></thead>
<tbody>
${kindsOf(totals).map((k) => html`<tr><th scope="row">${REPORT_KIND_NAMES[k]}</th><td>${num(totals[k])}</td></tr>`)}
</tbody>
</table>
</div>`
}

export function agencyReportsPage(page: Page, input: { body: PublicBodyDetail; reports: PublishedReport[] }): Html {
  const { body, reports } = input
  const main = html`<nav aria-label="${page.t.breadcrumbLabel}"><a href="/agencies">${page.t.agenciesTitle}</a> › <a href="/agencies/${enc(body.code)}">${body.name}</a></nav>
<h1>${body.name}${TITLE}</h1>
<p class="lead">行政执法机关于每年1月31日前公开本机关上一年度的行政执法总体情况有关数据。<a href="/annual-reports">全省（本平台）汇总</a></p>
${reports.length === 0 ? html`<p>暂无公开的统计年报。</p>` : html`<ul>
${reports.map((r) => html`<li><a href="${reportsHref(body.code)}/${String(r.year)}">${String(r.year)}年度</a>（${r.publishedOn}公开${r.version > 1 ? `，第${r.version}版` : ''}）</li>`)}
</ul>`}`
  return layout(page, { title: `${body.name}${TITLE}`, main, current: 'agencies' })
}

const onTime = (on: string | null, due: string | null, late: boolean | null) =>
  on ? `${on}${late ? `（逾期，期限为${due}）` : '（按期）'}` : '—'

export function agencyReportPage(page: Page, input: { body: PublicBodyDetail; year: number; versions: VersionRow[] }): Html {
  const { body, year } = input
  const published = input.versions.filter((v) => v.publishedOn)
  const current = published.at(-1)!
  const main = html`<nav aria-label="${page.t.breadcrumbLabel}"><a href="/agencies">${page.t.agenciesTitle}</a> › <a href="/agencies/${enc(body.code)}">${body.name}</a> › <a href="${reportsHref(body.code)}">${TITLE}</a></nav>
<h1>${body.name}${String(year)}年度${TITLE}</h1>
<p class="lead">第${String(current.version)}版，${current.publishedOn}公开。</p>
${totalsTable('totals', `${String(year)}年度行政执法数据`, current.totals)}
<section aria-labelledby="dates">
<h2 id="dates">报送和公开</h2>
<dl class="fields">
<dt>报送司法行政部门</dt><dd>${onTime(published[0]!.submittedOn, published[0]!.submitDue, published[0]!.submitLate)}</dd>
<dt>向社会公开</dt><dd>${onTime(published[0]!.publishedOn, published[0]!.publishDue, published[0]!.publishLate)}</dd>
</dl>
</section>
${published.length > 1 ? html`<section aria-labelledby="versions">
<h2 id="versions">更正记录</h2>
<p>公开后的数字不作修改；重新统计的，以新版本公开并说明更正原因。各版本均保留：</p>
${published.map((v) => html`<h3>第${String(v.version)}版（${v.publishedOn}公开）</h3>
${v.note ? html`<p>更正说明：${v.note}</p>` : ''}
${totalsTable(`v${String(v.version)}`, `第${String(v.version)}版`, v.totals)}`)}
</section>` : ''}
<section aria-labelledby="rule">
<h2 id="rule">统计口径</h2>
<p>${COUNTING_RULE}行政征收、行政征用和行政许可等类别没有案件的，计为0；行政收费仅列有此职权的机关。</p>
</section>`
  return layout(page, { title: `${body.name}${String(year)}年度${TITLE}`, main, current: 'agencies' })
}

export type RollUpRow = RolledNode & { depth: number; bodies: number; code: string }

export function deploymentReportPage(page: Page, input: { year: number; rows: RollUpRow[]; years: number[] }): Html {
  const { year, rows } = input
  const kinds = kindsOf(...rows.map((r) => r.totals))
  const main = html`<h1>${String(year)}年度${TITLE}汇总</h1>
<p class="lead">各行政区域的数字为其所辖执法机关已公开年报的合计（按组织机构逐级汇总）；尚未公开的机关不计入。</p>
${input.years.length > 1 ? html`<nav aria-label="年度"><ul class="nav">${input.years.map((y) => html`<li><a href="/annual-reports/${String(y)}"${y === year ? html` aria-current="page"` : ''}>${String(y)}年度</a></li>`)}</ul></nav>` : ''}
${rows.length === 0 ? html`<p>本年度暂无公开的统计年报。</p>` : html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="rollup">
<table>
<caption id="rollup">${String(year)}年度各行政区域和执法机关的行政执法数据</caption>
<thead><tr><th scope="col">行政区域 / 执法机关</th><th scope="col">已公开</th>${kinds.map((k) => html`<th scope="col">${REPORT_KIND_NAMES[k]}</th>`)}</tr></thead>
<tbody>
${rows.map((r) => html`<tr><th scope="row">${'　'.repeat(r.depth)}${r.kind === 'agency' ? html`<a href="${reportsHref(r.code)}/${String(year)}">${r.name}</a>` : r.name}</th><td>${r.kind === 'agency' ? '是' : `${r.agencies}/${r.bodies}`}</td>${kinds.map((k) => html`<td>${num(r.totals[k])}</td>`)}</tr>`)}
</tbody>
</table>
</div>`}`
  return layout(page, { title: `${String(year)}年度${TITLE}汇总`, main })
}
