import fs from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib'
import fontkit from '@pdf-lib/fontkit'
import subsetFont from 'subset-font'
import { PAGE, PLAIN_FEATURES, wrapText } from '../documents/pdf.ts'
import type { TocEntry } from './rules.ts'

const require = createRequire(import.meta.url)
const FONT_FILE = path.join(
  path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')),
  '400Regular/NotoSansSC_400Regular.ttf',
)
let font: Promise<Buffer> | undefined

const uniqueChars = (text: string) => [...new Set(Array.from(text))].join('')
const DIGITS = '0123456789-—第页共 '

/** The regular Noto Sans SC, cut down to the characters of `text` (as the documents are, R-05). */
export async function embedFont(doc: PDFDocument, text: string): Promise<PDFFont> {
  doc.registerFontkit(fontkit)
  const source = await (font ??= fs.readFile(FONT_FILE))
  const subset = await subsetFont(source, uniqueChars(text + DIGITS), { targetFormat: 'truetype' })
  return doc.embedFont(subset, { subset: false, features: PLAIN_FEATURES })
}


const TOP = PAGE.height - PAGE.top
const BOTTOM = TOP - PAGE.textHeight
const black = rgb(0, 0, 0)

/** the 页号 of the 案卷, in the upper right corner of each page as archives number pages. */
export function stampPageNumber(page: PDFPage, font: PDFFont, n: number): void {
  const text = String(n)
  const size = 14
  const { width, height } = page.getSize()
  page.drawText(text, { x: width - 20 * (72 / 25.4) - font.widthOfTextAtSize(text, size), y: height - 15 * (72 / 25.4), size, font, color: black })
}

/** A page-filling writer of lines; it adds pages to `doc` at `insertAt` as it goes. */
function writer(doc: PDFDocument, font: PDFFont, insertAt?: number) {
  const pages: PDFPage[] = []
  let page: PDFPage | undefined
  let y = 0
  const newPage = () => {
    page = insertAt === undefined ? doc.addPage([PAGE.width, PAGE.height]) : doc.insertPage(insertAt + pages.length, [PAGE.width, PAGE.height])
    pages.push(page)
    y = TOP
  }
  return {
    pages,
    /** Draws cells (x offset, width, text) on one row; texts wrap inside their cell. */
    row(cells: Array<{ x: number; width: number; text: string }>, size: number, options: { rule?: boolean; center?: boolean } = {}) {
      const lineHeight = size * 1.6
      const wrapped = cells.map((c) => wrapText(c.text, (s) => font.widthOfTextAtSize(s, size), c.width - 4))
      const height = Math.max(...wrapped.map((w) => w.length)) * lineHeight + 6
      if (!page || y - height < BOTTOM) newPage()
      wrapped.forEach((lines, i) => {
        const cell = cells[i]!
        lines.forEach((text, j) => {
          const x = options.center ? PAGE.left + cell.x + (cell.width - font.widthOfTextAtSize(text, size)) / 2 : PAGE.left + cell.x + 2
          page!.drawText(text, { x, y: y - 3 - size - j * lineHeight, size, font, color: black })
        })
      })
      y -= height
      if (options.rule) page!.drawLine({ start: { x: PAGE.left, y }, end: { x: PAGE.left + PAGE.textWidth, y }, thickness: 0.5, color: black })
    },
    title(text: string) {
      newPage()
      const size = 22
      page!.drawText(text, { x: PAGE.left + (PAGE.textWidth - font.widthOfTextAtSize(text, size)) / 2, y: y - size, size, font, color: black })
      y -= size * 2.2
    },
    gap(h: number) {
      y -= h
    },
  }
}

const W = PAGE.textWidth
const TOC_COLUMNS = [
  { x: 0, width: W * 0.07, label: '序号' },
  { x: W * 0.07, width: W * 0.33, label: '文书名称' },
  { x: W * 0.4, width: W * 0.33, label: '文号' },
  { x: W * 0.73, width: W * 0.16, label: '日期' },
  { x: W * 0.89, width: W * 0.11, label: '页号' },
]

/** the 卷内目录, inserted before the documents (pages `at` …). Returns its page count. */
export function drawTableOfContents(doc: PDFDocument, font: PDFFont, heading: string[], entries: TocEntry[], at: number): number {
  const w = writer(doc, font, at)
  w.title('卷内目录')
  for (const line of heading) w.row([{ x: 0, width: W, text: line }], 12)
  w.gap(8)
  w.row(TOC_COLUMNS.map((c) => ({ x: c.x, width: c.width, text: c.label })), 12, { rule: true, center: true })
  for (const e of entries) {
    const texts = [String(e.seq), e.name, e.number ?? '', e.date ?? '', e.pageLabel]
    w.row(TOC_COLUMNS.map((c, i) => ({ x: c.x, width: c.width, text: texts[i]! })), 12, { rule: true })
  }
  return w.pages.length
}

export type ListLine = { text: string; size?: number }

/** a list (证据清单, 音像资料清单) after the documents; returns the pages it added. */
export function drawList(doc: PDFDocument, font: PDFFont, title: string, items: ListLine[][]): PDFPage[] {
  const w = writer(doc, font)
  w.title(title)
  if (items.length === 0) w.row([{ x: 0, width: W, text: '（无）' }], 12)
  for (const item of items) {
    for (const line of item) w.row([{ x: 0, width: W, text: line.text }], line.size ?? 12)
    w.gap(6)
  }
  return w.pages
}

/** Every character the lists and the 目录 will draw, for subsetting the font once. */
export const textOf = (...parts: Array<string | null | undefined>) => parts.filter(Boolean).join('')
export const TOC_LABELS = TOC_COLUMNS.map((c) => c.label).join('') + '卷内目录（无）'
