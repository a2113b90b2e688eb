import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody, notFound } from '../../platform/http/errors.ts'
import { requireScope } from '../../platform/access/scope.ts'
import { todayInChina } from '../../platform/clock.ts'
import { CERTIFICATE_STATUSES, PERSON_KINDS, PERSON_STATUSES } from './rules.ts'
import {
  AnnualCheckOut,
  AppointReviewer,
  CertificateOut,
  ChangeCertificateStatus,
  CheckActingOfficers,
  CreatePerson,
  IssueCertificate,
  PersonDetail,
  PersonListItem,
  RecordAnnualCheck,
  ReissueCertificate,
  ReviewerOut,
  StaffingItem,
  UpdatePerson,
} from './schemas.ts'
import { findCertificate, listAnnualChecks, listCertificates, listPeople, listReviewers, type CertificateRow } from './store.ts'
import { createPerson } from './create-person.ts'
import { updatePerson } from './update-person.ts'
import { getPerson, listPersonVersions } from './get-person.ts'
import { issueCertificate } from './issue-certificate.ts'
import { changeCertificateStatus } from './change-certificate-status.ts'
import { recordAnnualCheck } from './record-annual-check.ts'
import { reissueCertificate } from './reissue-certificate.ts'
import { appointReviewer } from './appoint-reviewer.ts'
import { staffingReport } from './staffing-report.ts'
import { checkActingOfficers } from './check-acting-officers.ts'

const IdParams = z.object({ id: z.uuid() })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }
const page = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
}
const flag = z.enum(['true', 'false']).transform((v) => v === 'true')

const certificateOut = (row: CertificateRow) => {
  const { agencyPath: _path, issuedAt, ...rest } = row
  return { ...rest, issuedAt: issuedAt.toISOString() }
}

/** F-02, F-03: people, certificates, legal reviewers, staffing and the acting-officer check. */
export const peopleRoutes: RoutePlugin = (app, { db }) => {
  const people = ['执法人员']
  app.get(
    '/api/people',
    {
      schema: {
        tags: people,
        summary: '人员列表（数据范围内，不含身份证号和电话）',
        querystring: z.object({
          agencyId: z.uuid().optional(),
          kind: z.enum(PERSON_KINDS).optional(),
          status: z.enum(PERSON_STATUSES).optional(),
          q: z.string().max(50).optional(),
          ...page,
        }),
        response: { 200: z.object({ items: z.array(PersonListItem), total: z.number() }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { items, total } = await listPeople(db, { scopePath: user.scopePath, day: todayInChina(), ...request.query })
      return { items: items.map((p) => ({ ...p, updatedAt: p.updatedAt.toISOString() })), total }
    },
  )

  app.get(
    '/api/people/:id',
    { schema: { tags: people, summary: '人员详情', params: IdParams, response: { 200: PersonDetail, ...errors } } },
    async (request) => {
      const person = await getPerson(db, currentUser(request), request.params.id, request.ip)
      return {
        ...person,
        createdAt: person.createdAt.toISOString(),
        updatedAt: person.updatedAt.toISOString(),
        certificates: person.certificates.map(certificateOut),
      }
    },
  )

  app.post(
    '/api/people',
    { schema: { tags: people, summary: '登记人员', body: CreatePerson, response: { 201: z.object({ id: z.string(), version: z.number() }), ...errors } } },
    async (request, reply) => {
      const person = await createPerson(db, currentUser(request), request.body, request.ip)
      return reply.code(201).send({ id: person.id, version: person.version })
    },
  )

  app.patch(
    '/api/people/:id',
    { schema: { tags: people, summary: '修改人员信息（生成新版本）', params: IdParams, body: UpdatePerson, response: { 200: z.object({ id: z.string(), version: z.number() }), ...errors } } },
    async (request) => {
      const person = await updatePerson(db, currentUser(request), request.params.id, request.body, request.ip)
      return { id: person.id, version: person.version }
    },
  )

  app.get(
    '/api/people/:id/versions',
    {
      schema: {
        tags: people,
        summary: '人员历史版本',
        params: IdParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({ version: z.number(), data: z.record(z.string(), z.unknown()), reason: z.string().nullable(), changedBy: z.string().nullable(), changedAt: z.string() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const versions = await listPersonVersions(db, currentUser(request), request.params.id, request.ip)
      return { items: versions.map((v) => ({ version: v.version, data: v.data, reason: v.reason, changedBy: v.changedBy, changedAt: new Date(v.changedAt).toISOString() })) }
    },
  )

  const certs = ['执法证']
  app.post(
    '/api/people/:id/certificates',
    { schema: { tags: certs, summary: '核发执法证', params: IdParams, body: IssueCertificate, response: { 201: CertificateOut, ...errors } } },
    async (request, reply) => {
      const row = await issueCertificate(db, currentUser(request), request.params.id, request.body, request.ip)
      return reply.code(201).send(certificateOut(row))
    },
  )

  app.get(
    '/api/certificates',
    {
      schema: {
        tags: certs,
        summary: '执法证列表（状态按今日计算）',
        querystring: z.object({
          agencyId: z.uuid().optional(),
          personId: z.uuid().optional(),
          status: z.enum(CERTIFICATE_STATUSES).optional(),
          ...page,
        }),
        response: { 200: z.object({ items: z.array(CertificateOut), total: z.number() }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { items, total } = await listCertificates(db, { scopePath: user.scopePath, day: todayInChina(), ...request.query })
      return { items: items.map(certificateOut), total }
    },
  )

  app.get(
    '/api/certificates/:id',
    {
      schema: {
        tags: certs,
        summary: '执法证详情（含年审记录）',
        params: IdParams,
        response: { 200: CertificateOut.extend({ annualChecks: z.array(AnnualCheckOut) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const row = await findCertificate(db, request.params.id, todayInChina())
      if (!row) throw notFound('执法证不存在')
      requireScope(user, row.agencyPath)
      return { ...certificateOut(row), annualChecks: await listAnnualChecks(db, row.id) }
    },
  )

  app.post(
    '/api/certificates/:id/status',
    { schema: { tags: certs, summary: '暂扣、注销或恢复执法证', params: IdParams, body: ChangeCertificateStatus, response: { 200: CertificateOut, ...errors } } },
    async (request) => certificateOut(await changeCertificateStatus(db, currentUser(request), request.params.id, request.body, request.ip)),
  )

  app.post(
    '/api/certificates/:id/annual-checks',
    {
      schema: {
        tags: certs,
        summary: '登记年审结果（不合格即暂扣）',
        params: IdParams,
        body: RecordAnnualCheck,
        response: { 201: z.object({ check: AnnualCheckOut, certificate: CertificateOut }), ...errors },
      },
    },
    async (request, reply) => {
      const { check, certificate } = await recordAnnualCheck(db, currentUser(request), request.params.id, request.body, request.ip)
      return reply.code(201).send({ check, certificate: certificateOut(certificate) })
    },
  )

  app.post(
    '/api/certificates/:id/reissue',
    {
      schema: {
        tags: certs,
        summary: '换发执法证（原证注销）',
        params: IdParams,
        body: ReissueCertificate,
        response: { 201: z.object({ certificate: CertificateOut, replaced: CertificateOut }), ...errors },
      },
    },
    async (request, reply) => {
      const { certificate, replaced } = await reissueCertificate(db, currentUser(request), request.params.id, request.body, request.ip)
      return reply.code(201).send({ certificate: certificateOut(certificate), replaced: certificateOut(replaced) })
    },
  )

  const reviewers = ['法制审核人员']
  app.get(
    '/api/reviewers',
    {
      schema: {
        tags: reviewers,
        summary: '法制审核人员列表',
        querystring: z.object({ agencyId: z.uuid().optional(), includeShared: flag.default(false), activeOnly: flag.default(true) }),
        response: { 200: z.object({ items: z.array(ReviewerOut) }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request)
      return { items: await listReviewers(db, { scopePath: user.scopePath, ...request.query }) }
    },
  )

  app.post(
    '/api/reviewers',
    { schema: { tags: reviewers, summary: '任命法制审核人员', body: AppointReviewer, response: { 201: ReviewerOut, ...errors } } },
    async (request, reply) => reply.code(201).send(await appointReviewer(db, currentUser(request), request.body, request.ip)),
  )

  app.get(
    '/api/staffing',
    {
      schema: {
        tags: reviewers,
        summary: '法制审核人员配备情况（不少于执法人员的 5%，至少 1 名）',
        querystring: z.object({ orgId: z.uuid().optional(), underOnly: flag.default(false) }),
        response: { 200: z.object({ items: z.array(StaffingItem) }), ...errors },
      },
    },
    async (request) => ({ items: await staffingReport(db, currentUser(request), request.query) }),
  )

  app.post(
    '/api/acting-officers/check',
    {
      schema: {
        tags: people,
        summary: '核验执法人员资格（不少于两人且均持有效执法证）',
        body: CheckActingOfficers,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await checkActingOfficers(db, currentUser(request), request.body.personIds, request.body.date)
      return { ok: true as const }
    },
  )
}
