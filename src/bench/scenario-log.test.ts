import { test } from 'node:test'
import assert from 'node:assert/strict'
import { testDb } from '../../test/support.ts'
import { logScenario } from './scenario-log.ts'

test('R-08 log benchmark: batched appends through the sequencer, every timed proof verifies', async () => {
  const r = await logScenario(testDb(), { leaves: 3000, batch: 1000, proofs: 50 })
  assert.ok(r.leaves >= 3000)
  assert.ok(r.appendsPerSecond > 0)
  console.log(`log bench: ${JSON.stringify(r)}`)
})
