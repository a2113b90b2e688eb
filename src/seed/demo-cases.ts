// N-01 / R-01 / R-03: the demo's cases, so that an officer's workbench is not empty on a
// first start: twelve cases of 楚雄州市场监督管理局 of the kinds it handles, in every stage
// (archived, open, near-due and overdue, one waiting for the head's approval, one major case
// waiting for 法制审核, one decided after its review passed, a 简易程序 fine collected on the
// spot). Every case is written through the use cases the API calls (createCase, recordAction,
// requestApproval, submitReview, giveOpinion), so each database rule, deadline and audit event
// applies to the demo as to real work. Twelve, not thirty,
// and no generated PDF: each action is a use-case transaction that recomputes the case's
// deadlines (45–70 ms each on the embedded database), and the cases may add at most 2 s
// to the first start (N-01).
import type { Db } from '../platform/db/pool.ts'
import type { AuthUser } from '../platform/access/scope.ts'
import { findUserById } from '../platform/access/sessions.ts'
import { audit } from '../platform/audit/audit.ts'
import { createCase } from '../domains/cases/create-case.ts'
import { recordAction } from '../domains/cases/record-action.ts'
import { caseAvStatus, recordAvAbsence } from '../domains/av/av.ts'
import { requestApproval } from '../domains/cases/approvals.ts'
import { giveOpinion, submitReview } from '../domains/review/review.ts'
import { setDocumentNumberPrefix } from '../domains/cases/documents/numbers.ts'
import { addDays } from '../domains/people/rules.ts'
import type { PartyKind } from '../domains/cases/rules.ts'
import { makeIdNumber, seededRandom, type Random } from './random.ts'
import { makeUscc } from './codes.ts'

const SEED = 532301
/** 机关代字 of the demo agency's 文号. */
export const DEMO_NUMBER_PREFIX = '楚州市监'

type Value = string | number | boolean | null
/**
 * One action: its type, days before today, and who records it (R-01: approval types are the head's).
 * review: the 法制审核 step goes through the review use cases (L-01): the officer submits, the
 * reviewer agrees, and the opinion records the passed 法制审核 action, dated today.
 */
type Step = { type: string; ago: number; head?: boolean; onSite?: boolean; data?: Record<string, Value>; review?: { decision: string; fineYuan: number; basis: string; facts: string } }
type DemoCase = {
  kind: string
  partyKind: PartyKind
  party: string
  summary: string
  major?: boolean
  steps: Step[]
  /** the action the officer asked the head to approve, still waiting */
  pending?: { type: string; ago: number; reason: string }
}

/**
 * The cases, as of today: `ago` counts calendar days back from today in China, so the
 * near-due and overdue ones stay so on every first start.
 */
export function demoCases(random: Random = seededRandom(SEED)): DemoCase[] {
  const org: PartyKind = 'organisation'
  const citizen: PartyKind = 'citizen'
  /** 处罚法51/68(一): a citizen's fine on the spot, at most 200 元 and at most 100 元 to collect there */
  const spotFine = random.int(1, 2) * 50
  const licence = (ago: number): Step[] => [{ type: '申请', ago }, { type: '受理', ago: ago - 2 }, { type: '审查', ago: ago - 6 }]
  const seizure = (ago: number, measure: string): Step[] => [
    { type: '审批', ago, head: true },
    // 查封/扣押 must be recorded on video before the case goes on to 决定书送达; the demo
    // case waits at 实施 for its recording to be uploaded
    { type: '实施', ago, onSite: true, data: { measure } },
  ]
  const onTheSpot = (ago: number, fineYuan: number | null, documentNo: string, party: Record<string, Value> = {}): Step[] => [
    { type: '现场处罚决定', ago, onSite: true, data: { ...(fineYuan === null ? { penalty: '警告', documentNo } : { penalty: '罚款', fineYuan, documentNo }), ...party } },
    { type: '送达', ago },
    { type: '备案', ago: ago - 1 },
  ]

  return [
    // 行政处罚（普通程序）
    {
      kind: '处罚-普通', partyKind: org, party: '楚雄金沙江酒业有限公司', summary: '生产标签不符合规定的白酒', major: true,
      steps: [
        { type: '案源登记', ago: 70 }, { type: '核查', ago: 69 }, { type: '立案', ago: 67, head: true },
        { type: '调查取证', ago: 62, onSite: true }, { type: '案件审核', ago: 30 }, { type: '告知', ago: 20 },
        { type: '陈述申辩', ago: 16, data: { summary: '当事人称标签系印刷厂差错，请求从轻处罚' } },
      ],
    },
    {
      kind: '处罚-普通', partyKind: org, party: '楚雄市鹿城镇好邻居便利店', summary: '销售未标明产地的散装食品',
      steps: [{ type: '案源登记', ago: 12 }, { type: '核查', ago: 10 }],
      pending: { type: '立案', ago: 9, reason: '经核查，当事人涉嫌违反《中华人民共和国食品安全法》第六十八条，符合立案条件，请负责人审批' },
    },
    {
      // L-01: a 普通程序 decision is made only after its legal review passed (处罚法58)
      kind: '处罚-普通', partyKind: org, party: '楚雄市鹿城镇百味源餐饮店', summary: '使用超过保质期的食品原料',
      steps: [
        { type: '案源登记', ago: 26 }, { type: '核查', ago: 25 }, { type: '立案', ago: 24, head: true },
        { type: '调查取证', ago: 22, onSite: true }, { type: '案件审核', ago: 15 }, { type: '告知', ago: 12 },
        { type: '放弃陈述申辩', ago: 11 },
        {
          type: '法制审核', ago: 0,
          review: { decision: '没收超过保质期的食品原料，罚款人民币八千元', fineYuan: 8000, basis: '《中华人民共和国食品安全法》第一百二十四条第一款第五项', facts: '当事人后厨存放超过保质期的食品原料用于加工' },
        },
        // the party's 统一社会信用代码 (a 个体工商户, 92…) goes with the decision to the credit platforms
        { type: '决定', ago: 0, head: true, data: { result: '没收超过保质期的食品原料，罚款人民币八千元', fineYuan: 8000, partyUscc: makeUscc('92', '532301', 'L2B7K9Q3') } },
      ],
    },
    { kind: '处罚-普通', partyKind: org, party: '楚雄市紫溪山农家乐', summary: '使用未经检验的燃气器具', steps: [{ type: '案源登记', ago: 31 }] },
    {
      kind: '处罚-普通', partyKind: org, party: '楚雄州恒通二手车交易市场有限公司', summary: '未按规定公示收费标准',
      steps: [{ type: '案源登记', ago: 97 }, { type: '核查', ago: 96 }, { type: '立案', ago: 95, head: true }],
    },
    {
      kind: '处罚-普通', partyKind: citizen, party: '普文华', summary: '流动摊贩销售来源不明的猪肉',
      steps: [{ type: '案源登记', ago: 40 }, { type: '核查', ago: 38 }, { type: '不予立案', ago: 36, head: true, data: { reason: '经核查，举报所称情况不属实' } }, { type: '归档', ago: 35 }],
    },

    // 行政处罚（简易程序）: 当场处罚、当场收缴，处罚法51、52、68
    {
      kind: '处罚-简易', partyKind: citizen, party: '杨春梅', summary: '销售无中文标签的进口食品（当场处罚）',
      steps: [...onTheSpot(4, spotFine, 'CX0001201', { partyIdNumber: makeIdNumber(seededRandom(532301), '532301', '1983-07-21', '女') }), { type: '当场收缴', ago: 4, data: { receiptNo: 'YNFS-0012', ground: '68(一)', amountYuan: spotFine } }],
    },

    // 行政许可，许可法第四章
    { kind: '许可', partyKind: citizen, party: '罗丽萍', summary: '食品经营许可（小餐饮）', steps: [{ type: '申请', ago: 50 }, { type: '不予受理', ago: 49, data: { reason: '申请事项依法不需要取得行政许可' } }, { type: '归档', ago: 47 }] },
    { kind: '许可', partyKind: org, party: '楚雄州滇中汽车维修有限公司', summary: '特种设备使用登记', steps: [{ type: '申请', ago: 8 }, { type: '补正', ago: 6, data: { content: '补交特种设备安全管理人员资格证书' } }] },
    { kind: '许可', partyKind: org, party: '楚雄市鹿城镇福满楼酒店', summary: '食品经营许可（大型餐馆）', steps: licence(27).slice(0, 2) },

    // 行政强制措施，强制法第三章
    { kind: '强制-措施', partyKind: org, party: '楚雄州顺丰冷链仓储有限公司', summary: '查封来源不明的冻品仓库', steps: seizure(29, '查封') },

    // 行政检查
    { kind: '检查', partyKind: org, party: '楚雄市鹿城镇农贸市场', summary: '“双随机、一公开”计量器具检查', steps: [{ type: '启动检查', ago: 3 }] },
  ]
}

/**
 * Two officers of the agency whose certificates are valid from `since` through today (处罚法42:
 * two officers act together), the demo officer's first when theirs is.
 */
async function actingOfficers(db: Db, agencyId: string, since: string, prefer: (string | null)[], exclude: (string | null)[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT p.id FROM person p JOIN certificate c ON c.person_id = p.id
      WHERE p.agency_id = $1 AND p.kind = 'officer' AND p.status = '在岗' AND c.status = '有效'
        AND c.valid_from <= $2::date AND c.valid_to >= current_date AND NOT p.id = ANY ($4::uuid[])
      ORDER BY array_position($3::uuid[], p.id) NULLS LAST, c.valid_from, p.name`,
    [agencyId, since, prefer.filter(Boolean), exclude.filter(Boolean)],
  )
  const ids = [...new Set(rows.map((r) => r.id))].slice(0, 2)
  if (ids.length < 2) throw new Error('演示数据：没有两名持有效执法证的执法人员')
  return ids
}

/**
 * N-01: writes the demo cases as the demo officer and head of `agencyId`, as of `today`,
 * through the use cases (each in its own transaction, as from the API). Returns how many.
 */
export async function seedDemoCases(db: Db, input: { agencyId: string; officerId: string; headId: string; reviewerId: string; today: string }): Promise<number> {
  const officer = await findUserById(db, input.officerId)
  const head = await findUserById(db, input.headId)
  const reviewer = await findUserById(db, input.reviewerId)
  if (!officer || !head || !reviewer) throw new Error('演示数据：缺少执法人员、负责人或法制审核人员账号')
  const cases = demoCases()
  const oldest = Math.max(...cases.flatMap((c) => c.steps.map((s) => s.ago)))
  // 处罚法43: the reviewer handles no case they review
  const officers = await actingOfficers(db, input.agencyId, addDays(input.today, -oldest), [officer.personId, null], [reviewer.personId])
  await db.tx(async (tx) => {
    await setDocumentNumberPrefix(tx, { agencyId: input.agencyId, prefix: DEMO_NUMBER_PREFIX, setBy: head.id })
    await audit(tx, { actor: head, action: 'seed.demo.number-prefix', orgId: input.agencyId, detail: { prefix: DEMO_NUMBER_PREFIX } })
  })
  const on = (ago: number) => addDays(input.today, -ago)
  for (const c of cases) {
    const created = await createCase(db, officer, { kind: c.kind, partyKind: c.partyKind, partyName: c.party, summary: c.summary, major: c.major })
    for (const step of c.steps) {
      if (step.review) {
        const { decision, fineYuan, basis, facts } = step.review
        const review = await submitReview(db, officer, created.id, {
          proposal: { decision, penalties: ['没收违法所得、没收非法财物', '罚款'], fineAmount: fineYuan, basis, facts, reason: '违法事实清楚，证据确凿，当事人放弃陈述申辩' },
          statement: `拟对${c.party}作出处罚：${decision}`, flags: [],
        })
        const { rows: points } = await db.query<{ code: string }>(`SELECT code FROM review_checklist_point ORDER BY sort`)
        await giveOpinion(db, reviewer, review.id, 1, { kind: '同意', reasons: '', findings: points.map((p) => ({ point: p.code, finding: '符合' as const })) })
        continue
      }
      const user: AuthUser = step.head ? head : officer
      const action = await recordAction(db, user, created.id, { type: step.type, actedOn: on(step.ago), officers: step.onSite ? officers : undefined, data: step.data })
      // an expected recording absent from the demo is explained before the case goes on
      const av = (await caseAvStatus(db, user, created.id)).find((s) => s.actionId === action.id)
      if (av?.level === 'expected' && !av.satisfied) await recordAvAbsence(db, user, created.id, action.id, '演示数据：执法记录仪未随案导入，已制作现场笔录')
    }
    if (c.pending) await requestApproval(db, officer, created.id, { type: c.pending.type, actedOn: on(c.pending.ago), reason: c.pending.reason })
  }
  return cases.length
}
