// X-02 on the demo data: a fresh database gets the demo (N-01), its decided cases are published
// and exported, and the export is checked as a credit platform would check it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { freshDatabase } from '../../../../test/support.ts'
import { migrate } from '../../../platform/db/migrate.ts'
import { createDb, type Db } from '../../../platform/db/pool.ts'
import { findUserById } from '../../../platform/access/sessions.ts'
import { todayInChina } from '../../../platform/clock.ts'
import { seedDemoIfEmpty } from '../../../seed/demo.ts'
import { publishPublication } from '../publications.ts'
import { exportRows, toCsv, toXlsx } from './export.ts'
import { CSV_TYPE, validateFile, XLSX_TYPE } from './import.ts'
import type { ExchangeKind } from './fields.ts'


let database: { url: string; drop(): Promise<void> }
let db: Db
const published: { kind: string; partyKind: string; party: string }[] = []

before(async () => {
  database = await freshDatabase('exchange_demo')
  await migrate(database.url)
  db = createDb(database.url, { max: 4 })
  await seedDemoIfEmpty(db)
  const { id } = await db.one<{ id: string }>(`SELECT id FROM app_user WHERE username = 'disclosure'`)
  const officer = (await findUserById(db, id))!
  const drafts = await db.many<{ id: string; kind: string; partyKind: string; party: string }>(
    `SELECT p.id, p.kind, c.party_kind AS "partyKind", c.party_name AS party FROM publication p JOIN enforcement_case c ON c.id = p.case_id
      WHERE p.kind IN ('处罚', '许可') ORDER BY p.decided_on`,
  )
  for (const d of drafts) {
    await publishPublication(db, officer, d.id, {})
    published.push(d)
  }
})

after(async () => {
  await db?.close()
  await database?.drop()
})

test('X-02 / N-01: the demo\'s decided cases are published and round-trip through CSV and XLSX; and re-import with no errors', async () => {
  // the demo decides two penalties (a 普通程序 decision for an organisation, a 简易程序 fine for a citizen) and no licence
  assert.deepEqual(published.map((p) => `${p.kind} ${p.partyKind}`).sort(), ['处罚 citizen', '处罚 organisation'])
  const { id } = await db.one<{ id: string }>(`SELECT id FROM app_user WHERE username = 'supervisor'`)
  const supervisor = (await findUserById(db, id))!
  const today = todayInChina()
  for (const kind of ['处罚', '许可'] as ExchangeKind[]) {
    const rows = await exportRows(db, supervisor, { kind })
    assert.equal(rows.length, published.filter((p) => p.kind === kind).length)
    for (const [file, type] of [[await toCsv(kind, rows), CSV_TYPE], [await toXlsx(kind, rows), XLSX_TYPE]] as const) {
      const result = await validateFile(file, type, today)
      assert.equal(result.rows, rows.length)
      assert.deepEqual(result.errors, [], JSON.stringify(result.errors))
    }
  }
})
