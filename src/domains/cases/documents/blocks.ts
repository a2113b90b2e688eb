/**
 * A document as a list of blocks: the one description that both the PDF (pdf.ts) and the
 * DOCX (docx.ts) lay out, so the two never say different things.
 */
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; indent: boolean }
  | { kind: 'signature'; agency: string; date: string }

/** Every character a block list draws, per font weight (for subsetting the fonts). */
export function blockText(blocks: Block[]): { regular: string; bold: string } {
  let regular = ''
  let bold = ''
  for (const block of blocks) {
    if (block.kind === 'title' || block.kind === 'heading') bold += block.text
    else if (block.kind === 'signature') regular += block.agency + block.date
    else regular += block.text
  }
  return { regular, bold }
}
