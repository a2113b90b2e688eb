// Case documents (R-05, D-04, P-06): templates, generation, versions, signatures and 送达.
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
import { fileTemplate, templateDefinition } from './store.ts'
import { documentBlocks, documentProblems, type DocumentValues } from './fill.ts'
import { renderPdf } from './pdf.ts'
import { renderDocx } from './docx.ts'
import { findTemplate, TEMPLATES, templateCovers, templateProblems, type DocumentTemplate } from './templates.ts'
import { dataUrl, signaturePng } from './test-png.ts'
import { passReview } from '../../review/gate.test-world.ts'
import { recordAv } from '../../av/test-world.ts'

const run = promisify(execFile)
const db = testDb()
let app: FastifyInstance
let agency: OrgRow
let user: Session
let stranger: Session
let officers: string[]
let workDir: string

const day = dayFromToday
const squeeze = (s: string) => s.replace(/\s+/g, '')
const letters = (n: number) => Array.from(crypto.randomBytes(n), (b) => 'abcdefghijklmnopqrstuvwxyz'[b % 26]).join('')

before(async () => {
  app = await testApp()
  const region = await makeOrg(db, { level: 'county' })
  agency = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const other = await makeOrg(db, { parent: region, kind: 'agency', level: 'county' })
  const prefix = '测' + Array.from(crypto.randomBytes(5), (b) => '甲乙丙丁戊己庚辛壬癸'[b % 10]).join('')
  await db.tx((tx) => setDocumentNumberPrefix(tx, { agencyId: agency.id, prefix }))
  user = await loginAs(app, (await makeUser(db, { org: agency, roles: ['officer', 'head'] })).username)
  stranger = await loginAs(app, (await makeUser(db, { org: other, roles: ['officer', 'head'] })).username)
  officers = [await insertPerson(db, agency.id), await insertPerson(db, agency.id)]
  for (const id of officers) await insertCertificate(db, id)
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhifa-docs-'))
})
after(async () => {
  await app.close()
  await fs.rm(workDir, { recursive: true, force: true })
})

const inject = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, session = user) =>
  app.inject({ method, url, headers: session.headers, ...(payload ? { payload } : {}) })
async function post(url: string, payload: Record<string, unknown>, status = 201) {
  const res = await inject('POST', url, payload)
  assert.equal(res.statusCode, status, `${url}: ${res.body}`)
  return res.json()
}

async function pdfText(id: string, version?: number): Promise<string> {
  const res = await inject('GET', `/api/documents/${id}/pdf${version ? `?version=${version}` : ''}`)
  assert.equal(res.statusCode, 200, res.body)
  const file = path.join(workDir, `${crypto.randomUUID()}.pdf`)
  await fs.writeFile(file, res.rawPayload)
  return squeeze((await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout)
}

async function newCase(partyKind: 'citizen' | 'organisation' = 'organisation') {
  return post('/api/cases', { kind: '处罚-普通', partyKind, partyName: '楚雄市某某商贸有限公司', summary: '销售不合格产品' }) as Promise<{ id: string; number: string }>
}
const act = async (caseId: string, type: string, actedOn: string, extra: Record<string, unknown> = {}) => {
  const action = await post(`/api/cases/${caseId}/actions`, { type, actedOn, ...extra })
  // R-06: the walk records the act's recording or absence reason before it goes on
  await recordAv(app, user.headers, caseId, action.id)
  return action
}

/** A case up to 告知 (dated `notice` days from today). */
async function noticedCase(notice = -30) {
  const c = await newCase()
  await act(c.id, '案源登记', day(notice - 5))
  await act(c.id, '核查', day(notice - 5))
  await act(c.id, '立案', day(notice - 4))
  await act(c.id, '调查取证', day(notice - 3), { officers })
  await act(c.id, '案件审核', day(notice - 1))
  const notified = await act(c.id, '告知', day(notice), { data: { content: '拟罚款' } })
  return { ...c, statementDeadline: notified.data.statementDeadline as string }
}

const DECISION_FIELDS = {
  partyAddress: '楚雄市鹿城镇北路2号', partyUscc: '91532301MA6N8XY0TK', legalRepresentative: '王某',
  facts: '当事人销售不合格产品。', evidence: ['抽样检验报告'], violatedProvisions: '《中华人民共和国产品质量法》第三十九条',
  penaltyBasis: '《中华人民共和国产品质量法》第五十条', penalties: ['罚款人民币8000元。'],
  performance: '自收到本决定书之日起十五日内缴纳罚款。', reconsiderationBody: '楚雄市人民政府', court: '楚雄市人民法院',
}

/** A case with its 决定 recorded and the 决定书 generated: ready for 送达. */
async function decidedCase() {
  const c = await noticedCase(-30)
  await act(c.id, '放弃陈述申辩', day(-30))
  await passReview(db, c.id)
  await act(c.id, '决定', day(-29), { data: { fineYuan: 8000 } })
  const decision = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_decision', fields: DECISION_FIELDS })
  return { ...c, decisionId: decision.id as string, decisionNumber: decision.number as string }
}

const NOTICE_FIELDS = {
  facts: '当事人销售不合格产品。', violatedProvisions: '《中华人民共和国产品质量法》第三十九条', penaltyBasis: '《中华人民共和国产品质量法》第五十条',
  proposedPenalty: '罚款人民币8000元',
}

test('R-05 P-06: every template renders to PDF and DOCX with its title, sections and signers from complete values', async () => {
  for (const template of TEMPLATES) {
    const values: DocumentValues = {
      agencyName: '楚雄市市场监督管理局', caseNumber: '2026-000009', caseKindName: '行政处罚', caseSummary: '销售不合格产品',
      partyName: '楚雄市某某商贸有限公司', partyKindLabel: '法人或者其他组织', documentNumber: '楚市监测〔2026〕9号', issuedOn: '2026-03-05',
      officerList: '张三、李四', filedOn: '2026-02-01', noticeOn: '2026-02-20', decidedOn: '2026-03-05',
      statementRights: '有权进行陈述和申辩。', remedy: '可以申请行政复议或者提起行政诉讼。',
    }
    for (const field of template.fields) {
      values[field.key] = field.kind === 'list' ? [`${field.label}一`, `${field.label}二`] : field.kind === 'date' ? '2026-02-10' : field.kind === 'boolean' ? true : `${field.label}内容`
    }
    if (template.layout === 'penalty_decision') Object.assign(values, DECISION_FIELDS)
    assert.deepEqual(documentProblems(template, values, 'organisation'), [], template.name)
    const blocks = documentBlocks(template, values, 'organisation', [])
    const pdf = await renderPdf(blocks, { title: template.name })
    const file = path.join(workDir, `${template.kind}.pdf`)
    await fs.writeFile(file, pdf.pdf)
    const text = squeeze((await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout)
    for (const expected of [template.name, '楚雄市某某商贸有限公司', ...template.sections.map((s) => s.heading), ...template.signatures.map((s) => `${s.label}（签名）`)]) {
      assert.ok(text.includes(expected), `${template.name}: ${expected}`)
    }
    if (template.numberKind) assert.ok(text.includes('楚市监测〔2026〕9号'), `${template.name}: 文号`)
    assert.equal((await renderDocx(blocks, { title: template.name })).subarray(0, 2).toString('latin1'), 'PK', template.name)
    // a required field left out is named
    const required = template.fields.find((f) => f.required)
    if (required && template.layout === 'generic') {
      const problems = documentProblems(template, { ...values, [required.key]: '' }, 'organisation')
      assert.ok(problems.some((p) => p.includes(required.label)), `${template.name}: ${required.label}`)
    }
  }
})

test('R-05: Latin letters that fonts join (ff, fi, fl, ffi) stay letters in the text layer of a document', async () => {
  // A name or a 文号 with "ff" once lost both letters to the font's ligature glyph.
  const words = ['楚雄市市场监督管理局cd1b5effb4', 'office fiscal flow', 'Staffing 2026-ffi']
  const blocks = [{ kind: 'title' as const, text: 'Affix 通知书' }, ...words.map((text) => ({ kind: 'paragraph' as const, text, indent: false }))]
  const file = path.join(workDir, 'ligatures.pdf')
  await fs.writeFile(file, (await renderPdf(blocks, { title: 'ligatures' })).pdf)
  const text = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout
  for (const word of ['Affix', ...words]) assert.ok(text.includes(word), `${word} in ${text}`)
})

test('R-09: a generated document version is sealed with its agency\'s SM2 key before the answer; the seal verifies against the published key', async () => {
  const c = await newCase()
  const doc = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS }) as { id: string; pdfSha256: string }
  const seal = await db.maybeOne<{ sha256: string; agencyId: string }>(
    `SELECT sha256, agency_id AS "agencyId" FROM seal_signature WHERE subject_kind = 'document_version' AND subject_ref = $1`, [`${doc.id}:1`])
  assert.ok(seal, 'sealed')
  assert.equal(seal.sha256, doc.pdfSha256, 'over the stored PDF')
  const key = await inject('GET', `/api/seals/${seal.agencyId}/public-key`)
  assert.equal(key.statusCode, 200)
})

test('R-05 F-07: the template set holds every document kind of the catalogue, each with its statute and a version', () => {
  const names = TEMPLATES.map((t) => t.name)
  for (const name of ['立案审批表', '询问笔录', '现场检查笔录', '先行登记保存通知书', '查封扣押决定书', '查封扣押清单', '行政处罚事先告知书',
    '听证通知书', '听证笔录', '法制审核意见书', '集体讨论记录', '行政处罚决定书', '送达回证', '催告书', '结案报告',
    '行政许可受理通知书', '行政许可不予受理通知书', '行政许可补正通知书', '准予行政许可决定书', '不予行政许可决定书']) {
    assert.ok(names.includes(name), name)
  }
  assert.equal(new Set(TEMPLATES.map((t) => `${t.kind}@${t.version}`)).size, TEMPLATES.length)
  for (const t of TEMPLATES) {
    assert.match(t.statute, /法/, t.name)
    assert.ok(t.version >= 1 && t.caseKinds.length > 0 && t.actionTypes.length > 0, t.name)
  }
})

test('P-06: every served template states 执法事由, 执法依据 and 权利义务; one without them is refused in code and by the database', async () => {
  for (const t of TEMPLATES) assert.deepEqual(templateProblems(t), [], t.name)
  assert.equal(TEMPLATES.filter((t) => t.served).length, 13)
  const notice = findTemplate('penalty_notice')!
  const crippled: DocumentTemplate = { ...notice, sections: notice.sections.filter((s) => !s.covers?.includes('权利义务')) }
  assert.deepEqual(templateProblems(crippled), ['行政处罚事先告知书缺少“权利义务”部分'])
  const { json, sha256 } = templateDefinition(crippled)
  await assert.rejects(
    db.query(
      `INSERT INTO document_template (kind, version, name, statute, number_kind, served, case_kinds, action_types, covers, definition, sha256, filed_with)
       VALUES ($1, 1, '告知书', '行政处罚法第四十四条', NULL, true, '{处罚-普通}', '{告知}', $2, $3, $4, '司法局')`,
      [`test_${letters(10)}`, templateCovers(crippled), json, sha256],
    ),
    (e: any) => e.code === '23514' && /document_template_p06/.test(e.constraint ?? e.message),
  )
})

test('R-05: a filed template version is never changed: changed content must be filed as a new version', async () => {
  const base = findTemplate('closing_report')!
  const template: DocumentTemplate = { ...base, kind: `test_${letters(12)}` }
  await db.tx((tx) => fileTemplate(tx, template))
  await db.tx((tx) => fileTemplate(tx, template))
  await assert.rejects(db.tx((tx) => fileTemplate(tx, { ...template, statute: '行政处罚法第四十八条' })), (e: any) => e.code === 'TEMPLATE_CHANGED')
  await db.tx((tx) => fileTemplate(tx, { ...template, version: 2, statute: '行政处罚法第四十八条' }))
  // a version may not skip one, and the filed record is append-only
  await assert.rejects(db.tx((tx) => fileTemplate(tx, { ...template, version: 4 })), /逐版备案/)
  await assert.rejects(db.query(`UPDATE document_template SET statute = 'x' WHERE kind = $1`, [template.kind]), (e: any) => e.code === '42501')
  const filed = await db.many(`SELECT version, sha256 FROM document_template WHERE kind = $1 ORDER BY version`, [template.kind])
  assert.deepEqual(filed.map((r) => r.version), [1, 2])
  assert.equal(filed[0].sha256, templateDefinition(template).sha256)
})

test('R-05 D-04 处罚法59: an incomplete 决定书 is refused naming the items, and spends no 文号', async () => {
  const c = await decidedCase()
  const { performance: _p, court: _c, ...incomplete } = DECISION_FIELDS
  const before = await db.one(`SELECT count(*)::int AS n FROM document_number WHERE agency_id = $1`, [agency.id])
  const res = await inject('POST', `/api/cases/${c.id}/documents`, { kind: 'penalty_decision', fields: incomplete })
  assert.equal(res.statusCode, 422, res.body)
  assert.equal(res.json().code, 'DOCUMENT_INCOMPLETE')
  assert.match(res.json().message, /第五十九条第四项/)
  assert.match(res.json().message, /第五十九条第五项/)
  const badUscc = await inject('POST', `/api/cases/${c.id}/documents`, { kind: 'penalty_decision', fields: { ...DECISION_FIELDS, partyUscc: '91532301MA6N8XY0TA' } })
  assert.match(badUscc.json().message, /统一社会信用代码不正确/)
  const afterwards = await db.one(`SELECT count(*)::int AS n FROM document_number WHERE agency_id = $1`, [agency.id])
  assert.equal(afterwards.n, before.n)
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_document WHERE case_id = $1`, [c.id])).n, 1)
})

test('D-04: what the case says cannot be overridden, unknown or mistyped fields are refused, and nothing is written', async () => {
  const c = await noticedCase()
  for (const [fields, code] of [
    [{ ...NOTICE_FIELDS, partyName: '别人' }, 'DOCUMENT_FIELD_RESERVED'],
    [{ ...NOTICE_FIELDS, colour: '红' }, 'DOCUMENT_FIELD_UNKNOWN'],
    [{ ...NOTICE_FIELDS, facts: ['一', '二'] }, 'DOCUMENT_FIELD_TYPE'],
  ] as const) {
    const res = await inject('POST', `/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields })
    assert.equal(res.statusCode, 400, res.body)
    assert.equal(res.json().code, code)
  }
  const wrongKind = await inject('POST', `/api/cases/${c.id}/documents`, { kind: 'license_grant', fields: {} })
  assert.equal(wrongKind.json().code, 'DOCUMENT_CASE_KIND')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_document WHERE case_id = $1`, [c.id])).n, 0)
})

test('R-05 处罚法44/45/63/64: the 告知书 states the rights and the case\'s period; a shorter period is refused', async () => {
  const c = await noticedCase(-20)
  const [y, m, d] = c.statementDeadline.split('-').map(Number)
  const short = await inject('POST', `/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: { ...NOTICE_FIELDS, statementDeadline: day(-19) } })
  assert.equal(short.statusCode, 422, short.body)
  assert.equal(short.json().code, 'NOTICE_PERIOD_SHORT')
  const withoutHearing = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS })
  const text = await pdfText(withoutHearing.id)
  assert.ok(text.includes(`有权进行陈述和申辩。请于${y}年${m}月${d}日前`), text)
  assert.ok(!text.includes('要求听证的权利'))
  const withHearing = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: { ...NOTICE_FIELDS, hearingRight: true } })
  assert.ok((await pdfText(withHearing.id)).includes(`有要求听证的权利，可于${y}年${m}月${d}日前`))
  assert.notEqual(withHearing.number, withoutHearing.number)
})

test('R-05: a corrected document is version 2 with the same 文号; version 1 stays as it was', async () => {
  const c = await noticedCase()
  const first = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS })
  assert.equal(first.version, 1)
  const noReason = await inject('POST', `/api/documents/${first.id}/versions`, { fields: NOTICE_FIELDS })
  assert.equal(noReason.statusCode, 400)
  const corrected = await post(`/api/documents/${first.id}/versions`, {
    fields: { ...NOTICE_FIELDS, proposedPenalty: '罚款人民币6000元' }, reason: '拟处罚金额笔误',
  })
  assert.equal(corrected.version, 2)
  assert.equal(corrected.number, first.number)
  assert.ok((await pdfText(first.id, 1)).includes('罚款人民币8000元'))
  assert.ok((await pdfText(first.id)).includes('罚款人民币6000元'))
  const meta = (await inject('GET', `/api/documents/${first.id}`)).json()
  assert.deepEqual(meta.versions.map((v: any) => [v.version, v.change, v.reason]), [[1, 'create', null], [2, 'correct', '拟处罚金额笔误']])
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM document_number WHERE document_id = $1`, [first.id])).n, 1)
  const docx = await inject('GET', `/api/documents/${first.id}/docx?version=1`)
  assert.equal(docx.statusCode, 200)
  assert.equal(crypto.createHash('sha256').update(docx.rawPayload).digest('hex'), meta.versions[0].docxSha256)
  assert.equal((await inject('GET', `/api/documents/${first.id}/pdf?version=3`)).statusCode, 404)
})

test('R-05: documents, versions, files and signatures are append-only, and a stored hash must match its file', async () => {
  const c = await noticedCase()
  const doc = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS })
  const columns = { case_document: 'kind', case_document_version: 'reason', case_document_file: 'sha256', document_signature: 'note', service_consent: 'address' }
  for (const [table, column] of Object.entries(columns)) {
    await assert.rejects(db.query(`DELETE FROM ${table} WHERE true`), (e: any) => e.code === '42501', table)
    await assert.rejects(db.query(`UPDATE ${table} SET ${column} = ${column} WHERE true`), (e: any) => e.code === '42501', table)
  }
  await assert.rejects(
    db.tx(async (tx) => {
      await tx.query(`INSERT INTO case_document_version (document_id, version, template_kind, template_version, fields, change, reason)
                      VALUES ($1, 2, 'penalty_notice', 1, '{}', 'correct', 'x')`, [doc.id])
      await tx.query(`INSERT INTO case_document_file (document_id, version, format, content, sha256, pages) VALUES ($1, 2, 'pdf', '\\x01', $2, 1)`,
        [doc.id, '0'.repeat(64)])
    }),
    (e: any) => e.code === '23514',
  )
  // a version may not skip a number
  await assert.rejects(
    db.query(`INSERT INTO case_document_version (document_id, version, template_kind, template_version, fields, change, reason)
              VALUES ($1, 9, 'penalty_notice', 1, '{}', 'correct', 'x')`, [doc.id]),
    /逐版递增/,
  )
  // a numbered document cannot take a 文号 issued for another
  const other = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS })
  const stolen = await db.one(`SELECT number_id, number_text FROM case_document WHERE id = $1`, [other.id])
  await assert.rejects(
    db.query(`INSERT INTO case_document (id, case_id, kind, number_id, number_text) VALUES ($1, $2, 'penalty_notice', $3, $4)`,
      [crypto.randomUUID(), c.id, stolen.number_id, stolen.number_text]),
    (e: any) => e.code === '23505' || /文号/.test(e.message),
  )
})

test('R-05 处罚法42: only an officer in post with a certificate valid that day signs as an officer', async () => {
  const c = await noticedCase()
  const doc = await post(`/api/cases/${c.id}/documents`, { kind: 'inquiry_record', fields: {
    inquiryTime: '上午9时', place: '办公室', interviewee: '王某', questions: ['问：你是否知道产品不合格？', '答：不知道。'],
  } })
  const suspended = await insertPerson(db, agency.id)
  await insertCertificate(db, suspended, { status: '暂扣' })
  const refused = await inject('POST', `/api/documents/${doc.id}/signatures`, { role: 'officer', personId: suspended, signedOn: day(0), image: dataUrl(signaturePng()) })
  assert.equal(refused.statusCode, 422, refused.body)
  assert.equal(refused.json().code, 'SIGNER_NOT_ACTING')
  const expired = await insertPerson(db, agency.id)
  await insertCertificate(db, expired, { validFrom: day(-400), validTo: day(-10) })
  const lapsed = await inject('POST', `/api/documents/${doc.id}/signatures`, { role: 'officer', personId: expired, signedOn: day(-5), image: dataUrl(signaturePng()) })
  assert.equal(lapsed.json().code, 'SIGNER_NOT_ACTING')
  // the same officer could sign on a day the certificate was valid
  const earlier = await post(`/api/documents/${doc.id}/signatures`, { role: 'officer', personId: expired, signedOn: day(-20), image: dataUrl(signaturePng()) })
  assert.equal(earlier.version, 2)
  // the database holds the rule for any insert
  await assert.rejects(
    db.query(`INSERT INTO document_signature (document_id, version, role, signer_name, person_id, signed_on, refused, image, image_sha256)
              VALUES ($1, 2, 'officer', 'x', $2, $3, false, '\\x0102030405060708', encode(sha256('\\x0102030405060708'::bytea), 'hex'))`,
      [doc.id, suspended, day(0)]),
    (e: any) => e.code === '23514' && e.hint === 'SIGNER_NOT_ACTING',
  )
  const meta = (await inject('GET', `/api/documents/${doc.id}`)).json()
  assert.equal(meta.signatures.length, 1)
  assert.match(meta.signatures[0].imageSha256, /^[0-9a-f]{64}$/)
})

test('R-05 民诉法89: 拒绝签字 is recorded only with a witness and the officer\'s note, and shown on the new version', async () => {
  const c = await noticedCase()
  const doc = await post(`/api/cases/${c.id}/documents`, { kind: 'inspection_record', fields: {
    inspectionTime: '上午9时', place: '仓库', present: '王某', findings: ['库存不合格产品20件。'],
  } })
  const bare = await inject('POST', `/api/documents/${doc.id}/signatures`, { role: 'party', name: '王某', signedOn: day(0), refused: true })
  assert.equal(bare.statusCode, 422, bare.body)
  assert.equal(bare.json().code, 'SIGNATURE_REFUSAL')
  const asOfficer = await inject('POST', `/api/documents/${doc.id}/signatures`, { role: 'witness', name: '赵某', signedOn: day(0), refused: true, witnessName: '钱某', note: '拒签' })
  assert.equal(asOfficer.statusCode, 400)
  const signed = await post(`/api/documents/${doc.id}/signatures`, {
    role: 'party', name: '王某', signedOn: day(0), refused: true, witnessName: '社区主任钱某', note: '当事人拒绝在笔录上签字，已录像',
  })
  assert.equal(signed.version, 2)
  const text = await pdfText(doc.id)
  assert.ok(text.includes('当事人（签名）：王某拒绝签字。见证人：社区主任钱某；执法人员说明：当事人拒绝在笔录上签字，已录像'), text)
  assert.ok(!(await pdfText(doc.id, 1)).includes('拒绝签字'))
  await assert.rejects(
    db.query(`INSERT INTO document_signature (document_id, version, role, signer_name, signed_on, refused) VALUES ($1, 2, 'party', '王某', $2, true)`, [doc.id, day(0)]),
    (e: any) => e.code === '23514',
  )
})

test('R-05: a signature must be a PNG within 200 KB', async () => {
  const c = await noticedCase()
  const doc = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS })
  const sign = (image: string) => inject('POST', `/api/documents/${doc.id}/signatures`, { role: 'party', name: '王某', signedOn: day(0), image })
  const jpeg = await sign(`data:image/jpeg;base64,${Buffer.from('not a png').toString('base64')}`)
  assert.equal(jpeg.json().code, 'SIGNATURE_IMAGE')
  const fake = await sign(`data:image/png;base64,${Buffer.from('GIF89a not a png at all....').toString('base64')}`)
  assert.equal(fake.json().code, 'SIGNATURE_IMAGE')
  const large = signaturePng(1000, 206, true)
  assert.ok(large.length > 200 * 1024 && dataUrl(large).length < 280_000, String(large.length))
  const big = await sign(dataUrl(large))
  assert.equal(big.statusCode, 400)
  assert.equal(big.json().code, 'SIGNATURE_IMAGE')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_document_version WHERE document_id = $1`, [doc.id])).n, 1)
})

test('R-05 处罚法61: 电子送达 only with the party\'s recorded consent; the database refuses it otherwise', async () => {
  const c = await decidedCase()
  const serve = (extra: Record<string, unknown>) =>
    inject('POST', `/api/cases/${c.id}/service`, { actedOn: day(-28), method: '电子送达', documentIds: [c.decisionId], recipient: '王某', ...extra })
  const none = await serve({})
  assert.equal(none.statusCode, 422, none.body)
  assert.equal(none.json().code, 'SERVICE_DATA')
  const forged = await serve({ consentId: crypto.randomUUID() })
  assert.equal(forged.json().code, 'SERVICE_CONSENT_MISSING')
  // straight into the database, past the API
  await assert.rejects(
    db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data) VALUES ($1, '处罚-普通', '送达', $2, $3)`,
      [c.id, day(-28), JSON.stringify({ method: '电子送达', documents: c.decisionId, recipient: '王某', consentId: crypto.randomUUID() })]),
    (e: any) => e.code === '23514' && e.hint === 'SERVICE_CONSENT_MISSING',
  )
  const consent = await post(`/api/cases/${c.id}/service-consents`, { channel: '电子邮件', address: 'wang@example.com', consentedOn: day(-27), confirmation: '送达地址确认书第1号' })
  const beforeConsent = await serve({ consentId: consent.id })
  assert.equal(beforeConsent.json().code, 'SERVICE_CONSENT_MISSING', 'consent given after the sending does not count')
  assert.equal((await db.one(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1 AND type = '送达'`, [c.id])).n, 0)
  const served = await inject('POST', `/api/cases/${c.id}/service`, { actedOn: day(-26), method: '电子送达', documentIds: [c.decisionId], recipient: '王某', consentId: consent.id })
  assert.equal(served.statusCode, 201, served.body)
  assert.equal(served.json().servedOn, day(-26))
  const text = await pdfText(served.json().receipt.id)
  assert.ok(text.includes('电子送达') && text.includes('wang@example.com') && text.includes(c.decisionNumber), text)
})

test('R-05 民诉法95: 公告送达 is deemed served thirty days after publication, and that date is what the case keeps', async () => {
  const c = await decidedCase()
  const noReason = await inject('POST', `/api/cases/${c.id}/service`, { actedOn: day(-28), method: '公告送达', documentIds: [c.decisionId] })
  assert.equal(noReason.json().code, 'SERVICE_DATA')
  const served = await post(`/api/cases/${c.id}/service`, { actedOn: day(-28), method: '公告送达', documentIds: [c.decisionId], reason: '当事人下落不明' })
  assert.equal(served.servedOn, day(2))
  const action = await db.one(`SELECT data FROM case_action WHERE id = $1`, [served.actionId])
  assert.equal(action.data.servedOn, day(2))
  const [y, m, d] = day(2).split('-').map(Number)
  assert.ok((await pdfText(served.receipt.id)).includes(`送达日期：${y}年${m}月${d}日`))
  // R-03: the party's 15 days to pay count from the deemed date, not from publication
  const deadlines = (await inject('GET', `/api/cases/${c.id}/deadlines`)).json()
  const payment = deadlines.items.find((i: { ruleId: string }) => i.ruleId === 'fine-payment')
  assert.equal(payment?.startDate, day(2), JSON.stringify(deadlines.items))
  // a caller cannot choose the served date: the trigger sets it
  const other = await decidedCase()
  await db.query(`INSERT INTO case_action (case_id, kind, type, acted_on, data) VALUES ($1, '处罚-普通', '送达', $2, $3)`,
    [other.id, day(-28), JSON.stringify({ method: '公告送达', documents: other.decisionId, reason: '下落不明', servedOn: day(-28) })])
  const kept = await db.one(`SELECT data->>'servedOn' AS s FROM case_action WHERE case_id = $1 AND type = '送达'`, [other.id])
  assert.equal(kept.s, day(2))
})

test('R-05 民诉法87/89: 直接送达 needs the recipient\'s signature; 留置送达 records the refusal and its witness on the 送达回证', async () => {
  const c = await decidedCase()
  const unsigned = await inject('POST', `/api/cases/${c.id}/service`, { actedOn: day(-28), method: '直接送达', documentIds: [c.decisionId], recipient: '王某' })
  assert.equal(unsigned.json().code, 'SERVICE_SIGNATURE_MISSING')
  const noWitness = await inject('POST', `/api/cases/${c.id}/service`, { actedOn: day(-28), method: '留置送达', documentIds: [c.decisionId], recipient: '王某', refusalNote: '拒收' })
  assert.equal(noWitness.statusCode, 422)
  assert.equal(noWitness.json().code, 'SERVICE_DATA')
  const foreign = await decidedCase()
  const wrongDoc = await inject('POST', `/api/cases/${c.id}/service`, { actedOn: day(-28), method: '公告送达', documentIds: [foreign.decisionId], reason: '下落不明' })
  assert.equal(wrongDoc.json().code, 'SERVICE_DOCUMENTS')
  const served = await post(`/api/cases/${c.id}/service`, {
    actedOn: day(-28), method: '留置送达', documentIds: [c.decisionId], recipient: '王某', witness: '居委会主任孙某', refusalNote: '当事人拒绝签收，已拍照录像',
  })
  assert.equal(served.servedOn, day(-28))
  const text = await pdfText(served.receipt.id)
  assert.ok(text.includes('受送达人（签名）：王某拒绝签字。见证人：居委会主任孙某'), text)
  assert.ok(text.includes('留置于受送达人住所'))
  const sig = await db.one(`SELECT refused, witness_name FROM document_signature WHERE document_id = $1`, [served.receipt.id])
  assert.deepEqual(sig, { refused: true, witness_name: '居委会主任孙某' })
})

test('F-05 R-11: documents are read and made only within data scope, and every read is audited', async () => {
  const c = await noticedCase()
  const doc = await post(`/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS })
  for (const url of [`/api/documents/${doc.id}`, `/api/documents/${doc.id}/pdf`, `/api/documents/${doc.id}/docx`, `/api/cases/${c.id}/documents`]) {
    assert.equal((await inject('GET', url, undefined, stranger)).statusCode, 403, url)
  }
  const made = await inject('POST', `/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS }, stranger)
  assert.equal(made.statusCode, 403)
  const signed = await inject('POST', `/api/documents/${doc.id}/signatures`, { role: 'party', name: 'x', signedOn: day(0), image: dataUrl(signaturePng()) }, stranger)
  assert.equal(signed.statusCode, 403)
  await pdfText(doc.id)
  const reads = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.read.document' AND entity_id = $1`, [doc.id])
  assert.equal(reads.n, 1)
  const created = await db.one(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.document.create' AND entity_id = $1`, [doc.id])
  assert.equal(created.n, 1)
})

test('R-05 文号: 40 documents generated concurrently through the API get consecutive, distinct numbers', async () => {
  const c = await noticedCase()
  const made = await Promise.all(Array.from({ length: 40 }, () => inject('POST', `/api/cases/${c.id}/documents`, { kind: 'penalty_notice', fields: NOTICE_FIELDS })))
  assert.ok(made.every((r) => r.statusCode === 201), made.find((r) => r.statusCode !== 201)?.body)
  const numbers = made.map((r) => Number(/〕(\d+)号$/.exec(r.json().number)![1])).sort((a, b) => a - b)
  assert.equal(new Set(numbers).size, 40)
  assert.equal(numbers.at(-1)! - numbers[0]! + 1, 40)
})
