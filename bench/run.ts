/**
 * `npm run bench [filter...]`: runs every benchmark in order (or those whose suite or benchmark
 * name contains a filter), prints a table and writes bench/results.json: `results` in run order
 * and `figures`, the same values as one flat {name: value} object. A filtered run keeps the other
 * figures of the previous results.json. To add benchmarks, export a `Benchmark[]` from a file in
 * bench/ and list it in SUITES below.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { foundationBenchmarks } from './foundation.ts'
import { submitBenchmarks } from './submit.ts'
import { linkBenchmarks } from './links.ts'
import { sentimentBenchmarks } from './sentiment.ts'
import { analyticsBenchmarks } from './analytics.ts'
import type { BenchContext, BenchResult, Benchmark } from './lib.ts'

const SUITES: Record<string, Benchmark[]> = { foundation: foundationBenchmarks, submit: submitBenchmarks, links: linkBenchmarks, sentiment: sentimentBenchmarks, analytics: analyticsBenchmarks }

const filters = process.argv.slice(2).map((f) => f.toLowerCase())
const selected = Object.entries(SUITES).flatMap(([suite, benchmarks]) =>
  benchmarks.filter((b) => filters.length === 0 || filters.some((f) => suite.includes(f) || b.name.toLowerCase().includes(f))),
)

const tmpDir = mkdtempSync(join(tmpdir(), 'yardstick-bench-'))
const fixtures = new Map<string, Promise<unknown>>()
const cleanups: (() => Promise<void> | void)[] = []
const ctx: BenchContext = {
  tmpDir,
  shared: <T>(key: string, build: () => Promise<T>) => {
    if (!fixtures.has(key)) fixtures.set(key, build())
    return fixtures.get(key) as Promise<T>
  },
  onCleanup: (fn) => cleanups.push(fn),
}

const results: BenchResult[] = []
const started = performance.now()
try {
  for (const b of selected) {
    process.stdout.write(`… ${b.name}\n`)
    const t = performance.now()
    results.push(...(await b.run(ctx)))
    process.stdout.write(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`)
  }
} finally {
  for (const fn of cleanups.reverse()) await fn()
  rmSync(tmpDir, { recursive: true, force: true })
}

const header = ['benchmark', 'value', 'unit', 'notes']
const rows = results.map((r) => [r.name, r.value === null ? '—' : String(r.value), r.unit, r.notes])
const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join('  ').trimEnd()
console.log(`\n${line(header)}\n${width.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`)
console.log(`\n${results.length} figures in ${((performance.now() - started) / 1000).toFixed(1)} s`)

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` }
const out = resolve(fileURLToPath(import.meta.url), '../results.json')
let all = results
if (filters.length > 0 && existsSync(out)) {
  const fresh = new Set(results.map((r) => r.name))
  const kept = (JSON.parse(readFileSync(out, 'utf8')) as { results?: BenchResult[] }).results?.filter((r) => !fresh.has(r.name)) ?? []
  all = [...kept, ...results]
  if (kept.length) console.log(`Kept ${kept.length} figures of the previous run that this filtered run did not measure`)
}
const figures = Object.fromEntries(all.filter((r) => r.value !== null).map((r) => [r.name, r.value]))
writeFileSync(out, JSON.stringify({ generatedAt: new Date().toISOString(), machine, results: all, figures }, null, 2) + '\n')
console.log(`Wrote ${out}`)
