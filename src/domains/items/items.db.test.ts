import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDb, makeOrg, makeUser, uid } from '../../../test/support.ts'

const db = testDb()
after(() => db.close())

async function world() {
  const region = await makeOrg(db)
  const agency = await makeOrg(db, { parent: region })
  const unit = await makeOrg(db, { parent: agency, kind: 'unit' })
  const other = await makeOrg(db, { parent: region })
  const drafter = await makeUser(db, { org: agency, roles: ['admin'] })
  const legal = await makeUser(db, { org: agency, roles: ['reviewer'] })
  const legal2 = await makeUser(db, { org: agency, roles: ['reviewer'] })
  const officer = await makeUser(db, { org: agency, roles: ['officer'] })
  const otherLegal = await makeUser(db, { org: other, roles: ['reviewer'] })
  const { rows: [item] } = await db.query(`INSERT INTO enforcement_item (agency_id, code) VALUES ($1, $2) RETURNING id`, [agency.id, uid('XK')])
  return { region, agency, unit, other, drafter, legal, legal2, officer, otherLegal, itemId: item.id as string }
}

const BASIS = JSON.stringify([{ law: '中华人民共和国食品安全法', article: '第三十五条' }])

function insertVersion(w: Awaited<ReturnType<typeof world>>, version: number, opts: { basis?: string; by?: string; type?: string; guide?: object | null } = {}) {
  return db.query(
    `INSERT INTO enforcement_item_version (item_id, version, name, type, body_id, unit_id, basis, time_limit, time_limit_unit, guide, drafted_by)
     VALUES ($1, $2, '食品经营许可', $3, $4, $5, $6, 20, '工作日', $7, $8)`,
    [w.itemId, version, opts.type ?? '行政检查', w.agency.id, w.unit.id, opts.basis ?? BASIS, opts.guide === undefined ? null : JSON.stringify(opts.guide), opts.by ?? w.drafter.id])
}
const review = (w: { itemId: string }, version: number, event: string, actor: string, comment: string | null = null) =>
  db.query(`INSERT INTO enforcement_item_review (item_id, version, event, actor_id, comment) VALUES ($1, $2, $3, $4, $5)`, [w.itemId, version, event, actor, comment])
const published = async (itemId: string) => (await db.query(`SELECT version FROM enforcement_item_published WHERE item_id = $1`, [itemId])).rows[0]?.version

test('P-02: the database refuses a basis entry without an article, and an article that is not 第…条', async () => {
  const w = await world()
  for (const basis of [
    [{ law: '中华人民共和国食品安全法' }],
    [{ law: '中华人民共和国食品安全法', article: '' }],
    [{ law: '中华人民共和国食品安全法', article: '有关规定' }],
    [{ law: '', article: '第三十五条' }],
    [],
  ]) await assert.rejects(insertVersion(w, 1, { basis: JSON.stringify(basis) }), /enforcement_item_version_basis/, JSON.stringify(basis))
  await insertVersion(w, 1, { basis: JSON.stringify([{ law: '中华人民共和国食品安全法', article: '第三十五条第一款' }, { law: '食品经营许可和备案管理办法', article: '第10条' }]) })
})

test('P-02: approval in the database: only the agency\'s legal unit, never the drafter; a draft is never published', async () => {
  const w = await world()
  await insertVersion(w, 1, { by: w.legal.id })
  await assert.rejects(review(w, 1, 'approved', w.legal2.id), /不在待审核/)
  await review(w, 1, 'submitted', w.legal.id)
  await assert.rejects(insertVersion(w, 2), /正在法制审核中/)
  await assert.rejects(review(w, 1, 'approved', w.legal.id), /起草人不得审核/)
  await assert.rejects(review(w, 1, 'approved', w.officer.id), /法制机构/)
  await assert.rejects(review(w, 1, 'approved', w.otherLegal.id), /法制机构/)
  await assert.rejects(review(w, 1, 'approved', w.drafter.id), /法制机构/)
  await assert.rejects(review(w, 1, 'returned', w.legal2.id, ''), /check/)
  assert.equal(await published(w.itemId), undefined)
  await review(w, 1, 'approved', w.legal2.id)
  assert.equal(await published(w.itemId), 1)
  await assert.rejects(review(w, 1, 'approved', w.legal2.id))
})

test('P-02: versions, items and review events are append-only for the app role; version numbers have no gaps', async () => {
  const w = await world()
  await insertVersion(w, 1)
  await review(w, 1, 'submitted', w.drafter.id)
  await assert.rejects(insertVersion(w, 3), /版本号/)
  for (const sql of [
    `UPDATE enforcement_item_version SET name = '改' WHERE item_id = $1`,
    `DELETE FROM enforcement_item_version WHERE item_id = $1`,
    `UPDATE enforcement_item_review SET event = 'approved' WHERE item_id = $1`,
    `DELETE FROM enforcement_item_review WHERE item_id = $1`,
    `UPDATE enforcement_item SET code = 'X' WHERE id = $1`,
    `DELETE FROM enforcement_item WHERE id = $1`,
  ]) await assert.rejects(db.query(sql, [w.itemId]), /permission denied|只追加/, sql)
})

test('P-02 / P-03: a 行政许可 version is not approved without its 服务指南; the 承办机构 is a unit of the agency', async () => {
  const w = await world()
  await insertVersion(w, 1, { type: '行政许可' })
  await review(w, 1, 'submitted', w.drafter.id)
  await assert.rejects(review(w, 1, 'approved', w.legal.id), /服务指南/)
  await review(w, 1, 'returned', w.legal.id, '请补充服务指南')
  await assert.rejects(review(w, 1, 'submitted', w.drafter.id), /已提交过/)
  const otherUnit = await makeOrg(db, { parent: w.other, kind: 'unit' })
  await assert.rejects(db.query(
    `INSERT INTO enforcement_item_version (item_id, version, name, type, body_id, unit_id, basis, time_limit, time_limit_unit, drafted_by)
     VALUES ($1, 2, '食品经营许可', '行政许可', $2, $3, $4, 20, '工作日', $5)`, [w.itemId, w.agency.id, otherUnit.id, BASIS, w.drafter.id]), /内设机构/)
  await insertVersion(w, 2, { type: '行政许可', guide: { acceptingBody: '政务服务中心' } })
  await review(w, 2, 'submitted', w.drafter.id)
  await review(w, 2, 'approved', w.legal.id)
  assert.equal(await published(w.itemId), 2)
})

test('P-04: the item types map to the same case kinds in the database and in rules.ts, and every mapped kind has a stage model', async () => {
  const { CASE_KINDS_OF_TYPE, ITEM_TYPES } = await import('./rules.ts')
  const { rows: types } = await db.query<{ type: string }>(`SELECT type FROM enforcement_item_type ORDER BY sort`)
  assert.deepEqual(types.map((t) => t.type), [...ITEM_TYPES])
  const { rows } = await db.query<{ type: string; case_kind: string }>(`SELECT type, case_kind FROM enforcement_item_type_kind`)
  for (const type of ITEM_TYPES) {
    assert.deepEqual(rows.filter((r) => r.type === type).map((r) => r.case_kind).sort(), [...CASE_KINDS_OF_TYPE[type]].sort(), type)
  }
  const { rows: models } = await db.query<{ kind: string }>(`SELECT DISTINCT kind FROM case_action_type`)
  for (const r of rows) assert.ok(models.some((m) => m.kind === r.case_kind), `${r.case_kind} has a stage model to draw`)
})
