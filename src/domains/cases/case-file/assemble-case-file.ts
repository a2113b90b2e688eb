import crypto from 'node:crypto'
import { Readable } from 'node:stream'
import { PDFDocument } from 'pdf-lib'
import type { Db, Queryable } from '../../../platform/db/pool.ts'
import type { AuthUser } from '../../../platform/access/scope.ts'
import { requireRole } from '../../../platform/access/scope.ts'
import { audit } from '../../../platform/audit/audit.ts'
import type { BlobStore } from '../../../platform/blobs/index.ts'
import { blobCorrupt, hashBytes } from '../../../platform/blobs/index.ts'
import { forbidden, ruleViolation } from '../../../platform/http/errors.ts'
import { withCaseRules } from '../db-rules.ts'
import { markOf, openCaseForRead } from '../record-access/case-read.ts'
import { SECRECY_LABELS } from '../record-access/rules.ts'
import { listAttachments, type AttachmentRow } from '../attachments/store.ts'
import { drawList, drawTableOfContents, embedFont, stampPageNumber, textOf, TOC_LABELS, type ListLine } from './layout.ts'
import { BUNDLE_MEDIA_MAX_BYTES, extensionOf, isAudioVisual, safeFileName, tableOfContents, type TocEntry, WITHHELD_LABEL } from './rules.ts'
import { zipIntoBlobStore } from './bundle.ts'
import type { CaseFileExportRow } from './store.ts'
import { findCaseFileExport } from './store.ts'
import type { Ledger } from '../../../platform/ledger/log.ts'
import { caseEvidence, MANIFEST_SEAL_FILE, MANIFEST_SEAL_MESSAGE_FILE, sealManifest } from '../../seals/case-evidence.ts'
import { sealSubject } from '../../seals/seal.ts'

/** One current document version, as the documents domain lists them (listCaseDocuments). */
export type CaseFileDocument = {
  id: string
  kind: string
  name: string
  number: string | null
  version: number
  createdAt: Date
  sha256: string
  pages: number
  pdf(): Promise<Uint8Array>
}
export type DocumentSource = (db: Queryable, caseId: string) => Promise<CaseFileDocument[]>

export type Withheld = { entity: 'document' | 'attachment'; id: string; name: string; level: 'state-secret' }
export type AssembledCaseFile = { export: CaseFileExportRow; toc: TocEntry[] }

const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
const chinaDateTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
const two = (n: number) => String(n).padStart(2, '0')
const attachmentName = (a: AttachmentRow) => a.description ?? a.fileName ?? `附件（${a.mediaType}）`

function attachmentLines(a: AttachmentRow, seq: number, note: string | null): ListLine[] {
  const facts = [
    a.mediaType,
    `${Number(a.size).toLocaleString('en-US')} 字节`,
    a.capturedAt ? `采集于 ${chinaDateTime(a.capturedAt)}` : null,
    a.stage ? `环节：${a.stage}` : null,
    a.device ? `设备：${a.device}` : null,
    a.location ? `地点：${a.location}` : null,
    `上传：${a.uploaderName}`,
  ].filter(Boolean)
  return [
    { text: `${seq}. ${attachmentName(a)}（${facts.join('，')}）${note ? `【${note}】` : ''}` },
    { text: `SHA-256：${a.sha256}`, size: 8 },
    { text: `SM3：${a.sm3}`, size: 8 },
  ]
}

/**
 * R-10: assembles the 案卷 of an ended case (结案, or 归档): the 卷内目录, the documents in
 * the order they were made (which the case's legal order fixes) with continuous page numbers
 * stamped on every page, the 证据清单 and the 音像资料清单 with SHA-256/SM3; exported as one
 * PDF and a ZIP bundle with manifest.json, both kept as blobs, a new version each time.
 * 国家秘密 material is left out and listed as withheld (处罚法50).
 */
export async function assembleCaseFile(
  db: Db,
  blobs: BlobStore,
  user: AuthUser,
  caseId: string,
  input: {
    documents: DocumentSource
    ip?: string
    mediaMaxBytes?: number
    /**
     * R-08 / R-09: with the log and the seal keys directory the bundle also carries the
     * verification material (case-evidence.ts) and the agency's seal of its manifest, and the
     * PDF and ZIP are sealed.
     */
    verification?: { ledger: Ledger; keysDir: string }
    /** Put a stored file whose bytes no longer match its hash in as it is (for `zhifa verify` to name) instead of refusing. */
    keepDamaged?: boolean
  },
): Promise<AssembledCaseFile> {
  const mediaMax = input.mediaMaxBytes ?? BUNDLE_MEDIA_MAX_BYTES
  requireRole(user, 'officer', 'head')
  const reader = await openCaseForRead(db, user, caseId)
  if (!reader.handlingStaff) throw forbidden('只有本案所属机关的办案人员可以组卷')
  const c = reader.row
  if (!c.closed) throw ruleViolation('CASE_NOT_CLOSED', '案件尚未结案，不能组卷')

  const caseSecret = markOf(reader, 'case', c.id) === 'state-secret'
  const withheld: Withheld[] = []
  const isWithheld = (entity: 'document' | 'attachment', id: string, name: string, atUpload?: AttachmentRow['secrecy']) => {
    if (!caseSecret && markOf(reader, entity, id, atUpload) !== 'state-secret') return false
    withheld.push({ entity, id, name, level: 'state-secret' })
    return true
  }

  const documents = await input.documents(db, caseId)
  const included: Array<{ doc: CaseFileDocument; bytes: Uint8Array; pdf: PDFDocument } | { doc: CaseFileDocument; withheld: true }> = []
  for (const doc of documents) {
    if (isWithheld('document', doc.id, doc.name)) {
      included.push({ doc, withheld: true })
      continue
    }
    const bytes = await doc.pdf()
    if (hashBytes(bytes).sha256 !== doc.sha256) throw blobCorrupt()
    included.push({ doc, bytes, pdf: await PDFDocument.load(bytes) })
  }
  const attachments = (await listAttachments(db, caseId)).map((a) => ({ a, withheld: isWithheld('attachment', a.id, attachmentName(a), a.secrecy) }))
  const evidence = attachments.filter((x) => !isAudioVisual(x.a.mediaType))
  const media = attachments.filter((x) => isAudioVisual(x.a.mediaType))
  const withheldNote = `${SECRECY_LABELS['state-secret']}，${WITHHELD_LABEL}`
  const listOf = (items: typeof attachments) =>
    items.map(({ a, withheld: w }, i) =>
      w
        ? [{ text: `${i + 1}. ${attachmentName(a)}【${withheldNote}】` }]
        : attachmentLines(a, i + 1, isAudioVisual(a.mediaType) && Number(a.size) > mediaMax ? '文件较大，随卷仅附哈希' : null),
    )
  const evidenceLines = listOf(evidence)
  const mediaLines = listOf(media)
  const heading = [
    `案件编号：${c.number}　　案件类型：${c.kind}`,
    `办案机关：${c.agencyName}`,
    `当事人：${c.partyName}`,
  ]

  const out = await PDFDocument.create()
  out.setTitle(`${c.number} 案卷`)
  out.setLanguage('zh-CN')
  out.setCreator('zhifa')
  out.setProducer('zhifa')
  const font = await embedFont(
    out,
    textOf(
      TOC_LABELS, '证据清单音像资料清单', withheldNote, '（国家秘密）', ...heading,
      ...documents.flatMap((d) => [d.name, d.number, chinaDate(d.createdAt)]),
      ...[...evidenceLines, ...mediaLines].flat().map((l) => l.text),
    ),
  )
  let page = 0
  for (const item of included) {
    if ('withheld' in item) continue
    const copied = await out.copyPages(item.pdf, item.pdf.getPageIndices())
    for (const p of copied) stampPageNumber(out.addPage(p), font, ++page)
  }
  const evidencePages = drawList(out, font, '证据清单', evidenceLines)
  for (const p of evidencePages) stampPageNumber(p, font, ++page)
  const mediaPages = drawList(out, font, '音像资料清单', mediaLines)
  for (const p of mediaPages) stampPageNumber(p, font, ++page)

  const toc = tableOfContents([
    ...included.map((x) => ({
      name: 'withheld' in x ? `${x.doc.name}（国家秘密）` : x.doc.name,
      number: x.doc.number,
      date: chinaDate(x.doc.createdAt),
      pages: 'withheld' in x ? 0 : x.pdf.getPageCount(),
    })),
    { name: '证据清单', number: null, date: null, pages: evidencePages.length },
    { name: '音像资料清单', number: null, date: null, pages: mediaPages.length },
  ])
  const tocPages = drawTableOfContents(out, font, heading, toc, 0)
  const pdfBytes = await out.save()
  const pdfInfo = await blobs.put(Readable.from([Buffer.from(pdfBytes)]))
  const totalPages = tocPages + page

  const zip = zipIntoBlobStore(blobs)
  const exportId = crypto.randomUUID()
  const documentPaths = new Map<string, string>()
  try {
    await zip.addBytes('案卷.pdf', pdfBytes, { kind: 'case-file', pages: totalPages })
    let n = 0
    for (const item of included) {
      n++
      if ('withheld' in item) continue
      const d = item.doc
      const name = safeFileName([two(n), d.name, d.number, `v${d.version}`].filter(Boolean).join('-'))
      await zip.addBytes(`documents/${name}.pdf`, item.bytes, { kind: 'document', documentId: d.id, version: d.version, pages: item.pdf.getPageCount() })
      documentPaths.set(`${d.id}:${d.version}`, `documents/${name}.pdf`)
    }
    const notIncluded: Array<Record<string, unknown>> = []
    let m = 0
    for (const { a, withheld: w } of attachments) {
      m++
      if (w) continue
      const entry = { kind: 'attachment', attachmentId: a.id, mediaType: a.mediaType, stage: a.stage }
      if (isAudioVisual(a.mediaType) && Number(a.size) > mediaMax) {
        notIncluded.push({ ...entry, size: Number(a.size), sha256: a.sha256, sm3: a.sm3, reason: '文件较大，仅附哈希，原件在存储中按哈希调取' })
        continue
      }
      const name = safeFileName(`${two(m)}-${a.fileName ?? attachmentName(a)}`).replace(/\.[A-Za-z0-9]{1,5}$/, '')
      await zip.addStream(`attachments/${name}.${extensionOf(a.mediaType)}`, await blobs.get(a.blobKey), { sha256: a.sha256 }, entry, { keepDamaged: input.keepDamaged })
    }
    const evidence = input.verification
      ? await caseEvidence(db, {
          ...input.verification,
          caseId: c.id,
          agencyId: c.agencyId,
          exportId,
          withheldIds: new Set(withheld.map((x) => x.id)),
          caseSecret,
          documentPaths,
        })
      : null
    for (const f of evidence?.files ?? []) await zip.addBytes(f.path, f.bytes, f.extra)
    const manifest = {
      format: 'zhifa-case-file/1',
      case: { id: c.id, number: c.number, kind: c.kind, agencyId: c.agencyId, agency: c.agencyName },
      assembledBy: user.displayName,
      assembledAt: new Date().toISOString(),
      pages: totalPages,
      toc: toc.map((e) => ({ seq: e.seq, name: e.name, number: e.number, date: e.date, pages: e.pages, pageLabel: e.pageLabel })),
      files: [...zip.files],
      hashOnly: notIncluded,
      withheld: withheld.map((x) => ({ ...x, note: `${SECRECY_LABELS[x.level]}，依法另行保管，未随卷` })),
      ...(evidence ? { verification: evidence.section } : {}),
    }
    const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2))
    await zip.addBytes('manifest.json', manifestBytes)
    if (input.verification) {
      const sealed = await sealManifest(db, input.verification.keysDir, c.agencyId, exportId, manifestBytes)
      await zip.addBytes(MANIFEST_SEAL_FILE, sealed.signature)
      await zip.addBytes(MANIFEST_SEAL_MESSAGE_FILE, sealed.message)
    }
    const zipInfo = await zip.finish()

    const id = await db.tx(async (tx) => {
      const { rows } = await withCaseRules(() =>
        tx.query<{ id: string }>(
          `INSERT INTO case_file_export (id, case_id, version, pages, pdf_sha256, pdf_sm3, pdf_size, zip_sha256, zip_sm3, zip_size, manifest, withheld, assembled_by)
           SELECT $12, $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM case_file_export WHERE case_id = $1
           RETURNING id`,
          [c.id, totalPages, pdfInfo.sha256, pdfInfo.sm3, pdfInfo.size, zipInfo.sha256, zipInfo.sm3, zipInfo.size, JSON.stringify(manifest), JSON.stringify(withheld), user.id, exportId],
        ),
      )
      if (rows[0]!.id !== exportId) throw new Error('案卷版本标识不符')
      if (input.verification) {
        // R-09: the agency's seals of the exported PDF and ZIP, in the same transaction as the export
        await sealSubject(tx, input.verification.keysDir, c.agencyId, { kind: 'case_file_pdf', ref: exportId, sha256: pdfInfo.sha256, sm3: pdfInfo.sm3 })
        await sealSubject(tx, input.verification.keysDir, c.agencyId, { kind: 'case_file_zip', ref: exportId, sha256: zipInfo.sha256, sm3: zipInfo.sm3 })
      }
      await audit(tx, {
        actor: user,
        ip: input.ip,
        action: 'case_file.assemble',
        entity: 'case_file_export',
        entityId: exportId,
        orgId: c.agencyId,
        detail: { caseId: c.id, pdfSha256: pdfInfo.sha256, zipSha256: zipInfo.sha256, withheld: withheld.length },
      })
      return exportId
    })
    return { export: (await findCaseFileExport(db, id))!, toc }
  } catch (error) {
    zip.abort(error as Error)
    throw error
  }
}
