import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { testDb } from '../../../test/support.ts'
import { checkSearchQuery, searchTerms, searchVectorLiteral } from './search.ts'

const db = testDb()
after(() => db.close())

// A small alphabet so that random terms often do and often do not occur in random texts;
// punctuation, Latin, digits and full-width forms split the runs.
const CJK = [...'食品安全监督管理局罚款没收违法所得经营许可证']
const OTHER = ['，', '。', '、', ' ', '（', '）', 'A', 'b', '7', 'Ｇ', '５', '\n']
const docArb = fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CJK) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER) }), { maxLength: 120 }).map((a) => a.join(''))
const termArb = fc.array(fc.constantFrom(...CJK), { minLength: 1, maxLength: 4 }).map((a) => a.join(''))

/** What an exact search must answer: the term occurs inside one run of 汉字 of the text. */
const occurs = (doc: string, term: string) => doc.normalize('NFKC').split(/[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/).some((run) => run.includes(term))

test('P-15: a one- to four-character Chinese term matches a text exactly when the text contains it (no false hit, no miss; fast-check)', async () => {
  await fc.assert(
    fc.asyncProperty(docArb, termArb, async (doc, term) => {
      const { rows: [r] } = await db.query('SELECT zh_search_vector($1) @@ zh_search_query($2) AS hit', [doc, term])
      assert.equal(r.hit, occurs(doc, term), `${JSON.stringify(term)} in ${JSON.stringify(doc)}`)
    }),
    { numRuns: 300 },
  )
})

test('P-15: the TypeScript twin builds the same tsvector as zh_search_vector() (fast-check)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(docArb, fc.string({ maxLength: 60 })), async (doc) => {
      const { rows: [r] } = await db.query('SELECT zh_search_vector($1) = $2::tsvector AS same, zh_search_vector($1)::text AS db', [doc, searchVectorLiteral(doc)])
      assert.ok(r.same, `${JSON.stringify(doc)}: database ${r.db}, twin ${searchVectorLiteral(doc)}`)
    }),
    { numRuns: 200 },
  )
})

test('P-15: every term of a query must occur; Latin and digit runs are whole words, full-width forms fold to ASCII', async () => {
  const text = '楚雄市市场监督管理局对某某食品有限公司销售不符合GB2760-2014的食品，罚款5000元。'
  const hit = async (q: string) => (await db.query('SELECT zh_search_vector($1) @@ zh_search_query($2) AS hit', [text, q])).rows[0].hit
  assert.equal(await hit('食品 罚款'), true)
  assert.equal(await hit('食品 吊销'), false, 'both terms are needed')
  assert.equal(await hit('ＧＢ２７６０'), true, 'full-width folds to gb2760')
  assert.equal(await hit('gb2760 5000'), true)
  assert.equal(await hit('2760'), false, 'a digit run is a whole word, not a substring')
  assert.equal(await hit('品罚'), false, 'a term does not run across the text\'s punctuation (食品，罚款)')
  assert.equal(await hit('品，罚'), true, 'punctuation in a query separates terms')
  assert.equal(await hit('元'), true, 'the last character of a run is found alone')
})

test('P-15: a query must hold something searchable and at most 100 characters; the refusal is in Chinese', () => {
  assert.deepEqual(searchTerms('  食品，安全 GB2760 '), ['食品', '安全', 'gb2760'])
  assert.equal(checkSearchQuery('  罚款 '), '罚款')
  assert.throws(() => checkSearchQuery('，。！ '), (e: any) => e.code === 'SEARCH_QUERY_EMPTY' && /检索/.test(e.message))
  assert.throws(() => checkSearchQuery('食'.repeat(101)), (e: any) => e.code === 'SEARCH_QUERY_TOO_LONG')
})
