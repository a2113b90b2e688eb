import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { makeOrg, testApp, testDb } from '../../../../test/support.ts'
import { day, makeCaseWorld, type CaseWorld, type Member } from '../../cases/approvals.test-world.ts'
import { randomUscc } from '../../../portal/portal.fixtures.ts'
import { insertCertificate, insertPerson } from '../../people/test-world.ts'
import { usccCheckChar } from '../../bodies/rules.ts'
import { idCheckChar } from '../mask.ts'
import { PENALTY_FIELDS, LICENCE_FIELDS } from './fields.ts'
import { CSV_TYPE, XLSX_TYPE, parseCsv, parseXlsx } from './import.ts'
import { toCsv, toXlsx } from './export.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld
let officer: Member
let stranger: Member
const onSite: string[] = []
const ID_NUMBER = (() => { const f = '53010219900101123'; return f + idCheckChar(f) })()
const ORG_USCC = (() => { const f = '91532301' + String(Date.now()).slice(-9); return f + usccCheckChar(f) })()

async function publicationOf(caseId: string) {
  return db.one<{ id: string }>(`SELECT id FROM publication WHERE case_id = $1`, [caseId])
}
async function publish(caseId: string) {
  const pub = await publicationOf(caseId)
  const res = await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  assert.equal(res.statusCode, 201, res.body)
  return pub
}

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
  officer = await w.member(['disclosure'])
  stranger = await w.member(['officer'])
  for (let i = 0; i < 2; i++) {
    const id = await insertPerson(db, w.agency.id)
    await insertCertificate(db, id, { validFrom: '2024-01-01', validTo: '2028-12-31' })
    onSite.push(id)
  }
  await db.query(
    `INSERT INTO enforcement_body (id, uscc, body_kind, legal_basis, domains, address, postcode, phone, supervisor_name, supervisor_contact, reconsideration_body, court)
     VALUES ($1, $2, '行政机关', '《中华人民共和国行政处罚法》', '{市场监管}', '测试市人民路1号', '100000', '0878-3123456', '测试市司法局', '0878-3987654', '测试市人民政府', '测试市中级人民法院')`,
    [w.agency.id, randomUscc()],
  )
  // 处罚: a citizen with an ID number, an organisation with its USCC, and one withdrawn (left out)
  const a = await w.newCase('处罚-简易', { partyName: '李小明', summary: '在人民路12号门前占道经营' })
  await w.ok(a.id, { type: '现场处罚决定', actedOn: day(-1), officers: onSite, data: { documentNo: `JY1${Date.now() % 100000}`, penalty: '罚款', fineYuan: 150, partyIdNumber: ID_NUMBER, facts: '当事人占道经营' } })
  await publish(a.id)
  const b = await w.newCase('处罚-简易', { partyName: '某某商贸有限公司', partyKind: 'organisation', summary: '未按规定明码标价' })
  await w.ok(b.id, { type: '现场处罚决定', actedOn: day(-2), officers: onSite, data: { documentNo: `JY2${Date.now() % 100000}`, penalty: '罚款', fineYuan: 2500, partyUscc: ORG_USCC } })
  await publish(b.id)
  const c = await w.newCase('处罚-简易', { partyName: '某某撤回有限公司', partyKind: 'organisation', summary: '撤回的决定' })
  await w.ok(c.id, { type: '现场处罚决定', actedOn: day(-3), officers: onSite, data: { documentNo: `JY3${Date.now() % 100000}`, penalty: '罚款', fineYuan: 1000, partyUscc: randomUscc() } })
  const withdrawn = await publish(c.id)
  const wd = await w.post(`/api/publications/${withdrawn.id}/withdraw`, { reason: '原处罚决定已被撤销', trigger: '撤销', triggerDate: day(0) }, officer)
  assert.equal(wd.statusCode, 201, wd.body)
  // 许可: an organisation's licence
  const l = await w.newCase('许可', { partyName: '某某餐饮有限公司', partyKind: 'organisation', summary: '食品经营许可' })
  await w.ok(l.id, { type: '申请', actedOn: day(-6) })
  await w.ok(l.id, { type: '受理', actedOn: day(-5) })
  await w.ok(l.id, { type: '审查', actedOn: day(-4) })
  await w.ok(l.id, { type: '决定', actedOn: day(-2), data: { result: '准予行政许可', partyUscc: ORG_USCC, licenceCategory: '普通', licenceNo: 'JY15323010001', certificateName: '食品经营许可证', validTo: '2031-01-01' } }, w.head)
  await publish(l.id)
})
after(async () => app.close())

const exportFile = async (kind: string, format: string, who = officer) =>
  app.inject({ method: 'GET', url: `/api/exchange/shuanggongshi?kind=${encodeURIComponent(kind)}&format=${format}&agency=${w.agency.id}`, headers: who.session.headers })

const validate = async (body: Buffer | string, type: string, who = officer) =>
  app.inject({ method: 'POST', url: '/api/exchange/shuanggongshi/validate', payload: body, headers: { ...who.session.headers, 'content-type': type } })

test('X-02: 处罚 export as CSV (BOM, header of codes) and XLSX re-imports with zero errors; withdrawn publications left out; ID numbers never in clear', async () => {
  const csv = await exportFile('处罚', 'csv')
  assert.equal(csv.statusCode, 200, csv.body)
  assert.deepEqual([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel')
  const table = await parseCsv(csv.rawPayload)
  assert.deepEqual(table[0], PENALTY_FIELDS.map((f) => f.code))
  assert.equal(table.length, 3, 'two published penalties, the withdrawn one left out')
  assert.ok(!csv.rawPayload.toString('utf8').includes(ID_NUMBER), 'the ID number is not exported in clear')
  assert.ok(!csv.rawPayload.toString('utf8').includes('李小明'), 'the masked name only')
  const rows = table.slice(1).map((r) => Object.fromEntries(table[0]!.map((c, i) => [c, r[i]])))
  const person = rows.find((r) => r.CF_XDR_LB === '自然人')!
  assert.equal(person.CF_XDR_ZJLX, '身份证')
  assert.equal(person.CF_XDR_ZJHM, `${ID_NUMBER.slice(0, 6)}********${ID_NUMBER.slice(14)}`)
  assert.equal(person.CF_NR_FK, '0.015000', '150 元 = 0.015000 万元')
  assert.equal(person.CF_XDR_SHXYM, '')
  const org = rows.find((r) => r.CF_XDR_LB === '法人及非法人组织')!
  assert.equal(org.CF_XDR_SHXYM, ORG_USCC)
  assert.equal(org.CF_NR_FK, '0.250000')
  assert.equal(org.CF_CFLB, '罚款')
  assert.match(org.CF_GSJZQ!, /^\d{4}-\d{2}-\d{2}$/)

  const checked = await validate(csv.rawPayload, CSV_TYPE)
  assert.equal(checked.statusCode, 200, checked.body)
  assert.deepEqual(checked.json(), { kind: '处罚', rows: 2, valid: 2, errors: [] })

  const xlsx = await exportFile('处罚', 'xlsx')
  assert.equal(xlsx.statusCode, 200)
  assert.match(String(xlsx.headers['content-type']), /spreadsheetml/)
  const sheet = await parseXlsx(xlsx.rawPayload)
  assert.deepEqual(sheet, table, 'XLSX holds the same cells as the CSV')
  const checkedX = await validate(xlsx.rawPayload, XLSX_TYPE)
  assert.deepEqual(checkedX.json(), { kind: '处罚', rows: 2, valid: 2, errors: [] })
})

test('X-02: 许可 export as CSV and XLSX re-imports with zero errors', async () => {
  for (const [format, type] of [['csv', CSV_TYPE], ['xlsx', XLSX_TYPE]] as const) {
    const file = await exportFile('许可', format)
    assert.equal(file.statusCode, 200, file.body)
    const table = format === 'csv' ? await parseCsv(file.rawPayload) : await parseXlsx(file.rawPayload)
    assert.deepEqual(table[0], LICENCE_FIELDS.map((f) => f.code))
    assert.equal(table.length, 2)
    const row = Object.fromEntries(table[0]!.map((c, i) => [c, table[1]![i]]))
    assert.equal(row.XK_XKLB, '普通')
    assert.equal(row.XK_XDR_SHXYM, ORG_USCC)
    assert.equal(row.XK_YXQZI, '2031-01-01')
    assert.equal(row.XK_ZT, '有效')
    const checked = await validate(file.rawPayload, type)
    assert.deepEqual(checked.json(), { kind: '许可', rows: 1, valid: 1, errors: [] })
  }
})

test('X-02: from/to filter the decision date; from after to is refused', async () => {
  const rowsOf = async (q: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/exchange/shuanggongshi?kind=${encodeURIComponent('处罚')}&${q}`, headers: officer.session.headers })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.headers['x-row-count'], String((await parseCsv(res.rawPayload)).length - 1))
    return Number(res.headers['x-row-count'])
  }
  assert.equal(await rowsOf(`from=${day(-1)}`), 1)
  assert.equal(await rowsOf(`to=${day(-2)}`), 1)
  assert.equal(await rowsOf(`from=${day(-2)}&to=${day(-1)}`), 2)
  assert.equal(await rowsOf(`from=${day(0)}`), 0)
  const wrong = await app.inject({ method: 'GET', url: `/api/exchange/shuanggongshi?kind=${encodeURIComponent('处罚')}&from=${day(0)}&to=${day(-1)}`, headers: officer.session.headers })
  assert.equal(wrong.json().code, 'DATE_RANGE')
})

test('X-02: a file with broken rows is answered row by row with row numbers, field codes and Chinese reasons; nothing written', async () => {
  const exported = await parseCsv((await exportFile('处罚', 'csv')).rawPayload)
  const org = exported.slice(1).map((r) => Object.fromEntries(exported[0]!.map((c, i) => [c, r[i] ?? '']))).find((r) => r.CF_XDR_LB === '法人及非法人组织')!
  const badUscc = ORG_USCC.slice(0, 17) + (ORG_USCC[17] === '0' ? '1' : '0')
  const rows: Record<string, string>[] = [
    { ...org },                                              // row 2: fine
    { ...org, CF_XDR_SHXYM: badUscc },                       // row 3: USCC check digit
    { ...org, CF_JDRQ: '2025-02-30' },                       // row 4: no such day
    { ...org, CF_NR_FK: '12,5' },                            // row 5: amount
    { ...org, CF_CFLB: '罚钱' },                             // row 6: unknown enum
    { ...org, CF_WSH: '' },                                  // row 7: missing required
    { ...org, CF_JDRQ: day(30), CF_GSJZQ: day(40) },         // row 8: future decision
    { ...org, CF_GSJZQ: '2020-01-01' },                      // row 9: publicity end before decision
    { ...org, CF_XDR_LB: '自然人', CF_XDR_SHXYM: '' },        // row 10: person without ID
    { ...org, CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '身份证', CF_XDR_ZJHM: ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '1' ? '2' : '1') }, // row 11: ID check digit
    { ...org, CF_NR_FK: '1.1234567' },                       // row 12: 7 decimals
    { ...org, CF_NR_FK: '-1' },                              // row 13: negative
  ]
  const csv = await toCsv('处罚', rows)
  const before = await db.one<{ n: number }>(`SELECT (SELECT count(*) FROM publication) + (SELECT count(*) FROM publication_version) AS n`)
  for (const [file, type] of [[csv, CSV_TYPE], [await toXlsx('处罚', rows), XLSX_TYPE]] as const) {
    const res = await validate(file, type)
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json() as { rows: number; valid: number; errors: { row: number; field: string; code: string; message: string }[] }
    assert.equal(body.rows, 12)
    assert.equal(body.valid, 1)
    const got = body.errors.map((e) => `${e.row} ${e.field} ${e.code}`)
    for (const want of [
      '3 CF_XDR_SHXYM USCC_INVALID', '4 CF_JDRQ DATE_INVALID', '5 CF_NR_FK AMOUNT_INVALID', '6 CF_CFLB ENUM_INVALID', '7 CF_WSH REQUIRED',
      '8 CF_JDRQ DATE_IN_FUTURE', '9 CF_GSJZQ DATE_BEFORE_DECISION', '10 CF_XDR_ZJLX PERSON_ID_TYPE_REQUIRED', '10 CF_XDR_ZJHM PERSON_ID_REQUIRED',
      '11 CF_XDR_ZJHM ID_NUMBER_INVALID', '12 CF_NR_FK AMOUNT_INVALID', '13 CF_NR_FK AMOUNT_INVALID',
    ]) assert.ok(got.includes(want), `${want} in ${JSON.stringify(got)}`)
    assert.ok(!body.errors.some((e) => e.row === 2), 'the good row has no error')
    for (const e of body.errors) assert.match(e.message, new RegExp(`^第${e.row}行：.*[\\u4e00-\\u9fff]`))
    assert.ok(body.errors.find((e) => e.row === 4)!.message.includes('CF_JDRQ'))
  }
  const after = await db.one<{ n: number }>(`SELECT (SELECT count(*) FROM publication) + (SELECT count(*) FROM publication_version) AS n`)
  assert.equal(after.n, before.n, 'a check writes nothing')
})

test('X-02: unknown columns refuse the file; a wrong content type, no role or another agency is refused', async () => {
  const header = PENALTY_FIELDS.map((f) => f.code).join(',')
  const unknown = await validate(`${header},CF_EXTRA\n`, CSV_TYPE)
  assert.equal(unknown.statusCode, 400)
  assert.equal(unknown.json().code, 'UNKNOWN_COLUMN')
  assert.match(unknown.json().message, /CF_EXTRA/)
  const mixed = await validate(`${header},XK_XKLB\n`, CSV_TYPE)
  assert.equal(mixed.json().code, 'UNKNOWN_COLUMN')
  const noHeader = await validate('a,b\n1,2\n', CSV_TYPE)
  assert.equal(noHeader.json().code, 'EXCHANGE_HEADER')
  const json = await validate(JSON.stringify({ a: 1 }), 'application/json')
  assert.equal(json.statusCode, 400)
  assert.equal((await validate(`${header}\n`, CSV_TYPE, stranger)).statusCode, 403)
  assert.equal((await exportFile('处罚', 'csv', stranger)).statusCode, 403)
  // files up to 10 MB are taken, a larger one is refused before it is read
  const big = Buffer.concat([Buffer.from(`${header}\n`), Buffer.alloc(10 * 1024 * 1024, 0x0a)])
  const tooBig = await validate(big, CSV_TYPE)
  assert.equal(tooBig.statusCode, 413)
  assert.equal(tooBig.json().code, 'BODY_TOO_LARGE')
  const longRow = `${header}\n${','.repeat(PENALTY_FIELDS.length - 1)}${'x'.repeat(2 * 1024 * 1024)}\n`
  const justFits = await validate(longRow, CSV_TYPE)
  assert.equal(justFits.statusCode, 200, 'above the 1 MB JSON limit, within 10 MB')
  assert.ok(justFits.json().errors.some((e: { row: number; field: string; code: string }) => e.row === 2 && e.field === 'BZ' && e.code === 'TOO_LONG'))
  const elsewhere = await w.member(['disclosure'], await makeOrg(db, { parent: await makeOrg(db, { level: 'county' }), kind: 'agency', level: 'county' }))
  const foreign = await exportFile('处罚', 'csv', elsewhere)
  assert.equal(foreign.statusCode, 403, 'another agency is out of the data scope')
  const own = await app.inject({ method: 'GET', url: '/api/exchange/shuanggongshi?kind=处罚', headers: elsewhere.session.headers })
  assert.equal((await parseCsv(own.rawPayload)).length, 1, 'its own scope holds no publication: the header only')
  const bad = await app.inject({ method: 'GET', url: '/api/exchange/shuanggongshi?kind=强制', headers: officer.session.headers })
  assert.equal(bad.statusCode, 400)
})
