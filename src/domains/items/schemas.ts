// Request and response shapes of the 行政执法事项清单 and its 服务指南 (P-02, P-03); a schema and its type share one name.
import { z } from 'zod'
import { ARTICLE, ITEM_STATUSES, ITEM_TYPES, TIME_LIMIT_UNITS } from './rules.ts'

const text = (label: string, min: number, max: number) =>
  z.string({ error: `${label}应为文字` }).trim().min(min, `${label}不得少于${min}个字`).max(max, `${label}不得超过${max}个字`)

/** P-02: one 执法依据 entry: the law and its article (an entry without an article is refused). */
export const BasisEntry = z.strictObject({
  law: text('法律法规名称', 2, 100),
  article: z.string({ error: '每条执法依据须写明条款（如“第三十五条”）' }).trim()
    .regex(ARTICLE, '执法依据应具体到条，如“第三十五条”或“第三十五条第一款”').max(60, '条款不得超过60个字'),
})
export type BasisEntry = z.infer<typeof BasisEntry>

/** P-03: one 申请材料, with an optional 示范文本 as text or as a link. */
export const Material = z.strictObject({
  name: text('材料名称', 2, 200),
  copies: text('份数', 1, 40).nullable().optional(),
  sampleText: text('示范文本', 1, 20000).nullable().optional(),
  sampleUrl: z.url({ protocol: /^https?$/, error: '示范文本链接应为 http(s) 地址' }).max(500).nullable().optional(),
})
export type Material = z.infer<typeof Material>

/** P-03 服务指南: 事项名称, 依据 and 办理时限 are the version's own. */
export const Guide = z.strictObject({
  acceptingBody: text('受理机构', 2, 200),
  approvingBody: text('审批机构', 2, 200),
  conditions: text('受理条件', 2, 4000),
  materials: z.array(Material).max(50, '申请材料不得超过50项'),
  process: text('办理流程', 2, 4000),
  supervision: text('监督方式', 2, 1000),
  remedy: text('救济渠道', 2, 1000),
  officeHours: text('办公时间', 2, 200),
  address: text('办公地址', 2, 200),
  phone: text('办公电话', 5, 60),
})
export type Guide = z.infer<typeof Guide>

/** P-02: the content of a version, as drafted. */
export const VersionContent = z.strictObject({
  name: text('事项名称', 2, 200),
  type: z.enum(ITEM_TYPES, { error: `事项类型应为：${ITEM_TYPES.join('、')}` }),
  bodyId: z.uuid({ error: '执法主体应为机关编号' }).optional().describe('执法主体；缺省为本机关'),
  unitId: z.uuid({ error: '承办机构应为内设机构编号' }).describe('承办机构（本机关内设机构）'),
  basis: z.array(BasisEntry, { error: '执法依据应为列表' }).min(1, '至少列明一条执法依据').max(50, '执法依据不得超过50条'),
  timeLimit: z.number({ error: '办理时限应为天数' }).int('办理时限应为整数天').min(1, '办理时限至少1天').max(3650, '办理时限不得超过3650天'),
  timeLimitUnit: z.enum(TIME_LIMIT_UNITS, { error: '办理时限单位应为工作日或自然日' }),
  status: z.enum(ITEM_STATUSES, { error: '事项状态应为在用或已取消' }).default('在用'),
  guide: Guide.nullable().optional().describe('服务指南（行政许可事项必填）'),
  note: text('修订说明', 1, 1000).nullable().optional(),
})
export type VersionContent = z.infer<typeof VersionContent>

export const CreateItem = VersionContent.extend({
  agencyId: z.uuid({ error: '机关编号不正确' }),
  code: z.string({ error: '项目编码应为文字' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '项目编码为字母、数字、点、下划线或连字符，1 至 40 位'),
})
export type CreateItem = z.infer<typeof CreateItem>

export const DraftVersion = VersionContent.extend({
  /** The latest version the editor saw; another latest version is a conflict. */
  basedOn: z.number().int().min(0).describe('编辑时看到的最新版本号'),
})
export type DraftVersion = z.infer<typeof DraftVersion>

export const ReviewBody = z.strictObject({ comment: text('审核意见', 2, 2000).optional() })
export const ReturnBody = z.strictObject({ comment: text('退回理由', 2, 2000) })

const ReviewEventOut = z.object({ event: z.enum(['submitted', 'approved', 'returned']), actorId: z.string(), actorName: z.string(), comment: z.string().nullable(), at: z.string() })

export const VersionOut = z.object({
  version: z.number(),
  name: z.string(),
  type: z.enum(ITEM_TYPES),
  bodyId: z.string(),
  bodyName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  basis: z.array(z.object({ law: z.string(), article: z.string() })),
  timeLimit: z.number(),
  timeLimitUnit: z.enum(TIME_LIMIT_UNITS),
  status: z.enum(ITEM_STATUSES),
  guide: Guide.nullable(),
  note: z.string().nullable(),
  draftedBy: z.string(),
  draftedByName: z.string(),
  draftedAt: z.string(),
  state: z.enum(['draft', 'submitted', 'returned', 'approved']),
  stateLabel: z.string(),
  published: z.boolean().describe('是否为当前公示版本'),
  events: z.array(ReviewEventOut),
})
export type VersionOut = z.infer<typeof VersionOut>

export const ItemOut = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  code: z.string(),
  caseKinds: z.array(z.string()).describe('执法流程图所用的案件类别（P-04）'),
  latest: VersionOut,
  publishedVersion: z.number().nullable(),
})
export type ItemOut = z.infer<typeof ItemOut>

export const ItemDetail = ItemOut.extend({ versions: z.array(VersionOut) })
export type ItemDetail = z.infer<typeof ItemDetail>

/** Public shapes: what the portal and the public API show (approved versions only, no user ids). */
export const PublicVersion = VersionOut.omit({ draftedBy: true, draftedByName: true, draftedAt: true, state: true, stateLabel: true, events: true })
  .extend({ approvedAt: z.string() })
export type PublicVersion = z.infer<typeof PublicVersion>
export const PublicItem = z.object({
  id: z.string(), agencyId: z.string(), agencyName: z.string(), agencyCode: z.string(), code: z.string(), caseKinds: z.array(z.string()),
  current: PublicVersion, earlier: z.array(z.object({ version: z.number(), approvedAt: z.string() })),
})
export type PublicItem = z.infer<typeof PublicItem>
