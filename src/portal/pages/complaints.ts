// S-04 / P-15: the portal's 投诉举报 form, its receipt, and the status page, without JavaScript.
import type { ComplaintProblem, ComplaintDraft } from '../../domains/complaints/rules.ts'
import { COMPLAINT_KINDS, CONTENT_MAX, CONTENT_MIN } from '../../domains/complaints/rules.ts'
import type { ComplaintActionType, PublicComplaintStatus } from '../../domains/complaints/store.ts'
import { formatQueryCode } from '../../domains/cases/progress-code.ts'
import { html, type Html } from '../html.ts'
import { field, layout, type Page } from '../layout.ts'
import { queryCodeForm } from './progress.ts'

const zh = {
  title: '投诉举报',
  intro: '对行政执法机关及其执法人员的执法行为，可以在此投诉、举报或提出意见建议。提交后您会得到受理编号和查询码，可凭查询码查看办理状态。',
  privacy: '您的姓名和联系方式只提供给负责办理的司法行政机关监督人员，不会公开。',
  problems: '提交未成功，请修改以下内容：',
  agency: '被投诉的执法机关',
  agencyChoose: '请选择',
  kind: '事项类型',
  kinds: { 投诉: '投诉（与本人权益有关，须实名）', 举报: '举报（可匿名）', 意见建议: '意见建议（可匿名）' } as Record<string, string>,
  certNo: '执法人员执法证号（选填）',
  certNoHint: '如知道执法人员的执法证号，请填写。',
  caseRef: '相关案件的查询码或案号（选填）',
  content: '内容',
  contentHint: `请写明时间、地点、经过和您的诉求，${CONTENT_MIN}至${CONTENT_MAX}字。`,
  contact: '联系方式',
  anonymous: '匿名提交（不留姓名和联系方式；仅举报和意见建议可匿名）',
  name: '姓名',
  phone: '联系电话',
  phoneHint: '11位手机号码，或带区号的固定电话，如 0871-6123456。',
  email: '电子邮箱（选填）',
  honeypot: '此项请勿填写',
  submit: '提交',
  receiptTitle: '已收到您的投诉举报',
  receiptNo: '受理编号',
  queryCode: '查询码',
  receiptKeep: '请记下受理编号和查询码。查询码是查看办理状态的唯一凭证，请勿告诉他人。',
  receiptStatus: '查看办理状态',
  statusTitle: '投诉举报办理状态查询',
  statusIntro: '输入提交投诉举报时得到的查询码。',
  statusSubmit: '查询',
  statusResult: '办理状态',
  status: '当前状态',
  receivedOn: '收到日期',
  kindLabel: '事项类型',
  steps: '办理记录',
  stepColumn: '事项',
  dateColumn: '日期',
  statusNotFound: '未找到该查询码对应的投诉举报，请核对查询码。',
  statusPrivacy: '本页面只显示办理状态和日期。',
  newComplaint: '提交新的投诉举报',
  statusLabels: { 收到: '已收到', 转办: '已转交执法机关办理', 受理: '已受理', 不予受理: '不予受理', 办结: '已办结' } as Record<ComplaintActionType, string>,
}
const en: typeof zh = {
  ...zh,
  title: 'Complaints and reports',
  intro: 'Complain about, report or comment on the enforcement of an agency or its officers. You receive a receipt number and a query code to follow the status.',
  privacy: 'Your name and contact details go only to the justice-bureau supervisor handling the matter; they are never published.',
  problems: 'Not submitted; please correct the following:',
  agency: 'Agency concerned',
  agencyChoose: 'Choose',
  kind: 'Kind',
  kinds: { 投诉: 'Complaint (about your own rights; name required)', 举报: 'Report (may be anonymous)', 意见建议: 'Suggestion (may be anonymous)' },
  certNo: "Officer's certificate number (optional)",
  certNoHint: 'If you know it.',
  caseRef: 'Query code or number of the case (optional)',
  content: 'What happened',
  contentHint: `Time, place, what happened and what you ask for, ${CONTENT_MIN} to ${CONTENT_MAX} characters.`,
  contact: 'Contact',
  anonymous: 'Submit anonymously (reports and suggestions only)',
  name: 'Name',
  phone: 'Phone',
  phoneHint: 'An 11-digit mobile number, or a landline with its area code, e.g. 0871-6123456.',
  email: 'E-mail (optional)',
  honeypot: 'Leave this empty',
  submit: 'Submit',
  receiptTitle: 'Received',
  receiptNo: 'Receipt number',
  queryCode: 'Query code',
  receiptKeep: 'Keep the receipt number and the query code. The query code is the only key to the status; do not share it.',
  receiptStatus: 'Check the status',
  statusTitle: 'Status of a complaint or report',
  statusIntro: 'Enter the query code you received.',
  statusSubmit: 'Check',
  statusResult: 'Status',
  status: 'Status',
  receivedOn: 'Received on',
  kindLabel: 'Kind',
  steps: 'Steps',
  stepColumn: 'Step',
  dateColumn: 'Date',
  statusNotFound: 'No complaint has this query code; please check it.',
  statusPrivacy: 'This page shows the status and dates only.',
  newComplaint: 'Submit another',
  statusLabels: { 收到: 'Received (已收到)', 转办: 'Forwarded to the agency (已转办)', 受理: 'Accepted (已受理)', 不予受理: 'Not accepted (不予受理)', 办结: 'Concluded (已办结)' },
}
const messages = (page: Page) => (page.lang === 'en' ? en : zh)

export type ComplaintFormValues = Partial<Record<keyof ComplaintDraft, string>> & { anonymous?: string }

const ERROR_ID = (name: string) => `${name}-error`

export function complaintFormPage(
  page: Page,
  input: { agencies: { id: string; name: string }[]; token: string; values?: ComplaintFormValues; problems?: ComplaintProblem[]; error?: string },
): Html {
  const m = messages(page)
  const v = input.values ?? {}
  const problems = input.problems ?? []
  const problemOf = (name: keyof ComplaintDraft) => problems.find((p) => p.field === name)?.message
  const described = (name: keyof ComplaintDraft, hint?: string) => {
    const ids = [problemOf(name) ? ERROR_ID(name) : null, hint ?? null].filter(Boolean).join(' ')
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${problemOf(name) ? html` aria-invalid="true"` : ''}`
  }
  const errorText = (name: keyof ComplaintDraft) => {
    const message = problemOf(name)
    return message ? html`<p class="error-text" id="${ERROR_ID(name)}">${message}</p>` : ''
  }
  const fieldId = (name: keyof ComplaintDraft) => (name === 'kind' ? 'kind-投诉' : name === 'anonymous' ? 'anonymous' : `c-${name}`)
  const summary = input.error || problems.length
    ? html`<div class="banner banner-bad" role="alert" id="problems"><p><strong>${m.problems}</strong></p><ul>
${input.error && html`<li>${input.error}</li>`}
${problems.map((p) => html`<li><a href="#${fieldId(p.field)}">${p.message}</a></li>`)}
</ul></div>`
    : ''
  const main = html`<h1>${m.title}</h1>
<p class="lead">${m.intro}</p>
${summary}
<form class="complaint-form" method="post" action="/complaints" novalidate>
<input type="hidden" name="formToken" value="${input.token}">
<div class="form-row">
<label for="c-agencyId">${m.agency}</label>
${errorText('agencyId')}
<select id="c-agencyId" name="agencyId" required${described('agencyId')}>
<option value="">${m.agencyChoose}</option>
${input.agencies.map((a) => html`<option value="${a.id}"${a.id === v.agencyId ? html` selected` : ''}>${a.name}</option>`)}
</select>
</div>
<fieldset${problemOf('kind') ? html` aria-describedby="${ERROR_ID('kind')}"` : ''}>
<legend>${m.kind}</legend>
${errorText('kind')}
${COMPLAINT_KINDS.map((k) => html`<div class="choice"><input type="radio" id="kind-${k}" name="kind" value="${k}"${(v.kind ?? '投诉') === k ? html` checked` : ''}><label for="kind-${k}">${m.kinds[k]}</label></div>`)}
</fieldset>
<div class="form-row">
<label for="c-content">${m.content}</label>
<p class="hint" id="content-hint">${m.contentHint}</p>
${errorText('content')}
<textarea id="c-content" name="content" rows="8" maxlength="${CONTENT_MAX}" required${described('content', 'content-hint')}>${v.content ?? ''}</textarea>
</div>
<div class="form-row">
<label for="c-certNo">${m.certNo}</label>
<p class="hint" id="certNo-hint">${m.certNoHint}</p>
${errorText('certNo')}
<input type="text" id="c-certNo" name="certNo" value="${v.certNo ?? ''}" maxlength="30" autocomplete="off" spellcheck="false"${described('certNo', 'certNo-hint')}>
</div>
<div class="form-row">
<label for="c-caseRef">${m.caseRef}</label>
${errorText('caseRef')}
<input type="text" id="c-caseRef" name="caseRef" value="${v.caseRef ?? ''}" maxlength="40" autocomplete="off" spellcheck="false"${described('caseRef')}>
</div>
<fieldset>
<legend>${m.contact}</legend>
<p class="hint">${m.privacy}</p>
${errorText('anonymous')}
<div class="choice"><input type="checkbox" id="anonymous" name="anonymous" value="1"${v.anonymous ? html` checked` : ''}${described('anonymous')}><label for="anonymous">${m.anonymous}</label></div>
<div class="form-row">
<label for="c-name">${m.name}</label>
${errorText('name')}
<input type="text" id="c-name" name="name" value="${v.name ?? ''}" maxlength="50" autocomplete="name"${described('name')}>
</div>
<div class="form-row">
<label for="c-phone">${m.phone}</label>
<p class="hint" id="phone-hint">${m.phoneHint}</p>
${errorText('phone')}
<input type="tel" id="c-phone" name="phone" value="${v.phone ?? ''}" maxlength="30" autocomplete="tel"${described('phone', 'phone-hint')}>
</div>
<div class="form-row">
<label for="c-email">${m.email}</label>
${errorText('email')}
<input type="email" id="c-email" name="email" value="${v.email ?? ''}" maxlength="100" autocomplete="email"${described('email')}>
</div>
</fieldset>
<div class="hp" aria-hidden="true"><label for="c-website">${m.honeypot}</label><input type="text" id="c-website" name="website" value="" tabindex="-1" autocomplete="off"></div>
<button type="submit">${m.submit}</button>
</form>
<p><a href="/complaints/status">${m.statusTitle}</a></p>`
  return layout(page, { title: m.title, main, current: 'complaints' })
}

export function complaintReceiptPage(page: Page, receipt: { receiptNo: string; queryCode: string }): Html {
  const m = messages(page)
  const main = html`<h1>${m.receiptTitle}</h1>
<section class="banner banner-ok" aria-labelledby="receipt-heading">
<h2 id="receipt-heading">${m.receiptNo}</h2>
<strong class="status-word" data-receipt="${receipt.receiptNo}">${receipt.receiptNo}</strong>
<p>${m.queryCode}：<strong class="code" data-query-code="${receipt.queryCode}">${formatQueryCode(receipt.queryCode)}</strong></p>
</section>
<p>${m.receiptKeep}</p>
<p><a href="/complaints/status?code=${receipt.queryCode}">${m.receiptStatus}</a></p>`
  return layout(page, { title: m.receiptTitle, main, current: 'complaints' })
}

function statusForm(page: Page, input: { code?: string; error?: string }): Html {
  const m = messages(page)
  return queryCodeForm({ action: '/complaints/status', id: 'status-code', title: m.statusTitle, label: m.queryCode, hint: m.statusIntro, submit: m.statusSubmit, code: input.code, error: input.error })
}

export function complaintStatusFormPage(page: Page, input: { code?: string; error?: string; notFound?: boolean }): Html {
  const m = messages(page)
  const main = html`<h1>${m.statusTitle}</h1>
${input.notFound && html`<div class="banner banner-bad" role="alert"><p>${m.statusNotFound}</p></div>`}
${statusForm(page, input)}
<p><a href="/complaints/new">${m.newComplaint}</a></p>`
  return layout(page, { title: m.statusTitle, main, current: 'complaints' })
}

export function complaintStatusPage(page: Page, status: PublicComplaintStatus): Html {
  const m = messages(page)
  const closed = status.status === '办结' || status.status === '不予受理'
  const main = html`<h1>${m.statusResult}</h1>
<p class="hint">${m.statusPrivacy}</p>
<section class="banner ${closed ? 'banner-ok' : 'banner-info'}" aria-labelledby="status-heading">
<h2 id="status-heading">${m.status}</h2>
<strong class="status-word" data-status="${status.status}">${m.statusLabels[status.status]}</strong>
</section>
<dl class="fields">
${field(m.receiptNo, status.receiptNo)}
${field(m.kindLabel, status.kind)}
${field(m.receivedOn, status.receivedOn)}
</dl>
<h2>${m.steps}</h2>
<div class="table-scroll" tabindex="0" role="region" aria-label="${m.steps}"><table>
<thead><tr><th scope="col">${m.stepColumn}</th><th scope="col">${m.dateColumn}</th></tr></thead>
<tbody>${status.steps.map((s) => html`<tr><td>${m.statusLabels[s.type]}</td><td>${s.on}</td></tr>`)}</tbody>
</table></div>
<p><a href="/complaints/status">${m.statusTitle}</a></p>`
  return layout(page, { title: m.statusResult, main, current: 'complaints' })
}
