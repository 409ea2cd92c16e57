import { mkdirSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { percentile, round, type Benchmark, type BenchResult } from './lib.ts'
import { analyticsDataset, BENCH_LOGIN, copyDataset, SIZES, type Dataset, type DatasetSize } from './analytics-data.ts'
import { startServerChild, type ServerChild } from './submit-load.ts'
import { addDays } from '../shared/analytics.ts'

/**
 * Issue 7's figures: every dashboard endpoint over HTTP on the real Node server (production flags,
 * a child process) at 1,000,000 responses and at 10,000, in the same run. Both servers run side by
 * side and the endpoints are timed in interleaved rounds (sequential requests, one keep-alive
 * connection), so a noisy neighbour weighs on both sizes alike. Per endpoint: p50/p95/p99, the rows
 * it says it read, and the growth from 10k to 1M; the 1M server's peak resident memory.
 */

const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 200)
const ROUNDS = 10
const WARM_UP = 10
/** Per endpoint and size: an endpoint far off its target is sampled less rather than holding the run for minutes. */
const BUDGET_MS = 20_000
const TARGET_P95_MS = 20
const TARGET_GROWTH = 2
const TARGET_RSS_MIB = 300

interface Endpoint {
  key: string
  title: string
  path(d: Dataset): string
}

/** The manager's default period (the last 90 days of the data) and a year for the trend. */
const period = (d: Dataset, days = 90) => `from=${addDays(d.meta.lastDay, -(days - 1))}&to=${d.meta.lastDay}`

const ENDPOINTS: Endpoint[] = [
  { key: 'dashboard', title: 'GET /api/dashboard (90 days)', path: (d) => `/api/dashboard?${period(d)}` },
  { key: 'board', title: 'GET /api/analytics/board (90 days)', path: (d) => `/api/analytics/board?${period(d)}` },
  { key: 'trend', title: 'GET /api/analytics/trend (NPS standard, weekly, 365 days, compare previous)', path: (d) => `/api/analytics/trend?standardId=${d.meta.ids.standards.nps}&grain=week&compare=previous&${period(d, 365)}` },
  { key: 'breakdown_location', title: 'GET /api/analytics/breakdown?by=location (CSAT standard, 90 days)', path: (d) => `/api/analytics/breakdown?by=location&standardId=${d.meta.ids.standards.csat}&${period(d)}` },
  { key: 'breakdown_channel', title: 'GET /api/analytics/breakdown?by=channel (CSAT standard, 90 days)', path: (d) => `/api/analytics/breakdown?by=channel&standardId=${d.meta.ids.standards.csat}&${period(d)}` },
  { key: 'why', title: 'GET /api/analytics/why (NPS standard, weekly, 90 days)', path: (d) => `/api/analytics/why?standardId=${d.meta.ids.standards.nps}&${period(d)}` },
  { key: 'audit_results', title: 'GET /api/audit-results (90 days)', path: (d) => `/api/audit-results?${period(d)}` },
  { key: 'comment_themes', title: 'GET /api/comments/themes (90 days)', path: (d) => `/api/comments/themes?${period(d)}` },
]

interface Answer {
  status: number
  body: string
  ms: number
}

function get(agent: Agent, port: number, path: string, cookie: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t = performance.now()
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { cookie, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

async function signIn(port: number): Promise<string> {
  const body = JSON.stringify(BENCH_LOGIN)
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume()
      res.on('end', () => {
        const cookie = /ys_session=[^;]+/.exec(String(res.headers['set-cookie'] ?? ''))?.[0]
        if (res.statusCode !== 200 || !cookie) reject(new Error(`sign-in answered ${res.statusCode}`))
        else resolve(cookie)
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

interface Served {
  size: DatasetSize
  dataset: Dataset
  server: ServerChild
  cookie: string
  agent: Agent
}

interface Sampled {
  /** null: the endpoint did not answer 200 (see `problem`). */
  ms: number[] | null
  problem?: string
  rowsRead: number | null
  bytes: number
}

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits))

const dashboards: Benchmark = {
  name: 'analytics: dashboards at 1M and 10k responses',
  async run(ctx) {
    const log = (m: string) => process.stdout.write(`${m}\n`)
    const sizes = [SIZES.tenThousand, SIZES.million]
    const datasets: Dataset[] = []
    for (const size of sizes) datasets.push(await analyticsDataset(size, log))

    const emptyDist = join(ctx.tmpDir, 'no-web')
    mkdirSync(emptyDist, { recursive: true })
    const served: Served[] = []
    for (const [i, size] of sizes.entries()) {
      const dataset = datasets[i]!
      const file = copyDataset(dataset, ctx.tmpDir)
      const server = await startServerChild(file, emptyDist, 'stored')
      ctx.onCleanup(() => server.stop())
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      ctx.onCleanup(() => agent.destroy())
      served.push({ size, dataset, server, cookie: await signIn(server.port), agent })
    }

    // First answers: which endpoints exist, what they say they read; then the warm-up.
    const samples = new Map<string, Sampled>()
    const id = (e: Endpoint, s: Served) => `${e.key}/${s.size.label}`
    for (const e of ENDPOINTS)
      for (const s of served) {
        const first = await get(s.agent, s.server.port, e.path(s.dataset), s.cookie)
        if (first.status !== 200) {
          samples.set(id(e, s), { ms: null, problem: `answered ${first.status}: ${first.body.slice(0, 160)}`, rowsRead: null, bytes: 0 })
          continue
        }
        const rowsRead = (JSON.parse(first.body) as { rowsRead?: unknown }).rowsRead
        samples.set(id(e, s), { ms: [], rowsRead: typeof rowsRead === 'number' ? rowsRead : null, bytes: Buffer.byteLength(first.body) })
        for (let i = 0; i < WARM_UP; i++) await get(s.agent, s.server.port, e.path(s.dataset), s.cookie)
      }

    // Interleaved rounds: every endpoint at both sizes in each round.
    const spent = new Map<string, number>()
    for (let round = 0; round < ROUNDS; round++)
      for (const e of ENDPOINTS)
        for (const s of served) {
          const sample = samples.get(id(e, s))!
          if (!sample.ms) continue
          const per = Math.ceil(REQUESTS / ROUNDS)
          for (let i = 0; i < per; i++) {
            if ((spent.get(id(e, s)) ?? 0) > (BUDGET_MS * (round + 1)) / ROUNDS && sample.ms.length >= 30) break
            const a = await get(s.agent, s.server.port, e.path(s.dataset), s.cookie)
            if (a.status !== 200) throw new Error(`${e.title} at ${s.size.label} answered ${a.status}: ${a.body.slice(0, 200)}`)
            sample.ms.push(a.ms)
            spent.set(id(e, s), (spent.get(id(e, s)) ?? 0) + a.ms)
          }
        }
    const big = served.find((s) => s.size === SIZES.million)!
    const peakRss = big.server.peakRssMib()
    for (const s of served) await s.server.stop()

    // -- figures
    const results: BenchResult[] = []
    const table: string[][] = [['endpoint', 'p50 10k', 'p95 10k', 'p50 1M', 'p95 1M', 'p99 1M', 'growth', 'rows 10k', 'rows 1M', 'KB 1M', 'n']]
    let slowest: { key: string; p95: number } | null = null
    let growthMax: { key: string; ratio: number } | null = null
    let rowsMax: { key: string; rows: number } | null = null
    const misses: string[] = []
    for (const e of ENDPOINTS) {
      const small = samples.get(`${e.key}/10k`)!
      const large = samples.get(`${e.key}/1m`)!
      const p = (s: Sampled, q: number) => (s.ms && s.ms.length ? percentile(s.ms, q) : null)
      const p95s = p(small, 95)
      const p95l = p(large, 95)
      const growth = p95s !== null && p95l !== null ? p95l / p95s : null
      const setup = (s: Sampled, label: string) =>
        s.ms ? `${e.title}; ${s.ms.length} sequential requests over one keep-alive connection after ${WARM_UP} warm-up, interleaved with the other endpoints and size; p50 ${fmt(p(s, 50), 2)} ms, p99 ${fmt(p(s, 99), 2)} ms; ${label}` : `${e.title}: ${s.problem}`
      results.push(
        { name: `dashboard.${e.key}.p95_ms_1m`, value: p95l === null ? null : round(p95l, 2), unit: 'ms', notes: setup(large, `${datasets[1]!.meta.responses.toLocaleString('en')} responses (target < ${TARGET_P95_MS})`) },
        { name: `dashboard.${e.key}.p95_ms_10k`, value: p95s === null ? null : round(p95s, 2), unit: 'ms', notes: setup(small, `${datasets[0]!.meta.responses.toLocaleString('en')} responses`) },
        {
          name: `dashboard.${e.key}.rows_read_1m`,
          value: large.rowsRead,
          unit: 'rows',
          notes: large.ms ? (large.rowsRead === null ? 'the endpoint does not report rowsRead' : `as reported by the endpoint; ${small.rowsRead ?? '—'} at 10k`) : `${large.problem}`,
        },
      )
      if (p95l !== null && (!slowest || p95l > slowest.p95)) slowest = { key: e.key, p95: p95l }
      if (growth !== null && (!growthMax || growth > growthMax.ratio)) growthMax = { key: e.key, ratio: growth }
      if (large.rowsRead !== null && (!rowsMax || large.rowsRead > rowsMax.rows)) rowsMax = { key: e.key, rows: large.rowsRead }
      if (p95l !== null && p95l >= TARGET_P95_MS) misses.push(`${e.key} p95 ${fmt(p95l)} ms`)
      if (growth !== null && growth > TARGET_GROWTH) misses.push(`${e.key} growth ${fmt(growth, 2)}×`)
      if (!large.ms) misses.push(`${e.key} not measured (${large.problem?.slice(0, 40)})`)
      table.push([e.key, fmt(p(small, 50), 2), fmt(p95s, 2), fmt(p(large, 50), 2), fmt(p95l, 2), fmt(p(large, 99), 2), fmt(growth, 2), String(small.rowsRead ?? '—'), String(large.rowsRead ?? '—'), fmt(large.bytes / 1024), `${small.ms?.length ?? 0}/${large.ms?.length ?? 0}`])
    }
    if (peakRss >= TARGET_RSS_MIB) misses.push(`peak RSS ${fmt(peakRss)} MiB`)

    const gen = datasets.map((d) => {
      const m = d.meta
      const how = d.cached ? `cached (generated in ${fmt(m.generationSeconds)} s + rollups ${fmt(m.rebuildSeconds)} s${d.refreshed.length ? `; ${d.refreshed.join('; ')}` : ''})` : `generated now in ${fmt(m.generationSeconds)} s + rollups rebuilt in ${fmt(m.rebuildSeconds)} s`
      return `${m.label}: ${m.responses.toLocaleString('en')} responses, ${m.answers.toLocaleString('en')} answers, ${m.comments.toLocaleString('en')} comments, ${m.audits.toLocaleString('en')} approved audits, ${m.rollupRows.toLocaleString('en')} rollup rows, ${fmt(m.bytes / 2 ** 20, 0)} MiB; ${how}`
    })
    const width = table[0]!.map((_h, i) => Math.max(...table.map((r) => r[i]!.length)))
    log(`\n  Dashboards over HTTP (ms; growth = p95 1M / p95 10k; n = requests 10k/1M)`)
    for (const r of table) log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ')}`)
    log(`  1M server peak RSS ${fmt(peakRss)} MiB`)
    for (const g of gen) log(`  ${g}`)
    log(misses.length ? `  Misses: ${misses.join('; ')}` : '  Every endpoint meets its targets')

    results.push(
      { name: 'dashboard.p95_ms_1m', value: slowest ? round(slowest.p95, 2) : null, unit: 'ms', notes: slowest ? `the slowest endpoint at 1M responses: ${slowest.key} (target < ${TARGET_P95_MS})` : 'no endpoint answered' },
      { name: 'dashboard.growth_1m_over_10k', value: growthMax ? round(growthMax.ratio, 2) : null, unit: 'ratio', notes: growthMax ? `the largest p95 1M / p95 10k: ${growthMax.key} (target ≤ ${TARGET_GROWTH})` : 'no endpoint answered at both sizes' },
      { name: 'dashboard.rows_read_max', value: rowsMax?.rows ?? null, unit: 'rows', notes: rowsMax ? `the most rows one request read at 1M responses: ${rowsMax.key} (endpoints without rowsRead not counted)` : 'no endpoint reported rowsRead' },
      { name: 'dashboard.peak_rss_mib', value: round(peakRss, 1), unit: 'MiB', notes: `VmHWM of the Node server (production flags) serving the 1M-response dashboards, at the end of the run (target < ${TARGET_RSS_MIB})` },
      { name: 'dashboard.generation_s_1m', value: round(datasets[1]!.meta.generationSeconds + datasets[1]!.meta.rebuildSeconds, 1), unit: 's', notes: gen[1]! },
      { name: 'dashboard.generation_s_10k', value: round(datasets[0]!.meta.generationSeconds + datasets[0]!.meta.rebuildSeconds, 1), unit: 's', notes: gen[0]! },
    )
    return results
  },
}

export const analyticsBenchmarks: Benchmark[] = [dashboards]
