import type { Queryable } from '../../platform/db/pool.ts'

export type Finding = { code: string; severity: 'warning' | 'info'; message: string }

/**
 * D-02 / D-05: what the review package shows about discretion: the recorded recommendation,
 * OUT_OF_RANGE when the proposal lies outside it, HEARING_NOT_NOTIFIED when the amount reaches
 * the 较大数额 threshold (处罚法63) and no 听证 notice is recorded, MISSING_EVIDENCE for a
 * required evidence kind the case lacks, DEADLINE_SOON for open agency deadlines in their warning period.
 */
export async function discretionFindings(db: Queryable, caseId: string, proposal?: { fineAmount?: number }): Promise<Finding[]> {
  const findings: Finding[] = []
  const { rows: recs } = await db.query(
    `SELECT d.*, s.domain, v.title, v.penalty_basis, v.required_evidence, c.party_kind
       FROM case_discretion d JOIN discretion_standard s ON s.id = d.standard_id
       JOIN discretion_violation v ON v.standard_id = d.standard_id AND v.version = d.version AND v.code = d.violation_code
       JOIN enforcement_case c ON c.id = d.case_id
      WHERE d.case_id = $1 ORDER BY d.recorded_at DESC, d.id LIMIT 1`, [caseId])
  const rec = recs[0]
  if (rec) {
    const min = rec.range_min === null ? null : Number(rec.range_min)
    const max = rec.range_max === null ? null : Number(rec.range_max)
    findings.push({ code: 'DISCRETION_RECOMMENDATION', severity: 'info',
      message: `裁量基准第${rec.version}版“${rec.title}”：${rec.reason}` })
    const amount = proposal?.fineAmount ?? (rec.proposed_amount === null ? undefined : Number(rec.proposed_amount))
    if (amount !== undefined && min !== null && max !== null && (amount < min || amount > max)) {
      findings.push({ code: 'OUT_OF_RANGE', severity: 'warning',
        message: `拟罚款${amount}元超出裁量基准建议范围${min}元至${max}元（${rec.tier}），须说明理由` })
    }
    if (amount !== undefined) {
      const { rows: th } = await db.query(
        `SELECT * FROM hearing_threshold WHERE domain = $1 ORDER BY (locality = '*') LIMIT 1`, [rec.domain])
      if (th[0]) {
        const limit = Number(rec.party_kind === 'organisation' ? th[0].organisation_amount : th[0].citizen_amount)
        const { rows: notice } = await db.query(
          `SELECT 1 FROM case_action WHERE case_id = $1 AND (type LIKE '%听证%' OR data ? 'hearing') LIMIT 1`, [caseId])
        if (amount >= limit && notice.length === 0) {
          findings.push({ code: 'HEARING_NOT_NOTIFIED', severity: 'warning',
            message: `拟罚款${amount}元达到较大数额${limit}元（${th[0].basis}），尚未告知当事人听证权利（处罚法第六十三条）` })
        }
      }
    }
    // An evidence kind is present as a document kind, an action type (e.g. 现场检查) or an attachment's description.
    const { rows: have } = await db.query(
      `SELECT kind FROM case_document WHERE case_id = $1
        UNION SELECT type FROM case_action WHERE case_id = $1
        UNION SELECT description FROM case_attachment WHERE case_id = $1 AND description IS NOT NULL`, [caseId])
    const kinds = new Set(have.map((r: any) => r.kind))
    for (const needed of rec.required_evidence as string[]) {
      if (!kinds.has(needed)) findings.push({ code: 'MISSING_EVIDENCE', severity: 'warning', message: `缺少证明违法要件的证据：${needed}` })
    }
  }
  const { rows: due } = await db.query(
    `SELECT name, due_date FROM case_deadline WHERE case_id = $1 AND met_on IS NULL AND obligor = 'agency'
        AND warn_from <= (now() AT TIME ZONE 'Asia/Shanghai')::date ORDER BY due_date`, [caseId])
  for (const d of due) findings.push({ code: 'DEADLINE_SOON', severity: 'warning', message: `${d.name}将于${d.due_date}届满` })
  return findings
}
