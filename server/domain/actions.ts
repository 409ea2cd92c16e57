import type { Db } from '../db/database.ts'
import type { ImprovementActionTable, StandardTable } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { addDays, daysBetween, SURVEY_METRICS } from '../../shared/analytics.ts'
import {
  formatImpactDelta,
  formatImpactInterval,
  formatImpactValue,
  longDate,
  type ActionImpact,
  type ActionStatus,
  type ActionView,
  type ImpactChange,
  type ImpactFigure,
  type ImpactOutcome,
  type ImpactWindows,
  type LocationRef,
  type NamedRef,
  type StakeholderEntry,
  type StandardImpact,
  type StandardRef,
} from '../../shared/action-types.ts'
import type { ValidationIssue } from '../../shared/errors.ts'
import { changeFor, differenceOfDifferences, type Change } from '../../shared/metrics/change.ts'
import { countsAudits, figureFor, minSampleFor, type SampleRule } from '../../shared/metrics/figures.ts'
import { addStatsInto, emptyStats, type Stats } from '../../shared/metrics/stats.ts'
import type { TSurveyDefinition } from '../../shared/survey/definition.ts'
import { linkEvidence } from './dashboard.ts'
import { MIN_AUDITS } from './audits.ts'
import { listLocations, listStandards } from '../db/repositories/register.ts'
import { listUserNames } from '../db/repositories/actions.ts'
import { listPublishedDefinitions } from '../db/repositories/surveys.ts'
import { AUDIT_STANDARD_STATS, fewestPieces, lastDataDay, listTemplateIds, sumRollups, type RollupRow } from '../db/repositories/analytics.ts'

/**
 * Improvement actions and their before-and-after proof (DOMAIN "Before and after an action",
 * docs/actions.md): the two equal windows around the start, the figures of the action's locations
 * (and of comparison locations) in each, read from rollups and computed by the metric engine, and
 * a plain-language verdict per standard.
 */

type ActionRow = Pick<
  ImprovementActionTable,
  'id' | 'title' | 'owner_id' | 'start_date' | 'status' | 'created_by' | 'created_at' | 'updated_at'
> & { description: string; standard_ids: string; location_ids: string; comparison_location_ids: string; window_days: number; settling_days: number }

const AUDIT_METRICS: ReadonlySet<string> = new Set(['audit_compliance', 'timing'])
const SURVEY_METRIC_SET: ReadonlySet<string> = new Set(SURVEY_METRICS)

// ---- windows

/**
 * The before and after windows of an action starting on `start`: before = [start − window,
 * start − 1]; after = [start + settling, start + settling + window − 1]. Both are clipped to
 * `today`: the after window is `started` once today reaches its first day and `complete` once its
 * last day is over (before today).
 * @example impactWindows('2026-06-01', 30, 14, '2026-07-01')
 * // before 2 May – 31 May (30 days); after 15 June – 1 July so far (17 of 30 days; planned to 14 July)
 */
export function impactWindows(start: string, windowDays: number, settlingDays: number, today: string): ImpactWindows {
  const beforeFrom = addDays(start, -windowDays)
  const beforeTo = addDays(start, -1)
  const clippedBeforeTo = beforeTo > today ? today : beforeTo
  const beforeDays = clippedBeforeTo < beforeFrom ? 0 : daysBetween(beforeFrom, clippedBeforeTo)
  const afterFrom = addDays(start, settlingDays)
  const plannedTo = addDays(afterFrom, windowDays - 1)
  const started = afterFrom <= today
  const afterTo = started && plannedTo > today ? today : plannedTo
  return {
    before: { from: beforeFrom, to: beforeDays > 0 ? clippedBeforeTo : beforeTo, days: beforeDays, complete: beforeTo < today },
    after: { from: afterFrom, to: afterTo, days: started ? daysBetween(afterFrom, afterTo) : 0, plannedTo, plannedDays: windowDays, started, complete: plannedTo < today },
    windowDays,
    settlingDays,
  }
}

// ---- figures, by the engine

const NO_FIGURE: ImpactFigure = { value: null, n: 0, low: null, high: null, sample: 0, insufficient: true }

/** A figure with the sample the minimum counts: audits (c0) for compliance, answers otherwise. */
export function impactFigure(metric: string, s: Stats, minSample: number): ImpactFigure {
  const f = figureFor(metric, s, { minSample })
  if (!f) return NO_FIGURE
  return { value: f.value, n: f.n, low: f.low, high: f.high, sample: countsAudits(metric) ? (s.counts[0] ?? 0) : s.n, insufficient: f.insufficient }
}

function changeOf(c: Change | null): ImpactChange | null {
  return c ? { delta: c.delta, low: c.low, high: c.high, pValue: c.pValue, significant: c.significant, direction: c.direction } : null
}

export interface SideStats {
  before: Stats
  after: Stats
}

/**
 * One standard's before-and-after from the pooled Stats of the action's locations (and of the
 * comparison locations), and its verdict. Pure: the engine computes every figure and test.
 */
export function standardImpact(input: {
  standard: StandardRef
  source: 'survey' | 'audit' | null
  rule: SampleRule
  windows: ImpactWindows
  where: string
  action: SideStats
  comparison: SideStats | null
}): StandardImpact {
  const { standard, rule } = input
  const metric = standard.metric
  const minSample = minSampleFor(metric, rule)
  const fig = (s: Stats) => (input.source ? impactFigure(metric, s, minSample) : NO_FIGURE)
  const side = (s: SideStats) => ({ before: fig(s.before), after: fig(s.after), change: input.source && input.windows.after.started ? changeOf(changeFor(metric, s.before, s.after, { rule })) : null })
  const action = side(input.action)
  const comparison = input.comparison ? side(input.comparison) : null
  const did =
    input.source && input.comparison && input.windows.after.started
      ? changeOf(differenceOfDifferences(metric, input.action, input.comparison, { rule }))
      : null
  const { outcome, verdict } = verdictFor({ metric, code: standard.code, direction: standard.direction, source: input.source, where: input.where, windows: input.windows, minSample, action, comparison, did })
  return { standard, source: input.source, minSample, action, comparison, differenceOfDifferences: did, outcome, verdict }
}

// ---- verdicts

const SUBJECT: Record<string, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  rating_mean: 'The mean rating',
  yes_rate: 'The yes rate',
  audit_compliance: 'Compliance',
  timing: 'Timing compliance',
}

export interface VerdictInput {
  metric: string
  code: string
  direction: 'higher' | 'lower'
  source: 'survey' | 'audit' | null
  /** The action's locations in words: "York", "York and Leeds", "the 5 locations with the action". */
  where: string
  windows: ImpactWindows
  minSample: number
  action: { before: ImpactFigure; after: ImpactFigure; change: ImpactChange | null }
  comparison: { before: ImpactFigure; after: ImpactFigure; change: ImpactChange | null } | null
  did: ImpactChange | null
}

/** "York", "York and Leeds", "York, Leeds and Hull", "the 4 locations with the action". */
export function placesInWords(names: readonly string[]): string {
  if (names.length === 0) return 'no location'
  if (names.length === 1) return names[0]!
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  return `the ${names.length} locations with the action`
}

function moved(metric: string, before: number, after: number): string {
  const b = formatImpactValue(metric, before)
  const a = formatImpactValue(metric, after)
  if (a === b) return `stayed at ${a}`
  return `${after > before ? 'rose' : 'fell'} from ${b} to ${a}`
}

function amount(metric: string, c: ImpactChange): string {
  const interval = formatImpactInterval(metric, c.low, c.high)
  return `${formatImpactDelta(metric, c.delta)}${interval ? `, 95% interval ${interval}` : ''}`
}

/**
 * The plain-language verdict on one standard and its outcome (docs/actions.md, "Verdicts"):
 * - not measured: nothing measures the standard's metric from surveys or audits;
 * - not started: the after window has not begun;
 * - insufficient: any side (before, after, and the comparison's when there is one) below the
 *   minimum sample, saying which and how many are needed;
 * - otherwise the change at the action's locations with its significance and, with comparison
 *   locations, the difference of differences. The outcome follows the difference of differences
 *   when there is one (else the change): improved or worse only when significant at 95%, judged by
 *   the standard's direction.
 * @example "CSAT at Leeds rose from 78% to 86%; the change is significant at 95% (+8 points, 95% interval +3 to +13)."
 */
export function verdictFor(v: VerdictInput): { outcome: ImpactOutcome; verdict: string } {
  const subject = SUBJECT[v.metric] ?? v.code
  if (!v.source) {
    const verdict = SURVEY_METRIC_SET.has(v.metric)
      ? `No survey question measures ${v.code} yet: link one to the standard to see its before and after.`
      : `${v.code} is not measured by surveys or audits, so there is no before and after to show yet.`
    return { outcome: 'not_measured', verdict }
  }
  const w = v.windows
  if (!w.after.started) {
    const settling = w.settlingDays > 0 ? `, after ${w.settlingDays} settling-in ${w.settlingDays === 1 ? 'day' : 'days'}` : ''
    return { outcome: 'not_started', verdict: `The after window starts on ${longDate(w.after.from)}${settling}: nothing to compare yet.` }
  }
  const running = w.after.complete ? '' : ` The after window is not complete yet (${w.after.days} of ${w.after.plannedDays} days; it ends on ${longDate(w.after.plannedTo)}).`

  const audits = v.source === 'audit'
  const short: string[] = []
  const check = (f: ImpactFigure, label: string) => {
    if (f.value === null || f.sample < v.minSample) short.push(audits ? `${f.sample} ${label}` : `n = ${f.sample} ${label}`)
  }
  check(v.action.before, 'before')
  check(v.action.after, 'after')
  if (v.comparison) {
    check(v.comparison.before, 'before at the comparison locations')
    check(v.comparison.after, 'after at the comparison locations')
  }
  if (short.length > 0)
    return {
      outcome: 'insufficient',
      verdict: `Not enough ${audits ? 'audits' : 'responses'} yet to tell (${short.join(', ')}, ${v.minSample} needed).${running}`,
    }

  const a = v.action
  const change = a.change!
  let verdict = `${subject} at ${v.where} ${moved(v.metric, a.before.value!, a.after.value!)}; `
  verdict += change.significant ? `the change is significant at 95% (${amount(v.metric, change)}).` : `not significant (${amount(v.metric, change)}).`
  const test = v.did ?? change
  if (v.comparison && v.did) {
    const c = v.comparison
    verdict += ` At the comparison locations it ${moved(v.metric, c.before.value!, c.after.value!)}, so the difference of differences is ${amount(v.metric, v.did)}: ${v.did.significant ? 'significant at 95%' : 'not significant'}.`
    if (change.significant && !v.did.significant) verdict += ' Allowing for the comparison locations, the change cannot be credited to the action yet.'
  }
  verdict += running
  const good = test.delta !== null && (v.direction === 'higher' ? test.delta > 0 : test.delta < 0)
  const bad = test.delta !== null && (v.direction === 'higher' ? test.delta < 0 : test.delta > 0)
  const outcome: ImpactOutcome = test.significant && good ? 'improved' : test.significant && bad ? 'worsened' : 'no_significant_change'
  return { outcome, verdict }
}

// ---- the action as the API shows it

export interface Registers {
  users: ReadonlyMap<string, { id: string; name: string }>
  standards: ReadonlyMap<string, Pick<StandardTable, 'id' | 'code' | 'title' | 'metric' | 'direction' | 'archived_at'>>
  locations: ReadonlyMap<string, { id: string; name: string; archived_at: string | null }>
}

export function parseIds(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

const named = (users: Registers['users'], id: string | null): NamedRef | null => {
  if (!id) return null
  const u = users.get(id)
  return { id, name: u?.name ?? 'Former user' }
}

export function standardRef(s: Pick<StandardTable, 'id' | 'code' | 'title' | 'metric' | 'direction' | 'archived_at'>): StandardRef {
  return { id: s.id, code: s.code, title: s.title, metric: s.metric, direction: s.direction, archived: s.archived_at !== null }
}

function locationRefs(reg: Registers, ids: string[]): LocationRef[] {
  return ids.flatMap((id) => {
    const l = reg.locations.get(id)
    return l ? [{ id, name: l.name, archived: l.archived_at !== null }] : []
  })
}

export function toActionView(row: ActionRow, reg: Registers): ActionView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    owner: named(reg.users, row.owner_id),
    startDate: row.start_date,
    status: row.status as ActionStatus,
    standards: parseIds(row.standard_ids).flatMap((id) => {
      const s = reg.standards.get(id)
      return s ? [standardRef(s)] : []
    }),
    locations: locationRefs(reg, parseIds(row.location_ids)),
    comparisonLocations: locationRefs(reg, parseIds(row.comparison_location_ids)),
    windowDays: row.window_days,
    settlingDays: row.settling_days,
    createdBy: named(reg.users, row.created_by),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function toStakeholderEntry(
  row: { id: string; kind: string; stakeholder: string; on_date: string; note: string; recorded_by: string | null; created_at: string },
  users: Registers['users'],
): StakeholderEntry {
  return { id: row.id, kind: row.kind as StakeholderEntry['kind'], stakeholder: row.stakeholder, onDate: row.on_date, note: row.note, recordedBy: named(users, row.recorded_by), createdAt: row.created_at }
}

/**
 * The links of an action to be stored, checked against the organisation's registers: the owner
 * must be an active user who is not a mystery shopper, every standard and location the
 * organisation's, and no location both with the action and a comparison. A 400 naming each field.
 */
export function checkActionLinks(
  v: { ownerId?: string | null; standardIds?: string[]; locationIds?: string[]; comparisonLocationIds?: string[] },
  merged: { locationIds: string[]; comparisonLocationIds: string[] },
  reg: Registers & { owners: ReadonlySet<string> },
): void {
  const issues: ValidationIssue[] = []
  if (v.ownerId && !reg.owners.has(v.ownerId)) issues.push({ path: 'body.ownerId', message: 'must be an active user of your organisation (not a mystery shopper)' })
  v.standardIds?.forEach((id, i) => {
    if (!reg.standards.has(id)) issues.push({ path: `body.standardIds.${i}`, message: 'is not a standard of your organisation' })
  })
  for (const field of ['locationIds', 'comparisonLocationIds'] as const)
    v[field]?.forEach((id, i) => {
      if (!reg.locations.has(id)) issues.push({ path: `body.${field}.${i}`, message: 'is not a location of your organisation' })
    })
  // One side changed alone can still overlap the other side as stored.
  const own = new Set(merged.locationIds)
  if (v.locationIds || v.comparisonLocationIds)
    merged.comparisonLocationIds.forEach((id, i) => {
      if (own.has(id)) issues.push({ path: v.comparisonLocationIds ? `body.comparisonLocationIds.${i}` : 'body.locationIds', message: v.comparisonLocationIds ? 'must not include a location that has the action' : 'must not include a comparison location of this action' })
    })
  if (issues.length > 0) throw new AppError('validation_failed', `Invalid body: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues)
}

// ---- impact: rollups → Stats → engine

export interface ImpactCtx {
  db: Db
  orgId: string
  today: string
  /** The organisation's minimum answers; audits use MIN_AUDITS. */
  minSample: number
}

function pairKey(form: string, item: string) {
  return `${form}\u0000${item}`
}

/**
 * The before-and-after of one action, every linked standard: survey-measured standards from their
 * linked questions' `answer` rollups, audit-measured ones from `audit_standard` rollups, both
 * windows read in one statement per kind (the after window as the current period, the before as
 * the previous one). Never reads raw responses; `rowsRead` counts the rollup and register rows.
 */
export async function actionImpact(ctx: ImpactCtx, row: ActionRow): Promise<ActionImpact> {
  const { db, orgId } = ctx
  const rule: SampleRule = { answers: ctx.minSample, audits: MIN_AUDITS }
  const windows = impactWindows(row.start_date, row.window_days, row.settling_days, ctx.today)
  const [standards, locations, versionRows, templates, lastDay] = await Promise.all([
    listStandards(db, orgId, true),
    listLocations(db, orgId, true),
    listPublishedDefinitions(db, orgId),
    listTemplateIds(db, orgId),
    lastDataDay(db, orgId),
  ])
  const standardById = new Map(standards.map((s) => [s.id, s] as const))
  const locationById = new Map(locations.map((l) => [l.id, l] as const))
  const linked = parseIds(row.standard_ids).flatMap((id) => {
    const s = standardById.get(id)
    return s ? [s] : []
  })
  const own = parseIds(row.location_ids).filter((id) => locationById.has(id))
  const others = parseIds(row.comparison_location_ids).filter((id) => locationById.has(id))
  const refs = (ids: string[]): LocationRef[] => ids.map((id) => ({ id, name: locationById.get(id)!.name, archived: locationById.get(id)!.archived_at !== null }))

  const versions = versionRows.map((v) => ({ survey_id: v.survey_id, title: v.title, definition: JSON.parse(v.definition) as TSurveyDefinition }))
  const evidence = linkEvidence(
    linked.filter((s) => SURVEY_METRIC_SET.has(s.metric)),
    versions,
  )
  const pairs = [...evidence.values()].flat()
  const auditStandards = linked.filter((s) => AUDIT_METRICS.has(s.metric))

  const before = windows.before.days > 0 ? fewestPieces(windows.before.from, windows.before.to, undefined) : []
  const after = windows.after.started ? fewestPieces(windows.after.from, windows.after.to, lastDay) : []
  // Every location's rows are read and the two groups summed here: the rollup key orders location
  // after bucket, so naming the locations would not read fewer index entries.
  const [answers, audits] = await Promise.all([
    pairs.length > 0
      ? sumRollups(db, { orgId, kind: 'answer', pieces: after, previousPieces: before, forms: pairs.map((p) => p.surveyId), items: pairs.map((p) => p.questionId), groupBy: ['form_id', 'item_id', 'location_id'] })
      : Promise.resolve({ rows: [] as RollupRow[], rowsRead: 0 }),
    auditStandards.length > 0 && templates.length > 0
      ? sumRollups(db, { orgId, kind: 'audit_standard', pieces: after, previousPieces: before, forms: templates.map((t) => t.id), items: auditStandards.map((s) => s.id), groupBy: ['item_id', 'location_id'], stats: AUDIT_STANDARD_STATS })
      : Promise.resolve({ rows: [] as RollupRow[], rowsRead: 0 }),
  ])

  const sidesOf = (rows: readonly RollupRow[], locationIds: readonly string[]): SideStats => {
    const wanted = new Set(locationIds)
    const out = { before: emptyStats(), after: emptyStats() }
    for (const r of rows) if (wanted.has(r.location_id!)) addStatsInto(r.period === 'previous' ? out.before : out.after, r)
    return out
  }
  const where = placesInWords(own.map((id) => locationById.get(id)!.name))

  const results = linked.map((s) => {
    let rows: RollupRow[] = []
    let source: 'survey' | 'audit' | null = null
    if (AUDIT_METRICS.has(s.metric)) {
      source = 'audit'
      rows = audits.rows.filter((r) => r.item_id === s.id)
    } else if (SURVEY_METRIC_SET.has(s.metric)) {
      const keys = new Set((evidence.get(s.id) ?? []).map((p) => pairKey(p.surveyId, p.questionId)))
      if (keys.size > 0) source = 'survey'
      rows = answers.rows.filter((r) => keys.has(pairKey(r.form_id!, r.item_id!)))
    }
    return standardImpact({ standard: standardRef(s), source, rule, windows, where, action: sidesOf(rows, own), comparison: others.length > 0 ? sidesOf(rows, others) : null })
  })

  return {
    actionId: row.id,
    windows,
    today: ctx.today,
    minSample: { answers: ctx.minSample, audits: MIN_AUDITS },
    locations: refs(own),
    comparisonLocations: refs(others),
    standards: results,
    rowsRead: answers.rowsRead + audits.rowsRead + 1 + standards.length + locations.length + versionRows.length + templates.length,
  }
}

/** The registers an action's links are resolved against: users, standards and locations (archived ones too), and who may own an action. */
export async function loadRegisters(db: Db, orgId: string): Promise<Registers & { owners: ReadonlySet<string> }> {
  const [users, standards, locations] = await Promise.all([listUserNames(db, orgId), listStandards(db, orgId, true), listLocations(db, orgId, true)])
  return {
    users: new Map(users.map((u) => [u.id, u] as const)),
    standards: new Map(standards.map((s) => [s.id, s] as const)),
    locations: new Map(locations.map((l) => [l.id, l] as const)),
    owners: new Set(users.filter((u) => u.active === 1 && u.role !== 'shopper').map((u) => u.id)),
  }
}
