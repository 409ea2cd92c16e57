import { formatMetric } from '../../shared/metric-format.ts'
import { appLink } from '../../shared/cell-link.ts'
import type { AppDatabase, Db } from '../db/database.ts'
import type { Deps } from '../env.ts'
import { addDays, type BoardCell, type BoardRow } from '../../shared/analytics.ts'
import { DEFAULT_CASE_RULES, ZCaseRules } from '../../shared/cases.ts'
import { THEMES, type Theme } from '../../shared/sentiment/index.ts'
import { alertStatements, findCaseRules, listAlertKeysSince, listNegativeCommentsSince, listOrganisationIds, type NewAlert } from '../db/repositories/notifications.ts'
import { listLocations } from '../db/repositories/register.ts'
import { board } from './analytics.ts'
import { weekBucket } from './rollups.ts'
import { sendDueDeliveries, type SendOptions } from './webhooks.ts'
import type { WebhookNet } from '../lib/webhook-send.ts'

/**
 * The alerts the periodic job raises (docs/alerts.md): a standard below target over the last 30
 * days, and the same problem at the same location again and again. Each is a notification raised
 * once per dedupe key (alertStatements), with its webhook delivery queued in the same write, so
 * running the checks again raises nothing new. SLA breaches are raised by the case escalation job.
 */

/** The period a standard is judged over: the last 30 days, today included. */
export const BELOW_TARGET_DAYS = 30

export interface CheckContext {
  database: AppDatabase
  orgId: string
  now: Date
  /** Minimum answers before a figure is judged (audits: 3): below it a standard is never "below target". */
  minSample: number
}


/** Runs alerts' statements a few at a time (D1 batches stay small), each alert's pair in one write. */
async function raise(database: AppDatabase, alerts: readonly NewAlert[], at: string): Promise<number> {
  let raised = 0
  for (let i = 0; i < alerts.length; i += 25) {
    const changed = await database.atomic(alerts.slice(i, i + 25).flatMap((a) => alertStatements(database.db, a, at)))
    // Every other statement is a notification insert: 1 when it was new.
    for (let j = 0; j < changed.length; j += 2) raised += changed[j]! > 0 ? 1 : 0
  }
  return raised
}

// ---- below target

function belowTargetAlert(orgId: string, row: BoardRow, cell: BoardCell, place: string | null, period: { from: string; to: string }, week: string): NewAlert {
  const t = row.target!
  const metric = row.source === 'audit' && row.standard.metric !== 'timing' ? 'audit_compliance' : row.standard.metric
  const evidence = row.source === 'audit' ? `${cell.audit?.audits ?? 0} audits` : `n = ${cell.n}`
  return {
    orgId,
    kind: 'below_target',
    dedupeKey: `below_target:${row.standard.id}:${cell.locationId ?? '*'}:${week}`,
    title: `${row.standard.code} is below target${place ? ` at ${place}` : ' across all locations'}`,
    body: `${row.standard.title}: ${formatMetric(metric, cell.value!)} against a target of ${t.direction === 'higher' ? '≥' : '≤'} ${formatMetric(metric, t.target)} (${evidence}) from ${period.from} to ${period.to}.`,
    link: appLink('/analytics/trend', { standardId: row.standard.id, locationId: cell.locationId, from: period.from, to: period.to }),
  }
}

/**
 * Every standard red over the last 30 days, for all locations together and at each location: one
 * alert per standard and location per week (the key carries the Monday of the period's last day).
 * Judged by the board itself (targets in force, minimum sample, survey or audit evidence), so an
 * alert says exactly what the dashboard shows. Archived locations are left out.
 */
export async function raiseBelowTargetAlerts(ctx: CheckContext): Promise<number> {
  const today = ctx.now.toISOString().slice(0, 10)
  const period = { from: addDays(today, -(BELOW_TARGET_DAYS - 1)), to: today }
  const b = await board({ db: ctx.database.db, orgId: ctx.orgId, today, minSample: ctx.minSample }, period)
  const week = weekBucket(today)
  const names = new Map(b.locations.filter((l) => !l.archived).map((l) => [l.id, l.name]))
  const alerts: NewAlert[] = []
  for (const row of b.standards) {
    if (!row.target) continue
    if (row.overall.status === 'red' && row.overall.value !== null) alerts.push(belowTargetAlert(ctx.orgId, row, row.overall, null, b.period, week))
    for (const cell of row.byLocation) {
      const name = cell.locationId ? names.get(cell.locationId) : undefined
      if (cell.status === 'red' && cell.value !== null && name) alerts.push(belowTargetAlert(ctx.orgId, row, cell, name, b.period, week))
    }
  }
  return raise(ctx.database, alerts, ctx.now.toISOString())
}

// ---- repeated problem

/** The organisation's repeated-problem rule (case rules), the defaults where unset or invalid. */
export async function repeatRule(db: Db, orgId: string): Promise<{ threshold: number; windowDays: number }> {
  let stored: Record<string, unknown> = {}
  try {
    stored = JSON.parse((await findCaseRules(db, orgId)) ?? '{}') as Record<string, unknown>
  } catch {
    // A broken rules object reads as the defaults.
  }
  const threshold = ZCaseRules.shape.repeatThreshold.safeParse(stored.repeatThreshold)
  const windowDays = ZCaseRules.shape.repeatWindowDays.safeParse(stored.repeatWindowDays)
  return {
    threshold: threshold.success ? threshold.data : DEFAULT_CASE_RULES.repeatThreshold,
    windowDays: windowDays.success ? windowDays.data : DEFAULT_CASE_RULES.repeatWindowDays,
  }
}

const themeName = (theme: Theme) => theme.replace(/_/g, ' ')

/**
 * The same theme in negative comments at the same location `threshold` times within the window
 * (case rules; 3 within 14 days by default). Comments already counted by an earlier alert for that
 * theme and location do not count again, so a lasting problem raises again only after as many new
 * complaints. The key names the theme, the location and the day of the first comment counted.
 * Negative only: a mixed comment's themes may be its praise.
 */
export async function raiseRepeatedProblemAlerts(ctx: CheckContext): Promise<number> {
  const db = ctx.database.db
  const rule = await repeatRule(db, ctx.orgId)
  const since = new Date(ctx.now.getTime() - rule.windowDays * 86_400_000).toISOString()
  const [comments, earlier, locations] = await Promise.all([
    listNegativeCommentsSince(db, ctx.orgId, since),
    listAlertKeysSince(db, ctx.orgId, 'repeated_problem', since),
    listLocations(db, ctx.orgId, false),
  ])
  if (comments.length === 0) return 0
  // The latest alert per theme and location: comments up to it are already told.
  const toldUntil = new Map<string, string>()
  for (const a of earlier) {
    const [, theme, location] = a.dedupe_key.split(':')
    const key = `${theme}:${location}`
    if ((toldUntil.get(key) ?? '') < a.created_at) toldUntil.set(key, a.created_at)
  }
  const groups = new Map<string, { theme: Theme; locationId: string; at: string[] }>()
  for (const c of comments) {
    for (let i = 0; i < THEMES.length; i++) {
      if (!(c.final_themes & (1 << i))) continue
      const theme = THEMES[i]!
      const key = `${theme}:${c.location_id}`
      if (c.at <= (toldUntil.get(key) ?? '')) continue
      let g = groups.get(key)
      if (!g) groups.set(key, (g = { theme, locationId: c.location_id, at: [] }))
      g.at.push(c.at)
    }
  }
  const names = new Map(locations.map((l) => [l.id, l.name]))
  const alerts: NewAlert[] = []
  for (const g of groups.values()) {
    const place = names.get(g.locationId)
    if (g.at.length < rule.threshold || !place) continue
    const first = g.at[0]!.slice(0, 10)
    const last = g.at[g.at.length - 1]!.slice(0, 10)
    alerts.push({
      orgId: ctx.orgId,
      kind: 'repeated_problem',
      dedupeKey: `repeated_problem:${g.theme}:${g.locationId}:${first}`,
      title: `Repeated problem at ${place}: ${themeName(g.theme)}`,
      body: `${g.at.length} negative comments about ${themeName(g.theme)} at ${place} between ${first} and ${last} (the rule: ${rule.threshold} within ${rule.windowDays} days).`,
      link: appLink('/comments', { location: g.locationId, theme: g.theme, label: 'negative', from: first, to: last }),
    })
  }
  return raise(ctx.database, alerts, ctx.now.toISOString())
}

// ---- the periodic job

export interface AlertJobOptions {
  now: () => Date
  log: Deps['log']
  minSample: number
}

/** Both checks for every organisation; one organisation's failure is logged and the others still run. */
export async function runAlertChecks(database: AppDatabase, opts: AlertJobOptions): Promise<{ raised: number }> {
  let raised = 0
  for (const { id: orgId } of await listOrganisationIds(database.db)) {
    const ctx: CheckContext = { database, orgId, now: opts.now(), minSample: opts.minSample }
    for (const check of [raiseBelowTargetAlerts, raiseRepeatedProblemAlerts]) {
      try {
        raised += await check(ctx)
      } catch (error) {
        opts.log({ level: 'error', msg: 'alert check failed', check: check.name, orgId, error: error instanceof Error ? error.message : String(error) })
      }
    }
  }
  if (raised > 0) opts.log({ level: 'info', msg: 'alerts raised', raised })
  return { raised }
}

/** Workers (the cron trigger): the checks, then one run of the sender (which also sends what they queued). */
export async function runAlertJob(database: AppDatabase, net: WebhookNet, opts: AlertJobOptions & Omit<SendOptions, 'now' | 'log'>): Promise<void> {
  try {
    await runAlertChecks(database, opts)
    await sendDueDeliveries(database, net, opts)
  } catch (error) {
    opts.log({ level: 'error', msg: 'alert job failed', error: error instanceof Error ? error.message : String(error) })
  }
}

export interface AlertLoop {
  /** Stops after the run in progress (if any) has finished. */
  stop(): Promise<void>
}

/**
 * Node: the sender every `sendEveryMs` (30 s), the checks every `checkEveryMs` (15 min: they read
 * the board of every organisation), both in the background between requests. The first run comes
 * after one interval, not at start-up.
 */
export function startAlertLoop(
  database: AppDatabase,
  net: WebhookNet,
  opts: AlertJobOptions & Omit<SendOptions, 'now' | 'log'> & { sendEveryMs?: number; checkEveryMs?: number },
): AlertLoop {
  const sendEvery = opts.sendEveryMs ?? 30_000
  const checkEvery = opts.checkEveryMs ?? 15 * 60_000
  let stopped = false
  let lastCheck = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()
  const run = async () => {
    // Wall-clock intervals (not the injected clock, which a test may hold still).
    if (Date.now() - lastCheck >= checkEvery) {
      lastCheck = Date.now()
      await runAlertChecks(database, opts).catch((error: unknown) => opts.log({ level: 'error', msg: 'alert checks failed', error: error instanceof Error ? error.message : String(error) }))
    }
    if (stopped) return
    await sendDueDeliveries(database, net, opts).catch((error: unknown) => opts.log({ level: 'error', msg: 'webhook sender failed', error: error instanceof Error ? error.message : String(error) }))
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      running = run().finally(schedule)
    }, sendEvery)
    // The loop alone never keeps the process alive.
    timer.unref?.()
  }
  schedule()
  return {
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
