import { test } from 'node:test'
import assert from 'node:assert/strict'
import { testDb, DB_KIND } from '../../../test/support.ts'
import { audit } from './audit.ts'

test(`F-06: the app role can append audit events but not change or delete them (${DB_KIND})`, async () => {
  const db = testDb()
  await audit(db, { action: 'test.append', detail: { n: 1 } })
  const { id } = await db.one(`SELECT id FROM audit_event WHERE action = 'test.append' ORDER BY id DESC LIMIT 1`)
  await assert.rejects(db.query(`UPDATE audit_event SET action = 'x' WHERE id = $1`, [id]), /permission denied|不得修改/)
  await assert.rejects(db.query(`DELETE FROM audit_event WHERE id = $1`, [id]), /permission denied|不得修改/)
  const { current_user } = await db.one('SELECT current_user')
  assert.equal(current_user, 'zhifa_app')
  const still = await db.one(`SELECT action FROM audit_event WHERE id = $1`, [id])
  assert.equal(still.action, 'test.append')
})

test('F-06: even the owner role cannot rewrite the audit log (trigger)', async () => {
  const db = testDb()
  await assert.rejects(
    db.tx(async (tx) => {
      await tx.query('RESET ROLE')
      await tx.query('SET LOCAL ROLE zhifa_owner')
      await tx.query(`DELETE FROM audit_event`)
    }),
    /只追加表|permission denied/,
  )
})
