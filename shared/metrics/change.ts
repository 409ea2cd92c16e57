/**
 * Is a change real? Period-over-period significance (DOMAIN "Changes between periods") and the
 * difference of differences of a before/after with comparison locations ("Before and after an
 * action"). Formulas and worked examples in docs/metrics.md.
 */
import { normalTwoSidedP, tCritical, tTwoSidedP, Z95 } from './distributions.ts'
import { countsAudits, minSampleFor, npsAdjusted, type MetricKind, type SampleRule } from './figures.ts'
import { countBetween, meanAndVariance, type Stats } from './stats.ts'

export type ChangeTest = 'two_proportion_z' | 'nps_difference' | 'welch_t'

export interface Change {
  /** after − before (or the difference of differences), in the metric's units: percentage points for shares, NPS points, or the mean's units. */
  delta: number | null
  /** 95% interval of delta. */
  low: number | null
  high: number | null
  /** Two-sided p-value. */
  pValue: number | null
  /** p < alpha (0.05) and every side at or above the minimum sample. */
  significant: boolean
  /** The sign of delta ('flat' when 0 or unknown), whatever its significance; claim it only when `significant`. */
  direction: 'up' | 'down' | 'flat'
  test: ChangeTest
  /** z or t. */
  statistic: number | null
  /** Degrees of freedom of Welch's t (Welch–Satterthwaite), null for z tests. */
  df: number | null
}

export interface ChangeOptions {
  /** Minimum sample each side must reach to call a change significant; default from the metric. */
  minSample?: number
  /** Significance level; default 0.05 (95%). */
  alpha?: number
}

/** A share: hits out of n; `sample` is what the minimum sample counts (audits for compliance; n otherwise). */
export interface ShareCount {
  hit: number
  n: number
  sample?: number
}

function direction(delta: number | null): Change['direction'] {
  if (delta === null || Math.abs(delta) < 1e-12) return 'flat'
  return delta > 0 ? 'up' : 'down'
}

function none(test: ChangeTest, delta: number | null = null): Change {
  return { delta, low: null, high: null, pValue: null, significant: false, direction: direction(delta), test, statistic: null, df: null }
}

function finish(test: ChangeTest, delta: number, se: number, crit: number, p: number, statistic: number | null, df: number | null, bigEnough: boolean, alpha: number): Change {
  return { delta, low: delta - crit * se, high: delta + crit * se, pValue: p, significant: bigEnough && p < alpha, direction: direction(delta), test, statistic, df }
}

/** Agresti–Caffo variance of a share (one success and one failure added), in percent². */
function shareVariance(hit: number, n: number): number {
  const p = (hit + 1) / (n + 2)
  return ((p * (1 - p)) / (n + 2)) * 1e4
}

/**
 * Two-proportion z-test (CSAT, yes-rate, compliance): delta = p₂ − p₁ in percentage points;
 * z = delta / √(p̄(1 − p̄)(1/n₁ + 1/n₂)) with the pooled share p̄; the interval of delta uses the
 * unpooled Agresti–Caffo variances (one success and one failure added to each side).
 * @example proportionChange({ hit: 80, n: 100 }, { hit: 90, n: 100 }) // delta 10, z 1.980, p 0.0477
 */
export function proportionChange(before: ShareCount, after: ShareCount, opts: ChangeOptions = {}): Change {
  const test = 'two_proportion_z'
  if (before.n <= 0 || after.n <= 0) return none(test)
  const minSample = opts.minSample ?? minSampleFor('yes_rate')
  const delta = (after.hit / after.n - before.hit / before.n) * 100
  const pooled = (before.hit + after.hit) / (before.n + after.n)
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / before.n + 1 / after.n)) * 100
  const z = sePooled > 0 ? delta / sePooled : null
  const p = z === null ? (delta === 0 ? 1 : 0) : normalTwoSidedP(z)
  const se = Math.sqrt(shareVariance(before.hit, before.n) + shareVariance(after.hit, after.n))
  const bigEnough = (before.sample ?? before.n) >= minSample && (after.sample ?? after.n) >= minSample
  return finish(test, delta, se, Z95, p, z, null, bigEnough, opts.alpha ?? 0.05)
}

/**
 * NPS change: delta = NPS₂ − NPS₁ in points; the interval and z from the two variances,
 * SE = 100·√(var₁ + var₂), with each variance the adjusted-Wald one of the NPS interval.
 */
export function npsChange(before: Stats, after: Stats, opts: ChangeOptions = {}): Change {
  const test = 'nps_difference'
  const a = npsParts(before)
  const b = npsParts(after)
  if (a.n === 0 || b.n === 0) return none(test)
  const minSample = opts.minSample ?? minSampleFor('nps')
  const delta = b.value - a.value
  const se = Math.sqrt(a.variance + b.variance)
  const z = delta / se
  return finish(test, delta, se, Z95, normalTwoSidedP(z), z, null, a.n >= minSample && b.n >= minSample, opts.alpha ?? 0.05)
}

function npsParts(s: Stats): { value: number; variance: number; n: number } {
  const promoters = countBetween(s, 9, 10)
  const detractors = countBetween(s, 0, 6)
  const n = promoters + countBetween(s, 7, 8) + detractors
  if (n === 0) return { value: 0, variance: 0, n }
  return { value: ((promoters - detractors) / n) * 100, variance: npsAdjusted(promoters, detractors, n).variance * 1e4, n }
}

/**
 * Welch's t for means (CES, ratings, audit score): delta = x̄₂ − x̄₁; SE = √(s₁²/n₁ + s₂²/n₂);
 * df by Welch–Satterthwaite; p from Student's t; interval delta ± t(0.975, df)·SE. Needs two values
 * a side. `sample` overrides what the minimum sample counts.
 * @example R's t.test(extra ~ group, data = sleep): t = −1.8608, df = 17.776, p = 0.07939
 */
export function meanChange(before: Stats, after: Stats, opts: ChangeOptions = {}, metric: MetricKind = 'rating_mean'): Change {
  const test = 'welch_t'
  const a = meanAndVariance(before)
  const b = meanAndVariance(after)
  const delta = a.mean !== null && b.mean !== null ? b.mean - a.mean : null
  if (delta === null || a.variance === null || b.variance === null) return none(test, delta)
  const minSample = opts.minSample ?? minSampleFor(metric)
  const parts = [
    { v: a.variance / before.n, n: before.n },
    { v: b.variance / after.n, n: after.n },
  ]
  return welch(test, delta, parts, before.n >= minSample && after.n >= minSample, opts.alpha ?? 0.05)
}

function welch(test: ChangeTest, delta: number, parts: { v: number; n: number }[], bigEnough: boolean, alpha: number): Change {
  const v = parts.reduce((acc, x) => acc + x.v, 0)
  if (v === 0) {
    // No spread on either side: the difference is exact.
    const p = Math.abs(delta) < 1e-12 ? 1 : 0
    return { ...finish(test, delta, 0, 0, p, null, null, bigEnough, alpha) }
  }
  const df = (v * v) / parts.reduce((acc, x) => acc + (x.v * x.v) / (x.n - 1), 0)
  const se = Math.sqrt(v)
  const t = delta / se
  return finish(test, delta, se, tCritical(df, alpha), tTwoSidedP(t, df), t, df, bigEnough, alpha)
}

/** The hits of a share metric's Stats: CSAT 4–5, yes = 1, compliance Σ passed (sample = audits, c0). */
export function shareCount(metric: string, s: Stats): ShareCount {
  switch (metric) {
    case 'csat':
      return { hit: countBetween(s, 4, 5), n: s.n }
    case 'yes_rate':
      return { hit: s.counts[1] ?? 0, n: s.n }
    case 'case_sla':
      return { hit: s.sum, n: s.n }
    default:
      return { hit: s.sum, n: s.n, sample: countsAudits(metric) ? (s.counts[0] ?? 0) : s.n }
  }
}

function testOf(metric: string): ChangeTest | null {
  switch (metric) {
    case 'csat':
    case 'yes_rate':
    case 'audit_compliance':
    case 'timing':
    case 'case_sla':
      return 'two_proportion_z'
    case 'nps':
      return 'nps_difference'
    case 'ces':
    case 'rating_mean':
    case 'audit_score':
      return 'welch_t'
    default:
      return null
  }
}

/**
 * The change of a metric between two periods, from each period's Stats (the same rollups as
 * `figureFor`), with the metric's test and minimum sample (`rule` sets the organisation's).
 * Null for a metric without a test.
 */
export function changeFor(metric: MetricKind | string, before: Stats, after: Stats, opts: ChangeOptions & { rule?: SampleRule } = {}): Change | null {
  const o = { ...opts, minSample: opts.minSample ?? minSampleFor(metric, opts.rule) }
  switch (testOf(metric)) {
    case 'two_proportion_z':
      return proportionChange(shareCount(metric, before), shareCount(metric, after), o)
    case 'nps_difference':
      return npsChange(before, after, o)
    case 'welch_t':
      return meanChange(before, after, o, metric as MetricKind)
    default:
      return null
  }
}

export interface BeforeAfter {
  before: Stats
  after: Stats
}

/**
 * Difference of differences: (after − before at the locations with the action) − (after − before at
 * comparison locations without it), so a change everyone saw (season, a new product) is not credited
 * to the action. The variance is the sum of the four sides' variances: unpooled Agresti–Caffo for
 * shares, adjusted Wald for NPS (z interval and test), s²/n for means (Welch–Satterthwaite df, t).
 * Significant only when p < 0.05 and all four sides reach the minimum sample.
 */
export function differenceOfDifferences(metric: MetricKind | string, action: BeforeAfter, comparison: BeforeAfter, opts: ChangeOptions & { rule?: SampleRule } = {}): Change | null {
  const test = testOf(metric)
  if (!test) return null
  const minSample = opts.minSample ?? minSampleFor(metric, opts.rule)
  const alpha = opts.alpha ?? 0.05
  const sides = [action.before, action.after, comparison.before, comparison.after]
  const signs = [-1, 1, 1, -1]
  const parts = sides.map((s) => part(metric, test, s))
  if (parts.some((p) => p === null)) return none(test)
  const ps = parts as NonNullable<(typeof parts)[number]>[]
  const delta = ps.reduce((acc, p, i) => acc + signs[i]! * p.value, 0)
  const bigEnough = ps.every((p) => p.sample >= minSample)
  if (test === 'welch_t') return welch(test, delta, ps.map((p) => ({ v: p.variance, n: p.n })), bigEnough, alpha)
  const se = Math.sqrt(ps.reduce((acc, p) => acc + p.variance, 0))
  const z = se > 0 ? delta / se : null
  const p = z === null ? (Math.abs(delta) < 1e-12 ? 1 : 0) : normalTwoSidedP(z)
  return finish(test, delta, se, Z95, p, z, null, bigEnough, alpha)
}

function part(metric: string, test: ChangeTest, s: Stats): { value: number; variance: number; n: number; sample: number } | null {
  if (test === 'nps_difference') {
    const p = npsParts(s)
    return p.n === 0 ? null : { ...p, sample: p.n }
  }
  if (test === 'two_proportion_z') {
    const c = shareCount(metric, s)
    return c.n <= 0 ? null : { value: (c.hit / c.n) * 100, variance: shareVariance(c.hit, c.n), n: c.n, sample: c.sample ?? c.n }
  }
  const m = meanAndVariance(s)
  return m.mean === null || m.variance === null ? null : { value: m.mean, variance: m.variance / s.n, n: s.n, sample: s.n }
}
