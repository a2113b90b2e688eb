// P-01 / I-01: 救济渠道, 监督方式 and 随机抽查事项清单 of an agency: validated, versioned (never
// edited in place, older versions kept), the portal shows the latest published version.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { loginAs, makeUser, testApp, testDb, type Session } from '../../../test/support.ts'
import { makePublishedBody, type PublishedBody } from '../../portal/portal.fixtures.ts'
import { NOTICE_PHONE } from './rules.ts'
import { NOTICE } from './test-world.ts'

const db = testDb()
let shared: Promise<FastifyInstance> | undefined
const app = () => (shared ??= testApp())
after(async () => (await shared)?.close())

async function world(): Promise<{ body: PublishedBody; admin: Session; officer: Session }> {
  const body = await makePublishedBody(db)
  const a = await makeUser(db, { org: body, roles: ['admin'] })
  const o = await makeUser(db, { org: body, roles: ['officer'] })
  return { body, admin: await loginAs(await app(), a.username), officer: await loginAs(await app(), o.username) }
}

const call = async (method: 'GET' | 'POST', url: string, session?: Session, payload?: unknown) =>
  (await app()).inject({ method, url, headers: session?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) })

test('P-01 I-01: bad input is refused with a Chinese {code, message} and nothing is saved', async () => {
  const { body, admin } = await world()
  const item = NOTICE.inspectionItems[0]!
  const cases: [string, object, RegExp][] = [
    ['postcode', { supervisionPostcode: '67500' }, /邮政编码须为 6 位数字/],
    ['phone', { supervisionPhone: '3888-88' }, /监督电话格式不正确/],
    ['email', { supervisionEmail: 'jiandu@' }, /电子邮箱格式不正确/],
    ['ratio above 100', { inspectionItems: [{ ...item, ratio: 101 }] }, /抽查比例不得超过 100%/],
    ['ratio 0', { inspectionItems: [{ ...item, ratio: 0 }] }, /抽查比例须大于 0%/],
    ['frequency', { inspectionItems: [{ ...item, frequencyTimes: 0 }] }, /抽查频次至少 1 次/],
    ['frequency period', { inspectionItems: [{ ...item, frequencyPeriod: '周' }] }, /周期须为年、半年、季度或月/],
    ['missing 依据', { inspectionItems: [{ ...item, basis: '' }] }, /抽查依据至少 2 个字/],
    ['复议 shorter than 60 days', { reconsiderationDays: 30 }, /不得少于六十日/],
    ['unknown field', { idNumber: '110101199003071234' }, /请求参数不合法/],
  ]
  for (const [name, change, message] of cases) {
    const res = await call('POST', `/api/bodies/${body.id}/notices`, admin, { ...NOTICE, ...change })
    assert.equal(res.statusCode, 400, name)
    assert.equal(res.json().code, 'VALIDATION', name)
    assert.match(res.json().message, message, name)
  }
  // a longer period needs the law that gives it (行政复议法第二十条 “法律规定的申请期限超过六十日的除外”)
  const longer = await call('POST', `/api/bodies/${body.id}/notices`, admin, { ...NOTICE, reconsiderationDays: 90 })
  assert.equal(longer.statusCode, 422)
  assert.equal(longer.json().code, 'PERIOD_BASIS_REQUIRED')
  const list = await call('GET', `/api/bodies/${body.id}/notices`, admin)
  assert.deepEqual(list.json().versions, [])
  const withBasis = await call('POST', `/api/bodies/${body.id}/notices`, admin, { ...NOTICE, reconsiderationDays: 90, periodBasis: '《测试法》第十条' })
  assert.equal(withBasis.statusCode, 201)
  assert.match(withBasis.json().remedyText[0], /90日内向测试市人民政府申请行政复议/)
})

test('P-01: only the agency\'s admin or 公示管理员 within scope writes; an officer is refused', async () => {
  const { body, officer } = await world()
  const res = await call('POST', `/api/bodies/${body.id}/notices`, officer, NOTICE)
  assert.equal(res.statusCode, 403)
  const other = await makePublishedBody(db)
  const { admin } = await world()
  const foreign = await call('POST', `/api/bodies/${other.id}/notices`, admin, NOTICE)
  assert.equal(foreign.statusCode, 403)
  assert.match(foreign.json().message, /数据范围/)
})

test('P-01 I-01: every save is a new version; the portal shows the latest published one, older versions stay as they were', async () => {
  const { body, admin } = await world()
  const v1 = await call('POST', `/api/bodies/${body.id}/notices`, admin, NOTICE)
  assert.equal(v1.statusCode, 201)
  assert.equal(v1.json().version, 1)
  assert.deepEqual(v1.json().inspectionItems.map((i: any) => i.frequencyText), ['每年一次', '每半年2次'])

  // nothing public before publication
  assert.equal((await call('GET', `/api/public/agencies/${body.code}/notices`)).statusCode, 404)
  assert.ok(!(await call('GET', `/agencies/${body.code}`)).body.includes('测试市司法局行政执法监督科'))

  assert.equal((await call('POST', `/api/bodies/${body.id}/notices/1/publish`, admin, {})).statusCode, 200)
  const again = await call('POST', `/api/bodies/${body.id}/notices/1/publish`, admin, {})
  assert.equal(again.statusCode, 409)
  assert.equal(again.json().code, 'ALREADY_PUBLISHED')

  const changed = { ...NOTICE, supervisionPhone: '12345', inspectionItems: [NOTICE.inspectionItems[1]!], reason: '监督电话改为 12345', expectedVersion: 1 }
  const v2 = await call('POST', `/api/bodies/${body.id}/notices`, admin, changed)
  assert.equal(v2.json().version, 2)
  // a save from a stale form is a conflict
  const stale = await call('POST', `/api/bodies/${body.id}/notices`, admin, { ...changed, expectedVersion: 1 })
  assert.equal(stale.statusCode, 409)
  assert.equal(stale.json().code, 'VERSION_CONFLICT')

  // version 2 is saved but not published: the public still reads version 1
  let pub = (await call('GET', `/api/public/agencies/${body.code}/notices`)).json()
  assert.equal(pub.version, 1)
  assert.equal(pub.supervisionPhone, '0878-3888888')
  assert.equal(pub.inspectionItems.length, 2)
  assert.equal(pub.reason, undefined)

  await call('POST', `/api/bodies/${body.id}/notices/2/publish`, admin, {})
  pub = (await call('GET', `/api/public/agencies/${body.code}/notices`)).json()
  assert.equal(pub.version, 2)
  assert.equal(pub.supervisionPhone, '12345')
  assert.deepEqual(pub.inspectionItems.map((i: any) => i.name), ['计量器具使用检查'])
  // an older version is never put back
  const back = await call('POST', `/api/bodies/${body.id}/notices/1/publish`, admin, {})
  assert.equal(back.statusCode, 409)
  assert.equal(back.json().code, 'NEWER_PUBLISHED')

  const versions = (await call('GET', `/api/bodies/${body.id}/notices`, admin)).json()
  assert.equal(versions.latestVersion, 2)
  assert.equal(versions.publishedVersion, 2)
  assert.deepEqual(versions.versions.map((v: any) => [v.version, v.supervisionPhone, v.inspectionItems.length, v.publishedAt !== null]), [[1, '0878-3888888', 2, true], [2, '12345', 1, true]])

  const page = await call('GET', `/agencies/${body.code}`)
  for (const text of ['救济渠道', '测试市人民路 1 号市政府行政复议接待室', '测试市法院路 8 号', '60日内', '6个月内', '15日内', '监督方式', '675000', 'jiandu@example.gov.cn', '随机抽查事项清单', '计量器具使用检查', '12.5%', '每半年2次']) {
    assert.ok(page.body.includes(text), `agency page shows ${text}`)
  }
  assert.ok(!page.body.includes('食品生产经营者监督检查'), 'the item of version 1 is no longer shown')
  assert.ok(!page.body.includes('<script'), 'the page needs no JavaScript')
})

test('P-01 I-01: the database keeps versions append-only and checks the fields itself (app role, direct SQL)', async () => {
  const { body, admin } = await world()
  await call('POST', `/api/bodies/${body.id}/notices`, admin, NOTICE)
  await assert.rejects(db.query(`UPDATE agency_notice SET supervision_phone = '12345' WHERE agency_id = $1`, [body.id]), (e: any) => e.code === '42501' || /只追加/.test(e.message))
  await assert.rejects(db.query(`DELETE FROM random_inspection_item WHERE agency_id = $1`, [body.id]), (e: any) => e.code === '42501' || /只追加/.test(e.message))
  await assert.rejects(db.query(`UPDATE random_inspection_item SET ratio = 50 WHERE agency_id = $1`, [body.id]), (e: any) => e.code === '42501' || /只追加/.test(e.message))
  // an item cannot be slipped into a version saved earlier
  await assert.rejects(
    db.query(
      `INSERT INTO random_inspection_item (agency_id, version, seq, name, basis, inspector, targets, content, method, ratio, frequency_times, frequency_period)
       VALUES ($1, 1, 9, '补充事项', '某法', '某局', '某对象', '某内容', '双随机', 5, 1, '年')`,
      [body.id],
    ),
    /已保存的版本不得修改/,
  )
  const insert = (version: number, change: Record<string, unknown> = {}, q: { query: typeof db.query } = db) => {
    const row = {
      reconsideration_body: '某政府', reconsideration_address: '某路 1 号', court: '某法院', court_address: '某路 2 号', supervision_office: '某司法局',
      supervision_address: '某路 3 号', supervision_postcode: '675000', supervision_phone: '12345', supervision_email: 'a@example.cn',
      supervision_procedure: '来信来电反映，五个工作日内答复。', reason: '测试', ...change,
    }
    const columns = Object.keys(row)
    return q.query(
      `INSERT INTO agency_notice (agency_id, version, ${columns.join(', ')}) VALUES ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')})`,
      [body.id, version, ...Object.values(row)],
    )
  }
  await assert.rejects(insert(5), /逐版递增/)
  for (const change of [{ supervision_postcode: '6750' }, { supervision_phone: 'abc' }, { supervision_email: 'x@' }, { reconsideration_days: 30 }, { reconsideration_days: 90 }]) {
    await assert.rejects(insert(2, change), (e: any) => e.code === '23514', JSON.stringify(change))
  }
  // in the version's own transaction an item is accepted, but only within 0–100 %
  await assert.rejects(
    db.tx(async (tx) => {
      await insert(2, {}, tx)
      await tx.query(
        `INSERT INTO random_inspection_item (agency_id, version, seq, name, basis, inspector, targets, content, method, ratio, frequency_times, frequency_period)
         VALUES ($1, 2, 1, '某事项', '某法', '某局', '某对象', '某内容', '双随机', 100.5, 1, '年')`,
        [body.id],
      )
    }),
    (e: any) => e.code === '23514',
  )
  await db.tx(async (tx) => {
    await insert(2, {}, tx)
    await tx.query(
      `INSERT INTO random_inspection_item (agency_id, version, seq, name, basis, inspector, targets, content, method, ratio, frequency_times, frequency_period)
       VALUES ($1, 2, 1, '某事项', '某法', '某局', '某对象', '某内容', '双随机', 100, 1, '年')`,
      [body.id],
    )
  })
  const kept = await db.many(`SELECT version, (SELECT count(*)::int FROM random_inspection_item i WHERE i.agency_id = n.agency_id AND i.version = n.version) AS items
                                FROM agency_notice n WHERE agency_id = $1 ORDER BY version`, [body.id])
  assert.deepEqual(kept.map((k) => [k.version, k.items]), [[1, 2], [2, 1]])
})

test('P-01: the phone rule accepts what agencies publish and refuses the rest', () => {
  for (const ok of ['0878-3123456', '08783123456', '0871-65123456-801', '12345', '12315', '400-123-4567', '13912345678']) assert.ok(NOTICE_PHONE.test(ok), ok)
  for (const bad of ['3123456', '0878-31', '1391234567', 'tel:12345', '12345678901234']) assert.ok(!NOTICE_PHONE.test(bad), bad)
})
