// P-07: the printable 岗位信息公示牌 as an A4 PDF, on the same pipeline as the case documents
// (pdf-lib with the Noto Sans SC font cut by subset-font to the characters drawn, layout
// features off so pdftotext reads the text back), with a QR code to the board's portal page.
import fs from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib'
import fontkit from '@pdf-lib/fontkit'
import subsetFont from 'subset-font'
import QRCode from 'qrcode'
import { PAGE, PLAIN_FEATURES, wrapText } from '../cases/documents/pdf.ts'
import { BOARD_LINKS, type PublicWindow } from './public.ts'

const require = createRequire(import.meta.url)
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'))
let fonts: Promise<[Buffer, Buffer]> | undefined
const loadFonts = () =>
  (fonts ??= Promise.all([
    fs.readFile(path.join(FONT_DIR, '400Regular/NotoSansSC_400Regular.ttf')),
    fs.readFile(path.join(FONT_DIR, '700Bold/NotoSansSC_700Bold.ttf')),
  ]))

const MM = 72 / 25.4
const MARGIN = 18 * MM
const WIDTH = PAGE.width - 2 * MARGIN
const PHOTO = { width: 22 * MM, height: 29 * MM }
const QR_SIZE = 32 * MM

type Line = { text: string; font: 'regular' | 'bold'; size: number; indent?: number; gapBefore?: number }

/** The text of a board, line by line before wrapping: what pdftotext reads back. */
export function boardLines(agencyName: string, w: PublicWindow, publicUrl: string): { header: Line[]; staff: { name: string; lines: Line[]; photo: string | null }[]; rest: Line[] } {
  const header: Line[] = [
    { text: '岗位信息公示牌', font: 'bold', size: 26 },
    { text: `${agencyName}　${w.name}`, font: 'bold', size: 16, gapBefore: 4 },
    { text: `窗口位置：${w.location}`, font: 'regular', size: 12, gapBefore: 4 },
    { text: `办公时间：${w.hours}`, font: 'regular', size: 12 },
    { text: `窗口职责：${w.duties}`, font: 'regular', size: 12 },
    { text: '工作人员', font: 'bold', size: 15, gapBefore: 8 },
  ]
  const staff = w.staff.map((s) => ({
    name: s.name,
    photo: s.photo,
    lines: [
      { text: s.name, font: 'bold' as const, size: 14 },
      { text: `岗位：${s.post}`, font: 'regular' as const, size: 12 },
      { text: `岗位职责：${s.duties}`, font: 'regular' as const, size: 12 },
    ],
  }))
  const rest: Line[] = [
    { text: '服务事项', font: 'bold', size: 15, gapBefore: 8 },
    ...w.items.map((item, i) => ({ text: `${i + 1}. ${item.name}`, font: 'regular' as const, size: 12 })),
  ]
  if (w.samples.length) {
    rest.push({ text: '申请材料示范文本', font: 'bold', size: 15, gapBefore: 8 })
    for (const s of w.samples) rest.push({ text: `${s.title}：${absolute(publicUrl, s.url)}`, font: 'regular', size: 12 })
  }
  rest.push(
    { text: '办理进度查询、咨询、投诉举报', font: 'bold', size: 15, gapBefore: 8 },
    { text: `办理进度查询：${publicUrl}${BOARD_LINKS.progress}`, font: 'regular', size: 12 },
    { text: `咨询电话：${w.consultPhone}`, font: 'regular', size: 12 },
    { text: `投诉举报：${publicUrl}${BOARD_LINKS.complaints}`, font: 'regular', size: 12 },
  )
  return { header, staff, rest }
}

const absolute = (publicUrl: string, url: string) => (url.startsWith('/') ? `${publicUrl}${url}` : url)

function dataUrlImage(photo: string): { kind: 'png' | 'jpeg'; bytes: Buffer } | null {
  const m = /^data:image\/(png|jpeg);base64,(.+)$/.exec(photo)
  return m ? { kind: m[1] as 'png' | 'jpeg', bytes: Buffer.from(m[2]!, 'base64') } : null
}

/** P-07: the board as A4 pages; the QR code (to boardUrl) sits at the foot of the last page. */
export async function renderBoardPdf(input: { agencyName: string; window: PublicWindow; publicUrl: string; boardUrl: string }): Promise<Uint8Array> {
  const { header, staff, rest } = boardLines(input.agencyName, input.window, input.publicUrl)
  const caption = '扫码查看本公示牌'
  const all = [...header, ...staff.flatMap((s) => s.lines), ...rest]
  const chars = (font: Line['font']) => [...new Set(Array.from(all.filter((l) => l.font === font).map((l) => l.text).join('') + (font === 'regular' ? caption + input.boardUrl + '0123456789/ ' : ' ')))].join('')
  const [regularSource, boldSource] = await loadFonts()
  const [regularSubset, boldSubset] = await Promise.all([
    subsetFont(regularSource, chars('regular'), { targetFormat: 'truetype' }),
    subsetFont(boldSource, chars('bold'), { targetFormat: 'truetype' }),
  ])
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  doc.setTitle(`岗位信息公示牌 ${input.agencyName} ${input.window.name}`)
  doc.setLanguage('zh-CN')
  doc.setCreator('zhifa')
  doc.setProducer('zhifa')
  const font: Record<Line['font'], PDFFont> = {
    regular: await doc.embedFont(regularSubset, { subset: false, features: PLAIN_FEATURES }),
    bold: await doc.embedFont(boldSubset, { subset: false, features: PLAIN_FEATURES }),
  }

  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height])
  let y = PAGE.height - MARGIN
  const newPage = () => {
    page = doc.addPage([PAGE.width, PAGE.height])
    y = PAGE.height - MARGIN
  }
  const need = (height: number) => {
    if (y - height < MARGIN) newPage()
  }
  const draw = (line: Line, x = MARGIN, width = WIDTH, centre = false) => {
    const f = font[line.font]
    y -= (line.gapBefore ?? 0) * MM
    for (const text of wrapText(line.text, (s) => f.widthOfTextAtSize(s, line.size), width)) {
      const height = line.size * 1.5
      need(height)
      y -= height
      const tx = centre ? x + (width - f.widthOfTextAtSize(text, line.size)) / 2 : x
      page.drawText(text, { x: tx, y: y + line.size * 0.35, size: line.size, font: f, color: rgb(0, 0, 0) })
    }
  }

  draw(header[0]!, MARGIN, WIDTH, true)
  draw(header[1]!, MARGIN, WIDTH, true)
  page.drawLine({ start: { x: MARGIN, y: y - 2 * MM }, end: { x: MARGIN + WIDTH, y: y - 2 * MM }, thickness: 1, color: rgb(0.6, 0.1, 0.1) })
  y -= 4 * MM
  // the QR code to the board's portal page, top right of the first page, drawn module by module (sharp in print)
  const qrTop = y
  const qr = QRCode.create(input.boardUrl, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const cell = QR_SIZE / (n + 4)
  const left = MARGIN + WIDTH - QR_SIZE
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) page.drawRectangle({ x: left + (c + 2) * cell, y: qrTop - (r + 2) * cell - cell, width: cell, height: cell, color: rgb(0, 0, 0) })
    }
  }
  const captionWidth = font.regular.widthOfTextAtSize(caption, 9)
  page.drawText(caption, { x: left + (QR_SIZE - captionWidth) / 2, y: qrTop - QR_SIZE - 3 * MM, size: 9, font: font.regular })
  header.slice(2, 5).forEach((l) => draw(l, MARGIN, WIDTH - QR_SIZE - 6 * MM))
  y = Math.min(y, qrTop - QR_SIZE - 5 * MM)
  header.slice(5).forEach((l) => draw(l))

  for (const person of staff) {
    const image = person.photo ? dataUrlImage(person.photo) : null
    let embedded: PDFImage | null = null
    if (image) embedded = image.kind === 'png' ? await doc.embedPng(image.bytes).catch(() => null) : await doc.embedJpg(image.bytes).catch(() => null)
    const block = PHOTO.height + 4 * MM
    need(block)
    const top = y - 2 * MM
    if (embedded) {
      page.drawImage(embedded, { x: MARGIN, y: top - PHOTO.height, width: PHOTO.width, height: PHOTO.height })
    } else {
      page.drawRectangle({ x: MARGIN, y: top - PHOTO.height, width: PHOTO.width, height: PHOTO.height, borderColor: rgb(0.7, 0.7, 0.7), borderWidth: 0.5 })
    }
    y = top
    const textX = MARGIN + PHOTO.width + 5 * MM
    for (const l of person.lines) draw(l, textX, WIDTH - PHOTO.width - 5 * MM)
    y = Math.min(y, top - PHOTO.height) - 2 * MM
  }
  rest.forEach((l) => draw(l))

  draw({ text: input.boardUrl, font: 'regular', size: 8, gapBefore: 4 })
  return doc.save()
}
