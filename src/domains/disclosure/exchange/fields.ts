/**
 * the 双公示 exchange field set (reference/shuanggongshi.md) as data: the 行政处罚 (CF_*)
 * and 行政许可 (XK_*) columns with their Chinese names, whether they are required, their type
 * and, for enums, the values the credit platforms accept. Amounts are in 万元 with up to 6
 * decimals; dates are YYYY-MM-DD. Files carry one header row of the codes.
 */
import { PENALTY_KINDS } from '../draft.ts'

export type FieldType = 'text' | 'date' | 'enum' | 'amount' | 'uscc' | 'id'

export type ExchangeField = {
  code: string
  name: string
  required: boolean
  type: FieldType
  /** enum values; an entry ending in '-' (其他-) takes a free name after it */
  values?: readonly string[]
  /** several values separated by ；or ; (处罚类别) */
  multiple?: boolean
  max?: number
}

export type ExchangeKind = '处罚' | '许可'
export const EXCHANGE_KINDS = ['处罚', '许可'] as const

/** 行政相对人类别 */
export const PARTY_CATEGORIES = ['法人及非法人组织', '自然人', '个体工商户'] as const
/** 证件类型 (自然人 and 法定代表人) */
export const ID_TYPES = ['身份证', '护照号', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '外国人永久居留身份证', '其他-'] as const
/** 许可类别 */
export const LICENCE_CATEGORIES = ['普通', '特许', '认可', '核准', '登记', '其他-'] as const
/** 处罚类别: the kinds of 处罚法第九条 (draft.ts PENALTY_KINDS), 其他-<name> for the rest */
export const PENALTY_CATEGORIES = [...PENALTY_KINDS, '其他-'] as const
/** 当前状态 of a licence */
export const LICENCE_STATES = ['有效', '无效'] as const

const f = (code: string, name: string, required: boolean, type: FieldType, extra: Partial<ExchangeField> = {}): ExchangeField => ({
  code, name, required, type, max: type === 'text' ? 4000 : undefined, ...extra,
})

/** The identity columns shared by both kinds, with their prefix (CF_ / XK_). */
function identity(p: 'CF' | 'XK'): ExchangeField[] {
  return [
    f(`${p}_XDR_MC`, '行政相对人名称', true, 'text', { max: 200 }),
    f(`${p}_XDR_LB`, '行政相对人类别', true, 'enum', { values: PARTY_CATEGORIES }),
    f(`${p}_XDR_SHXYM`, '统一社会信用代码', false, 'uscc'),
    f(`${p}_XDR_GSZC`, '工商注册号', false, 'text', { max: 50 }),
    f(`${p}_XDR_ZZJG`, '组织机构代码', false, 'text', { max: 50 }),
    f(`${p}_XDR_SWDJ`, '税务登记号', false, 'text', { max: 50 }),
    f(`${p}_XDR_SYDW`, '事业单位证书号', false, 'text', { max: 50 }),
    f(`${p}_XDR_SHZZ`, '社会组织登记证号', false, 'text', { max: 50 }),
    f(`${p}_FRDB`, '法定代表人', false, 'text', { max: 50 }),
    f(`${p}_FR_ZJLX`, '法定代表人证件类型', false, 'enum', { values: ID_TYPES }),
    f(`${p}_FR_ZJHM`, '法定代表人证件号码', false, 'id'),
    f(`${p}_XDR_ZJLX`, '证件类型', false, 'enum', { values: ID_TYPES }),
    f(`${p}_XDR_ZJHM`, '证件号码', false, 'id'),
  ]
}

export const PENALTY_FIELDS: readonly ExchangeField[] = [
  ...identity('CF'),
  f('CF_WSH', '行政处罚决定书文号', true, 'text', { max: 128 }),
  f('CF_WFXW', '违法行为类型', true, 'text', { max: 2000 }),
  f('CF_SY', '违法事实', true, 'text', { max: 5000 }),
  f('CF_YJ', '处罚依据', true, 'text', { max: 2000 }),
  f('CF_CFLB', '处罚类别', true, 'enum', { values: PENALTY_CATEGORIES, multiple: true }),
  f('CF_NR', '处罚内容', true, 'text', { max: 4000 }),
  f('CF_NR_FK', '罚款金额（万元）', false, 'amount'),
  f('CF_NR_WFFF', '没收违法所得、没收非法财物的金额（万元）', false, 'amount'),
  f('CF_NR_ZKDX', '暂扣或吊销证照名称及编号', false, 'text', { max: 200 }),
  f('CF_JDRQ', '处罚决定日期', true, 'date'),
  f('CF_YXQ', '处罚有效期', false, 'date'),
  f('CF_GSJZQ', '公示截止期', false, 'date'),
  f('CF_CFJG', '处罚机关', true, 'text', { max: 200 }),
  f('CF_CFJGDM', '处罚机关统一社会信用代码', true, 'uscc'),
  f('CF_SJLY', '数据来源单位', true, 'text', { max: 200 }),
  f('CF_SJLYDM', '数据来源单位统一社会信用代码', true, 'uscc'),
  f('BZ', '备注', false, 'text', { max: 512 }),
]

export const LICENCE_FIELDS: readonly ExchangeField[] = [
  ...identity('XK'),
  f('XK_XKWS', '行政许可决定文书名称', true, 'text', { max: 128 }),
  f('XK_WSH', '行政许可决定文书号', true, 'text', { max: 128 }),
  f('XK_XKLB', '许可类别', true, 'enum', { values: LICENCE_CATEGORIES }),
  f('XK_XKZS', '许可证书名称', false, 'text', { max: 128 }),
  f('XK_XKBH', '许可编号', false, 'text', { max: 128 }),
  f('XK_NR', '许可内容', true, 'text', { max: 4000 }),
  f('XK_JDRQ', '许可决定日期', true, 'date'),
  f('XK_YXQZ', '有效期自', true, 'date'),
  f('XK_YXQZI', '有效期至', true, 'date'),
  f('XK_XKJG', '许可机关', true, 'text', { max: 200 }),
  f('XK_XKJGDM', '许可机关统一社会信用代码', true, 'uscc'),
  f('XK_ZT', '当前状态', true, 'enum', { values: LICENCE_STATES }),
  f('XK_LYDW', '数据来源单位', true, 'text', { max: 200 }),
  f('XK_LYDWDM', '数据来源单位统一社会信用代码', true, 'uscc'),
  f('BZ', '备注', false, 'text', { max: 512 }),
]

export const FIELDS: Record<ExchangeKind, readonly ExchangeField[]> = { 处罚: PENALTY_FIELDS, 许可: LICENCE_FIELDS }

/** The 有效期至 of a licence without an end (长期), as the credit platforms write it. */
export const NO_END_DATE = '2099-12-31'

/** The kind of a file from its header: CF_* columns are 行政处罚, XK_* 行政许可. */
export function kindOfHeader(header: string[]): ExchangeKind | undefined {
  if (header.some((h) => h.startsWith('CF_'))) return '处罚'
  if (header.some((h) => h.startsWith('XK_'))) return '许可'
  return undefined
}
