import type { RoutePlugin } from './platform/http/app.ts'
import { accessRoutes } from './platform/access/routes.ts'

/** Every HTTP route of the system, one plugin per domain. */
export const allRoutes: RoutePlugin[] = [accessRoutes]
