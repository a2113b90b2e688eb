import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { article59Problems, penaltyDecisionDocx, penaltyDecisionPdf, type PenaltyDecision } from './index.ts'
import { breakUnits, wrapText } from './pdf.ts'
import { maskIdNumber } from './rules.ts'

const FONT_BYTES = 10_559_284

const decision: PenaltyDecision = {
  agencyName: '楚雄市市场监督管理局',
  documentNumber: '楚市监罚〔2026〕12号',
  party: {
    kind: 'organisation',
    name: '楚雄市鹿城镇味香园餐饮有限公司',
    uscc: '91532301MA6N8XY0TK',
    legalRepresentative: '李明',
    address: '云南省楚雄彝族自治州楚雄市鹿城南路88号',
  },
  facts:
    '2026年1月15日，本局执法人员对当事人经营场所进行检查，发现当事人后厨冷藏柜内存放超过保质期的“鲜牛奶”12盒（每盒250毫升，保质期至2026年1月10日），货值金额共计人民币96元。当事人用于制作饮品，尚未售出。',
  evidence: [
    '现场检查笔录及现场照片5张，证明当事人存放超过保质期食品的事实；',
    '当事人营业执照复印件、食品经营许可证复印件，证明当事人的主体资格；',
    '对当事人法定代表人李明的询问笔录，证明当事人将上述食品用于制作饮品的事实。',
  ],
  violatedProvisions: '《中华人民共和国食品安全法》第三十四条第十项',
  penaltyBasis: '《中华人民共和国食品安全法》第一百二十四条第一款第五项',
  penalties: ['没收超过保质期的“鲜牛奶”12盒；', '罚款人民币50000元。'],
  performance:
    '当事人应当自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚款。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款数额。',
  reconsiderationBody: '楚雄市人民政府',
  court: '楚雄市人民法院',
  decidedOn: '2026-03-05',
}

function run(cmd: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args)
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => err.push(d))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${cmd} ${code}: ${Buffer.concat(err)}`)),
    )
  })
}

const workDir = fs.mkdtemp(path.join(os.tmpdir(), 'zhifa-doc-'))
after(async () => fs.rm(await workDir, { recursive: true, force: true }))
let pdfCount = 0

async function pdfText(pdf: Uint8Array): Promise<{ text: string; file: string }> {
  const file = path.join(await workDir, `decision-${++pdfCount}.pdf`)
  await fs.writeFile(file, pdf)
  return { text: (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).toString('utf8'), file }
}

const squeeze = (s: string) => s.replace(/\s+/g, '')

test('R-05 / 处罚法59: the PDF 决定书 states every item of Article 59, with the statutory remedy periods', async () => {
  const rendered = await penaltyDecisionPdf(decision, { sealGuide: true })
  const { text, file } = await pdfText(rendered.pdf)
  const flat = squeeze(text)
  // headings of the six items, in the statute's order
  const headings = ['一、当事人', '二、违法事实和证据', '三、违反的法律、法规、规章', '四、行政处罚的种类和依据',
    '五、履行方式和期限', '六、申请行政复议、提起行政诉讼的途径和期限']
  const positions = headings.map((h) => flat.indexOf(h))
  assert.ok(positions.every((p) => p >= 0), `missing heading in:\n${text}`)
  assert.deepEqual([...positions].sort((a, b) => a - b), positions)
  // 59(1) party
  for (const value of ['楚雄市鹿城镇味香园餐饮有限公司', '91532301MA6N8XY0TK', '云南省楚雄彝族自治州楚雄市鹿城南路88号']) {
    assert.ok(flat.includes(value), value)
  }
  // 59(2) facts, evidence and the provisions violated
  assert.ok(flat.includes('货值金额共计人民币96元'))
  assert.ok(flat.includes('3.对当事人法定代表人李明的询问笔录'))
  assert.ok(flat.includes('当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第十项的规定'))
  // 59(3) kind and basis
  assert.ok(flat.includes('依据《中华人民共和国食品安全法》第一百二十四条第一款第五项的规定'))
  assert.ok(flat.includes('2.罚款人民币50000元。'))
  // 59(4) manner and period of performance
  assert.ok(flat.includes('自收到本决定书之日起十五日内'))
  // 59(5) 复议 within 六十日 (行政复议法20), 诉讼 within 六个月 (行政诉讼法46)
  assert.ok(flat.includes('六十日内向楚雄市人民政府申请行政复议'))
  assert.ok(flat.includes('六个月内依法向楚雄市人民法院提起行政诉讼'))
  // 59(6) agency and date, with the 文号
  assert.ok(flat.includes('楚市监罚〔2026〕12号'))
  assert.ok(flat.endsWith('楚雄市市场监督管理局2026年3月5日—1—') || flat.includes('楚雄市市场监督管理局2026年3月5日'))
  assert.ok(rendered.seal && rendered.seal.page === rendered.pages - 1 && rendered.seal.diameter > 100)

  // page 1 renders as PNG (docs/screenshots/decision-page1.png is kept by walk.test.ts)
  const png = path.join(await workDir, 'decision-page1')
  await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, png])
  const image = await fs.readFile(`${png}.png`)
  assert.equal(image.subarray(1, 4).toString('latin1'), 'PNG')
  console.log(`决定书 PDF: ${rendered.pages} pages, ${rendered.pdf.length} bytes, ${rendered.ms.toFixed(0)} ms`)
})

test('R-05: the embedded font is a subset of exactly the characters used', async () => {
  const rendered = await penaltyDecisionPdf(decision)
  console.log(`决定书 PDF (font files cached): ${rendered.pages} pages, ${rendered.pdf.length} bytes, ${rendered.ms.toFixed(0)} ms`)
  assert.ok(rendered.ms < 3000, `${rendered.ms} ms`)
  assert.ok(rendered.pdf.length < 200_000, `PDF is ${rendered.pdf.length} bytes`)
  assert.ok(rendered.pdf.length < FONT_BYTES / 50)
  const fonts = (await run('pdffonts', [(await pdfText(rendered.pdf)).file])).toString('utf8')
  assert.match(fonts, /NotoSansSC-Regular.*CID TrueType\s+Identity-H\s+yes/)
  assert.match(fonts, /NotoSansSC-Bold.*CID TrueType\s+Identity-H\s+yes/)
  // a second decision with other characters still renders them: the subset follows the text
  const other = await penaltyDecisionPdf({ ...decision, party: { ...decision.party, name: '鑫淼焱垚有限公司' } })
  assert.ok(squeeze((await pdfText(other.pdf)).text).includes('鑫淼焱垚有限公司'))
})

test('R-05: a long text wraps between CJK characters and runs onto a second page', async () => {
  const sentence = '当事人在未取得食品经营许可的情况下从事食品经营活动，违法所得人民币1234.56元（详见附件）。'
  const long = { ...decision, facts: sentence.repeat(30) }
  const rendered = await penaltyDecisionPdf(long)
  const normal = await penaltyDecisionPdf(decision)
  assert.ok(rendered.pages >= normal.pages + 2, `pages: ${rendered.pages} vs ${normal.pages}`)
  const { text } = await pdfText(rendered.pdf)
  const pages = text.split('\f').filter((p) => p.trim())
  assert.equal(pages.length, rendered.pages)
  assert.ok(squeeze(pages[0]!).includes('— 1 —'.replace(/\s/g, '')))
  assert.ok(squeeze(pages.at(-1)!).includes('2026年3月5日'))
  // nothing lost at the line and page breaks: every sentence comes through whole
  const all = squeeze(pages.map((p) => p.replace(/—\s*\d+\s*—/g, '')).join(''))
  assert.equal(all.split(squeeze(sentence)).length - 1, 30)
  // lines are full: the body lines of page 1 are ~28 characters (三号 on 156 mm)
  const bodyLines = pages[0]!.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('当事人在') || l.length >= 26)
  assert.ok(bodyLines.length > 5)
  assert.equal(rendered.seal?.page, rendered.pages - 1)
})

test('R-05: line breaking keeps words whole and punctuation off the wrong line end', () => {
  assert.deepEqual(breakUnits('罚款1234.56元。'), ['罚', '款', '1234.56', '元。'])
  assert.deepEqual(breakUnits('《食品安全法》'), ['《食', '品', '安', '全', '法》'])
  const width = (s: string) => Array.from(s).length
  const lines = wrapText('甲乙丙丁，戊己庚辛。', width, 4)
  assert.deepEqual(lines, ['甲乙丙', '丁，戊己', '庚辛。'])
  assert.ok(lines.every((l) => !/^[，。]/.test(l)))
  assert.deepEqual(wrapText('甲乙丙丁戊', width, 3, 1), ['甲', '乙丙丁', '戊'])
  assert.deepEqual(wrapText('https://example.org/a/very/long/path', width, 10).join(''), 'https://example.org/a/very/long/path')
})

test('R-05 / 处罚法59: a decision missing an item is refused, naming it', async () => {
  const { party, ...rest } = decision
  const missing = { ...rest, party: { ...party, address: '' }, performance: ' ', court: '' } as PenaltyDecision
  const problems = article59Problems(missing)
  assert.ok(problems.some((p) => p.includes('第五十九条第一项')))
  assert.ok(problems.some((p) => p.includes('第五十九条第四项')))
  assert.ok(problems.some((p) => p.includes('第五十九条第五项')))
  await assert.rejects(penaltyDecisionPdf(missing), /第五十九条第四项/)
  assert.deepEqual(article59Problems(decision), [])
})

test('R-05: a citizen party shows the ID number masked', async () => {
  assert.equal(maskIdNumber('53230119900307123X'), '532301********123X')
  const citizen: PenaltyDecision = {
    ...decision,
    party: { kind: 'citizen', name: '张三', idNumber: '11010519491231002X', address: '楚雄市鹿城镇西路1号' },
  }
  const flat = squeeze((await pdfText((await penaltyDecisionPdf(citizen)).pdf)).text)
  assert.ok(flat.includes('身份证件号码：110105********002X'))
  assert.ok(!flat.includes('11010519491231002X'))
  assert.ok(article59Problems({ ...citizen, party: { ...citizen.party, idNumber: '110105194912310021' } as any }).length)
})

/** Entries of a zip (the DOCX container): names and, for deflated or stored ones, the data. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>()
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  assert.ok(end >= 0, 'not a zip: no end of central directory')
  const count = buffer.readUInt16LE(end + 10)
  let offset = buffer.readUInt32LE(end + 16)
  for (let i = 0; i < count; i++) {
    assert.equal(buffer.readUInt32LE(offset), 0x02014b50)
    const method = buffer.readUInt16LE(offset + 10)
    const size = buffer.readUInt32LE(offset + 20)
    const nameLength = buffer.readUInt16LE(offset + 28)
    const extra = buffer.readUInt16LE(offset + 30)
    const comment = buffer.readUInt16LE(offset + 32)
    const local = buffer.readUInt32LE(offset + 42)
    const name = buffer.subarray(offset + 46, offset + 46 + nameLength).toString('utf8')
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28)
    const raw = buffer.subarray(dataStart, dataStart + size)
    entries.set(name, method === 8 ? inflateRawSync(raw) : raw)
    offset += 46 + nameLength + extra + comment
  }
  return entries
}

test('R-05 / 处罚法59: the DOCX is a valid zip whose word/document.xml holds the same texts', async () => {
  const docx = await penaltyDecisionDocx(decision)
  const entries = unzip(docx)
  assert.ok(entries.has('[Content_Types].xml'))
  const xml = entries.get('word/document.xml')?.toString('utf8')
  assert.ok(xml, 'word/document.xml missing')
  const text = xml.replace(/<[^>]+>/g, '')
  for (const value of ['行政处罚决定书', '楚市监罚〔2026〕12号', '一、当事人', '二、违法事实和证据', '三、违反的法律、法规、规章',
    '四、行政处罚的种类和依据', '五、履行方式和期限', '六、申请行政复议、提起行政诉讼的途径和期限', '六十日内', '六个月内',
    '楚雄市鹿城镇味香园餐饮有限公司', '2026年3月5日']) {
    assert.ok(text.includes(value), value)
  }
  assert.match(xml, /w:pgSz w:w="11906" w:h="16838"/)
})
