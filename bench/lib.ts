/** What every benchmark file shares: the shape of a benchmark, its results, and timing helpers. */

export interface BenchResult {
  name: string
  /** null when the figure could not be measured (the notes say why). */
  value: number | null
  unit: string
  notes: string
}

export interface BenchContext {
  /** A temporary folder for this run, removed at the end. */
  tmpDir: string
  /** A fixture shared by the benchmarks of one run (e.g. the seeded demo), built on first use. */
  shared<T>(key: string, build: () => Promise<T>): Promise<T>
  /** Runs when the whole run ends, last registered first. */
  onCleanup(fn: () => Promise<void> | void): void
}

export interface Benchmark {
  name: string
  run(ctx: BenchContext): Promise<BenchResult[]>
}

/** The p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]!
}

/** Runs `fn` n times in sequence and returns each call's duration in milliseconds. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn(i)
    out.push(performance.now() - t)
  }
  return out
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
