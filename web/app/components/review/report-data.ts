import type { BoardCell, BoardResponse, BoardRow, Figure, WhyResponse } from '../../../../shared/analytics.ts'
import type { CaseFigures, CaseStatus, CaseTrigger, RootCause } from '../../../../shared/case-terms.ts'
import { count, formatInterval, formatMetric, formatMetricAgainst, formatTarget, plural } from '../../lib/format.ts'
import { themeName } from '../comments/types.ts'

/**
 * The review report's arithmetic and words, without Solid or the network (unit-tested in
 * test/unit/review-report.test.ts): the period presets, which board cells a report covers, the
 * themes and case figures of several locations added together, the strengths and areas for
 * development stated in plain words with their figures, and the choice of comments to quote.
 */

// ---- dates and periods

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const DAY_MS = 86_400_000
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`)
const iso = (t: number) => new Date(t).toISOString().slice(0, 10)

export function addDays(day: string, n: number): string {
  return iso(ms(day) + n * DAY_MS)
}

export function daysIn(from: string, to: string): number {
  return Math.round((ms(to) - ms(from)) / DAY_MS) + 1
}

export function isIsoDate(s: string | undefined): s is string {
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(ms(s)) && iso(ms(s)) === s
}

/** 2026-09-01 → "1 September 2026", whatever the browser's language: the report reads the same for everyone. */
export function reportDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number)
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`
}

/** "1 September to 30 November 2026"; the year twice only when the period spans two. */
export function periodText(from: string, to: string): string {
  if (from.slice(0, 4) !== to.slice(0, 4)) return `${reportDate(from)} to ${reportDate(to)}`
  const [, m, d] = from.split('-').map(Number)
  return `${d} ${MONTHS[(m ?? 1) - 1]} to ${reportDate(to)}`
}

export const PERIOD_PRESETS = [
  { value: 'last-quarter', label: 'Last quarter' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom dates' },
] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]['value']

/** The last whole calendar quarter before the one holding `today`. */
export function lastQuarter(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  const thisStart = Math.floor((m - 1) / 3) * 3 + 1
  const startY = thisStart === 1 ? y - 1 : y
  const startM = thisStart === 1 ? 10 : thisStart - 3
  const from = `${startY}-${String(startM).padStart(2, '0')}-01`
  const to = addDays(`${y}-${String(thisStart).padStart(2, '0')}-01`, -1)
  return { from, to }
}

export function last90Days(today: string): { from: string; to: string } {
  return { from: addDays(today, -89), to: today }
}

export function presetDates(preset: PeriodPreset, today: string): { from: string; to: string } | null {
  if (preset === 'last-quarter') return lastQuarter(today)
  if (preset === '90d') return last90Days(today)
  return null
}

/** Which preset a period is (the address keeps dates, so a bookmark names the same days next month). */
export function presetOf(from: string, to: string, today: string): PeriodPreset {
  for (const p of ['last-quarter', '90d'] as const) {
    const d = presetDates(p, today)!
    if (d.from === from && d.to === to) return p
  }
  return 'custom'
}

/** "Q3 2026" when the period is exactly a calendar quarter. */
export function quarterName(from: string, to: string): string | null {
  const y = Number(from.slice(0, 4))
  const m = Number(from.slice(5, 7))
  if (from.slice(8) !== '01' || (m - 1) % 3 !== 0) return null
  const next = m + 3 > 12 ? `${y + 1}-01-01` : `${y}-${String(m + 3).padStart(2, '0')}-01`
  return addDays(next, -1) === to ? `Q${(m - 1) / 3 + 1} ${y}` : null
}

/** Trends by week up to about four months, by month beyond: a dozen or so points either way. */
export function trendGrain(from: string, to: string): 'week' | 'month' {
  return daysIn(from, to) <= 126 ? 'week' : 'month'
}

/** The location ids in the address (`locations=a,b`), sorted, each once. */
export function locationIdsOf(value: string | undefined): string[] {
  if (!value) return []
  return [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))].sort()
}

// ---- requests

/** Runs `fn` over `items` at most `limit` at a time, keeping their order: a report fans out to many small reads. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

// ---- numbers in words

export { count, plural }

/** A change in the metric's units: "+4 points", "−0.3". */
export function changeText(metric: string, delta: number | null): string {
  if (delta === null) return '—'
  const mean = metric === 'ces' || metric === 'rating_mean'
  const text = Math.abs(delta).toFixed(mean ? 1 : 0)
  const sign = Number(text) === 0 ? '±' : delta > 0 ? '+' : '−'
  return `${sign}${text}${mean ? '' : Number(text) === 1 ? ' point' : ' points'}`
}

/** A theme's pull in the driver's points, to one decimal: small pulls still tell apart. */
export function pullText(pull: number | null): string {
  if (pull === null) return '—'
  const text = Math.abs(pull).toFixed(1)
  const sign = Number(text) === 0 ? '±' : pull > 0 ? '+' : '−'
  return `${sign}${text} points`
}

/** What a cell's n counts: answers for survey evidence, checks and audits for mystery shopping. */
export function sampleText(row: Pick<BoardRow, 'source'>, cell: Pick<BoardCell, 'n' | 'audit'>): string {
  if (row.source === 'audit') return `n = ${plural(cell.n, 'check')}${cell.audit ? ` in ${plural(cell.audit.audits, 'audit')}` : ''}`
  if (row.source === 'cases') return `n = ${plural(cell.n, 'resolved case')}`
  return `n = ${plural(cell.n, 'answer')}`
}

/** "88% (n = 1,204 answers; 95% interval 86% to 90%)", with a decimal more where rounding would seem to meet the target. */
export function figureWithSample(row: Pick<BoardRow, 'source' | 'standard' | 'target'>, cell: BoardCell): string {
  const interval = cell.low !== null && cell.n > 0 ? `; 95% interval ${formatInterval(row.standard.metric, cell.low, cell.high)}` : ''
  return `${formatMetricAgainst(row.standard.metric, cell.value, row.target?.target ?? null)} (${sampleText(row, cell)}${interval})`
}

// ---- which cells a report covers

export type ScopeKind = 'all' | 'one' | 'several'

export interface ScopeCell {
  /** "All locations", or the location's name. */
  label: string
  locationId: string | null
  cell: BoardCell
  /** The whole organisation, shown beside chosen locations for comparison only. */
  benchmark?: boolean
}

export function scopeKind(locationIds: readonly string[]): ScopeKind {
  return locationIds.length === 0 ? 'all' : locationIds.length === 1 ? 'one' : 'several'
}

/**
 * A board row's cells for the report's locations. All locations: the overall figure. One location:
 * the board was read for it, so its overall is that location. Several: each chosen location's own
 * cell (the board cannot pool a few locations), with the whole organisation as a benchmark.
 */
export function scopeCells(row: BoardRow, locationIds: readonly string[], nameOf: (id: string) => string): ScopeCell[] {
  const kind = scopeKind(locationIds)
  if (kind === 'all') return [{ label: 'All locations', locationId: null, cell: row.overall }]
  if (kind === 'one') return [{ label: nameOf(locationIds[0]!), locationId: locationIds[0]!, cell: row.overall }]
  const own = locationIds.map((id) => ({ label: nameOf(id), locationId: id, cell: row.byLocation.find((c) => c.locationId === id) ?? emptyCell(id) }))
  return [...own, { label: 'Whole organisation', locationId: null, cell: row.overall, benchmark: true }]
}

function emptyCell(locationId: string): BoardCell {
  return { locationId, value: null, n: 0, low: null, high: null, status: 'insufficient', change: null, survey: null, audit: null, disagree: false }
}

/** The sample a row's evidence reached over the report's own cells (benchmarks left out). */
export function sampleOf(cells: readonly ScopeCell[]): { answers: number; checks: number; audits: number; cases: number; surveyLinked: boolean; auditLinked: boolean } {
  const own = cells.filter((c) => !c.benchmark)
  return {
    // A case-measured row's headline n is its resolved cases (survey and audit evidence are null there).
    cases: own.reduce((s, c) => s + (c.cell.survey === null && c.cell.audit === null ? c.cell.n : 0), 0),
    answers: own.reduce((s, c) => s + (c.cell.survey?.n ?? 0), 0),
    checks: own.reduce((s, c) => s + (c.cell.audit?.n ?? 0), 0),
    audits: own.reduce((s, c) => s + (c.cell.audit?.audits ?? 0), 0),
    surveyLinked: own.some((c) => c.cell.survey !== null),
    auditLinked: own.some((c) => c.cell.audit !== null),
  }
}

// ---- themes of several locations together

export type WhyTheme = Omit<WhyResponse['themes'][number], 'link'>

export interface ReportWhy {
  driver: 'nps' | 'csat'
  baseline: Figure
  themes: WhyTheme[]
  /** Comments in the period, all labels. */
  comments: number
  /** Added up from several locations: intervals of the pooled scores are not known. */
  pooled: boolean
}

export function whyOf(w: WhyResponse): ReportWhy {
  return { driver: w.driver, baseline: w.baseline, themes: w.themes, comments: w.sentiment.reduce((s, b) => s + b.total, 0), pooled: false }
}

/** A score of several groups from each one's value and n: NPS and CSAT are averages over answers, so Σ(value·n)/Σn is exact. */
function pooledScore(figures: readonly Figure[]): Figure {
  const withValue = figures.filter((f) => f.value !== null && f.n > 0)
  const n = withValue.reduce((s, f) => s + f.n, 0)
  return { value: n > 0 ? withValue.reduce((s, f) => s + f.value! * f.n, 0) / n : null, n, low: null, high: null }
}

/**
 * The themes of several locations' comments together. Counts add up; the NPS or CSAT of the
 * responses mentioning a theme (and of all responses with a comment) pool exactly from each
 * location's value and n; share and pull follow from those (shared/metrics/drivers.ts). Intervals
 * cannot be pooled from the figures, so they are left out.
 */
export function combineWhy(list: readonly WhyResponse[]): ReportWhy | null {
  if (list.length === 0) return null
  if (list.length === 1) return whyOf(list[0]!)
  const driver = list[0]!.driver
  const baseline = pooledScore(list.map((w) => w.baseline))
  const names = [...new Set(list.flatMap((w) => w.themes.map((t) => t.theme)))]
  const themes = names.map((theme) => {
    const parts = list.flatMap((w) => w.themes.filter((t) => t.theme === theme))
    const c = parts.reduce((s, t) => s + t.count, 0)
    const negative = parts.reduce((s, t) => s + t.negative, 0)
    const score = pooledScore(parts.map((t) => t.score))
    const share = baseline.n > 0 ? (score.n / baseline.n) * 100 : null
    const pull = score.value !== null && baseline.value !== null && share !== null ? ((score.value - baseline.value) * share) / 100 : null
    return { theme, count: c, negative, negativeShare: c > 0 ? (negative / c) * 100 : null, score, share, pull, rankByVolume: 0, rankByPull: null as number | null }
  })
  const byVolume = [...themes].sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme))
  byVolume.forEach((t, i) => (t.rankByVolume = i + 1))
  themes
    .filter((t) => t.pull !== null)
    .sort((a, b) => a.pull! - b.pull! || b.count - a.count)
    .forEach((t, i) => (t.rankByPull = i + 1))
  return { driver, baseline, themes: byVolume, comments: list.reduce((s, w) => s + w.sentiment.reduce((a, b) => a + b.total, 0), 0), pooled: true }
}

/** The themes to quote comments on: the most mentioned and the ones that pull the score down most, at most `max`. */
export function quotedThemes(why: ReportWhy, max = 4): string[] {
  const out: string[] = []
  const add = (t: string) => {
    if (!out.includes(t) && out.length < max) out.push(t)
  }
  const byVolume = why.themes.filter((t) => t.count > 0).sort((a, b) => a.rankByVolume - b.rankByVolume)
  const byPull = why.themes.filter((t) => t.pull !== null && t.pull < 0 && t.count > 0).sort((a, b) => a.pull! - b.pull!)
  // Alternate so both rankings are represented when they differ.
  for (let i = 0; out.length < max && (i < byVolume.length || i < byPull.length); i++) {
    if (byPull[i]) add(byPull[i]!.theme)
    if (byVolume[i]) add(byVolume[i]!.theme)
  }
  return out
}

// ---- comments to quote

export interface Quotable {
  id: string
  text: string
  themes: string[]
  at: string
  locationId: string | null
}

/**
 * Comments that stand for a theme: about the theme, of a readable length (a few words up to a short
 * paragraph), the ones about that theme alone first, then the newest; at most one per location
 * while others remain, so one branch does not speak for all.
 */
export function pickComments<T extends Quotable>(comments: readonly T[], theme: string, howMany: number, locationIds: readonly string[] = []): T[] {
  const inScope = comments.filter((c) => c.themes.includes(theme) && (locationIds.length === 0 || (c.locationId !== null && locationIds.includes(c.locationId))))
  const readable = (c: T) => c.text.trim().length >= 25 && c.text.trim().length <= 600
  const ranked = [...inScope].sort((a, b) => Number(readable(b)) - Number(readable(a)) || a.themes.length - b.themes.length || b.at.localeCompare(a.at))
  // The same words twice (a template reply, a copied complaint) say nothing new.
  const words = (c: T) => c.text.trim().toLowerCase().replace(/\s+/g, ' ')
  const distinct = ranked.filter((c, i) => ranked.findIndex((d) => words(d) === words(c)) === i)
  const out: T[] = []
  const seen = new Set<string | null>()
  for (const c of distinct) if (out.length < howMany && !seen.has(c.locationId)) out.push(c), seen.add(c.locationId)
  for (const c of distinct) if (out.length < howMany && !out.includes(c)) out.push(c)
  return out
}

/** A comment cut at a word near `max` characters, with an ellipsis. */
export function excerpt(text: string, max = 320): string {
  const t = text.trim().replace(/\s+/g, ' ')
  if (t.length <= max) return t
  const cut = t.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`
}

// ---- cases of several locations together

export interface ReportCases {
  opened: number
  resolved: number
  open: number
  overdue: number
  withinSla: { count: number; of: number; share: number | null }
  firstContact: { count: number; of: number; share: number | null }
  /** Medians do not add up: known for one figure set only. */
  timeToResolveHours: { median: number | null; p90: number | null; n: number } | null
  byRootCause: { rootCause: RootCause; count: number }[]
  byTrigger: { trigger: CaseTrigger; count: number }[]
  byStatus: Partial<Record<CaseStatus, number>>
}

const share = (c: number, of: number) => (of > 0 ? (c / of) * 100 : null)

/** Counts by key over several lists, largest first. */
function addCounts<K extends string>(items: readonly { key: K; count: number }[]): { key: K; count: number }[] {
  const m = new Map<K, number>()
  for (const item of items) m.set(item.key, (m.get(item.key) ?? 0) + item.count)
  return [...m.entries()].map(([key, c]) => ({ key, count: c })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

/** Case figures of one or several locations: counts add up, shares are recomputed from them, medians kept only for one. */
export function combineCases(list: readonly CaseFigures[]): ReportCases | null {
  if (list.length === 0) return null
  const sum = (f: (c: CaseFigures) => number | undefined) => list.reduce((s, c) => s + (f(c) ?? 0), 0)
  const within = sum((c) => c.withinSla?.count)
  const withinOf = sum((c) => c.withinSla?.of)
  const first = sum((c) => c.firstContact?.count)
  const firstOf = sum((c) => c.firstContact?.of)
  const byStatus: Partial<Record<CaseStatus, number>> = {}
  for (const c of list) for (const [k, v] of Object.entries(c.byStatus ?? {})) byStatus[k as CaseStatus] = (byStatus[k as CaseStatus] ?? 0) + (v ?? 0)
  return {
    opened: sum((c) => c.opened),
    resolved: sum((c) => c.resolved),
    open: sum((c) => c.open),
    overdue: sum((c) => c.overdue),
    withinSla: { count: within, of: withinOf, share: share(within, withinOf) },
    firstContact: { count: first, of: firstOf, share: share(first, firstOf) },
    timeToResolveHours: list.length === 1 ? (list[0]!.timeToResolveHours ?? null) : null,
    byRootCause: addCounts(list.flatMap((c) => (c.byRootCause ?? []).map((r) => ({ key: r.rootCause, count: r.count })))).map((r) => ({ rootCause: r.key, count: r.count })),
    byTrigger: addCounts(list.flatMap((c) => (c.byTrigger ?? []).map((r) => ({ key: r.trigger, count: r.count })))).map((r) => ({ trigger: r.key, count: r.count })),
    byStatus,
  }
}

/** Hours as people read them: "36 hours", "4.5 days". */
export function durationText(hours: number | null): string {
  if (hours === null) return '—'
  if (hours < 48) return `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} hours`
  const days = hours / 24
  return `${days < 10 ? days.toFixed(1) : Math.round(days)} days`
}

// ---- strengths and areas for development

export type FindingKind = 'on_target' | 'improved' | 'theme_lift' | 'off_target' | 'declined' | 'theme_pull' | 'amber'

export interface Finding {
  kind: FindingKind
  text: string
  standardId?: string
  theme?: string
}

export interface Findings {
  strengths: Finding[]
  areas: Finding[]
  /** "EFF-01 at York (n = 12 answers)": figures too small to judge. */
  notJudged: string[]
  /** Standards with no answers or audits at all in the period. */
  notMeasured: string[]
}

export interface FindingInput {
  board: Pick<BoardResponse, 'standards' | 'locations'>
  locationIds: readonly string[]
  why: ReportWhy | null
}

const where = (c: ScopeCell) => (c.locationId === null ? 'across all locations' : `at ${c.label}`)

function targetPhrase(row: BoardRow): string {
  return row.target ? ` against a target of ${formatTarget(row.standard.metric, row.target)}` : ''
}

/** How far past its target a figure is, in the metric's units, positive when better. */
function margin(row: BoardRow, cell: BoardCell): number {
  if (!row.target || cell.value === null) return 0
  return row.target.direction === 'higher' ? cell.value - row.target.target : row.target.target - cell.value
}

/** Whether a change is an improvement: up for higher-is-better standards, down for lower-is-better. */
function improves(row: BoardRow, delta: number): boolean {
  const direction = row.target?.direction ?? row.standard.direction
  return direction === 'higher' ? delta > 0 : delta < 0
}

/** A standard by its code and title: GRT-01 “Greet every customer within 30 seconds”. */
const name = (row: BoardRow) => `${row.standard.code} “${row.standard.title}”`

/**
 * Strengths and areas for development from the figures: standards on target and significant
 * improvements are strengths; standards off target or within tolerance, significant declines and the
 * themes that pull the score down are areas. Each is a sentence with its figures and n. Figures
 * below the minimum sample are listed apart and never judged (DOMAIN.md, "Minimum sample").
 */
export function deriveFindings(input: FindingInput): Findings {
  const nameOf = (id: string) => input.board.locations.find((l) => l.id === id)?.name ?? 'an unknown location'
  const strengths: (Finding & { weight: number })[] = []
  const areas: (Finding & { weight: number })[] = []
  const notJudged: string[] = []
  const notMeasured: string[] = []
  const all = input.locationIds.length === 0

  for (const row of input.board.standards) {
    const metric = row.standard.metric
    const cells = scopeCells(row, input.locationIds, nameOf).filter((c) => !c.benchmark)
    if (cells.every((c) => c.cell.n === 0)) notMeasured.push(name(row))
    for (const c of cells) {
      const cell = c.cell
      if (cell.n === 0 && !cell.change?.previous.n) continue
      if (cell.status === 'insufficient') notJudged.push(`${row.standard.code} ${where(c)} (${sampleText(row, cell)})`)
      else if (cell.status === 'green')
        strengths.push({ kind: 'on_target', standardId: row.standard.id, weight: 100 + margin(row, cell), text: `${name(row)} met its target ${where(c)}: ${figureWithSample(row, cell)}${targetPhrase(row)}.` })
      else if (cell.status === 'red')
        areas.push({ kind: 'off_target', standardId: row.standard.id, weight: 300 - margin(row, cell), text: `${name(row)} was off target ${where(c)}: ${figureWithSample(row, cell)}${targetPhrase(row)}.` })
      else if (cell.status === 'amber')
        areas.push({ kind: 'amber', standardId: row.standard.id, weight: 50 - margin(row, cell), text: `${name(row)} was just below target ${where(c)}, within its tolerance: ${figureWithSample(row, cell)}${targetPhrase(row)}.` })

      const ch = cell.change
      if (ch && ch.significant && ch.delta !== null && ch.delta !== 0) {
        const better = improves(row, ch.delta)
        const text = `${name(row)} ${better ? 'improved' : 'worsened'} significantly ${where(c)}: ${formatMetric(metric, cell.value)} (${sampleText(row, cell)}), ${changeText(metric, ch.delta)} on ${formatMetric(metric, ch.previous.value)} (n = ${count(ch.previous.n)}) in the previous period.`
        if (better) strengths.push({ kind: 'improved', standardId: row.standard.id, weight: 80 + Math.abs(ch.delta), text })
        else areas.push({ kind: 'declined', standardId: row.standard.id, weight: 200 + Math.abs(ch.delta), text })
      }
    }
    // For the whole organisation, say where the locations stand too: the overall can hide a location far off target.
    if (all) {
      const located = row.byLocation.filter((c) => c.n > 0)
      const red = located.filter((c) => c.status === 'red')
      const green = located.filter((c) => c.status === 'green')
      if (red.length > 0 && row.overall.status !== 'red')
        areas.push({
          kind: 'off_target',
          standardId: row.standard.id,
          weight: 150,
          text: `${name(row)} was off target at ${red.length} of ${plural(located.length, 'location')} with results: ${red.map((c) => `${nameOf(c.locationId!)} ${formatMetric(metric, c.value)} (n = ${count(c.n)})`).join(', ')}.`,
        })
      const changed = (better: boolean) => located.filter((c) => c.change?.significant && c.change.delta && improves(row, c.change.delta) === better)
      const list = (cs: BoardCell[]) => cs.map((c) => `${nameOf(c.locationId!)} (${changeText(metric, c.change!.delta)} to ${formatMetric(metric, c.value)}, n = ${count(c.n)})`).join(', ')
      const up = changed(true)
      const down = changed(false)
      if (up.length) strengths.push({ kind: 'improved', standardId: row.standard.id, weight: 70, text: `${name(row)} improved significantly at ${list(up)}.` })
      if (down.length) areas.push({ kind: 'declined', standardId: row.standard.id, weight: 180, text: `${name(row)} worsened significantly at ${list(down)}.` })
      if (green.length > 1 && row.overall.status === 'green' && red.length === 0 && green.length === located.length)
        strengths.push({ kind: 'on_target', standardId: row.standard.id, weight: 90, text: `${name(row)} was on target at every one of the ${plural(green.length, 'location')} with enough answers.` })
    }
  }

  if (input.why) {
    const driver = input.why.driver.toUpperCase()
    const base = input.why.baseline
    const about = (t: WhyTheme) =>
      `${t.share === null ? '' : `${t.share.toFixed(0)}% of responses with a comment mention it (n = ${count(t.score.n)}), `}and their ${driver} is ${formatMetric(input.why!.driver, t.score.value)} against ${formatMetric(input.why!.driver, base.value)} for all responses with a comment (n = ${count(base.n)})`
    const pulling = input.why.themes.filter((t) => t.pull !== null && t.pull <= -1).sort((a, b) => a.pull! - b.pull!).slice(0, 3)
    for (const t of pulling)
      areas.push({ kind: 'theme_pull', theme: t.theme, weight: 100 - t.pull!, text: `Comments about ${themeName(t.theme).toLowerCase()} pull the ${driver} down by ${pullText(-t.pull!).replace(/^\+/, '')}: ${about(t)}.` })
    const lifting = input.why.themes.filter((t) => t.pull !== null && t.pull >= 1).sort((a, b) => b.pull! - a.pull!).slice(0, 2)
    for (const t of lifting) strengths.push({ kind: 'theme_lift', theme: t.theme, weight: 40 + t.pull!, text: `Comments about ${themeName(t.theme).toLowerCase()} lift the ${driver} by ${pullText(t.pull!).replace(/^\+/, '')}: ${about(t)}.` })
  }

  const order = (a: { weight: number }, b: { weight: number }) => b.weight - a.weight
  const strip = ({ weight: _w, ...f }: Finding & { weight: number }): Finding => f
  return { strengths: strengths.sort(order).map(strip), areas: areas.sort(order).map(strip), notJudged, notMeasured }
}

/** Counts of the report's cells by status, for the summary. */
export function statusCounts(board: Pick<BoardResponse, 'standards' | 'locations'>, locationIds: readonly string[]) {
  const counts = { green: 0, amber: 0, red: 0, insufficient: 0, notJudged: 0, improved: 0, worsened: 0, cells: 0, locationImproved: 0, locationWorsened: 0 }
  const nameOf = (id: string) => board.locations.find((l) => l.id === id)?.name ?? ''
  for (const row of board.standards)
    for (const c of scopeCells(row, locationIds, nameOf)) {
      if (c.benchmark || (c.cell.n === 0 && !c.cell.change?.previous.n)) continue
      counts.cells++
      if (c.cell.status) counts[c.cell.status]++
      else counts.notJudged++
      const ch = c.cell.change
      if (ch?.significant && ch.delta) counts[improves(row, ch.delta) ? 'improved' : 'worsened']++
    }
  // All locations: the changes at single locations too, which the overall can hide.
  if (locationIds.length === 0)
    for (const row of board.standards)
      for (const c of row.byLocation) if (c.change?.significant && c.change.delta) counts[improves(row, c.change.delta) ? 'locationImproved' : 'locationWorsened']++
  return counts
}
