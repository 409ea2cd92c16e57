import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { createApp } from '../server/app.ts'
import { migrateToLatest, type AppDatabase } from '../server/db/database.ts'
import { openSqliteDatabase } from '../server/db/sqlite.ts'
import { DEMO_LOGIN, seedDemo, type DemoSummary } from '../server/demo/seed.ts'
import { hashPassword } from '../server/lib/crypto.ts'
import { DEFAULT_MIN_SAMPLE } from '../shared/metrics/index.ts'
import { diskPhotoStore } from '../server/lib/photo-store-disk.ts'
import { PUBLIC_LIMITS, setPublicLimits } from '../server/middleware/rate-limit.ts'
import { percentile, round, timeEach, type BenchContext, type Benchmark, type BenchResult } from './lib.ts'

/**
 * The foundation's figures: seeding the demo, a customer submitting a response, a manager opening
 * the dashboard, a password hash, and what the two web entries weigh. All in process (app.request,
 * no socket) over a file-backed SQLite with the production pragmas.
 */

const SUBMISSIONS = 2_000
const DASHBOARD_CALLS = 50
const HASHES = 10
const DAY_MS = 86_400_000

interface SeededApp {
  app: ReturnType<typeof createApp>
  database: AppDatabase
  summary: DemoSummary
  cookie: string
}

/** The demo seeded into a fresh SQLite file, the app over it, and a signed-in admin's cookie. */
function seededApp(ctx: BenchContext): Promise<SeededApp> {
  return ctx.shared('seeded-app', async () => {
    const database = openSqliteDatabase(join(ctx.tmpDir, 'bench.sqlite'))
    ctx.onCleanup(() => database.close())
    await migrateToLatest(database)
    const summary = await seedDemo(database, { now: new Date() })
    const app = createApp({ database, clientAddress: () => '203.0.113.9', now: () => new Date(), log: () => {}, minSample: DEFAULT_MIN_SAMPLE, photos: diskPhotoStore(join(ctx.tmpDir, 'photos')) })
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_LOGIN) })
    if (login.status !== 200) throw new Error(`demo login failed: ${login.status}`)
    const cookie = /ys_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0]
    if (!cookie) throw new Error('demo login set no session cookie')
    return { app, database, summary, cookie }
  })
}

const seed: Benchmark = {
  name: 'demo seed',
  async run(ctx) {
    const { summary } = await seededApp(ctx)
    const notes = `${summary.responses} responses, ${summary.locations} locations; file SQLite, synchronous=FULL, WAL`
    return [
      { name: 'demo seed: time', value: round(summary.seconds), unit: 's', notes },
      { name: 'demo seed: throughput', value: Math.round(summary.responses / summary.seconds), unit: 'responses/s', notes: 'including 5 password hashes and the setup write' },
    ]
  },
}

const dashboard: Benchmark = {
  name: 'dashboard',
  async run(ctx) {
    const { app, cookie } = await seededApp(ctx)
    const to = new Date().toISOString().slice(0, 10)
    const from = new Date(Date.now() - 364 * DAY_MS).toISOString().slice(0, 10)
    const path = `/api/dashboard?from=${from}&to=${to}`
    let rowsRead = 0
    const call = async () => {
      const r = await app.request(path, { headers: { cookie } })
      if (r.status !== 200) throw new Error(`dashboard answered ${r.status}`)
      rowsRead = (await r.json()).rowsRead
    }
    await call() // warm-up: first-query compilation and page cache
    const ms = await timeEach(DASHBOARD_CALLS, call)
    const notes = `GET /api/dashboard, 12 months, ${DASHBOARD_CALLS} calls on the seeded demo`
    return [
      { name: 'dashboard: p50', value: round(percentile(ms, 50)), unit: 'ms', notes },
      { name: 'dashboard: p95', value: round(percentile(ms, 95)), unit: 'ms', notes },
      { name: 'dashboard: rows read', value: rowsRead, unit: 'rows', notes: 'as reported by the endpoint (rollup rows + register rows)' },
    ]
  },
}

const submit: Benchmark = {
  name: 'response submission',
  async run(ctx) {
    const { app, cookie } = await seededApp(ctx)
    const get = async (path: string) => (await app.request(path, { headers: { cookie } })).json()
    const { surveys } = await get('/api/surveys')
    const visit = surveys.find((s: { title: string }) => s.title === 'Post-visit feedback')
    const { collectors } = await get(`/api/surveys/${visit.id}/collectors`)
    const token: string = collectors[0].token
    const { versionId } = await (await app.request(`/api/public/s/${token}`)).json()
    // Thousands of submissions a second from one address: this measures the write path, not the
    // public rate limits (bench/links.ts does).
    setPublicLimits(null)

    const post = async (i: number) => {
      const body = {
        clientId: `bench-${i.toString(36).padStart(6, '0')}`,
        versionId,
        answers: { nps: i % 11, csat: 1 + (i % 5), ces: 1 + (i % 7), explained: i % 3 !== 0, ...(i % 3 === 0 ? { comment: 'Quick and friendly, but the queue was long.' } : {}) },
      }
      const r = await app.request(`/api/public/s/${token}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (r.status !== 201) throw new Error(`submission answered ${r.status}: ${await r.text()}`)
    }
    let ms: number[]
    let seconds: number
    try {
      for (let i = 0; i < 20; i++) await post(SUBMISSIONS + i) // warm-up
      const started = performance.now()
      ms = await timeEach(SUBMISSIONS, post)
      seconds = (performance.now() - started) / 1000
    } finally {
      setPublicLimits(PUBLIC_LIMITS)
    }
    const notes = `${SUBMISSIONS} sequential POST /api/public/s/:token/responses (5 answers) on top of the seeded demo`
    return [
      { name: 'submit: throughput', value: Math.round(SUBMISSIONS / seconds), unit: 'responses/s', notes },
      { name: 'submit: p50', value: round(percentile(ms, 50)), unit: 'ms', notes },
      { name: 'submit: p95', value: round(percentile(ms, 95)), unit: 'ms', notes },
    ]
  },
}

const passwordHash: Benchmark = {
  name: 'password hashing',
  async run() {
    await hashPassword('warm-up-password')
    const ms = await timeEach(HASHES, () => hashPassword('correct-horse-battery'))
    return [{ name: 'hashPassword: p50', value: round(percentile(ms, 50), 1), unit: 'ms', notes: `PBKDF2-SHA256, 100,000 iterations, ${HASHES} hashes` }]
  },
}

const webDist = resolve(fileURLToPath(import.meta.url), '../../web/dist')

/** The JS and CSS an HTML entry loads up front (scripts, module preloads, stylesheets), gzipped. */
function entryWeight(html: string): { bytes: number; gzip: number; files: number } {
  const assets = new Set<string>()
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g)) assets.add(m[1]!.replace(/^\//, ''))
  return filesWeight(assets)
}

function filesWeight(files: Iterable<string>): { bytes: number; gzip: number; files: number } {
  let bytes = 0
  let gzip = 0
  let count = 0
  for (const f of files) {
    const content = readFileSync(join(webDist, f))
    bytes += content.length
    gzip += gzipSync(content, { level: 9 }).length
    count++
  }
  return { bytes, gzip, files: count }
}

interface ManifestChunk {
  file: string
  imports?: string[]
  css?: string[]
}

/**
 * The JS and CSS a page needs before it shows: from the build's manifest, the manager entry's
 * static imports, then the page's own chunk and its static imports (the router loads it lazily).
 */
function pageWeight(manifest: Record<string, ManifestChunk>, page: string): { bytes: number; gzip: number; files: number } {
  const files = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk) throw new Error(`${key} is not in the build manifest`)
    if (files.has(chunk.file)) return
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const i of chunk.imports ?? []) visit(i)
  }
  visit('index.html')
  visit(page)
  return filesWeight(files)
}

const webWeight: Benchmark = {
  name: 'web bundle size',
  async run() {
    const entries = [
      { name: 'respondent entry JS+CSS (gzip)', html: 'respondent.html' },
      { name: 'manager app JS+CSS (gzip)', html: 'index.html' },
    ]
    const results = entries.map(({ name, html }): BenchResult => {
      const path = join(webDist, html)
      if (!existsSync(path)) return { name, value: null, unit: 'KB', notes: 'not built (run npm run build first)' }
      const w = entryWeight(readFileSync(path, 'utf8'))
      return { name, value: round(w.gzip / 1024, 1), unit: 'KB', notes: `${w.files} files loaded by ${html}, ${round(w.bytes / 1024, 1)} KB before gzip -9` }
    })
    const visit = { name: 'shopper visit page JS+CSS (gzip)', page: 'app/pages/shopper-audit.tsx' }
    const manifestPath = join(webDist, '.vite/manifest.json')
    if (!existsSync(manifestPath)) results.push({ name: visit.name, value: null, unit: 'KB', notes: 'not built (run npm run build first)' })
    else {
      const w = pageWeight(JSON.parse(readFileSync(manifestPath, 'utf8')), visit.page)
      results.push({ name: visit.name, value: round(w.gzip / 1024, 1), unit: 'KB', notes: `${w.files} files for /visits/:id (entry + ${visit.page} and their imports), ${round(w.bytes / 1024, 1)} KB before gzip -9` })
    }
    return results
  },
}

/** In run order: the dashboard is measured on the seeded demo before the submissions add to it. */
export const foundationBenchmarks: Benchmark[] = [seed, dashboard, submit, passwordHash, webWeight]
