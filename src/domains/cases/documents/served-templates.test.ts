// P-06: documents served on the party state 执法事由, 执法依据 and 权利义务. documents.test.ts checks
// the templates in code and the database's CHECK; this walks what is filed, and checks that no
// document addressed to the party is marked as not served (which would let it skip the check).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { testDb } from '../../../../test/support.ts'
import { fileTemplate } from './store.ts'
import { SERVED_ELEMENTS, TEMPLATES, type DocumentTemplate } from './templates.ts'

const db = testDb()
/** 决定书, 通知书, 告知书 and 催告书 are addressed to the party and handed to it. */
const ADDRESSED_TO_PARTY = /(决定书|通知书|告知书|催告书)$/

test('P-06: every template addressed to the party is marked served', () => {
  const addressed = TEMPLATES.filter((t) => ADDRESSED_TO_PARTY.test(t.name))
  assert.ok(addressed.length >= 13)
  for (const t of addressed) assert.equal(t.served, true, `${t.name} is served on the party`)
})

test('P-06: every served template version filed with the 司法局 states 执法事由, 执法依据 and 权利义务, each under its heading', async () => {
  await db.tx(async (tx) => {
    for (const t of TEMPLATES) await fileTemplate(tx, t)
  })
  const filed = await db.many<{ kind: string; version: number; name: string; served: boolean; covers: string[]; definition: DocumentTemplate }>(
    `SELECT kind, version, name, served, covers, definition FROM document_template`,
  )
  const served = filed.filter((f) => f.served)
  assert.ok(served.length >= TEMPLATES.filter((t) => t.served).length)
  for (const f of filed) {
    if (ADDRESSED_TO_PARTY.test(f.name)) assert.equal(f.served, true, `${f.name} v${f.version} filed as served`)
    if (!f.served) continue
    for (const element of SERVED_ELEMENTS) {
      assert.ok(f.covers.includes(element), `${f.name} v${f.version} covers ${element}`)
      const section = f.definition.sections.find((s) => s.covers?.includes(element))
      assert.ok(section && section.heading.trim().length > 0, `${f.name} v${f.version}: ${element} has a heading`)
      // the 决定书 of 处罚法59 is laid out by penaltyDecisionBlocks, which fills these sections from the case
      if (f.definition.layout === 'generic') assert.ok(section.paragraphs.some((p) => p.trim().length > 0), `${f.name} v${f.version}: ${element} has text`)
    }
  }
})
