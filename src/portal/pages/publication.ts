// P-09 / P-11 / P-12 / P-15: one published decision: its current masked version, every earlier
// version (corrections with their notes, a withdrawal with its reason) and the log leaf of each.
import type { PublicPublication, PublicVersion } from '../../domains/disclosure/public.ts'
import { html, type Html } from '../html.ts'
import { field, layout, type Page } from '../layout.ts'

const STATUS: Record<PublicVersion['status'], string> = { published: '公开', corrected: '更正', withdrawn: '已撤回' }

function paragraphs(text: string): Html {
  return html`${text.split('\n').filter((l) => l.trim()).map((l) => html`<p>${l}</p>`)}`
}

function leafLink(v: PublicVersion): Html {
  return v.leafIndex === null
    ? html`<span class="muted">待记入防篡改日志</span>`
    : html`<a href="/api/ledger/proof/inclusion?index=${v.leafIndex}">防篡改日志第 ${v.leafIndex} 条（包含证明）</a>`
}

export function publicationPage(page: Page, pub: PublicPublication): Html {
  const { current } = pub
  const state = pub.withdrawn ? '已撤回' : pub.ended ? '公示期已届满' : '公示中'
  const main = html`<h1>${current.title}</h1>
<p class="status status-${pub.withdrawn || pub.ended ? 'inactive' : 'valid'}">${state}${pub.priority ? html` · 重点领域` : ''}</p>
${pub.withdrawn ? html`<section aria-labelledby="withdrawal"><h2 id="withdrawal">已撤回</h2>
<dl class="fields">${field('撤回事由', current.withdrawTrigger)}${field('撤回理由', current.reason)}${field('撤回日期', current.createdOn)}</dl></section>` : ''}
${pub.ended && !pub.withdrawn ? html`<p>公示期已于 ${current.periodEndsOn} 届满，停止公示。</p>` : ''}
${!pub.withdrawn ? html`<section aria-labelledby="content"><h2 id="content">公示内容</h2>
<dl class="fields">
${Object.entries(current.fields).map(([k, v]) => field(k, v))}
${field('公示编号', pub.publicId)}
${field('公示日期', pub.history[0]!.createdOn)}
${field('公示截止', current.periodEndsOn)}
</dl>
${paragraphs(current.body)}
${current.status === 'corrected' ? html`<p class="note">更正说明：${current.note}</p>` : ''}
</section>` : ''}
<section aria-labelledby="history">
<h2 id="history">版本记录</h2>
<ol class="history">
${pub.history.map(
  (v) => html`<li><strong>第 ${v.version} 版 · ${STATUS[v.status]} · ${v.createdOn}</strong>
${v.status === 'corrected' ? html`<br>更正说明：${v.note}` : ''}${v.status === 'withdrawn' ? html`<br>撤回理由：${v.reason}` : ''}
<br>${leafLink(v)}</li>`,
)}
</ol>
</section>`
  return layout(page, { title: current.title, main })
}
