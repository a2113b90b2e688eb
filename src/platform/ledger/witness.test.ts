import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MemoryTree } from './merkle.ts'
import { checkpointBody, ed25519Signer, signNote, verifyNote } from './note.ts'
import { createWitness, fileStore, formatAddCheckpoint, parseAddCheckpoint, type AddCheckpoint } from './witness.ts'

const log = ed25519Signer('zhifa.test/log', crypto.generateKeyPairSync('ed25519').privateKey)

function tree(n: number, forgeAt = -1): MemoryTree {
  const t = new MemoryTree('sm3')
  for (let i = 0; i < n; i++) t.append(Buffer.from(i === forgeAt ? `forged ${i}` : `entry ${i}`))
  return t
}
const note = (t: MemoryTree, signer = log) => signNote(checkpointBody({ origin: 'zhifa.test/log', size: t.size, root: t.root() }), [signer])

test('R-08 witness: cosigns a growing log and refuses a rewritten, smaller or badly signed one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-witness-'))
  try {
    const key = crypto.generateKeyPairSync('ed25519').privateKey
    const make = () =>
      createWitness({ name: 'sfj.test/witness', privateKey: key, logs: [{ origin: 'zhifa.test/log', verifier: log.verifier, hash: 'sm3' }], store: fileStore(path.join(dir, 'state.json')) })
    const w = make()
    const t5 = tree(5)
    const first = w.addCheckpoint({ oldSize: 0, proof: [], note: note(t5) })
    assert.ok(first.ok, JSON.stringify(first))
    assert.deepEqual(verifyNote(note(t5) + first.cosignature, [log.verifier, w.verifier])?.verifiedBy, ['zhifa.test/log', 'sfj.test/witness'])
    const t8 = tree(8)
    // Through the wire format, and with state read back from the file by a new instance.
    const req: AddCheckpoint = parseAddCheckpoint(formatAddCheckpoint({ oldSize: 5, proof: t8.consistencyProof(5), note: note(t8) }))!
    assert.ok(make().addCheckpoint(req).ok)

    // Rewritten history of the same size: refused.
    const forged8 = tree(8, 2)
    const same = w.addCheckpoint({ oldSize: 8, proof: [], note: note(forged8) })
    assert.equal(same.ok, false)
    assert.equal(!same.ok && same.code, 'INCONSISTENT')
    // Rewritten and larger: its own consistency proof does not lead from the cosigned root.
    const forged12 = tree(12, 6)
    const larger = w.addCheckpoint({ oldSize: 8, proof: forged12.consistencyProof(8), note: note(forged12) })
    assert.equal(!larger.ok && larger.code, 'INCONSISTENT')
    // Smaller.
    const smaller = w.addCheckpoint({ oldSize: 8, proof: [], note: note(tree(6)) })
    assert.equal(!smaller.ok && smaller.code, 'SMALLER')
    // Badly signed (another key under the log's name).
    const impostor = ed25519Signer('zhifa.test/log', crypto.generateKeyPairSync('ed25519').privateKey)
    const t9 = tree(9)
    const bad = w.addCheckpoint({ oldSize: 8, proof: t9.consistencyProof(8), note: note(t9, impostor) })
    assert.equal(!bad.ok && bad.code, 'BAD_SIGNATURE')
    // Wrong old size.
    const stale = w.addCheckpoint({ oldSize: 5, proof: t9.consistencyProof(5), note: note(t9) })
    assert.equal(!stale.ok && stale.code, 'OLD_SIZE_MISMATCH')
    // The honest next step still works.
    assert.ok(w.addCheckpoint({ oldSize: 8, proof: t9.consistencyProof(8), note: note(t9) }).ok)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
