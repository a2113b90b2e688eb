// P-01 / I-01: the agency page's 救济渠道, 监督方式 and 随机抽查事项清单 (as last published), and
// P-07: the 岗位信息公示牌 of a service window, printable (board.css) and as an A4 PDF.
import type { AgencyNotice } from '../../domains/notices/store.ts'
import { BOARD_LINKS, boardPath, type PublicWindow } from '../../domains/notices/public.ts'
import { ratioText } from '../../domains/notices/rules.ts'
import { html, type Html } from '../html.ts'
import { field, layout, type Page } from '../layout.ts'
import type { Lang } from '../messages.ts'

export const BOARD_STYLESHEET = '/portal/assets/board.css'

const zh = {
  remedies: '救济渠道',
  reconsideration: '申请行政复议',
  litigation: '提起行政诉讼',
  body: '行政复议机关',
  court: '管辖法院',
  address: '地址',
  phone: '电话',
  periodBasis: '期限依据',
  supervision: '监督方式',
  office: '受理机构',
  postcode: '邮政编码',
  email: '电子邮箱',
  procedure: '办理程序',
  inspections: '随机抽查事项清单',
  inspectionsCaption: (n: number) => `随机抽查事项（共 ${n} 项）`,
  noInspections: '本机关未公示随机抽查事项。',
  item: '抽查事项',
  basis: '抽查依据',
  inspector: '抽查主体',
  targets: '抽查对象',
  content: '抽查内容',
  method: '抽查方式',
  ratio: '抽查比例',
  frequency: '抽查频次',
  version: (v: number, on: string) => `第 ${v} 版，公示于 ${on}`,
  windows: '岗位信息公示牌',
  noWindows: '本机关未设服务窗口公示牌。',
  boardTitle: (name: string) => `${name} · 岗位信息公示牌`,
  location: '窗口位置',
  hours: '办公时间',
  windowDuties: '窗口职责',
  staff: '工作人员',
  post: '岗位',
  duties: '岗位职责',
  photoAlt: (name: string) => `${name}的照片`,
  items: '服务事项',
  samples: '申请材料示范文本',
  progress: '办理进度查询',
  progressLink: '查询办理进度',
  consult: '咨询电话',
  complaints: '投诉举报',
  complaintsLink: '在线投诉举报',
  print: '打印本公示牌：使用浏览器的打印功能，或下载 A4 版 PDF。',
  pdf: '下载 PDF（A4）',
  qrAlt: '本公示牌网页的二维码',
}
type Words = typeof zh
const en: Words = {
  remedies: 'Legal remedies',
  reconsideration: 'Administrative reconsideration',
  litigation: 'Administrative lawsuit',
  body: 'Reconsideration body',
  court: 'Court',
  address: 'Address',
  phone: 'Phone',
  periodBasis: 'Law setting the period',
  supervision: 'Supervision',
  office: 'Office',
  postcode: 'Postcode',
  email: 'E-mail',
  procedure: 'Procedure',
  inspections: 'Random inspection list',
  inspectionsCaption: (n) => `Random inspections (${n})`,
  noInspections: 'This agency has published no random inspections.',
  item: 'Inspection',
  basis: 'Legal basis',
  inspector: 'Inspecting body',
  targets: 'Targets',
  content: 'Content',
  method: 'Method',
  ratio: 'Ratio',
  frequency: 'Frequency',
  version: (v, on) => `Version ${v}, published ${on}`,
  windows: 'Service window notice boards',
  noWindows: 'This agency has no service window boards.',
  boardTitle: (name) => `${name} · Service window notice board`,
  location: 'Location',
  hours: 'Opening hours',
  windowDuties: 'Duties of the window',
  staff: 'Staff',
  post: 'Post',
  duties: 'Duties',
  photoAlt: (name) => `Photo of ${name}`,
  items: 'Services',
  samples: 'Sample application documents',
  progress: 'Progress of an application',
  progressLink: 'Check progress',
  consult: 'Enquiries',
  complaints: 'Complaints and reports',
  complaintsLink: 'File a complaint online',
  print: 'To print this board use the browser’s print function, or download the A4 PDF.',
  pdf: 'Download PDF (A4)',
  qrAlt: 'QR code of this board’s web page',
}
const WORDS: Record<Lang, Words> = { 'zh-CN': zh, en }
const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10)

/** P-01: the sections the agency page adds for the published notice and the windows. */
export function agencyNoticeSections(page: Page, input: { agencyCode: string; notice: AgencyNotice | undefined; windows: PublicWindow[] }): { notice: Html | null; windows: Html } {
  const w = WORDS[page.lang]
  const n = input.notice
  const notice = n
    ? html`<section aria-labelledby="notice-remedies">
<h2 id="notice-remedies">${w.remedies}</h2>
${n.remedyText.map((p) => html`<p>${p}</p>`)}
<h3>${w.reconsideration}</h3>
<dl class="fields">
${field(w.body, n.reconsiderationBody)}
${field(w.address, n.reconsiderationAddress)}
${field(w.phone, n.reconsiderationPhone)}
</dl>
<h3>${w.litigation}</h3>
<dl class="fields">
${field(w.court, n.court)}
${field(w.address, n.courtAddress)}
${field(w.periodBasis, n.periodBasis)}
</dl>
</section>
<section aria-labelledby="notice-supervision">
<h2 id="notice-supervision">${w.supervision}</h2>
<dl class="fields">
${field(w.office, n.supervisionOffice)}
${field(w.address, n.supervisionAddress)}
${field(w.postcode, n.supervisionPostcode)}
${field(w.phone, n.supervisionPhone)}
${field(w.email, html`<a href="mailto:${n.supervisionEmail}">${n.supervisionEmail}</a>`)}
${field(w.procedure, n.supervisionProcedure)}
</dl>
</section>
<section aria-labelledby="notice-inspections">
<h2 id="notice-inspections">${w.inspections}</h2>
${
  n.inspectionItems.length
    ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="inspections-caption">
<table>
<caption id="inspections-caption">${w.inspectionsCaption(n.inspectionItems.length)}</caption>
<thead><tr><th scope="col">${w.item}</th><th scope="col">${w.basis}</th><th scope="col">${w.inspector}</th><th scope="col">${w.targets}</th><th scope="col">${w.content}</th><th scope="col">${w.method}</th><th scope="col">${w.ratio}</th><th scope="col">${w.frequency}</th></tr></thead>
<tbody>
${n.inspectionItems.map((i) => html`<tr><th scope="row">${i.name}</th><td>${i.basis}</td><td>${i.inspector}</td><td>${i.targets}</td><td>${i.content}</td><td>${i.method}</td><td>${ratioText(i.ratio)}</td><td>${i.frequencyText}</td></tr>`)}
</tbody>
</table>
</div>`
    : html`<p>${w.noInspections}</p>`
}
<p class="muted">${w.version(n.version, n.publishedAt ? day(n.publishedAt) : '')}</p>
</section>`
    : null
  const windows = html`<section aria-labelledby="notice-windows">
<h2 id="notice-windows">${w.windows}</h2>
${
  input.windows.length
    ? html`<ul class="cards two">${input.windows.map(
        (win) => html`<li class="card"><h3><a href="${boardPath(input.agencyCode, win.id)}">${win.name}</a></h3><p class="tags">${win.location}</p></li>`,
      )}</ul>`
    : html`<p>${w.noWindows}</p>`
}
</section>`
  return { notice, windows }
}

/** P-07: one 岗位信息公示牌: readable without JavaScript, printable on one sheet. */
export function windowPage(page: Page, input: { agency: { code: string; name: string }; window: PublicWindow; qrSvg: string }): Html {
  const w = WORDS[page.lang]
  const { agency, window: win } = input
  const path = boardPath(agency.code, win.id)
  const main = html`<link rel="stylesheet" href="${BOARD_STYLESHEET}">
<nav aria-label="${page.t.breadcrumbLabel}" class="board-crumbs"><a href="/agencies">${page.t.agenciesTitle}</a> › <a href="/agencies/${encodeURIComponent(agency.code)}">${agency.name}</a></nav>
<article class="board" aria-labelledby="board-title">
<header class="board-head">
<figure class="board-qr">
<img src="${`data:image/svg+xml;base64,${Buffer.from(input.qrSvg).toString('base64')}`}" alt="${w.qrAlt}" width="128" height="128">
<figcaption>${path}</figcaption>
</figure>
<p class="board-kind">${w.windows}</p>
<h1 id="board-title">${agency.name} · ${win.name}</h1>
<dl class="fields">
${field(w.location, win.location)}
${field(w.hours, win.hours)}
${field(w.windowDuties, win.duties)}
</dl>
</header>
<section aria-labelledby="board-staff">
<h2 id="board-staff">${w.staff}</h2>
<ul class="board-staff">
${win.staff.map(
  (s) => html`<li class="board-person">
${s.photo ? html`<img src="${s.photo}" alt="${w.photoAlt(s.name)}" width="96" height="128">` : html`<span class="board-nophoto" aria-hidden="true"></span>`}
<div><p class="board-name">${s.name}</p>
<dl class="fields">${field(w.post, s.post)}${field(w.duties, s.duties)}</dl></div>
</li>`,
)}
</ul>
</section>
<section aria-labelledby="board-items">
<h2 id="board-items">${w.items}</h2>
<ol>${win.items.map((i) => html`<li>${i.itemCode ? html`<a href="/agencies/${encodeURIComponent(agency.code)}/items/${encodeURIComponent(i.itemCode)}">${i.name}</a>` : i.name}</li>`)}</ol>
</section>
${
  win.samples.length
    ? html`<section aria-labelledby="board-samples">
<h2 id="board-samples">${w.samples}</h2>
<ul>${win.samples.map((s) => html`<li><a href="${s.url}">${s.title}</a></li>`)}</ul>
</section>`
    : ''
}
<section aria-labelledby="board-contact">
<h2 id="board-contact">${w.progress} · ${w.consult} · ${w.complaints}</h2>
<dl class="fields">
${field(w.progress, html`<a href="${BOARD_LINKS.progress}">${w.progressLink}</a>`)}
${field(w.consult, html`<a href="tel:${win.consultPhone}">${win.consultPhone}</a>`)}
${field(w.complaints, html`<a href="${BOARD_LINKS.complaints}">${w.complaintsLink}</a>`)}
</dl>
</section>
</article>
<p class="board-print">${w.print} <a href="${path}/board.pdf">${w.pdf}</a></p>`
  return layout(page, { title: w.boardTitle(win.name), main, current: 'agencies' })
}
