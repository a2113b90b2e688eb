// N-02 / R-07: one writer per upload across app servers.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { ERRORS } from '@tus/utils'
import { DB_KIND, testDatabaseUrl } from '../../../test/support.ts'
import { uploadLocker } from './upload-lock.ts'

const SKIP = DB_KIND === 'postgres' ? false : 'embedded: one process, the in-process lock is the lock (PGlite\'s connections share one session); this runs with ZHIFA_TEST_DB=postgres'
const lockers: ReturnType<typeof uploadLocker>[] = []
after(async () => {
  for (const l of lockers) await l.close()
})

test('N-02 an upload locked by one app server is not written by another until the first lets go', { skip: SKIP }, async () => {
  const [a, b] = [uploadLocker(testDatabaseUrl()), uploadLocker(testDatabaseUrl())]
  lockers.push(a, b)
  const id = crypto.randomBytes(16).toString('hex')
  const first = a.locker.newLock(id)
  await first.lock(new AbortController().signal, () => {})

  // the other server gives up when its request is aborted, with the tus lock timeout
  const stop = new AbortController()
  setTimeout(() => stop.abort(), 400)
  await assert.rejects(b.locker.newLock(id).lock(stop.signal, () => {}), (e) => e === ERRORS.ERR_LOCK_TIMEOUT)

  // it waits while the first holds the lock and gets it once the first unlocks
  const second = b.locker.newLock(id)
  let got = false
  const waiting = second.lock(new AbortController().signal, () => {}).then(() => (got = true))
  await new Promise((resolve) => setTimeout(resolve, 300))
  assert.equal(got, false, 'two writers at once')
  await first.unlock()
  await waiting
  assert.equal(got, true)
  // another upload is not held up
  const other = a.locker.newLock(crypto.randomBytes(16).toString('hex'))
  await other.lock(new AbortController().signal, () => {})
  await other.unlock()
  await second.unlock()
})
