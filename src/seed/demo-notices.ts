// N-01 / P-01 / I-01 / P-07: the demo's 救济渠道, 监督方式 and 随机抽查事项清单 for every demo
// 执法主体, published, and the 岗位信息公示牌 of 楚雄州市场监督管理局's window in the 政务服务中心
// with two staff, written through the use cases the API calls.
import type { Db } from '../platform/db/pool.ts'
import { findUserById } from '../platform/access/sessions.ts'
import { AgencyNoticeInput, WindowInput, type RandomInspectionItem } from '../domains/notices/schemas.ts'
import { publishAgencyNotice, saveAgencyNotice } from '../domains/notices/save-agency-notice.ts'
import { createWindow } from '../domains/notices/save-window.ts'
import { NOTICE_PHONE } from '../domains/notices/rules.ts'

const PREFECTURE = '云南省楚雄彝族自治州'
const RECONSIDERATION_ADDRESS: Record<string, string> = {
  楚雄州人民政府: `${PREFECTURE}楚雄市鹿城南路 566 号楚雄州司法局行政复议受理窗口`,
  楚雄市人民政府: `${PREFECTURE}楚雄市鹿城西路 98 号楚雄市司法局行政复议受理窗口`,
}
const COURT_ADDRESS: Record<string, string> = {
  楚雄市人民法院: `${PREFECTURE}楚雄市鹿城北路 70 号楚雄市人民法院诉讼服务中心`,
}
const PROCEDURE =
  '公民、法人或者其他组织认为行政执法行为违法或者不当的，可以通过来信、来访、电话、电子邮件或者 12345 政务服务便民热线反映。监督机构自收到之日起 5 个工作日内登记，属于本机构职责的依法调查处理并在 60 日内答复；不属于的，转送有权处理的机关并告知反映人。'

const item = (name: string, basis: string, inspector: string, targets: string, content: string, ratio: number, times = 1, period: RandomInspectionItem['frequencyPeriod'] = '年', method = '“双随机、一公开”抽查，现场检查'): RandomInspectionItem =>
  ({ name, basis, inspector, targets, content, method, ratio, frequencyTimes: times, frequencyPeriod: period })

/** I-01: typical 随机抽查事项 per 领域 (the national 抽查事项清单 templates, abridged). */
function inspectionsFor(domains: string[], agency: string): RandomInspectionItem[] {
  const d = domains[0] ?? ''
  if (d === '市场监管') return [
    item('食品生产经营者监督检查', '《中华人民共和国食品安全法》第一百一十条、第一百一十三条', agency, '辖区内取得食品生产、经营许可的市场主体', '生产经营条件、进货查验和出厂检验记录、食品标签标识、从业人员健康管理', 5, 1, '年'),
    item('计量器具使用情况检查', '《中华人民共和国计量法》第九条、第十八条', agency, '集贸市场、加油站、眼镜制配场所等使用强制检定计量器具的单位和个体工商户', '强制检定计量器具的登记备案和定期检定情况', 3, 1, '年'),
    item('特种设备使用单位监督检查', '《中华人民共和国特种设备安全法》第五十七条、第六十一条', agency, '电梯、锅炉、压力容器等特种设备使用单位', '使用登记、定期检验、安全管理人员和作业人员持证情况', 10, 1, '半年', '“双随机、一公开”抽查，现场检查和书面检查'),
  ]
  if (d === '生态环境') return [
    item('排污许可证执行情况检查', '《排污许可管理条例》第二十八条', agency, '取得排污许可证的企业事业单位', '按证排污、自行监测、执行报告和台账记录', 5, 1, '季度'),
    item('建设项目环境保护“三同时”检查', '《建设项目环境保护管理条例》第十九条', agency, '已投入生产或者使用的建设项目', '环境保护设施与主体工程同时设计、同时施工、同时投产使用情况', 3),
  ]
  if (d === '交通运输') return [
    item('道路运输经营者检查', '《中华人民共和国道路运输条例》第五十八条', agency, '道路旅客运输、货物运输经营者', '经营资质、车辆技术状况、从业人员资格', 5),
    item('机动车维修经营者检查', '《机动车维修管理规定》第四十八条', agency, '机动车维修经营者', '维修备案、维修档案和竣工出厂合格证管理', 3),
  ]
  if (d === '文化市场') return [
    item('互联网上网服务营业场所检查', '《互联网上网服务营业场所管理条例》第四条', agency, '网吧等互联网上网服务营业场所', '接纳未成年人、上网人员实名登记和营业时间', 10, 2, '年'),
    item('营业性演出检查', '《营业性演出管理条例》第三十一条', agency, '营业性演出举办单位和演出场所经营单位', '演出审批、演出内容和安全措施', 5),
  ]
  if (d === '农业') return [
    item('农药经营单位检查', '《农药管理条例》第四十一条', agency, '农药经营者', '经营许可、进货查验和销售台账', 5),
    item('种子生产经营者检查', '《中华人民共和国种子法》第五十条', agency, '种子生产经营者', '生产经营许可、种子标签和使用说明、档案', 5),
  ]
  if (d === '应急管理') return [
    item('工贸企业安全生产检查', '《中华人民共和国安全生产法》第六十五条', agency, '冶金、有色、建材、机械、轻工、纺织、烟草、商贸企业', '安全生产责任制、隐患排查治理、从业人员教育培训', 5, 1, '半年'),
    item('危险化学品经营单位检查', '《危险化学品安全管理条例》第六条', agency, '取得危险化学品经营许可证的单位', '经营许可条件保持情况、储存和安全管理', 10),
  ]
  if (d === '卫生健康') return [
    item('公共场所卫生监督检查', '《公共场所卫生管理条例》第十条', agency, '住宿、沐浴、美容美发等公共场所经营者', '卫生许可、从业人员健康合格证明、卫生检测', 5),
    item('医疗机构依法执业检查', '《医疗机构管理条例》第四十条', agency, '辖区内医疗机构', '执业登记、医务人员资质、医疗废物处置', 3),
  ]
  if (d === '城市管理') return [
    item('户外广告设施设置检查', '《城市市容和环境卫生管理条例》第十一条', agency, '设置户外广告设施的单位和个人', '设置审批、设施安全和市容要求', 5, 2, '年', '“双随机”抽查，现场检查'),
    item('建筑垃圾处置检查', '《城市建筑垃圾管理规定》第二十条', agency, '施工单位和建筑垃圾运输单位', '处置核准、运输车辆密闭和消纳场所', 5),
  ]
  return [item('行政执法事项监督检查', '本机关执法依据所列法律、法规', agency, '本机关监管范围内的检查对象', '遵守法律、法规和规章的情况', 3)]
}

type BodyRow = { id: string; code: string; name: string; region: string; domains: string[]; postcode: string; reconsideration: string; court: string; supervisor: string; supervisorContact: string }

/** Writes the demo notices (of the bodies under `under`, default all) and the board; returns the counts. */
export async function seedDemoNotices(db: Db, input: { adminId: string; under?: string }): Promise<{ agencies: number; boards: number }> {
  const admin = await findUserById(db, input.adminId)
  if (!admin) throw new Error('演示管理员不存在')
  const bodies = await db.many<BodyRow>(
    `SELECT o.id, o.code, o.name, r.name AS region, b.domains, b.postcode, b.reconsideration_body AS reconsideration, b.court,
            b.supervisor_name AS supervisor, b.supervisor_contact AS "supervisorContact"
       FROM enforcement_body b JOIN org_node o ON o.id = b.id JOIN org_node r ON r.id = o.parent_id
      WHERE b.status = 'active' AND ($1::uuid IS NULL OR o.path LIKE (SELECT path FROM org_node WHERE id = $1) || '%') ORDER BY o.path`,
    [input.under ?? null],
  )
  for (const b of bodies) {
    const notice = AgencyNoticeInput.parse({
      reconsiderationBody: b.reconsideration,
      reconsiderationAddress: RECONSIDERATION_ADDRESS[b.reconsideration] ?? `${PREFECTURE}${b.region}人民政府行政复议受理窗口`,
      reconsiderationPhone: b.reconsideration.startsWith('楚雄州') ? '0878-3122036' : null,
      court: b.court,
      courtAddress: COURT_ADDRESS[b.court] ?? `${PREFECTURE}${b.region}${b.court}诉讼服务中心`,
      supervisionOffice: b.supervisor,
      supervisionAddress: b.supervisor.startsWith('楚雄州') ? `${PREFECTURE}楚雄市鹿城南路 566 号` : `${PREFECTURE}${b.region}人民政府机关大院`,
      supervisionPostcode: b.postcode ?? '675000',
      supervisionPhone: NOTICE_PHONE.test(b.supervisorContact) ? b.supervisorContact : '12345',
      supervisionEmail: b.supervisor.startsWith('楚雄州') ? 'zfjd@cxz-sfj.example.gov.cn' : `zfjd@${b.code.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.example.gov.cn`,
      supervisionProcedure: PROCEDURE,
      inspectionItems: inspectionsFor(b.domains, b.name),
      reason: '首次公示',
    })
    const saved = await saveAgencyNotice(db, admin, b.id, notice)
    await publishAgencyNotice(db, admin, b.id, saved.version)
  }

  // P-07: the 市场监管 window of the 政务服务中心, staffed by two of the bureau's officers
  const bureau = bodies.find((b) => b.name === '楚雄州市场监督管理局')
  if (!bureau) return { agencies: bodies.length, boards: 0 }
  const staff = await db.many<{ id: string }>(
    `SELECT id FROM person WHERE agency_id = $1 AND kind = 'officer' AND status = '在岗' ORDER BY name LIMIT 2`,
    [bureau.id],
  )
  const listed = await db.many<{ id: string }>(
    `SELECT i.id FROM enforcement_item i JOIN enforcement_item_published p ON p.item_id = i.id
      WHERE i.agency_id = $1 AND p.status = '在用' AND p.type = '行政许可' ORDER BY i.code LIMIT 3`,
    [bureau.id],
  )
  const items = listed.length ? listed.map((i) => ({ enforcementItemId: i.id })) : [{ name: '食品经营许可' }, { name: '食品生产许可' }, { name: '特种设备使用登记' }]
  await createWindow(db, admin, bureau.id, WindowInput.parse({
    name: '市场监管综合受理窗口（12 号）',
    location: `${PREFECTURE}楚雄市鹿城南路 286 号楚雄州政务服务中心二楼 12 号窗口`,
    hours: '周一至周五 9:00—12:00，14:30—17:30（法定节假日除外）',
    duties: '受理食品经营许可、食品生产许可等申请，一次性告知需补正的材料，出具受理或者不予受理通知书。',
    consultPhone: '0878-3380123',
    staff: [
      { personId: staff[0]!.id, post: '首席受理员', duties: '受理申请、审查申请材料，出具受理、补正或者不予受理通知书' },
      { personId: staff[1]!.id, post: '审查员', duties: '对申请材料进行实质审查，组织现场核查，提出审查意见' },
    ],
    items: [...items, { name: '市场监管投诉举报登记' }],
    samples: [
      { title: '食品经营许可申请书（示范文本）', url: `/agencies/${encodeURIComponent(bureau.code)}/items` },
      { title: '全国 12315 平台', url: 'https://www.12315.cn/' },
    ],
    reason: '设立窗口公示牌',
  }))
  return { agencies: bodies.length, boards: 1 }
}
