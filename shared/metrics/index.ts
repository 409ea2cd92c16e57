/**
 * The metric engine: the only place a figure is computed. Inputs are distributions
 * (answer value → count), which is exactly what the daily rollups store, so dashboards never
 * need raw responses. Definitions follow DOMAIN.md; see docs/metrics.md for worked examples.
 */

export type Distribution = ReadonlyMap<number, number> | Record<number, number>

export interface MetricValue {
  /** The headline figure (NPS points, CSAT %, mean...), or null when nothing was answered. */
  value: number | null
  /** Answers counted (skipped answers are excluded from the denominator). */
  n: number
  /** 95% interval, or null when n is 0. */
  low: number | null
  high: number | null
}

export const DEFAULT_MIN_SAMPLE = 30
const Z95 = 1.959963984540054

function entries(dist: Distribution): [number, number][] {
  return dist instanceof Map ? [...dist.entries()] : Object.entries(dist).map(([k, v]) => [Number(k), v as number])
}

function count(dist: Distribution, pred: (v: number) => boolean): { hit: number; n: number } {
  let hit = 0
  let n = 0
  for (const [v, c] of entries(dist)) {
    n += c
    if (pred(v)) hit += c
  }
  return { hit, n }
}

/**
 * Wilson score 95% interval for a proportion, in percent.
 * @example wilson(45, 50) // { low: 78.6, high: 95.7 } (rounded)
 */
export function wilson(hit: number, n: number): { low: number; high: number } | null {
  if (n === 0) return null
  const p = hit / n
  const z2 = Z95 * Z95
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n)
  return { low: Math.max(0, centre - half) * 100, high: Math.min(1, centre + half) * 100 }
}

/**
 * NPS from a 0–10 distribution: % promoters (9–10) − % detractors (0–6), −100…+100.
 * Interval: variance = (p + d − (p − d)²) / n; NPS ± 1.96·√variance·100.
 * @example computeNps({10: 5, 9: 3, 8: 1, 3: 1}) // value 70, n 10
 */
export function computeNps(dist: Distribution): MetricValue & { promoters: number; passives: number; detractors: number } {
  let promoters = 0
  let passives = 0
  let detractors = 0
  for (const [v, c] of entries(dist)) {
    if (v >= 9) promoters += c
    else if (v >= 7) passives += c
    else detractors += c
  }
  const n = promoters + passives + detractors
  if (n === 0) return { value: null, n: 0, low: null, high: null, promoters, passives, detractors }
  const p = promoters / n
  const d = detractors / n
  const value = (p - d) * 100
  const half = Z95 * Math.sqrt((p + d - (p - d) ** 2) / n) * 100
  return { value, n, low: Math.max(-100, value - half), high: Math.min(100, value + half), promoters, passives, detractors }
}

/**
 * CSAT from a 1–5 distribution: % of answers 4 or 5 (top-2-box), with a Wilson interval.
 * @example computeCsat({5: 40, 4: 45, 3: 10, 1: 5}) // value 85, n 100
 */
export function computeCsat(dist: Distribution): MetricValue & { mean: number | null } {
  const { hit, n } = count(dist, (v) => v >= 4)
  return { ...proportion(hit, n), mean: mean(dist).value }
}

/** CES from a 1–7 distribution: the mean, with the % answering 5–7 alongside. */
export function computeCes(dist: Distribution): MetricValue & { agreeShare: number | null } {
  const { hit, n } = count(dist, (v) => v >= 5)
  return { ...mean(dist), agreeShare: n === 0 ? null : (hit / n) * 100 }
}

/** A share in percent with its Wilson interval. */
export function proportion(hit: number, n: number): MetricValue {
  const w = wilson(hit, n)
  return { value: n === 0 ? null : (hit / n) * 100, n, low: w?.low ?? null, high: w?.high ?? null }
}

/** Mean of a distribution with a normal-approximation 95% interval (t would be marginally wider at tiny n). */
export function mean(dist: Distribution): MetricValue {
  let n = 0
  let sum = 0
  let sumSq = 0
  for (const [v, c] of entries(dist)) {
    n += c
    sum += v * c
    sumSq += v * v * c
  }
  if (n === 0) return { value: null, n: 0, low: null, high: null }
  const m = sum / n
  const variance = n > 1 ? (sumSq - n * m * m) / (n - 1) : 0
  const half = Z95 * Math.sqrt(Math.max(0, variance) / n)
  return { value: m, n, low: m - half, high: m + half }
}

export type Status = 'green' | 'amber' | 'red' | 'insufficient'

export interface TargetInForce {
  target: number
  tolerance: number
  direction: 'higher' | 'lower'
}

/**
 * Red/amber/green against a target: green when the target is met, amber within the tolerance band,
 * red beyond it; "insufficient" below the minimum sample, whatever the value.
 * @example statusAgainstTarget(82, 120, { target: 85, tolerance: 5, direction: 'higher' }) // 'amber'
 */
export function statusAgainstTarget(value: number | null, n: number, t: TargetInForce, minSample = DEFAULT_MIN_SAMPLE): Status {
  if (value === null || n < minSample) return 'insufficient'
  const gap = t.direction === 'higher' ? value - t.target : t.target - value
  if (gap >= 0) return 'green'
  if (gap >= -t.tolerance) return 'amber'
  return 'red'
}

/** Merge distributions (e.g. the daily rollup rows of a period) into one. */
export function mergeDistributions(rows: Iterable<{ value: number; count: number }>): Map<number, number> {
  const out = new Map<number, number>()
  for (const r of rows) out.set(r.value, (out.get(r.value) ?? 0) + r.count)
  return out
}

/** Compute the metric a standard names from a distribution of its linked questions' answers. */
export function computeMetric(metric: string, dist: Distribution): MetricValue | null {
  switch (metric) {
    case 'nps':
      return computeNps(dist)
    case 'csat':
      return computeCsat(dist)
    case 'ces':
    case 'rating_mean':
      return mean(dist)
    case 'yes_rate': {
      const { hit, n } = count(dist, (v) => v === 1)
      return proportion(hit, n)
    }
    default:
      return null
  }
}
