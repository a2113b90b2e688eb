// done-means tests through the HTTP API: a 许可 and a 强制-措施 walk from
// the first action to 归档, with their statutory deadlines on the working-day calendar (dates
// around 国庆 2025: 10-01…10-08 off, 09-28 and 10-11 worked), and at each step the document
// of that step generated and read back as poppler's pdftotext sees it (P-06).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb, makeOrg, makeUser, loginAs, uid, type OrgRow, type Session } from '../../../test/support.ts'
import { insertCertificate, insertPerson } from '../people/test-world.ts'
import { todayInChina } from '../../platform/clock.ts'
import { setDocumentNumberPrefix } from './documents/numbers.ts'
import { findTemplate } from './documents/templates.ts'
import { dataUrl, signaturePng } from './documents/test-png.ts'
import { passReview } from '../review/gate.test-world.ts'
import { recordAv } from '../av/test-world.ts'

const run = promisify(execFile)
const db = testDb()
const PARTY = '某某食品有限公司'
let app: FastifyInstance
let agency: OrgRow
let officer: Session
let headUserId: string
let officers: string[]
let prefix: string
let workDir: string
/** every 文号 this file issued, per 文号 series (document_number_kind), in order of issue */
const issued = new Map<string, string[]>()

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'county' })
  agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county', name: `楚雄市市场监督管理局${uid('')}` })
  prefix = '楚' + Array.from(crypto.randomBytes(4), (b) => '甲乙丙丁戊己庚辛壬癸'[b % 10]).join('')
  await db.tx((tx) => setDocumentNumberPrefix(tx, { agencyId: agency.id, prefix }))
  const head = await makeUser(db, { org: agency, roles: ['officer', 'head'] })
  headUserId = head.id
  officer = await loginAs(app, head.username)
  officers = [await insertPerson(db, agency.id), await insertPerson(db, agency.id)]
  for (const id of officers) await insertCertificate(db, id, { validFrom: '2024-01-01', validTo: '2028-12-31' })
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhifa-walks-'))
})
after(async () => {
  await app.close()
  await fs.rm(workDir, { recursive: true, force: true })
})

async function newCase(kind: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: officer.headers,
    payload: { kind, partyKind: 'organisation', partyName: PARTY, summary: '测试案件' },
  })
  assert.equal(res.statusCode, 201, res.body)
  return (res.json() as { id: string }).id
}

const act = (caseId: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: officer.headers, payload })

async function ok(caseId: string, payload: Record<string, unknown>) {
  const res = await act(caseId, payload)
  assert.equal(res.statusCode, 201, `${payload.type}: ${res.body}`)
  // the walk records the act's recording or absence reason before it goes on
  await recordAv(app, officer.headers, caseId, res.json().id)
  return res.json() as { id: string }
}

type Doc = { id: string; kind: string; number: string | null; version: number; pdfSha256: string }

async function post<T>(url: string, payload: Record<string, unknown>): Promise<T> {
  const res = await app.inject({ method: 'POST', url, headers: officer.headers, payload })
  assert.equal(res.statusCode, 201, `${url}: ${res.body}`)
  return res.json() as T
}

/** D-04: POST /api/cases/:id/documents; remembers the 文号 for the consecutive check. */
async function generate(caseId: string, kind: string, fields: Record<string, unknown>): Promise<Doc> {
  const doc = await post<Doc>(`/api/cases/${caseId}/documents`, { kind, fields })
  const series = findTemplate(kind)?.numberKind
  if (doc.number && series) issued.set(series, [...(issued.get(series) ?? []), doc.number])
  return doc
}

/** 处罚法61 / 民诉法87: 直接送达 with the recipient's signature; the API records the 送达 and makes the 送达回证. */
async function serve(caseId: string, actedOn: string, documents: Doc[]): Promise<{ servedOn: string; receipt: Doc }> {
  return post(`/api/cases/${caseId}/service`, {
    actedOn, method: '直接送达', documentIds: documents.map((d) => d.id), recipient: '张明', servicePlace: '当事人经营场所',
    signature: dataUrl(signaturePng()), officers,
  })
}

/** The text without its layout: no white space, and no page numbers (—1—) where a page breaks a sentence. */
const squeeze = (s: string) => s.replace(/\s+/g, '').replace(/—\d+—/g, '')

/**
 * R-05 / P-06: reads the stored PDF back with pdftotext and checks that it names the party and
 * the agency, carries its title, its 文号 (when its kind has one) and every section of its
 * template, states 执法事由, 执法依据 and 权利义务 when it is served, and holds `extra`.
 */
async function checkDocument(doc: Doc, extra: string[] = []): Promise<string> {
  const template = findTemplate(doc.kind)!
  const res = await app.inject({ method: 'GET', url: `/api/documents/${doc.id}/pdf`, headers: officer.headers })
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(crypto.createHash('sha256').update(res.rawPayload).digest('hex'), doc.pdfSha256, `${template.name}: stored hash`)
  const file = path.join(workDir, `${doc.id}.pdf`)
  await fs.writeFile(file, res.rawPayload)
  const text = squeeze((await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout)
  for (const part of [PARTY, agency.name, template.name]) assert.ok(text.includes(part), `${template.name}: ${part} missing in ${text}`)
  for (const section of template.sections) assert.ok(text.includes(section.heading), `${template.name}: section ${section.heading} missing`)
  if (template.served) {
    for (const element of ['执法事由', '执法依据', '权利义务'] as const) {
      assert.ok(template.sections.some((s) => s.covers?.includes(element) && text.includes(s.heading)), `${template.name}: P-06 ${element}`)
    }
  }
  if (template.numberKind) {
    assert.match(doc.number ?? '', new RegExp(`^${prefix}\\S{1,4}〔${todayInChina().slice(0, 4)}〕\\d+号$`))
    assert.ok(text.includes(doc.number!), `${template.name}: 文号 missing`)
  } else {
    assert.equal(doc.number, null, `${template.name} carries no 文号`)
  }
  for (const value of extra) assert.ok(text.includes(squeeze(value)), `${template.name}: ${value} missing in ${text}`)
  return text
}

type Deadline = { ruleId: string; label: string; statute: string; due: string; status: string; confirmed: boolean; basis: string; metOn: string | null; extended: number }

async function deadlines(caseId: string): Promise<Deadline[]> {
  const res = await app.inject({ method: 'GET', url: `/api/cases/${caseId}/deadlines`, headers: officer.headers })
  assert.equal(res.statusCode, 200, res.body)
  return res.json().items
}
const deadline = async (caseId: string, ruleId: string) => {
  const found = (await deadlines(caseId)).find((d) => d.ruleId === ruleId)
  assert.ok(found, `no ${ruleId}`)
  return found
}
const APPLICATION = '食品经营许可（餐饮服务）'

test('R-03 R-05 P-06 许可法32/38/39/42/44/82: a 许可 walks 申请 → 补正 → 受理 → 审查 → 决定 → 送达 → 发证 → 结案 → 归档 with its working-day deadlines across 国庆 and the document of each step', async () => {
  const c = await newCase('许可')
  await ok(c, { type: '申请', actedOn: '2025-09-25' })
  // 许可法32: 09-26, 09-28 (worked Sunday), 09-29, 09-30, then 10-09 after the holiday
  const acceptance = await deadline(c, 'licence-acceptance')
  assert.equal(acceptance.due, '2025-10-09')
  assert.equal(acceptance.statute, '行政许可法第三十二条第一款第四项')
  assert.equal(acceptance.metOn, null)
  assert.equal(acceptance.confirmed, true)

  await ok(c, { type: '补正', actedOn: '2025-09-26', data: { content: '补交营业执照复印件' } })
  assert.equal((await deadline(c, 'licence-acceptance')).metOn, '2025-09-26')
  assert.equal((await deadline(c, 'licence-acceptance')).status, 'ok')
  const corrections = ['营业执照复印件', '食品安全管理制度文本', '经营场所平面布局图']
  const correction = await generate(c, 'license_correction', { application: APPLICATION, appliedOn: '2025-09-25', corrections })
  // 许可法32(四): 一次告知 every item to be supplied, each one listed
  const correctionText = await checkDocument(correction, [APPLICATION, '2025年9月25日', '一次告知需要补正的全部内容', '第三十二条第一款第四项',
    ...corrections.map((item, i) => `${i + 1}.${item}`), '予以受理'])
  assert.ok(!correctionText.includes('{{'), 'no placeholder left')

  await ok(c, { type: '受理', actedOn: '2025-09-29' })
  const acceptanceNotice = await generate(c, 'license_acceptance', { application: APPLICATION, appliedOn: '2025-09-25' })
  await checkDocument(acceptanceNotice, [APPLICATION, '决定予以受理', '第三十二条第一款第五项', '自受理之日起二十日内作出行政许可决定', '第四十二条'])
  // 许可法42, 82: 20 working days from 09-29 — 09-30, 10-09, 10-10, 10-11 (worked), … 11-03
  const decision = await deadline(c, 'licence-decision')
  assert.equal(decision.due, '2025-11-03')
  assert.equal(decision.statute, '行政许可法第四十二条第一款')
  assert.match(decision.basis, /行政许可法第八十二条/)

  await ok(c, { type: '审查', actedOn: '2025-10-09' })
  await ok(c, { type: '决定', actedOn: '2025-10-20', data: { granted: true } })
  assert.equal((await deadline(c, 'licence-decision')).metOn, '2025-10-20')
  const grant = await generate(c, 'license_grant', {
    application: APPLICATION, appliedOn: '2025-09-25', basis: '《中华人民共和国食品安全法》第三十五条',
    licenseScope: '热食类食品制售、冷食类食品制售', validity: '2025年10月20日至2030年10月19日',
  })
  // 许可法38(1): a written decision to grant; 39: what is granted and until when
  await checkDocument(grant, [APPLICATION, '符合法定条件、标准', '依据《中华人民共和国食品安全法》第三十五条', '第三十八条第一款',
    '决定准予行政许可：热食类食品制售、冷食类食品制售', '有效期：2025年10月20日至2030年10月19日', '第六十一条', '第五十条'])
  // 许可法44: 10 working days from the decision of Monday 10-20 is Monday 11-03
  const certificate = await deadline(c, 'licence-certificate')
  assert.equal(certificate.due, '2025-11-03')
  assert.equal(certificate.statute, '行政许可法第四十四条')
  assert.equal(certificate.metOn, null)

  const served = await serve(c, '2025-10-22', [grant])
  assert.equal(served.servedOn, '2025-10-22')
  // 许可法44: the 送达 of the decision meets the ten working days
  assert.equal((await deadline(c, 'licence-certificate')).metOn, '2025-10-22')
  await checkDocument(served.receipt, ['准予行政许可决定书', `（${grant.number}）`, '直接送达', '2025年10月22日', '受送达人（签名）：张明'])

  await ok(c, { type: '发证', actedOn: '2025-10-24' })
  await ok(c, { type: '结案', actedOn: '2025-10-24' })
  const closing = await generate(c, 'closing_report', { result: '准予行政许可并颁发许可证。', performanceStatus: '许可证已于2025年10月24日颁发。', closingReason: '许可事项办结。' })
  await checkDocument(closing, ['准予行政许可并颁发许可证', '许可事项办结'])
  await ok(c, { type: '归档', actedOn: '2025-10-27' })
  const all = await deadlines(c)
  assert.deepEqual(all.map((d) => d.ruleId).sort(), ['licence-acceptance', 'licence-certificate', 'licence-decision'])
  assert.ok(all.every((d) => d.metOn !== null && d.status === 'ok'), JSON.stringify(all))
  const listed = (await app.inject({ method: 'GET', url: `/api/cases/${c}/documents`, headers: officer.headers })).json().items as Doc[]
  assert.deepEqual(listed.map((d) => d.kind), ['license_correction', 'license_acceptance', 'license_grant', 'service_receipt', 'closing_report'])
})

test('R-03 R-05 P-06 许可法38(2): a refused 许可 walks 申请 → 受理 → 审查 → 决定 → 送达 → 结案 → 归档; the 不予许可决定书 gives the reasons and the remedies, and no certificate falls due', async () => {
  const c = await newCase('许可')
  await ok(c, { type: '申请', actedOn: '2025-09-25' })
  await ok(c, { type: '受理', actedOn: '2025-09-26' })
  const acceptance = await generate(c, 'license_acceptance', { application: APPLICATION, appliedOn: '2025-09-25' })
  await checkDocument(acceptance, [APPLICATION, '决定予以受理'])
  await ok(c, { type: '审查', actedOn: '2025-09-30' })
  await passReview(db, c)
  await ok(c, { type: '决定', actedOn: '2025-10-10', data: { granted: false } })
  const refusal = await generate(c, 'license_refusal', {
    application: APPLICATION, appliedOn: '2025-09-25', reason: '经营场所与有毒、有害场所的距离不符合食品安全标准',
    basis: '《中华人民共和国食品安全法》第三十三条第一款第一项', reconsiderationBody: '楚雄市人民政府', court: '楚雄市人民法院',
  })
  // 许可法38(2): 说明理由, and 告知申请人享有依法申请行政复议或者提起行政诉讼的权利
  await checkDocument(refusal, [APPLICATION, '经营场所与有毒、有害场所的距离不符合食品安全标准', '第三十八条第二款', '决定不予行政许可',
    '六十日内向楚雄市人民政府申请行政复议', '六个月内依法向楚雄市人民法院提起行政诉讼'])
  const served = await serve(c, '2025-10-11', [refusal])
  await checkDocument(served.receipt, ['不予行政许可决定书', `（${refusal.number}）`, '直接送达'])
  await ok(c, { type: '结案', actedOn: '2025-10-13' })
  await ok(c, { type: '归档', actedOn: '2025-10-14' })
  const all = await deadlines(c)
  assert.deepEqual(all.map((d) => d.ruleId).sort(), ['licence-acceptance', 'licence-decision'])
  assert.ok(all.every((d) => d.metOn !== null && d.status === 'ok'), JSON.stringify(all))
})

test('R-03 许可法42: one approved 延期 adds at most 10 working days; more days or a second 延期 are refused, also by the database', async () => {
  const c = await newCase('许可')
  await ok(c, { type: '申请', actedOn: '2025-09-25' })
  await ok(c, { type: '受理', actedOn: '2025-09-29' })
  await ok(c, { type: '审查', actedOn: '2025-10-09' })
  const tooLong = await act(c, { type: '延期', actedOn: '2025-10-30', data: { days: 11 } })
  assert.equal(tooLong.statusCode, 422)
  assert.equal(tooLong.json().code, 'EXTENSION_TOO_LONG')
  await ok(c, { type: '延期', actedOn: '2025-10-30', data: { days: 10, reason: '情况复杂' } })
  const extended = await deadline(c, 'licence-decision')
  assert.equal(extended.due, '2025-11-17') // 11-04…11-07, 11-10…11-14, 11-17
  assert.equal(extended.extended, 10)
  const second = await act(c, { type: '延期', actedOn: '2025-11-03', data: { days: 1 } })
  assert.equal(second.statusCode, 422)
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, '许可', '延期', '2025-11-03', '{"days": 1}', $2)`, [c, headUserId]),
    /只能|已经记录/,
  )
})

test('R-03 R-05 P-06 强制法24/25: 查封扣押 walks 审批 → 实施 → 决定书送达 → 延长 → 处理 → 结案 → 归档 with the 决定书, its 清单 and the 送达回证; 30 days become 60 once, a second 延长 is refused (API and SQL)', async () => {
  const c = await newCase('强制-措施')
  await ok(c, { type: '审批', actedOn: '2025-09-01' })
  await ok(c, { type: '实施', actedOn: '2025-09-01', officers, data: { measure: '扣押' } })
  // 30 days from 09-01 is 10-01, 国庆: 民诉法85 rolls it to the first working day, 10-09
  const seizure = await deadline(c, 'seizure')
  assert.equal(seizure.due, '2025-10-09')
  assert.equal(seizure.statute, '行政强制法第二十五条')
  assert.match(seizure.basis, /顺延至 2025-10-09/)

  const property = ['过期食品用原料（鲜牛奶）12箱，每箱24盒', '未标注生产日期的散装白糖3袋，每袋25千克']
  const decision = await generate(c, 'seizure_decision', {
    partyAddress: '云南省楚雄彝族自治州楚雄市鹿城南路88号', reason: '当事人涉嫌使用超过保质期的食品原料生产食品，相关财物可能被转移',
    basis: '《中华人民共和国食品安全法》第一百一十条第四项', period: '三十日（自2025年9月1日起）', property,
    reconsiderationBody: '楚雄市人民政府', court: '楚雄市人民法院',
  })
  // 强制法24: 当事人；理由和依据；场所、设施或者财物的名称、数量；期限；申请复议、诉讼的途径和期限
  await checkDocument(decision, ['当事人：某某食品有限公司', '地址：云南省楚雄彝族自治州楚雄市鹿城南路88号', '相关财物可能被转移',
    '依据《中华人民共和国食品安全法》第一百一十条第四项', '第二十二条至第二十五条', ...property.map((p, i) => `${i + 1}.${p}`),
    '期限为三十日（自2025年9月1日起）', '六十日内向楚雄市人民政府申请行政复议', '六个月内依法向楚雄市人民法院提起行政诉讼', '陈述和申辩'])
  const list = await generate(c, 'seizure_list', { decisionReference: decision.number!, items: property, place: '当事人仓库' })
  await checkDocument(list, [`本清单为${decision.number}查封扣押决定书的附件`, ...property, '地点：当事人仓库', '清点核对无误'])

  // the 送达 of 决定书 and 清单 records the 决定书送达 (强制法24 第一款: 当场交付)
  const served = await serve(c, '2025-09-01', [decision, list])
  assert.equal(served.servedOn, '2025-09-01')
  await checkDocument(served.receipt, [`查封扣押决定书（${decision.number}）`, '查封扣押清单', '直接送达', '2025年9月1日'])
  await ok(c, { type: '延长', actedOn: '2025-09-25', data: { days: 30, reason: '案情复杂' } })
  // 强制法25第二款: the extension is told to the party in writing, with its reason
  const extension = await generate(c, 'seizure_extension', {
    partyAddress: '云南省楚雄彝族自治州楚雄市鹿城南路88号', decisionReference: decision.number!, reason: '案情复杂，需对财物进行检验', period: '三十日',
    reconsiderationBody: '楚雄市人民政府', court: '楚雄市人民法院',
  })
  await checkDocument(extension, [`本机关以${decision.number}查封扣押决定书`, '案情复杂，需对财物进行检验', '第二十五条第一款、第二款', '经本机关负责人批准',
    '延长三十日', '不得超过三十日', '六十日内向楚雄市人民政府申请行政复议'])
  assert.equal(Number(/〔\d+〕(\d+)号/.exec(extension.number!)![1]), Number(/〔\d+〕(\d+)号/.exec(decision.number!)![1]) + 1, 'the 强 series goes on')
  const extended = await deadline(c, 'seizure')
  assert.equal(extended.due, '2025-10-31') // 60 days from 09-01, a Friday
  assert.equal(extended.extended, 30)

  const second = await act(c, { type: '延长', actedOn: '2025-10-20', data: { days: 1 } })
  assert.equal(second.statusCode, 422)
  assert.equal(second.json().code, 'CASE_ACTION_REPEATED')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, '强制-措施', '延长', '2025-10-20', '{"days": 1}', $2)`, [c, headUserId]),
    /已经记录|只能/,
  )
  assert.equal((await deadline(c, 'seizure')).due, '2025-10-31')

  await ok(c, { type: '处理', actedOn: '2025-10-20', data: { result: '没收' } })
  assert.equal((await deadline(c, 'seizure')).metOn, '2025-10-20')
  await ok(c, { type: '结案', actedOn: '2025-10-21' })
  const closing = await generate(c, 'closing_report', { result: '扣押的过期食品原料依法没收。', performanceStatus: '已于2025年10月20日作出处理决定。', closingReason: '查封扣押期限内已作出处理决定。' })
  await checkDocument(closing, ['扣押的过期食品原料依法没收', '查封扣押期限内已作出处理决定'])
  await ok(c, { type: '归档', actedOn: '2025-10-22' })
  const all = await deadlines(c)
  assert.deepEqual(all.map((d) => [d.ruleId, d.status]), [['seizure', 'ok']])
  const listed = (await app.inject({ method: 'GET', url: `/api/cases/${c}/documents`, headers: officer.headers })).json().items as Doc[]
  assert.deepEqual(listed.map((d) => d.kind), ['seizure_decision', 'seizure_list', 'service_receipt', 'seizure_extension', 'closing_report'])
})

test('R-03 强制法25: a 延长 of more than 30 days is refused by the API and by the database, and a correction cannot get round it', async () => {
  const c = await newCase('强制-措施')
  await ok(c, { type: '审批', actedOn: '2025-09-01' })
  await ok(c, { type: '实施', actedOn: '2025-09-01', officers, data: { measure: '查封' } })
  await ok(c, { type: '决定书送达', actedOn: '2025-09-02' })
  const tooLong = await act(c, { type: '延长', actedOn: '2025-09-20', data: { days: 31 } })
  assert.equal(tooLong.statusCode, 422)
  assert.equal(tooLong.json().code, 'EXTENSION_TOO_LONG')
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data, recorded_by) VALUES ($1, '强制-措施', '延长', '2025-09-20', '{"days": 45}', $2)`, [c, headUserId]),
    /不得超过 30/,
  )
  const first = await ok(c, { type: '延长', actedOn: '2025-09-20', data: { days: 20 } })
  assert.equal((await deadline(c, 'seizure')).due, '2025-10-21') // 50 days from 09-01, a Tuesday
  const corrected = await act(c, { type: '延长', actedOn: '2025-09-20', data: { days: 40 }, supersedesId: first.id })
  assert.equal(corrected.json().code, 'EXTENSION_TOO_LONG')
  await ok(c, { type: '延长', actedOn: '2025-09-20', data: { days: 30 }, supersedesId: first.id })
  assert.equal((await deadline(c, 'seizure')).due, '2025-10-31')
})

test('R-03 强制法43: a forced enforcement at night or on a statutory holiday is refused without an urgency reason', async () => {
  const c = await newCase('强制-执行')
  await ok(c, { type: '催告', actedOn: '2025-09-01' })
  await ok(c, { type: '强制执行决定', actedOn: '2025-09-15' })
  await ok(c, { type: '送达', actedOn: '2025-09-16' })
  const night = await act(c, { type: '实施', actedOn: '2025-09-30', officers, data: { at: '2025-09-30T23:10' } })
  assert.equal(night.statusCode, 422)
  assert.equal(night.json().code, 'ENFORCEMENT_TIME')
  assert.match(night.json().message, /夜间/)
  const holiday = await act(c, { type: '实施', actedOn: '2025-10-02', officers, data: { at: '2025-10-02T10:00' } })
  assert.equal(holiday.statusCode, 422)
  assert.equal(holiday.json().code, 'ENFORCEMENT_TIME')
  assert.match(holiday.json().message, /国庆|节/)
  const noTime = await act(c, { type: '实施', actedOn: '2025-09-30', officers })
  assert.equal(noTime.json().code, 'ENFORCEMENT_TIME')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1 AND type = '实施'`, [c])).n, 0)
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, officers, data, recorded_by) VALUES ($1, '强制-执行', '实施', '2025-09-30', $2::uuid[], '{"at": "2025-09-30T05:30"}', $3)`, [c, officers, headUserId]),
    /夜间/,
  )
  // a normal working day in daytime, and an urgent night-time act with its reason, are allowed
  await ok(c, { type: '实施', actedOn: '2025-09-30', officers, data: { at: '2025-09-30T09:30' } })
  await ok(c, { type: '实施', actedOn: '2025-10-03', officers, data: { at: '2025-10-03T23:00', urgencyReason: '危化品泄漏，情况紧急' } })
})

test('R-05: the 文号 the walks issued run without gaps or duplicates per kind (from 1 in a new agency)', () => {
  assert.deepEqual([...issued.keys()].sort(), ['license_acceptance', 'license_correction', 'license_decision', 'license_refusal', 'seizure_decision'])
  assert.ok((issued.get('license_acceptance') ?? []).length >= 2, 'two 受理通知书')
  for (const [kind, numbers] of issued) {
    const serials = numbers.map((n) => Number(/〕(\d+)号$/.exec(n)![1]))
    assert.deepEqual(serials, serials.map((_, i) => i + 1), `${kind}: ${numbers.join(', ')}`)
    assert.equal(new Set(numbers.map((n) => n.replace(/〔.*$/, ''))).size, 1, `${kind}: one 机关代字 and kind`)
  }
})
