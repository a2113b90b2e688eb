// N-03: one autocannon run, in its own process so that the load generator never shares an
// event loop (or a core's time slice) with the server it measures. Reads its job as JSON
// from argv[2] and prints the result as one JSON line.
import autocannon from 'autocannon'

export type LoadJob = {
  url: string
  method: 'GET' | 'POST'
  connections: number
  durationSeconds: number
  headers: Record<string, string>
  /** POST bodies cycled through, one per request. */
  bodies?: { path: string; body: string }[]
}

export type LoadResult = {
  requests: number
  durationSeconds: number
  perSecond: number
  p50: number
  p95: number
  p99: number
  non2xx: number
  errors: number
  timeouts: number
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as LoadJob
  let next = 0
  const bodies = job.bodies
  const times: number[] = []
  let finish!: (result: autocannon.Result) => void
  let fail!: (error: Error) => void
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)))
  const instance = autocannon({
    url: job.url,
    method: job.method,
    connections: job.connections,
    duration: job.durationSeconds,
    headers: job.headers,
    timeout: 30,
    ...(bodies?.length
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => {
                const b = bodies[next++ % bodies.length]!
                return { ...request, path: b.path, body: b.body }
              },
            },
          ],
        }
      : {}),
  }, (error, result) => (error ? fail(error) : finish(result)))
  // every response time, so p95 is exact (autocannon's summary has p97.5, not p95)
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => void times.push(ms))
  const result = await done
  times.sort((a, b) => a - b)
  const pct = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]! : NaN)
  const out: LoadResult = {
    requests: result.requests.total,
    durationSeconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n')
  process.exit(1)
})
