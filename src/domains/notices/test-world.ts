// A complete 救济渠道 / 监督方式 / 随机抽查事项清单 as the API takes it, for tests (P-01, I-01).
export const NOTICE = {
  reconsiderationBody: '测试市人民政府',
  reconsiderationAddress: '测试市人民路 1 号市政府行政复议接待室',
  reconsiderationPhone: '0878-3123456',
  court: '测试市中级人民法院',
  courtAddress: '测试市法院路 8 号',
  supervisionOffice: '测试市司法局行政执法监督科',
  supervisionAddress: '测试市人民路 10 号',
  supervisionPostcode: '675000',
  supervisionPhone: '0878-3888888',
  supervisionEmail: 'jiandu@example.gov.cn',
  supervisionProcedure: '来信来电或发送电子邮件反映问题，监督机构在 5 个工作日内登记并转办，60 日内答复办理结果。',
  inspectionItems: [
    {
      name: '食品生产经营者监督检查', basis: '《中华人民共和国食品安全法》第一百一十条', inspector: '测试市市场监督管理局',
      targets: '辖区内食品生产经营者', content: '生产经营条件、进货查验记录、食品标签', method: '双随机抽查、现场检查',
      ratio: 5, frequencyTimes: 1, frequencyPeriod: '年',
    },
    {
      name: '计量器具使用检查', basis: '《中华人民共和国计量法》第十八条', inspector: '测试市市场监督管理局',
      targets: '集贸市场经营者', content: '强制检定计量器具的检定情况', method: '双随机抽查',
      ratio: 12.5, frequencyTimes: 2, frequencyPeriod: '半年',
    },
  ],
  reason: '首次公示',
}
