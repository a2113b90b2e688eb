import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RoutePlugin } from './app.ts'

/** Where `npm run build:workbench` writes the workbench (vite.config.ts outDir). */
export const WORKBENCH_DIST = path.resolve(import.meta.dirname, '../../../dist/workbench')

const NOT_BUILT = { code: 'WORKBENCH_NOT_BUILT', message: '工作台尚未构建，请运行 npm run build:workbench' }

/** Vite puts content-hashed files under assets/, so they never change under the same name. */
function cacheHeaders(reply: FastifyReply, file: string): void {
  const hashed = file.split(path.sep).includes('assets')
  reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
}

/**
 * Serves the built workbench SPA at /app/. Paths under /app/ that are not files get
 * index.html so that client-side routes survive a reload; a missing build answers 503.
 */
export function workbenchStatic(distDir: string = WORKBENCH_DIST): RoutePlugin {
  return async (app) => {
    const indexFile = path.join(distDir, 'index.html')
    if (!fs.existsSync(indexFile)) {
      const notBuilt = async (_request: FastifyRequest, reply: FastifyReply) => reply.code(503).send(NOT_BUILT)
      app.get('/app', { schema: { hide: true } }, notBuilt)
      app.get('/app/*', { schema: { hide: true } }, notBuilt)
      return
    }
    await app.register(
      async (scope) => {
        await scope.register(fastifyStatic, {
          root: distDir,
          prefix: '/',
          decorateReply: false,
          cacheControl: false,
          setHeaders: cacheHeaders,
          schemaHide: true,
        })
        scope.setNotFoundHandler(async (request, reply) => {
          const pathname = request.url.split('?')[0] ?? ''
          const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1)
          // a missing asset is a 404, not the HTML page a script tag cannot run
          if ((request.method !== 'GET' && request.method !== 'HEAD') || lastSegment.includes('.')) {
            return reply.code(404).send({ code: 'NOT_FOUND', message: `未找到：${request.method} ${pathname}` })
          }
          const html = await fs.promises.readFile(indexFile)
          return reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(html)
        })
      },
      { prefix: '/app' },
    )
  }
}

export const workbenchRoutes: RoutePlugin = workbenchStatic()
