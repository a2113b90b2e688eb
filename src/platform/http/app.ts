import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import type { Config } from '../config.ts'
import type { Db } from '../db/pool.ts'
import { AppError, forbidden, unauthorized } from './errors.ts'
import { findSession } from '../access/sessions.ts'
import type { AuthUser } from '../access/scope.ts'
import { createBlobStore, type BlobStore } from '../blobs/index.ts'
import { databaseRateLimitStore } from './rate-limit-store.ts'

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null
    sessionToken: string | null
    csrfToken: string | null
  }
}

/**
 * db: the primary (every write, and reads that must see them). readDb: the pool for read-only
 * public queries (portal search, publication pages, feeds, sitemap, certificate lookups), a
 * replica when DATABASE_READ_URL names one (N-02); otherwise the primary itself.
 */
export type AppContext = { db: Db; readDb: Db; config: Config; blobs: BlobStore }
/** The Fastify instance routes are declared on: Zod schemas type the handlers. */
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>
export type RoutePlugin = (app: ZodApp, ctx: AppContext) => Promise<void> | void

export const SESSION_COOKIE = 'zhifa_session'
export const BODY_LIMIT = 1024 * 1024

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The signed-in user, or 401. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthorized()
  return request.user
}

/** Fastify error codes that are the client's fault, with their Chinese messages. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE', '请求体过大'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'EMPTY_BODY', '请求体不能为空'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON', '请求体不是合法的 JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_CONTENT_LENGTH', '请求长度不正确'],
  FST_ERR_VALIDATION: [400, 'VALIDATION', '请求参数不合法'],
}

export async function buildApp(
  given: Omit<AppContext, 'blobs' | 'readDb'> & { blobs?: BlobStore; readDb?: Db },
  routes: RoutePlugin[],
  options: {
    logStream?: NodeJS.WritableStream
    /**
     * N-02: where rate-limit hits are counted. `zhifa serve` counts in the database, so a limit
     * holds across app servers; an app built in-process (tests) keeps its own count in memory
     * unless it asks for the database.
     */
    rateLimits?: 'database' | 'memory'
  } = {},
): Promise<FastifyInstance> {
  const ctx: AppContext = { ...given, readDb: given.readDb ?? given.db, blobs: given.blobs ?? createBlobStore(given.config) }
  const app = Fastify({
    logger: {
      level: ctx.config.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization'],
      serializers: {
        req: (req) => ({ method: req.method, url: req.url, ip: req.ip, headers: req.headers }),
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: process.env.ZHIFA_TRUST_PROXY === 'true',
    routerOptions: { ignoreTrailingSlash: true },
    // The router answers malformed URLs before the error handler runs: same format here.
    frameworkErrors: (error: any, _request, reply: any) => {
      const known: Record<string, [number, string, string]> = {
        FST_ERR_BAD_URL: [400, 'BAD_URL', '请求地址不合法'],
        FST_ERR_MAX_PARAM_LENGTH: [414, 'URL_TOO_LONG', '请求地址中的参数过长'],
        FST_ERR_ASYNC_CONSTRAINT: [400, 'BAD_REQUEST', '请求不合法'],
      }
      const [status, code, message] = known[error.code] ?? [400, 'BAD_REQUEST', '请求不合法']
      reply.code(status).send({ code, message })
    },
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  app.setErrorHandler((error: any, request, reply) => {
    if (error instanceof AppError) {
      return reply.code(error.status).send({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) })
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue: any) => ({
        path: `${error.validationContext ?? ''}${issue.instancePath ?? ''}`,
        message: issue.message,
      }))
      const first = issues[0]
      return reply.code(400).send({
        code: 'VALIDATION',
        message: `请求参数不合法${first ? `：${first.path || '请求体'} ${first.message}` : ''}`,
        details: issues,
      })
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema')
      return reply.code(500).send({ code: 'INTERNAL', message: '服务器内部错误' })
    }
    const known = error.code && CLIENT_ERRORS[error.code]
    if (known) return reply.code(known[0]).send({ code: known[1], message: known[2] })
    if (error.statusCode === 429) return reply.code(429).send({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' })
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ code: 'BAD_REQUEST', message: '请求不合法' })
    }
    // A rule held by the database (CHECK, trigger, privilege) refused the write.
    const pgState: string | undefined = error.code
    if (pgState === '23514' || pgState === 'P0001') {
      return reply.code(422).send({ code: 'RULE_VIOLATION', message: error.message })
    }
    if (pgState === '23505') return reply.code(409).send({ code: 'DUPLICATE', message: '记录已存在' })
    if (pgState === '23503') return reply.code(422).send({ code: 'REFERENCE', message: '引用的记录不存在' })
    if (pgState === '22P02' || pgState === '22007' || pgState === '22008') {
      return reply.code(400).send({ code: 'VALIDATION', message: '请求参数格式不正确' })
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply.code(500).send({ code: 'INTERNAL', message: '服务器内部错误' })
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ code: 'NOT_FOUND', message: `未找到：${request.method} ${request.url.split('?')[0]}` })
  })

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  })
  await app.register(cookie)
  await app.register(rateLimit, { global: false, ...(options.rateLimits === 'database' ? { store: databaseRateLimitStore(ctx.db) } : {}) })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'zhifa API', description: '行政执法三项制度平台 API', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  app.decorateRequest('user', null)
  app.decorateRequest('sessionToken', null)
  app.decorateRequest('csrfToken', null)
  app.addHook('onRequest', async (request) => {
    // A public form that carries its own signed token (the portal's 投诉举报, S-04) acts as
    // nobody: the session is not read, so a signed-in visitor's cookie neither helps nor blocks it.
    if ((request.routeOptions.config as { sessionless?: boolean } | undefined)?.sessionless) return
    const token = request.cookies[SESSION_COOKIE]
    if (!token) return
    const session = await findSession(ctx.db, token)
    if (!session) return
    request.user = session.user
    request.sessionToken = token
    request.csrfToken = session.csrfToken
    // F-05: a cookie-authenticated write must carry the session's CSRF token.
    if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError(403, 'CSRF', '缺少或错误的 CSRF 令牌，请刷新页面后重试')
    }
  })

  const z = app.withTypeProvider<ZodTypeProvider>()
  z.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  z.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await ctx.db.query('SELECT 1 FROM schema_migration LIMIT 1')
      return { status: 'ready' }
    } catch {
      return reply.code(503).send({ code: 'NOT_READY', message: '数据库未就绪' })
    }
  })
  z.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  for (const plugin of routes) await plugin(z, ctx)
  return app
}

export { forbidden }
