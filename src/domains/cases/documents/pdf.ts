import fs from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib'
import fontkit from '@pdf-lib/fontkit'
import subsetFont from 'subset-font'
import { blockText, signLine, type Block } from './blocks.ts'

const require = createRequire(import.meta.url)
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'))
const FONT_FILES = {
  regular: path.join(FONT_DIR, '400Regular/NotoSansSC_400Regular.ttf'),
  bold: path.join(FONT_DIR, '700Bold/NotoSansSC_700Bold.ttf'),
}
let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined
const loadFonts = () =>
  (fonts ??= Promise.all([fs.readFile(FONT_FILES.regular), fs.readFile(FONT_FILES.bold)]).then(([regular, bold]) => ({ regular, bold })))

const MM = 72 / 25.4
/** GB/T 9704-2012 §5.2.1: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm. */
export const PAGE = {
  width: 210 * MM,
  height: 297 * MM,
  top: 37 * MM,
  left: 28 * MM,
  textWidth: 156 * MM,
  textHeight: 225 * MM,
}
/** 正文 三号 (16 pt), 22 lines in the 版心; title 二号 (22 pt); page number 四号. */
const BODY = 16
const LINE = PAGE.textHeight / 22
const TITLE = 22
const FOOTER = 14
/** 印章 of an agency: 42 mm across (the usual 公章). */
const SEAL = 42 * MM
/** A captured signature is drawn 12 mm high, at most 60 mm wide. */
const SIGN_HEIGHT = 12 * MM
const SIGN_WIDTH = 60 * MM

/** Characters that must not start a line, and that must not end one (禁则). */
const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕〉”’…—％,.;:?!)]}%'))
const NO_LINE_END = new Set(Array.from('（《「『【〔〈“‘([{'))
const isWordChar = (c: string) => /[A-Za-z0-9.,\-_/@#%&+:()]/.test(c)

/**
 * Breaking units: each CJK character alone (a line may break between any two), Latin words
 * and numbers whole, punctuation glued to its neighbour so it never opens or closes a line
 * wrongly.
 */
export function breakUnits(text: string): string[] {
  const units: string[] = []
  let current = ''
  for (const c of Array.from(text)) {
    const prev = current.at(-1)
    const glue =
      prev !== undefined && c !== ' ' && prev !== ' ' &&
      ((isWordChar(prev) && isWordChar(c)) || NO_LINE_START.has(c) || NO_LINE_END.has(prev))
    if (current && !glue) {
      units.push(current)
      current = ''
    }
    current += c
  }
  if (current) units.push(current)
  return units
}

/** Greedy line filling; the first line may be shorter (首行缩进). Spaces at a line's ends drop. */
export function wrapText(text: string, width: (s: string) => number, maxWidth: number, firstLineWidth = maxWidth): string[] {
  const lines: string[] = []
  let line = ''
  const limit = () => (lines.length ? maxWidth : firstLineWidth)
  const push = () => {
    lines.push(line.trimEnd())
    line = ''
  }
  for (const unit of breakUnits(text)) {
    if (!line && unit.trim() === '') continue
    if (width(line + unit) <= limit()) {
      line += unit
      continue
    }
    if (line) push()
    if (unit.trim() === '') continue
    if (width(unit) <= limit()) {
      line = unit
      continue
    }
    // a unit longer than a line (a long URL, a long number) breaks anywhere
    for (const c of Array.from(unit)) {
      if (line && width(line + c) > limit()) push()
      line += c
    }
  }
  if (line || lines.length === 0) push()
  return lines
}

/** Where the seal goes: its centre in PDF points from the page's lower left, and its diameter. */
/**
 * fontkit's default OpenType features turn the digits of the subset Noto Sans SC into glyphs
 * without a Unicode mapping: they print widely spaced and pdftotext (or a search) cannot read
 * them, and its ff/fi ligatures drop letters from a name or a 文号 in the text layer. A 页号, 文号
 * or hash must stay text, so layout features are off.
 */
export const PLAIN_FEATURES = { liga: false, kern: false, calt: false, ccmp: false, locl: false, pnum: false, tnum: false, frac: false, numr: false, dnom: false }

export type SealPosition = { page: number; x: number; y: number; diameter: number }

export type RenderedPdf = { pdf: Uint8Array; pages: number; seal: SealPosition | null; ms: number }

/**
 * lays blocks out on A4 and returns the PDF. The font is cut down with subset-font to
 * exactly the characters drawn before pdf-lib embeds it, so a decision is tens of kB, not
 * the 10 MB of the whole font. sealGuide draws the seal's outline (for checking the layout,
 * not for printing).
 */
export async function renderPdf(blocks: Block[], options: { title: string; sealGuide?: boolean }): Promise<RenderedPdf> {
  const started = performance.now()
  const { regular: regularText, bold: boldText } = blockText(blocks)
  const footerChars = '—0123456789 '
  const source = await loadFonts()
  const [regularSubset, boldSubset] = await Promise.all([
    subsetFont(source.regular, uniqueChars(regularText + footerChars), { targetFormat: 'truetype' }),
    subsetFont(source.bold, uniqueChars(boldText + ' '), { targetFormat: 'truetype' }),
  ])
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  doc.setTitle(options.title)
  doc.setLanguage('zh-CN')
  doc.setCreator('zhifa')
  doc.setProducer('zhifa')
  const regular = await doc.embedFont(regularSubset, { subset: false, features: PLAIN_FEATURES })
  const bold = await doc.embedFont(boldSubset, { subset: false, features: PLAIN_FEATURES })

  const widthOf = (font: PDFFont, size: number) => (s: string) => font.widthOfTextAtSize(s, size)
  // First pass: every line with its height; the signature is one unbreakable item.
  type Item =
    | { kind: 'line'; text: string; x: number; font: PDFFont; size: number; height: number }
    | { kind: 'space'; height: number }
    | { kind: 'signature'; agency: string; date: string; height: number }
    | { kind: 'image'; image: PDFImage; x: number; width: number; drawHeight: number; height: number }
  const items: Item[] = []
  const images = await Promise.all(blocks.map((block) => (block.kind === 'sign' && block.image ? doc.embedPng(block.image) : null)))
  blocks.forEach((block, index) => {
    switch (block.kind) {
      case 'title':
        for (const text of wrapText(block.text, widthOf(bold, TITLE), PAGE.textWidth)) {
          const x = PAGE.left + (PAGE.textWidth - bold.widthOfTextAtSize(text, TITLE)) / 2
          items.push({ kind: 'line', text, x, font: bold, size: TITLE, height: LINE * 1.4 })
        }
        break
      case 'number':
        items.push({ kind: 'space', height: LINE * 0.5 })
        items.push({ kind: 'line', text: block.text, x: PAGE.left + PAGE.textWidth - regular.widthOfTextAtSize(block.text, BODY),
          font: regular, size: BODY, height: LINE })
        items.push({ kind: 'space', height: LINE * 0.5 })
        break
      case 'heading':
      case 'paragraph': {
        const font = block.kind === 'heading' ? bold : regular
        const indent = block.kind === 'heading' || block.indent ? 2 * BODY : 0
        wrapText(block.text, widthOf(font, BODY), PAGE.textWidth, PAGE.textWidth - indent).forEach((text, i) =>
          items.push({ kind: 'line', text, x: PAGE.left + (i === 0 ? indent : 0), font, size: BODY, height: LINE }))
        break
      }
      case 'signature':
        // two blank lines, the agency, the date
        items.push({ kind: 'signature', agency: block.agency, date: block.date, height: LINE * 4 })
        break
      case 'sign': {
        const lines = wrapText(signLine(block), widthOf(regular, BODY), PAGE.textWidth)
        lines.forEach((text) => items.push({ kind: 'line', text, x: PAGE.left, font: regular, size: BODY, height: LINE }))
        const image = images[index]
        if (image) {
          const scale = Math.min(SIGN_HEIGHT / image.height, SIGN_WIDTH / image.width)
          const drawHeight = image.height * scale
          items.push({ kind: 'image', image, x: PAGE.left + 4 * BODY, width: image.width * scale, drawHeight, height: Math.max(drawHeight, LINE) })
        }
        break
      }
    }
  })

  // Second pass: pages. GB/T 9704 §7.3.5.5: the signature never stands alone on a page, so
  // when it does not fit, the last two lines of the text before it go over with it.
  const top = PAGE.height - PAGE.top
  const bottom = top - PAGE.textHeight
  const pageOf: number[] = []
  let pageIndex = 0
  let used = 0
  items.forEach((item, i) => {
    if (used + item.height > PAGE.textHeight + 0.01) {
      pageIndex++
      used = 0
      if (item.kind === 'signature') {
        for (let back = i - 1, moved = 0; back >= 0 && moved < 2; back--) {
          const prev = items[back]!
          if (prev.kind !== 'line' || pageOf[back] !== pageIndex - 1) break
          pageOf[back] = pageIndex
          used += prev.height
          moved++
        }
      }
      if (item.kind === 'space') return void (pageOf[i] = pageIndex)
    }
    pageOf[i] = pageIndex
    used += item.height
  })

  const pages: PDFPage[] = Array.from({ length: pageIndex + 1 }, () => doc.addPage([PAGE.width, PAGE.height]))
  const cursor = pages.map(() => top)
  let seal: SealPosition | null = null
  const draw = (page: number, text: string, x: number, font: PDFFont, size: number, height: number) => {
    cursor[page]! -= height
    // baseline a little above the bottom of the line box
    pages[page]!.drawText(text, { x, y: cursor[page]! + (height - size) / 2 + size * 0.12, size, font, color: rgb(0, 0, 0) })
  }
  items.forEach((item, i) => {
    const page = pageOf[i]!
    if (item.kind === 'space') {
      if (cursor[page] !== top) cursor[page]! -= item.height
    } else if (item.kind === 'line') {
      draw(page, item.text, item.x, item.font, item.size, item.height)
    } else if (item.kind === 'image') {
      cursor[page]! -= item.height
      pages[page]!.drawImage(item.image, { x: item.x, y: cursor[page]!, width: item.width, height: item.drawHeight })
    } else {
      // GB/T 9704 §7.3.5.1: 成文日期 right-aligned with 4 characters to spare, the agency
      // name centred over the date, the seal centred a little above them so that both sit
      // in its lower half and its top stays in the gap under the text.
      cursor[page]! -= LINE * 2
      const dateWidth = regular.widthOfTextAtSize(item.date, BODY)
      const dateRight = PAGE.left + PAGE.textWidth - 4 * BODY
      const centre = dateRight - dateWidth / 2
      const agencyWidth = regular.widthOfTextAtSize(item.agency, BODY)
      draw(page, item.agency, Math.min(centre - agencyWidth / 2, PAGE.left + PAGE.textWidth - agencyWidth), regular, BODY, LINE)
      draw(page, item.date, dateRight - dateWidth, regular, BODY, LINE)
      seal = { page, x: centre, y: cursor[page]! + LINE * 0.9, diameter: SEAL }
      if (options.sealGuide) {
        pages[page]!.drawEllipse({
          x: seal.x,
          y: seal.y,
          xScale: SEAL / 2,
          yScale: SEAL / 2,
          borderColor: rgb(0.8, 0.1, 0.1),
          borderWidth: 0.8,
          borderDashArray: [4, 3],
        })
      }
    }
  })
  pages.forEach((p, i) => {
    // GB/T 9704 §7.5: page number in 四号, "— n —", 7 mm below the 版心
    const label = `— ${i + 1} —`
    const w = regular.widthOfTextAtSize(label, FOOTER)
    p.drawText(label, { x: (PAGE.width - w) / 2, y: bottom - 7 * MM - FOOTER, size: FOOTER, font: regular })
  })
  const pdf = await doc.save()
  return { pdf, pages: pages.length, seal, ms: performance.now() - started }
}

function uniqueChars(text: string): string {
  return [...new Set(Array.from(text))].join('')
}
