import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../test/support.ts'
import { day, makeCaseWorld, type CaseWorld, type Member } from '../domains/cases/approvals.test-world.ts'
import { insertCertificate, insertPerson } from '../domains/people/test-world.ts'
import { searchPublications } from '../domains/disclosure/search.ts'
import { todayInChina } from '../platform/clock.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld
let discloser: Member
const onSite: string[] = []
/** publication id and public id per product word of the decision's facts */
const pubs: Record<string, { id: string; publicId: string }> = {}
const WORDS = ['榴莲', '螺蛳粉', '菌菇'] as const

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
  discloser = await w.member(['disclosure'])
  for (let i = 0; i < 2; i++) {
    const id = await insertPerson(db, w.agency.id)
    await insertCertificate(db, id, { validFrom: '2024-01-01', validTo: '2028-12-31' })
    onSite.push(id)
  }
  for (const [i, word] of WORDS.entries()) {
    const c = await w.newCase('处罚-简易', { partyName: '李小明', summary: '销售过期食品' })
    await w.ok(c.id, { type: '现场处罚决定', actedOn: day(-i), officers: onSite, data: { documentNo: `SS${i}${Date.now() % 10000}`, penalty: '罚款', fineYuan: 100, facts: `当事人销售过期${word}，联系电话13812345678` } })
    const pub = await db.one<{ id: string; publicId: string }>(`SELECT id, public_id AS "publicId" FROM publication WHERE case_id = $1`, [c.id])
    const res = await w.post(`/api/publications/${pub.id}/publish`, {}, discloser)
    assert.equal(res.statusCode, 201, res.body)
    pubs[word] = pub
  }
  // a decision of an earlier year, for the year-by-year lookup of rare terms
  const old = await w.newCase('处罚-简易', { partyName: '李小明', summary: '销售过期食品' })
  await w.ok(old.id, { type: '现场处罚决定', actedOn: '2025-06-10', officers: onSite, data: { documentNo: `SS9${Date.now() % 10000}`, penalty: '罚款', fineYuan: 100, facts: '当事人销售过期腊肉' } })
  oldPub = await db.one<{ id: string; publicId: string }>(`SELECT id, public_id AS "publicId" FROM publication WHERE case_id = $1`, [old.id])
  const published = await w.post(`/api/publications/${oldPub.id}/publish`, {}, discloser)
  assert.equal(published.statusCode, 201, published.body)
})
let oldPub: { id: string; publicId: string }
after(async () => app.close())

const api = async (query: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/public/publications?agency=${w.agency.id}&${query}` })
  return { status: res.statusCode, body: res.json() }
}
const found = async (q: string) => ((await api(`q=${encodeURIComponent(q)}`)).body.items as { publicId: string }[]).map((i) => i.publicId)

test('P-15: a two-character term finds exactly the decisions whose published text holds it; the portal page links them; masked text is not searchable', async () => {
  assert.deepEqual(await found('榴莲'), [pubs['榴莲']!.publicId])
  assert.deepEqual(await found('蛳粉'), [pubs['螺蛳粉']!.publicId], 'a term inside a word')
  assert.deepEqual((await found('过期')).sort(), [...Object.values(pubs), oldPub].map((p) => p.publicId).sort())
  assert.deepEqual(await found('榴莲 菌菇'), [], 'every term must occur')
  assert.deepEqual(await found('13812345678'), [], 'a masked phone number is not in the index')
  assert.deepEqual(await found('李小明'), [], 'a masked name is not in the index')
  const page = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('菌菇')}&agency=${w.agency.id}` })
  assert.equal(page.statusCode, 200)
  assert.ok(page.body.includes(`/publications/${pubs['菌菇']!.publicId}`))
  assert.ok(!page.body.includes(`/publications/${pubs['榴莲']!.publicId}`))
  assert.ok(!page.body.includes('<script'), 'readable without JavaScript')
  assert.match(page.body, /<form class="search" method="get" action="\/search"/)
})

test('P-15: lists are newest decision first with keyset pages that visit every publication once; both search strategies agree', async () => {
  const seen: string[] = []
  let url: string | null = `/api/public/publications?agency=${w.agency.id}&limit=1`
  for (let i = 0; i < 10 && url; i++) {
    const res: { statusCode: number; body: string; json(): any } = await app.inject({ method: "GET", url })
    assert.equal(res.statusCode, 200, res.body)
    seen.push(...res.json().items.map((h: { publicId: string }) => h.publicId))
    url = res.json().next
  }
  assert.deepEqual(seen, [...WORDS.map((word) => pubs[word]!.publicId), oldPub.publicId], 'decided today, yesterday, the day before, last year')
  const today = todayInChina()
  for (const q of ['过期', '榴莲', '食品']) {
    const viaRecent = await searchPublications(db, { q, agencyId: w.agency.id, limit: 2 }, today)
    const viaIndex = await searchPublications(db, { q, agencyId: w.agency.id, limit: 2 }, today, { recentWindow: 1 })
    assert.deepEqual(viaIndex.items, viaRecent.items, q)
    assert.equal(viaIndex.next, viaRecent.next, q)
  }
  // the index path, a page at a time: this year's matches first, then the earlier year's
  const walked: string[] = []
  let after: string | undefined
  for (let i = 0; i < 6; i++) {
    const p = await searchPublications(db, { q: '过期', agencyId: w.agency.id, limit: 1, after }, today, { recentWindow: 1 })
    walked.push(...p.items.map((h) => h.publicId))
    if (!p.next) break
    after = p.next
  }
  assert.deepEqual(walked, [...WORDS.map((word) => pubs[word]!.publicId), oldPub.publicId])
  assert.deepEqual((await searchPublications(db, { q: '腊肉', agencyId: w.agency.id }, today, { recentWindow: 1 })).items.map((h) => h.publicId), [oldPub.publicId], 'found in an earlier year')
  assert.equal((await searchPublications(db, { q: '过期', agencyId: w.agency.id, limit: 2 }, today)).strategy, 'recent')
  assert.equal((await searchPublications(db, { q: '过期', agencyId: w.agency.id, limit: 2 }, today, { recentWindow: 1 })).strategy, 'index')
  const bad = await api('after=nonsense')
  assert.equal(bad.status, 400)
  assert.equal(bad.body.code, 'BAD_CURSOR')
})

test('P-11 P-15: a correction is found by its new text, the old only while the page shows it; a withdrawn decision is listed as withdrawn and its text leaves the index', async () => {
  const corrected = pubs['榴莲']!
  const res = await w.post(`/api/publications/${corrected.id}/correct`, { text: '当事人销售变质山竹', note: '品名录入有误' }, discloser)
  assert.equal(res.statusCode, 201, res.body)
  assert.deepEqual(await found('山竹'), [corrected.publicId])
  // the old word stays findable exactly as long as the public page still shows it (e.g. in the decision's fields)
  const shown = (await app.inject({ method: 'GET', url: `/publications/${corrected.publicId}` })).body.includes('榴莲')
  assert.deepEqual(await found('榴莲'), shown ? [corrected.publicId] : [])
  const withdrawn = pubs['菌菇']!
  const out = await w.post(`/api/publications/${withdrawn.id}/withdraw`, { reason: '复议机关撤销原决定', trigger: '撤销', triggerDate: day(0) }, discloser)
  assert.equal(out.statusCode, 201, out.body)
  assert.deepEqual(await found('菌菇'), [], 'the withdrawn text is no longer searchable')
  assert.deepEqual(await found('撤销'), [withdrawn.publicId], 'the withdrawal is')
  const page = await app.inject({ method: 'GET', url: `/search?agency=${w.agency.id}` })
  assert.match(page.body, new RegExp(`${withdrawn.publicId}[\\s\\S]*?已撤回`))
  assert.match(page.body, /已更正/)
})

test('P-15: bad input is refused in Chinese and nothing else happens: an empty term, a bad date, an unknown kind', async () => {
  const empty = await api(`q=${encodeURIComponent('，。')}`)
  assert.equal(empty.status, 400)
  assert.equal(empty.body.code, 'SEARCH_QUERY_EMPTY')
  assert.match(empty.body.message, /检索/)
  assert.equal((await api('from=2025-13')).status, 400)
  assert.equal((await api(`kind=${encodeURIComponent('罚没')}`)).status, 400)
  const page = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('！')}` })
  assert.equal(page.statusCode, 400)
  assert.match(page.headers['content-type'] as string, /text\/html/)
  assert.ok(page.body.includes('请输入要检索的汉字、字母或数字'))
})

test('P-15: RSS and JSON feeds carry the latest publications; the sitemap index points to a month file listing each stable URL', async () => {
  const rss = await app.inject({ method: 'GET', url: '/feeds/publications.xml' })
  assert.equal(rss.statusCode, 200)
  assert.match(rss.headers['content-type'] as string, /application\/rss\+xml/)
  assert.match(rss.body, /^<\?xml[\s\S]*<rss version="2.0">[\s\S]*<item>/)
  const feed = await app.inject({ method: 'GET', url: '/feeds/publications.json' })
  const json = feed.json()
  assert.equal(json.version, 'https://jsonfeed.org/version/1.1')
  assert.ok(json.items.length > 0 && json.items.every((i: { url: string }) => /\/publications\/GS/.test(i.url)))
  const index = await app.inject({ method: 'GET', url: '/sitemap.xml' })
  assert.match(index.body, /<sitemapindex/)
  const month = todayInChina().slice(0, 7)
  const decidedMonth = day(-2).slice(0, 7)
  for (const m of new Set([month, decidedMonth])) assert.ok(index.body.includes(`/sitemaps/publications-${m}.xml`), m)
  const file = await app.inject({ method: 'GET', url: `/sitemaps/publications-${decidedMonth}.xml` })
  assert.ok(file.body.includes(`/publications/${pubs['螺蛳粉']!.publicId}`) || decidedMonth !== day(-1).slice(0, 7))
  const pages = await app.inject({ method: 'GET', url: '/sitemaps/pages.xml' })
  assert.match(pages.body, /<loc>[^<]*\/search<\/loc>/)
  assert.equal((await app.inject({ method: 'GET', url: '/sitemaps/other.xml' })).statusCode, 400)
})
