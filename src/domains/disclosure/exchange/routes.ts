// the 双公示 exchange: export of published 行政处罚 / 行政许可 decisions as CSV or XLSX, and
// the per-row check of such a file (nothing is written).
import { z } from 'zod'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { RoutePlugin } from '../../../platform/http/app.ts'
import { currentUser } from '../../../platform/http/app.ts'
import { badRequest, ErrorBody } from '../../../platform/http/errors.ts'
import { requireRole } from '../../../platform/access/scope.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { EXCHANGE_KINDS } from './fields.ts'
import { exportRows, toCsv, toXlsx } from './export.ts'
import { CSV_TYPE, IMPORT_MAX_BYTES, validateFile, XLSX_TYPE } from './import.ts'

const tags = ['双公示']
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody }
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')

export const exchangeRoutes: RoutePlugin = async (root, { db }) => {
  await root.register(async (scoped) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>()
    // the file is read whole (≤ 10 MB) and checked in memory
    app.addContentTypeParser([CSV_TYPE, XLSX_TYPE], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body))

    app.get(
      '/api/exchange/shuanggongshi',
      {
        schema: {
          tags,
          summary: '双公示导出：已公开（未撤回）的行政处罚或行政许可决定，CSV（UTF-8 带 BOM）或 XLSX，首行为字段代码',
          querystring: z.object({
            kind: z.enum(EXCHANGE_KINDS),
            format: z.enum(['csv', 'xlsx']).default('csv'),
            agency: z.uuid().optional(),
            from: Day.optional(),
            to: Day.optional(),
          }),
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const { kind, format, agency, from, to } = request.query
        if (from && to && from > to) throw badRequest('DATE_RANGE', '开始日期不能晚于结束日期')
        const rows = await exportRows(db, currentUser(request), { kind, agencyId: agency, from, to })
        const name = `shuanggongshi-${kind === '处罚' ? 'cf' : 'xk'}-${todayInChina()}.${format}`
        const body = format === 'csv' ? await toCsv(kind, rows) : await toXlsx(kind, rows)
        return reply
          .header('content-type', format === 'csv' ? `${CSV_TYPE}; charset=utf-8` : XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('x-row-count', String(rows.length))
          .send(body)
      },
    )

    app.post(
      '/api/exchange/shuanggongshi/validate',
      {
        bodyLimit: IMPORT_MAX_BYTES,
        schema: {
          tags,
          summary: '双公示文件校验（CSV 或 XLSX 作为请求体，≤10 MB）：逐行报告错误，不写入任何数据',
          description: 'Content-Type: text/csv 或 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet；首行为字段代码，类别按字段前缀（CF_ 处罚、XK_ 许可）或 kind 参数确定；含未知列的文件被拒绝。',
          querystring: z.object({ kind: z.enum(EXCHANGE_KINDS).optional() }),
          response: {
            200: z.object({
              kind: z.enum(EXCHANGE_KINDS), rows: z.number(), valid: z.number(),
              errors: z.array(z.object({ row: z.number(), field: z.string(), code: z.string(), message: z.string() })),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        requireRole(currentUser(request), 'disclosure', 'supervisor', 'admin')
        if (!Buffer.isBuffer(request.body)) throw badRequest('EXCHANGE_FILE', '请以 text/csv 或 XLSX 文件作为请求体上传')
        return validateFile(request.body, String(request.headers['content-type'] ?? ''), todayInChina(), request.query.kind)
      },
    )
  })
}
