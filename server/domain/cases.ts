import { ACTIVE_STATUSES, CASE_MOVES, CASE_PRIORITIES, CASE_STATUSES, ROOT_CAUSES, type CaseFigures, type CasePriority, type CaseStatus, type CaseTrigger, type RootCause } from '../../shared/case-terms.ts'
import type { TCaseRules, TSla } from '../../shared/cases.ts'

/**
 * Follow-up cases (DOMAIN.md, "Closing the loop"): which poor experiences open a case, due times
 * in working hours, the moves a case may make, escalation past the SLA, and the case figures.
 * Pure: no database, no clock (the caller passes `now`).
 */

// ---- working hours

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    formatters.set(timeZone, f)
  }
  return f
}

/** The zone's offset from UTC at `ms`, in milliseconds, read from Intl (slow: offsetAt caches it). */
function readOffset(ms: number, timeZone: string): number {
  const parts: Record<string, string> = {}
  for (const p of formatterOf(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return wall - Math.floor(ms / 1000) * 1000
}

/** Offsets by zone and quarter hour (zones change offset on those boundaries): every survey submission may count working hours. */
const offsets = new Map<string, number>()
const QUARTER_HOUR_MS = 900_000

/** The zone's offset from UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR_MS)}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    if (offsets.size > 20_000) offsets.clear()
    offsets.set(key, (offset = readOffset(ms, timeZone)))
  }
  return offset
}

/** The wall clock of `ms` in the zone: its date and the minutes since local midnight. */
function localOf(ms: number, timeZone: string): { date: string; minutes: number } {
  const wall = ms + offsetAt(ms, timeZone)
  const inDay = ((wall % DAY_MS) + DAY_MS) % DAY_MS
  return { date: new Date(wall - inDay).toISOString().slice(0, 10), minutes: inDay / MINUTE_MS }
}

/** The instant of a local date and minutes after midnight in the zone (the later reading across a DST gap). */
function instantOf(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + Math.round(minutes * MINUTE_MS)
  const first = wall - offsetAt(wall, timeZone)
  const second = wall - offsetAt(first, timeZone)
  return Math.max(first, second)
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}

/** Whether the local date is a working day of the SLA (its weekday, and not a holiday). */
export function isWorkingDay(date: string, sla: Pick<TSla, 'workingDays' | 'holidays'>): boolean {
  return sla.workingDays.includes(isoWeekday(date)) && !sla.holidays.includes(date)
}

/**
 * The instant `hours` working hours after `start`: only time inside the working day (dayStart to
 * dayEnd, local time in the SLA's zone) on working days counts. A start out of hours counts from
 * the next opening.
 * @example addWorkingHours(Fri 16:00, 2h, Mon–Fri 09:00–17:00) // Mon 10:00
 */
export function addWorkingHours(start: Date, hours: number, sla: Pick<TSla, 'timeZone' | 'workingDays' | 'holidays' | 'dayStart' | 'dayEnd'>): Date {
  let remaining = hours * 60
  const open = minutesOf(sla.dayStart)
  const close = minutesOf(sla.dayEnd)
  let local = localOf(start.getTime(), sla.timeZone)
  // Ten years of days at most: an SLA without a working day left is refused by its schema.
  for (let i = 0; i < 3660; i++) {
    if (isWorkingDay(local.date, sla)) {
      const from = Math.max(local.minutes, open)
      if (from < close) {
        const available = close - from
        if (remaining <= available) return new Date(instantOf(local.date, from + remaining, sla.timeZone))
        remaining -= available
      }
    }
    local = { date: nextDate(local.date), minutes: 0 }
  }
  throw new Error('no working time within ten years')
}

/**
 * Working hours between two instants (0 when `to` is not after `from`).
 * @example workingHoursBetween(Fri 16:00, Mon 10:00, Mon–Fri 09:00–17:00) // 2
 */
export function workingHoursBetween(from: Date, to: Date, sla: Pick<TSla, 'timeZone' | 'workingDays' | 'holidays' | 'dayStart' | 'dayEnd'>): number {
  if (to <= from) return 0
  const open = minutesOf(sla.dayStart)
  const close = minutesOf(sla.dayEnd)
  const end = localOf(to.getTime(), sla.timeZone)
  let local = localOf(from.getTime(), sla.timeZone)
  let minutes = 0
  for (let i = 0; i < 3660 && local.date <= end.date; i++) {
    if (isWorkingDay(local.date, sla)) {
      const a = Math.max(local.minutes, open)
      const b = Math.min(local.date === end.date ? end.minutes : close, close)
      if (b > a) minutes += b - a
    }
    local = { date: nextDate(local.date), minutes: 0 }
  }
  return minutes / 60
}

/** When a case opened at `openedAt` with this priority is due. */
export function dueAt(openedAt: Date, priority: CasePriority, sla: TSla): Date {
  return addWorkingHours(openedAt, sla.resolveHours[priority], sla)
}

// ---- rules

/** What a response or an approved audit brings to the case rules. */
export interface CaseFacts {
  /** The first NPS answer (0–10), if any. */
  nps: number | null
  /** The first CSAT answer (1–5), if any. */
  csat: number | null
  /** A comment of the response tagged negative. */
  negativeComment: boolean
  /** An approved audit whose outcome is critical_fail. */
  criticalAudit: boolean
}

export interface CaseOpening {
  trigger: CaseTrigger
  priority: CasePriority
  /** Every rule that matched, in words, for the case's summary. */
  reasons: string[]
}

const rank = (p: CasePriority) => CASE_PRIORITIES.indexOf(p)

/**
 * Whether the rules open a case for these facts, and with which trigger and priority: the most
 * urgent of the rules that match (one case per response or audit, naming every reason).
 * @example caseOpeningFor(DEFAULT_CASE_RULES, { nps: 3, csat: 2, negativeComment: false, criticalAudit: false }) // nps_detractor, normal, 2 reasons
 */
export function caseOpeningFor(rules: TCaseRules, facts: CaseFacts): CaseOpening | null {
  const matched: { trigger: CaseTrigger; priority: CasePriority; reason: string }[] = []
  if (rules.criticalAudit.enabled && facts.criticalAudit) matched.push({ trigger: 'critical_audit', priority: rules.criticalAudit.priority, reason: 'A critical audit item failed' })
  if (rules.npsDetractor.enabled && facts.nps !== null && facts.nps <= rules.npsDetractor.maxScore) matched.push({ trigger: 'nps_detractor', priority: rules.npsDetractor.priority, reason: `NPS answer ${facts.nps} (detractor)` })
  if (rules.csatLow.enabled && facts.csat !== null && facts.csat <= rules.csatLow.maxScore) matched.push({ trigger: 'csat_low', priority: rules.csatLow.priority, reason: `CSAT answer ${facts.csat} of 5` })
  if (rules.negativeComment.enabled && facts.negativeComment) matched.push({ trigger: 'negative_comment', priority: rules.negativeComment.priority, reason: 'A comment tagged negative' })
  if (matched.length === 0) return null
  const first = matched.reduce((best, m) => (rank(m.priority) < rank(best.priority) ? m : best))
  return { trigger: first.trigger, priority: first.priority, reasons: matched.map((m) => m.reason) }
}

// ---- moves

/** Why a person's move is refused, or null when it is allowed. */
export function moveProblem(from: CaseStatus, to: CaseStatus, c: { rootCause: string; resolution: string }): { path: string; message: string } | null {
  if (from === to) return null
  if (!CASE_MOVES[from].includes(to)) return { path: 'body.status', message: `cannot go from ${from} to ${to}` }
  if (to === 'resolved' && !c.rootCause) return { path: 'body.rootCause', message: 'is required to resolve a case' }
  if (to === 'resolved' && !c.resolution.trim()) return { path: 'body.resolution', message: 'is required to resolve a case' }
  return null
}

// ---- escalation

export interface EscalationStep {
  /** The level the case reaches. */
  level: number
  /** Who owns it at that level (the level's contact, or its owner when the level names nobody). */
  ownerId: string | null
  /** When that level was reached (the due time, then every `escalateEveryHours` working hours). */
  reachedAt: Date
}

/**
 * The escalation a case needs now, if any: level 1 once it is past its due time, each further
 * level `escalateEveryHours` working hours later, up to one level per escalation contact (at least
 * one). Jumps straight to the highest level reached, so a late run of the job catches up at once.
 */
export function escalationFor(c: { status: CaseStatus; escalation_level: number; due_at: string; owner_id: string | null }, sla: TSla, now: Date): EscalationStep | null {
  if (!ACTIVE_STATUSES.includes(c.status)) return null
  const maxLevel = Math.max(1, sla.escalationUserIds.length)
  let step: EscalationStep | undefined
  for (let level = c.escalation_level + 1; level <= maxLevel; level++) {
    const due = new Date(c.due_at)
    const reachedAt = level === 1 ? due : addWorkingHours(due, (level - 1) * sla.escalateEveryHours, sla)
    if (now < reachedAt) break
    const previousOwner: string | null = step ? step.ownerId : c.owner_id
    step = { level, ownerId: sla.escalationUserIds[level - 1] ?? previousOwner, reachedAt }
  }
  return step ?? null
}

// ---- figures

/** The q-quantile (0–1) of sorted values, by linear interpolation between closest ranks. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export interface CaseFigureRow {
  status: CaseStatus
  trigger: CaseTrigger
  opened_at: string
  due_at: string
  resolved_at: string | null
  root_cause: string
  first_contact: number | null
}

/**
 * The case figures of a period (DOMAIN.md: % resolved within SLA, time to resolve, first-contact
 * resolution, cases by root cause): `opened` are the cases opened in the period, `resolved` those
 * resolved in it (whenever opened).
 */
export function caseFigures(period: { from: string; to: string }, opened: readonly CaseFigureRow[], resolved: readonly CaseFigureRow[], now: Date, rowsRead: number): CaseFigures {
  const share = (count: number, of: number) => (of > 0 ? (count / of) * 100 : null)
  const active = opened.filter((c) => ACTIVE_STATUSES.includes(c.status))
  const overdue = active.filter((c) => new Date(c.due_at) < now)
  const inTime = resolved.filter((c) => c.resolved_at! <= c.due_at)
  const hours = resolved.map((c) => (Date.parse(c.resolved_at!) - Date.parse(c.opened_at)) / 3_600_000).sort((a, b) => a - b)
  const flagged = resolved.filter((c) => c.first_contact !== null)
  const firstTime = flagged.filter((c) => c.first_contact === 1)
  const causes = new Map<RootCause, number>()
  for (const c of resolved) if ((ROOT_CAUSES as readonly string[]).includes(c.root_cause)) causes.set(c.root_cause as RootCause, (causes.get(c.root_cause as RootCause) ?? 0) + 1)
  const triggers = new Map<CaseTrigger, number>()
  for (const c of opened) triggers.set(c.trigger, (triggers.get(c.trigger) ?? 0) + 1)
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, opened.filter((c) => c.status === s).length])) as Record<CaseStatus, number>
  return {
    period,
    opened: opened.length,
    resolved: resolved.length,
    open: active.length,
    overdue: overdue.length,
    withinSla: { count: inTime.length, of: resolved.length, share: share(inTime.length, resolved.length) },
    timeToResolveHours: { median: quantile(hours, 0.5), p90: quantile(hours, 0.9), n: hours.length },
    firstContact: { count: firstTime.length, of: flagged.length, share: share(firstTime.length, flagged.length) },
    byRootCause: [...causes.entries()].map(([rootCause, count]) => ({ rootCause, count })).sort((a, b) => b.count - a.count || a.rootCause.localeCompare(b.rootCause)),
    byTrigger: [...triggers.entries()].map(([trigger, count]) => ({ trigger, count })).sort((a, b) => b.count - a.count),
    byStatus,
    rowsRead,
  }
}

// ---- cases opened by responses and audits

export interface OpenedBy {
  orgId: string
  source: 'survey' | 'audit'
  sourceId: string
  locationId: string | null
  locationName: string | null
  formId: string
  formTitle: string
  standardIds: readonly string[]
  themes: number
  /** What the customer wrote, or the audit's failure, for the summary. */
  detail: string | null
  /** The customer, where an identified survey's respondent agreed to be contacted. */
  customer: { name: string; contact: string } | null
}

/**
 * The case row a response or an approved audit opens under the rules, or null when none applies.
 * The id is the caller's (the case's event and alert need it in the same write).
 */
export function caseFor(rules: TCaseRules, sla: TSla, facts: CaseFacts, by: OpenedBy, ids: { caseId: string }, now: Date) {
  const opening = caseOpeningFor(rules, facts)
  if (!opening) return null
  const where = by.locationName ? ` at ${by.locationName}` : ''
  const what: Record<CaseTrigger, string> = {
    nps_detractor: `NPS ${facts.nps}`,
    csat_low: `CSAT ${facts.csat} of 5`,
    negative_comment: 'Negative comment',
    critical_audit: 'Critical audit failure',
    complaint: 'Complaint',
  }
  const at = now.toISOString()
  return {
    opening,
    row: {
      id: ids.caseId,
      org_id: by.orgId,
      source: by.source,
      source_id: by.sourceId,
      trigger: opening.trigger,
      location_id: by.locationId,
      form_id: by.formId,
      standard_ids: JSON.stringify([...new Set(by.standardIds)]),
      themes: by.themes,
      title: `${what[opening.trigger]}${where} (${by.formTitle})`.slice(0, 160),
      summary: [opening.reasons.join('; ') + '.', by.detail ? `“${by.detail}”` : ''].filter(Boolean).join('\n\n').slice(0, 5000),
      channel: by.source,
      customer_name: by.customer?.name ?? '',
      customer_contact: by.customer?.contact ?? '',
      contact_allowed: by.customer ? 1 : 0,
      priority: opening.priority,
      owner_id: rules.defaultOwnerId,
      status: 'open' as const,
      opened_at: at,
      due_at: dueAt(now, opening.priority, sla).toISOString(),
      escalated_at: null,
      resolved_at: null,
      closed_at: null,
      first_contact: null,
      updated_at: at,
    },
  }
}
