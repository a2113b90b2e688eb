import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

/** N-07: every string the workbench shows, Simplified Chinese first, English second. */
const dict = {
  appTitle: ['行政执法工作台', 'Enforcement Workbench'],
  appShort: ['执法工作台', 'Workbench'],
  language: ['English', '中文'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  login: ['登录', 'Sign in'],
  loginTitle: ['登录行政执法工作台', 'Sign in to the enforcement workbench'],
  loginHint: ['行政执法公示 · 全过程记录 · 重大执法决定法制审核', 'Disclosure · Full-process recording · Legal review'],
  required: ['必填', 'Required'],
  logout: ['退出登录', 'Sign out'],
  loggedOut: ['已退出登录', 'Signed out'],
  menu: ['菜单', 'Menu'],
  home: ['工作台', 'Home'],
  homes: ['角色工作台', 'Role workbenches'],
  admin: ['管理', 'Administration'],
  loading: ['加载中…', 'Loading…'],
  notFound: ['页面不存在', 'Page not found'],
  forbidden: ['您的角色无权访问此页面', 'Your role may not open this page'],
  backHome: ['返回工作台', 'Back to home'],
  none: ['无', 'None'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  save: ['保存', 'Save'],
  cancel: ['取消', 'Cancel'],
  create: ['新建', 'New'],
  edit: ['编辑', 'Edit'],
  view: ['查看', 'View'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  actions: ['操作', 'Actions'],
  reason: ['理由', 'Reason'],
  reasonRequired: ['请填写理由（至少 2 个字）', 'Please give a reason (at least 2 characters)'],
  saved: ['已保存', 'Saved'],
  done: ['操作成功', 'Done'],
  versions: ['版本历史', 'Version history'],
  version: ['版本', 'Version'],
  changedAt: ['变更时间', 'Changed at'],
  changedBy: ['变更人', 'Changed by'],
  published: ['已发布', 'Published'],
  status: ['状态', 'Status'],
  all: ['全部', 'All'],
  name: ['名称', 'Name'],
  code: ['编码', 'Code'],
  agency: ['所属机关', 'Agency'],
  total: ['合计', 'Total'],
  open: ['打开', 'Open'],
  readOnly: ['只读', 'Read only'],

  // role homes
  homeOfficer: ['我的工作台', 'My workbench'],
  homeAuxiliary: ['辅助人员工作台', 'Auxiliary staff workbench'],
  homeHead: ['负责人工作台', 'Agency head workbench'],
  homeReviewer: ['法制审核工作台', 'Legal review workbench'],
  homeDisclosure: ['公示管理工作台', 'Disclosure workbench'],
  homeSupervisor: ['执法监督工作台', 'Supervision workbench'],
  homeAdmin: ['系统管理', 'System administration'],
  welcome: ['您好，{name}', 'Hello, {name}'],
  myRecord: ['我的人员档案', 'My personnel record'],
  myCertificates: ['我的执法证', 'My enforcement certificates'],
  noPersonLink: ['您的账号尚未关联人员档案，请联系系统管理员关联。', 'Your account is not linked to a personnel record; ask the administrator to link it.'],
  noCertificate: ['没有执法证记录', 'No certificate on record'],
  certOkToAct: ['持有效执法证，可以作为执法人员办案', 'Holds a valid certificate and may act as an enforcement officer'],
  certNotOkToAct: ['没有有效执法证，不能作为执法人员办案（行政处罚法第四十二条）', 'No valid certificate: may not act as an enforcement officer (处罚法42)'],
  auxiliaryNote: ['执法辅助人员协助执法，不能作为执法人员签署文书或作出决定。', 'Auxiliary staff assist; they cannot sign documents or take decisions.'],
  dueToday: ['今天起的法定期限', 'Statutory deadlines from today'],
  workingDays: ['{n} 个工作日', '{n} working days'],
  unconfirmed: ['待确认（该年度放假通知尚未录入）', 'Unconfirmed (holiday notice not entered yet)'],
  staffingOfAgency: ['本机关人员配备', 'Staffing of my agency'],
  expiring90: ['90 日内到期的执法证', 'Certificates expiring within 90 days'],
  noneExpiring: ['90 日内没有到期的执法证', 'No certificate expires within 90 days'],
  reviewersOfAgency: ['本机关法制审核人员', 'Legal reviewers of my agency'],
  bodiesUnpublished: ['有未发布变更的执法主体', 'Enforcement bodies with unpublished changes'],
  allPublished: ['所有执法主体的当前版本均已发布', 'Every enforcement body’s current version is published'],
  staffingCheck: ['审核人员配备检查（不少于执法人员的 5%，至少 1 人）', 'Reviewer staffing check (≥ 5 % of officers, at least 1)'],
  belowRatio: ['未达标机关', 'Agencies below the ratio'],
  certCounts: ['执法证状态统计', 'Certificates by status'],
  countOrgs: ['组织机构', 'Organisations'],
  countUsers: ['用户', 'Users'],
  countBodies: ['执法主体', 'Enforcement bodies'],
  countPeople: ['执法人员', 'Personnel'],
  countCertificates: ['执法证', 'Certificates'],
  countReviewers: ['法制审核人员', 'Legal reviewers'],
  staffingOk: ['达标', 'Meets ratio'],
  staffingShort: ['未达标', 'Below ratio'],
  officers: ['执法人员数', 'Officers'],
  reviewers: ['审核人员数', 'Reviewers'],
  requiredReviewers: ['应配审核人员', 'Reviewers required'],

  // screens
  navOrgs: ['组织机构', 'Organisations'],
  navBodies: ['执法主体', 'Enforcement bodies'],
  navPeople: ['执法人员', 'Personnel'],
  navCertificates: ['执法证', 'Certificates'],
  navReviewers: ['法制审核人员', 'Legal reviewers'],
  navCalendar: ['工作日历', 'Working calendar'],
  navUsers: ['用户', 'Users'],

  // organisations
  orgTree: ['组织机构树', 'Organisation tree'],
  orgPick: ['在左侧选择一个节点', 'Pick a node on the left'],
  orgNewChild: ['新建下级', 'New child node'],
  orgParent: ['上级', 'Parent'],
  orgKind: ['类型', 'Kind'],
  orgLevel: ['层级', 'Level'],
  orgDuties: ['职责', 'Duties'],
  kindRegion: ['行政区域', 'Region'],
  kindAgency: ['行政执法机关', 'Agency'],
  kindUnit: ['内设机构', 'Internal unit'],
  levelProvince: ['省级', 'Province'],
  levelCity: ['市（州、师）级', 'City'],
  levelCounty: ['县（区）级', 'County'],
  levelTownship: ['乡镇（街道）级', 'Township'],
  active: ['启用', 'Active'],
  inactive: ['停用', 'Inactive'],

  // bodies
  bodyName: ['主体名称', 'Body'],
  uscc: ['统一社会信用代码', 'Unified social credit code'],
  usccInvalid: ['统一社会信用代码校验位不正确（GB 32100）', 'Check character of the credit code is wrong (GB 32100)'],
  bodyKind: ['主体类别', 'Kind of body'],
  entrustingBody: ['委托机关', 'Entrusting body'],
  legalBasis: ['职权依据', 'Legal basis'],
  domains: ['执法领域', 'Enforcement domains'],
  address: ['地址', 'Address'],
  postcode: ['邮编', 'Postcode'],
  phone: ['电话', 'Phone'],
  email: ['电子邮箱', 'E-mail'],
  supervisorName: ['监督机构', 'Supervising body'],
  supervisorContact: ['监督联系方式', 'Supervisor contact'],
  reconsiderationBody: ['复议机关', 'Reconsideration body'],
  court: ['诉讼法院', 'Court'],
  publish: ['发布', 'Publish'],
  publishConfirm: ['发布当前版本到公示门户？', 'Publish the current version to the portal?'],
  unpublishedChanges: ['有未发布变更', 'Unpublished changes'],
  publishedVersion: ['已发布版本', 'Published version'],

  // people
  personName: ['姓名', 'Name'],
  personKind: ['人员类别', 'Kind'],
  kindOfficer: ['执法人员', 'Officer'],
  kindAuxiliary: ['执法辅助人员', 'Auxiliary'],
  kindCounsel: ['法律顾问/公职律师', 'Counsel'],
  gender: ['性别', 'Gender'],
  idNumber: ['身份证号', 'ID number'],
  post: ['职务/岗位', 'Post'],
  categories: ['执法类别', 'Enforcement categories'],
  areas: ['执法区域', 'Enforcement areas'],
  legalQualification: ['法律职业资格', 'Legal qualification'],
  legalQualificationNo: ['法律职业资格证书编号', 'Qualification certificate no.'],
  trainingHours: ['培训学时', 'Training hours'],
  keyword: ['姓名/证号关键字', 'Name or number'],
  personDetail: ['人员详情', 'Person'],
  issueCertificate: ['发放执法证', 'Issue certificate'],

  // certificates
  certNo: ['证号', 'Certificate no.'],
  issuingAuthority: ['发证机关', 'Issuing authority'],
  validFrom: ['有效期自', 'Valid from'],
  validTo: ['有效期至', 'Valid to'],
  holder: ['持证人', 'Holder'],
  suspend: ['暂扣', 'Suspend'],
  revoke: ['注销', 'Revoke'],
  restore: ['恢复', 'Restore'],
  annualCheck: ['年审', 'Annual check'],
  reissue: ['换发', 'Reissue'],
  checkYear: ['年度', 'Year'],
  checkPassed: ['年审结果', 'Result'],
  passed: ['合格', 'Passed'],
  failed: ['不合格', 'Failed'],
  checkedOn: ['年审日期', 'Checked on'],
  note: ['备注', 'Note'],
  newCertNo: ['新证号', 'New certificate no.'],
  statusReason: ['状态理由', 'Status reason'],

  // reviewers
  appoint: ['任命审核人员', 'Appoint reviewer'],
  person: ['人员', 'Person'],
  sharedPool: ['共享审核人员库', 'Shared review pool'],
  appointedOn: ['任命日期', 'Appointed on'],
  firstTime: ['初次从事法制审核', 'First-time reviewer'],
  firstTimeHelp: ['初次从事行政处罚决定法制审核的人员应当取得法律职业资格（行政处罚法第五十八条）', 'A first-time reviewer must hold the legal qualification (处罚法58)'],
  staffing: ['人员配备', 'Staffing'],

  // calendar
  year: ['年份', 'Year'],
  dayOff: ['休息日/节假日', 'Day off'],
  workedWeekend: ['调休上班', 'Worked weekend day'],
  legend: ['图例', 'Legend'],
  dueCalc: ['期限计算', 'Deadline calculator'],
  fromDate: ['起算日', 'Start date'],
  days: ['天数', 'Days'],
  mode: ['计算方式', 'Mode'],
  modeWorking: ['工作日', 'Working days'],
  modeCalendar: ['自然日', 'Calendar days'],
  compute: ['计算', 'Compute'],
  dueDate: ['期限届满日', 'Due date'],
  startNotCounted: ['起算日当日不计入', 'The start day is not counted'],
  noticeImport: ['录入国务院放假通知', 'Enter a State Council holiday notice'],
  noticeNumber: ['文号', 'Document number'],
  noticeTitle: ['通知名称', 'Notice title'],
  noticeDays: ['放假与调休日期', 'Days off and worked days'],
  noticeDaysHelp: ['每行一条：YYYY-MM-DD 休 节日名称，或 YYYY-MM-DD 班 调休说明', 'One per line: YYYY-MM-DD 休 holiday name, or YYYY-MM-DD 班 note'],
  noticeBadLine: ['第 {n} 行格式不正确', 'Line {n} is malformed'],
  confirmedYear: ['已录入放假通知', 'Notice entered'],
  provisionalYear: ['未录入通知（仅法定节日）', 'No notice yet (statutory holidays only)'],
  weekdays: ['一,二,三,四,五,六,日', 'Mo,Tu,We,Th,Fr,Sa,Su'],
  monthName: ['{n}月', 'Month {n}'],

  // users
  displayName: ['姓名', 'Display name'],
  roles: ['角色', 'Roles'],
  org: ['所在单位', 'Organisation'],
  scopeOrg: ['数据范围', 'Data scope'],
  personLink: ['关联人员档案', 'Linked person'],
  initialPassword: ['初始密码', 'Initial password'],
  locked: ['已锁定', 'Locked'],
  unlock: ['解锁', 'Unlock'],
  createUser: ['新建用户', 'New user'],

  // cases
  navWork: ['办案', 'Case work'],
  navCases: ['案件', 'Cases'],
  navApprovals: ['审批', 'Approvals'],
  navDeadlines: ['期限预警', 'Deadline alerts'],
  unavailable: ['{what}暂不可用', '{what} is not available yet'],
  caseNew: ['新建案件', 'New case'],
  caseNone: ['没有案件', 'No cases'],
  caseScope: ['案件范围', 'Which cases'],
  caseScopeAgency: ['本机关', 'My agency'],
  caseScopeAll: ['数据范围内全部', 'All in my scope'],
  caseKind: ['案件类型', 'Case kind'],
  caseStage: ['当前环节', 'Current stage'],
  caseSearch: ['案号或当事人', 'Number or party'],
  caseNumber: ['案号', 'Case number'],
  caseParty: ['当事人', 'Party'],
  casePartyKind: ['当事人类型', 'Party kind'],
  casePartyName: ['当事人名称或姓名', 'Party name'],
  partyOrganisation: ['法人或者其他组织', 'Organisation'],
  partyCitizen: ['公民', 'Citizen'],
  caseSummary: ['案情摘要', 'Summary'],
  caseMajor: ['重大', 'Major'],
  caseMajorFlag: ['重大执法决定', 'Major enforcement decision'],
  caseMajorHelp: ['决定前须经法制审核（行政处罚法第五十八条）', 'Needs legal review before the decision (处罚法58)'],
  caseCollective: ['集体讨论', 'Collective'],
  caseCollectiveFlag: ['须集体讨论', 'Needs collective discussion'],
  caseCollectiveHelp: ['情节复杂或者重大违法行为给予处罚的，由负责人集体讨论决定（行政处罚法第五十七条）', 'Complex or serious cases are decided by the heads collectively (处罚法57)'],
  caseClosed: ['已办结', 'Closed'],
  caseArchived: ['已归档', 'Archived'],
  caseCreatedAt: ['立卷日期', 'Opened on'],
  caseDeadline: ['最近期限', 'Nearest deadline'],
  stageNone: ['未开始', 'Not started'],
  overdue: ['已逾期', 'Overdue'],
  nearDue: ['即将到期', 'Due soon'],
  dueOn: ['期限', 'Due'],

  // case page
  casePageTitle: ['案件 {number}', 'Case {number}'],
  backToCases: ['返回案件列表', 'Back to cases'],
  caseHeader: ['案件信息', 'Case'],
  nextActions: ['下一步', 'Next steps'],
  noNextActions: ['当前没有可进行的环节', 'No step is possible now'],
  actionTimeline: ['执法过程记录', 'Record of the procedure'],
  noActions: ['尚无记录', 'Nothing recorded yet'],
  supersededSee: ['已更正，查看更正记录', 'Corrected — see the correction'],
  correctionOf: ['更正 {date} 的记录', 'Corrects the record of {date}'],
  correct: ['更正', 'Correct'],
  recordedAt: ['记录于', 'Recorded'],
  recordTitle: ['记录：{type}', 'Record: {type}'],
  correctTitle: ['更正：{type}', 'Correct: {type}'],
  recordSave: ['提交', 'Submit'],
  actedOn: ['日期', 'Date'],
  actingOfficers: ['执法人员', 'Acting officers'],
  actingOfficersOnSite: ['现场执法须两名以上持有效执法证的执法人员（行政处罚法第四十二条）', 'On-site acts need at least two officers with valid certificates (处罚法42)'],
  noValidOfficers: ['本机关没有持有效执法证的执法人员', 'No officer of the agency holds a valid certificate'],
  actionPlace: ['地点', 'Place'],
  actionNote: ['情况说明', 'Notes'],
  fieldReason: ['理由', 'Reason'],
  fieldPassed: ['审核结论', 'Review result'],
  passedYes: ['通过', 'Passed'],
  passedNo: ['不通过', 'Not passed'],
  fieldOpinion: ['审核意见', 'Opinion'],
  fieldPenalty: ['处罚种类', 'Penalty'],
  fieldFineYuan: ['罚款金额（元）', 'Fine (yuan)'],
  fieldDecision: ['决定内容', 'Decision'],
  fieldNoticeContent: ['拟处罚内容及事实、理由、依据', 'Intended penalty with facts, reasons and basis'],
  fieldAt: ['实施时间', 'Time of enforcement'],
  fieldUrgency: ['情况紧急的理由（夜间或法定节假日实施时必填，行政强制法第四十三条）', 'Why it is urgent (needed at night or on a holiday, 强制法43)'],
  servedOn: ['送达日期', 'Served on'],
  statementDeadline: ['陈述申辩期限至', 'Statement period ends'],
  submitApproval: ['提交审批', 'Submit for approval'],
  approvalSubmitted: ['已提交负责人审批', 'Submitted to the head for approval'],
  recordSection: ['现场笔录', 'On-site record'],
  recordMake: ['制作笔录', 'Make a record'],
  recordKind: ['笔录种类', 'Record kind'],
  recordStart: ['开始时间', 'Start time'],
  recordEnd: ['结束时间', 'End time'],
  recordPlace: ['笔录地点', 'Place of the record'],
  recordQuestion: ['问 {n}', 'Question {n}'],
  recordAnswer: ['答 {n}', 'Answer {n}'],
  recordQ: ['问：', 'Q: '],
  recordA: ['答：', 'A: '],
  recordAddQa: ['添加问答', 'Add question'],
  recordRemoveQa: ['删除此问答', 'Remove this question'],
  recordTooLong: ['笔录问答过长（不超过 {n} 字）', 'The questions and answers are too long (at most {n} characters)'],
  signParty: ['当事人签名', 'Party’s signature'],
  signClear: ['清除重签', 'Clear'],
  signRefused: ['当事人拒绝签字', 'The party refuses to sign'],
  signWitness: ['见证人姓名', 'Witness'],
  signWitnessHelp: ['当事人拒绝签字的，由执法人员注明情况并由见证人签名', 'When the party refuses, a witness signs and the officers note it'],
  signMissing: ['请当事人在签名框内签名，或选择“拒绝签字”并填写见证人', 'Have the party sign in the box, or choose “refuses to sign” and name a witness'],
  approvedByHead: ['经负责人批准', 'Approved by the head'],
  signDone: ['当事人已签名', 'Signed by the party'],
  signRefusedTag: ['当事人拒绝签字', 'Party refused to sign'],

  // photos
  photos: ['现场照片', 'Photos'],
  photo: ['照片', 'Photo'],
  photoTake: ['拍照上传', 'Take a photo'],
  photoUploading: ['上传进度', 'Upload progress'],
  photoUploaded: ['照片已上传', 'Photo uploaded'],
  noPhotos: ['尚无照片', 'No photos yet'],

  // documents
  documents: ['执法文书', 'Documents'],
  noDocuments: ['尚无文书', 'No documents yet'],
  documentGenerate: ['生成文书', 'Generate a document'],
  documentGenerateOk: ['生成', 'Generate'],
  documentKind: ['文书种类', 'Document'],
  documentListHelp: ['每行一项', 'One item per line'],
  documentVersion: ['第 {n} 版', 'version {n}'],
  documentPages: ['{n} 页', '{n} pages'],
  documentSign: ['签名', 'Sign'],
  documentSignTitle: ['在“{name}”上签名', 'Sign “{name}”'],
  signRole: ['签名人身份', 'Signing as'],
  signRoleParty: ['当事人', 'Party'],
  signRoleOfficer: ['执法人员', 'Officer'],
  signRoleWitness: ['见证人', 'Witness'],
  signOfficer: ['执法人员', 'Officer'],
  signerName: ['签名人姓名', 'Name of the signer'],
  signRefusalNote: ['执法人员情况说明', 'Officer’s note'],
  signHere: ['请在框内签名', 'Sign in the box'],

  // service (R-05, 处罚法61)
  serviceDocuments: ['送达的文书', 'Documents served'],
  serviceDocumentsMissing: ['请选择所送达的文书', 'Choose the documents to serve'],
  serviceNoDocuments: ['本案尚无可送达的文书，请先生成文书', 'No document to serve yet: generate it first'],
  serviceMethod: ['送达方式', 'Method'],
  servicePublishedOn: ['公告日期', 'Published on'],
  serviceMailedOn: ['邮寄日期', 'Mailed on'],
  serviceRecipient: ['受送达人', 'Recipient'],
  servicePlace: ['送达地点', 'Place of service'],
  serviceSignature: ['受送达人签名', 'Recipient’s signature'],
  serviceRefusalNote: ['拒收情况说明', 'Account of the refusal'],
  serviceTracking: ['邮件单号', 'Tracking number'],
  serviceReceivedOn: ['回执签收日期', 'Received on (receipt)'],
  serviceConsentHelp: ['电子送达须当事人同意并签订确认书（行政处罚法第六十一条第二款），提交时一并记录', 'Electronic service needs the party’s signed consent (处罚法61(2)); it is recorded with this'],
  serviceChannel: ['电子送达方式', 'Channel'],
  serviceAddress: ['电子送达地址', 'Address'],
  serviceConfirmation: ['确认书编号或说明', 'Consent form number'],
  serviceNoticeReason: ['公告送达的理由（受送达人下落不明等）', 'Why by public notice (recipient cannot be found, …)'],

  // case file
  caseFile: ['案卷', 'Case file'],
  caseFileAssemble: ['组卷', 'Assemble'],
  caseFileReassemble: ['重新组卷', 'Assemble again'],
  caseFileAfterClosing: ['结案后可以组卷归档', 'The file is assembled once the case is closed'],
  caseFileNone: ['尚未组卷', 'Not assembled yet'],
  caseFilePdf: ['案卷 PDF', 'Case file PDF'],
  caseFileZip: ['案卷包 ZIP（含清单与校验）', 'Bundle ZIP (manifest and proofs)'],
  caseFileWithheld: ['国家秘密材料未随卷：{names}', 'State-secret material kept out of the file: {names}'],
  caseFileToc: ['卷内目录', 'Table of contents'],
  tocSeq: ['序号', 'No.'],
  tocName: ['文书名称', 'Document'],
  tocNumber: ['文号', 'Number'],
  tocDate: ['日期', 'Date'],
  tocPages: ['页号', 'Pages'],

  // approvals
  approvalQueue: ['负责人审批', 'Approval queue'],
  approvalPending: ['待审批', 'Pending'],
  approvalDecided: ['已审批', 'Decided'],
  approvalApproved: ['已批准', 'Approved'],
  approvalRejected: ['不予批准', 'Rejected'],
  approvalType: ['审批事项', 'Action'],
  approvalReason: ['提请理由', 'Reason for the request'],
  approvalReasonMissing: ['请填写提请负责人批准的理由', 'Give the reason for the request'],
  approvalSubmitter: ['提交人', 'Submitted by'],
  approvalRequestedAt: ['提交时间', 'Submitted at'],
  approvalOpinion: ['审批意见', 'Opinion'],
  approve: ['批准', 'Approve'],
  reject: ['不予批准', 'Reject'],
  approveTitle: ['批准“{type}”（{number}）', 'Approve “{type}” ({number})'],
  rejectTitle: ['不予批准“{type}”（{number}）', 'Reject “{type}” ({number})'],
  approveDefaultOpinion: ['同意', 'Agreed'],
  noApprovals: ['没有审批事项', 'No approval requests'],
  caseApprovals: ['负责人审批', 'Head’s approvals'],
  pendingApprovals: ['待我审批', 'Awaiting my approval'],
  approvalMore: ['共 {n} 件，查看全部', '{n} in all — see the queue'],
  myCasesLink: ['办理案件', 'Handle cases'],

  // deadlines
  deadlinePanel: ['期限', 'Deadlines'],
  noDeadlines: ['没有进行中的期限', 'No running deadline'],
  deadlineFrom: ['自 {date} 起算', 'Counted from {date}'],
  deadlineAlerts: ['临期和逾期', 'Near due and overdue'],
  deadlineAllOpen: ['全部进行中', 'All running'],
  deadlineMine: ['只看我负责的', 'Only mine'],
  deadlineTotal: ['共 {n} 项（今天 {today}）', '{n} in all (today {today})'],
  deadlineName: ['期限', 'Deadline'],
  deadlineStatute: ['法律依据', 'Statute'],
  deadlineResponsible: ['承办人', 'Responsible'],
  loadMore: ['加载更多', 'Load more'],
  deadlineMet: ['已于 {date} 完成', 'Met on {date}'],
} as const satisfies Record<string, readonly [string, string]>

export type Key = keyof typeof dict
export type Lang = 'zh-CN' | 'en'

const STORAGE_KEY = 'zhifa.workbench.lang'

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export function translate(lang: Lang, key: Key, vars?: Record<string, string | number>): string {
  const text: string = dict[key][lang === 'en' ? 1 : 0]
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')) : text
}

type LangState = { lang: Lang; setLang(lang: Lang): void; t(key: Key, vars?: Record<string, string | number>): string }
const LangContext = createContext<LangState | null>(null)

/** The language is a choice of this browser only: kept in localStorage, never sent to the server. */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang)
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn')
  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // private browsing without storage: the choice lasts for this page only
    }
    document.documentElement.lang = next
    setLangState(next)
  }, [])
  const value = useMemo<LangState>(() => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }), [lang, setLang])
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>
}

export function useLang(): LangState {
  const state = useContext(LangContext)
  if (!state) throw new Error('useLang outside LangProvider')
  return state
}

/** N-07: dates are shown as YYYY-MM-DD whatever the language. */
export function formatDate(value: string | Date | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '—'
}

export function formatDateTime(value: string | Date | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—'
}
