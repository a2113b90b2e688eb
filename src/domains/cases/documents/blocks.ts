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
  /** R-05: one signer's line: the captured image, or the refusal with its witness (民诉法89), or a blank to sign by hand */
  | { kind: 'sign'; label: string; name: string | null; image: Uint8Array | null; note: string | null }

/** Every character a block list draws, per font weight (for subsetting the fonts). */
export function blockText(blocks: Block[]): { regular: string; bold: string } {
  let regular = ''
  let bold = ''
  for (const block of blocks) {
    if (block.kind === 'title' || block.kind === 'heading') bold += block.text
    else if (block.kind === 'signature') regular += block.agency + block.date
    else if (block.kind === 'sign') regular += signLine(block)
    else regular += block.text
  }
  return { regular, bold }
}

/** The text of a signer's line; the image, if any, is drawn after it. */
export function signLine(block: Extract<Block, { kind: 'sign' }>): string {
  const name = block.name ?? (block.image ? '' : '＿＿＿＿＿＿＿＿')
  return `${block.label}（签名）：${name}${block.note ? `　${block.note}` : ''}`
}
