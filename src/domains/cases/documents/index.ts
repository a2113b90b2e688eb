// R-05 documents: 文号 and the 行政处罚决定书 as PDF and DOCX.
import { renderDocx } from './docx.ts'
import { penaltyDecisionBlocks, type PenaltyDecision } from './penalty-decision.ts'
import { renderPdf, type RenderedPdf } from './pdf.ts'

export { issueDocumentNumber, setDocumentNumberPrefix, type IssuedDocumentNumber } from './numbers.ts'
export { article59Problems, type PenaltyDecision, type DecisionParty } from './penalty-decision.ts'
export type { RenderedPdf, SealPosition } from './pdf.ts'

/** 处罚法59 / R-05: the 行政处罚决定书 as PDF; throws RangeError naming each missing item. */
export async function penaltyDecisionPdf(decision: PenaltyDecision, options: { sealGuide?: boolean } = {}): Promise<RenderedPdf> {
  return renderPdf(penaltyDecisionBlocks(decision), { title: `行政处罚决定书 ${decision.documentNumber}`, ...options })
}

/** 处罚法59 / R-05: the same 行政处罚决定书 as DOCX, for editing. */
export async function penaltyDecisionDocx(decision: PenaltyDecision): Promise<Buffer> {
  return renderDocx(penaltyDecisionBlocks(decision), { title: `行政处罚决定书 ${decision.documentNumber}` })
}
