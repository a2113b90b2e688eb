import { z } from 'zod'
import { ORG_KINDS, ORG_LEVELS } from './rules.ts'

export const OrgCode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{2,40}$/, '组织编码须为 2–40 位字母、数字、下划线或连字符')

export const Org = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: z.enum(ORG_KINDS),
  level: z.enum(ORG_LEVELS),
  code: z.string(),
  name: z.string(),
  duties: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  /** 1 for a root; lets the client indent a flat list without walking it. */
  depth: z.number().int(),
})
export type Org = z.infer<typeof Org>

export const NewOrg = z.strictObject({
  parentId: z.uuid({ error: '上级组织 ID 格式不正确' }),
  kind: z.enum(ORG_KINDS),
  /** Optional: the server derives it from the parent and refuses a wrong one. */
  level: z.enum(ORG_LEVELS).optional(),
  code: OrgCode,
  name: z.string().trim().min(2, '名称至少 2 个字').max(100, '名称不得超过 100 个字'),
  duties: z.string().trim().max(2000, '职责不得超过 2000 字').optional(),
})
export type NewOrg = z.infer<typeof NewOrg>

export const OrgChange = z.strictObject({
  name: z.string().trim().min(2, '名称至少 2 个字').max(100, '名称不得超过 100 个字').optional(),
  duties: z.string().trim().max(2000, '职责不得超过 2000 字').nullable().optional(),
  active: z.boolean().optional(),
  /** Why the node changes; kept with the version (F-01 "changes are versioned"). */
  reason: z.string().trim().min(2, '请填写变更原因（至少 2 个字）').max(500, '变更原因不得超过 500 字'),
  /** The version the client edited; a newer one in the database means someone else changed it. */
  version: z.number().int().min(1).optional(),
  /** Accepted only to answer with a clear refusal: nodes are not moved. */
  parentId: z.string().max(100).nullable().optional(),
})
export type OrgChange = z.infer<typeof OrgChange>

export const OrgVersion = z.object({
  version: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  reason: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
})
