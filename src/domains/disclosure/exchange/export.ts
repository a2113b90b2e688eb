/**
 * X-02: the 双公示 export of published 行政处罚 and 行政许可 decisions in the exchange field set
 * (fields.ts), as CSV (UTF-8 with BOM, for Excel) or XLSX, one header row of the codes. Each row
 * is the current public version of a publication that is not withdrawn (P-11), masked as it was
 * published (P-10), with the case's party kind and identifiers: a 自然人's ID number only in its
 * masked form, never in clear; an organisation's 统一社会信用代码 in full. Amounts 元 → 万元.
 */
import { writeToBuffer } from 'fast-csv'
import type { Queryable } from '../../../platform/db/pool.ts'
import { requireRole, requireScope, type AuthUser } from '../../../platform/access/scope.ts'
import { notFound } from '../../../platform/http/errors.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { composeDraft, loadDecisionSource, maskContext } from '../draft.ts'
import { mask } from '../mask.ts'
import * as store from '../store.ts'
import { FIELDS, NO_END_DATE, PENALTY_CATEGORIES, type ExchangeKind } from './fields.ts'
import { maskIdNumber } from './import.ts'

/** N-01: exceljs (about 1 s and 25 MiB to load) is loaded on the first workbook, not at start-up. */
const loadExcel = async () => (await import('exceljs')).default

export type ExportFilter = { kind: ExchangeKind; agencyId?: string; from?: string; to?: string }

/** 元 → 万元, 6 decimals. */
export const yuanToWan = (yuan: number) => (yuan / 10000).toFixed(6)

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')

/** the rows (code → value) of the published, not withdrawn publications of a kind in the user's scope. */
export async function exportRows(q: Queryable, user: AuthUser, filter: ExportFilter): Promise<Record<string, string>[]> {
  requireRole(user, 'disclosure', 'supervisor', 'admin')
  let path = user.scopePath
  if (filter.agencyId) {
    const { rows } = await q.query<{ path: string }>(`SELECT path FROM org_node WHERE id = $1`, [filter.agencyId])
    if (!rows[0]) throw notFound('机关不存在')
    requireScope(user, rows[0].path)
    path = rows[0].path
  }
  const { rows: items } = await q.query<{ id: string }>(
    `SELECT p.id FROM publication p JOIN org_node o ON o.id = p.agency_id
       JOIN LATERAL (SELECT x.status FROM publication_version x WHERE x.publication_id = p.id AND x.status <> 'draft' ORDER BY x.version DESC LIMIT 1) v ON true
      WHERE p.kind = $1 AND o.path LIKE $2 || '%' AND v.status <> 'withdrawn'
        AND ($3::date IS NULL OR p.decided_on >= $3::date) AND ($4::date IS NULL OR p.decided_on <= $4::date)
      ORDER BY p.decided_on, p.public_id`,
    [filter.kind, path, filter.from ?? null, filter.to ?? null],
  )
  const today = todayInChina()
  const out: Record<string, string>[] = []
  for (const { id } of items) {
    const pub = await store.findPublication(q, { id })
    if (!pub) continue
    const current = (await store.listVersions(q, id)).filter((v) => v.status !== 'draft').at(-1)!
    const src = await loadDecisionSource(q, pub)
    if (!src) continue
    const draft = composeDraft(pub, src)
    const d = src.data
    const pf = filter.kind === '处罚' ? 'CF' : 'XK'
    const fields = current.fields
    const row: Record<string, string> = {}
    const uscc = str(d.partyUscc)
    row[`${pf}_XDR_MC`] = fields['执法对象'] ?? draft.fields['执法对象']!
    if (src.partyKind === 'citizen') {
      row[`${pf}_XDR_LB`] = '自然人'
      const idNo = str(d.partyIdNumber)
      if (idNo) {
        row[`${pf}_XDR_ZJLX`] = str(d.partyIdType) || '身份证'
        row[`${pf}_XDR_ZJHM`] = maskIdNumber(idNo)
      }
    } else {
      row[`${pf}_XDR_LB`] = uscc.startsWith('92') ? '个体工商户' : '法人及非法人组织'
      row[`${pf}_XDR_SHXYM`] = uscc
      if (str(d.legalRepresentative)) row[`${pf}_FRDB`] = str(d.legalRepresentative)
    }
    const agencyUscc = src.agencyUscc ?? ''
    const conclusion = fields['执法结论'] ?? draft.fields['执法结论']!
    if (filter.kind === '处罚') {
      const penalties = draft.penalties.filter((k) => (PENALTY_CATEGORIES as readonly string[]).includes(k))
      Object.assign(row, {
        CF_WSH: fields['决定文书号'] ?? '',
        CF_WFXW: mask(src.summary, maskContext(src)).text,
        CF_SY: fields['违法事实'] ?? mask(src.summary, maskContext(src)).text,
        CF_YJ: fields['依据'] ?? current.legalBasis,
        CF_CFLB: penalties.length ? penalties.join('；') : `其他-${conclusion}`.slice(0, 200),
        CF_NR: conclusion,
        CF_NR_FK: fields['罚款金额（元）'] && Number.isFinite(Number(fields['罚款金额（元）'])) ? yuanToWan(Number(fields['罚款金额（元）'])) : '',
        CF_NR_WFFF: typeof d.confiscatedYuan === 'number' ? yuanToWan(d.confiscatedYuan) : '',
        CF_JDRQ: fields['决定日期'] ?? pub.decidedOn,
        CF_GSJZQ: current.periodEndsOn ?? '',
        CF_CFJG: src.agencyName,
        CF_CFJGDM: agencyUscc,
        CF_SJLY: src.agencyName,
        CF_SJLYDM: agencyUscc,
      })
    } else {
      const validTo = str(d.validTo) || NO_END_DATE
      Object.assign(row, {
        XK_XKWS: str(d.documentName) || '准予行政许可决定书',
        XK_WSH: fields['决定文书号'] || str(d.licenceNo),
        XK_XKLB: str(d.licenceCategory) || `其他-${mask(src.summary, maskContext(src)).text}`.slice(0, 200),
        XK_XKZS: str(d.certificateName),
        XK_XKBH: str(d.licenceNo),
        XK_NR: conclusion,
        XK_JDRQ: fields['决定日期'] ?? pub.decidedOn,
        XK_YXQZ: str(d.validFrom) || (fields['决定日期'] ?? pub.decidedOn),
        XK_YXQZI: validTo,
        XK_XKJG: src.agencyName,
        XK_XKJGDM: agencyUscc,
        XK_ZT: validTo < today ? '无效' : '有效',
        XK_LYDW: src.agencyName,
        XK_LYDWDM: agencyUscc,
      })
    }
    out.push(row)
  }
  return out
}

const codesOf = (kind: ExchangeKind) => FIELDS[kind].map((f) => f.code)

/** CSV, UTF-8 with a BOM so that Excel reads the Chinese text; one header row of codes. */
export async function toCsv(kind: ExchangeKind, rows: Record<string, string>[]): Promise<Buffer> {
  const codes = codesOf(kind)
  const body = await writeToBuffer([codes, ...rows.map((r) => codes.map((c) => r[c] ?? ''))], { quoteColumns: true })
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])
}

/** XLSX: one sheet, one header row of codes (the Chinese names as the header cells' notes), every cell text. */
export async function toXlsx(kind: ExchangeKind, rows: Record<string, string>[]): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  const sheet = workbook.addWorksheet(kind === '处罚' ? '行政处罚' : '行政许可')
  const fields = FIELDS[kind]
  sheet.columns = fields.map((f) => ({ header: f.code, key: f.code, width: Math.max(12, f.name.length * 2), style: { numFmt: '@' } }))
  fields.forEach((f, i) => { sheet.getRow(1).getCell(i + 1).note = f.name })
  for (const r of rows) sheet.addRow(fields.map((f) => r[f.code] ?? ''))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
