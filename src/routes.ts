import type { RoutePlugin } from './platform/http/app.ts'
import { accessRoutes } from './platform/access/routes.ts'
import { orgRoutes } from './platform/orgs/routes.ts'
import { userRoutes } from './platform/access/users.routes.ts'
import { workbenchRoutes } from './platform/http/workbench-static.ts'
import { portalRoutes } from './portal/routes.ts'
import { calendarRoutes } from './platform/calendar/routes.ts'
import { bodiesRoutes } from './domains/bodies/routes.ts'
import { peopleRoutes } from './domains/people/routes.ts'
import { casesRoutes } from './domains/cases/routes.ts'
import { approvalsRoutes } from './domains/cases/approvals.routes.ts'
import { recusalRoutes } from './domains/cases/recusal.routes.ts'
import { simpleProcedureRoutes } from './domains/cases/simple-procedure.routes.ts'
import { deadlinesRoutes } from './domains/cases/deadlines.routes.ts'

/** Every HTTP route of the system, one plugin per domain. */
export const allRoutes: RoutePlugin[] = [accessRoutes, orgRoutes, userRoutes, workbenchRoutes, portalRoutes, calendarRoutes, bodiesRoutes, peopleRoutes, casesRoutes, approvalsRoutes, recusalRoutes, simpleProcedureRoutes, deadlinesRoutes]
