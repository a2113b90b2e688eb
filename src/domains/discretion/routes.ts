import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { openCaseForRead } from '../cases/record-access/case-read.ts'
import { discretionFindings } from './package-findings.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

/** D-05: problem hints of a case (裁量建议, 超出裁量范围, 听证告知, 证据缺失, 期限将届满). */
export const discretionRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/cases/:id/hints',
    {
      schema: {
        tags: ['裁量基准'],
        summary: '案件问题提示：超出裁量范围、达到较大数额未告知听证、缺少证据、期限将届满',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ fineAmount: z.coerce.number().min(0).max(1e12).optional().describe('拟罚款金额（元）') }),
        response: {
          200: z.object({ hints: z.array(z.object({ code: z.string(), severity: z.enum(['warning', 'info']), message: z.string() })) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const user = currentUser(request)
      await openCaseForRead(db, user, request.params.id)
      const fineAmount = request.query.fineAmount
      return { hints: await discretionFindings(db, request.params.id, fineAmount === undefined ? undefined : { fineAmount }) }
    },
  )
}
