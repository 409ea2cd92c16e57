import type { BoardResponse, BreakdownResponse, TrendResponse, WhyResponse } from '../../../../shared/analytics.ts'
import { api, call } from '../../lib/api.ts'
import { daysBefore, today } from '../../lib/format.ts'

/**
 * The analytics pages' filters as they appear in the address (the API's own names, so a view can be
 * bookmarked, shared and passed straight through), and the calls to /api/analytics.
 */

export const PERIODS = [
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'quarter', label: 'This quarter' },
  { value: 'custom', label: 'Custom dates' },
] as const
export type PeriodPreset = (typeof PERIODS)[number]['value']

/** The segment a view is narrowed to: the rollups keep one beside the location, so one at a time. */
export const SEGMENTS = [
  { value: '', label: 'All responses' },
  { value: 'collectorId', label: 'Link' },
  { value: 'channel', label: 'Channel' },
  { value: 'language', label: 'Language' },
  { value: 'versionId', label: 'Survey version' },
] as const
export type SegmentKey = Exclude<(typeof SEGMENTS)[number]['value'], ''>
export const SEGMENT_KEYS: SegmentKey[] = ['collectorId', 'channel', 'language', 'versionId']

/** Every filter key the analytics pages keep in the address. */
export const FILTER_KEYS = ['period', 'from', 'to', 'locationId', 'surveyId', 'collectorId', 'channel', 'language', 'versionId', 'standardId', 'dimension', 'templateId', 'hideSmall'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]
export type Params = Partial<Record<string, string | string[] | undefined>>

export const param = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined

export function periodOf(params: Params): PeriodPreset {
  const p = param(params.period)
  if (p === '30d' || p === '90d' || p === 'quarter' || p === 'custom') return p
  return param(params.from) || param(params.to) ? 'custom' : '90d'
}

/** The dates of a preset, counted back from today in the browser's calendar. */
export function presetDates(preset: PeriodPreset, now = today()): { from: string; to: string } | null {
  if (preset === '30d') return { from: daysBefore(now, 29), to: now }
  if (preset === '90d') return { from: daysBefore(now, 89), to: now }
  if (preset === 'quarter') {
    const month = Number(now.slice(5, 7))
    const first = month - ((month - 1) % 3)
    return { from: `${now.slice(0, 4)}-${String(first).padStart(2, '0')}-01`, to: now }
  }
  return null
}

/** The segment asked for in the address (the first one, should a hand-written address hold two). */
export function segmentOf(params: Params): { key: SegmentKey; value: string } | null {
  for (const key of SEGMENT_KEYS) {
    const value = param(params[key])
    if (value) return { key, value }
  }
  return null
}

/** The API filter from the address: dates from the preset, one segment, empty values left out. */
export function apiFilter(params: Params): Record<string, string> {
  const out: Record<string, string> = {}
  const preset = periodOf(params)
  const dates = presetDates(preset)
  if (dates) Object.assign(out, dates)
  else {
    const from = param(params.from)
    const to = param(params.to)
    if (from) out.from = from
    if (to) out.to = to
  }
  for (const key of ['locationId', 'surveyId', 'standardId', 'dimension', 'templateId'] as const) {
    const v = param(params[key])
    if (v) out[key] = v
  }
  const segment = segmentOf(params)
  if (segment) out[segment.key] = segment.value
  if (param(params.hideSmall) === 'true') out.hideSmall = 'true'
  return out
}

/** The address's shared filters, to carry from one analytics page to another. */
export function carriedQuery(params: Params, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams()
  for (const key of FILTER_KEYS) {
    const v = param(params[key])
    if (v) q.set(key, v)
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v) q.set(k, v)
    else q.delete(k)
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** Only the values that are set: the API treats an empty value as a filter. */
const set = (query: Record<string, string | undefined>) => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>

type Query<F> = F extends (args: { query: infer Q }) => unknown ? Q : never
type BoardQuery = Query<typeof api.analytics.board.$get>
type TrendQuery = Query<typeof api.analytics.trend.$get>
type BreakdownQuery = Query<typeof api.analytics.breakdown.$get>
type WhyQuery = Query<typeof api.analytics.why.$get>

/** The analytics API through the typed client; the answers are the shapes of shared/analytics.ts. */
export const analyticsApi = {
  board: (filter: Record<string, string>): Promise<BoardResponse> => call(api.analytics.board.$get({ query: set(filter) as BoardQuery })),
  trend: (query: Record<string, string | undefined>): Promise<TrendResponse> => call(api.analytics.trend.$get({ query: set(query) as TrendQuery })),
  breakdown: (query: Record<string, string | undefined>): Promise<BreakdownResponse> => call(api.analytics.breakdown.$get({ query: set(query) as BreakdownQuery })),
  why: (query: Record<string, string | undefined>): Promise<WhyResponse> => call(api.analytics.why.$get({ query: set(query) as WhyQuery })),
}

export type { BoardResponse, BreakdownResponse, TrendResponse, WhyResponse }
export type { BoardCell, BoardRow, BreakdownRow, TrendPoint, JudgedFigure, Figure, Status } from '../../../../shared/analytics.ts'

export const DIMENSION_TEXT: Record<string, string> = {
  reliability: 'Reliability',
  assurance: 'Assurance',
  tangibles: 'Tangibles',
  empathy: 'Empathy',
  responsiveness: 'Responsiveness',
}

/**
 * A drill-down link from the API, as the address of the comments or audits page: the API names
 * its filters as those pages read them (location, survey, template).
 */
export function drillHref(link: string): string {
  return link
}
