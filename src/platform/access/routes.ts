import { z } from 'zod'
import type { RoutePlugin } from '../http/app.ts'
import { SESSION_COOKIE, currentUser } from '../http/app.ts'
import { ErrorBody } from '../http/errors.ts'
import { login, logout } from './sessions.ts'
import { ROLES, ROLE_LABELS } from './roles.ts'

export const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  roleLabels: z.array(z.string()),
  orgId: z.string(),
  scopeOrgId: z.string(),
  personId: z.string().nullable(),
  locale: z.enum(['zh-CN', 'en']),
  csrfToken: z.string(),
})

const LoginBody = z.strictObject({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(128),
})

export const accessRoutes: RoutePlugin = (app, ctx) => {
  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['认证'], summary: '登录', body: LoginBody, response: { 200: Me, 401: ErrorBody, 423: ErrorBody } },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const session = await login(ctx.db, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        sessionHours: ctx.config.sessionHours,
      })
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        expires: session.expiresAt,
      })
      const u = session.user
      return { ...u, roleLabels: u.roles.map((r) => ROLE_LABELS[r].zh), csrfToken: session.csrfToken }
    },
  )

  app.post('/api/auth/logout', { schema: { tags: ['认证'], summary: '退出登录', response: { 204: z.null() } } }, async (request, reply) => {
    const user = currentUser(request)
    await logout(ctx.db, request.sessionToken!, user, request.ip)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.code(204).send(null)
  })

  app.get('/api/auth/me', { schema: { tags: ['认证'], summary: '当前用户', response: { 200: Me, 401: ErrorBody } } }, async (request) => {
    const user = currentUser(request)
    return { ...user, roleLabels: user.roles.map((r) => ROLE_LABELS[r].zh), csrfToken: request.csrfToken! }
  })
}
