import crypto from 'node:crypto'
import type { Db, Queryable } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { requireRole, requireScope } from '../../../platform/access/scope.ts'
import { audit } from '../../../platform/audit/audit.ts'
import { badRequest, notFound, ruleViolation } from '../../../platform/http/errors.ts'
import { findCase, type CaseRow } from '../store.ts'
import { withCaseRules } from '../db-rules.ts'
import { caseValues } from './case-values.ts'
import { renderDocx } from './docx.ts'
import { documentBlocks, documentProblems, mistypedFields, type DocumentValues } from './fill.ts'
import { issueDocumentNumber } from './numbers.ts'
import { renderPdf } from './pdf.ts'
import { fileTemplate, findDocument, listVersions, signaturesOfVersion, type DocumentRow } from './store.ts'
import { CASE_KEYS, findTemplate, type DocumentTemplate } from './templates.ts'

export type GivenFields = Record<string, string | string[] | boolean>

/** The document as the API answers it. */
export type DocumentSummary = {
  id: string
  caseId: string
  kind: string
  name: string
  number: string | null
  version: number
  templateVersion: number
  pdfSha256: string
  docxSha256: string
  pages: number
  createdAt: Date
}

export const DOCUMENT_ROLES = ['officer', 'head', 'reviewer'] as const

/** The case of a request, in the user's scope (404 / 403 otherwise). */
export async function caseInScope(db: Queryable, user: AuthUser, caseId: string): Promise<CaseRow> {
  const found = await findCase(db, caseId)
  if (!found) throw notFound('案件不存在')
  requireScope(user, found.path)
  return found
}

/** A document and its case, in the user's scope. */
export async function documentInScope(db: Queryable, user: AuthUser, documentId: string): Promise<{ doc: DocumentRow; found: CaseRow }> {
  const doc = await findDocument(db, documentId)
  if (!doc) throw notFound('文书不存在')
  return { doc, found: await caseInScope(db, user, doc.caseId) }
}

function templateFor(kind: string, found: CaseRow): DocumentTemplate {
  const template = findTemplate(kind)
  if (!template) throw badRequest('DOCUMENT_KIND', `没有此类文书模板：${kind}`)
  if (!template.caseKinds.includes(found.kind)) {
    throw ruleViolation('DOCUMENT_CASE_KIND', `${template.name}不适用于${found.kind}案件`)
  }
  return template
}

/** D-04: the given fields are the template's own, of the declared kinds; the case's keys are not given. */
function checkGiven(template: DocumentTemplate, given: GivenFields): void {
  const reserved = Object.keys(given).filter((k) => (CASE_KEYS as readonly string[]).includes(k))
  if (reserved.length) throw badRequest('DOCUMENT_FIELD_RESERVED', `以下内容由案件填写，不得另行填写：${reserved.join('、')}`)
  const unknown = Object.keys(given).filter((k) => !template.fields.some((f) => f.key === k))
  if (unknown.length) throw badRequest('DOCUMENT_FIELD_UNKNOWN', `${template.name}没有以下字段：${unknown.join('、')}`)
  const wrong = mistypedFields(template, given)
  if (wrong.length) throw badRequest('DOCUMENT_FIELD_TYPE', `以下字段格式不正确：${wrong.join('、')}`)
}

/** The values for a template, refused (422 DOCUMENT_INCOMPLETE, naming each problem) unless complete. */
async function completeValues(tx: Queryable, found: CaseRow, template: DocumentTemplate, given: GivenFields): Promise<DocumentValues> {
  checkGiven(template, given)
  const values = await caseValues(tx, found, template, given)
  const problems = documentProblems(template, values, found.partyKind)
  if (problems.length) throw ruleViolation('DOCUMENT_INCOMPLETE', problems.join('；'), { problems })
  return values
}

/** renders a version (PDF and DOCX) and stores it with its files in the transaction. */
export async function writeVersion(
  tx: Queryable,
  input: {
    doc: { id: string; numberText: string | null }
    template: DocumentTemplate
    found: CaseRow
    version: number
    change: 'create' | 'correct' | 'sign'
    reason: string | null
    values: DocumentValues
    userId: string
    /** stores what the version adds (a signature) before it is rendered */
    beforeRender?: () => Promise<void>
  },
): Promise<void> {
  const { doc, template, found, values } = input
  await tx.query(
    `INSERT INTO case_document_version (document_id, version, template_kind, template_version, fields, change, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [doc.id, input.version, template.kind, template.version, JSON.stringify(values), input.change, input.reason, input.userId],
  )
  await input.beforeRender?.()
  const signatures = await signaturesOfVersion(tx, doc.id, input.version)
  const blocks = documentBlocks(template, values, found.partyKind, signatures)
  const title = `${template.name} ${doc.numberText ?? found.number}`
  const [pdf, docx] = await Promise.all([renderPdf(blocks, { title }), renderDocx(blocks, { title })])
  for (const [format, content, pages] of [['pdf', Buffer.from(pdf.pdf), pdf.pages], ['docx', docx, null]] as const) {
    await tx.query(
      `INSERT INTO case_document_file (document_id, version, format, content, sha256, pages) VALUES ($1, $2, $3, $4, $5, $6)`,
      [doc.id, input.version, format, content, crypto.createHash('sha256').update(content).digest('hex'), pages],
    )
  }
}

export async function documentSummary(db: Queryable, doc: DocumentRow): Promise<DocumentSummary> {
  const current = (await listVersions(db, doc.id)).at(-1)!
  return {
    id: doc.id,
    caseId: doc.caseId,
    kind: doc.kind,
    name: findTemplate(doc.kind)?.name ?? doc.kind,
    number: doc.numberText,
    version: current.version,
    templateVersion: current.templateVersion,
    pdfSha256: current.pdfSha256,
    docxSha256: current.docxSha256,
    pages: current.pages,
    createdAt: current.createdAt,
  }
}

/**
 * D-04 / R-05: makes a document of a case inside the caller's transaction: fills the
 * template from the case and the given fields, refuses an incomplete one (处罚法59 for the
 * 决定书, the period for the 告知书, P-06 for every served one), files the template version,
 * issues the 文号 and stores version 1 with its PDF and DOCX. Used by generateDocument and
 * by the 送达 (the 送达回证).
 */
export async function createDocumentIn(
  tx: Queryable,
  user: AuthUser,
  found: CaseRow,
  input: { kind: string; fields: GivenFields; afterCreate?: (documentId: string) => Promise<void> },
  ip?: string,
): Promise<DocumentRow> {
  const template = templateFor(input.kind, found)
  const values = await completeValues(tx, found, template, input.fields)
  await fileTemplate(tx, template)
  const id = crypto.randomUUID()
  let numberId: number | null = null
  let numberText: string | null = null
  if (template.numberKind) {
    const issued = await withPrefixRule(() =>
      issueDocumentNumber(tx, { agencyId: found.agencyId, kind: template.numberKind!, year: Number(String(values.issuedOn).slice(0, 4)), documentId: id }),
    )
    numberId = issued.id
    numberText = issued.text
    values.documentNumber = issued.text
  }
  await withCaseRules(() =>
    tx.query(`INSERT INTO case_document (id, case_id, kind, number_id, number_text, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id, found.id, template.kind, numberId, numberText, user.id,
    ]),
  )
  await writeVersion(tx, {
    doc: { id, numberText },
    template,
    found,
    version: 1,
    change: 'create',
    reason: null,
    values,
    userId: user.id,
    beforeRender: input.afterCreate && (() => input.afterCreate!(id)),
  })
  await audit(tx, {
    actor: user,
    ip,
    action: 'case.document.create',
    entity: 'case_document',
    entityId: id,
    orgId: found.agencyId,
    detail: { caseId: found.id, kind: template.kind, templateVersion: template.version, number: numberText },
  })
  return (await findDocument(tx, id))!
}

/** a missing 机关代字 is the agency's set-up, said as such. */
async function withPrefixRule<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if ((error as { code?: string }).code === '23514' && /机关代字/.test((error as Error).message)) {
      throw ruleViolation('DOCUMENT_NUMBER_PREFIX', '本机关尚未设置文号机关代字，不能编发文号')
    }
    throw error
  }
}

/** D-04: POST /api/cases/:id/documents. */
export async function generateDocument(
  db: Db,
  user: AuthUser,
  caseId: string,
  input: { kind: string; fields: GivenFields },
  ip?: string,
): Promise<DocumentSummary> {
  requireRole(user, ...DOCUMENT_ROLES)
  return db.tx(async (tx) => {
    const found = await caseInScope(tx, user, caseId)
    const doc = await createDocumentIn(tx, user, found, input, ip)
    return documentSummary(tx, doc)
  })
}

/**
 * a corrected document is version n+1 of the same document, with the same 文号 and
 * the current template; the earlier versions stay. Signatures on the replaced text do not
 * carry over (they were given to other content).
 */
export async function correctDocument(
  db: Db,
  user: AuthUser,
  documentId: string,
  input: { fields: GivenFields; reason: string },
  ip?: string,
): Promise<DocumentSummary> {
  requireRole(user, ...DOCUMENT_ROLES)
  return db.tx(async (tx) => {
    const { doc, found } = await documentInScope(tx, user, documentId)
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('case_document:' || $1::text))`, [doc.id])
    const template = templateFor(doc.kind, found)
    const values = await completeValues(tx, found, template, input.fields)
    if (doc.numberText) values.documentNumber = doc.numberText
    await fileTemplate(tx, template)
    const version = (await listVersions(tx, doc.id)).length + 1
    await writeVersion(tx, { doc, template, found, version, change: 'correct', reason: input.reason, values, userId: user.id })
    await audit(tx, {
      actor: user,
      ip,
      action: 'case.document.correct',
      entity: 'case_document',
      entityId: doc.id,
      orgId: found.agencyId,
      detail: { caseId: found.id, version, reason: input.reason },
    })
    return documentSummary(tx, doc)
  })
}

/** re-renders the current content with its signatures as the next version (used by signing). */
export async function nextSignedVersion(
  tx: Queryable,
  input: { doc: DocumentRow; found: CaseRow; reason: string; userId: string; addSignature: (version: number) => Promise<void> },
): Promise<number> {
  const versions = await listVersions(tx, input.doc.id)
  const current = versions.at(-1)!
  const template = findTemplate(current.templateKind)
  if (!template || template.version !== current.templateVersion) {
    throw ruleViolation('TEMPLATE_CHANGED', '文书模板已更新，请先更正文书后再签名')
  }
  const version = current.version + 1
  await writeVersion(tx, {
    doc: input.doc,
    template,
    found: input.found,
    version,
    change: 'sign',
    reason: input.reason,
    values: current.fields,
    userId: input.userId,
    beforeRender: () => input.addSignature(version),
  })
  return version
}
