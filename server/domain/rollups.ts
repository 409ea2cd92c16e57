import { allQuestions, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { AUDIT_OUTCOMES, type AuditOutcome } from '../../shared/audit/scoring.ts'
import { THEMES } from '../../shared/sentiment/index.ts'
import type { RollupGrain, RollupKind } from '../db/schema.ts'

/**
 * Rollups (docs/analytics.md, "Rollups"): what each write adds to or subtracts from the `rollup`
 * table, as deltas at the three grains, merged by key before they are written in one statement.
 * Pure: the repository turns a `RollupDeltas` into SQL, the rebuild recomputes the same rows from
 * the raw tables.
 */

export const ROLLUP_GRAINS: readonly RollupGrain[] = ['day', 'week', 'month']

const DAY_MS = 86_400_000

/** The Monday on or before an ISO date (weeks start on Monday). */
export function weekBucket(day: string): string {
  const t = Date.parse(`${day.slice(0, 10)}T00:00:00Z`)
  const dow = new Date(t).getUTCDay() // 0 = Sunday
  return new Date(t - ((dow + 6) % 7) * DAY_MS).toISOString().slice(0, 10)
}

/** The first day of an ISO date's month. */
export function monthBucket(day: string): string {
  return `${day.slice(0, 7)}-01`
}

/** The first day of the bucket holding an ISO date (or timestamp) at a grain. */
export function bucketOf(grain: RollupGrain, day: string): string {
  if (grain === 'day') return day.slice(0, 10)
  return grain === 'week' ? weekBucket(day) : monthBucket(day)
}

/**
 * One delta as written: the keys at day grain (the write expands it to week and month), then
 * n, Σ, Σ², and one count column raised by `cc` (`ci` = -1: none). A delta raising several count
 * columns is written as several rows (the later ones with n, Σ, Σ² zero).
 */
export type RollupRow = [kind: RollupKind, form_id: string, item_id: string, day: string, location_id: string, segment: string, n: number, sum: number, sumsq: number, ci: number, cc: number]

/** The location key of a kind's "all locations" rows: every location's delta added again under it. */
export const ALL_LOCATIONS = '*'

/**
 * Kinds that also keep "all locations" rows (location '*'), so an organisation-wide read sums one
 * row per bucket and key instead of one per location. `answer` and `answer_seg` do not: a response
 * is the hot write and those reads mostly need the locations anyway.
 */
export const ALL_LOCATION_KINDS: ReadonlySet<RollupKind> = new Set<RollupKind>(['comment', 'comment_driver', 'audit_visit', 'audit_standard'])

/** Statistics of a merged delta: n, Σ, Σ², c0..c10. */
type Stats = number[]

/**
 * Deltas to the rollup table at day grain, merged by key (kind, form, item, day, location,
 * segment); the write adds each to its day, its week and its month. Deltas that cancel out are
 * left out.
 */
export class RollupDeltas {
  private readonly keys = new Map<string, { key: [RollupKind, string, string, string, string, string]; stats: Stats }>()
  /** True once any delta subtracts: the write then also removes rows left empty. */
  subtracts = false

  /**
   * @param c index of the count column to raise (0–10), or -1 for none
   */
  add(kind: RollupKind, form: string, item: string, location: string, segment: string, day: string, sign: 1 | -1, n: number, sum: number, sumsq: number, c: number): void {
    this.addOne(kind, form, item, location, segment, day, sign, n, sum, sumsq, c)
    if (location !== ALL_LOCATIONS && ALL_LOCATION_KINDS.has(kind)) this.addOne(kind, form, item, ALL_LOCATIONS, segment, day, sign, n, sum, sumsq, c)
  }

  private addOne(kind: RollupKind, form: string, item: string, location: string, segment: string, day: string, sign: 1 | -1, n: number, sum: number, sumsq: number, c: number): void {
    if (sign < 0) this.subtracts = true
    const d = day.length === 10 ? day : day.slice(0, 10)
    const id = `${kind}\u0001${form}\u0001${item}\u0001${d}\u0001${location}\u0001${segment}`
    let entry = this.keys.get(id)
    if (!entry) {
      entry = { key: [kind, form, item, d, location, segment], stats: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }
      this.keys.set(id, entry)
    }
    const st = entry.stats
    st[0]! += sign * n
    st[1]! += sign * sum
    st[2]! += sign * sumsq
    if (c >= 0) st[3 + c]! += sign
  }

  /** One value (an answer): n 1, Σ value, Σ value², and its count when it is a whole number 0–10. */
  addValue(kind: RollupKind, form: string, item: string, location: string, segment: string, day: string, sign: 1 | -1, value: number): void {
    this.add(kind, form, item, location, segment, day, sign, 1, value, value * value, Number.isInteger(value) && value >= 0 && value <= 10 ? value : -1)
  }

  /** Merges another set of deltas into this one. */
  merge(other: RollupDeltas): void {
    for (const [id, e] of other.keys) {
      const mine = this.keys.get(id)
      if (!mine) this.keys.set(id, { key: e.key, stats: [...e.stats] })
      else for (let i = 0; i < e.stats.length; i++) mine.stats[i]! += e.stats[i]!
    }
    this.subtracts ||= other.subtracts
  }

  get size(): number {
    return this.keys.size
  }

  /** The rows to write, without deltas that change nothing. */
  rows(): RollupRow[] {
    const out: RollupRow[] = []
    for (const { key, stats } of this.keys.values()) {
      const [kind, form, item, day, location, segment] = key
      let first = true
      for (let c = 0; c <= 10; c++) {
        const cc = stats[3 + c]!
        if (cc === 0) continue
        out.push(first ? [kind, form, item, day, location, segment, stats[0]!, stats[1]!, stats[2]!, c, cc] : [kind, form, item, day, location, segment, 0, 0, 0, c, cc])
        first = false
      }
      if (first && (stats[0] !== 0 || stats[1] !== 0 || stats[2] !== 0)) out.push([kind, form, item, day, location, segment, stats[0]!, stats[1]!, stats[2]!, -1, 0])
    }
    return out
  }
}

// ---- what each source contributes

/** The answers a response's comments are set against: its first answered NPS and CSAT questions. */
export interface DriverValues {
  nps: number | null
  csat: number | null
}

/** The NPS and CSAT questions of a definition in its order: the first answered one drives. */
export function driverQuestions(def: TSurveyDefinition): { nps: string[]; csat: string[] } {
  const nps: string[] = []
  const csat: string[] = []
  for (const q of allQuestions(def)) {
    if (q.type === 'nps') nps.push(q.id)
    else if (q.type === 'csat') csat.push(q.id)
  }
  return { nps, csat }
}

/** The driver values of a response from its stored numbers by question id. */
export function driverValues(def: TSurveyDefinition, valueOf: (questionId: string) => number | null | undefined): DriverValues {
  const { nps, csat } = driverQuestions(def)
  let n: number | null = null
  let c: number | null = null
  for (const id of nps) {
    const v = valueOf(id)
    if (v !== null && v !== undefined) {
      n = v
      break
    }
  }
  for (const id of csat) {
    const v = valueOf(id)
    if (v !== null && v !== undefined) {
      c = v
      break
    }
  }
  return { nps: n, csat: c }
}

/** What of a comment row the rollups count. */
export interface CommentFacts {
  source: 'survey' | 'audit'
  form_id: string
  location_id: string | null
  at: string
  final_label: string | null
  final_themes: number
  score: number
}

/**
 * A comment's `comment` rows (all comments, and one per final theme; segment = final label or
 * 'unknown') and, for survey comments, its `comment_driver` rows (the response's NPS and CSAT
 * answers, for all comments and per theme).
 */
export function addComment(d: RollupDeltas, sign: 1 | -1, c: CommentFacts, drivers: DriverValues | null): void {
  const location = c.location_id ?? ''
  const segment = c.final_label ?? 'unknown'
  const day = c.at.slice(0, 10)
  const score = c.score
  d.add('comment', c.form_id, '', location, segment, day, sign, 1, score, score * score, -1)
  const themes = c.final_themes
  for (let i = 0; themes >> i !== 0 && i < THEMES.length; i++) if (themes & (1 << i)) d.add('comment', c.form_id, THEMES[i]!, location, segment, day, sign, 1, score, score * score, -1)
  if (c.source !== 'survey' || !drivers) return
  for (const [segmentName, value] of [['nps', drivers.nps], ['csat', drivers.csat]] as const) {
    if (value === null) continue
    d.addValue('comment_driver', c.form_id, '', location, segmentName, day, sign, value)
    for (let i = 0; themes >> i !== 0 && i < THEMES.length; i++) if (themes & (1 << i)) d.addValue('comment_driver', c.form_id, THEMES[i]!, location, segmentName, day, sign, value)
  }
}

/** What of a response the answer rollups count. */
export interface ResponseFacts {
  survey_id: string
  version_id: string
  collector_id: string
  location_id: string | null
  language: string
  /** ISO date or timestamp of submission. */
  at: string
}

/** A response's counted answers: `answer` and `answer_seg` (per link, language and version). */
export function addAnswers(d: RollupDeltas, sign: 1 | -1, r: ResponseFacts, counted: readonly { question_id: string; value: number }[]): void {
  if (counted.length === 0) return
  const location = r.location_id ?? ''
  const day = r.at.slice(0, 10)
  const c = `c:${r.collector_id}`
  const l = `l:${r.language}`
  const v = `v:${r.version_id}`
  for (const a of counted) {
    d.addValue('answer', r.survey_id, a.question_id, location, '', day, sign, a.value)
    d.addValue('answer_seg', r.survey_id, a.question_id, location, c, day, sign, a.value)
    d.addValue('answer_seg', r.survey_id, a.question_id, location, l, day, sign, a.value)
    d.addValue('answer_seg', r.survey_id, a.question_id, location, v, day, sign, a.value)
  }
}

/** What of an approved audit the rollups count. */
export interface AuditFacts {
  template_id: string
  location_id: string
  /** The visit date (ISO). */
  day: string
  percent: number | null
  outcome: AuditOutcome | null
  standards: readonly { standard_id: string; applicable: number; passed: number }[]
}

/** An approved audit's `audit_visit` row (when it has a score) and `audit_standard` rows. */
export function addAudit(d: RollupDeltas, sign: 1 | -1, a: AuditFacts): void {
  if (a.percent !== null) {
    const outcome = a.outcome === null ? -1 : AUDIT_OUTCOMES.indexOf(a.outcome)
    d.add('audit_visit', a.template_id, '', a.location_id, '', a.day, sign, 1, a.percent, a.percent * a.percent, outcome)
  }
  for (const s of a.standards) d.add('audit_standard', a.template_id, s.standard_id, a.location_id, '', a.day, sign, s.applicable, s.passed, 0, 0)
}
