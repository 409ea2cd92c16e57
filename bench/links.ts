import { join } from 'node:path'
import { createApp } from '../server/app.ts'
import { migrateToLatest } from '../server/db/database.ts'
import { openSqliteDatabase } from '../server/db/sqlite.ts'
import { PUBLIC_LIMITS, setPublicLimits } from '../server/middleware/rate-limit.ts'
import { DEFAULT_MIN_SAMPLE } from '../shared/metrics/index.ts'
import { diskPhotoStore } from '../server/lib/photo-store-disk.ts'
import { round, type BenchContext, type Benchmark, type BenchResult } from './lib.ts'

/**
 * The public endpoints' rate limits, measured: the app in process over a file SQLite with the
 * production pragmas and the real clock. One address fires as fast as it can at one link; then many
 * addresses (one request each, so no address limit applies) fire at one link. Reports when 429s
 * begin and what was accepted over the run.
 */

const SECONDS = Number(process.env.BENCH_LINKS_SECONDS ?? 5)

async function publicApp(ctx: BenchContext) {
  const database = openSqliteDatabase(join(ctx.tmpDir, 'links.sqlite'))
  ctx.onCleanup(() => database.close())
  await migrateToLatest(database)
  // In process there is no connection: the load generator names its address in a header, the
  // stand-in for the socket's remote address (the test harness does the same).
  const app = createApp({ database, clientAddress: (c) => c.req.header('x-bench-client') ?? '203.0.113.50', now: () => new Date(), log: () => {}, minSample: DEFAULT_MIN_SAMPLE, photos: diskPhotoStore(join(ctx.tmpDir, 'photos')) })
  const json = (method: string, path: string, body?: unknown, cookie = '', csrf = '', address = '203.0.113.50') =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-bench-client': address, ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const setup = await json('POST', '/api/setup', { organisationName: 'Bench', name: 'Bench Admin', email: 'bench@example.com', password: 'correct-horse-battery' })
  const cookie = /ys_session=[^;]+/.exec(setup.headers.get('set-cookie') ?? '')![0]
  const csrf = ((await setup.json()) as { csrfToken: string }).csrfToken
  const survey = (await (await json('POST', '/api/surveys', { title: 'Bench' }, cookie, csrf)).json()) as { survey: { id: string } }
  await json('POST', `/api/surveys/${survey.survey.id}/publish`, {}, cookie, csrf)
  const link = async () => ((await (await json('POST', `/api/surveys/${survey.survey.id}/collectors`, { label: 'Bench' }, cookie, csrf)).json()) as { collector: { token: string } }).collector.token
  return { app, json, link }
}

interface Run {
  sent: number
  accepted: number
  firstRefusedAfter: number | null
  firstRefusedMs: number | null
  seconds: number
  concurrency: number
}

/** Fires `fire` with `concurrency` in flight for SECONDS; counts everything that is not a 429. */
async function fireFor(concurrency: number, fire: (i: number) => Promise<Response> | Response): Promise<Run> {
  const started = performance.now()
  const until = started + SECONDS * 1000
  let sent = 0
  let accepted = 0
  let firstRefusedAfter: number | null = null
  let firstRefusedMs: number | null = null
  const worker = async () => {
    while (performance.now() < until) {
      const i = sent++
      const r = await fire(i)
      await r.arrayBuffer()
      if (r.status === 429) {
        if (firstRefusedAfter === null) {
          firstRefusedAfter = accepted
          firstRefusedMs = performance.now() - started
        }
      } else if (r.status >= 400) throw new Error(`unexpected ${r.status}`)
      else accepted++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { sent, accepted, firstRefusedAfter, firstRefusedMs, seconds: (performance.now() - started) / 1000, concurrency }
}

const limits: Benchmark = {
  name: 'public rate limits',
  async run(ctx) {
    setPublicLimits(PUBLIC_LIMITS)
    const { app, json, link } = await publicApp(ctx)
    const results: BenchResult[] = []
    const config = `configured: submissions ${PUBLIC_LIMITS.submit.perAddress}/min per address, ${PUBLIC_LIMITS.submit.perLink}/min per link; views ${PUBLIC_LIMITS.view.perAddress}/min per address`
    const submitter = (token: string, versionId: string, address: (i: number) => string) => (i: number) =>
      json('POST', `/api/public/s/${token}/responses`, { clientId: `bench-${token.slice(0, 6)}-${i}`, versionId, answers: { nps: i % 11, csat: 1 + (i % 5) } }, '', '', address(i))

    // One address, one link, one request at a time: the address limit is what answers.
    const one = await link()
    const versionId = ((await (await app.request(`/api/public/s/${one}`)).json()) as { versionId: string }).versionId
    const note = (r: Run, limit: number) =>
      `${r.sent} sent in ${round(r.seconds, 1)} s, ${r.concurrency} in flight; first 429 after ${r.firstRefusedAfter} accepted, ${round(r.firstRefusedMs ?? NaN, 0)} ms in; ${r.accepted} accepted in all (bucket ${limit} + refill ${round(limit / 60, 1)}/s × ${round(r.seconds, 1)} s = ${Math.floor(limit + (limit / 60) * r.seconds)})`
    const single = await fireFor(1, submitter(one, versionId, () => '203.0.113.60'))
    results.push({ name: 'links: submissions accepted before the first 429, one address', value: single.firstRefusedAfter, unit: 'requests', notes: `${note(single, PUBLIC_LIMITS.submit.perAddress)}; ${config}` })

    const views = await fireFor(1, () => app.request(`/api/public/s/${one}`, { headers: { 'x-bench-client': '203.0.113.61' } }))
    results.push({ name: 'links: views accepted before the first 429, one address', value: views.firstRefusedAfter, unit: 'requests', notes: note(views, PUBLIC_LIMITS.view.perAddress) })

    // Many addresses (one request each), one link: the link limit is what answers.
    const busy = await link()
    const many = await fireFor(16, submitter(busy, versionId, (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`))
    results.push(
      { name: 'links: submissions accepted before the first 429, one link, many addresses', value: many.firstRefusedAfter, unit: 'requests', notes: note(many, PUBLIC_LIMITS.submit.perLink) },
      { name: 'links: submissions accepted in the burst, one link, many addresses', value: many.accepted, unit: 'requests', notes: `every accepted submission stored (201); the first ${PUBLIC_LIMITS.submit.perLink} took ${round((many.firstRefusedMs ?? NaN) / 1000, 2)} s` },
    )
    return results
  },
}

export const linkBenchmarks: Benchmark[] = [limits]
