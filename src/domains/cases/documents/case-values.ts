// D-04: what a document takes from its case: agency, number, party, the acts and their
// dates, the officers with their certificates, and the periods the case computed.
import type { Queryable } from '../../../platform/db/pool.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { dueIn } from '../../../platform/calendar/calendar-service.ts'
import { ruleViolation } from '../../../platform/http/errors.ts'
import { STATEMENT_PERIOD_WORKING_DAYS } from '../rules.ts'
import { listActions, type CaseRow } from '../store.ts'
import type { DocumentValues } from './fill.ts'
import { hearingRightsText, remedyText, statementPeriodProblem, statementRightsText } from './rules.ts'
import type { DocumentTemplate } from './templates.ts'

const PARTY_KIND_LABELS = { citizen: '公民', organisation: '法人或者其他组织' } as const

/** The values the case supplies (templates.ts CASE_KEYS), merged with the given fields. */
export async function caseValues(
  tx: Queryable,
  found: CaseRow,
  template: DocumentTemplate,
  given: DocumentValues,
  issuedOn = todayInChina(),
): Promise<DocumentValues> {
  const actions = (await listActions(tx, found.id)).filter((a) => !a.supersededBy)
  const last = (...types: string[]) => actions.filter((a) => types.includes(a.type)).at(-1)
  const { rows: kindRows } = await tx.query<{ name: string }>(`SELECT name FROM case_kind WHERE code = $1`, [found.kind])
  const acting = actions.filter((a) => a.officers.length > 0).at(-1)
  const { rows: officers } = await tx.query<{ name: string; certNo: string | null }>(
    `SELECT p.name, (SELECT c.cert_no FROM certificate c WHERE c.person_id = p.id AND c.status = '有效' ORDER BY c.valid_to DESC LIMIT 1) AS "certNo"
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, i) JOIN person p ON p.id = x.id ORDER BY x.i`,
    [acting?.officers ?? []],
  )
  const notice = last('告知')
  const values: DocumentValues = {
    ...given,
    agencyName: found.agencyName,
    caseNumber: found.number,
    caseKindName: kindRows[0]?.name ?? found.kind,
    caseSummary: found.summary,
    partyName: found.partyName,
    partyKindLabel: PARTY_KIND_LABELS[found.partyKind],
    issuedOn,
    officerList: officers.map((o) => (o.certNo ? `${o.name}（执法证号：${o.certNo}）` : o.name)).join('、'),
    filedOn: last('立案', '受理', '审批', '启动检查')?.actedOn ?? '',
    noticeOn: notice?.actedOn ?? '',
    decidedOn: last('决定', '现场处罚决定', '强制执行决定')?.actedOn ?? '',
  }
  if (typeof given.reconsiderationBody === 'string' && typeof given.court === 'string' && given.reconsiderationBody && given.court) {
    values.remedy = remedyText(given.reconsiderationBody, given.court)
  }
  if (template.check === 'statement_notice') {
    const deadline = await statementDeadline(tx, found, notice?.data.statementDeadline, notice?.actedOn ?? issuedOn, given.statementDeadline)
    values.statementDeadline = deadline
    values.statementRights = statementRightsText(deadline)
    if (given.hearingRight === true) values.hearingRights = hearingRightsText(deadline)
  }
  return values
}

/**
 * 处罚法44/45/64: the last day for 陈述申辩 and a hearing request: the one the 告知 action
 * recorded, else five working days (F-04) from the notice; a given later day is kept, an
 * earlier one refused.
 */
async function statementDeadline(
  tx: Queryable,
  found: CaseRow,
  recorded: unknown,
  noticeOn: string,
  given: unknown,
): Promise<string> {
  const minimum =
    typeof recorded === 'string'
      ? recorded
      : (await dueIn(tx, { from: noticeOn, n: STATEMENT_PERIOD_WORKING_DAYS, mode: 'working', orgId: found.agencyId })).due
  if (typeof given !== 'string') return minimum
  const problem = statementPeriodProblem(given, minimum)
  if (problem) throw ruleViolation('NOTICE_PERIOD_SHORT', problem)
  return given
}
