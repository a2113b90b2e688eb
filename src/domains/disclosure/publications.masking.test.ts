import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../../test/support.ts'
import { day, makeCaseWorld, type CaseWorld, type Member } from '../cases/approvals.test-world.ts'
import { leaks, sampleArb } from './mask.corpus.ts'

const db = testDb()
let app: FastifyInstance
let w: CaseWorld
let officer: Member

before(async () => {
  app = await testApp()
  w = await makeCaseWorld(db, app)
  officer = await w.member(['disclosure'])
})
after(async () => app.close())

const party = '张伟'
const thirdPersons = ['李秀英', '王强', '赵敏']
const RUNS = 220

/** The text of the page a visitor reads: tags dropped, entities decoded. */
const visibleText = (page: string) =>
  page.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')

test(`P-10: ${RUNS} generated tricky texts published as corrections: the portal page never shows a natural person's ID number, phone, address, bank account or name`, async () => {
  const c = await w.newCase('处罚-简易', { partyName: party, summary: '占道经营' })
  await w.ok(c.id, { type: '现场处罚决定', actedOn: day(0), officers: w.people.slice(0, 2), data: { penalty: '罚款', fineYuan: 100, documentNo: 'JY-M1', persons: thirdPersons.join('、') } })
  const pub = await db.one<{ id: string; publicId: string }>(`SELECT id, public_id AS "publicId" FROM publication WHERE case_id = $1`, [c.id])
  const published = await w.post(`/api/publications/${pub.id}/publish`, {}, officer)
  assert.equal(published.statusCode, 201, published.body)

  const samples = fc.sample(sampleArb([party, ...thirdPersons]), { numRuns: RUNS, seed: 4242 })
  let secrets = 0
  for (const [i, sample] of samples.entries()) {
    const res = await w.post(`/api/publications/${pub.id}/correct`, { text: sample.text, note: `第${i + 1}次更正` }, officer)
    assert.equal(res.statusCode, 201, res.body)
    const page = await app.inject({ method: 'GET', url: `/publications/${pub.publicId}` })
    assert.equal(page.statusCode, 200)
    const leaked = leaks(visibleText(page.body), sample.secrets)
    assert.deepEqual(leaked, [], `text: ${sample.text}`)
    assert.deepEqual(leaks(page.body, sample.secrets), [])
    secrets += sample.secrets.length
  }
  assert.ok(secrets >= RUNS, `the corpus carries secrets (${secrets})`)
  // and the stored versions hold masked text only: the original stays in the case
  const all = samples.flatMap((s) => s.secrets)
  const bodies = await db.many<{ body: string; title: string }>(`SELECT body, title FROM publication_version WHERE publication_id = $1`, [pub.id])
  assert.equal(bodies.length, RUNS + 1)
  assert.deepEqual(leaks(bodies.map((b) => `${b.title}\n${b.body}`).join('\n'), all), [])
})
