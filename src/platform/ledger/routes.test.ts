import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testBlobs, testDb, testDatabaseUrl } from '../../../test/support.ts'
import { buildApp } from '../http/app.ts'
import { loadConfig } from '../config.ts'
import { ledgerRoutes } from './routes.ts'
import { loadLedger, sequenceAll } from './log.ts'
import { verifyConsistency, verifyInclusion } from './merkle.ts'
import { parseCheckpoint, parseVerifierKey, verifyNote } from './note.ts'
import { formatAddCheckpoint } from './witness.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-ledger-routes-'))
const witnessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-witness-routes-'))
after(() => {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(witnessDir, { recursive: true, force: true })
})
const env = { ZHIFA_DATA_DIR: dir, ZHIFA_LOG_ORIGIN: 'zhifa.test/routes-log' }
const config = { ...loadConfig(env), logLevel: 'silent', databaseUrl: testDatabaseUrl() }
const ledger = loadLedger({ dataDir: dir, origin: config.log.origin, hash: 'sm3' })

test('R-08 public API: checkpoint, public key, inclusion and consistency proofs verify without login', async () => {
  const db = testDb()
  const app = await buildApp({ db, config, blobs: testBlobs() }, [ledgerRoutes])
  try {
    await sequenceAll(db, ledger)
    const before = parseCheckpoint((await app.inject({ method: 'GET', url: '/api/ledger/checkpoint' })).body)!
    const ref = `r${Date.now()}`
    await db.query(`SELECT ledger_enqueue('publication', $1, '{"title":"公示"}'::jsonb)`, [ref])
    await sequenceAll(db, ledger)
    const pk = await app.inject({ method: 'GET', url: '/api/ledger/public-key' })
    assert.equal(pk.statusCode, 200, pk.body)
    const key = parseVerifierKey(pk.body)
    const res = await app.inject({ method: 'GET', url: '/api/ledger/checkpoint' })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /text\/plain/)
    assert.ok(verifyNote(res.body, [key]))
    const cp = parseCheckpoint(res.body)!
    const inc = await app.inject({ method: 'GET', url: `/api/ledger/proof/inclusion?table=publication&id=${ref}` })
    assert.equal(inc.statusCode, 200, inc.body)
    const p = inc.json()
    const proof = p.proof.map((x: string) => Buffer.from(x, 'base64'))
    assert.ok(verifyInclusion('sm3', Buffer.from(p.leafHash, 'base64'), p.index, p.treeSize, proof, parseCheckpoint(p.checkpoint)!.root))
    assert.equal('content' in p, false, 'the record content is not published')
    const con = await app.inject({ method: 'GET', url: `/api/ledger/proof/consistency?from=${before.size}&to=${cp.size}` })
    assert.equal(con.statusCode, 200, con.body)
    const c = con.json()
    assert.ok(verifyConsistency('sm3', before.size, cp.size, c.proof.map((x: string) => Buffer.from(x, 'base64')), before.root, cp.root))
    const bad = await app.inject({ method: 'GET', url: `/api/ledger/proof/consistency?from=5&to=${cp.size + 10}` })
    assert.equal(bad.statusCode, 400)
    assert.equal(bad.json().code, 'LEDGER_RANGE')
    assert.equal((await app.inject({ method: 'GET', url: '/api/ledger/proof/inclusion?table=publication&id=none' })).statusCode, 404)
  } finally {
    await app.close()
  }
})

test('R-08 witness endpoint: another instance cosigns this log and refuses a stale request', async () => {
  const db = testDb()
  const witnessConfig = {
    ...loadConfig({ ZHIFA_DATA_DIR: witnessDir, ZHIFA_WITNESS_NAME: 'sfj.test/witness', ZHIFA_WITNESS_LOGS: `${ledger.publicKeyText} sm3` }),
    logLevel: 'silent',
    databaseUrl: testDatabaseUrl(),
  }
  const witness = await buildApp({ db, config: witnessConfig, blobs: testBlobs() }, [ledgerRoutes])
  try {
    await db.query(`SELECT ledger_enqueue('publication', $1, '{}'::jsonb)`, [`w${Date.now()}`])
    await sequenceAll(db, ledger)
    const note = (await db.one(`SELECT note FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1`)).note as string
    const post = (body: string) => witness.inject({ method: 'POST', url: '/api/witness/add-checkpoint', headers: { 'content-type': 'text/plain' }, payload: body })
    const ok = await post(formatAddCheckpoint({ oldSize: 0, proof: [], note }))
    assert.equal(ok.statusCode, 200, ok.body)
    assert.match(ok.body, /^— sfj\.test\/witness /)
    const stale = await post(formatAddCheckpoint({ oldSize: 0, proof: [], note }))
    assert.equal(stale.statusCode, 409)
    assert.equal(stale.json().code, 'WITNESS_OLD_SIZE_MISMATCH')
    assert.equal((await post('nonsense')).statusCode, 400)
  } finally {
    await witness.close()
  }
})
