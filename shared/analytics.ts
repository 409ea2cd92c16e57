import { z } from 'zod'
import { DIMENSIONS, ZId } from './schemas.ts'
export { cellLink } from './cell-link.ts'

/**
 * Contracts of the analytics API (server/routes/analytics.ts, docs/analytics.md), shared with the
 * web app: the filter every endpoint takes, each endpoint's query, the response shapes, and the
 * calendar of rollup buckets (day, ISO week from Monday, month) with the period decomposition.
 */

// ---- calendar

export const GRAINS = ['day', 'week', 'month'] as const
export type Grain = (typeof GRAINS)[number]

const DAY_MS = 86_400_000
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`)
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The day `n` days after (or before, when negative) an ISO date. */
export function addDays(day: string, n: number): string {
  return fromMs(toMs(day) + n * DAY_MS)
}

/** Days from `a` to `b` inclusive (1 when equal). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS) + 1
}

/** The same calendar day a year earlier (29 February becomes 28 February). */
export function yearEarlier(day: string): string {
  const y = Number(day.slice(0, 4)) - 1
  const md = day.slice(5)
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`
}

/** The first day of the bucket of `grain` holding `day`: itself, its week's Monday, its month's 1st. */
export function bucketStart(grain: Grain, day: string): string {
  if (grain === 'day') return day
  if (grain === 'month') return `${day.slice(0, 7)}-01`
  const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return addDays(day, -weekday)
}

/** The last day of the bucket of `grain` starting on `start`. */
export function bucketEnd(grain: Grain, start: string): string {
  if (grain === 'day') return start
  if (grain === 'week') return addDays(start, 6)
  const y = Number(start.slice(0, 4))
  const m = Number(start.slice(5, 7))
  return fromMs(Date.UTC(y, m, 1) - DAY_MS)
}

/** The first day of the next bucket. */
export function nextBucket(grain: Grain, start: string): string {
  return addDays(bucketEnd(grain, start), 1)
}

export interface Piece {
  grain: Grain
  /** First day of the bucket. */
  bucket: string
  /** -1: the bucket is subtracted (see signedPieces); otherwise added. */
  sign?: -1
}

/**
 * The fewest whole buckets covering [from, to] exactly: months where the period holds a whole
 * month, Monday weeks where it holds a whole week, days for the rest. Found by dynamic programming
 * over the days (a whole month is not always the better choice: 26 January–1 March 2026 is five
 * whole weeks, but January's ragged days + February + 1 March would be eight buckets); on equal
 * counts the coarser buckets win. Returned in date order.
 * @example decomposePeriod('2026-01-30', '2026-03-03') // days 30, 31 Jan; month Feb; days 1–3 Mar (6 buckets)
 */
export function decomposePeriod(from: string, to: string): Piece[] {
  const key = `${from}|${to}`
  let pieces = decomposed.get(key)
  if (!pieces) {
    if (decomposed.size >= 1024) decomposed.clear()
    decomposed.set(key, (pieces = decompose(from, to)))
  }
  return pieces.map((p) => ({ ...p }))
}

/** Decompositions already found: every dashboard request asks for the same few periods. */
const decomposed = new Map<string, Piece[]>()

function decompose(from: string, to: string): Piece[] {
  const len = daysBetween(from, to)
  if (len <= 0) return []
  // best[i]: fewest buckets covering the first i days; dayCount[i]: day buckets among them (the tie-break).
  const best = new Array<number>(len + 1).fill(Infinity)
  const dayCount = new Array<number>(len + 1).fill(Infinity)
  const choice = new Array<Piece | undefined>(len + 1)
  best[0] = 0
  dayCount[0] = 0
  const start0 = toMs(from)
  for (let i = 0; i < len; i++) {
    if (best[i] === Infinity) continue
    const day = fromMs(start0 + i * DAY_MS)
    const options: [Grain, number][] = [['day', 1]]
    if (bucketStart('week', day) === day) options.push(['week', 7])
    if (day.endsWith('-01')) options.push(['month', daysBetween(day, bucketEnd('month', day))])
    for (const [grain, span] of options) {
      const j = i + span
      if (j > len) continue
      const cost = best[i]! + 1
      const days = dayCount[i]! + (grain === 'day' ? 1 : 0)
      if (cost < best[j]! || (cost === best[j]! && days < dayCount[j]!)) {
        best[j] = cost
        dayCount[j] = days
        choice[j] = { grain, bucket: day }
      }
    }
  }
  const out: Piece[] = []
  for (let j = len; j > 0; ) {
    const p = choice[j]!
    out.push(p)
    j = daysBetween(from, p.bucket) - 1
  }
  return out.reverse()
}

/**
 * Consecutive buckets of one grain joined into [first, last] runs, so a read can select ranges
 * instead of long lists (D1 binds at most 100 parameters).
 */
/**
 * The fewest buckets covering [from, to] exactly when buckets may also be subtracted: the period
 * widened to its week's or month's start and end, less the widening. Rollup statistics are sums,
 * so subtracting is exact.
 * @example signedPieces('2026-05-26', '2026-08-23') // + week 25 May, June, July, August; − day 25 May, week 24 Aug, day 31 Aug (7 buckets instead of 13)
 */
export function signedPieces(from: string, to: string): Piece[] {
  let best = decomposePeriod(from, to)
  const lefts = new Set([from, bucketStart('week', from), bucketStart('month', from)])
  const rights = new Set([to, bucketEnd('week', bucketStart('week', to)), bucketEnd('month', bucketStart('month', to))])
  for (const left of lefts)
    for (const right of rights) {
      if (left === from && right === to) continue
      const minus = [...(left < from ? decomposePeriod(left, addDays(from, -1)) : []), ...(right > to ? decomposePeriod(addDays(to, 1), right) : [])]
      const pieces = [...decomposePeriod(left, right), ...minus.map((p) => ({ ...p, sign: -1 as const }))]
      if (pieces.length < best.length) best = pieces
    }
  return best
}

export function bucketRuns(pieces: readonly Piece[]): { grain: Grain; first: string; last: string }[] {
  const byGrain = new Map<Grain, string[]>()
  for (const p of pieces) byGrain.set(p.grain, [...(byGrain.get(p.grain) ?? []), p.bucket])
  const runs: { grain: Grain; first: string; last: string }[] = []
  for (const [grain, buckets] of byGrain) {
    const sorted = [...new Set(buckets)].sort()
    let run: { grain: Grain; first: string; last: string } | undefined
    for (const b of sorted) {
      if (run && nextBucket(grain, run.last) === b) run.last = b
      else runs.push((run = { grain, first: b, last: b }))
    }
  }
  return runs
}

/** The series buckets of `grain` over [from, to], each clipped to the period. */
export function seriesBuckets(grain: Grain, from: string, to: string): { bucket: string; from: string; to: string }[] {
  const out: { bucket: string; from: string; to: string }[] = []
  for (let b = bucketStart(grain, from); b <= to; b = nextBucket(grain, b)) {
    const end = bucketEnd(grain, b)
    out.push({ bucket: b, from: b < from ? from : b, to: end > to ? to : end })
  }
  return out
}

// ---- filters

const ZDate = z.iso.date('must be a date (YYYY-MM-DD)')
/** The longest period any endpoint reads (three years: the bucket count stays bounded). */
export const MAX_PERIOD_DAYS = 1096
/** The longest day-by-day series. */
export const MAX_DAY_SERIES = 366
export const DEFAULT_PERIOD_DAYS = 90

const ZBool = z
  .enum(['true', 'false', '1', '0'], "must be 'true' or 'false'")
  .transform((v) => v === 'true' || v === '1')

/** The survey segments one read can filter on (the rollups keep one segment beside the location). */
export const SEGMENT_FIELDS = ['collectorId', 'channel', 'language', 'versionId'] as const

export const filterFields = {
  from: ZDate.optional(),
  to: ZDate.optional(),
  locationId: ZId.optional(),
  surveyId: ZId.optional(),
  /** A link (collector). */
  collectorId: ZId.optional(),
  /** A links' channel tag: every link with it. */
  channel: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').optional(),
  /** A response language (BCP 47, e.g. en, fr, pt-BR). */
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as en or pt-BR').optional(),
  versionId: ZId.optional(),
  standardId: ZId.optional(),
  dimension: z.enum(DIMENSIONS, `must be one of ${DIMENSIONS.join(', ')}`).optional(),
  templateId: ZId.optional(),
  /** Hide groups below the minimum sample. */
  hideSmall: ZBool.optional(),
}

type FilterShape = { from?: string; to?: string; collectorId?: string; channel?: string; language?: string; versionId?: string }

/** The segment filters asked for, counting collectorId and channel as one (both are the link). */
export function segmentFieldsAsked(f: FilterShape): string[] {
  const asked: string[] = []
  if (f.collectorId !== undefined && f.channel !== undefined) asked.push('collectorId', 'channel')
  else if (f.collectorId !== undefined) asked.push('collectorId')
  else if (f.channel !== undefined) asked.push('channel')
  if (f.language !== undefined) asked.push('language')
  if (f.versionId !== undefined) asked.push('versionId')
  return asked
}

export function checkFilter(f: FilterShape, ctx: z.RefinementCtx) {
  if (f.from && f.to && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after `to`' })
  if (f.from && f.to && f.from <= f.to && daysBetween(f.from, f.to) > MAX_PERIOD_DAYS) ctx.addIssue({ code: 'custom', path: ['from'], message: `must be at most ${MAX_PERIOD_DAYS} days before \`to\`` })
  const asked = segmentFieldsAsked(f)
  const families = (f.collectorId !== undefined || f.channel !== undefined ? 1 : 0) + (f.language !== undefined ? 1 : 0) + (f.versionId !== undefined ? 1 : 0)
  if (families > 1 || (f.collectorId !== undefined && f.channel !== undefined))
    for (const field of asked)
      ctx.addIssue({ code: 'custom', path: [field], message: `only one of collectorId/channel, language, versionId at a time (asked for ${asked.join(', ')})` })
}

export const ZAnalyticsFilter = z.object(filterFields).superRefine(checkFilter)
export type TAnalyticsFilter = z.infer<typeof ZAnalyticsFilter>

/** Survey metrics a question can be read as (the question's type must fit: shared/survey/evidence.ts). */
export const SURVEY_METRICS = ['nps', 'csat', 'ces', 'rating_mean', 'yes_rate'] as const
export type SurveyMetric = (typeof SURVEY_METRICS)[number]
const ZSurveyMetric = z.enum(SURVEY_METRICS, `must be one of ${SURVEY_METRICS.join(', ')}`)
const ZQuestionId = z.string().min(1, 'must not be empty').max(40, 'must be at most 40 characters')

/** What one figure measures: a standard, or a survey question read as a metric. */
function checkSubject(q: { standardId?: string; surveyId?: string; questionId?: string }, ctx: z.RefinementCtx) {
  if (q.questionId !== undefined && q.surveyId === undefined) ctx.addIssue({ code: 'custom', path: ['surveyId'], message: 'is required with questionId' })
  if (q.standardId === undefined && q.questionId === undefined) ctx.addIssue({ code: 'custom', path: ['standardId'], message: 'is required (or surveyId and questionId)' })
}

export const ZBoardQuery = ZAnalyticsFilter
export type TBoardQuery = z.infer<typeof ZBoardQuery>

export const COMPARES = ['previous', 'last_year'] as const
export const ZTrendQuery = z
  .object({
    ...filterFields,
    questionId: ZQuestionId.optional(),
    /** How to read the question (default: its type's metric). Ignored for a standard, which has its own. */
    metric: ZSurveyMetric.optional(),
    grain: z.enum(GRAINS, `must be one of ${GRAINS.join(', ')}`).default('week'),
    compare: z.enum(COMPARES, "must be 'previous' or 'last_year'").optional(),
  })
  .superRefine(checkFilter)
  .superRefine(checkSubject)
  .superRefine((q, ctx) => {
    if (q.grain === 'day' && q.from && q.to && q.from <= q.to && daysBetween(q.from, q.to) > MAX_DAY_SERIES)
      ctx.addIssue({ code: 'custom', path: ['grain'], message: `a day-by-day series covers at most ${MAX_DAY_SERIES} days: use week or month` })
  })
export type TTrendQuery = z.infer<typeof ZTrendQuery>

export const BREAKDOWN_BY = ['location', 'channel', 'collector', 'version', 'question', 'standard', 'dimension', 'language'] as const
export type BreakdownBy = (typeof BREAKDOWN_BY)[number]
export const ZBreakdownQuery = z
  .object({
    ...filterFields,
    by: z.enum(BREAKDOWN_BY, `must be one of ${BREAKDOWN_BY.join(', ')}`),
    questionId: ZQuestionId.optional(),
    metric: ZSurveyMetric.optional(),
  })
  .superRefine(checkFilter)
  .superRefine((q, ctx) => {
    if (q.by === 'standard' || q.by === 'dimension') return
    if (q.by === 'question') {
      if (q.surveyId === undefined) ctx.addIssue({ code: 'custom', path: ['surveyId'], message: 'is required with by=question' })
      return
    }
    checkSubject(q, ctx)
  })
export type TBreakdownQuery = z.infer<typeof ZBreakdownQuery>

export const DRIVER_METRICS = ['nps', 'csat'] as const
export const ZWhyQuery = z
  .object({
    ...filterFields,
    grain: z.enum(GRAINS, `must be one of ${GRAINS.join(', ')}`).default('week'),
    /** The score themes pull on (default: the standard's metric when NPS or CSAT, else NPS). */
    driver: z.enum(DRIVER_METRICS, "must be 'nps' or 'csat'").optional(),
  })
  .superRefine(checkFilter)
  .superRefine((q, ctx) => {
    if (q.grain === 'day' && q.from && q.to && q.from <= q.to && daysBetween(q.from, q.to) > MAX_DAY_SERIES)
      ctx.addIssue({ code: 'custom', path: ['grain'], message: `a day-by-day series covers at most ${MAX_DAY_SERIES} days: use week or month` })
  })
export type TWhyQuery = z.infer<typeof ZWhyQuery>

// ---- responses

export type Status = 'green' | 'amber' | 'red' | 'insufficient'

export interface Figure {
  value: number | null
  n: number
  low: number | null
  high: number | null
}

/** A figure with its status against the target in force (null: not judged against it). */
export interface JudgedFigure extends Figure {
  status: Status | null
}

export interface Change {
  /** The previous period's figure. */
  previous: Figure
  /** value − previous value (null when either is missing). */
  delta: number | null
  /** 95% interval of the difference, when the engine gives one. */
  low: number | null
  high: number | null
  /** At 95% and with both periods at or above the minimum sample. */
  significant: boolean
  direction: 'up' | 'down' | 'flat'
}

export interface BoardCell extends JudgedFigure {
  locationId: string | null
  change: Change | null
  /** The survey evidence: linked questions whose type fits the metric (null: none linked). */
  survey: JudgedFigure | null
  /** The mystery-shop evidence: compliance of applicable linked audit items (null: no audit item linked). */
  audit: (JudgedFigure & { audits: number }) | null
  /** One source green and the other red. */
  disagree: boolean
}

export interface BoardRow {
  standard: { id: string; code: string; title: string; dimension: string; metric: string; direction: 'higher' | 'lower' }
  target: { target: number; tolerance: number; direction: 'higher' | 'lower' } | null
  /** Where the headline figure comes from: survey answers, audits, or the case register (case_sla: cases resolved within their SLA). */
  source: 'survey' | 'audit' | 'cases'
  /**
   * Drill-down to the comments and approved audits behind the row's figures (period, survey,
   * template); a cell's own is `cellLink(link, cell.locationId ?? the filter's location)`.
   */
  links: { comments: string; audits: string | null }
  overall: BoardCell
  byLocation: BoardCell[]
}

export interface BoardResponse {
  period: { from: string; to: string }
  previous: { from: string; to: string }
  minSample: { answers: number; audits: number }
  locations: { id: string; name: string; archived: boolean }[]
  standards: BoardRow[]
  rowsRead: number
}

export interface TrendPoint extends JudgedFigure {
  bucket: string
  from: string
  to: string
  /** The target in force on the bucket's last day (null for a question without a standard). */
  target: number | null
}

export interface TrendResponse {
  period: { from: string; to: string }
  grain: Grain
  metric: string
  subject: { standardId: string | null; surveyId: string | null; questionId: string | null; title: string }
  series: TrendPoint[]
  comparison: { compare: (typeof COMPARES)[number]; from: string; to: string; series: TrendPoint[] } | null
  rowsRead: number
}

export interface BreakdownRow extends JudgedFigure {
  key: string
  label: string
  /** The row's own metric, when rows differ (by=question, by=standard). */
  metric?: string
  /** 1 = best by the interval's cautious bound; null when there is nothing to rank. */
  rank: number | null
  /** Small groups: below the minimum sample. */
  small: boolean
}

export interface BreakdownResponse {
  period: { from: string; to: string }
  by: BreakdownBy
  metric: string
  rows: BreakdownRow[]
  hidden: number
  rowsRead: number
}

export interface WhyResponse {
  period: { from: string; to: string }
  grain: Grain
  driver: 'nps' | 'csat'
  sentiment: { bucket: string; from: string; to: string; positive: number; neutral: number; negative: number; mixed: number; unknown: number; total: number }[]
  baseline: Figure
  themes: {
    theme: string
    count: number
    negative: number
    negativeShare: number | null
    /** The driver figure of responses whose comment mentions the theme. */
    score: Figure
    /** Share of responses with a comment that mention the theme, in percent. */
    share: number | null
    /** (score − baseline) × share ÷ 100, in the driver's points; negative pulls the score down. */
    pull: number | null
    rankByVolume: number
    rankByPull: number | null
    link: string
  }[]
  rowsRead: number
}
