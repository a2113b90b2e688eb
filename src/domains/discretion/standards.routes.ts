// D-01 / D-02: 裁量基准 import (CSV or XLSX) as a draft, publication, the agency's list, and the
// recommendation recorded on a case while the penalty is drafted.
import { z } from 'zod'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { badRequest, ErrorBody } from '../../platform/http/errors.ts'
import { TIERS } from './rules.ts'
import { CSV_TYPE, parseStandardBody, XLSX_TYPE } from './import-xlsx.ts'
import { importDraft, listAgencyStandards, publishDraft } from './standards.ts'
import { adviseCase, caseDiscretionHistory } from './case-discretion.ts'

const tags = ['裁量基准']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody }
const IMPORT_MAX_BYTES = 5 * 1024 * 1024
const Range = z.object({ min: z.number(), max: z.number() })
const Condition = z.object({ key: z.string(), label: z.string(), op: z.enum(['yes', 'no', 'lt', 'gte']), value: z.number().optional() })
const Tier = z.object({
  tier: z.enum(TIERS), conditions: z.array(Condition), minAmount: z.number().nullable(), maxAmount: z.number().nullable(),
  minMultiple: z.number().nullable(), maxMultiple: z.number().nullable(), otherPenalties: z.array(z.string()),
})
const Violation = z.object({
  code: z.string(), title: z.string(), violationBasis: z.string(), penaltyBasis: z.string(), requiredEvidence: z.array(z.string()),
  firstViolationExempt: z.boolean(), minorExempt: z.boolean(), tiers: z.array(Tier),
})
const Version = z.object({
  version: z.number(), status: z.enum(['draft', 'published']), effectiveFrom: z.string().nullable(), publishedAt: z.string().nullable(), violations: z.array(Violation),
})
const Advice = z.object({
  tier: z.enum(TIERS), range: Range, reason: z.string(), version: z.number(), standardId: z.string(), violationCode: z.string(),
  proposedAmount: z.number().nullable(), outOfRange: z.boolean(),
})
const Answers = z.record(z.string().regex(/^[a-z_]{1,40}$/, '答案的键应为小写字母或下划线'), z.union([z.boolean(), z.number().finite().min(0).max(1e12)]))
  .refine((a) => Object.keys(a).length <= 50, '答案不得超过50项')

export const discretionStandardRoutes: RoutePlugin = async (root, { db }) => {
  await root.register(async (scoped) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>()
    app.addContentTypeParser([CSV_TYPE, XLSX_TYPE], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body))

    app.post(
      '/api/discretion/standards/:agencyId/import',
      {
        bodyLimit: IMPORT_MAX_BYTES,
        schema: {
          tags,
          summary: '导入裁量基准（CSV 或 XLSX 作为请求体）为新的草稿版本；有错误时逐行报告，不写入任何数据',
          description: `Content-Type: text/csv 或 ${XLSX_TYPE}；首行（XLSX 为第一个工作表的首行）为列名：违法行为编码，违法行为，违法依据，处罚依据，必备证据，档次，条件，最低罚款，最高罚款，最低倍数，最高倍数，其他处罚。422 的 details.errors 为 [{row, column, reason}]。`,
          params: z.object({ agencyId: z.uuid() }),
          querystring: z.object({
            code: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, '基准编号为字母、数字和连字符，1 至 40 位').describe('基准编号'),
            domain: z.string().trim().min(1).max(40).optional().describe('执法领域（新基准必填）'),
            title: z.string().trim().min(1).max(200).optional().describe('基准名称（新基准必填）'),
          }),
          response: { 201: z.object({ standardId: z.string(), version: z.number(), status: z.literal('draft'), violations: z.number() }), ...errors },
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) throw badRequest('DISCRETION_FILE', '请以 text/csv 或 XLSX 文件作为请求体上传')
        const parsed = await parseStandardBody(request.body, String(request.headers['content-type'] ?? ''))
        if (parsed.errors.length === 1 && parsed.errors[0]!.row === 1) throw badRequest('DISCRETION_HEADER', parsed.errors[0]!.reason, { errors: parsed.errors })
        const draft = await importDraft(db, currentUser(request), request.params.agencyId, request.query, parsed, request.ip)
        return reply.code(201).send(draft)
      },
    )

    app.post(
      '/api/discretion/standards/:standardId/versions/:version/publish',
      {
        schema: {
          tags, summary: '公布裁量基准草稿版本（处罚法第三十四条）；公布后不得修改',
          params: z.object({ standardId: z.uuid(), version: z.coerce.number().int().min(1).max(1_000_000) }),
          body: z.strictObject({ effectiveFrom: z.iso.date().describe('施行日期') }),
          response: { 200: z.object({ standardId: z.string(), version: z.number(), status: z.literal('published'), effectiveFrom: z.string() }), ...errors },
        },
      },
      async (request) => publishDraft(db, currentUser(request), request.params.standardId, request.params.version, request.body.effectiveFrom, request.ip),
    )

    app.get(
      '/api/discretion/standards',
      {
        schema: {
          tags, summary: '机关的裁量基准：现行有效的公布版本；本机关人员另见草稿',
          querystring: z.object({ agency: z.uuid().describe('机关') }),
          response: {
            200: z.object({ standards: z.array(z.object({ id: z.string(), agencyId: z.string(), agencyName: z.string(), code: z.string(), domain: z.string(), title: z.string(), versions: z.array(Version) })) }),
            ...errors,
          },
        },
      },
      async (request) => ({ standards: await listAgencyStandards(db, currentUser(request), request.query.agency) }),
    )

    app.post(
      '/api/cases/:id/discretion',
      {
        schema: {
          tags, summary: '拟处罚时适用裁量基准：建议档次和罚款范围，连同所用基准版本记入案件',
          params: z.object({ id: z.uuid() }),
          body: z.strictObject({
            standardId: z.uuid(),
            violationCode: z.string().min(1).max(40),
            answers: Answers.describe('情节事实：键为条件键，值为是否或数值（如 goods_value、illegal_gains）'),
            proposedAmount: z.number().finite().min(0).max(1e12).optional().describe('拟罚款金额（元）'),
          }),
          response: { 201: Advice, ...errors },
        },
      },
      async (request, reply) => reply.code(201).send(await adviseCase(db, currentUser(request), request.params.id, request.body)),
    )

    app.get(
      '/api/cases/:id/discretion',
      {
        schema: {
          tags, summary: '案件已记录的裁量建议（含所用基准版本）',
          params: z.object({ id: z.uuid() }),
          response: {
            200: z.object({ records: z.array(Advice.omit({ proposedAmount: true }).extend({ proposedAmount: z.number().nullable(), answers: z.record(z.string(), z.unknown()), recordedAt: z.string() })) }),
            ...errors,
          },
        },
      },
      async (request) => ({ records: await caseDiscretionHistory(db, currentUser(request), request.params.id) }),
    )
  })
}
