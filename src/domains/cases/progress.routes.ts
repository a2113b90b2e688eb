// P-15: the case's public query code, for the agency's staff who hand it to the party.
import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody, forbidden } from '../../platform/http/errors.ts'
import { openCaseForRead } from './record-access/case-read.ts'
import { formatQueryCode } from './progress-code.ts'

export const caseProgressRoutes: RoutePlugin = (app, { db, config }) => {
  app.get(
    '/api/cases/:id/query-code',
    {
      schema: {
        tags: ['案件'],
        summary: '案件的办理进度查询码（交当事人，凭码在门户 /progress 查询）',
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({ queryCode: z.string(), display: z.string(), url: z.string() }),
          400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody,
        },
      },
    },
    async (request) => {
      const reader = await openCaseForRead(db, currentUser(request), request.params.id)
      // Only the agency's own staff hand the code out; a 调阅 reads the record, not the party's key.
      if (!reader.handlingStaff) throw forbidden('查询码只向本案所属机关的办案人员提供')
      const { rows } = await db.query<{ queryCode: string }>(`SELECT query_code AS "queryCode" FROM enforcement_case WHERE id = $1`, [reader.row.id])
      const queryCode = rows[0]!.queryCode
      return { queryCode, display: formatQueryCode(queryCode), url: `${config.publicUrl}/progress?code=${queryCode}` }
    },
  )
}
