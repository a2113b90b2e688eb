import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody } from '../../platform/http/errors.ts'
import { collectionStatus } from './simple-procedure.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

const CollectionOut = z.object({
  collectedOn: z.string(),
  amountYuan: z.number(),
  ground: z.string(),
  receiptNo: z.string(),
  handoverDue: z.string().nullable().describe('交至行政机关的最后一日（行政处罚法第七十一条）'),
  handedOverOn: z.string().nullable(),
  late: z.boolean().describe('逾期交至行政机关'),
  overdue: z.boolean().describe('已过期限仍未交至行政机关'),
  paymentDue: z.string().nullable().describe('行政机关将罚款缴付银行的最后一日（行政处罚法第七十一条）'),
  paidToBankOn: z.string().nullable(),
  paymentLate: z.boolean().describe('逾期缴付银行'),
  paymentOverdue: z.boolean().describe('已过期限仍未缴付银行'),
})

/** R-04 处罚法71: the state of a 简易程序 case's on-the-spot collection. */
export const simpleProcedureRoutes: RoutePlugin = (app, { db }) => {
  app.get(
    '/api/cases/:id/on-the-spot-collection',
    {
      schema: {
        tags: ['案件'],
        summary: '当场收缴罚款及其交至行政机关的期限',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ collection: CollectionOut.nullable() }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      return { collection: await collectionStatus(db, user, request.params.id, request.ip) }
    },
  )
}
