/**
 * Every figure, computed from sufficient statistics (`Stats`, one rollup row or a sum of them).
 * Definitions follow DOMAIN.md "Metric definitions"; formulas and worked examples are in
 * docs/metrics.md. Each figure has its value, n, the 95% interval (low, high), the number skipped
 * when the number asked is known, and whether it is below the minimum sample.
 */
import { tCritical, Z95 } from './distributions.ts'
import { countBetween, meanAndVariance, type Stats } from './stats.ts'

export { Z95 }

/** The figure of a metric: null value and interval when nothing was answered. */
export interface MetricValue {
  /** The headline figure (NPS points, CSAT %, mean...), or null when nothing was answered. */
  value: number | null
  /** Answers counted (skipped answers are excluded from the denominator). */
  n: number
  /** 95% interval, or null when it cannot be estimated (n is 0, or a mean of one value). */
  low: number | null
  high: number | null
}

export interface Figure extends MetricValue {
  /** Asked but not answered (asked − n), or null when the number asked was not given. */
  skipped: number | null
  /** Below the minimum sample (or nothing answered): show "insufficient data", no colour, no claim. */
  insufficient: boolean
}

/** Metrics the engine computes: a standard's metric (shared/schemas.ts) plus choice shares and the audit score. */
export type MetricKind = 'nps' | 'csat' | 'ces' | 'rating_mean' | 'yes_rate' | 'choice' | 'audit_score' | 'audit_compliance' | 'timing' | 'case_sla'

/** Default minimum sample for answers (surveys). */
export const DEFAULT_MIN_SAMPLE = 30
/** Default minimum sample for audits (visits). */
export const DEFAULT_MIN_AUDITS = 3

/** An organisation's minimum-sample setting; omitted parts take the defaults (30 answers, 3 audits). */
export interface SampleRule {
  answers?: number
  audits?: number
}

/** Whether a metric's minimum sample counts audits (visits) rather than answers. */
export function countsAudits(metric: string): boolean {
  return metric === 'audit_score' || metric === 'audit_compliance' || metric === 'timing'
}

/**
 * The minimum sample for a metric: audits for the audit score, compliance and timing standards
 * (3 by default), answers for everything else (30 by default).
 * @example minSampleFor('csat') // 30; minSampleFor('audit_compliance') // 3
 */
export function minSampleFor(metric: MetricKind | string, rule: SampleRule = {}): number {
  // A resolved case, like a visit, is one considered piece of evidence: cases take the audits' minimum.
  return countsAudits(metric) || metric === 'case_sla' ? (rule.audits ?? DEFAULT_MIN_AUDITS) : (rule.answers ?? DEFAULT_MIN_SAMPLE)
}

export interface FigureOptions {
  /** How many were shown the question (or asked); gives `skipped = asked − n`. */
  asked?: number | null
  /** Overrides the metric's minimum sample (`minSampleFor`). */
  minSample?: number
}

function skippedOf(n: number, asked: number | null | undefined): number | null {
  return asked === undefined || asked === null ? null : Math.max(0, asked - n)
}

function figure(metric: MetricKind, value: number | null, n: number, low: number | null, high: number | null, opts: FigureOptions, sample = n): Figure {
  const minSample = opts.minSample ?? minSampleFor(metric)
  return { value, n, low, high, skipped: skippedOf(n, opts.asked), insufficient: value === null || sample < minSample }
}

/**
 * Wilson score 95% interval for a proportion, in percent.
 * @example wilson(45, 50) // { low: 78.6, high: 95.7 } (rounded)
 */
export function wilson(hit: number, n: number): { low: number; high: number } | null {
  if (n <= 0) return null
  const p = hit / n
  const z2 = Z95 * Z95
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (Z95 * Math.sqrt(Math.max(0, (p * (1 - p)) / n + z2 / (4 * n * n)))) / (1 + z2 / n)
  return { low: Math.max(0, centre - half) * 100, high: Math.min(1, centre + half) * 100 }
}

/** A share in percent with its Wilson interval (plain counts; `insufficient` against the answers minimum unless told). */
export function shareFigure(hit: number, n: number, opts: FigureOptions = {}, metric: MetricKind = 'yes_rate'): Figure {
  const w = wilson(hit, n)
  return figure(metric, n > 0 ? (hit / n) * 100 : null, n, w?.low ?? null, w?.high ?? null, opts)
}

/** The mean from n, Σ, Σ² with a Student t 95% interval: mean ± t(0.975, n − 1) · s / √n (none for n < 2). */
export function meanInterval(s: Pick<Stats, 'n' | 'sum' | 'sumsq'>): { mean: number | null; sd: number | null; low: number | null; high: number | null } {
  const { mean, variance } = meanAndVariance(s)
  if (mean === null || variance === null) return { mean, sd: null, low: null, high: null }
  const half = tCritical(s.n - 1) * Math.sqrt(variance / s.n)
  return { mean, sd: Math.sqrt(variance), low: mean - half, high: mean + half }
}

// ---------------------------------------------------------------- NPS

export interface NpsFigure extends Figure {
  promoters: number
  passives: number
  detractors: number
  /** Shares of n in percent (null when n is 0). */
  promoterShare: number | null
  passiveShare: number | null
  detractorShare: number | null
}

/**
 * Promoter and detractor shares adjusted for the interval (Rocks 2016, "adjusted Wald"): ¾ of a
 * promoter, ¾ of a detractor and 1½ passives are added, so ñ = n + 3. The variance is DOMAIN's
 * (p + d − (p − d)²) / n on the adjusted shares; it never collapses to 0 (all passives, n = 1).
 */
export function npsAdjusted(promoters: number, detractors: number, n: number): { centre: number; variance: number } {
  const nt = n + 3
  const p = (promoters + 0.75) / nt
  const d = (detractors + 0.75) / nt
  return { centre: p - d, variance: (p + d - (p - d) ** 2) / nt }
}

/**
 * NPS from 0–10 answers: % promoters (9–10) − % detractors (0–6), −100…+100, with the adjusted-Wald
 * 95% interval (see `npsAdjusted`), clamped to ±100.
 * @example npsFromStats(statsFromValues([10, 10, 10, 9, 9, 8, 8, 7, 6, 0])) // value 30, low −19.1, high 65.2
 */
export function npsFromStats(s: Stats, opts: FigureOptions = {}): NpsFigure {
  const promoters = countBetween(s, 9, 10)
  const passives = countBetween(s, 7, 8)
  const detractors = countBetween(s, 0, 6)
  const n = promoters + passives + detractors
  const pct = (c: number) => (n > 0 ? (c / n) * 100 : null)
  const extra = { promoters, passives, detractors, promoterShare: pct(promoters), passiveShare: pct(passives), detractorShare: pct(detractors) }
  if (n === 0) return { ...figure('nps', null, 0, null, null, opts), ...extra }
  const value = ((promoters - detractors) / n) * 100
  const { centre, variance } = npsAdjusted(promoters, detractors, n)
  const half = Z95 * Math.sqrt(variance)
  const low = Math.max(-100, (centre - half) * 100)
  const high = Math.min(100, (centre + half) * 100)
  return { ...figure('nps', value, n, low, high, opts), ...extra }
}

// ---------------------------------------------------------------- CSAT, CES, ratings, yes/no

export interface CsatFigure extends Figure {
  /** Answers 4 or 5. */
  satisfied: number
  /** Mean of the 1–5 answers (secondary). */
  mean: number | null
}

/**
 * CSAT from 1–5 answers: % answering 4 or 5 (top-2-box) with a Wilson interval; the mean alongside.
 * @example csatFromStats(statsFromDistribution({5: 40, 4: 45, 3: 10, 1: 5})) // value 85, low 76.7, high 90.7, mean 4.15
 */
export function csatFromStats(s: Stats, opts: FigureOptions = {}): CsatFigure {
  const satisfied = countBetween(s, 4, 5)
  return { ...shareFigure(satisfied, s.n, opts, 'csat'), satisfied, mean: s.n > 0 ? s.sum / s.n : null }
}

export interface MeanFigure extends Figure {
  /** Sample standard deviation, or null below 2 values. */
  sd: number | null
}

/** A mean's figure; the interval is clamped to the scale when it is known (CES 1–7, audit 0–100%). */
function meanFigure(metric: MetricKind, s: Stats, opts: FigureOptions, bounds?: { min: number; max: number }): MeanFigure {
  const m = meanInterval(s)
  const low = m.low === null || !bounds ? m.low : Math.max(bounds.min, m.low)
  const high = m.high === null || !bounds ? m.high : Math.min(bounds.max, m.high)
  return { ...figure(metric, m.mean, s.n, low, high, opts), sd: m.sd }
}

export interface CesFigure extends MeanFigure {
  /** Answers 5–7. */
  agree: number
  /** % answering 5–7 with its Wilson interval. */
  agreeShare: number | null
  agreeLow: number | null
  agreeHigh: number | null
}

/**
 * CES from 1–7 answers: the mean with a t interval (clamped to 1–7), and the % answering 5–7 with a Wilson interval.
 * @example cesFromStats(statsFromValues([7, 7, 5, 3])) // value 5.5, agreeShare 75
 */
export function cesFromStats(s: Stats, opts: FigureOptions = {}): CesFigure {
  const agree = countBetween(s, 5, 7)
  const w = wilson(agree, s.n)
  return { ...meanFigure('ces', s, opts, { min: 1, max: 7 }), agree, agreeShare: s.n > 0 ? (agree / s.n) * 100 : null, agreeLow: w?.low ?? null, agreeHigh: w?.high ?? null }
}

export interface RatingFigure extends MeanFigure {
  /** One row per scale point: count and % of n. */
  distribution: { value: number; count: number; share: number | null }[]
}

/**
 * A rating (any scale within 0–10): the mean with a t interval and the distribution. `scale` lists
 * every point (zero counts included) and clamps the interval to it; without it, the points 0–10
 * that were answered.
 */
export function ratingFromStats(s: Stats, opts: FigureOptions & { scale?: { min: number; max: number } } = {}): RatingFigure {
  const points: number[] = []
  if (opts.scale) for (let v = opts.scale.min; v <= opts.scale.max; v++) points.push(v)
  else for (let v = 0; v < s.counts.length; v++) if ((s.counts[v] ?? 0) > 0) points.push(v)
  const distribution = points.map((v) => {
    const count = s.counts[v] ?? 0
    return { value: v, count, share: s.n > 0 ? (count / s.n) * 100 : null }
  })
  return { ...meanFigure('rating_mean', s, opts, opts.scale), distribution }
}

/** Yes/no answers (yes = 1, no = 0): % yes with a Wilson interval. */
export function yesRateFromStats(s: Stats, opts: FigureOptions = {}): Figure & { yes: number } {
  const yes = s.counts[1] ?? 0
  return { ...shareFigure(yes, s.n, opts, 'yes_rate'), yes }
}

// ---------------------------------------------------------------- choice

export interface ChoiceShare {
  choice: string
  count: number
  /** % of the respondents who answered, with a Wilson interval. */
  value: number | null
  low: number | null
  high: number | null
}

export interface ChoiceFigure {
  /** Respondents who answered (the denominator). */
  n: number
  skipped: number | null
  insufficient: boolean
  choices: ChoiceShare[]
}

/**
 * Counts and % per choice, in the order given. For a single choice the denominator is the sum of
 * the counts; for a multiple choice pass `respondents` (who answered at all), so shares may add up
 * to more than 100%.
 * @example choiceShares({ card: 60, cash: 30, app: 10 }) // card 60%, cash 30%, app 10% of n 100
 */
export function choiceShares(
  counts: ReadonlyMap<string, number> | Record<string, number>,
  opts: FigureOptions & { respondents?: number } = {},
): ChoiceFigure {
  const pairs = counts instanceof Map ? [...counts.entries()] : Object.entries(counts)
  const n = opts.respondents ?? pairs.reduce((a, [, c]) => a + c, 0)
  const choices = pairs.map(([choice, count]) => {
    const w = wilson(count, n)
    return { choice, count, value: n > 0 ? (count / n) * 100 : null, low: w?.low ?? null, high: w?.high ?? null }
  })
  return { n, skipped: skippedOf(n, opts.asked), insufficient: n === 0 || n < (opts.minSample ?? minSampleFor('choice')), choices }
}

// ---------------------------------------------------------------- audits

export interface AuditScoreFigure extends MeanFigure {
  /** Number of visits (= n); always shown. */
  visits: number
  /** Visits per outcome (the audit_visit row's c0..c3). */
  outcomes: { pass: number; amber: number; fail: number; critical_fail: number }
}

/**
 * A location's (or template's) audit score across visits: the mean of the visits' percentages (each
 * visit counts once) with a t interval from n, Σ, Σ², clamped to 0–100. Input: an `audit_visit` rollup (n = audits,
 * Σ percent, Σ percent², c0..c3 = pass, amber, fail, critical_fail).
 * @example visits of 4/5 = 80% and 2/10 = 20% → 50% (not the pooled 6/15 = 40%)
 */
export function auditScoreFromStats(s: Stats, opts: FigureOptions = {}): AuditScoreFigure {
  const c = s.counts
  return {
    ...meanFigure('audit_score', s, opts, { min: 0, max: 100 }),
    visits: s.n,
    outcomes: { pass: c[0] ?? 0, amber: c[1] ?? 0, fail: c[2] ?? 0, critical_fail: c[3] ?? 0 },
  }
}

export interface ComplianceFigure extends Figure {
  /** Applicable linked items that passed. */
  passed: number
  /** Audits the items came from; the minimum sample counts these (3 by default). */
  audits: number
}

/**
 * Compliance with a standard: passed ÷ applicable linked items, in percent, with a Wilson interval.
 * Insufficient below the minimum number of audits. Input: an `audit_standard` rollup (n =
 * applicable items, Σ = passed, c0 = audits).
 * @example complianceFromStats({ n: 40, sum: 34, sumsq: 34, counts: [10, …] }) // 85%, 10 audits
 */
export function complianceFromStats(s: Stats, opts: FigureOptions = {}, metric: 'audit_compliance' | 'timing' = 'audit_compliance'): ComplianceFigure {
  const audits = s.counts[0] ?? 0
  const w = wilson(s.sum, s.n)
  const value = s.n > 0 ? (s.sum / s.n) * 100 : null
  return { ...figure(metric, value, s.n, w?.low ?? null, w?.high ?? null, opts, audits), passed: s.sum, audits }
}

// ---------------------------------------------------------------- dispatch

/**
 * The figure a metric names, from the Stats of its rollups (`answer` rows for survey metrics,
 * `audit_visit` for audit_score, `audit_standard` for audit_compliance and timing). Choice shares
 * take a map of counts instead (`choiceShares`).
 */
export function figureFor(metric: Exclude<MetricKind, 'choice'> | string, s: Stats, opts: FigureOptions = {}): Figure | null {
  switch (metric) {
    case 'nps':
      return npsFromStats(s, opts)
    case 'csat':
      return csatFromStats(s, opts)
    case 'ces':
      return cesFromStats(s, opts)
    case 'rating_mean':
      return ratingFromStats(s, opts)
    case 'yes_rate':
      return yesRateFromStats(s, opts)
    case 'audit_score':
      return auditScoreFromStats(s, opts)
    case 'audit_compliance':
    case 'timing':
      return complianceFromStats(s, opts, metric)
    case 'case_sla':
      // n resolved cases, sum of them resolved by their due time.
      return shareFigure(s.sum, s.n, opts, 'case_sla')
    default:
      return null
  }
}
