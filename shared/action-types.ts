// Zod-free, so the manager app's action pages can use the labels, limits and formatting without
// loading the schemas; shared/actions.ts re-exports all of it beside the request schemas.

import { formatMetric, unitOf } from './metric-format.ts'

/**
 * Improvement actions (DOMAIN "The review cycle", step 4 "Act") and their before-and-after proof:
 * the shapes the actions API answers (server/routes/actions.ts, docs/actions.md).
 */

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'abandoned'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  abandoned: 'Abandoned',
}

export const STAKEHOLDER_KINDS = ['consulted', 'informed'] as const
export type StakeholderKind = (typeof STAKEHOLDER_KINDS)[number]
export const STAKEHOLDER_KIND_LABELS: Record<StakeholderKind, string> = { consulted: 'Consulted', informed: 'Informed' }

/** Length of each of the two equal windows, in days. */
export const WINDOW_DAYS = { min: 7, max: 365, default: 90 } as const
/** Days skipped after the start while the change beds in. */
export const SETTLING_DAYS = { min: 0, max: 180, default: 0 } as const
/** At most this many standards, locations or comparison locations on one action. */
export const MAX_LINKS = 50

// ---- the action and its log

export interface NamedRef {
  id: string
  name: string
}

export interface StandardRef {
  id: string
  code: string
  title: string
  metric: string
  direction: 'higher' | 'lower'
  archived: boolean
}

export interface LocationRef extends NamedRef {
  archived: boolean
}

/** One action as the list and the detail show it: its links resolved to names. */
export interface ActionView {
  id: string
  title: string
  description: string
  owner: NamedRef | null
  startDate: string
  status: ActionStatus
  standards: StandardRef[]
  locations: LocationRef[]
  comparisonLocations: LocationRef[]
  windowDays: number
  settlingDays: number
  createdBy: NamedRef | null
  createdAt: string
  updatedAt: string
}

export interface StakeholderEntry {
  id: string
  kind: StakeholderKind
  stakeholder: string
  onDate: string
  note: string
  recordedBy: NamedRef | null
  createdAt: string
}

export interface ActionDetailResponse {
  action: ActionView
  stakeholders: StakeholderEntry[]
}

// ---- before and after

/** A window of days, both ends included. */
export interface DayWindow {
  from: string
  to: string
  days: number
}

export interface ImpactWindows {
  /** [start − window, start − 1], clipped to today when the start is still ahead. */
  before: DayWindow & { complete: boolean }
  /**
   * [start + settling, start + settling + window − 1] clipped to today: `plannedTo` is its full
   * end; `started` false while today is before its first day (then from/to are the planned ones
   * and days 0); `complete` once its last day is over.
   */
  after: DayWindow & { plannedTo: string; plannedDays: number; started: boolean; complete: boolean }
  windowDays: number
  settlingDays: number
}

/** A figure from the metric engine: value, n, 95% interval, the sample the minimum counts (audits for compliance). */
export interface ImpactFigure {
  value: number | null
  n: number
  low: number | null
  high: number | null
  sample: number
  insufficient: boolean
}

/** A change from the engine (changeFor or differenceOfDifferences). */
export interface ImpactChange {
  delta: number | null
  low: number | null
  high: number | null
  pValue: number | null
  significant: boolean
  direction: 'up' | 'down' | 'flat'
}

export type ImpactOutcome = 'improved' | 'worsened' | 'no_significant_change' | 'insufficient' | 'not_started' | 'not_measured'

export const IMPACT_OUTCOME_LABELS: Record<ImpactOutcome, string> = {
  improved: 'Improved (significant)',
  worsened: 'Worse (significant)',
  no_significant_change: 'No significant change',
  insufficient: 'Not enough data yet',
  not_started: 'Not measured yet',
  not_measured: 'Not measured',
}

export interface StandardImpact {
  standard: StandardRef
  /** Where the figures come from: linked survey questions, linked audit items, or nothing that measures this metric yet. */
  source: 'survey' | 'audit' | null
  minSample: number
  /** The action's locations, pooled. */
  action: { before: ImpactFigure; after: ImpactFigure; change: ImpactChange | null }
  /** The comparison locations, pooled (null without comparison locations). */
  comparison: { before: ImpactFigure; after: ImpactFigure; change: ImpactChange | null } | null
  /** (after − before) at the action's locations − (after − before) at the comparison locations. */
  differenceOfDifferences: ImpactChange | null
  outcome: ImpactOutcome
  /** The plain-language verdict. */
  verdict: string
}

export interface ActionImpact {
  actionId: string
  windows: ImpactWindows
  today: string
  minSample: { answers: number; audits: number }
  locations: LocationRef[]
  comparisonLocations: LocationRef[]
  standards: StandardImpact[]
  rowsRead: number
}

// ---- words and numbers, the same on the server (verdicts) and in the app (tables)

/** A metric's figure as people read it: NPS signed (+42), shares as percentages (86%), means to one decimal (5.6). */
export const formatImpactValue = formatMetric

/** A change in the metric's units, always signed: "+8 points" for shares and NPS, "+0.4" for means. */
export function formatImpactDelta(metric: string, delta: number | null | undefined): string {
  if (delta === null || delta === undefined) return '—'
  const u = unitOf(metric)
  const decimals = u.points ? 0 : u.decimals
  const rounded = Number(delta.toFixed(decimals))
  const text = `${rounded > 0 ? '+' : ''}${(Object.is(rounded, -0) ? 0 : rounded).toFixed(decimals).replace('-', '−')}`
  return u.points ? `${text} ${Math.abs(rounded) === 1 ? 'point' : 'points'}` : text
}

/** An interval of a change ("+3 to +13 points"), '' when there is none. */
export function formatImpactInterval(metric: string, low: number | null | undefined, high: number | null | undefined, delta = true): string {
  if (low === null || low === undefined || high === null || high === undefined) return ''
  if (!delta) return `${formatImpactValue(metric, low)} to ${formatImpactValue(metric, high)}`
  const bare = (x: number) => formatImpactDelta(metric, x).replace(/ points?$/, '')
  return `${bare(low)} to ${bare(high)}${unitOf(metric).points ? ' points' : ''}`
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** 2027-03-12 → "12 March 2027": the same words whatever the server's or browser's locale. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`
}
