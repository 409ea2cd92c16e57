import type { Db } from '../db/database.ts'
import { AppError, notFound } from '../errors.ts'
import {
  addDays,
  daysBetween,
  decomposePeriod,
  DEFAULT_PERIOD_DAYS,
  seriesBuckets,
  SURVEY_METRICS,
  yearEarlier,
  type BoardCell,
  type BoardResponse,
  type BoardRow,
  type BreakdownResponse,
  type BreakdownRow,
  type Change,
  type Figure,
  type Grain,
  type JudgedFigure,
  type Piece,
  type TAnalyticsFilter,
  type TBreakdownQuery,
  type TrendPoint,
  type TrendResponse,
  type TTrendQuery,
  type TWhyQuery,
  type WhyResponse,
} from '../../shared/analytics.ts'
import { statusAgainstTarget, themePull, type Status } from '../../shared/metrics/index.ts'
import { figureFor, minSampleFor, npsFromStats, csatFromStats, type SampleRule } from '../../shared/metrics/figures.ts'
import { changeFor } from '../../shared/metrics/change.ts'
import { rankByInterval } from '../../shared/metrics/rank.ts'
import { addStatsInto, emptyStats, sumStats, type Stats } from '../../shared/metrics/stats.ts'
import { allQuestions, type QuestionType, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { questionMeasures } from '../../shared/survey/evidence.ts'
import { THEMES } from '../../shared/sentiment/index.ts'
import { DIMENSIONS } from '../../shared/schemas.ts'
import { linkEvidence, type EvidenceLink } from './dashboard.ts'
import { targetInForce, type TargetRecord } from './standards.ts'
import { MIN_AUDITS } from './audits.ts'
import { listLocations, listStandards } from '../db/repositories/register.ts'
import { listPublishedDefinitions } from '../db/repositories/surveys.ts'
import { ALL_LOCATIONS } from './rollups.ts'
import { sumCasesWithinSla } from '../db/repositories/cases.ts'
import { appLink } from '../../shared/cell-link.ts'
import { AUDIT_STANDARD_STATS, fewestPieces, lastDataDay, listAllTargets, listCollectors, listForms, openPieces, listVersionNumbers, sumRollups, type RollupRead, type RollupRow } from '../db/repositories/analytics.ts'

/**
 * The analytics endpoints' work (docs/analytics.md): read the rollups of a period (whole months,
 * weeks and days), sum them into Stats, and let the metric engine (shared/metrics) turn each into a
 * figure, a change between periods and a league-table rank. Nothing here reads raw responses.
 */

const AUDIT_METRICS = new Set(['audit_compliance', 'timing'])
/** Metrics whose targets are percentages, so a compliance share can be judged against them too. */
const PERCENT_METRICS = new Set(['csat', 'yes_rate', 'audit_compliance', 'timing'])

export interface Ctx {
  db: Db
  orgId: string
  today: string
  /** Minimum answers (the organisation's setting); audits use MIN_AUDITS. */
  minSample: number
}

const rule = (ctx: Ctx): SampleRule => ({ answers: ctx.minSample, audits: MIN_AUDITS })

interface Standard {
  id: string
  code: string
  title: string
  dimension: string
  metric: string
  direction: 'higher' | 'lower'
}

// ---- periods

export function resolvePeriod(f: Pick<TAnalyticsFilter, 'from' | 'to'>, today: string): { from: string; to: string } {
  const to = f.to ?? (f.from && f.from > today ? f.from : today)
  const from = f.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1))
  return { from, to }
}

/** The period of equal length just before. */
export function previousPeriod(p: { from: string; to: string }): { from: string; to: string } {
  const len = daysBetween(p.from, p.to)
  return { from: addDays(p.from, -len), to: addDays(p.from, -1) }
}

// ---- figures (all by the engine)

const NO_FIGURE: Figure = { value: null, n: 0, low: null, high: null }
/** A location without rows: nothing in either period (never written to). */
const NO_SUMS: Readonly<PeriodSums> = Object.freeze({ current: emptyStats(), previous: emptyStats() })

function fig(metric: string, s: Stats, ctx: Ctx): Figure {
  const f = figureFor(metric, s, { minSample: minSampleFor(metric, rule(ctx)) })
  return f ? { value: f.value, n: f.n, low: f.low, high: f.high } : NO_FIGURE
}

/** n for the minimum sample: audits for compliance (c0 of audit_standard rows), answers otherwise. */
function sampleOf(metric: string, s: Stats): number {
  return AUDIT_METRICS.has(metric) ? (s.counts[0] ?? 0) : s.n
}

function judged(metric: string, s: Stats, ctx: Ctx, target: TargetRecord | undefined, judge = true): JudgedFigure {
  const f = fig(metric, s, ctx)
  const status: Status | null = !judge ? null : target ? statusAgainstTarget(f.value, sampleOf(metric, s), target, minSampleFor(metric, rule(ctx))) : 'insufficient'
  return { ...f, status }
}

function change(metric: string, before: Stats, after: Stats, ctx: Ctx): Change | null {
  const c = changeFor(metric, before, after, { rule: rule(ctx) })
  if (!c) return null
  return { previous: fig(metric, before, ctx), delta: c.delta, low: c.low, high: c.high, significant: c.significant, direction: c.direction }
}

// ---- register

async function loadRegister(ctx: Ctx, opts: { definitions?: boolean; locations?: boolean } = {}) {
  const [standards, targets, versionRows, locations] = await Promise.all([
    listStandards(ctx.db, ctx.orgId, false),
    listAllTargets(ctx.db, ctx.orgId),
    opts.definitions === false ? Promise.resolve([]) : listPublishedDefinitions(ctx.db, ctx.orgId),
    opts.locations === false ? Promise.resolve([]) : listLocations(ctx.db, ctx.orgId, true),
  ])
  const history = new Map<string, TargetRecord[]>()
  for (const t of targets) history.set(t.standard_id, [...(history.get(t.standard_id) ?? []), t as TargetRecord])
  const versions = versionRows.map((v) => ({ ...v, definition: parseDefinition(v.id, v.definition) }))
  return {
    standards: standards as Standard[],
    history,
    versions,
    locations,
    rowsRead: standards.length + targets.length + versionRows.length + locations.length,
  }
}

/** Published definitions are frozen: parse each version once per process. */
const parsed = new Map<string, TSurveyDefinition>()
function parseDefinition(versionId: string, json: string): TSurveyDefinition {
  let d = parsed.get(versionId)
  if (!d) {
    if (parsed.size > 2000) parsed.clear()
    parsed.set(versionId, (d = JSON.parse(json) as TSurveyDefinition))
  }
  return d
}

// ---- segments

/** How the survey reads of a request are narrowed to one segment (answer_seg), or not (answer). */
async function segmentOf(ctx: Ctx, f: TAnalyticsFilter): Promise<{ kind: 'answer' | 'answer_seg'; segments?: string[]; rowsRead: number }> {
  if (f.collectorId) return { kind: 'answer_seg', segments: [`c:${f.collectorId}`], rowsRead: 0 }
  if (f.language) return { kind: 'answer_seg', segments: [`l:${f.language}`], rowsRead: 0 }
  if (f.versionId) return { kind: 'answer_seg', segments: [`v:${f.versionId}`], rowsRead: 0 }
  if (f.channel) {
    const links = await listCollectors(ctx.db, ctx.orgId, { surveyId: f.surveyId, channel: f.channel })
    return { kind: 'answer_seg', segments: links.map((l) => `c:${l.id}`), rowsRead: links.length }
  }
  return { kind: 'answer', rowsRead: 0 }
}

function pairKey(surveyId: string, questionId: string) {
  return `${surveyId}\u0000${questionId}`
}

function sumWhere(rows: readonly RollupRow[], pred: (r: RollupRow) => boolean): Stats {
  return sumStats(rows.filter(pred))
}

// ---- board

/** A location's resolved cases as the Stats of `case_sla` (n resolved, Σ within SLA). */
function caseStats(r: { n: number; within: number }): Stats {
  const counts = emptyStats().counts
  return { n: r.n, sum: r.within, sumsq: r.within, counts }
}

/** The key of the overall column among location ids ('' is "no location"). */
const OVERALL = '\u0000overall'

interface PeriodSums {
  current: Stats
  previous: Stats
}

/**
 * Each location's current and previous sums, and all locations' under OVERALL, summed once per
 * standard (a cell then reads its Stats instead of re-summing rows).
 */
function sumsByLocation(rows: readonly RollupRow[]): Map<string, PeriodSums> {
  const out = new Map<string, PeriodSums>()
  const into = (key: string, r: RollupRow) => {
    let g = out.get(key)
    if (!g) out.set(key, (g = { current: emptyStats(), previous: emptyStats() }))
    addStatsInto(r.period === 'previous' ? g.previous : g.current, r)
  }
  for (const r of rows) {
    into(OVERALL, r)
    into(r.location_id!, r)
  }
  return out
}

export async function board(ctx: Ctx, f: TAnalyticsFilter): Promise<BoardResponse> {
  const period = resolvePeriod(f, ctx.today)
  const previous = previousPeriod(period)
  const [reg, forms, seg, lastDay] = await Promise.all([loadRegister(ctx), listForms(ctx.db, ctx.orgId), segmentOf(ctx, f), lastDataDay(ctx.db, ctx.orgId)])
  let standards = reg.standards
  if (f.standardId) standards = standards.filter((s) => s.id === f.standardId)
  if (f.dimension) standards = standards.filter((s) => s.dimension === f.dimension)
  const evidence = linkEvidence(standards, reg.versions)
  if (f.surveyId) for (const [id, links] of evidence) evidence.set(id, links.filter((l) => l.surveyId === f.surveyId))
  const links = [...evidence.values()].flat()
  const current = fewestPieces(period.from, period.to, lastDay)
  const before = fewestPieces(previous.from, previous.to, undefined)
  const templates = f.templateId ? [f.templateId] : forms.templates.map((t) => t.id)
  // Standards measured by the case register: cases resolved in each period, by location.
  const caseStandards = standards.some((s) => s.metric === 'case_sla')
  const dayStart = (d: string) => `${d}T00:00:00.000Z`
  const dayAfter = (d: string) => `${addDays(d, 1)}T00:00:00.000Z`
  const [casesNow, casesBefore] = caseStandards
    ? await Promise.all([sumCasesWithinSla(ctx.db, ctx.orgId, dayStart(period.from), dayAfter(period.to), f.locationId), sumCasesWithinSla(ctx.db, ctx.orgId, dayStart(previous.from), dayAfter(previous.to), f.locationId)])
    : [{ rows: [], rowsRead: 0 }, { rows: [], rowsRead: 0 }]
  const caseRows: RollupRow[] = [
    ...casesNow.rows.map((r) => ({ ...caseStats(r), location_id: r.location_id, period: 'current' as const })),
    ...casesBefore.rows.map((r) => ({ ...caseStats(r), location_id: r.location_id, period: 'previous' as const })),
  ]

  // Each kind in one statement: the current period, and the previous one for the change arrows.
  const [answers, audits] = await Promise.all([
    sumRollups(ctx.db, { orgId: ctx.orgId, kind: seg.kind, pieces: current, previousPieces: before, forms: links.map((x) => x.surveyId), items: links.map((x) => x.questionId), segments: seg.segments, locationId: f.locationId, groupBy: ['form_id', 'item_id', 'location_id'] }),
    sumRollups(ctx.db, { orgId: ctx.orgId, kind: 'audit_standard', pieces: current, previousPieces: before, forms: templates, items: standards.map((s) => s.id), locationId: f.locationId, groupBy: ['item_id', 'location_id'], stats: AUDIT_STANDARD_STATS }),
  ])

  const withData = new Set([...answers.rows, ...audits.rows, ...caseRows].map((r) => r.location_id!).filter((l) => l !== ''))
  const shown = reg.locations.filter((l) => (f.locationId ? l.id === f.locationId : l.archived_at === null || withData.has(l.id)))

  const rows: BoardRow[] = standards.map((s) => {
    const t = targetInForce(reg.history.get(s.id) ?? [], period.to)
    const mine = evidence.get(s.id) ?? []
    const keys = new Set(mine.map((l) => pairKey(l.surveyId, l.questionId)))
    const surveyRows = answers.rows.filter((r) => keys.has(pairKey(r.form_id!, r.item_id!)))
    const auditRows = audits.rows.filter((r) => r.item_id === s.id)
    const source: BoardRow['source'] = AUDIT_METRICS.has(s.metric) ? 'audit' : s.metric === 'case_sla' ? 'cases' : 'survey'
    const hasAudit = AUDIT_METRICS.has(s.metric) || auditRows.length > 0
    const surveyIds = [...new Set(mine.map((l) => l.surveyId))]

    // Each location's (and the overall) current and previous sums, summed once per standard.
    const surveyBy = sumsByLocation(surveyRows)
    const auditBy = sumsByLocation(auditRows)
    const casesBy = source === 'cases' ? sumsByLocation(caseRows) : new Map<string, PeriodSums>()
    const form = f.surveyId ?? (surveyIds.length === 1 ? surveyIds[0] : undefined)
    const cell = (locationId: string | null): BoardCell => {
      const key = locationId ?? OVERALL
      const surveySums = surveyBy.get(key) ?? NO_SUMS
      const auditSums = auditBy.get(key) ?? NO_SUMS
      const survey = mine.length > 0 && !AUDIT_METRICS.has(s.metric) ? judged(s.metric, surveySums.current, ctx, t) : null
      const auditStats = auditSums.current
      const audit = hasAudit
        ? { ...judged(AUDIT_METRICS.has(s.metric) ? s.metric : 'audit_compliance', auditStats, ctx, t, PERCENT_METRICS.has(s.metric)), audits: auditStats.counts[0] ?? 0 }
        : null
      const caseSums = casesBy.get(key) ?? NO_SUMS
      const primarySums = source === 'audit' ? auditSums : source === 'cases' ? caseSums : surveySums
      const primary = source === 'cases' ? judged(s.metric, caseSums.current, ctx, t) : source === 'audit' ? (audit ?? judged(s.metric, NO_SUMS.current, ctx, t)) : (survey ?? judged(s.metric, NO_SUMS.current, ctx, t))
      const disagree = survey !== null && audit !== null && ((survey.status === 'green' && audit.status === 'red') || (survey.status === 'red' && audit.status === 'green'))
      return {
        locationId,
        value: primary.value,
        n: primary.n,
        low: primary.low,
        high: primary.high,
        status: primary.status,
        change: change(s.metric, primarySums.previous, primarySums.current, ctx),
        survey,
        audit,
        disagree,
      }
    }
    return {
      standard: { id: s.id, code: s.code, title: s.title, dimension: s.dimension, metric: s.metric, direction: s.direction },
      target: t ? { target: t.target, tolerance: t.tolerance, direction: t.direction } : null,
      source,
      // One link per row (a cell's is cellLink(link, its location)): the same string in every cell
      // was most of the board's body.
      links: {
        // A case-measured standard drills to its cases (a cell adds its location, as the cases page reads it).
        comments: source === 'cases' ? appLink('/cases', { status: 'all' }) : appLink('/comments', { survey: form, source: form ? undefined : source === 'audit' ? 'audit' : 'survey', from: period.from, to: period.to, label: 'negative' }),
        audits: hasAudit ? appLink('/audits', { status: 'approved', template: f.templateId, from: period.from, to: period.to }) : null,
      },
      overall: cell(null),
      byLocation: shown.map((l) => cell(l.id)),
    }
  })
  return {
    period,
    previous,
    minSample: { answers: ctx.minSample, audits: MIN_AUDITS },
    locations: shown.map((l) => ({ id: l.id, name: l.name, archived: l.archived_at !== null })),
    standards: rows,
    rowsRead: answers.rowsRead + audits.rowsRead + casesNow.rowsRead + casesBefore.rowsRead + reg.rowsRead + forms.surveys.length + forms.templates.length + seg.rowsRead,
  }
}

// ---- what one figure measures (trend, breakdown)

interface Subject {
  metric: string
  title: string
  standard: Standard | null
  /** Survey evidence: (survey, question) pairs; empty for an audit metric. */
  pairs: EvidenceLink[]
  /** Audit evidence: the standard whose audit_standard rows count. */
  auditStandardId: string | null
  history: TargetRecord[]
  rowsRead: number
  versions: Awaited<ReturnType<typeof loadRegister>>['versions']
  locations: Awaited<ReturnType<typeof loadRegister>>['locations']
  standards: Standard[]
  templates: string[]
}

/** The metric a question type is read as by default. */
export function defaultMetric(type: QuestionType): string | null {
  switch (type) {
    case 'nps':
      return 'nps'
    case 'csat':
      return 'csat'
    case 'ces':
      return 'ces'
    case 'rating':
      return 'rating_mean'
    case 'yes_no':
      return 'yes_rate'
    default:
      return null
  }
}

function questionOf(versions: Subject['versions'], surveyId: string, questionId: string) {
  for (const v of versions) {
    if (v.survey_id !== surveyId) continue
    const q = allQuestions(v.definition).find((x) => x.id === questionId)
    if (q) return { q, surveyTitle: v.title }
  }
  return null
}

async function subjectOf(ctx: Ctx, f: { standardId?: string; surveyId?: string; questionId?: string; metric?: string; templateId?: string }): Promise<Subject> {
  const [reg, forms] = await Promise.all([loadRegister(ctx), listForms(ctx.db, ctx.orgId)])
  const templates = f.templateId ? [f.templateId] : forms.templates.map((t) => t.id)
  const base = { versions: reg.versions, locations: reg.locations, standards: reg.standards, templates, rowsRead: reg.rowsRead + forms.surveys.length + forms.templates.length }
  if (f.questionId && f.surveyId) {
    const found = questionOf(reg.versions, f.surveyId, f.questionId)
    if (!found) throw notFound('No such question in a published version of that survey')
    const fallback = defaultMetric(found.q.type)
    const metric = f.metric ?? fallback
    if (!metric || !questionMeasures(found.q.type, metric))
      throw new AppError('validation_failed', `Invalid query: metric ${f.metric ? `${f.metric} does not fit` : 'cannot be read from'} a ${found.q.type} question`, [{ path: 'query.metric', message: `does not fit a ${found.q.type} question` }])
    const standard = f.standardId ? (reg.standards.find((s) => s.id === f.standardId) ?? null) : null
    return { ...base, metric, title: found.q.text, standard, pairs: [{ surveyId: f.surveyId, surveyTitle: found.surveyTitle, questionId: f.questionId, questionText: found.q.text }], auditStandardId: null, history: standard && standard.metric === metric ? (reg.history.get(standard.id) ?? []) : [] }
  }
  const standard = reg.standards.find((s) => s.id === f.standardId)
  if (!standard) throw notFound('No such active standard')
  const history = reg.history.get(standard.id) ?? []
  if (AUDIT_METRICS.has(standard.metric)) return { ...base, metric: standard.metric, title: standard.title, standard, pairs: [], auditStandardId: standard.id, history }
  let pairs = linkEvidence([standard], reg.versions).get(standard.id) ?? []
  if (f.surveyId) pairs = pairs.filter((p) => p.surveyId === f.surveyId)
  return { ...base, metric: standard.metric, title: standard.title, standard, pairs, auditStandardId: null, history }
}

function subjectRead(ctx: Ctx, s: Subject, seg: { kind: 'answer' | 'answer_seg'; segments?: string[] }, f: TAnalyticsFilter, pieces: Piece[], groupBy: RollupRead['groupBy'], extra: Partial<RollupRead> = {}) {
  // Audit rollups keep "all locations" rows: read them when the figures are not per location.
  const locationId = f.locationId ?? (groupBy.includes('location_id') ? undefined : ALL_LOCATIONS)
  if (s.auditStandardId) return sumRollups(ctx.db, { orgId: ctx.orgId, kind: 'audit_standard', pieces, forms: s.templates, items: [s.auditStandardId], locationId, groupBy, ...extra })
  return sumRollups(ctx.db, { orgId: ctx.orgId, kind: seg.kind, pieces, forms: s.pairs.map((p) => p.surveyId), items: s.pairs.map((p) => p.questionId), segments: seg.segments, locationId: f.locationId, groupBy, ...extra })
}

function rowsOfPairs(s: Subject, rows: readonly RollupRow[]): RollupRow[] {
  if (s.auditStandardId) return [...rows]
  const keys = new Set(s.pairs.map((p) => pairKey(p.surveyId, p.questionId)))
  return rows.filter((r) => r.form_id === undefined || keys.has(pairKey(r.form_id, r.item_id!)))
}

function rejectSegmentsForAudits(s: Subject, f: TAnalyticsFilter) {
  if (!s.auditStandardId) return
  const asked = (['collectorId', 'channel', 'language', 'versionId'] as const).filter((k) => f[k] !== undefined)
  if (asked.length > 0) throw new AppError('validation_failed', `Invalid query: ${asked.join(', ')} apply to survey answers, not to audits`, asked.map((k) => ({ path: `query.${k}`, message: 'applies to survey answers, not to audits' })))
}

// ---- trend

/**
 * The series of buckets of `grain`, each clipped to the period, and the comparison series (the
 * previous period of equal length, or the same days a year earlier), bucket by bucket. All of it
 * in one rollup read: every bucket's range decomposed, grouped by grain and bucket.
 */
export async function trend(ctx: Ctx, q: TTrendQuery): Promise<TrendResponse> {
  const period = resolvePeriod(q, ctx.today)
  const [s, seg, lastDay] = await Promise.all([subjectOf(ctx, q), segmentOf(ctx, q), lastDataDay(ctx.db, ctx.orgId)])
  rejectSegmentsForAudits(s, q)
  const main = seriesBuckets(q.grain, period.from, period.to)
  const len = daysBetween(period.from, period.to)
  const shift = (d: string) => (q.compare === 'last_year' ? yearEarlier(d) : addDays(d, -len))
  const compared = q.compare ? main.map((b) => ({ bucket: shift(b.bucket), from: shift(b.from), to: shift(b.to) })) : []

  // Which series buckets each rollup bucket feeds.
  const feeds = new Map<string, { series: 0 | 1; index: number }[]>()
  const pieces: Piece[] = []
  const plan = (series: 0 | 1, list: { from: string; to: string }[]) =>
    list.forEach((b, index) => {
      // The period's last bucket whole when the days after it hold no data yet (openPieces).
      for (const p of series === 0 && index === list.length - 1 ? openPieces(b.from, b.to, lastDay) : decomposePeriod(b.from, b.to)) {
        const key = `${p.grain}|${p.bucket}`
        if (!feeds.has(key)) {
          feeds.set(key, [])
          pieces.push(p)
        }
        feeds.get(key)!.push({ series, index })
      }
    })
  plan(0, main)
  plan(1, compared)
  const read = await subjectRead(ctx, s, seg, q, pieces, s.auditStandardId ? ['grain', 'bucket'] : ['form_id', 'item_id', 'grain', 'bucket'])
  const sums = [main.map(() => emptyStats()), compared.map(() => emptyStats())]
  for (const r of rowsOfPairs(s, read.rows))
    for (const target of feeds.get(`${r.grain}|${r.bucket}`) ?? []) addStatsInto(sums[target.series]![target.index]!, r)

  const point = (b: { bucket: string; from: string; to: string }, st: Stats): TrendPoint => {
    const t = s.history.length > 0 ? targetInForce(s.history, b.to) : undefined
    const j = judged(s.metric, st, ctx, t, s.history.length > 0)
    return { bucket: b.bucket, from: b.from, to: b.to, ...j, target: t?.target ?? null }
  }
  return {
    period,
    grain: q.grain,
    metric: s.metric,
    subject: { standardId: s.standard?.id ?? null, surveyId: q.questionId ? (q.surveyId ?? null) : null, questionId: q.questionId ?? null, title: s.title },
    series: main.map((b, i) => point(b, sums[0]![i]!)),
    comparison: q.compare ? { compare: q.compare, from: compared[0]!.from, to: compared[compared.length - 1]!.to, series: compared.map((b, i) => point(b, sums[1]![i]!)) } : null,
    rowsRead: read.rowsRead + s.rowsRead + seg.rowsRead,
  }
}

// ---- breakdown

export async function breakdown(ctx: Ctx, q: TBreakdownQuery): Promise<BreakdownResponse> {
  const period = resolvePeriod(q, ctx.today)
  const pieces = openPieces(period.from, period.to, await lastDataDay(ctx.db, ctx.orgId))
  const finish = (metric: string, rows: Omit<BreakdownRow, 'rank' | 'small'>[], rowsRead: number, direction: 'higher' | 'lower' = 'higher', rank = true): BreakdownResponse => {
    const min = minSampleFor(metric, rule(ctx))
    let all = rows.map((r) => ({ ...r, small: r.n < min || r.value === null }))
    const hidden = q.hideSmall ? all.filter((r) => r.small).length : 0
    if (q.hideSmall) all = all.filter((r) => !r.small)
    const ranked = rank ? rankByInterval(all, direction).map(({ rankBound: _b, ...r }) => r) : all.map((r) => ({ ...r, rank: null }))
    return { period, by: q.by, metric, rows: ranked, hidden, rowsRead }
  }

  if (q.by === 'standard' || q.by === 'dimension') return standardsBreakdown(ctx, q, period, pieces, finish)

  if (q.by === 'question') {
    const [reg, seg] = await Promise.all([loadRegister(ctx, { locations: false }), segmentOf(ctx, q)])
    const questions = new Map<string, { text: string; metric: string }>()
    for (const v of reg.versions)
      if (v.survey_id === q.surveyId)
        for (const qn of allQuestions(v.definition)) {
          const metric = defaultMetric(qn.type)
          if (metric && !questions.has(qn.id)) questions.set(qn.id, { text: qn.text, metric })
        }
    const read = await sumRollups(ctx.db, { orgId: ctx.orgId, kind: seg.kind, pieces, forms: [q.surveyId!], items: [...questions.keys()], segments: seg.segments, locationId: q.locationId, groupBy: ['item_id'] })
    const rows = [...questions.entries()].map(([id, qn]) => {
      const st = sumWhere(read.rows, (r) => r.item_id === id)
      return { key: id, label: qn.text, metric: qn.metric, ...fig(qn.metric, st, ctx), status: null }
    })
    // Different metrics do not rank against each other: ranks only within one metric.
    const out = finish('rating_mean', rows, read.rowsRead + reg.rowsRead + seg.rowsRead, 'higher', false)
    const byMetric = new Map<string, BreakdownRow[]>()
    for (const r of out.rows) byMetric.set(r.metric!, [...(byMetric.get(r.metric!) ?? []), r])
    const rankOf = new Map<string, number | null>()
    for (const list of byMetric.values()) for (const r of rankByInterval(list, 'higher')) rankOf.set(r.key, r.rank)
    const min = ctx.minSample
    return { ...out, metric: 'question', rows: out.rows.map((r) => ({ ...r, small: r.n < min || r.value === null, rank: rankOf.get(r.key) ?? null })) }
  }

  const s = await subjectOf(ctx, q)
  rejectSegmentsForAudits(s, q)
  const direction = s.standard?.direction ?? 'higher'
  const t = targetInForce(s.history, period.to)
  const judge = s.history.length > 0

  if (q.by === 'location') {
    const seg = await segmentOf(ctx, q)
    const read = await subjectRead(ctx, s, seg, q, pieces, s.auditStandardId ? ['location_id'] : ['form_id', 'item_id', 'location_id'])
    const rows = rowsOfPairs(s, read.rows)
    const names = new Map(s.locations.map((l) => [l.id, l] as const))
    const ids = new Set([...rows.map((r) => r.location_id!), ...s.locations.filter((l) => l.archived_at === null).map((l) => l.id)])
    if (q.locationId) for (const id of [...ids]) if (id !== q.locationId) ids.delete(id)
    const out = [...ids].map((id) => ({ key: id, label: id === '' ? 'No location' : (names.get(id)?.name ?? id), ...judged(s.metric, sumWhere(rows, (r) => r.location_id === id), ctx, t, judge) }))
    return finish(s.metric, out, read.rowsRead + s.rowsRead + seg.rowsRead, direction)
  }

  // Segments of survey answers: links, channels, versions, languages.
  if (s.auditStandardId) throw new AppError('validation_failed', `Invalid query: by=${q.by} applies to survey answers, not to audits`, [{ path: 'query.by', message: 'applies to survey answers, not to audits' }])
  const family = q.by === 'collector' || q.by === 'channel' ? 'c:' : q.by === 'version' ? 'v:' : 'l:'
  const other = (['collectorId', 'channel', 'language', 'versionId'] as const).filter((k) => q[k] !== undefined && !(family === 'c:' && (k === 'collectorId' || k === 'channel')) && !(family === 'v:' && k === 'versionId') && !(family === 'l:' && k === 'language'))
  if (other.length > 0) throw new AppError('validation_failed', `Invalid query: by=${q.by} reads one segment; ${other.join(', ')} is another`, other.map((k) => ({ path: `query.${k}`, message: `cannot be combined with by=${q.by} (the rollups keep one segment)` })))
  const own = await segmentOf(ctx, q)
  const [read, collectors, versions] = await Promise.all([
    sumRollups(ctx.db, { orgId: ctx.orgId, kind: 'answer_seg', pieces, forms: s.pairs.map((p) => p.surveyId), items: s.pairs.map((p) => p.questionId), locationId: q.locationId, segments: own.segments, segmentPrefix: own.segments ? undefined : family, groupBy: ['form_id', 'item_id', 'segment'] }),
    family === 'c:' ? listCollectors(ctx.db, ctx.orgId) : Promise.resolve([]),
    family === 'v:' ? listVersionNumbers(ctx.db, ctx.orgId) : Promise.resolve([]),
  ])
  const rows = rowsOfPairs(s, read.rows)
  const collectorOf = new Map(collectors.map((c) => [c.id, c] as const))
  const versionOf = new Map(versions.map((v) => [v.id, v] as const))
  const titleOf = new Map(s.versions.map((v) => [v.survey_id, v.title] as const))
  const groups = new Map<string, { label: string; rows: RollupRow[] }>()
  for (const r of rows) {
    const id = r.segment!.slice(2)
    let key = id
    let label = id
    if (q.by === 'collector') label = collectorOf.get(id)?.label ?? id
    else if (q.by === 'channel') key = label = collectorOf.get(id)?.channel || '(no channel)'
    else if (q.by === 'version') {
      const v = versionOf.get(id)
      label = v ? `${titleOf.get(v.survey_id) ?? ''} v${v.version}`.trim() : id
    }
    const g = groups.get(key) ?? { label, rows: [] }
    g.rows.push(r)
    groups.set(key, g)
  }
  const out = [...groups.entries()].map(([key, g]) => ({ key, label: g.label, ...judged(s.metric, sumStats(g.rows), ctx, t, judge) }))
  return finish(s.metric, out, read.rowsRead + s.rowsRead + own.rowsRead + collectors.length + versions.length, direction)
}

async function standardsBreakdown(
  ctx: Ctx,
  q: TBreakdownQuery,
  period: { from: string; to: string },
  pieces: Piece[],
  finish: (metric: string, rows: Omit<BreakdownRow, 'rank' | 'small'>[], rowsRead: number, direction?: 'higher' | 'lower', rank?: boolean) => BreakdownResponse,
): Promise<BreakdownResponse> {
  const [reg, forms, seg] = await Promise.all([loadRegister(ctx, { locations: false }), listForms(ctx.db, ctx.orgId), segmentOf(ctx, q)])
  let standards = reg.standards
  if (q.standardId) standards = standards.filter((s) => s.id === q.standardId)
  if (q.dimension) standards = standards.filter((s) => s.dimension === q.dimension)
  const evidence = linkEvidence(standards, reg.versions)
  if (q.surveyId) for (const [id, l] of evidence) evidence.set(id, l.filter((x) => x.surveyId === q.surveyId))
  const links = [...evidence.values()].flat()
  const templates = q.templateId ? [q.templateId] : forms.templates.map((t) => t.id)
  const [answers, audits] = await Promise.all([
    sumRollups(ctx.db, { orgId: ctx.orgId, kind: seg.kind, pieces, forms: links.map((l) => l.surveyId), items: links.map((l) => l.questionId), segments: seg.segments, locationId: q.locationId, groupBy: ['form_id', 'item_id'] }),
    sumRollups(ctx.db, { orgId: ctx.orgId, kind: 'audit_standard', pieces, forms: templates, items: standards.map((s) => s.id), locationId: q.locationId ?? ALL_LOCATIONS, groupBy: ['item_id'] }),
  ])
  const rowsRead = answers.rowsRead + audits.rowsRead + reg.rowsRead + forms.surveys.length + forms.templates.length + seg.rowsRead
  const surveyStats = (s: Standard) => {
    const keys = new Set((evidence.get(s.id) ?? []).map((l) => pairKey(l.surveyId, l.questionId)))
    return sumWhere(answers.rows, (r) => keys.has(pairKey(r.form_id!, r.item_id!)))
  }
  const auditStats = (s: Standard) => sumWhere(audits.rows, (r) => r.item_id === s.id)

  if (q.by === 'standard') {
    const rows = standards.map((s) => {
      const t = targetInForce(reg.history.get(s.id) ?? [], period.to)
      const st = AUDIT_METRICS.has(s.metric) ? auditStats(s) : surveyStats(s)
      return { key: s.id, label: `${s.code} ${s.title}`, metric: s.metric, ...judged(s.metric, st, ctx, t) }
    })
    const out = finish('standard', rows, rowsRead, 'higher', false)
    return { ...out, rows: out.rows.map((r) => ({ ...r, small: r.n < minSampleFor(r.metric!, rule(ctx)) || r.value === null })) }
  }

  // by=dimension: each RATER dimension's pooled figure of one metric (default: the compliance of
  // audit items linked to its standards; with metric=, the answers of its standards of that metric).
  const metric = q.metric ?? 'audit_compliance'
  const rows = DIMENSIONS.filter((d) => !q.dimension || d === q.dimension).map((d) => {
    const mine = standards.filter((s) => s.dimension === d)
    const st = metric === 'audit_compliance' ? sumStats(mine.map(auditStats)) : sumStats(mine.filter((s) => s.metric === metric).map(surveyStats))
    return { key: d, label: d, ...fig(metric, st, ctx), status: null }
  })
  return finish(metric, rows, rowsRead)
}

// ---- why

/**
 * Sentiment over time and the themes behind the score. A theme's pull is
 * (driver of responses whose comment mentions it − driver of all responses with a comment) ×
 * its share of those responses ÷ 100: how many points the score moves because of it.
 */
export async function why(ctx: Ctx, q: TWhyQuery): Promise<WhyResponse> {
  const asked = (['collectorId', 'channel', 'language', 'versionId'] as const).filter((k) => q[k] !== undefined)
  if (asked.length > 0) throw new AppError('validation_failed', `Invalid query: ${asked.join(', ')} cannot filter comments (their rollups keep the label as the segment)`, asked.map((k) => ({ path: `query.${k}`, message: 'cannot filter comments' })))
  const period = resolvePeriod(q, ctx.today)
  const [forms, lastDay, standard] = await Promise.all([listForms(ctx.db, ctx.orgId), lastDataDay(ctx.db, ctx.orgId), q.standardId ? listStandards(ctx.db, ctx.orgId, false).then((l) => l.find((s) => s.id === q.standardId) ?? null) : Promise.resolve(null)])
  if (q.standardId && !standard) throw notFound('No such active standard')
  const driver = q.driver ?? (standard?.metric === 'csat' ? 'csat' : 'nps')
  const commentForms = q.surveyId ? [q.surveyId] : q.templateId ? [q.templateId] : [...forms.surveys.map((s) => s.id), ...forms.templates.map((t) => t.id)]
  const surveyForms = q.surveyId ? [q.surveyId] : q.templateId ? [] : forms.surveys.map((s) => s.id)

  const series = seriesBuckets(q.grain, period.from, period.to)
  const feeds = new Map<string, number[]>()
  const seriesPieces: Piece[] = []
  series.forEach((b, i) => {
    // The last bucket whole when the days after it hold no data yet (openPieces).
    for (const p of i === series.length - 1 ? openPieces(b.from, b.to, lastDay) : decomposePeriod(b.from, b.to)) {
      const key = `${p.grain}|${p.bucket}`
      if (!feeds.has(key)) {
        feeds.set(key, [])
        seriesPieces.push(p)
      }
      feeds.get(key)!.push(i)
    }
  })
  const pieces = openPieces(period.from, period.to, lastDay)
  const themes = [...THEMES] as string[]
  // The comment rollups keep "all locations" rows: without a location, one row per bucket and key.
  const everywhere = q.locationId ?? ALL_LOCATIONS
  const [overTime, byTheme, drivers] = await Promise.all([
    sumRollups(ctx.db, { orgId: ctx.orgId, kind: 'comment', pieces: seriesPieces, forms: commentForms, items: [''], locationId: everywhere, groupBy: ['grain', 'bucket', 'segment'] }),
    sumRollups(ctx.db, { orgId: ctx.orgId, kind: 'comment', pieces, forms: commentForms, items: themes, locationId: everywhere, groupBy: ['item_id', 'segment'] }),
    sumRollups(ctx.db, { orgId: ctx.orgId, kind: 'comment_driver', pieces, forms: surveyForms, items: ['', ...themes], segments: [driver], locationId: everywhere, groupBy: ['item_id'] }),
  ])

  const sentiment = series.map((b) => ({ bucket: b.bucket, from: b.from, to: b.to, positive: 0, neutral: 0, negative: 0, mixed: 0, unknown: 0, total: 0 }))
  for (const r of overTime.rows)
    for (const i of feeds.get(`${r.grain}|${r.bucket}`) ?? []) {
      const label = r.segment as 'positive' | 'neutral' | 'negative' | 'mixed' | 'unknown'
      if (label in sentiment[i]!) sentiment[i]![label] += r.n
      sentiment[i]!.total += r.n
    }

  const score = (st: Stats): Figure => {
    const f = driver === 'nps' ? npsFromStats(st, { minSample: ctx.minSample }) : csatFromStats(st, { minSample: ctx.minSample })
    return { value: f.value, n: f.n, low: f.low, high: f.high }
  }
  const allStats = sumWhere(drivers.rows, (r) => r.item_id === '')
  const baseline = score(allStats)
  const list = themes.map((theme) => {
    const count = byTheme.rows.filter((r) => r.item_id === theme).reduce((a, r) => a + r.n, 0)
    const negative = byTheme.rows.filter((r) => r.item_id === theme && r.segment === 'negative').reduce((a, r) => a + r.n, 0)
    const st = sumWhere(drivers.rows, (r) => r.item_id === theme)
    const s = score(st)
    const { share, pull } = themePull(s, baseline)
    return {
      theme,
      count,
      negative,
      negativeShare: count > 0 ? (negative / count) * 100 : null,
      score: s,
      share,
      pull,
      link: appLink('/comments', { theme, location: q.locationId, survey: q.surveyId, template: q.templateId, from: period.from, to: period.to }),
    }
  })
  const byVolume = [...list].sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme))
  const volumeRank = new Map(byVolume.map((t, i) => [t.theme, i + 1] as const))
  const pulling = list.filter((t) => t.pull !== null).sort((a, b) => a.pull! - b.pull! || b.count - a.count)
  const pullRank = new Map(pulling.map((t, i) => [t.theme, i + 1] as const))
  return {
    period,
    grain: q.grain,
    driver,
    sentiment,
    baseline,
    themes: byVolume.filter((t) => t.count > 0 || t.score.n > 0).map((t) => ({ ...t, rankByVolume: volumeRank.get(t.theme)!, rankByPull: pullRank.get(t.theme) ?? null })),
    rowsRead: overTime.rowsRead + byTheme.rowsRead + drivers.rowsRead + forms.surveys.length + forms.templates.length + (standard ? 1 : 0),
  }
}

export { SURVEY_METRICS }
export type { Grain }
