// Request and response shapes of 事前公开 (P-01, I-01) and the 岗位信息公示牌 (P-07); a schema and its type share one name.
import { z } from 'zod'
import { BOARD_LINK, EMAIL, FREQUENCY_PERIODS, NOTICE_PHONE, POSTCODE } from './rules.ts'

const text = (label: string, min: number, max: number) =>
  z.string({ error: `${label}须为文字` }).trim().min(min, `${label}至少 ${min} 个字`).max(max, `${label}不得超过 ${max} 个字`)
const phone = (label: string) => z.string().trim().regex(NOTICE_PHONE, `${label}格式不正确（如 0878-3123456、12345 或手机号）`)
const reason = text('修改理由', 2, 500)

/** I-01: one entry of the 随机抽查事项清单. */
export const RandomInspectionItem = z.strictObject({
  name: text('抽查事项名称', 2, 100),
  basis: text('抽查依据', 2, 1000),
  inspector: text('抽查主体', 2, 200),
  targets: text('抽查对象', 2, 500),
  content: text('抽查内容', 2, 1000),
  method: text('抽查方式', 2, 200),
  ratio: z.number({ error: '抽查比例须为数字' }).gt(0, '抽查比例须大于 0%').max(100, '抽查比例不得超过 100%').multipleOf(0.01, '抽查比例最多两位小数'),
  frequencyTimes: z.number({ error: '抽查频次须为整数' }).int('抽查频次须为整数').min(1, '抽查频次至少 1 次').max(12, '抽查频次每期最多 12 次'),
  frequencyPeriod: z.enum(FREQUENCY_PERIODS, { error: '抽查频次的周期须为年、半年、季度或月' }),
})
export type RandomInspectionItem = z.infer<typeof RandomInspectionItem>

/** P-01: the whole state of an agency's 救济渠道, 监督方式 and 随机抽查事项清单 (a new version each time). */
export const AgencyNoticeInput = z.strictObject({
  reconsiderationBody: text('行政复议机关', 2, 100),
  reconsiderationAddress: text('行政复议机关地址', 2, 200),
  reconsiderationPhone: phone('行政复议机关电话').nullable().optional(),
  reconsiderationDays: z.number().int('行政复议申请期限须为整数日').min(60, '行政复议申请期限不得少于六十日（行政复议法第二十条）').max(730, '行政复议申请期限过长').default(60),
  court: text('管辖法院', 2, 100),
  courtAddress: text('管辖法院地址', 2, 200),
  litigationMonths: z.number().int('起诉期限须为整数月').min(1, '起诉期限至少 1 个月').max(60, '起诉期限过长').default(6),
  afterReconsiderationDays: z.number().int('复议后起诉期限须为整数日').min(1, '复议后起诉期限至少 1 日').max(365, '复议后起诉期限过长').default(15),
  periodBasis: text('期限依据', 4, 500).nullable().optional(),
  supervisionOffice: text('监督机构', 2, 100),
  supervisionAddress: text('监督机构地址', 2, 200),
  supervisionPostcode: z.string().trim().regex(POSTCODE, '邮政编码须为 6 位数字'),
  supervisionPhone: phone('监督电话'),
  supervisionEmail: z.string().trim().max(100, '电子邮箱不得超过 100 个字符').regex(EMAIL, '电子邮箱格式不正确'),
  supervisionProcedure: text('监督投诉的办理程序', 10, 2000),
  inspectionItems: z.array(RandomInspectionItem).max(500, '随机抽查事项最多 500 项'),
  /** The version the editor started from; another saved meanwhile is a conflict. */
  expectedVersion: z.number().int().min(0).optional(),
  reason,
})
export type AgencyNoticeInput = z.infer<typeof AgencyNoticeInput>

export const PublishNotice = z.strictObject({})

const NoticeData = AgencyNoticeInput.omit({ expectedVersion: true, reason: true }).extend({
  reconsiderationPhone: z.string().nullable(),
  periodBasis: z.string().nullable(),
  inspectionItems: z.array(RandomInspectionItem.extend({ frequencyPeriod: z.string(), frequencyText: z.string() })),
})
export const AgencyNoticeOut = NoticeData.extend({
  agencyId: z.string(),
  version: z.number(),
  reason: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  remedyText: z.array(z.string()),
})
export const AgencyNoticeList = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  agencyCode: z.string(),
  latestVersion: z.number().nullable(),
  publishedVersion: z.number().nullable(),
  versions: z.array(AgencyNoticeOut),
})

/** P-07: one person on the board: who (a person of the agency), the post at this window, its duties. */
export const WindowStaffInput = z.strictObject({
  personId: z.uuid({ error: '请选择工作人员' }),
  post: text('岗位', 2, 50),
  duties: text('岗位职责', 2, 500),
})
/** A service item: one of the agency's published 行政执法事项 (its name is taken from there), or named here. */
export const WindowItemInput = z
  .strictObject({
    name: text('服务事项名称', 2, 100).optional(),
    enforcementItemId: z.uuid({ error: '行政执法事项编号格式不正确' }).nullable().optional(),
  })
  .refine((i) => i.name !== undefined || i.enforcementItemId, '服务事项须选择行政执法事项或填写名称')
export const WindowSampleInput = z.strictObject({
  title: text('示范文本名称', 2, 100),
  url: z.string().trim().max(520, '链接过长').regex(BOARD_LINK, '示范文本链接须为本站地址（/…）或 http(s) 网址'),
})

/** P-07: the whole state of a 岗位信息公示牌 (a new version each time). */
export const WindowInput = z.strictObject({
  name: text('窗口名称', 2, 60),
  location: text('窗口位置', 2, 200),
  hours: text('办公时间', 2, 200),
  duties: text('窗口职责', 2, 1000),
  consultPhone: phone('咨询电话'),
  active: z.boolean().default(true),
  staff: z.array(WindowStaffInput).min(1, '公示牌至少列明一名工作人员').max(50, '工作人员最多 50 名'),
  items: z.array(WindowItemInput).min(1, '公示牌至少列明一项服务事项').max(200, '服务事项最多 200 项'),
  samples: z.array(WindowSampleInput).max(100, '示范文本最多 100 项'),
  expectedVersion: z.number().int().min(1).optional(),
  reason,
})
export type WindowInput = z.infer<typeof WindowInput>

export const WindowStaffOut = z.object({ personId: z.string(), name: z.string(), post: z.string(), duties: z.string(), hasPhoto: z.boolean() })
export const WindowOut = z.object({
  id: z.string(),
  agencyId: z.string(),
  version: z.number(),
  name: z.string(),
  location: z.string(),
  hours: z.string(),
  duties: z.string(),
  consultPhone: z.string(),
  active: z.boolean(),
  reason: z.string(),
  createdAt: z.string(),
  staff: z.array(WindowStaffOut),
  items: z.array(z.object({ name: z.string(), enforcementItemId: z.string().nullable(), itemCode: z.string().nullable() })),
  samples: z.array(z.object({ title: z.string(), url: z.string() })),
})
export const WindowDetail = z.object({ current: WindowOut, versions: z.array(WindowOut) })
export const WindowList = z.object({ items: z.array(WindowOut) })
