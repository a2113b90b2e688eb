import { z } from 'zod'
import type { RoutePlugin } from '../../platform/http/app.ts'
import { currentUser } from '../../platform/http/app.ts'
import { ErrorBody, notFound } from '../../platform/http/errors.ts'
import { requireScope } from '../../platform/access/scope.ts'
import { AgencyNoticeInput, AgencyNoticeList, AgencyNoticeOut, PublishNotice, WindowDetail, WindowInput, WindowList, WindowOut } from './schemas.ts'
import { findAgency, findWindow, listNoticeVersions, listWindows, listWindowVersions, type ServiceWindow } from './store.ts'
import { publishAgencyNotice, saveAgencyNotice } from './save-agency-notice.ts'
import { createWindow, updateWindow } from './save-window.ts'
import { boardPath, findPublicAgency, findPublicWindow, listPublicWindows, publicNotice, BOARD_LINKS } from './public.ts'

const tags = ['事前公开与岗位公示牌']
const publicTags = ['公示门户']
const IdParams = z.object({ id: z.uuid({ error: '执法主体编号格式不正确' }) })
const WindowParams = z.object({ windowId: z.uuid({ error: '窗口编号格式不正确' }) })
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }

/** The workbench's view of a board: a photo only says whether there is one (the portal shows it). */
const windowOut = (w: ServiceWindow) => ({ ...w, staff: w.staff.map(({ photo, ...s }) => ({ ...s, hasPhoto: photo !== null })) })

const PublicStaff = z.object({ personId: z.string(), name: z.string(), post: z.string(), duties: z.string(), photo: z.string().nullable().describe('照片（data: URL）') })
const PublicWindowOut = z.object({
  id: z.string(), version: z.number(), name: z.string(), location: z.string(), hours: z.string(), duties: z.string(), consultPhone: z.string(),
  staff: z.array(PublicStaff), items: z.array(z.object({ name: z.string(), enforcementItemId: z.string().nullable(), itemCode: z.string().nullable() })),
  samples: z.array(z.object({ title: z.string(), url: z.string() })),
  progressUrl: z.string(), complaintsUrl: z.string(), url: z.string(), pdfUrl: z.string(),
})
const PublicNoticeOut = AgencyNoticeOut.omit({ reason: true })
const CodeParams = z.object({ code: z.string().min(1).max(40) })

/** P-01 / I-01 / P-07: 救济渠道, 监督方式, 随机抽查事项清单 and the 岗位信息公示牌, kept in versions. */
export const noticesRoutes: RoutePlugin = (app, { db, config }) => {
  const agencyInScope = async (user: ReturnType<typeof currentUser>, id: string) => {
    const agency = await findAgency(db, { id })
    if (!agency) throw notFound('执法主体不存在')
    requireScope(user, agency.path)
    return agency
  }

  app.get(
    '/api/bodies/:id/notices',
    { schema: { tags, summary: '救济渠道、监督方式和随机抽查事项清单的各版本（P-01）', params: IdParams, response: { 200: AgencyNoticeList, ...errors } } },
    async (request) => {
      const agency = await agencyInScope(currentUser(request), request.params.id)
      const versions = await listNoticeVersions(db, agency.id)
      const published = versions.filter((v) => v.publishedAt).at(-1)
      return { agencyId: agency.id, agencyName: agency.name, agencyCode: agency.code, latestVersion: versions.at(-1)?.version ?? null, publishedVersion: published?.version ?? null, versions }
    },
  )

  app.post(
    '/api/bodies/:id/notices',
    { schema: { tags, summary: '保存新版本（不改动已有版本，公示前门户仍显示已公示的版本）', params: IdParams, body: AgencyNoticeInput, response: { 201: AgencyNoticeOut, ...errors } } },
    async (request, reply) => reply.code(201).send(await saveAgencyNotice(db, currentUser(request), request.params.id, request.body, request.ip)),
  )

  app.post(
    '/api/bodies/:id/notices/:version/publish',
    {
      schema: {
        tags, summary: '公示某一版本（门户显示最新公示的版本）',
        params: IdParams.extend({ version: z.coerce.number({ error: '版本号须为整数' }).int('版本号须为整数').min(1, '版本号须为正整数') }),
        body: PublishNotice.optional(), response: { 200: AgencyNoticeOut, ...errors },
      },
    },
    async (request) => publishAgencyNotice(db, currentUser(request), request.params.id, request.params.version, request.ip),
  )

  app.get(
    '/api/bodies/:id/windows',
    { schema: { tags, summary: '服务窗口及其岗位信息公示牌（P-07）', params: IdParams, response: { 200: WindowList, ...errors } } },
    async (request) => {
      const agency = await agencyInScope(currentUser(request), request.params.id)
      return { items: (await listWindows(db, agency.id)).map(windowOut) }
    },
  )

  app.post(
    '/api/bodies/:id/windows',
    { schema: { tags, summary: '设立服务窗口及其公示牌第 1 版', params: IdParams, body: WindowInput, response: { 201: WindowOut, ...errors } } },
    async (request, reply) => reply.code(201).send(windowOut(await createWindow(db, currentUser(request), request.params.id, request.body, request.ip))),
  )

  app.get(
    '/api/windows/:windowId',
    { schema: { tags, summary: '公示牌当前版本与历史版本', params: WindowParams, response: { 200: WindowDetail, ...errors } } },
    async (request) => {
      const user = currentUser(request)
      const current = await findWindow(db, request.params.windowId)
      if (!current) throw notFound('服务窗口不存在')
      await agencyInScope(user, current.agencyId)
      return { current: windowOut(current), versions: (await listWindowVersions(db, current.id)).map(windowOut) }
    },
  )

  app.post(
    '/api/windows/:windowId/versions',
    { schema: { tags, summary: '公示牌新版本（旧版本保留；停用即 active=false 的新版本）', params: WindowParams, body: WindowInput, response: { 201: WindowOut, ...errors } } },
    async (request, reply) => reply.code(201).send(windowOut(await updateWindow(db, currentUser(request), request.params.windowId, request.body, request.ip))),
  )

  // The public API: what the portal shows, without a login.
  const publicAgency = async (code: string) => {
    const agency = await findPublicAgency(db, code)
    if (!agency) throw notFound('未找到该执法主体')
    return agency
  }
  const publicWindowOut = (agencyCode: string, w: NonNullable<Awaited<ReturnType<typeof findPublicWindow>>>) => {
    const path = boardPath(agencyCode, w.id)
    return {
      ...w,
      progressUrl: `${config.publicUrl}${BOARD_LINKS.progress}`,
      complaintsUrl: `${config.publicUrl}${BOARD_LINKS.complaints}`,
      url: `${config.publicUrl}${path}`,
      pdfUrl: `${config.publicUrl}${path}/board.pdf`,
    }
  }

  app.get(
    '/api/public/agencies/:code/notices',
    { schema: { tags: publicTags, summary: '执法主体已公示的救济渠道、监督方式和随机抽查事项清单（P-01）', params: CodeParams, response: { 200: PublicNoticeOut, 404: ErrorBody } } },
    async (request) => {
      const agency = await publicAgency(request.params.code)
      const notice = await publicNotice(db, agency.id)
      if (!notice) throw notFound('该执法主体尚未公示救济渠道和监督方式')
      const { reason: _reason, ...rest } = notice
      return rest
    },
  )

  app.get(
    '/api/public/agencies/:code/windows',
    { schema: { tags: publicTags, summary: '执法主体服务窗口的岗位信息公示牌（P-07）', params: CodeParams, response: { 200: z.object({ items: z.array(PublicWindowOut) }), 404: ErrorBody } } },
    async (request) => {
      const agency = await publicAgency(request.params.code)
      return { items: (await listPublicWindows(db, agency.id)).map((w) => publicWindowOut(agency.code, w)) }
    },
  )

  app.get(
    '/api/public/agencies/:code/windows/:windowId',
    { schema: { tags: publicTags, summary: '一个岗位信息公示牌（P-07）', params: CodeParams.extend(WindowParams.shape), response: { 200: PublicWindowOut, 404: ErrorBody, 400: ErrorBody } } },
    async (request) => {
      const agency = await publicAgency(request.params.code)
      const w = await findPublicWindow(db, agency.id, request.params.windowId)
      if (!w) throw notFound('未找到该公示牌')
      return publicWindowOut(agency.code, w)
    },
  )
}
