// P-02 / P-03 / P-04: an agency's published 行政执法事项清单, one item with its 服务指南 and the
// link to the 执法流程图 of its kind, and an earlier approved version. Server-rendered, no
// JavaScript (a 示范文本 opens with <details>). Drafts and returned versions never appear here.
import type { PublicBodyDetail } from '../../domains/bodies/public.ts'
import type { PublicItem, PublicVersion } from '../../domains/items/schemas.ts'
import { ITEM_TYPES } from '../../domains/items/rules.ts'
import { html, type Html } from '../html.ts'
import { field, layout, type Page } from '../layout.ts'
import { procedureHref } from './procedures.ts'

const TITLE = '行政执法事项清单'
const enc = encodeURIComponent
export const itemsHref = (agencyCode: string) => `/agencies/${enc(agencyCode)}/items`
export const itemHref = (agencyCode: string, itemCode: string, version?: number) =>
  `${itemsHref(agencyCode)}/${enc(itemCode)}${version === undefined ? '' : `/versions/${version}`}`

const lawTitle = (law: string) => (/^《.*》$/.test(law.trim()) ? law.trim() : `《${law.trim()}》`)
const basisText = (v: Pick<PublicVersion, 'basis'>) => v.basis.map((b) => `${lawTitle(b.law)}${b.article}`)
const timeLimitText = (v: Pick<PublicVersion, 'timeLimit' | 'timeLimitUnit'>) => `${v.timeLimit}个${v.timeLimitUnit}`
const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10)

/** The agency page's link to its list (P-01 职责和权限). */
export function agencyItemsLink(agencyCode: string): Html {
  return html`<section aria-labelledby="items-link">
<h2 id="items-link">${TITLE}</h2>
<p>本机关的行政执法事项、执法依据、办理时限和服务指南：<a href="${itemsHref(agencyCode)}">查看${TITLE}</a></p>
</section>`
}

export function agencyItemsPage(page: Page, input: { body: PublicBodyDetail; items: PublicItem[] }): Html {
  const { body, items } = input
  const types = ITEM_TYPES.filter((t) => items.some((i) => i.current.type === t))
  const main = html`<nav aria-label="${page.t.breadcrumbLabel}"><a href="/agencies">${page.t.agenciesTitle}</a> › <a href="/agencies/${enc(body.code)}">${body.name}</a></nav>
<h1>${body.name}${TITLE}</h1>
<p class="lead">下列事项经本机关法制机构审核后公示；事项调整的，以新公示的版本为准。</p>
<p class="muted" role="status">${items.length ? `共${items.length}项` : '暂无公示的行政执法事项。'}</p>
${types.map((type, i) => html`<section aria-labelledby="type-${String(i)}">
<h2 id="type-${String(i)}">${type}</h2>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="type-${String(i)}">
<table>
<thead><tr><th scope="col">项目编码</th><th scope="col">事项名称</th><th scope="col">执法依据</th><th scope="col">承办机构</th><th scope="col">办理时限</th></tr></thead>
<tbody>
${items.filter((it) => it.current.type === type).map((it) => html`<tr><td style="white-space: nowrap">${it.code}</td><th scope="row"><a href="${itemHref(body.code, it.code)}">${it.current.name}</a></th><td>${basisText(it.current).join('；')}</td><td>${it.current.unitName}</td><td>${timeLimitText(it.current)}</td></tr>`)}
</tbody>
</table>
</div>
</section>`)}`
  return layout(page, { title: `${body.name}${TITLE}`, main, current: 'agencies' })
}

function guideSection(v: PublicVersion): Html {
  const g = v.guide
  if (!g) return html``
  return html`<section aria-labelledby="guide">
<h2 id="guide">服务指南</h2>
<dl class="fields">
${field('事项名称', v.name)}
${field('依据', basisText(v).join('；'))}
${field('受理机构', g.acceptingBody)}
${field('审批机构', g.approvingBody)}
${field('受理条件', g.conditions)}
</dl>
<h3 id="materials">申请材料</h3>
${g.materials.length ? html`<ol class="materials">
${g.materials.map((m) => html`<li>${m.name}${m.copies ? html`（${m.copies}）` : ''}
${m.sampleUrl ? html` <a href="${m.sampleUrl}" rel="noopener">示范文本</a>` : ''}
${m.sampleText ? html`<details><summary>示范文本</summary><pre class="sample" style="white-space: pre-wrap">${m.sampleText}</pre></details>` : ''}</li>`)}
</ol>` : html`<p>无需提交申请材料。</p>`}
<dl class="fields">
${field('办理流程', g.process)}
${field('办理时限', timeLimitText(v))}
${field('监督方式', g.supervision)}
${field('救济渠道', g.remedy)}
${field('办公时间', g.officeHours)}
${field('办公地址', g.address)}
${field('办公电话', g.phone)}
</dl>
</section>`
}

export function itemPage(page: Page, input: { body: PublicBodyDetail; item: PublicItem; kindNames: Map<string, string> }): Html {
  const { body, item, kindNames } = input
  const v = item.current
  const historical = !v.published
  const main = html`<nav aria-label="${page.t.breadcrumbLabel}"><a href="/agencies/${enc(body.code)}">${body.name}</a> › <a href="${itemsHref(body.code)}">${TITLE}</a></nav>
<h1>${v.name}</h1>
${historical ? html`<p class="notice" role="note">此为第${String(v.version)}版（${day(v.approvedAt)}审核通过），已被新版本取代。<a href="${itemHref(body.code, item.code)}">查看现行版本</a></p>` : ''}
${v.status === '已取消' ? html`<p class="notice" role="note">该事项已取消。</p>` : ''}
<section aria-labelledby="basic">
<h2 id="basic">事项信息</h2>
<dl class="fields">
${field('项目编码', item.code)}
${field('事项名称', v.name)}
${field('事项类型', v.type)}
${field('执法主体', v.bodyName)}
${field('承办机构', v.unitName)}
${field('执法依据', html`<ul class="plain">${basisText(v).map((b) => html`<li>${b}</li>`)}</ul>`)}
${field('办理时限', timeLimitText(v))}
${field('版本', `第${v.version}版，${day(v.approvedAt)}经法制机构审核通过`)}
${field('修订说明', v.note)}
</dl>
</section>
${item.caseKinds.length ? html`<section aria-labelledby="flow">
<h2 id="flow">执法流程图</h2>
<ul>${item.caseKinds.map((k) => html`<li><a href="${procedureHref(k)}">${kindNames.get(k) ?? k}流程图</a></li>`)}</ul>
</section>` : ''}
${guideSection(v)}
${item.earlier.length ? html`<section aria-labelledby="versions">
<h2 id="versions">${historical ? '其他公示版本' : '此前公示的版本'}</h2>
<ul>${item.earlier.map((e) => html`<li><a href="${itemHref(body.code, item.code, e.version)}">第${String(e.version)}版</a>（${day(e.approvedAt)}审核通过）</li>`)}</ul>
</section>` : ''}`
  return layout(page, { title: `${v.name} - ${body.name}`, main, current: 'agencies' })
}
