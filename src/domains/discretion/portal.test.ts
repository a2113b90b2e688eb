import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDb, testApp, makeOrg, uid, dayFromToday } from '../../../test/support.ts'
import { publishVersion, saveDraft, SAMPLE_VIOLATION } from './sample.ts'

const db = testDb()
const app = await testApp()
after(async () => { await app.close(); await db.close() })

test('D-01 / 处罚法34: the portal shows a published 基准 with its bases, tiers and lists, and never a draft', async () => {
  const region = await makeOrg(db)
  const agency = await makeOrg(db, { parent: region, name: uid('公布机关') })
  const publishedTitle = uid('公布的基准')
  const draftTitle = uid('草稿基准')
  const pub = await saveDraft(db, { agencyId: agency.id, code: uid('P').toUpperCase(), domain: '市场监管', title: publishedTitle, violations: [SAMPLE_VIOLATION] })
  await db.query(
    `INSERT INTO discretion_violation (standard_id, version, code, title, violation_basis, penalty_basis, first_violation_exempt, minor_exempt)
     VALUES ($1, $2, 'SP-FW-1', '未按规定公示食品经营许可证', '《食品经营许可和备案管理办法》第三十九条', '《食品经营许可和备案管理办法》第六十三条', true, false)`, [pub.standardId, pub.version])
  await publishVersion(db, pub.standardId, pub.version, dayFromToday(-1))
  const draft = await saveDraft(db, { agencyId: agency.id, code: uid('D').toUpperCase(), domain: '市场监管', title: draftTitle, violations: [SAMPLE_VIOLATION] })
  // a newer draft of the published standard stays off the portal too
  await saveDraft(db, { agencyId: agency.id, code: (await db.query(`SELECT code FROM discretion_standard WHERE id = $1`, [pub.standardId])).rows[0].code, domain: '市场监管', title: publishedTitle,
    violations: [{ ...SAMPLE_VIOLATION, title: '草稿中的违法行为' }] })
  const future = await saveDraft(db, { agencyId: agency.id, code: uid('F').toUpperCase(), domain: '市场监管', title: uid('未施行基准'), violations: [SAMPLE_VIOLATION] })
  await publishVersion(db, future.standardId, future.version, dayFromToday(30))

  const list = await app.inject({ method: 'GET', url: '/discretion' })
  assert.equal(list.statusCode, 200)
  assert.match(list.headers['content-type'] as string, /text\/html/)
  assert.ok(list.body.includes(publishedTitle))
  assert.ok(list.body.includes(`/discretion/${pub.standardId}`))
  assert.ok(list.body.includes('<h2 id="domain-'))
  assert.ok(!list.body.includes(draftTitle), 'a draft never shows')
  assert.ok(!list.body.includes(future.standardId), 'a version not yet in force does not show')

  const one = await app.inject({ method: 'GET', url: `/discretion/${pub.standardId}` })
  assert.equal(one.statusCode, 200)
  for (const text of ['《中华人民共和国食品安全法》第三十四条', '《中华人民共和国食品安全法》第一百二十四条第一款', '从轻', '主动消除或者减轻违法后果',
    '罚款50000元以上65000元以下', '罚款85000元以上100000元以下', '吊销许可证', '首违不罚清单', '未按规定公示食品经营许可证', agency.name]) {
    assert.ok(one.body.includes(text), text)
  }
  assert.ok(!one.body.includes('轻微违法免罚清单'), 'a list the data does not hold is not shown')
  assert.ok(!one.body.includes('草稿中的违法行为'), 'the newer draft is not shown')
  assert.ok(!/<script/i.test(one.body), 'readable without JavaScript')
  assert.equal((await app.inject({ method: 'GET', url: `/discretion/${draft.standardId}` })).statusCode, 404)
  assert.equal((await app.inject({ method: 'GET', url: '/discretion/not-a-uuid' })).statusCode, 404)
})
