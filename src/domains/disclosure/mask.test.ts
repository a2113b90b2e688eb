import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { idCheckChar, mask } from './mask.ts'
import { leaks, sampleArb } from './mask.corpus.ts'
import { usccCheckChar } from '../bodies/rules.ts'

const names = ['张伟', '李秀英', '王强', '赵敏']

test('P-10: ID numbers (18 with X/x, 15), mobiles with +86/spaces/dashes, landlines with extensions, bank accounts, addresses and names are masked', () => {
  const cases: [string, string, string][] = [
    ['身份证号53010219900101123X，', '530102199001011', 'id-number'],
    ['证件号码：530102900101123', '530102900101123', 'id-number'],
    ['手机+86 138-1234-5678联系', '1234', 'mobile'],
    ['电话１３８１２３４５６７８', '１２３４５６７８', 'mobile'],
    ['座机(0871)65123456转801', '65123456', 'landline'],
    ['座机0878-3123456-801', '3123456', 'landline'],
    ['开户账号6222 0212 3456 7890 123', '3456', 'bank-account'],
    ['卡号6222021234567890123', '6222021234567890123', 'bank-account'],
    ['住址：云南省楚雄市鹿城镇人民路12号3栋2单元501室。', '人民路12号', 'address'],
    ['家住紫溪村五组', '紫溪村', 'address'],
  ]
  for (const [text, hidden, kind] of cases) {
    const m = mask(text)
    assert.ok(!m.text.includes(hidden), `${text} -> ${m.text}`)
    assert.ok(m.spans.some((s) => s.kind === kind), `${text}: ${JSON.stringify(m.spans)}`)
    for (const s of m.spans) assert.match(m.text.slice(s.start, s.end), /^\*+$/)
  }
  const n = mask('当事人张伟与证人李秀英', { persons: ['张伟', '李秀英'] })
  assert.equal(n.text, '当事人张某某与证人李某某')
  assert.deepEqual(n.spans.map((s) => [n.text.slice(s.start, s.end), s.kind]), [['张某某', 'name'], ['李某某', 'name']])
})

test('P-10: legal persons, their 统一社会信用代码, the agency, 文号, dates, amounts and articles stay visible', () => {
  const code = '91532301MA6K7XQ14' + usccCheckChar('91532301MA6K7XQ14')
  const text = `楚雄州楚雄市市场监督管理局对楚雄鹿城建材有限公司（统一社会信用代码${code}）作出楚市监罚〔2025〕12号决定：罚款人民币5000元，依据《食品安全法》第一百二十二条，于2025年9月30日送达。监督电话0878-3123456`
  const m = mask(text, { keep: ['0878-3123456', '楚雄鹿城建材有限公司'] })
  for (const visible of ['楚雄州楚雄市市场监督管理局', '楚雄鹿城建材有限公司', '楚市监罚〔2025〕12号', '5000元', '第一百二十二条', '2025年9月30日', '0878-3123456']) {
    assert.ok(m.text.includes(visible), `${visible} in ${m.text}`)
  }
  assert.ok(m.text.includes(code), m.text)
})

test('P-10: ID check character of GB 11643', () => {
  assert.equal(idCheckChar('11010519491231002'), 'X')
  assert.equal(idCheckChar('44052418800101001'), '4')
})

test('P-10 property: in 2,000 generated texts no ID number, phone, address, bank account or name survives masking', () => {
  fc.assert(
    fc.property(sampleArb(names), (sample) => {
      const m = mask(sample.text, { persons: names })
      const leaked = leaks(m.text, sample.secrets)
      assert.deepEqual(leaked, [], `${sample.text}\n=> ${m.text}`)
      for (const s of m.spans) assert.ok(s.start >= 0 && s.end <= m.text.length && s.start < s.end)
    }),
    { numRuns: 2000, seed: 20260 },
  )
})

test('P-10: masking is linear in the text: 50,000 characters of address-like runs take well under a second each', () => {
  for (const unit of ['市区县镇乡村', '楚雄市', '路街巷', '1号2', '1 ', '住址：楚', '0871-', '云南省楚雄州鹿城镇人民路12号3栋，']) {
    const text = unit.repeat(Math.ceil(50000 / unit.length)).slice(0, 50000)
    const started = process.hrtime.bigint()
    mask(text, { persons: ['张伟'], keep: ['楚雄'] })
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    assert.ok(ms < 1500, `${unit}: ${ms} ms`)
  }
})
