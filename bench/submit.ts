import { mkdirSync, readFileSync } from 'node:fs'
import { join, posix, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { openSqliteConnection } from '../server/db/sqlite.ts'
import { percentile, round, type BenchContext, type Benchmark } from './lib.ts'
import { answersFor, seedSubmitFixture, TEN_QUESTION_SURVEY, type SubmitFixture } from './submit-fixture.ts'
import { runLoad, startServerChild, type LoadResult, type ServerChild } from './submit-load.ts'

/**
 * Issue 3's figures for customers: how many submissions a second the real Node server stores
 * durably compared with the same route writing nothing, its tail latency and memory at that load,
 * what the respondent page weighs, and how soon a phone on a slow network sees the first question.
 */

const repo = resolve(fileURLToPath(import.meta.url), '../..')
const SECONDS = Number(process.env.BENCH_SUBMIT_SECONDS ?? 10)
const CONCURRENCY = Number(process.env.BENCH_SUBMIT_CONCURRENCY ?? 32)
const WARM_UP_MS = 2_000
const COLD_LOADS = 5

/** Runs the load against one server; each request is a new customer (fresh clientId). */
function load(server: ServerChild, fixture: SubmitFixture, label: string, durationMs: number): Promise<LoadResult> {
  return runLoad({
    port: server.port,
    path: `/api/public/s/${fixture.token}/responses`,
    concurrency: CONCURRENCY,
    durationMs,
    body: (i) => JSON.stringify({ clientId: `${label}-${i.toString(36).padStart(8, '0')}`, versionId: fixture.versionId, answers: answersFor(i) }),
  })
}

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10 // clock ticks of 10 ms
}

function merge(parts: LoadResult[]): LoadResult {
  const out: LoadResult = { statuses: {}, latencies: [], seconds: 0, errors: 0 }
  for (const p of parts) {
    for (const [s, n] of Object.entries(p.statuses)) out.statuses[Number(s)] = (out.statuses[Number(s)] ?? 0) + n
    out.latencies.push(...p.latencies)
    out.seconds += p.seconds
    out.errors += p.errors
  }
  return out
}

const throughput: Benchmark = {
  name: 'submit: stored vs no-op write',
  async run(ctx) {
    const emptyDist = join(ctx.tmpDir, 'no-web')
    mkdirSync(emptyDist, { recursive: true })
    const storedFile = join(ctx.tmpDir, 'submit-stored.sqlite')
    const noopFile = join(ctx.tmpDir, 'submit-noop.sqlite')
    const fixtures = { stored: await seedSubmitFixture(storedFile), noop: await seedSubmitFixture(noopFile) }
    const servers = { stored: await startServerChild(storedFile, emptyDist, 'stored'), noop: await startServerChild(noopFile, emptyDist, 'noop') }
    ctx.onCleanup(() => servers.stored.stop())
    ctx.onCleanup(() => servers.noop.stop())

    await load(servers.noop, fixtures.noop, 'warm-noop', WARM_UP_MS)
    await load(servers.stored, fixtures.stored, 'warm-stored', WARM_UP_MS)
    // Alternating halves (A B B A) so a noisy neighbour on the machine weighs on both alike.
    const parts: Record<'stored' | 'noop', LoadResult[]> = { stored: [], noop: [] }
    // CPU used by the server and by the load generator, to show which one was the limit.
    const cpu = { stored: { server: 0, client: 0 }, noop: { server: 0, client: 0 } }
    for (const [k, mode] of (['noop', 'stored', 'stored', 'noop'] as const).entries()) {
      const server0 = cpuMs(servers[mode].pid)
      const client0 = process.cpuUsage()
      parts[mode].push(await load(servers[mode], fixtures[mode], `${mode}-${k}`, (SECONDS * 1000) / 2))
      const client = process.cpuUsage(client0)
      cpu[mode].server += cpuMs(servers[mode].pid) - server0
      cpu[mode].client += (client.user + client.system) / 1000
    }
    const peakRss = servers.stored.peakRssMib()
    await servers.stored.stop()
    await servers.noop.stop()

    const stored = merge(parts.stored)
    const noop = merge(parts.noop)
    for (const [mode, r] of Object.entries({ stored, noop })) {
      const other = Object.entries(r.statuses).filter(([s]) => s !== '201')
      if (other.length || r.errors) throw new Error(`${mode} run had answers other than 201: ${JSON.stringify(r.statuses)}, ${r.errors} connection errors`)
    }
    // Every acknowledged submission of the stored run is in the file (warm-up ones too).
    const check = openSqliteConnection(storedFile)
    const rows = Number((check.prepare("select count(*) as n from response where client_id not like 'warm-%'").get() as { n: number }).n)
    check.close()
    if (rows !== stored.latencies.length) throw new Error(`stored run acknowledged ${stored.latencies.length} submissions but the file holds ${rows}`)

    const storedRps = stored.latencies.length / stored.seconds
    const noopRps = noop.latencies.length / noop.seconds
    const usage = (mode: 'stored' | 'noop', r: LoadResult) =>
      `CPU: server ${Math.round((100 * cpu[mode].server) / 1000 / r.seconds)}% (of one core; the writer thread included), load generator ${Math.round((100 * cpu[mode].client) / 1000 / r.seconds)}%`
    const setup = `POST /api/public/s/:token/responses, ${TEN_QUESTION_SURVEY.pages.flatMap((p) => p.questions).length} answers incl. a comment, new clientId each; Node server child process, ${CONCURRENCY} keep-alive connections, ${SECONDS} s per variant after ${WARM_UP_MS / 1000} s warm-up, in alternating halves`
    return [
      { name: 'submit.stored_rps', value: Math.round(storedRps), unit: 'responses/s', notes: `${setup}; file SQLite, WAL, synchronous=FULL, group commit; ${usage('stored', stored)}` },
      { name: 'submit.noop_rps', value: Math.round(noopRps), unit: 'responses/s', notes: `same route and load, the final write replaced by a no-op (lookup, duplicate check, version lookup and answer checks still run); ${usage('noop', noop)}` },
      { name: 'submit.ratio', value: round(storedRps / noopRps, 3), unit: 'ratio', notes: 'stored_rps / noop_rps, measured in the same run (target ≥ 0.5)' },
      { name: 'submit.p99_ms', value: round(percentile(stored.latencies, 99), 1), unit: 'ms', notes: `stored run, p50 ${round(percentile(stored.latencies, 50), 1)} ms, ${stored.latencies.length} requests (target < 50)` },
      { name: 'submit.peak_rss_mib', value: round(peakRss, 1), unit: 'MiB', notes: 'VmHWM of the server process at the end of the stored run (target ≤ 200)' },
    ]
  },
}

/** Builds the web app as it stands into this run's temporary folder (web/dist is left alone). */
function builtWeb(ctx: BenchContext): Promise<string> {
  return ctx.shared('web-build', async () => {
    const outDir = join(ctx.tmpDir, 'web-dist')
    const { build } = await import('vite')
    await build({ configFile: join(repo, 'web', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    return outDir
  })
}

/**
 * What the page downloads before it can run: the HTML's scripts, module preloads and stylesheets,
 * and every chunk those scripts import statically (dynamic imports load later, on demand).
 */
export function upFrontAssets(dist: string, htmlFile: string): { js: string[]; css: string[] } {
  const html = readFileSync(join(dist, htmlFile), 'utf8')
  const js = new Set<string>()
  const css = new Set<string>()
  const visit = (url: string) => {
    const path = posix.normalize(url.replace(/^\//, ''))
    if (path.endsWith('.css')) return void css.add(path)
    if (js.has(path)) return
    js.add(path)
    const code = readFileSync(join(dist, path), 'utf8')
    for (const m of code.matchAll(/\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+\.(?:js|css))["']/g)) visit(posix.join(posix.dirname(path), m[1]!))
  }
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/g) ?? []) {
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1]
    if (!url || /^[a-z]+:/i.test(url)) continue
    const isScript = tag.startsWith('<script') && /type="module"/.test(tag)
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1]
    if (isScript || rel === 'modulepreload' || rel === 'stylesheet') visit(url)
  }
  return { js: [...js], css: [...css] }
}

const gzipKb = (dist: string, files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0) / 1024

const respondentWeight: Benchmark = {
  name: 'submit: respondent page weight',
  async run(ctx) {
    const dist = await builtWeb(ctx)
    const { js, css } = upFrontAssets(dist, 'respondent.html')
    return [
      { name: 'respondent.js_gzip_kb', value: round(gzipKb(dist, js), 2), unit: 'KB', notes: `gzip -9 of ${js.length} scripts loaded up front by respondent.html (${js.map((f) => f.replace(/^assets\//, '')).join(', ')}); target ≤ 30` },
      { name: 'respondent.css_gzip_kb', value: round(gzipKb(dist, css), 2), unit: 'KB', notes: `gzip -9 of ${css.length} stylesheets (${css.map((f) => f.replace(/^assets\//, '')).join(', ')}); target ≤ 10` },
    ]
  },
}

/** Chrome DevTools' numbers for a slow phone network: 1.6 Mbps down, 750 kbps up, 150 ms latency. */
const SLOW_NETWORK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 }

/**
 * Checked every frame from the start of the document: the time (since navigation start) of the
 * first frame in which the first question's legend or label is on screen.
 */
const FIRST_QUESTION_WATCH = `function (text) {
  const check = () => {
    for (const el of document.querySelectorAll('legend, label')) {
      if (!el.textContent || !el.textContent.includes(text)) continue
      const box = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      if (box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && style.visibility !== 'hidden' && Number(style.opacity) > 0) {
        window.firstQuestionMs = performance.now()
        return
      }
    }
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}`

const firstQuestion: Benchmark = {
  name: 'submit: respondent first question',
  async run(ctx) {
    const dist = await builtWeb(ctx)
    const file = join(ctx.tmpDir, 'first-question.sqlite')
    const fixture = await seedSubmitFixture(file)
    const server = await startServerChild(file, dist, 'stored')
    ctx.onCleanup(() => server.stop())
    const { launchChromium } = await import('../test/e2e/browser.ts')
    const browser = await launchChromium()
    ctx.onCleanup(() => browser.close())
    const firstText = TEN_QUESTION_SURVEY.pages[0]!.questions[0]!.text
    const url = `http://127.0.0.1:${server.port}/s/${fixture.token}`

    const coldLoad = async (): Promise<number> => {
      // A new context is a new profile: empty cache, no service worker, no stored answers.
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true })
      try {
        const page = await context.newPage()
        const cdp = await context.newCDPSession(page)
        await cdp.send('Network.enable')
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
        await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK)
        // A string, not a function: the TypeScript loader would add helpers the page does not have.
        await page.addInitScript(`(${FIRST_QUESTION_WATCH})(${JSON.stringify(firstText)})`)
        await page.goto(url, { waitUntil: 'commit' })
        // Polled from outside (the page's CSP refuses evaluated predicates); the time is the page's own.
        for (const deadline = Date.now() + 30_000; Date.now() < deadline; await page.waitForTimeout(50)) {
          const ms = await page.evaluate('window.firstQuestionMs')
          if (typeof ms === 'number') return ms
        }
        throw new Error(`the first question did not appear within 30 s on ${url}`)
      } finally {
        await context.close()
      }
    }

    await coldLoad() // the server's first page view (module compilation, page cache), not counted
    const times: number[] = []
    for (let i = 0; i < COLD_LOADS; i++) times.push(await coldLoad())
    await browser.close()
    await server.stop()
    return [
      {
        name: 'respondent.first_question_ms',
        value: Math.round(percentile(times, 50)),
        unit: 'ms',
        notes: `median of ${COLD_LOADS} cold loads of /s/<token> in Chromium, 390×844 phone viewport, 1.6 Mbps down / 750 kbps up / 150 ms latency, cache disabled; navigation start to the first question on screen (each: ${times.map((t) => Math.round(t)).join(', ')} ms); target ≤ 1500`,
      },
    ]
  },
}

export const submitBenchmarks: Benchmark[] = [throughput, respondentWeight, firstQuestion]
