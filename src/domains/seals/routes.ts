// the published seal keys (no login: anyone verifies a seal offline against them).
import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody, notFound } from '../../platform/http/errors.ts'
import { openCaseForRead } from '../cases/record-access/case-read.ts'
import { listRetentionEvents, recordRetentionExpiry, type RetentionEvent } from './retention.ts'
import { currentSealKey, listSealKeys, type SealKey } from './seal.ts'

const RATE_LIMIT = { max: 120, timeWindow: '1 minute' }
const tags = ['电子签章']

const KeyOut = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  algorithm: z.literal('sm2'),
  fingerprint: z.string().describe('SM3(SubjectPublicKeyInfo DER)，十六进制'),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  publicKeyPem: z.string(),
  publicKeyUrl: z.string(),
})
const keyOut = (k: SealKey) => ({
  agencyId: k.agencyId,
  agencyName: k.agencyName,
  algorithm: k.algorithm,
  fingerprint: k.fingerprint,
  validFrom: k.validFrom.toISOString(),
  validTo: k.validTo?.toISOString() ?? null,
  publicKeyPem: k.publicKeyPem,
  publicKeyUrl: `/api/seals/${k.agencyId}/public-key?fingerprint=${k.fingerprint}`,
})

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const RetentionOut = z.object({
  id: z.string(),
  subjectKind: z.enum(['case', 'case_attachment', 'case_document']),
  subjectId: z.string(),
  event: z.literal('expired'),
  retentionUntil: z.string(),
  basis: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
})
const retentionOut = (e: RetentionEvent) => ({ ...e, recordedAt: e.recordedAt.toISOString() })

export const sealRoutes: RoutePlugin = (app, { db }) => {
  app.post(
    '/api/cases/:id/retention-events',
    {
      schema: {
        tags: ['案卷'],
        summary: '记录保管期限届满（R-10）：只记录事件并记入防删改日志，原记录不删除',
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({
          subjectKind: z.enum(['case', 'case_attachment', 'case_document']),
          subjectId: z.uuid(),
          retentionUntil: z.iso.date().describe('保管期限届满之日（须早于今日）'),
          basis: z.string().trim().min(2).max(500).describe('依据，如档案保管期限表条目'),
        }),
        response: { 201: RetentionOut, ...errors },
      },
    },
    async (request, reply) => {
      const event = await recordRetentionExpiry(db, currentUser(request), request.params.id, { ...request.body, ip: request.ip })
      return reply.code(201).send(retentionOut(event))
    },
  )

  app.get(
    '/api/cases/:id/retention-events',
    {
      schema: { tags: ['案卷'], summary: '案件记录的保管期限届满事件', params: z.object({ id: z.uuid() }), response: { 200: z.object({ events: z.array(RetentionOut) }), ...errors } },
    },
    async (request) => {
      const reader = await openCaseForRead(db, currentUser(request), request.params.id)
      return { events: (await listRetentionEvents(db, reader.row.id)).map(retentionOut) }
    },
  )

  app.get(
    '/api/seals',
    {
      schema: {
        tags,
        summary: '公布的各执法主体印章公钥（含已停用的），可离线验章',
        querystring: z.object({ agencyId: z.uuid().optional() }),
        response: { 200: z.object({ keys: z.array(KeyOut) }), 400: ErrorBody },
      },
      config: { rateLimit: RATE_LIMIT },
    },
    async (request) => ({ keys: (await listSealKeys(db, request.query.agencyId)).map(keyOut) }),
  )

  app.get(
    '/api/seals/:agencyId/public-key',
    {
      schema: {
        tags,
        summary: '执法主体的印章公钥（SubjectPublicKeyInfo PEM，SM2 曲线 OID 1.2.156.10197.1.301）；给出 fingerprint 时取该把密钥',
        params: z.object({ agencyId: z.uuid() }),
        querystring: z.object({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional() }),
        response: { 200: z.string(), 400: ErrorBody, 404: ErrorBody },
      },
      config: { rateLimit: RATE_LIMIT },
    },
    async (request, reply) => {
      const { fingerprint } = request.query
      const key = fingerprint
        ? (await listSealKeys(db, request.params.agencyId)).find((k) => k.fingerprint === fingerprint)
        : await currentSealKey(db, request.params.agencyId)
      if (!key) throw notFound('该执法主体尚无印章公钥')
      return reply
        .header('content-type', 'application/x-pem-file; charset=utf-8')
        .header('x-seal-fingerprint', key.fingerprint)
        .send(key.publicKeyPem)
    },
  )
}
