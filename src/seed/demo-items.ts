// N-01 / P-02 / P-03: the demo's 行政执法事项清单 of 楚雄州市场监督管理局, with 服务指南 for its
// 许可, written through the use cases the API calls: drafted by the administrator, submitted,
// and approved by the agency's 法制机构 (the demo reviewer), so the portal shows them. One item
// has two approved versions (the earlier one stays readable), one a newer version waiting for
// the 法制机构, so the workbench shows every state.
import type { Db } from '../platform/db/pool.ts'
import type { AuthUser } from '../platform/access/scope.ts'
import { findUserById } from '../platform/access/sessions.ts'
import { createItem, draftVersion } from '../domains/items/draft-version.ts'
import { decideVersion, submitVersion } from '../domains/items/review-version.ts'
import type { Guide, VersionContent } from '../domains/items/schemas.ts'

const FOOD_LAW = '中华人民共和国食品安全法'
const LICENSING_LAW = '中华人民共和国行政许可法'
const PENALTY_LAW = '中华人民共和国行政处罚法'
const COERCION_LAW = '中华人民共和国行政强制法'

const OFFICE = {
  supervision: '楚雄州市场监督管理局法规科监督电话 0878-3380125；楚雄州司法局行政执法监督科 0878-3122035；全国12315平台 www.12315.cn',
  remedy: '对决定不服的，可以自收到决定之日起六十日内向楚雄州人民政府申请行政复议，或者自知道或者应当知道之日起六个月内向楚雄市人民法院提起行政诉讼',
  officeHours: '周一至周五（法定节假日除外）上午 9:00—12:00，下午 14:30—17:30',
  address: '云南省楚雄彝族自治州楚雄市鹿城南路 286 号楚雄州政务服务中心二楼市场监管窗口',
  phone: '0878-3380123',
}

const FOOD_LICENCE_GUIDE: Guide = {
  acceptingBody: '楚雄州政务服务中心市场监管窗口',
  approvingBody: '楚雄州市场监督管理局',
  conditions: '（一）具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，保持该场所环境整洁，并与有毒、有害场所以及其他污染源保持规定的距离；（二）具有与经营的食品品种、数量相适应的经营设备或者设施；（三）有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；（四）具有合理的设备布局和工艺流程，防止待加工食品与直接入口食品、原料与成品交叉污染；（五）法律、法规规定的其他条件。',
  materials: [
    { name: '食品经营许可申请书', copies: '原件1份', sampleText: '食品经营许可申请书\n申请人名称：楚雄市鹿城镇××食品店\n统一社会信用代码：92532301××××××××××\n经营场所：楚雄市鹿城镇××路××号\n主体业态：食品销售经营者\n经营项目：预包装食品销售（含冷藏冷冻食品）、散装食品销售\n申请人（签字或盖章）：\n申请日期：    年  月  日', sampleUrl: null },
    { name: '营业执照或者其他主体资格证明文件', copies: '复印件1份', sampleText: null, sampleUrl: null },
    { name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件', copies: '原件1份', sampleText: null, sampleUrl: null },
    { name: '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录', copies: '原件1份', sampleText: null, sampleUrl: null },
  ],
  process: '申请人提出申请 → 窗口受理（材料齐全、符合法定形式的当场受理；不齐全的一次性告知需补正的全部内容）→ 审查（必要时现场核查）→ 作出准予或者不予许可的决定 → 制发许可证并送达',
  ...OFFICE,
}

const FOOD_PRODUCTION_GUIDE: Guide = {
  ...FOOD_LICENCE_GUIDE,
  conditions: '具有与生产的食品品种、数量相适应的食品原料处理和食品加工、包装、贮存等场所及生产设备或者设施；有专职或者兼职的食品安全专业技术人员、食品安全管理人员和保证食品安全的规章制度；具有合理的设备布局和工艺流程；法律、法规规定的其他条件。',
  materials: [
    { name: '食品生产许可申请书', copies: '原件1份', sampleText: null, sampleUrl: null },
    { name: '食品生产设备布局图和食品生产工艺流程图', copies: '原件1份', sampleText: null, sampleUrl: null },
    { name: '食品生产主要设备、设施清单', copies: '原件1份', sampleText: null, sampleUrl: null },
    { name: '专职或者兼职的食品安全专业技术人员、食品安全管理人员信息和食品安全管理制度', copies: '原件1份', sampleText: null, sampleUrl: null },
  ],
  process: '申请 → 受理 → 材料审查和现场核查 → 作出准予或者不予许可的决定 → 制发许可证并送达',
}

type DemoItem = { code: string; unit: string; content: Omit<VersionContent, 'unitId' | 'status'>; later?: { change: Partial<VersionContent>; approve: boolean }[] }

export const DEMO_ITEMS: readonly DemoItem[] = [
  {
    code: 'XK-SP-001', unit: '法规科',
    content: {
      name: '食品经营许可', type: '行政许可', timeLimit: 20, timeLimitUnit: '工作日', guide: FOOD_LICENCE_GUIDE,
      basis: [{ law: FOOD_LAW, article: '第三十五条' }, { law: LICENSING_LAW, article: '第四十二条' }],
    },
    // 承诺时限 shortened: the second approved version supersedes the first
    later: [{ change: { timeLimit: 10, note: '承诺办理时限由20个工作日压缩为10个工作日' }, approve: true }],
  },
  {
    code: 'XK-SP-002', unit: '食品生产安全监督管理科',
    content: {
      name: '食品生产许可', type: '行政许可', timeLimit: 20, timeLimitUnit: '工作日', guide: FOOD_PRODUCTION_GUIDE,
      basis: [{ law: FOOD_LAW, article: '第三十五条' }, { law: LICENSING_LAW, article: '第四十二条' }],
    },
  },
  {
    code: 'CF-SP-001', unit: '执法稽查科',
    content: {
      name: '对未取得食品经营许可从事食品经营活动的行政处罚', type: '行政处罚', timeLimit: 90, timeLimitUnit: '自然日', guide: null,
      basis: [{ law: FOOD_LAW, article: '第一百二十二条第一款' }, { law: PENALTY_LAW, article: '第六十条' }],
    },
  },
  {
    code: 'CF-SP-002', unit: '执法稽查科',
    content: {
      name: '对生产经营不符合食品安全标准的食品的行政处罚', type: '行政处罚', timeLimit: 90, timeLimitUnit: '自然日', guide: null,
      basis: [{ law: FOOD_LAW, article: '第一百二十四条第一款' }, { law: PENALTY_LAW, article: '第六十条' }],
    },
    // a revision waiting for the 法制机构 (the demo reviewer can approve or return it)
    later: [{ change: { note: '增列行政处罚法第三十三条首违不罚的适用情形' , basis: [{ law: FOOD_LAW, article: '第一百二十四条第一款' }, { law: PENALTY_LAW, article: '第三十三条第一款' }, { law: PENALTY_LAW, article: '第六十条' }] }, approve: false }],
  },
  {
    code: 'QZ-SP-001', unit: '执法稽查科',
    content: {
      name: '查封、扣押不符合食品安全标准的食品及有关物品', type: '行政强制', timeLimit: 30, timeLimitUnit: '自然日', guide: null,
      basis: [{ law: FOOD_LAW, article: '第一百一十条' }, { law: COERCION_LAW, article: '第二十五条' }],
    },
  },
  {
    code: 'JC-SP-001', unit: '食品生产安全监督管理科',
    content: {
      name: '食品生产经营监督检查', type: '行政检查', timeLimit: 15, timeLimitUnit: '工作日', guide: null,
      basis: [{ law: FOOD_LAW, article: '第一百零九条' }, { law: FOOD_LAW, article: '第一百一十条' }],
    },
  },
]

/** Writes the demo items for the agency; returns how many items are published. */
export async function seedDemoItems(db: Db, input: { agencyId: string; adminId: string; reviewerId: string }): Promise<number> {
  const admin = (await findUserById(db, input.adminId)) as AuthUser
  const reviewer = (await findUserById(db, input.reviewerId)) as AuthUser
  const { rows: units } = await db.query<{ id: string; name: string }>(
    `SELECT u.id, u.name FROM org_node u JOIN org_node a ON a.id = $1 WHERE u.kind = 'unit' AND starts_with(u.path, a.path)`, [input.agencyId])
  const unitId = (name: string) => units.find((u) => u.name === name)?.id ?? units[0]!.id
  let published = 0
  for (const item of DEMO_ITEMS) {
    const content: VersionContent = { ...item.content, unitId: unitId(item.unit), status: '在用' }
    const created = await createItem(db, admin, { agencyId: input.agencyId, code: item.code, ...content })
    await submitVersion(db, admin, created.id, 1)
    await decideVersion(db, reviewer, created.id, 1, 'approved', '经审核，事项名称、执法依据、办理时限准确，同意公示')
    published++
    let version = 1
    for (const next of item.later ?? []) {
      await draftVersion(db, admin, created.id, { basedOn: version, ...content, ...next.change })
      version++
      await submitVersion(db, admin, created.id, version)
      if (next.approve) await decideVersion(db, reviewer, created.id, version, 'approved', '同意公示')
    }
  }
  return published
}
