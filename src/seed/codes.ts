// Codes that look like those a real 楚雄 body holds, with correct check characters.
import { USCC_ALPHABET, usccCheckChar } from '../domains/bodies/rules.ts'

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const

/** GB 11714-1997: the check character of an 8-character 组织机构代码 body (mod 11, 10 → X). */
export function organisationCodeCheck(body8: string): string {
  let total = 0
  for (let i = 0; i < 8; i++) {
    const c = body8[i]!
    total += (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * ORG_CODE_WEIGHTS[i]!
  }
  const check = 11 - (total % 11)
  return check === 10 ? 'X' : check === 11 ? '0' : String(check)
}

/**
 * GB 32100-2015: 登记管理部门码 + 机构类别码 ('11' 机关, '12' 事业单位, '91' 企业, '92' 个体工商户), 6-digit
 * 行政区划代码, 9-character 组织机构代码 and the mod-31 check character.
 */
export function makeUscc(registration: '11' | '12' | '91' | '92', regionCode: string, orgBody8: string): string {
  if (!/^\d{6}$/.test(regionCode)) throw new Error(`行政区划代码应为 6 位数字：${regionCode}`)
  if (orgBody8.length !== 8 || [...orgBody8].some((c) => !USCC_ALPHABET.includes(c))) {
    throw new Error(`组织机构代码本体应为 8 位代码字符：${orgBody8}`)
  }
  const first17 = registration + regionCode + orgBody8 + organisationCodeCheck(orgBody8)
  return first17 + usccCheckChar(first17)
}
