/**
 * Sufficient statistics: the engine's input, exactly the statistics of a rollup row
 * (docs/analytics.md, "Rollups"). A figure for any period, location or link is the sum of its rows'
 * Stats followed by one function of `figures.ts`; subtracting is how an edit, an upheld dispute or an
 * erasure takes a contribution back out.
 */

/** Number of per-value counters: values 0–10. */
export const COUNT_SLOTS = 11

export interface Stats {
  /** How many values (answers, audits, applicable items — see the rollup kind). */
  n: number
  /** Σ value. */
  sum: number
  /** Σ value². */
  sumsq: number
  /** counts[v] = how many values equal v, for the integers 0–10 (other values are in n, sum, sumsq only). */
  counts: number[]
}

/** A rollup row as read from the `rollup` table. */
export interface RollupStatsRow {
  n: number
  sum: number
  sumsq: number
  c0: number
  c1: number
  c2: number
  c3: number
  c4: number
  c5: number
  c6: number
  c7: number
  c8: number
  c9: number
  c10: number
}

export function emptyStats(): Stats {
  return { n: 0, sum: 0, sumsq: 0, counts: new Array<number>(COUNT_SLOTS).fill(0) }
}

/** a + b, as a new Stats. */
export function addStats(a: Stats, b: Stats): Stats {
  const counts = new Array<number>(COUNT_SLOTS)
  for (let v = 0; v < COUNT_SLOTS; v++) counts[v] = (a.counts[v] ?? 0) + (b.counts[v] ?? 0)
  return { n: a.n + b.n, sum: a.sum + b.sum, sumsq: a.sumsq + b.sumsq, counts }
}

/** a − b, as a new Stats (taking a contribution back out: an edit, a dispute, an erasure). */
export function subtractStats(a: Stats, b: Stats): Stats {
  const counts = new Array<number>(COUNT_SLOTS)
  for (let v = 0; v < COUNT_SLOTS; v++) counts[v] = (a.counts[v] ?? 0) - (b.counts[v] ?? 0)
  return { n: a.n - b.n, sum: a.sum - b.sum, sumsq: a.sumsq - b.sumsq, counts }
}

/** into += b, in place (summing many rows without a new Stats per row); returns `into`. */
export function addStatsInto(into: Stats, b: Stats): Stats {
  into.n += b.n
  into.sum += b.sum
  into.sumsq += b.sumsq
  for (let v = 0; v < COUNT_SLOTS; v++) into.counts[v]! += b.counts[v] ?? 0
  return into
}

/** The sum of many Stats (the rollup rows of a period). */
export function sumStats(rows: Iterable<Stats>): Stats {
  const out = emptyStats()
  for (const r of rows) addStatsInto(out, r)
  return out
}

/** Stats of one rollup row (columns n, sum, sumsq, c0 … c10). */
export function statsFromRow(row: RollupStatsRow): Stats {
  return {
    n: row.n,
    sum: row.sum,
    sumsq: row.sumsq,
    counts: [row.c0, row.c1, row.c2, row.c3, row.c4, row.c5, row.c6, row.c7, row.c8, row.c9, row.c10],
  }
}

/** Stats of a list of values (one answer, one visit percentage…); integers 0–10 are also counted. */
export function statsFromValues(values: Iterable<number>): Stats {
  const s = emptyStats()
  for (const v of values) addValue(s, v, 1)
  return s
}

/** Stats of a distribution (value → count). */
export function statsFromDistribution(dist: ReadonlyMap<number, number> | Record<number, number>): Stats {
  const s = emptyStats()
  const pairs = dist instanceof Map ? [...dist.entries()] : Object.entries(dist).map(([k, v]) => [Number(k), v as number] as const)
  for (const [v, c] of pairs) addValue(s, v, c)
  return s
}

function addValue(s: Stats, v: number, c: number): void {
  s.n += c
  s.sum += v * c
  s.sumsq += v * v * c
  if (Number.isInteger(v) && v >= 0 && v < COUNT_SLOTS) s.counts[v] = (s.counts[v] ?? 0) + c
}

/** Σ counts[from..to] (inclusive). */
export function countBetween(s: Stats, from: number, to: number): number {
  let c = 0
  for (let v = Math.max(0, from); v <= Math.min(COUNT_SLOTS - 1, to); v++) c += s.counts[v] ?? 0
  return c
}

/** Mean and sample variance (n − 1 denominator) from n, Σ, Σ²; variance null below 2 values. */
export function meanAndVariance(s: Pick<Stats, 'n' | 'sum' | 'sumsq'>): { mean: number | null; variance: number | null } {
  if (s.n <= 0) return { mean: null, variance: null }
  const mean = s.sum / s.n
  if (s.n < 2) return { mean, variance: null }
  // Σ(x − x̄)² = Σx² − (Σx)²/n; clamp the tiny negatives floating point can leave.
  const variance = Math.max(0, (s.sumsq - (s.sum * s.sum) / s.n) / (s.n - 1))
  return { mean, variance }
}
