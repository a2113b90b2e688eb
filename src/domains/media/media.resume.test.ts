// R-07 / N-04: an upload survives `kill -9` of the server and resumes from the same URL
// (64 MiB here; `node --import tsx test/long/media-resume.ts --size 2GiB` is the long run).
// The child server always runs on its own embedded database, on both CI passes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runResume } from '../../../test/long/media-resume.ts'

test('R-07: a 64 MiB upload interrupted by SIGKILL of the server resumes after a restart with the same upload URL; SHA-256 and SM3 equal sha256sum and openssl', async () => {
  const report = await runResume({ sizeBytes: 64 * 1024 * 1024 })
  assert.ok(report.keptBytes >= report.chunkBytes, 'at least the chunks acknowledged before the kill were kept')
  assert.ok(report.keptBytes <= report.sentBeforeKill)
})
