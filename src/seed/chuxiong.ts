// The demo deployment: 楚雄彝族自治州 of 云南省 (seed s000 is its implementation plan),
// with its ten county-level units, a few townships, a dozen enforcement bodies and the
// two justice bureaus that supervise them. Region codes are the real 行政区划代码.
import type { BodyKind } from '../domains/bodies/rules.ts'
import type { OrgLevel } from '../platform/orgs/rules.ts'

export type RegionSeed = { key: string; name: string; level: OrgLevel; division: string; parent?: string }

export const REGIONS: readonly RegionSeed[] = [
  { key: 'yn', name: '云南省', level: 'province', division: '530000' },
  { key: 'cxz', name: '楚雄彝族自治州', level: 'city', division: '532300', parent: 'yn' },
  { key: 'cxs', name: '楚雄市', level: 'county', division: '532301', parent: 'cxz' },
  { key: 'lfs', name: '禄丰市', level: 'county', division: '532302', parent: 'cxz' },
  { key: 'sbx', name: '双柏县', level: 'county', division: '532322', parent: 'cxz' },
  { key: 'mdx', name: '牟定县', level: 'county', division: '532323', parent: 'cxz' },
  { key: 'nhx', name: '南华县', level: 'county', division: '532324', parent: 'cxz' },
  { key: 'yax', name: '姚安县', level: 'county', division: '532325', parent: 'cxz' },
  { key: 'dyx', name: '大姚县', level: 'county', division: '532326', parent: 'cxz' },
  { key: 'yrx', name: '永仁县', level: 'county', division: '532327', parent: 'cxz' },
  { key: 'ymx', name: '元谋县', level: 'county', division: '532328', parent: 'cxz' },
  { key: 'wdx', name: '武定县', level: 'county', division: '532329', parent: 'cxz' },
  { key: 'lcz', name: '鹿城镇', level: 'township', division: '532301', parent: 'cxs' },
  { key: 'dgz', name: '东瓜镇', level: 'township', division: '532301', parent: 'cxs' },
  { key: 'lhz', name: '吕合镇', level: 'township', division: '532301', parent: 'cxs' },
  { key: 'zxz', name: '紫溪镇', level: 'township', division: '532301', parent: 'cxs' },
  { key: 'jsz', name: '金山镇', level: 'township', division: '532302', parent: 'lfs' },
  { key: 'gtz', name: '广通镇', level: 'township', division: '532302', parent: 'lfs' },
]

/** Organisation codes of the townships (9-digit 乡级区划代码). */
export const TOWNSHIP_CODES: Record<string, string> = {
  lcz: '532301100', dgz: '532301101', lhz: '532301102', zxz: '532301103', jsz: '532302100', gtz: '532302101',
}

export type UnitSeed = { suffix: string; name: string; duties: string; legal?: true }

export type BodySeed = {
  registration: '11' | '12'
  /** The 8 characters of the 组织机构代码 before its check character. */
  orgBody: string
  kind: BodyKind
  entrustedBy?: string
  legalBasis: string
  domains: string[]
  address: string
  postcode: string
  phone: string
  supervisor: [name: string, contact: string]
  reconsideration: string
  court: string
}

/** Which ladder of posts the agency's officers climb. */
export type PostLadder = 'bureau' | 'corps' | 'county'

export type StaffSeed = { officers: number; auxiliaries: number; reviewers: number; ladder: PostLadder; auxiliaryPost?: string }

export type AgencySeed = {
  key: string
  suffix: string
  name: string
  region: string
  duties: string
  units: UnitSeed[]
  body?: BodySeed
  staff?: StaffSeed
}

const STATE_SUPERVISOR: [string, string] = ['楚雄州司法局行政执法监督科', '0878-3122035']
const CITY_SUPERVISOR: [string, string] = ['楚雄市司法局行政执法监督股', '0878-3131256']
const BASIC_COURT = '楚雄市人民法院'

export const AGENCIES: readonly AgencySeed[] = [
  {
    key: 'cxz-sfj', suffix: 'sfj', name: '楚雄州司法局', region: 'cxz',
    duties: '承担全州行政执法协调监督工作，统筹法律顾问和公职律师工作',
    units: [
      { suffix: 'jdk', name: '行政执法监督科', duties: '监督全州行政执法，组织行政执法案卷评查，受理行政执法投诉' },
      { suffix: 'flfw', name: '公共法律服务管理科', duties: '管理法律顾问和公职律师，统筹共享法制审核力量' },
    ],
  },
  {
    key: 'cxs-sfj', suffix: 'sfj', name: '楚雄市司法局', region: 'cxs',
    duties: '承担楚雄市行政执法协调监督工作',
    units: [{ suffix: 'jdg', name: '行政执法监督股', duties: '监督全市行政执法，开展案卷评查' }],
  },
  {
    key: 'cxz-scjg', suffix: 'scjg', name: '楚雄州市场监督管理局', region: 'cxz',
    duties: '负责全州市场综合监督管理，统一登记市场主体，组织市场监管综合执法',
    units: [
      { suffix: 'jcjk', name: '执法稽查科', duties: '查处市场监管领域重大违法案件，指导县市市场监管综合执法' },
      { suffix: 'fgk', name: '法规科', duties: '承担重大执法决定法制审核、行政复议应诉和规范性文件合法性审查', legal: true },
      { suffix: 'spk', name: '食品生产安全监督管理科', duties: '监督检查食品生产企业，组织食品安全抽检' },
    ],
    body: {
      registration: '11', orgBody: 'MB1C7310', kind: '行政机关',
      legalBasis: '《中华人民共和国行政处罚法》《中华人民共和国食品安全法》《中华人民共和国产品质量法》《中华人民共和国反不正当竞争法》《中华人民共和国价格法》；楚雄州机构改革方案确定的市场监督管理职责',
      domains: ['市场监管'], address: '云南省楚雄彝族自治州楚雄市鹿城南路 286 号', postcode: '675000', phone: '0878-3380123',
      supervisor: STATE_SUPERVISOR, reconsideration: '楚雄州人民政府', court: BASIC_COURT,
    },
    staff: { officers: 21, auxiliaries: 2, reviewers: 2, ladder: 'bureau', auxiliaryPost: '市场巡查员' },
  },
  {
    key: 'cxz-sthj', suffix: 'sthj', name: '楚雄州生态环境局', region: 'cxz',
    duties: '负责全州生态环境监督管理，统一行使生态和城乡各类污染排放监管与行政执法职责',
    units: [
      { suffix: 'zfzd', name: '生态环境保护综合行政执法支队', duties: '开展生态环境日常执法检查和污染源监管，查处环境违法行为' },
      { suffix: 'fgk', name: '法规与标准科', duties: '承担法制审核和行政复议应诉', legal: true },
    ],
    body: {
      registration: '11', orgBody: 'MB1D0263', kind: '行政机关',
      legalBasis: '《中华人民共和国环境保护法》《中华人民共和国大气污染防治法》《中华人民共和国水污染防治法》《中华人民共和国固体废物污染环境防治法》《中华人民共和国环境影响评价法》',
      domains: ['生态环境'], address: '云南省楚雄彝族自治州楚雄市阳光大道 88 号', postcode: '675000', phone: '0878-3122561',
      supervisor: STATE_SUPERVISOR, reconsideration: '楚雄州人民政府', court: BASIC_COURT,
    },
    staff: { officers: 9, auxiliaries: 0, reviewers: 1, ladder: 'bureau' },
  },
  {
    key: 'cxz-jtzd', suffix: 'jtzd', name: '楚雄州交通运输综合行政执法支队', region: 'cxz',
    duties: '依法行使公路路政、道路运输、水路运输和工程质量安全监督等领域行政执法职责',
    units: [
      { suffix: 'zsyd', name: '直属一大队', duties: '负责楚大高速、京昆高速楚雄段及国省干线公路路政和运输执法' },
      { suffix: 'zsed', name: '直属二大队', duties: '负责客运站场、出租汽车和网约车、机动车维修驾培市场执法' },
      { suffix: 'fzk', name: '法制科', duties: '承担法制审核、执法监督和案卷管理', legal: true },
    ],
    body: {
      registration: '12', orgBody: 'MB1P4428', kind: '法律法规授权组织',
      legalBasis: '《中华人民共和国公路法》第八条第四款授权（公路管理机构依法行使公路行政管理职责）；《中华人民共和国道路运输条例》《云南省路政管理规定》',
      domains: ['交通运输'], address: '云南省楚雄彝族自治州楚雄市永安大道 118 号', postcode: '675000', phone: '0878-3125470',
      supervisor: STATE_SUPERVISOR, reconsideration: '楚雄州人民政府', court: BASIC_COURT,
    },
    staff: { officers: 10, auxiliaries: 2, reviewers: 1, ladder: 'corps', auxiliaryPost: '路政协管员' },
  },
  {
    key: 'cxz-whly', suffix: 'whly', name: '楚雄州文化和旅游局', region: 'cxz',
    duties: '负责全州文化、旅游和文物工作，委托文化市场综合行政执法支队以本局名义实施文化市场行政处罚',
    units: [
      { suffix: 'scglk', name: '市场管理科', duties: '监管文化和旅游市场，审批营业性演出、娱乐场所' },
      { suffix: 'zcfgk', name: '政策法规科', duties: '承担法制审核、行政复议应诉和委托执法管理', legal: true },
    ],
    body: {
      registration: '11', orgBody: 'MB1E5906', kind: '行政机关',
      legalBasis: '《中华人民共和国旅游法》《中华人民共和国文物保护法》《营业性演出管理条例》《娱乐场所管理条例》《互联网上网服务营业场所管理条例》',
      domains: ['文化市场', '旅游'], address: '云南省楚雄彝族自治州楚雄市彝人古镇威楚大道 1 号', postcode: '675000', phone: '0878-3123806',
      supervisor: STATE_SUPERVISOR, reconsideration: '楚雄州人民政府', court: BASIC_COURT,
    },
    staff: { officers: 3, auxiliaries: 0, reviewers: 1, ladder: 'bureau' },
  },
  {
    key: 'cxz-whzd', suffix: 'whzd', name: '楚雄州文化市场综合行政执法支队', region: 'cxz',
    duties: '受楚雄州文化和旅游局委托，以委托机关名义查处文化、文物、出版、广播电视、旅游市场违法行为',
    units: [
      { suffix: 'yd', name: '执法一大队', duties: '负责网吧、娱乐场所、演出和出版物市场日常检查' },
      { suffix: 'fzk', name: '法制科', duties: '承担法制审核和案卷管理', legal: true },
    ],
    body: {
      registration: '12', orgBody: 'MB1F2157', kind: '受委托组织', entrustedBy: 'cxz-whly',
      legalBasis: '《中华人民共和国行政处罚法》第二十条；楚雄州文化和旅游局行政处罚委托书（在委托范围内以委托机关名义实施行政处罚）',
      domains: ['文化市场'], address: '云南省楚雄彝族自治州楚雄市鹿城北路 45 号', postcode: '675000', phone: '0878-3128910',
      supervisor: STATE_SUPERVISOR, reconsideration: '楚雄州人民政府', court: BASIC_COURT,
    },
    staff: { officers: 6, auxiliaries: 0, reviewers: 1, ladder: 'corps' },
  },
  {
    key: 'cxz-nync', suffix: 'nync', name: '楚雄州农业农村局', region: 'cxz',
    duties: '负责全州农业农村工作，组织农业综合行政执法',
    units: [
      { suffix: 'zfzd', name: '农业综合行政执法支队', duties: '查处种子、农药、肥料、兽药、饲料和农产品质量安全违法行为' },
      { suffix: 'fgk', name: '法规科', duties: '承担法制审核和行政复议应诉', legal: true },
    ],
    body: {
      registration: '11', orgBody: 'MB1G8834', kind: '行政机关',
      legalBasis: '《中华人民共和国农产品质量安全法》《中华人民共和国种子法》《中华人民共和国动物防疫法》《农药管理条例》《兽药管理条例》',
      domains: ['农业'], address: '云南省楚雄彝族自治州楚雄市开发区永安大道 52 号', postcode: '675000', phone: '0878-3123357',
      supervisor: STATE_SUPERVISOR, reconsideration: '楚雄州人民政府', court: BASIC_COURT,
    },
    staff: { officers: 7, auxiliaries: 0, reviewers: 1, ladder: 'bureau' },
  },
  {
    key: 'cxz-yjgl', suffix: 'yjgl', name: '楚雄州应急管理局', region: 'cxz',
    duties: '负责全州应急管理和安全生产综合监督管理，组织安全生产行政执法',
    units: [
      { suffix: 'zfzd', name: '应急管理综合行政执法支队', duties: '对工矿商贸生产经营单位开展安全生产执法检查' },
      { suffix: 'zcfgk', name: '政策法规科', duties: '承担法制审核和行政复议应诉', legal: true },
    ],
    body: {
      registration: '11', orgBody: 'MB1H3378', kind: '行政机关',
      legalBasis: '《中华人民共和国安全生产法》《危险化学品安全管理条例》《生产安全事故报告和调查处理条例》《烟花爆竹安全管理条例》',
      domains: ['应急管理'], address: '云南省楚雄彝族自治州楚雄市龙江路 9 号', postcode: '675000', phone: '0878-3126602',
      supervisor: STATE_SUPERVISOR, reconsideration: '楚雄州人民政府', court: BASIC_COURT,
    },
    staff: { officers: 6, auxiliaries: 0, reviewers: 1, ladder: 'bureau' },
  },
  {
    key: 'cxz-wsjk', suffix: 'wsjk', name: '楚雄州卫生健康委员会', region: 'cxz',
    duties: '负责全州卫生健康工作，组织医疗卫生、公共卫生和职业卫生监督执法',
    units: [
      { suffix: 'wsjd', name: '卫生健康综合监督执法科', duties: '开展医疗机构、公共场所、生活饮用水和职业卫生监督检查' },
      { suffix: 'fgk', name: '政策法规科', duties: '承担法制审核和行政复议应诉', legal: true },
    ],
    body: {
      registration: '11', orgBody: 'MB1J6045', kind: '行政机关',
      legalBasis: '《中华人民共和国基本医疗卫生与健康促进法》《中华人民共和国传染病防治法》《中华人民共和国职业病防治法》《医疗机构管理条例》《公共场所卫生管理条例》',
      domains: ['卫生健康'], address: '云南省楚雄彝族自治州楚雄市鹿城西路 37 号', postcode: '675000', phone: '0878-3121184',
      supervisor: STATE_SUPERVISOR, reconsideration: '楚雄州人民政府', court: BASIC_COURT,
    },
    staff: { officers: 5, auxiliaries: 0, reviewers: 1, ladder: 'bureau' },
  },
  {
    key: 'cxs-zhzf', suffix: 'zhzf', name: '楚雄市综合行政执法局', region: 'cxs',
    duties: '相对集中行使城市管理领域行政处罚权及相应的行政强制措施',
    units: [
      { suffix: 'lczd', name: '鹿城执法中队', duties: '负责鹿城镇辖区市容环境、户外广告、占道经营执法' },
      { suffix: 'dgzd', name: '东瓜执法中队', duties: '负责东瓜镇辖区违法建设、渣土运输和园林绿化执法' },
      { suffix: 'fzg', name: '法制股', duties: '承担法制审核和案卷管理', legal: true },
    ],
    body: {
      registration: '11', orgBody: 'MB1K0592', kind: '行政机关',
      legalBasis: '《中华人民共和国行政处罚法》第十八条（相对集中行政处罚权）；《城市市容和环境卫生管理条例》《城市绿化条例》《中华人民共和国城乡规划法》',
      domains: ['城市管理'], address: '云南省楚雄彝族自治州楚雄市青龙河路 16 号', postcode: '675000', phone: '0878-3135512',
      supervisor: CITY_SUPERVISOR, reconsideration: '楚雄市人民政府', court: BASIC_COURT,
    },
    staff: { officers: 10, auxiliaries: 3, reviewers: 1, ladder: 'county', auxiliaryPost: '城管协管员' },
  },
  {
    key: 'cxs-scjg', suffix: 'scjg', name: '楚雄市市场监督管理局', region: 'cxs',
    duties: '负责楚雄市市场综合监督管理和市场监管综合执法',
    units: [
      { suffix: 'jcdd', name: '执法稽查大队', duties: '查处本市市场监管领域违法案件' },
      { suffix: 'lcs', name: '鹿城市场监督管理所', duties: '负责鹿城镇辖区市场主体日常监管和简易程序案件' },
      { suffix: 'fgg', name: '法规股', duties: '承担法制审核', legal: true },
    ],
    body: {
      registration: '11', orgBody: 'MB1L7716', kind: '行政机关',
      legalBasis: '《中华人民共和国行政处罚法》《中华人民共和国食品安全法》《中华人民共和国产品质量法》《中华人民共和国药品管理法》',
      domains: ['市场监管'], address: '云南省楚雄彝族自治州楚雄市鹿城东路 102 号', postcode: '675000', phone: '0878-3139067',
      supervisor: CITY_SUPERVISOR, reconsideration: '楚雄市人民政府', court: BASIC_COURT,
    },
    staff: { officers: 8, auxiliaries: 0, reviewers: 1, ladder: 'county' },
  },
  {
    key: 'lfs-scjg', suffix: 'scjg', name: '禄丰市市场监督管理局', region: 'lfs',
    duties: '负责禄丰市市场综合监督管理和市场监管综合执法',
    units: [
      { suffix: 'jcdd', name: '执法稽查大队', duties: '查处本市市场监管领域违法案件' },
      { suffix: 'fgg', name: '法规股', duties: '承担法制审核', legal: true },
    ],
    body: {
      registration: '11', orgBody: 'MB1M2240', kind: '行政机关',
      legalBasis: '《中华人民共和国行政处罚法》《中华人民共和国食品安全法》《中华人民共和国产品质量法》',
      domains: ['市场监管'], address: '云南省楚雄彝族自治州禄丰市金山镇龙城路 21 号', postcode: '651200', phone: '0878-4121653',
      supervisor: ['禄丰市司法局行政执法监督股', '0878-4123398'], reconsideration: '禄丰市人民政府', court: '禄丰市人民法院',
    },
    staff: { officers: 5, auxiliaries: 0, reviewers: 1, ladder: 'county' },
  },
  {
    key: 'lfs-zhzf', suffix: 'zhzf', name: '禄丰市综合行政执法局', region: 'lfs',
    duties: '相对集中行使城市管理领域行政处罚权',
    units: [{ suffix: 'zfdd', name: '执法大队', duties: '负责城区市容环境、违法建设和占道经营执法' }],
    body: {
      registration: '11', orgBody: 'MB1N5583', kind: '行政机关',
      legalBasis: '《中华人民共和国行政处罚法》第十八条（相对集中行政处罚权）；《城市市容和环境卫生管理条例》',
      domains: ['城市管理'], address: '云南省楚雄彝族自治州禄丰市金山镇滨河路 7 号', postcode: '651200', phone: '0878-4128806',
      supervisor: ['禄丰市司法局行政执法监督股', '0878-4123398'], reconsideration: '禄丰市人民政府', court: '禄丰市人民法院',
    },
    staff: { officers: 4, auxiliaries: 1, reviewers: 0, ladder: 'county', auxiliaryPost: '城管协管员' },
  },
  {
    key: 'sbx-zhzf', suffix: 'zhzf', name: '双柏县综合行政执法局', region: 'sbx',
    duties: '相对集中行使城市管理领域行政处罚权',
    units: [{ suffix: 'zfdd', name: '执法大队', duties: '负责县城市容环境、违法建设和占道经营执法' }],
    body: {
      registration: '11', orgBody: 'MB1Q0931', kind: '行政机关',
      legalBasis: '《中华人民共和国行政处罚法》第十八条（相对集中行政处罚权）；《城市市容和环境卫生管理条例》',
      domains: ['城市管理'], address: '云南省楚雄彝族自治州双柏县妥甸镇查姆大道 33 号', postcode: '675100', phone: '0878-7712045',
      supervisor: ['双柏县司法局行政执法监督股', '0878-7711620'], reconsideration: '双柏县人民政府', court: '双柏县人民法院',
    },
    staff: { officers: 3, auxiliaries: 1, reviewers: 0, ladder: 'county', auxiliaryPost: '城管协管员' },
  },
]

export const POSTS: Record<PostLadder, { leaders: string[]; staff: string[] }> = {
  bureau: { leaders: ['科长', '副科长'], staff: ['一级主任科员', '二级主任科员', '三级主任科员', '四级主任科员', '一级科员', '二级科员'] },
  corps: { leaders: ['支队长', '大队长'], staff: ['副大队长', '一级行政执法员', '二级行政执法员', '三级行政执法员', '四级行政执法员'] },
  county: { leaders: ['股长', '中队长'], staff: ['副中队长', '一级行政执法员', '二级行政执法员', '三级行政执法员', '四级主任科员', '一级科员'] },
}

/** The shared pool of 法律顾问/公职律师 under 楚雄州司法局 (F-03, s004 task 28). */
export const COUNSEL_POSTS = ['公职律师', '公职律师', '法律顾问'] as const
