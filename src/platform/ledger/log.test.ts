import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testApp, testDb, testDatabaseUrl } from '../../../test/support.ts'
import { createDb } from '../db/pool.ts'
import { makeCaseWorld, day } from '../../domains/cases/approvals.test-world.ts'
import { canonicalRecordBytes } from './canonical.ts'
import { consistency, inclusionFor, loadLedger, sequenceAll } from './log.ts'
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.ts'
import { parseCheckpoint, verifyNote } from './note.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-ledger-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))
const ledger = loadLedger({ dataDir: dir, origin: 'zhifa.test/ledger', hash: 'sm3' })

test('R-08: a case action recorded through the API is a leaf with a verifying inclusion proof under a signed checkpoint', async () => {
  const db = testDb()
  const app = await testApp()
  const w = await makeCaseWorld(db, app)
  const c = await w.newCase()
  const action = await w.ok(c.id, { type: '案源登记', actedOn: day(-6) })
  // The insert trigger queued it in the same transaction.
  const queued = await db.query(`SELECT 1 FROM ledger_queue WHERE kind = 'case_action' AND ref_id = $1`, [action.id])
  assert.equal(queued.rowCount, 1)
  await sequenceAll(db, ledger)
  const inc = await inclusionFor(db, { table: 'case_action', id: action.id })
  assert.ok(inc, 'action is in the log')
  const note = verifyNote(inc.checkpoint, [ledger.signer.verifier])
  assert.ok(note, 'checkpoint signature verifies')
  const cp = parseCheckpoint(note.text)!
  assert.equal(cp.size, inc.treeSize)
  // The leaf is recomputable from the row itself.
  const row = await db.one(`SELECT to_jsonb(a) AS j FROM case_action a WHERE id = $1`, [action.id])
  const leaf = leafHash('sm3', canonicalRecordBytes('case_action', row.j))
  assert.deepEqual(leaf, inc.leafHash)
  assert.ok(verifyInclusion('sm3', leaf, inc.index, inc.treeSize, inc.proof, cp.root))
  assert.equal(verifyInclusion('sm3', leaf, inc.index, inc.treeSize, inc.proof, Buffer.alloc(32)), false)
  await app.close()
})

test('R-08: consistency between two checkpoints; ledger_enqueue for other kinds', async () => {
  const db = testDb()
  await sequenceAll(db, ledger)
  const first = parseCheckpoint((await db.one(`SELECT note FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1`)).note)!
  for (let i = 0; i < 37; i++) await db.query(`SELECT ledger_enqueue('publication', $1, $2::jsonb)`, [`p${i}-${Date.now()}`, JSON.stringify({ i })])
  await sequenceAll(db, ledger, { batch: 10 })
  const second = parseCheckpoint((await db.one(`SELECT note FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1`)).note)!
  assert.ok(second.size >= first.size + 37)
  const p = await consistency(db, first.size, second.size)
  assert.ok(p)
  assert.deepEqual(p.root1, first.root)
  assert.deepEqual(p.root2, second.root)
  assert.ok(verifyConsistency('sm3', first.size, second.size, p.proof, first.root, second.root))
  // Every leaf of the batch proves under the new checkpoint.
  for (let i = first.size; i < second.size; i += 7) {
    const inc = (await inclusionFor(db, { index: i }))!
    assert.ok(verifyInclusion('sm3', inc.leafHash, i, inc.treeSize, inc.proof, parseCheckpoint(inc.checkpoint)!.root), `leaf ${i}`)
  }
})

test('R-08: the log tables refuse change and gaps; a queue entry leaves only as a leaf', async () => {
  const db = testDb()
  await sequenceAll(db, ledger)
  const owner = createDb(testDatabaseUrl(), { role: 'zhifa_owner', max: 1 })
  try {
    await assert.rejects(owner.query(`UPDATE ledger_leaf SET kind = 'x'`), /只追加/)
    await assert.rejects(owner.query(`DELETE FROM ledger_node`), /只追加/)
    await assert.rejects(owner.query(`UPDATE ledger_checkpoint SET note = ''`), /只追加/)
  } finally {
    await owner.close()
  }
  await assert.rejects(db.query(`UPDATE ledger_leaf SET kind = 'x'`), /只追加|permission denied/)
  await db.tx(async (tx) => {
    const { rows } = await tx.query(`SELECT ledger_enqueue('publication', 'x', '{}') AS seq`)
    await assert.rejects(tx.query(`DELETE FROM ledger_queue WHERE seq = $1`, [rows[0].seq]), /未入日志/)
  }).catch(() => {})
  await assert.rejects(
    db.query(`INSERT INTO ledger_leaf (idx, kind, ref_id, content, content_hash, leaf_hash, queue_seq, enqueued_at)
      VALUES (999999999, 'x', 'x', '{}', $1, $1, -1, now())`, [Buffer.alloc(32)]),
    /连续/,
  )
})

test('R-08: a row rewritten by the owner with triggers disabled no longer matches its logged leaf', async () => {
  const db = testDb()
  const app = await testApp()
  const w = await makeCaseWorld(db, app)
  const c = await w.newCase()
  const action = await w.ok(c.id, { type: '案源登记', actedOn: day(-6), data: {} })
  await sequenceAll(db, ledger)
  const logged = (await inclusionFor(db, { table: 'case_action', id: action.id }))!
  const owner = createDb(testDatabaseUrl(), { role: null, max: 1 })
  try {
    await owner.tx(async (tx) => {
      await tx.query('SET LOCAL ROLE zhifa_owner')
      await tx.query('ALTER TABLE case_action DISABLE TRIGGER case_action_append_only')
      await tx.query(`UPDATE case_action SET acted_on = acted_on - 1 WHERE id = $1`, [action.id])
      const { rows } = await tx.query(`SELECT to_jsonb(a) AS j FROM case_action a WHERE id = $1`, [action.id])
      const recomputed = leafHash('sm3', canonicalRecordBytes('case_action', rows[0].j))
      assert.notDeepEqual(recomputed, logged.leafHash, 'the rewrite is detected')
      throw new Error('rollback')
    }).catch((e) => {
      if ((e as Error).message !== 'rollback') throw e
    })
  } finally {
    await owner.close()
    await app.close()
  }
})
