import { test } from 'node:test'
import assert from 'node:assert/strict'
import { usccCheckChar } from '../../bodies/rules.ts'
import { idCheckChar } from '../mask.ts'
import { LICENCE_FIELDS, PENALTY_FIELDS } from './fields.ts'
import { maskIdNumber, validateRow, validateTable, validDay } from './import.ts'

const TODAY = '2026-06-15'
const uscc = (first17: string) => first17 + usccCheckChar(first17)
const ORG = uscc('91532301MA6K0000A')
const SOLE = uscc('92532301MA6K0000B')
const AGENCY = uscc('11532301015000000')
const ID = (() => { const f = '53230119850612002'; return f + idCheckChar(f) })()

const licence = (extra: Record<string, string> = {}): Record<string, string> => ({
  XK_XDR_MC: '某某餐饮有限公司', XK_XDR_LB: '法人及非法人组织', XK_XDR_SHXYM: ORG, XK_XKWS: '准予行政许可决定书', XK_WSH: '楚市监许〔2026〕1号',
  XK_XKLB: '普通', XK_NR: '准予食品经营许可', XK_JDRQ: '2026-06-01', XK_YXQZ: '2026-06-01', XK_YXQZI: '2031-05-31', XK_XKJG: '某市市场监督管理局',
  XK_XKJGDM: AGENCY, XK_ZT: '有效', XK_LYDW: '某市市场监督管理局', XK_LYDWDM: AGENCY, ...extra,
})
const penalty = (extra: Record<string, string> = {}): Record<string, string> => ({
  CF_XDR_MC: '李某某', CF_XDR_LB: '自然人', CF_XDR_ZJLX: '身份证', CF_XDR_ZJHM: ID, CF_WSH: '楚市监罚〔2026〕1号', CF_WFXW: '占道经营',
  CF_SY: '当事人占道经营', CF_YJ: '《某条例》第十条', CF_CFLB: '罚款', CF_NR: '罚款人民币一百元', CF_NR_FK: '0.01', CF_JDRQ: '2026-06-01',
  CF_CFJG: '某市市场监督管理局', CF_CFJGDM: AGENCY, CF_SJLY: '某市市场监督管理局', CF_SJLYDM: AGENCY, ...extra,
})
const codes = (kind: '处罚' | '许可', cells: Record<string, string>) => validateRow(kind, 2, cells, TODAY).map((e) => `${e.field} ${e.code}`)

test('X-02: the field set holds the reference\'s columns, codes unique per kind', () => {
  for (const fields of [PENALTY_FIELDS, LICENCE_FIELDS]) assert.equal(new Set(fields.map((f) => f.code)).size, fields.length)
  assert.equal(PENALTY_FIELDS.length, 30)
  for (const code of ['CF_XDR_MC', 'CF_XDR_SHXYM', 'CF_XDR_ZJHM', 'CF_CFLB', 'CF_NR_FK', 'CF_JDRQ', 'CF_GSJZQ', 'CF_CFJGDM', 'BZ']) assert.ok(PENALTY_FIELDS.some((f) => f.code === code), code)
  assert.equal(LICENCE_FIELDS.find((f) => f.code === 'XK_XKLB')!.values!.join('/'), '普通/特许/认可/核准/登记/其他-')
})

test('X-02: good rows of both kinds pass; a masked 身份证 (published form) passes, a wrong check character does not (GB 11643)', () => {
  assert.deepEqual(codes('许可', licence()), [])
  assert.deepEqual(codes('处罚', penalty()), [])
  assert.equal(maskIdNumber(ID), `${ID.slice(0, 6)}********${ID.slice(14)}`)
  assert.deepEqual(codes('处罚', penalty({ CF_XDR_ZJHM: maskIdNumber(ID) })), [])
  assert.deepEqual(codes('处罚', penalty({ CF_XDR_ZJHM: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') })), ['CF_XDR_ZJHM ID_NUMBER_INVALID'])
  assert.deepEqual(codes('处罚', penalty({ CF_XDR_ZJHM: `${ID.slice(0, 6)}****${ID.slice(10)}` })), ['CF_XDR_ZJHM ID_NUMBER_INVALID'], 'a half-masked number is neither')
  assert.deepEqual(codes('处罚', penalty({ CF_XDR_ZJLX: '护照号', CF_XDR_ZJHM: 'E12345678' })), [], 'other document types carry no GB 11643 check')
})

test('X-02: enums with 其他-<name> and several 处罚类别; an unknown value refused', () => {
  assert.deepEqual(codes('许可', licence({ XK_XKLB: '其他-备案' })), [])
  assert.deepEqual(codes('许可', licence({ XK_XKLB: '其他-' })), ['XK_XKLB ENUM_INVALID'])
  assert.deepEqual(codes('处罚', penalty({ CF_CFLB: '警告；罚款' })), [])
  assert.deepEqual(codes('处罚', penalty({ CF_CFLB: '警告；罚钱' })), ['CF_CFLB ENUM_INVALID'])
  assert.deepEqual(codes('许可', licence({ XK_ZT: '正常' })), ['XK_ZT ENUM_INVALID'])
})

test('X-02: dates: real days only, decision not in the future and not after the validity or publicity end', () => {
  assert.equal(validDay('2024-02-29'), true)
  assert.equal(validDay('2025-02-29'), false)
  assert.equal(validDay('2026/06/01'), false)
  assert.deepEqual(codes('许可', licence({ XK_JDRQ: '2026-06-16', XK_YXQZ: '2026-06-16' })), ['XK_JDRQ DATE_IN_FUTURE'])
  assert.deepEqual(codes('许可', licence({ XK_JDRQ: TODAY, XK_YXQZ: TODAY })), [], 'today is not the future')
  assert.deepEqual(codes('许可', licence({ XK_YXQZI: '2026-05-01' })), ['XK_YXQZI DATE_BEFORE_DECISION', 'XK_YXQZI DATE_BEFORE_START'])
  assert.deepEqual(codes('处罚', penalty({ CF_GSJZQ: '2026-05-31' })), ['CF_GSJZQ DATE_BEFORE_DECISION'])
  assert.deepEqual(codes('处罚', penalty({ CF_GSJZQ: '2026-06-01' })), [])
})

test('X-02: amounts in 万元: numeric, ≥ 0, at most 6 decimals', () => {
  for (const ok of ['0', '0.000001', '12.5', '100000']) assert.deepEqual(codes('处罚', penalty({ CF_NR_FK: ok })), [], ok)
  for (const bad of ['12,5', '-0.5', '1.0000001', '1e3', '１２', '¥12']) assert.deepEqual(codes('处罚', penalty({ CF_NR_FK: bad })), ['CF_NR_FK AMOUNT_INVALID'], bad)
})

test('X-02: a 自然人 carries no organisation codes; an organisation needs a valid USCC, a 个体工商户 one starting 92 (GB 32100)', () => {
  assert.deepEqual(codes('处罚', penalty({ CF_XDR_SHXYM: ORG })), ['CF_XDR_SHXYM PERSON_NO_ORG_CODE'])
  assert.deepEqual(codes('许可', licence({ XK_XDR_SHXYM: '' })), ['XK_XDR_SHXYM ORG_USCC_REQUIRED'])
  assert.deepEqual(codes('许可', licence({ XK_XDR_SHXYM: ORG.slice(0, 17) + (ORG[17] === '0' ? '1' : '0') })), ['XK_XDR_SHXYM USCC_INVALID'])
  assert.deepEqual(codes('许可', licence({ XK_XDR_LB: '个体工商户' })), ['XK_XDR_SHXYM USCC_CATEGORY'])
  assert.deepEqual(codes('许可', licence({ XK_XDR_LB: '个体工商户', XK_XDR_SHXYM: SOLE })), [])
  assert.deepEqual(codes('许可', licence({ XK_XDR_SHXYM: SOLE })), ['XK_XDR_SHXYM USCC_CATEGORY'])
  assert.deepEqual(codes('许可', licence({ XK_XKJGDM: 'ABC' })), ['XK_XKJGDM USCC_INVALID'])
  assert.deepEqual(codes('许可', licence({ XK_FR_ZJHM: ID })), ['XK_FR_ZJLX ID_TYPE_REQUIRED'])
})

test('X-02: a table: kind from the header, empty lines skipped but counted in row numbers, unknown columns refused', () => {
  const header = LICENCE_FIELDS.map((f) => f.code)
  const line = (cells: Record<string, string>) => header.map((c) => cells[c] ?? '')
  const r = validateTable([header, line(licence()), header.map(() => ''), line(licence({ XK_WSH: '' }))], TODAY)
  assert.equal(r.kind, '许可')
  assert.equal(r.rows, 2)
  assert.equal(r.valid, 1)
  assert.deepEqual(r.errors.map((e) => `${e.row} ${e.field} ${e.code}`), ['4 XK_WSH REQUIRED'])
  assert.throws(() => validateTable([[...header, 'CF_WSH']], TODAY), (e: { code: string }) => e.code === 'UNKNOWN_COLUMN')
  assert.throws(() => validateTable([[...header, 'XK_WSH']], TODAY), (e: { code: string }) => e.code === 'DUPLICATE_COLUMN')
  assert.throws(() => validateTable([header], TODAY, '处罚'), (e: { code: string }) => e.code === 'UNKNOWN_COLUMN', 'a 许可 file checked as 处罚')
})
