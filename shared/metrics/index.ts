/**
 * The metric engine: the only place a figure is computed. Inputs are sufficient statistics
 * (`Stats`: n, Σ, Σ², counts per value 0–10), exactly what the rollups store, so dashboards never
 * need raw responses. Definitions follow DOMAIN.md; see docs/metrics.md for formulas and worked
 * examples.
 *
 * - stats.ts: the Stats type, adding and subtracting rollup rows;
 * - figures.ts: every metric from Stats, the minimum-sample rule;
 * - change.ts: period-change significance and the difference of differences;
 * - rank.ts: league tables ranked by the interval;
 * - drivers.ts: how much a theme pulls a score;
 * - distributions.ts: normal and Student's t.
 *
 * The distribution-based functions below (computeNps, computeCsat, computeCes, mean, computeMetric)
 * are kept for existing callers and go through the same engine.
 */
import { cesFromStats, csatFromStats, DEFAULT_MIN_SAMPLE, figureFor, npsFromStats, shareFigure, meanInterval, type MetricValue } from './figures.ts'
import { statsFromDistribution } from './stats.ts'

export * from './stats.ts'
export * from './figures.ts'
export * from './change.ts'
export * from './rank.ts'
export * from './drivers.ts'
export { incompleteBeta, lnGamma, normalCdf, normalTwoSidedP, tCdf, tCritical, tTwoSidedP } from './distributions.ts'

export type Distribution = ReadonlyMap<number, number> | Record<number, number>

/**
 * NPS from a 0–10 distribution: % promoters (9–10) − % detractors (0–6), −100…+100, with the
 * adjusted-Wald interval (see `npsFromStats`).
 * @example computeNps({10: 5, 9: 3, 8: 1, 3: 1}) // value 70, n 10
 */
export function computeNps(dist: Distribution): MetricValue & { promoters: number; passives: number; detractors: number } {
  const f = npsFromStats(statsFromDistribution(dist))
  return { value: f.value, n: f.n, low: f.low, high: f.high, promoters: f.promoters, passives: f.passives, detractors: f.detractors }
}

/**
 * CSAT from a 1–5 distribution: % of answers 4 or 5 (top-2-box), with a Wilson interval.
 * @example computeCsat({5: 40, 4: 45, 3: 10, 1: 5}) // value 85, n 100
 */
export function computeCsat(dist: Distribution): MetricValue & { mean: number | null } {
  const f = csatFromStats(statsFromDistribution(dist))
  return { value: f.value, n: f.n, low: f.low, high: f.high, mean: f.mean }
}

/** CES from a 1–7 distribution: the mean (t interval), with the % answering 5–7 alongside. */
export function computeCes(dist: Distribution): MetricValue & { agreeShare: number | null } {
  const f = cesFromStats(statsFromDistribution(dist))
  return { value: f.value, n: f.n, low: f.low, high: f.high, agreeShare: f.agreeShare }
}

/** A share in percent with its Wilson interval. */
export function proportion(hit: number, n: number): MetricValue {
  const f = shareFigure(hit, n)
  return { value: f.value, n: f.n, low: f.low, high: f.high }
}

/** Mean of a distribution with a Student t 95% interval (none for a single value). */
export function mean(dist: Distribution): MetricValue {
  const s = statsFromDistribution(dist)
  const m = meanInterval(s)
  return { value: m.mean, n: s.n, low: m.low, high: m.high }
}

export type Status = 'green' | 'amber' | 'red' | 'insufficient'

export interface TargetInForce {
  target: number
  tolerance: number
  direction: 'higher' | 'lower'
}

/**
 * Red/amber/green against a target: green when the target is met, amber within the tolerance band,
 * red beyond it; "insufficient" below the minimum sample, whatever the value. Pass
 * `minSampleFor(metric)` (3 for audits) as the minimum; for compliance, n is the number of audits.
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

/** Compute a survey metric a standard names from a distribution of its linked questions' answers. */
export function computeMetric(metric: string, dist: Distribution): MetricValue | null {
  if (metric !== 'nps' && metric !== 'csat' && metric !== 'ces' && metric !== 'rating_mean' && metric !== 'yes_rate') return null
  const f = figureFor(metric, statsFromDistribution(dist))
  return f && { value: f.value, n: f.n, low: f.low, high: f.high }
}
