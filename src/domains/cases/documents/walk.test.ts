// The done-means walk of case documents (R-05, D-04, P-06): a 普通程序 penalty from 案源登记
// to 归档 through the HTTP API, generating every document of its path and reading each back
// as poppler's pdftotext sees it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { loginAs, makeOrg, makeUser, testApp, testDb, type OrgRow, type Session, dayFromToday } from '../../../../test/support.ts'
import { insertCertificate, insertPerson } from '../../people/test-world.ts'
import { setDocumentNumberPrefix } from './numbers.ts'
import { listCaseDocuments } from './store.ts'
import { findTemplate } from './templates.ts'
import { dataUrl, signaturePng } from './test-png.ts'
import { passReview } from '../../review/gate.test-world.ts'
import { recordAv } from '../../av/test-world.ts'

const run = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '../../../..')
const db = testDb()
const PARTY = '楚雄市鹿城镇味香园餐饮有限公司'
let app: FastifyInstance
let agency: OrgRow
let user: Session
let officers: string[]
let prefix: string
let workDir: string

const day = dayFromToday
const squeeze = (s: string) => s.replace(/\s+/g, '')

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'city' })
  agency = await makeOrg(db, { parent: region, kind: 'agency', name: '楚雄市市场监督管理局' })
  prefix = '楚' + Array.from(crypto.randomBytes(4), (b) => '甲乙丙丁戊己庚辛壬癸'[b % 10]).join('')
  await db.tx((tx) => setDocumentNumberPrefix(tx, { agencyId: agency.id, prefix }))
  // R-01: approval-type actions are the head's; this user records them directly
  user = await loginAs(app, (await makeUser(db, { org: agency, roles: ['officer', 'head'] })).username)
  officers = [await insertPerson(db, agency.id), await insertPerson(db, agency.id)]
  for (const id of officers) await insertCertificate(db, id)
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhifa-walk-'))
})
after(async () => {
  await app.close()
  await fs.rm(workDir, { recursive: true, force: true })
})

async function post(url: string, payload: Record<string, unknown>, status = 201) {
  const res = await app.inject({ method: 'POST', url, headers: user.headers, payload })
  assert.equal(res.statusCode, status, `${url}: ${res.body}`)
  return res.json()
}
const act = async (caseId: string, type: string, actedOn: string, extra: Record<string, unknown> = {}) => {
  const action = await post(`/api/cases/${caseId}/actions`, { type, actedOn, ...extra })
  // R-06: the walk records the act's recording or absence reason before it goes on
  await recordAv(app, user.headers, caseId, action.id)
  return action
}

type Doc = { id: string; kind: string; number: string | null; version: number; pdfSha256: string; pages: number }

async function pdfOf(id: string, version?: number): Promise<{ file: string; text: string; bytes: Buffer }> {
  const res = await app.inject({ method: 'GET', url: `/api/documents/${id}/pdf${version ? `?version=${version}` : ''}`, headers: user.headers })
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(res.headers['content-type'], 'application/pdf')
  const file = path.join(workDir, `${id}-${version ?? 'current'}.pdf`)
  await fs.writeFile(file, res.rawPayload)
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])
  return { file, text: squeeze(stdout), bytes: res.rawPayload }
}

/** R-05 / P-06: the document names the party and the agency, states its sections, and carries its 文号 when it has one. */
async function checkDocument(doc: Doc, extra: string[] = []): Promise<string> {
  const template = findTemplate(doc.kind)!
  const { text, bytes } = await pdfOf(doc.id)
  assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), doc.pdfSha256, `${template.name}: stored hash`)
  assert.ok(text.includes(PARTY), `${template.name}: party missing in ${text}`)
  assert.ok(text.includes(agency.name), `${template.name}: agency missing`)
  assert.ok(text.includes(template.name), `${template.name}: title missing`)
  for (const section of template.sections) assert.ok(text.includes(section.heading), `${template.name}: section ${section.heading} missing`)
  if (template.served) for (const element of ['执法事由', '执法依据', '权利义务']) {
    assert.ok(template.sections.some((s) => s.covers?.includes(element as never) && text.includes(s.heading)), `${template.name}: P-06 ${element}`)
  }
  if (template.numberKind) {
    assert.match(doc.number ?? '', new RegExp(`^${prefix}\\S{1,4}〔${day(0).slice(0, 4)}〕\\d+号$`))
    assert.ok(text.includes(doc.number!), `${template.name}: 文号 missing`)
  } else {
    assert.equal(doc.number, null)
  }
  for (const value of extra) assert.ok(text.includes(squeeze(value)), `${template.name}: ${value} missing`)
  return text
}

test('R-05 D-04 P-06 处罚法59/61: a 普通程序 penalty walks from 案源登记 to 归档 with every document of its path', async () => {
  const c = await post('/api/cases', {
    kind: '处罚-普通', partyKind: 'organisation', partyName: PARTY, summary: '经营超过保质期的食品', major: true,
  })
  const generate = (kind: string, fields: Record<string, unknown>) => post(`/api/cases/${c.id}/documents`, { kind, fields }) as Promise<Doc>
  const docs: Doc[] = []

  await act(c.id, '案源登记', day(-60))
  await act(c.id, '核查', day(-60))
  await act(c.id, '立案', day(-59))
  docs.push(await generate('case_filing', {
    source: '投诉举报', facts: '群众举报当事人后厨存放过期鲜牛奶。', suspectedProvisions: '《中华人民共和国食品安全法》第三十四条第十项',
    opinion: '建议立案调查。', headOpinion: '同意立案。',
  }))

  await act(c.id, '调查取证', day(-58), { officers })
  docs.push(await generate('inquiry_record', {
    inquiryTime: `${day(-58)} 上午10时`, place: '当事人经营场所', interviewee: '李明（法定代表人）',
    questions: ['问：冷藏柜内的鲜牛奶是何时购进的？', '答：一月初购进，准备做饮品。'],
  }))
  docs.push(await generate('inspection_record', {
    inspectionTime: `${day(-58)} 上午9时`, place: '当事人后厨', present: '李明', findings: ['冷藏柜内存放超过保质期的鲜牛奶12盒。'],
  }))
  // the party and an officer sign the 询问笔录 on the tablet: each signature is a new PDF version
  const inquiry = docs[1]!
  await post(`/api/documents/${inquiry.id}/signatures`, { role: 'party', name: '李明', signedOn: day(-58), image: dataUrl(signaturePng()) })
  const signed = (await post(`/api/documents/${inquiry.id}/signatures`, {
    role: 'officer', personId: officers[0], signedOn: day(-58), image: dataUrl(signaturePng(160, 50)),
  })) as Doc
  assert.equal(signed.version, 3)
  docs[1] = signed
  const images = (await run('pdfimages', ['-list', (await pdfOf(inquiry.id)).file])).stdout.trim().split('\n').slice(2)
  assert.equal(images.length, 2, 'both signatures are drawn into the PDF')
  const unsigned = (await run('pdfimages', ['-list', (await pdfOf(inquiry.id, 1)).file])).stdout.trim().split('\n').slice(2)
  assert.equal(unsigned.length, 0, 'version 1 stays as it was')

  await act(c.id, '案件审核', day(-56))
  const notice = await act(c.id, '告知', day(-55), { data: { content: '拟罚款人民币50000元' } })
  const deadline = notice.data.statementDeadline as string
  const noticeDoc = await generate('penalty_notice', {
    facts: '当事人在后厨冷藏柜内存放超过保质期的鲜牛奶12盒，用于制作饮品。', evidence: ['现场检查笔录', '询问笔录'],
    violatedProvisions: '《中华人民共和国食品安全法》第三十四条第十项', penaltyBasis: '《中华人民共和国食品安全法》第一百二十四条第一款第五项',
    proposedPenalty: '没收超过保质期的鲜牛奶12盒，罚款人民币50000元', hearingRight: true, contact: '王五 0878-0000000',
  })
  docs.push(noticeDoc)

  await act(c.id, '陈述申辩', day(-53), { data: { summary: '当事人称系初次违法' } })
  await act(c.id, '法制审核', day(-45), { data: { passed: true } })
  docs.push(await generate('legal_review_opinion', {
    reviewer: '赵六', opinion: ['事实清楚，证据确凿，适用法律正确，程序合法，裁量适当。'], conclusion: '同意作出行政处罚决定。',
  }))

  await passReview(db, c.id)
  await act(c.id, '决定', day(-40), { data: { result: '罚款人民币50000元' } })
  const decision = await generate('penalty_decision', {
    partyAddress: '云南省楚雄彝族自治州楚雄市鹿城南路88号', partyUscc: '91532301MA6N8XY0TK', legalRepresentative: '李明',
    facts: '当事人后厨冷藏柜内存放超过保质期的“鲜牛奶”12盒，货值金额共计人民币96元。',
    evidence: ['现场检查笔录及现场照片5张', '对当事人法定代表人李明的询问笔录'],
    violatedProvisions: '《中华人民共和国食品安全法》第三十四条第十项', penaltyBasis: '《中华人民共和国食品安全法》第一百二十四条第一款第五项',
    penalties: ['没收超过保质期的“鲜牛奶”12盒；', '罚款人民币50000元。'],
    performance: '当事人应当自收到本决定书之日起十五日内缴纳罚款。', reconsiderationBody: '楚雄市人民政府', court: '楚雄市人民法院',
  })
  docs.push(decision)

  const service = await post(`/api/cases/${c.id}/service`, {
    actedOn: day(-39), method: '直接送达', documentIds: [decision.id], recipient: '李明', servicePlace: '当事人经营场所',
    signature: dataUrl(signaturePng()), officers,
  })
  assert.equal(service.servedOn, day(-39))
  docs.push(service.receipt)

  await act(c.id, '执行', day(-30), { data: { result: '已缴纳罚款' } })
  await act(c.id, '结案', day(-29))
  docs.push(await generate('closing_report', {
    result: '罚款人民币50000元，没收过期食品。', performanceStatus: '当事人已于规定期限内缴纳罚款。', closingReason: '行政处罚决定已执行完毕。',
  }))
  await act(c.id, '归档', day(-28))

  // every document, read back from its PDF
  const [filing, inquiryDoc, inspection, noticeOut, review, decisionOut, receipt, closing] = docs
  await checkDocument(filing!, ['群众举报当事人后厨存放过期鲜牛奶', c.number])
  await checkDocument(inquiryDoc!, ['被询问人（签名）：李明', '冷藏柜内的鲜牛奶是何时购进的'])
  await checkDocument(inspection!, ['冷藏柜内存放超过保质期的鲜牛奶12盒'])
  const [y, m, d] = deadline.split('-').map(Number)
  const noticeText = await checkDocument(noticeOut!, ['罚款人民币50000元', '陈述和申辩', '要求听证的权利', `${y}年${m}月${d}日前`])
  assert.ok(noticeText.includes('第四十四条') && noticeText.includes('第六十四条'))
  await checkDocument(review!, ['同意作出行政处罚决定'])
  const decisionText = await checkDocument(decisionOut!, [
    '一、当事人', '二、违法事实和证据', '三、违反的法律、法规、规章', '四、行政处罚的种类和依据', '五、履行方式和期限',
    '六、申请行政复议、提起行政诉讼的途径和期限', '91532301MA6N8XY0TK', '云南省楚雄彝族自治州楚雄市鹿城南路88号',
    '货值金额共计人民币96元', '依据《中华人民共和国食品安全法》第一百二十四条第一款第五项的规定', '2.罚款人民币50000元。',
    '自收到本决定书之日起十五日内', '六十日内向楚雄市人民政府申请行政复议', '六个月内依法向楚雄市人民法院提起行政诉讼',
  ])
  const decided = day(-40).split('-').map(Number)
  assert.ok(decisionText.includes(`${decided[0]}年${decided[1]}月${decided[2]}日`), '决定日期 is the 决定 action date')
  const receiptText = await checkDocument(receipt!, ['行政处罚决定书', decisionOut!.number!, '直接送达', '受送达人（签名）：李明'])
  assert.ok(!receiptText.includes('拒绝签字'))
  assert.equal((await run('pdfimages', ['-list', (await pdfOf(receipt!.id)).file])).stdout.trim().split('\n').slice(2).length, 1)
  await checkDocument(closing!, ['行政处罚决定已执行完毕'])
  // the DOCX for editing carries the same signature image
  const docx = await app.inject({ method: 'GET', url: `/api/documents/${receipt!.id}/docx`, headers: user.headers })
  assert.equal(docx.statusCode, 200)
  assert.equal(docx.rawPayload.subarray(0, 2).toString('latin1'), 'PK')
  assert.ok(docx.rawPayload.includes(Buffer.from('word/media/')), 'signature image in the DOCX')

  // page 1 of the 决定书, kept as the layout's screenshot
  const png = path.join(ROOT, 'docs/screenshots/decision-page1')
  await fs.mkdir(path.dirname(png), { recursive: true })
  await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', (await pdfOf(decisionOut!.id)).file, png])
  assert.equal((await fs.readFile(`${png}.png`)).subarray(1, 4).toString('latin1'), 'PNG')

  // the list the 案卷 is assembled from: every document in order, at its current version
  const listed = await listCaseDocuments(db, c.id)
  assert.deepEqual(listed.map((e) => e.kind), docs.map((d) => d.kind))
  assert.deepEqual(listed.map((e) => e.version), docs.map((d) => d.version))
  for (const entry of listed) {
    assert.equal(crypto.createHash('sha256').update(await entry.pdf()).digest('hex'), entry.sha256)
    assert.ok(entry.pages >= 1 && entry.name.length > 1)
  }
  const api = await app.inject({ method: 'GET', url: `/api/cases/${c.id}/documents`, headers: user.headers })
  assert.deepEqual(api.json().items.map((d: Doc) => d.id), docs.map((d) => d.id))
  const caseState = (await app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: user.headers })).json()
  assert.equal(caseState.archived, true)
})
