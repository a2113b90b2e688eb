// L-02 / s004 §(三)2: the published 重大执法决定法制审核目录清单: the national default and each
// agency's own rules in force today, server-rendered, readable without JavaScript.
import type { Queryable } from '../../platform/db/pool.ts'
import { agenciesWithOwnRules, describeCondition, publishedCatalogue, type CatalogueEntry } from '../../domains/review/catalogue.ts'
import { html, type Html } from '../html.ts'
import { layout, type Page } from '../layout.ts'

export type AgencyCatalogue = { id: string; name: string; rules: CatalogueEntry[] }

const ruleTable = (rules: CatalogueEntry[]) => html`<table>
<thead><tr><th scope="col">编号</th><th scope="col">事项</th><th scope="col">条件</th><th scope="col">依据</th><th scope="col">施行</th></tr></thead>
<tbody>
${rules.map(
  (r) => html`<tr><td>${r.code}</td><td>${r.title}</td><td>${describeCondition(r.condition)}</td><td>${r.source}</td>
<td>${r.effectiveFrom}${r.effectiveTo ? html` 至 ${r.effectiveTo}` : ''}（第${String(r.version)}版）</td></tr>`,
)}
</tbody>
</table>`

export function reviewCataloguePage(page: Page, input: { national: CatalogueEntry[]; agencies: AgencyCatalogue[] }): Html {
  const title = '重大执法决定法制审核目录清单'
  const main = html`<h1>${title}</h1>
<p class="lead">下列行政执法决定作出前须经法制审核；未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）。承办机构也可以将其他案件送交法制审核。</p>
<section aria-labelledby="national">
<h2 id="national">全国默认目录</h2>
${ruleTable(input.national)}
</section>
${input.agencies.map(
  (a) => html`<section aria-labelledby="agency-${a.id}">
<h2 id="agency-${a.id}">${a.name}增加的事项</h2>
${ruleTable(a.rules)}
</section>`,
)}`
  return layout(page, { title, main, current: 'review-catalogue' })
}

export async function loadReviewCatalogue(q: Queryable): Promise<{ national: CatalogueEntry[]; agencies: AgencyCatalogue[] }> {
  const national = await publishedCatalogue(q)
  const agencies: AgencyCatalogue[] = []
  for (const a of await agenciesWithOwnRules(q)) agencies.push({ ...a, rules: (await publishedCatalogue(q, a.id)).filter((r) => r.agencyId === a.id) })
  return { national, agencies }
}
