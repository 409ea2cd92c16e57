/**
 * `npm run bench [name filter...]`: runs every benchmark in order, prints a table and writes
 * bench/results.json. To add benchmarks, export a `Benchmark[]` from a file in bench/ and list it
 * in SUITES below.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { foundationBenchmarks } from './foundation.ts'
import type { BenchContext, BenchResult, Benchmark } from './lib.ts'

const SUITES: Benchmark[][] = [foundationBenchmarks]

const filters = process.argv.slice(2).map((f) => f.toLowerCase())
const selected = SUITES.flat().filter((b) => filters.length === 0 || filters.some((f) => b.name.toLowerCase().includes(f)))

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
writeFileSync(out, JSON.stringify({ generatedAt: new Date().toISOString(), machine, results }, null, 2) + '\n')
console.log(`Wrote ${out}`)
