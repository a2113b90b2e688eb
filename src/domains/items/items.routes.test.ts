import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDb, testApp, makeOrg, makeUser, loginAs, uid } from '../../../test/support.ts'
import { citesLaw, lawKey } from './rules.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close(); await db.close() })

async function world() {
  const region = await makeOrg(db)
  const agency = await makeOrg(db, { parent: region })
  const unit = await makeOrg(db, { parent: agency, kind: 'unit', name: '行政审批科' })
  const other = await makeOrg(db, { parent: region })
  const session = async (org: typeof agency, roles: Parameters<typeof makeUser>[1]['roles']) => {
    const u = await makeUser(db, { org, roles })
    return { ...u, ...(await loginAs(app, u.username)) }
  }
  return {
    region, agency, unit, other,
    admin: await session(agency, ['admin']),
    legal: await session(agency, ['reviewer']),
    legal2: await session(agency, ['reviewer']),
    officer: await session(agency, ['officer']),
    otherLegal: await session(other, ['reviewer']),
  }
}
type World = Awaited<ReturnType<typeof world>>

const guide = {
  acceptingBody: '测试市政务服务中心市场监管窗口', approvingBody: '测试市市场监督管理局', conditions: '有与经营的食品品种、数量相适应的经营场所',
  materials: [{ name: '食品经营许可申请书', copies: '1份', sampleText: '申请人：××食品店……' }, { name: '营业执照复印件', sampleUrl: 'https://example.gov.cn/sample.pdf' }],
  process: '申请—受理—审查—决定—送达', supervision: '监督电话 12315', remedy: '可依法申请行政复议或者提起行政诉讼', officeHours: '工作日 9:00-17:00',
  address: '测试市人民路1号', phone: '0878-1234567',
}
const content = (w: World, over: Record<string, unknown> = {}) => ({
  name: '食品经营许可', type: '行政许可', unitId: w.unit.id,
  basis: [{ law: '中华人民共和国食品安全法', article: '第三十五条' }, { law: '食品经营许可和备案管理办法', article: '第二条' }],
  timeLimit: 20, timeLimitUnit: '工作日', guide, ...over,
})
const post = (who: { headers: Record<string, string> } | null, url: string, payload?: object) =>
  app.inject({ method: 'POST', url, headers: who?.headers ?? {}, ...(payload ? { payload } : {}) })
const get = (who: { headers: Record<string, string> } | null, url: string) => app.inject({ method: 'GET', url, headers: who?.headers ?? {} })
const count = async (itemId: string) => Number((await db.query(`SELECT (SELECT count(*) FROM enforcement_item_version WHERE item_id = $1) + (SELECT count(*) FROM enforcement_item_review WHERE item_id = $1) AS n`, [itemId])).rows[0].n)

async function create(w: World, over: Record<string, unknown> = {}) {
  const r = await post(w.admin, '/api/items', { agencyId: w.agency.id, code: uid('XK-'), ...content(w, over) })
  assert.equal(r.statusCode, 201, r.body)
  return r.json()
}

test('P-02: a version is published only after the agency\'s 法制机构 approves it; the drafter cannot approve; a second approval supersedes the first, which stays readable', async () => {
  const w = await world()
  const item = await create(w)
  assert.deepEqual([item.latest.version, item.latest.state, item.publishedVersion], [1, 'draft', null])
  assert.deepEqual(item.caseKinds, ['许可'])
  const pub = () => get(null, `/api/public/items/${item.id}`)
  assert.equal((await pub()).statusCode, 404, 'a draft is never public')

  const sub = await post(w.admin, `/api/items/${item.id}/versions/1/submit`)
  assert.equal(sub.statusCode, 200, sub.body)
  assert.equal(sub.json().latest.state, 'submitted')
  assert.equal((await pub()).statusCode, 404, 'a submitted version is not public')
  // the drafter, even when also a reviewer, cannot approve; officers and other agencies' reviewers neither
  const selfDraft = await post(w.legal, `/api/items/${item.id}/versions`, { basedOn: 1, ...content(w) })
  assert.equal(selfDraft.statusCode, 409, 'no new version while one waits for review')
  assert.equal(selfDraft.json().code, 'ITEM_UNDER_REVIEW')
  for (const who of [w.officer, w.otherLegal, w.admin]) {
    const r = await post(who, `/api/items/${item.id}/versions/1/approve`, {})
    assert.equal(r.statusCode, 403, r.body)
  }
  const ret = await post(w.legal, `/api/items/${item.id}/versions/1/return`, { comment: '请补充受理条件' })
  assert.equal(ret.statusCode, 200, ret.body)
  assert.equal(ret.json().latest.state, 'returned')
  assert.equal((await pub()).statusCode, 404, 'a returned version is not public')

  // the reviewer drafts v2 and cannot approve it; the other reviewer can
  const v2 = await post(w.legal, `/api/items/${item.id}/versions`, { basedOn: 1, ...content(w, { note: '补充受理条件' }) })
  assert.equal(v2.statusCode, 201, v2.body)
  await post(w.legal, `/api/items/${item.id}/versions/2/submit`)
  const self = await post(w.legal, `/api/items/${item.id}/versions/2/approve`, {})
  assert.equal(self.statusCode, 422, self.body)
  assert.equal(self.json().code, 'ITEM_SELF_REVIEW')
  const ok = await post(w.legal2, `/api/items/${item.id}/versions/2/approve`, { comment: '同意公示' })
  assert.equal(ok.statusCode, 200, ok.body)
  assert.equal(ok.json().publishedVersion, 2)
  assert.equal((await pub()).json().current.version, 2)

  // v3 drafted: v2 stays published until v3 is approved
  const v3 = await post(w.admin, `/api/items/${item.id}/versions`, { basedOn: 2, ...content(w, { timeLimit: 15 }) })
  assert.equal(v3.statusCode, 201, v3.body)
  assert.equal((await pub()).json().current.timeLimit, 20)
  await post(w.admin, `/api/items/${item.id}/versions/3/submit`)
  assert.equal((await pub()).json().current.version, 2)
  await post(w.legal, `/api/items/${item.id}/versions/3/approve`, {})
  const now = (await pub()).json()
  assert.deepEqual([now.current.version, now.current.timeLimit, now.earlier.map((e: any) => e.version)], [3, 15, [2]])
  const old = await get(null, `/api/public/items/${item.id}?version=2`)
  assert.equal(old.statusCode, 200)
  assert.deepEqual([old.json().current.version, old.json().current.timeLimit, old.json().current.published], [2, 20, false])
  assert.equal((await get(null, `/api/public/items/${item.id}?version=1`)).statusCode, 404, 'a returned version is never public')

  const history = await get(w.officer, `/api/items/${item.id}`)
  assert.equal(history.statusCode, 200, history.body)
  assert.deepEqual(history.json().versions.map((v: any) => [v.version, v.state, v.published]), [[1, 'returned', false], [2, 'approved', false], [3, 'approved', true]])
  assert.equal(history.json().versions[0].events[1].comment, '请补充受理条件')
  assert.equal((await get(w.otherLegal, `/api/items/${item.id}`)).statusCode, 403)
  const list = await get(w.officer, `/api/items?agency=${w.agency.id}`)
  assert.deepEqual(list.json().items.map((i: any) => [i.id, i.publishedVersion, i.latest.stateLabel]), [[item.id, 3, '审核通过']])
  // F-06: every write has its audit event
  const { rows: events } = await db.query(`SELECT action, detail->>'version' AS v FROM audit_event WHERE entity = 'enforcement_item' AND entity_id = $1 ORDER BY id`, [item.id])
  assert.deepEqual(events.map((e) => `${e.action}:${e.v}`), ['item.create:1', 'item.submit:1', 'item.return:1', 'item.draft:2', 'item.submit:2', 'item.approve:2', 'item.draft:3', 'item.submit:3', 'item.approve:3'])
  const publicList = await get(null, `/api/public/agencies/${w.agency.id}/items`)
  assert.deepEqual(publicList.json().items.map((i: any) => [i.code, i.current.version]), [[item.code, 3]])
})

test('P-02: bad input is refused with a Chinese {code, message} and changes nothing', async () => {
  const w = await world()
  const item = await create(w)
  const before = await count(item.id)
  const cases: [Record<string, unknown>, number, RegExp][] = [
    [{ basis: [{ law: '中华人民共和国食品安全法' }] }, 400, /条款/],
    [{ basis: [{ law: '中华人民共和国食品安全法', article: '相关规定' }] }, 400, /具体到条/],
    [{ basis: [] }, 400, /至少列明一条/],
    [{ type: '行政奖励' }, 400, /事项类型/],
    [{ timeLimit: 0 }, 400, /至少1天/],
    [{ timeLimitUnit: '月' }, 400, /工作日或自然日/],
    [{ extra: 1 }, 400, /./],
    [{ unitId: w.agency.id }, 422, /内设机构/],
  ]
  for (const [over, status, message] of cases) {
    const r = await post(w.admin, `/api/items/${item.id}/versions`, { basedOn: 1, ...content(w, over) })
    assert.equal(r.statusCode, status, `${JSON.stringify(over)} ${r.body}`)
    assert.ok(typeof r.json().code === 'string')
    assert.match(r.json().message, message)
    assert.match(r.json().message, /[\u4e00-\u9fff]/, 'the message is Chinese')
  }
  const stale = await post(w.admin, `/api/items/${item.id}/versions`, { basedOn: 0, ...content(w) })
  assert.equal(stale.statusCode, 409)
  assert.equal(stale.json().code, 'ITEM_STALE')
  const dup = await post(w.admin, '/api/items', { agencyId: w.agency.id, code: item.code, ...content(w) })
  assert.equal(dup.statusCode, 409)
  assert.equal(dup.json().code, 'ITEM_CODE_TAKEN')
  const regionAdmin = await loginAs(app, (await makeUser(db, { org: w.region, roles: ['admin'] })).username)
  assert.equal((await post(regionAdmin, '/api/items', { agencyId: w.region.id, code: uid('X'), ...content(w) })).json().code, 'ITEM_AGENCY')
  assert.equal((await post(w.officer, '/api/items', { agencyId: w.agency.id, code: uid('X'), ...content(w) })).statusCode, 403)
  assert.equal((await post(w.otherLegal, `/api/items/${item.id}/versions`, { basedOn: 1, ...content(w) })).statusCode, 403)
  const noGuide = await post(w.admin, '/api/items', { agencyId: w.agency.id, code: uid('X'), ...content(w, { guide: null }) })
  assert.equal(noGuide.statusCode, 201, 'a draft may lack its guide')
  const refused = await post(w.admin, `/api/items/${noGuide.json().id}/versions/1/submit`)
  assert.equal(refused.json().code, 'ITEM_GUIDE_REQUIRED', 'P-03: a 许可 item goes to review with its 服务指南')
  assert.equal((await post(w.legal, `/api/items/${item.id}/versions/1/approve`, {})).json().code, 'ITEM_NOT_SUBMITTED')
  await post(w.admin, `/api/items/${item.id}/versions/1/submit`)
  assert.equal((await post(w.admin, `/api/items/${item.id}/versions/1/submit`)).json().code, 'ITEM_ALREADY_SUBMITTED')
  const noReason = await post(w.legal, `/api/items/${item.id}/versions/1/return`, {})
  assert.equal(noReason.statusCode, 400)
  assert.equal((await post(w.legal, `/api/items/not-a-uuid/versions/1/approve`, {})).statusCode, 400)
  assert.equal((await post(w.legal, `/api/items/${crypto.randomUUID()}/versions/1/approve`, {})).statusCode, 404)
  assert.equal((await post(null, '/api/items', { agencyId: w.agency.id, code: uid('X'), ...content(w) })).statusCode, 401)
  assert.equal(await count(item.id), before + 1, 'only the one valid submission was written')
})

test('P-02: when a law changes, the lookup lists every published item citing it, with the articles, and no draft-only item', async () => {
  const w = await world()
  const publish = async (over: Record<string, unknown>) => {
    const item = await create(w, over)
    await post(w.admin, `/api/items/${item.id}/versions/1/submit`)
    const r = await post(w.legal, `/api/items/${item.id}/versions/1/approve`, {})
    assert.equal(r.statusCode, 200, r.body)
    return item
  }
  const law = `测试法${uid('')}`
  const permit = await publish({ basis: [{ law: `中华人民共和国${law}`, article: '第三十五条' }] })
  const penalty = await publish({ name: '对未取得许可从事经营活动的行政处罚', type: '行政处罚', guide: null,
    basis: [{ law: `《${law}》`, article: '第一百二十二条第一款' }, { law: `${law}实施条例`, article: '第七十五条' }] })
  await publish({ name: '其他事项', type: '行政检查', guide: null, basis: [{ law: `${law}实施条例`, article: '第十条' }] })
  const draftOnly = await create(w, { basis: [{ law, article: '第一条' }] })
  const r = await get(w.officer, `/api/items/citing?law=${encodeURIComponent(law)}`)
  assert.equal(r.statusCode, 200, r.body)
  assert.deepEqual(r.json().items.map((i: any) => [i.itemId, i.articles, i.pendingVersion]).sort(), [
    [permit.id, ['第三十五条'], null], [penalty.id, ['第一百二十二条第一款'], null],
  ].sort())
  assert.ok(!r.json().items.some((i: any) => i.itemId === draftOnly.id), 'an unpublished item is not listed')
  // a re-draft in progress shows as pending
  await post(w.admin, `/api/items/${permit.id}/versions`, { basedOn: 1, ...content(w, { basis: [{ law: `中华人民共和国${law}`, article: '第三十六条' }] }) })
  const again = await get(w.officer, `/api/items/citing?law=${encodeURIComponent(`《中华人民共和国${law}》`)}`)
  assert.equal(again.json().items.find((i: any) => i.itemId === permit.id).pendingVersion, 2)
  const outside = await get(w.otherLegal, `/api/items/citing?law=${encodeURIComponent(law)}`)
  assert.deepEqual(outside.json().items, [], 'only items in the user\'s scope')
  assert.equal((await get(w.officer, `/api/items/citing?law=x`)).statusCode, 400)
})

test('P-02: lawKey compares law names without 《》, spaces and the 中华人民共和国 prefix, never a different regulation', () => {
  assert.equal(lawKey('《中华人民共和国 食品安全法》'), '食品安全法')
  const basis = [{ law: '中华人民共和国食品安全法', article: '第三十五条' }, { law: '中华人民共和国食品安全法实施条例', article: '第十条' }]
  assert.deepEqual(citesLaw(basis, '食品安全法').map((b) => b.article), ['第三十五条'])
  assert.deepEqual(citesLaw(basis, '《食品安全法实施条例》').map((b) => b.article), ['第十条'])
})
