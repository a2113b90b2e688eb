import { AlignmentType, Document, ImageRun, Packer, Paragraph, TextRun } from 'docx'
import { signLine, type Block } from './blocks.ts'
import { pngSize } from './rules.ts'

const TWIP_PER_MM = 1440 / 25.4
const mm = (value: number) => Math.round(value * TWIP_PER_MM)
/** 三号 = 16 pt, docx sizes are half points. */
const BODY = 32
const TITLE = 44
const LINE_TWIPS = Math.round((225 / 22) * TWIP_PER_MM)
const FONTS = { ascii: 'Noto Sans SC', eastAsia: '仿宋_GB2312', hAnsi: 'Noto Sans SC' }
const TITLE_FONTS = { ascii: 'Noto Sans SC', eastAsia: '方正小标宋简体', hAnsi: 'Noto Sans SC' }

/**
 * the same blocks as the PDF, as a DOCX for editing: A4 with the GB/T 9704 margins,
 * 三号 body with first-line indent, the title centred, the signature to the right.
 */
export async function renderDocx(blocks: Block[], options: { title: string }): Promise<Buffer> {
  const paragraphs: Paragraph[] = []
  const line = { line: LINE_TWIPS, lineRule: 'exact' as const }
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        paragraphs.push(new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { line: Math.round(LINE_TWIPS * 1.4), lineRule: 'exact' },
          children: [new TextRun({ text: block.text, bold: true, size: TITLE, font: TITLE_FONTS })],
        }))
        break
      case 'number':
        paragraphs.push(new Paragraph({
          alignment: AlignmentType.RIGHT,
          spacing: { ...line, before: LINE_TWIPS / 2, after: LINE_TWIPS / 2 },
          children: [new TextRun({ text: block.text, size: BODY, font: FONTS })],
        }))
        break
      case 'heading':
      case 'paragraph':
        paragraphs.push(new Paragraph({
          spacing: line,
          indent: block.kind === 'heading' || block.indent ? { firstLineChars: 200 } : undefined,
          children: [new TextRun({ text: block.text, size: BODY, bold: block.kind === 'heading', font: FONTS })],
        }))
        break
      case 'sign': {
        const children: (TextRun | ImageRun)[] = [new TextRun({ text: signLine(block), size: BODY, font: FONTS })]
        if (block.image) {
          // 12 mm high, as in the PDF (docx sizes images in pixels at 96 dpi)
          const { width, height } = pngSize(block.image)
          const h = Math.round((12 / 25.4) * 96)
          children.push(new ImageRun({ type: 'png', data: block.image, transformation: { width: Math.max(1, Math.round((width * h) / height)), height: h } }))
        }
        paragraphs.push(new Paragraph({ spacing: { line: LINE_TWIPS, lineRule: 'atLeast' }, children }))
        break
      }
      case 'signature':
        paragraphs.push(
          new Paragraph({ spacing: { ...line, before: LINE_TWIPS * 2 }, alignment: AlignmentType.RIGHT, indent: { right: mm(4 * 5.6) },
            children: [new TextRun({ text: block.agency, size: BODY, font: FONTS })] }),
          new Paragraph({ spacing: line, alignment: AlignmentType.RIGHT, indent: { right: mm(4 * 5.6) },
            children: [new TextRun({ text: block.date, size: BODY, font: FONTS })] }),
        )
        break
    }
  }
  const doc = new Document({
    title: options.title,
    creator: 'zhifa',
    sections: [{
      properties: {
        page: {
          size: { width: mm(210), height: mm(297) },
          margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
        },
      },
      children: paragraphs,
    }],
  })
  return Packer.toBuffer(doc)
}
