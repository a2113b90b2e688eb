// R-07 long run: a recording uploaded over tus to a real `zhifa serve`, the server killed
// with SIGKILL halfway through a chunk, started again on the same data directory, and the
// upload resumed from the same upload URL to the end; the stored SHA-256 and SM3 must equal
// what sha256sum and openssl compute for the file.
//
//   node --import tsx test/long/media-resume.ts --size 2GiB [--chunk 64MiB]
//
// The bounded version (64 MiB) runs in CI as src/domains/media/media.resume.test.ts.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_PASSWORD } from '../../src/seed/demo.ts'
import { freePort, login, startServer, type ChildServer } from '../e2e/child-server.ts'
import { uploadFile } from '../../src/domains/media/upload-client.ts'
import { systemDigests, writeSyntheticMp4 } from '../../src/domains/media/test-files.ts'

export type ResumeReport = {
  sizeBytes: number
  chunkBytes: number
  /** Bytes the restarted server said it already had (HEAD Upload-Offset). */
  keptBytes: number
  /** Bytes sent before the kill, as the client counted them. */
  sentBeforeKill: number
  firstPartMBps: number
  restartMs: number
  /** From the resumed HEAD to the recording's id: the rest of the bytes, then hashing and storing all of them. */
  resumedPartMBps: number
  /** sha256sum and openssl dgst -sm3 on the same file, each alone, seconds. */
  sha256sumSeconds: number
  opensslSm3Seconds: number
  sha256: string
  sm3: string
}

const MiB = 1024 * 1024
const mbps = (bytes: number, ms: number) => Math.round((bytes / MiB / (ms / 1000)) * 10) / 10

/** Parses sizes like 64MiB, 2GiB, 1048576. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(text.trim())
  if (!m) throw new Error(`size not understood: ${text}`)
  const unit = { b: 1, kib: 1024, mib: MiB, gib: 1024 * MiB }[(m[2] ?? 'b').toLowerCase() as 'b']
  return Math.round(Number(m[1]) * unit)
}

export async function runResume(input: { sizeBytes: number; chunkBytes?: number; log?: (line: string) => void }): Promise<ResumeReport> {
  const log = input.log ?? (() => {})
  const sizeBytes = input.sizeBytes
  // Chunks that do not divide the file at its half, so the kill lands inside a PATCH.
  const chunkBytes = input.chunkBytes ?? Math.min(60 * MiB, Math.max(MiB, Math.round(sizeBytes / 2.7 / MiB) * MiB))
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-media-resume-'))
  const dataDir = path.join(dir, 'data')
  const file = path.join(dir, 'recording.mp4')
  const port = await freePort()
  let server: ChildServer | undefined
  try {
    log(`writing a ${sizeBytes} byte recording`)
    writeSyntheticMp4(file, sizeBytes)
    const { sha256, sm3 } = systemDigests(file)
    // Timed again, each alone, now that the file is in the page cache.
    let t = performance.now()
    execFileSync('sha256sum', [file])
    const sha256sumSeconds = (performance.now() - t) / 1000
    t = performance.now()
    execFileSync('openssl', ['dgst', '-sm3', file])
    const opensslSm3Seconds = (performance.now() - t) / 1000

    server = await startServer(dataDir, port)
    let session = await login(server.base, 'officer', DEMO_PASSWORD)
    const me = (await (await fetch(`${server.base}/api/auth/me`, { headers: { cookie: session.cookie } })).json()) as { personId: string }
    const created = await fetch(`${server.base}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ kind: '处罚-普通', partyKind: 'organisation', partyName: '某某商贸有限公司', summary: '执法记录仪录像续传测试' }),
    })
    assert.equal(created.status, 201, await created.clone().text())
    const caseId = ((await created.json()) as { id: string }).id
    const metadata = {
      caseId,
      device: 'DSJ-V9 执法记录仪 #0457',
      officer: me.personId,
      startedAt: '2026-03-02T09:30:00+08:00',
      endedAt: '2026-03-02T10:30:00+08:00',
      location: '楚雄市鹿城镇南路 12 号',
      filename: 'DSJ0457_20260302_093000.mp4',
      mime: 'video/mp4',
    }

    // First half: the server dies by SIGKILL once half the bytes are on the wire.
    let url: string | undefined
    let sentBeforeKill = 0
    const victim = server
    t = performance.now()
    const first = uploadFile({
      base: server.base,
      session,
      file,
      metadata,
      chunkSize: chunkBytes,
      onUrl: (u) => (url = u),
      onProgress: (sent) => {
        if (sentBeforeKill === 0 && sent >= sizeBytes / 2) {
          sentBeforeKill = sent
          victim.child.kill('SIGKILL')
        }
      },
    })
    await assert.rejects(first, 'the upload breaks off with the server')
    const firstMs = performance.now() - t
    const { signal } = await server.exited
    assert.equal(signal, 'SIGKILL')
    assert.ok(url, 'the upload was created before the kill')
    log(`killed after ${sentBeforeKill} bytes sent`)

    t = performance.now()
    server = await startServer(dataDir, port)
    const restartMs = performance.now() - t
    session = await login(server.base, 'officer', DEMO_PASSWORD)
    const head = await fetch(url, { method: 'HEAD', headers: { cookie: session.cookie, 'tus-resumable': '1.0.0' } })
    assert.equal(head.status, 200)
    const keptBytes = Number(head.headers.get('upload-offset'))
    assert.ok(keptBytes > 0 && keptBytes < sizeBytes, `the restarted server kept part of the upload: ${keptBytes}`)
    log(`restarted in ${Math.round(restartMs)} ms, ${keptBytes} bytes kept`)

    t = performance.now()
    const resumed = await uploadFile({ base: server.base, session, file, metadata, chunkSize: chunkBytes, uploadUrl: url })
    const resumedMs = performance.now() - t
    assert.equal(resumed.url, url, 'the same upload was continued')
    assert.ok(resumed.mediaId)
    const media = (await (await fetch(`${server.base}/api/media/${resumed.mediaId}`, { headers: { cookie: session.cookie } })).json()) as {
      sha256: string
      sm3: string
      size: number
    }
    assert.equal(media.size, sizeBytes)
    assert.equal(media.sha256, sha256, 'SHA-256 as sha256sum computes it')
    assert.equal(media.sm3, sm3, 'SM3 as openssl dgst -sm3 computes it')
    const tail = await fetch(`${server.base}/api/media/${resumed.mediaId}/content`, { headers: { cookie: session.cookie, range: 'bytes=-16' } })
    assert.equal(tail.status, 206)
    const fd = fs.openSync(file, 'r')
    const last = Buffer.alloc(16)
    fs.readSync(fd, last, 0, 16, sizeBytes - 16)
    fs.closeSync(fd)
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), last)
    return {
      sizeBytes,
      chunkBytes,
      keptBytes,
      sentBeforeKill,
      firstPartMBps: mbps(sentBeforeKill, firstMs),
      restartMs: Math.round(restartMs),
      resumedPartMBps: mbps(sizeBytes - keptBytes, resumedMs),
      sha256sumSeconds: Math.round(sha256sumSeconds * 100) / 100,
      opensslSm3Seconds: Math.round(opensslSm3Seconds * 100) / 100,
      sha256,
      sm3,
    }
  } finally {
    server?.child.kill('SIGKILL')
    if (server) await server.exited
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name)
    return i > 0 ? process.argv[i + 1] : undefined
  }
  const report = await runResume({
    sizeBytes: parseSize(arg('--size') ?? '2GiB'),
    ...(arg('--chunk') ? { chunkBytes: parseSize(arg('--chunk')!) } : {}),
    log: (line) => console.error(line),
  })
  console.log(JSON.stringify(report, null, 2))
}
