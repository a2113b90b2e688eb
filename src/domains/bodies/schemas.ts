// Request and response shapes of the 执法主体 registry (F-01); a schema and its type share one name.
import { z } from 'zod'
import { BODY_KINDS, usccValid } from './rules.ts'

const text = (min: number, max: number) => z.string().trim().min(min).max(max)

const BodyFields = {
  name: text(2, 100),
  duties: text(0, 4000).nullable().optional(),
  uscc: z.string().length(18).refine(usccValid, '统一社会信用代码校验位不正确（GB 32100）'),
  bodyKind: z.enum(BODY_KINDS),
  entrustingBodyId: z.uuid().nullable().optional(),
  legalBasis: text(2, 4000),
  domains: z.array(text(1, 30)).min(1).max(30),
  address: text(1, 200),
  postcode: z.string().regex(/^\d{6}$/).nullable().optional(),
  phone: text(5, 40),
  email: z.email().max(100).nullable().optional(),
  supervisorName: text(2, 100),
  supervisorContact: text(1, 200),
  reconsiderationBody: text(2, 100),
  court: text(2, 100),
}

export const CreateBody = z.strictObject({
  parentId: z.uuid(),
  code: z.string().regex(/^[A-Za-z0-9_-]{2,40}$/),
  ...BodyFields,
})
export type CreateBody = z.infer<typeof CreateBody>

export const UpdateBody = z
  .strictObject({
    ...z.object(BodyFields).partial().shape,
    status: z.enum(['active', 'abolished']).optional(),
    /** The version the editor saw; a different current version is a conflict. */
    expectedVersion: z.number().int().min(1).optional(),
    reason: text(2, 500),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'reason' && k !== 'expectedVersion'), '没有需要保存的修改')
export type UpdateBody = z.infer<typeof UpdateBody>

export const PublishBody = z.strictObject({ expectedVersion: z.number().int().min(1).optional() })
export type PublishBody = z.infer<typeof PublishBody>

export const BodyData = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  duties: z.string().nullable(),
  uscc: z.string(),
  bodyKind: z.enum(BODY_KINDS),
  entrustingBodyId: z.string().nullable(),
  entrustingBodyName: z.string().nullable(),
  legalBasis: z.string(),
  domains: z.array(z.string()),
  address: z.string(),
  postcode: z.string().nullable(),
  phone: z.string(),
  email: z.string().nullable(),
  supervisorName: z.string(),
  supervisorContact: z.string(),
  reconsiderationBody: z.string(),
  court: z.string(),
  status: z.enum(['active', 'abolished']),
})

export const Unit = z.object({ id: z.string(), parentId: z.string().nullable(), code: z.string(), name: z.string(), duties: z.string().nullable() })

export const BodyOut = BodyData.extend({ version: z.number(), publishedVersion: z.number().nullable(), updatedAt: z.string() })
export const BodyDetail = BodyOut.extend({ units: z.array(Unit) })
export const BodyList = z.object({ items: z.array(BodyOut), total: z.number() })
export const BodyVersion = z.object({
  version: z.number(),
  data: BodyData,
  reason: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
})
