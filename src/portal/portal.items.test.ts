import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { loginAs, makeOrg, makeUser, testApp, testDb, uid } from '../../test/support.ts'
import { makePublishedBody } from './portal.fixtures.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close(); await db.close() })

const get = (url: string) => app.inject({ method: 'GET', url })

async function world() {
  const body = await makePublishedBody(db)
  const unit = await makeOrg(db, { parent: body, kind: 'unit', name: '行政审批科' })
  const admin = await loginAs(app, (await makeUser(db, { org: body, roles: ['admin'] })).username)
  const legal = await loginAs(app, (await makeUser(db, { org: body, roles: ['reviewer'] })).username)
  return { body, unit, admin, legal }
}

const guide = {
  acceptingBody: '楚雄市政务服务中心市场监管窗口', approvingBody: '楚雄市市场监督管理局', conditions: '具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所',
  materials: [{ name: '食品经营许可申请书', copies: '原件1份', sampleText: '申请人名称：<script>alert(1)</script>××食品店' }, { name: '营业执照复印件', sampleUrl: 'https://example.gov.cn/samples/license.pdf' }],
  process: '申请、受理、审查、决定、制证送达', supervision: '市场监管投诉举报电话12315', remedy: '对许可决定不服的，可以依法申请行政复议或者提起行政诉讼',
  officeHours: '周一至周五 9:00—12:00，14:30—17:30', address: '楚雄市鹿城南路政务服务中心二楼', phone: '0878-3121234',
}

test('P-02 / P-03 / P-04: the agency\'s list and the item page show the approved version with its 服务指南 and the 执法流程图 link; a draft never shows; no JavaScript', async () => {
  const w = await world()
  const code = uid('XK-')
  const content = {
    name: '食品经营许可', type: '行政许可', unitId: w.unit.id, basis: [{ law: '中华人民共和国食品安全法', article: '第三十五条' }],
    timeLimit: 20, timeLimitUnit: '工作日', guide,
  }
  const created = await app.inject({ method: 'POST', url: '/api/items', headers: w.admin.headers, payload: { agencyId: w.body.id, code, ...content } })
  assert.equal(created.statusCode, 201, created.body)
  const id = created.json().id
  const list = `/agencies/${w.body.code}/items`
  const page = `${list}/${code}`
  assert.ok(!(await get(list)).body.includes('食品经营许可'), 'a draft is not on the portal')
  assert.equal((await get(page)).statusCode, 404)

  await app.inject({ method: 'POST', url: `/api/items/${id}/versions/1/submit`, headers: w.admin.headers })
  const ok = await app.inject({ method: 'POST', url: `/api/items/${id}/versions/1/approve`, headers: w.legal.headers, payload: {} })
  assert.equal(ok.statusCode, 200, ok.body)

  const agency = await get(`/agencies/${w.body.code}`)
  assert.ok(agency.body.includes(`href="${list}"`), 'the agency page links its list')
  const l = await get(list)
  assert.equal(l.statusCode, 200)
  assert.match(l.headers['content-type'] as string, /^text\/html/)
  for (const text of ['行政执法事项清单', '行政许可', code, '食品经营许可', '《中华人民共和国食品安全法》第三十五条', '行政审批科', '20个工作日', `href="${page}"`]) assert.ok(l.body.includes(text), `list shows ${text}`)

  const p = await get(page)
  assert.equal(p.statusCode, 200)
  for (const text of [
    '事项信息', '执法主体', w.body.name, '承办机构', '行政审批科', '服务指南', '受理机构', guide.acceptingBody, '审批机构', guide.approvingBody,
    '受理条件', guide.conditions, '申请材料', '食品经营许可申请书', '原件1份', '<details><summary>示范文本</summary>', 'https://example.gov.cn/samples/license.pdf',
    '办理流程', guide.process, '办理时限', '监督方式', guide.supervision, '救济渠道', guide.remedy, '办公时间', guide.officeHours, '办公地址', guide.address, '办公电话', guide.phone,
    '执法流程图', `href="/procedures/${encodeURIComponent('许可')}"`,
  ]) assert.ok(p.body.includes(text), `item page shows ${text}`)
  assert.ok(!/<script/i.test(p.body) && !/<script/i.test(l.body), 'no script: the pages need no JavaScript (and stored text is escaped)')
  assert.ok(p.body.includes('&lt;script&gt;'))
  assert.ok((await get(`/procedures/${encodeURIComponent('许可')}`)).statusCode === 200, 'the linked chart exists')

  // a second approved version supersedes the first; the first stays readable at its own URL
  await app.inject({ method: 'POST', url: `/api/items/${id}/versions`, headers: w.admin.headers, payload: { basedOn: 1, ...content, timeLimit: 15, note: '压缩办理时限' } })
  assert.ok((await get(page)).body.includes('20个工作日'), 'the draft v2 does not replace the published v1')
  await app.inject({ method: 'POST', url: `/api/items/${id}/versions/2/submit`, headers: w.admin.headers })
  await app.inject({ method: 'POST', url: `/api/items/${id}/versions/2/approve`, headers: w.legal.headers, payload: {} })
  const p2 = await get(page)
  assert.ok(p2.body.includes('15个工作日') && p2.body.includes('压缩办理时限'))
  assert.ok(p2.body.includes(`href="${page}/versions/1"`), 'the earlier version is linked')
  const p1 = await get(`${page}/versions/1`)
  assert.equal(p1.statusCode, 200)
  assert.ok(p1.body.includes('20个工作日') && p1.body.includes('已被新版本取代'))
  assert.equal((await get(`${page}/versions/9`)).statusCode, 404)
  // an approved 已取消 version takes the item off the list; its page says so
  await app.inject({ method: 'POST', url: `/api/items/${id}/versions`, headers: w.admin.headers, payload: { basedOn: 2, ...content, status: '已取消', note: '事项已下放' } })
  await app.inject({ method: 'POST', url: `/api/items/${id}/versions/3/submit`, headers: w.admin.headers })
  await app.inject({ method: 'POST', url: `/api/items/${id}/versions/3/approve`, headers: w.legal.headers, payload: {} })
  assert.ok(!(await get(list)).body.includes(`href="${page}"`))
  assert.ok((await get(page)).body.includes('该事项已取消'))
  assert.equal((await get(`/agencies/${w.body.code}/items/NOPE`)).statusCode, 404)
  assert.equal((await get(`/agencies/no-such-agency/items`)).statusCode, 404)
  assert.match((await get(`${page}/versions/abc`)).headers['content-type'] as string, /^text\/html/, 'bad input answers as a page')
})
