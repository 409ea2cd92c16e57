import { conflict } from '../errors.ts'
import { nextStatus, ASSIGNMENT_STATUS_LABELS, type AssignmentAction, type AssignmentStatus } from '../../shared/audit/status.ts'
import { scoreAudit, type AuditOutcome, type AuditScore } from '../../shared/audit/scoring.ts'
import { templateItems, ZAuditTemplateDefinition, type TAuditAnswer, type TAuditAnswers, type TAuditTemplateDefinition } from '../../shared/audit/template.ts'

/**
 * Audit rules that need no database and no HTTP: presenting assignments, the status move, the
 * starter template, standard-link checks, what an approval writes, and staff-name redaction.
 */

/** Below this many approved audits a figure is "insufficient data" (DOMAIN.md, "Minimum sample"). */
export const MIN_AUDITS = 3

/** Most visits one wave may create in one write. */
export const MAX_WAVE_VISITS = 500

/** Statuses in which the audit has left the shopper's hands: no longer overdue whatever the date. */
const HANDED_IN: readonly AssignmentStatus[] = ['submitted', 'resubmitted', 'approved', 'rejected']

/** The status `action` leads to from `from`; a 409 naming both when the move is not allowed. */
export function moveStatus(from: AssignmentStatus, action: AssignmentAction): AssignmentStatus {
  const to = nextStatus(from, action)
  if (!to) throw conflict(`An audit that is ${ASSIGNMENT_STATUS_LABELS[from].toLowerCase()} cannot be moved by "${action}"`)
  return to
}

/** A new template's first draft: one section with a greeting check, a wait timing and a narrative. */
export function starterAuditDefinition(title: string): TAuditTemplateDefinition {
  return ZAuditTemplateDefinition.parse({
    title,
    briefing: 'Visit as an ordinary customer. Note the time you arrive and the time you are first greeted.',
    sections: [
      {
        id: 'arrival',
        title: 'Arrival and greeting',
        items: [
          { id: 'greeted', type: 'yes_no', label: 'Were you greeted within 30 seconds of entering?', guidance: 'Count from the moment you step inside.' },
          { id: 'queue_time', type: 'timing', label: 'How long did you wait to be served?', thresholdSeconds: 300, guidance: 'Start the stopwatch when you join the queue.' },
          { id: 'narrative', type: 'text', label: 'Describe the visit in your own words', required: false },
        ],
      },
    ],
  })
}

export interface StandardRef {
  id: string
  archived_at: string | null
}

/**
 * Links to standards that are not in the organisation's register or are archived, as validation
 * problems naming the path (`body.definition.sections.0.items.1.standardIds.0`).
 */
export function auditStandardLinkProblems(def: TAuditTemplateDefinition, standards: readonly StandardRef[]): { path: string; message: string }[] {
  const byId = new Map(standards.map((s) => [s.id, s] as const))
  const problems: { path: string; message: string }[] = []
  def.sections.forEach((section, s) =>
    section.items.forEach((item, i) =>
      item.standardIds.forEach((sid, k) => {
        const path = `body.definition.sections.${s}.items.${i}.standardIds.${k}`
        const standard = byId.get(sid)
        if (!standard) problems.push({ path, message: 'is not a standard of this organisation' })
        else if (standard.archived_at) problems.push({ path, message: 'is an archived standard' })
      }),
    ),
  )
  return problems
}

/** The assignment row joined with the names a summary shows (repositories/audits.ts, selectSummary). */
export interface AssignmentRow {
  id: string
  template_id: string
  template_title: string
  version: number
  version_id: string
  location_id: string
  location_name: string
  shopper_id: string
  shopper_name: string
  wave_id: string | null
  wave_name: string | null
  visit_from: string
  visit_to: string
  due_at: string
  instructions: string
  status: AssignmentStatus
  score_percent: number | null
  outcome: AuditOutcome | null
  insufficient: number
  submitted_at: string | null
  approved_at: string | null
}

/** Still with the shopper and past its due time. */
export function isOverdue(status: AssignmentStatus, dueAt: string, now: Date): boolean {
  return !HANDED_IN.includes(status) && dueAt < now.toISOString()
}

export function presentSummary(r: AssignmentRow, now: Date) {
  return {
    id: r.id,
    templateId: r.template_id,
    templateTitle: r.template_title,
    version: r.version,
    locationId: r.location_id,
    locationName: r.location_name,
    shopperId: r.shopper_id,
    shopperName: r.shopper_name,
    waveId: r.wave_id,
    waveName: r.wave_name,
    visitFrom: r.visit_from,
    visitTo: r.visit_to,
    dueAt: r.due_at,
    instructions: r.instructions,
    status: r.status,
    scorePercent: r.score_percent,
    outcome: r.outcome,
    insufficient: r.insufficient === 1,
    submittedAt: r.submitted_at,
    approvedAt: r.approved_at,
    overdue: isOverdue(r.status, r.due_at, now),
  }
}
export type AssignmentSummary = ReturnType<typeof presentSummary>

/** A due time from the form: a date means the end of that day (UTC); a time is normalised to ISO. */
export function dueAtIso(input: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(input) ? `${input}T23:59:59.999Z` : new Date(input).toISOString()
}

/** The date a visit counts on in results: the recorded start, else the first day of its window. */
export function visitDate(a: { visit_started_at: string | null; visit_from: string }): string {
  return a.visit_started_at ? a.visit_started_at.slice(0, 10) : a.visit_from
}

/** The stored score columns of an assignment for a score. */
export function scoreColumns(score: AuditScore) {
  return { score_percent: score.percent, outcome: score.outcome, earned: score.earned, possible: score.possible, insufficient: score.insufficient ? 1 : 0 }
}

/** The per-standard rows an approval writes: standards with at least one applicable linked item. */
export function standardResults(def: TAuditTemplateDefinition, answers: TAuditAnswers) {
  return scoreAudit(def, answers)
    .standards.filter((s) => s.applicable > 0)
    .map((s) => ({ standard_id: s.standardId, applicable: s.applicable, passed: s.passed }))
}

/** Ids of the narrative (text) items: the answers that may name staff. */
export function textItemIds(def: TAuditTemplateDefinition): Set<string> {
  return new Set(templateItems(def).filter((e) => e.item.type === 'text').map((e) => e.item.id))
}

/** One answer with staff names hidden in its narrative (text items) and its note. */
export function redactAnswer(answer: TAuditAnswer, isText: boolean, redact: (text: string) => string): TAuditAnswer {
  const out = { ...answer }
  if (isText && typeof out.value === 'string') out.value = redact(out.value)
  if (typeof out.note === 'string') out.note = redact(out.note)
  return out
}

export function redactAnswers(def: TAuditTemplateDefinition, answers: TAuditAnswers, redact: (text: string) => string): TAuditAnswers {
  const text = textItemIds(def)
  return Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, redactAnswer(a, text.has(id), redact)]))
}

/** A stored answer JSON (an edit event's old or new value) with staff names hidden. */
export function redactAnswerJson(json: string | null, isText: boolean, redact: (text: string) => string): string | null {
  if (json === null) return null
  try {
    const parsed = JSON.parse(json) as TAuditAnswer | null
    return parsed && typeof parsed === 'object' ? JSON.stringify(redactAnswer(parsed, isText, redact)) : json
  } catch {
    return json
  }
}

/** Mean of numbers, or null for none. */
export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null
}
