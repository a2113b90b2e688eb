// P-15: 办理进度查询 — the form and the result for one query code, without JavaScript.
import type { CaseProgress } from '../../domains/cases/progress.ts'
import { html, type Html } from '../html.ts'
import { field, layout, type Page } from '../layout.ts'

const zh = {
  title: '办理进度查询',
  intro: '凭受理通知书或执法文书上的查询码，查看事项的办理环节和法定期限。查询结果不含当事人和执法人员信息。',
  codeLabel: '查询码',
  codeHint: '13位字母和数字，如 7K3M-9QPAX-R2TC；可不输入短横线，不区分大小写。',
  submit: '查询',
  resultTitle: '办理进度',
  agency: '办理机关',
  kind: '事项类别',
  stage: '当前环节',
  stageNone: '已登记，尚未进入办理环节',
  decided: '是否已作出决定',
  decidedYes: (on: string) => `已作出决定（${on}）`,
  decidedNo: '尚未作出决定',
  closedYes: '已办结',
  archivedYes: '已办结并归档',
  steps: '已完成的办理环节',
  stepsEmpty: '暂无可公开的办理环节。',
  stepColumn: '环节',
  dateColumn: '日期',
  deadlines: '法定办理期限',
  deadlineDue: (on: string) => `届满日 ${on}`,
  deadlineUnconfirmed: '（节假日安排待国务院通知确认）',
  deadlinesEmpty: '当前没有进行中的机关办理期限。',
  notFound: '未找到该查询码对应的事项，请核对查询码。',
  another: '查询其他事项',
  privacy: '为保护当事人信息，本页面不显示当事人、执法人员、案情和证据。',
}
const en: typeof zh = {
  title: 'Check progress',
  intro: 'Enter the query code printed on the acceptance notice or the first enforcement document to see the stage reached and the legal time limit. No personal data is shown.',
  codeLabel: 'Query code',
  codeHint: '13 letters and digits, e.g. 7K3M-9QPAX-R2TC; hyphens and case do not matter.',
  submit: 'Check',
  resultTitle: 'Progress',
  agency: 'Handling agency',
  kind: 'Kind of matter',
  stage: 'Current stage',
  stageNone: 'Registered, not yet in a stage',
  decided: 'Decided',
  decidedYes: (on) => `Decided (${on})`,
  decidedNo: 'Not decided yet',
  closedYes: 'Closed',
  archivedYes: 'Closed and archived',
  steps: 'Stages reached',
  stepsEmpty: 'No public stage yet.',
  stepColumn: 'Stage',
  dateColumn: 'Date',
  deadlines: 'Legal time limits',
  deadlineDue: (on) => `due ${on}`,
  deadlineUnconfirmed: ' (holidays not yet confirmed by the State Council notice)',
  deadlinesEmpty: 'No time limit of the agency is running.',
  notFound: 'No matter has this query code; please check it.',
  another: 'Check another matter',
  privacy: 'To protect the people concerned, this page shows no party, officer, facts or evidence.',
}
export const progressMessages = (page: Page) => (page.lang === 'en' ? en : zh)

export type ProgressForm = { code?: string; error?: string }

/** The GET form that asks for a query code (a case's on /progress, a complaint's on /complaints/status). */
export function queryCodeForm(o: { action: string; id: string; title: string; label: string; hint: string; submit: string; code?: string; error?: string }): Html {
  const described = o.error ? `${o.id}-error ${o.id}-hint` : `${o.id}-hint`
  return html`<form class="search" method="get" action="${o.action}" role="search" aria-label="${o.title}">
<label for="${o.id}">${o.label}</label>
<p class="hint" id="${o.id}-hint">${o.hint}</p>
${o.error && html`<p class="error-text" id="${o.id}-error" role="alert">${o.error}</p>`}
<input type="text" id="${o.id}" name="code" value="${o.code ?? ''}" maxlength="40" autocomplete="off" autocapitalize="characters" spellcheck="false" required aria-describedby="${described}"${o.error ? html` aria-invalid="true"` : ''}>
<button type="submit">${o.submit}</button>
</form>`
}

function codeForm(page: Page, form: ProgressForm): Html {
  const m = progressMessages(page)
  return queryCodeForm({ action: '/progress', id: 'query-code', title: m.title, label: m.codeLabel, hint: m.codeHint, submit: m.submit, code: form.code, error: form.error })
}

export function progressFormPage(page: Page, form: ProgressForm): Html {
  const m = progressMessages(page)
  const main = html`<h1>${m.title}</h1>
<p class="lead">${m.intro}</p>
${codeForm(page, form)}`
  return layout(page, { title: m.title, main, current: 'progress' })
}

export function progressPage(page: Page, progress: CaseProgress): Html {
  const m = progressMessages(page)
  const status = progress.archived ? m.archivedYes : progress.closed ? m.closedYes : null
  const main = html`<h1>${m.resultTitle}</h1>
<p class="hint">${m.privacy}</p>
<section class="banner ${progress.closed ? 'banner-ok' : 'banner-info'}" aria-labelledby="stage-heading">
<h2 id="stage-heading">${m.stage}</h2>
<strong class="status-word" data-stage="${progress.stage ?? ''}">${progress.stage ?? m.stageNone}</strong>
${status && html`<p>${status}</p>`}
</section>
<dl class="fields">
${field(m.agency, progress.agencyName)}
${field(m.kind, progress.kindName)}
${field(m.decided, progress.decided ? m.decidedYes(progress.decidedOn!) : m.decidedNo)}
</dl>
<h2>${m.steps}</h2>
${progress.steps.length === 0
    ? html`<p>${m.stepsEmpty}</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="${m.steps}"><table>
<thead><tr><th scope="col">${m.stepColumn}</th><th scope="col">${m.dateColumn}</th></tr></thead>
<tbody>${progress.steps.map((s) => html`<tr><td>${s.stage}</td><td>${s.on}</td></tr>`)}</tbody>
</table></div>`}
<h2>${m.deadlines}</h2>
${progress.deadlines.length === 0
    ? html`<p>${m.deadlinesEmpty}</p>`
    : html`<ul class="deadlines">${progress.deadlines.map((d) => html`<li><strong>${d.name}</strong>：${m.deadlineDue(d.dueOn)}${d.confirmed ? '' : m.deadlineUnconfirmed}<span class="muted">（${d.statute}）</span></li>`)}</ul>`}
<h2>${m.another}</h2>
${codeForm(page, {})}`
  return layout(page, { title: m.resultTitle, main, current: 'progress' })
}

export function progressNotFoundPage(page: Page, code: string): Html {
  const m = progressMessages(page)
  const main = html`<h1>${m.title}</h1>
<div class="banner banner-bad" role="alert"><p>${m.notFound}</p></div>
${codeForm(page, { code })}`
  return layout(page, { title: m.title, main, current: 'progress' })
}
