// P-10: a generated corpus of texts in which natural persons' ID numbers, phones, addresses,
// bank accounts and names hide among what must stay (legal persons, 统一社会信用代码, 文号,
// dates, amounts), in the shapes officers type them: full-width digits, spaces, dashes, +86,
// extensions, no punctuation between items.
import fc from 'fast-check'
import { idCheckChar } from './mask.ts'
import { USCC_ALPHABET, usccCheckChar } from '../bodies/rules.ts'

export type Secret = { kind: 'id-number' | 'mobile' | 'landline' | 'bank-account' | 'address' | 'name'; text: string; core: string }
export type Sample = { text: string; secrets: Secret[]; kept: string[] }

const digit = fc.integer({ min: 0, max: 9 }).map(String)
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''))
const pad = (n: number, w = 2) => String(n).padStart(w, '0')

const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
const styled = (s: string) => fc.constantFrom((x: string) => x, fullWidth).map((f) => f(s))

const area = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(5)).map(([a, b]) => `${a}${b}`)
const birth = fc.tuple(fc.integer({ min: 1935, max: 2012 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))

export const idNumber18 = fc.tuple(area, birth, digits(3), fc.boolean()).map(([a, [y, m, d], seq, lower]) => {
  const first17 = `${a}${y}${pad(m)}${pad(d)}${seq}`
  const check = idCheckChar(first17)
  return first17 + (lower ? check.toLowerCase() : check)
})
export const idNumber15 = fc.tuple(area, birth, digits(3)).map(([a, [y, m, d], seq]) => `${a}${String(y).slice(2)}${pad(m)}${pad(d)}${seq}`)

export const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9), fc.constantFrom('', '+86', '+86 ', '86-', '(+86)', '0086 '), fc.constantFrom('', ' ', '-'))
  .map(([second, rest, prefix, sep]) => {
    const n = `1${second}${rest}`
    return { text: `${prefix}${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}`, core: n }
  })

export const landline = fc.tuple(fc.constantFrom('010', '021', '0871', '0878', '0755', '023'), fc.integer({ min: 2, max: 8 }), digits(6), fc.boolean(),
  fc.constantFrom('', '转801', ' 转 12', '-8001', '分机3'), fc.constantFrom('-', ' ', '', 'paren'))
  .map(([code, first, rest, eight, ext, sep]) => {
    const local = `${first}${eight ? rest : rest.slice(0, 5)}${eight ? '' : rest.slice(5, 6)}`
    const head = sep === 'paren' ? `(${code})` : `${code}${sep}`
    return { text: `${head}${local}${ext}`, core: `${code}${local}` }
  })

export const bankAccount = fc.tuple(fc.constantFrom('62', '43', '60', '95'), fc.integer({ min: 14, max: 17 }).chain((n) => digits(n)), fc.constantFrom('', ' ', '-'))
  .map(([bin, rest, sep]) => {
    const n = bin + rest
    return { text: sep ? n.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : n, core: n }
  })

const placeChars = '楚雄鹿城永安南华姚安大理昆明东风青年滇池金碧建设光明新华和平团结兴隆彩云紫溪'.split('')
const place = (min: number, max: number) => fc.array(fc.constantFrom(...placeChars), { minLength: min, maxLength: max }).map((c) => c.join(''))
const cnNum = fc.constantFrom('一', '二', '三', '十二', '二十')
export const address = fc.tuple(
  fc.option(place(2, 3).map((p) => `${p}省`), { nil: '' }),
  fc.option(place(2, 3).map((p) => `${p}${['市', '州'][p.length % 2]}`), { nil: '' }),
  fc.option(place(2, 3).map((p) => `${p}${['区', '县'][p.length % 2]}`), { nil: '' }),
  fc.option(place(2, 3).map((p) => `${p}${['镇', '乡', '街道'][p.length % 3]}`), { nil: '' }),
  fc.oneof(
    fc.tuple(place(2, 3), fc.constantFrom('路', '街', '大道', '巷')).map(([p, s]) => `${p}${s}`),
    fc.tuple(place(2, 3), fc.constantFrom('村', '社区')).map(([p, s]) => `${p}${s}`),
  ),
  fc.integer({ min: 1, max: 999 }),
  fc.option(
    fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 101, max: 2605 })).map(([b, u, r]) => `${b}栋${u}单元${r}室`),
      fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 101, max: 2605 })).map(([b, r]) => `${b}幢${r}室`),
      cnNum.map((n) => `${n}组`),
    ),
    { nil: '' },
  ),
).map(([prov, city, county, town, road, no, unit]) => {
  const core = `${road}${no}号${unit}`
  return { text: `${prov}${city}${county}${town}${core}`, core }
})

const surnames = '张王李赵刘陈杨黄周吴'.split('')
const given = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚'.split('')
export const personName = fc.tuple(fc.constantFrom(...surnames), fc.array(fc.constantFrom(...given), { minLength: 1, maxLength: 2 })).map(([s, g]) => s + g.join(''))

export function randomUscc(seed: number[]): string {
  const first17 = '91' + seed.slice(0, 6).map((n) => n % 10).join('') + seed.slice(6, 15).map((n) => USCC_ALPHABET[n % USCC_ALPHABET.length]).join('')
  return first17 + usccCheckChar(first17)
}
const uscc = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 15, maxLength: 15 }).map(randomUscc).filter((c) => /[A-Z]/.test(c.slice(8)))
const company = fc.tuple(place(2, 3), fc.constantFrom('建材有限公司', '食品有限责任公司', '商贸有限公司', '餐饮店')).map(([p, s]) => `${p}${s}`)

const noise = fc.constantFrom(
  '经查，', '当事人', '于2025年9月30日', '楚市监罚〔2025〕12号', '罚款人民币5000元', '违反《中华人民共和国食品安全法》第一百二十二条', '。', '，', '；', '',
  ' ', '\n', '（', '）', '：', '电话', '住址：', '身份证号码', '开户账号：', '联系人', 'Tel:', '第3次', '3个月内', '决定如下', '账户', '现住',
)

/** Sample texts with the secrets they contain; names come from `names` (the case's persons). */
export function sampleArb(names: string[]): fc.Arbitrary<Sample> {
  const secret: fc.Arbitrary<Secret> = fc.oneof(
    idNumber18.chain((s) => styled(s).map((t) => ({ kind: 'id-number' as const, text: t, core: s.toUpperCase() }))),
    idNumber15.chain((s) => styled(s).map((t) => ({ kind: 'id-number' as const, text: t, core: s }))),
    mobile.chain((m) => styled(m.text).map((t) => ({ kind: 'mobile' as const, text: t, core: m.core }))),
    landline.chain((m) => styled(m.text).map((t) => ({ kind: 'landline' as const, text: t, core: m.core }))),
    bankAccount.chain((m) => styled(m.text).map((t) => ({ kind: 'bank-account' as const, text: t, core: m.core }))),
    address.map((a) => ({ kind: 'address' as const, text: a.text, core: a.core })),
    fc.constantFrom(...names).map((n) => ({ kind: 'name' as const, text: n, core: n })),
  )
  const keptItem = fc.oneof(uscc, company)
  const piece = fc.oneof(
    { weight: 3, arbitrary: secret.map((s) => ({ secret: s })) },
    { weight: 1, arbitrary: keptItem.map((k) => ({ kept: k })) },
    { weight: 3, arbitrary: noise.map((n) => ({ noise: n })) },
  )
  return fc.array(piece, { minLength: 3, maxLength: 14 }).map((pieces) => {
    const secrets: Secret[] = []
    const kept: string[] = []
    let text = ''
    for (const p of pieces) {
      if ('secret' in p) {
        secrets.push(p.secret)
        text += p.secret.text
      } else if ('kept' in p) {
        kept.push(p.kept)
        text += `，${p.kept}，`
      } else text += p.noise
    }
    return { text: text || '无', secrets, kept }
  })
}

/** Digits as ASCII, X upper-case, spaces and dashes gone: how a leak would read. */
export function flat(text: string): string {
  return text
    .replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[xｘＸ]/g, 'X')
    .replace(/[\s\-－()（）+]/g, '')
}

/** The secrets still readable in a text (empty: nothing leaked). */
export function leaks(published: string, secrets: Secret[]): Secret[] {
  const f = flat(published)
  return secrets.filter((s) => f.includes(flat(s.core)))
}
