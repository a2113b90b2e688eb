// R-07 benchmark: one recording of sizeMiB uploaded over tus (64 MiB chunks) to a running
// server, end to end: transfer into the staging area, then SHA-256 and SM3 (in parallel),
// the content-addressed blob and the rows. On the same file in the same run, sha256sum and
// `openssl dgst -sm3` are timed; the result is the ingest rate as a share of the slower of
// the two, i.e. how close the whole path comes to just hashing the file. The lead wires it
// into bench.ts; without a server it starts its own (embedded, demo data).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_PASSWORD } from '../seed/demo.ts'
import { uploadFile } from '../domains/media/upload-client.ts'
import { writeSyntheticMp4 } from '../domains/media/test-files.ts'
import { startBenchServer } from './server.ts'

export type IngestResult = {
  sizeMiB: number
  /** Whole upload, first byte to the recording's id: MiB/s. */
  tusMiBps: number
  sha256sumMiBps: number
  opensslSm3MiBps: number
  /** tusMiBps divided by the slower of sha256sum and openssl. */
  ratio: number
}

const timed = (fn: () => void) => {
  const t = performance.now()
  fn()
  return (performance.now() - t) / 1000
}
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places

async function json(res: Response) {
  if (!res.ok) throw new Error(`${res.url} ${res.status}: ${await res.text()}`)
  return res.json() as Promise<any>
}

export async function ingestScenario(o: { sizeMiB: number; base?: string; chunkMiB?: number }): Promise<IngestResult> {
  const own = o.base ? undefined : await startBenchServer('embedded', { pgAdminUrl: '' })
  const base = o.base ?? own!.base
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-ingest-'))
  try {
    const file = path.join(dir, 'recording.mp4')
    const size = o.sizeMiB * 1024 * 1024
    writeSyntheticMp4(file, size)
    // Warm the page cache so the first tool timed does not pay for the disk.
    execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'inherit'] })
    const sha256sumSeconds = timed(() => execFileSync('sha256sum', [file]))
    const sm3Seconds = timed(() => execFileSync('openssl', ['dgst', '-sm3', file]))

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer', password: DEMO_PASSWORD }),
    })
    const me = await json(login)
    const session = { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: me.csrfToken as string }
    const created = await json(
      await fetch(`${base}/api/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
        body: JSON.stringify({ kind: '处罚-普通', partyKind: 'organisation', partyName: '某某商贸有限公司', summary: '音像记录入库基准' }),
      }),
    )
    const started = performance.now()
    const result = await uploadFile({
      base,
      session,
      file,
      chunkSize: (o.chunkMiB ?? 64) * 1024 * 1024,
      metadata: {
        caseId: created.id,
        device: 'DSJ-V9 执法记录仪 #0457',
        officer: me.personId,
        startedAt: '2026-03-02T09:30:00+08:00',
        endedAt: '2026-03-02T10:30:00+08:00',
        filename: 'bench.mp4',
        mime: 'video/mp4',
      },
    })
    const seconds = (performance.now() - started) / 1000
    if (!result.mediaId) throw new Error('上传完成但没有返回音像记录 ID')
    const tusMiBps = o.sizeMiB / seconds
    const sha256sumMiBps = o.sizeMiB / sha256sumSeconds
    const opensslSm3MiBps = o.sizeMiB / sm3Seconds
    return {
      sizeMiB: o.sizeMiB,
      tusMiBps: round(tusMiBps),
      sha256sumMiBps: round(sha256sumMiBps),
      opensslSm3MiBps: round(opensslSm3MiBps),
      ratio: round(tusMiBps / Math.min(sha256sumMiBps, opensslSm3MiBps), 3),
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
    if (own) {
      await own.stop()
      await own.cleanup()
    }
  }
}
