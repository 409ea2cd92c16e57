import type { InferResponseType } from 'hono/client'
import { createSignal, onCleanup, Show, type Accessor } from 'solid-js'
import { ACTIVE_STATUSES, PRIORITY_LABELS, STATUS_LABELS, type CasePriority, type CaseStatus } from '../../../../shared/case-terms.ts'
import { api, ApiError } from '../../lib/api.ts'
import { formatDateTime } from '../audit/badges.tsx'
import { plural } from '../../lib/format.ts'

export type CaseDetail = InferResponseType<(typeof api.cases)[':id']['$get'], 200>
export type CaseEvent = CaseDetail['events'][number]
export type CaseAssignee = InferResponseType<typeof api.cases.assignees.$get, 200>['users'][number]
export type CaseSettings = InferResponseType<typeof api.cases.settings.$get, 200>

export { formatDateTime }


/**
 * A length of time in words, rounded down so a promise is never overstated: "40 minutes",
 * "2 hours 15 minutes" (under three hours), "5 hours", "2 days 3 hours" (under a week), "9 days".
 */
export function durationWords(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000)
  if (minutes < 1) return 'under a minute'
  if (minutes < 60) return plural(minutes, 'minute')
  const hours = Math.floor(minutes / 60)
  if (hours < 3) return minutes % 60 ? `${plural(hours, 'hour')} ${plural(minutes % 60, 'minute')}` : plural(hours, 'hour')
  if (hours < 24) return plural(hours, 'hour')
  const days = Math.floor(hours / 24)
  if (days < 7 && hours % 24) return `${plural(days, 'day')} ${plural(hours % 24, 'hour')}`
  return plural(days, 'day')
}

/** Hours as words ("25.5" → "1 day 1 hour"); "—" when there is no figure. */
export function hoursWords(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return '—'
  return durationWords(hours * 3_600_000)
}

/** The time now, moving on every minute so "due in …" stays true while a page is open. */
export function createNow(): Accessor<number> {
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 60_000)
  onCleanup(() => clearInterval(timer))
  return now
}

export const isActive = (status: string) => ACTIVE_STATUSES.includes(status as CaseStatus)

/** A case's status in words; colour only groups them (active, escalated, done). */
export function CaseStatusTag(props: { status: string }) {
  return <span class={`tag case-status case-status-${props.status}`}>{STATUS_LABELS[props.status as CaseStatus] ?? props.status}</span>
}

const PRIORITY_SYMBOL: Record<CasePriority, string> = { urgent: '▲▲', high: '▲', normal: '●', low: '▽' }

/** Priority as a word with a shape; the colour only reinforces it. */
export function PriorityLabel(props: { priority: string }) {
  const p = () => props.priority as CasePriority
  return (
    <span class={`case-priority case-priority-${props.priority}`}>
      <span aria-hidden="true" class="case-priority-symbol">
        {PRIORITY_SYMBOL[p()] ?? ''}
      </span>{' '}
      {PRIORITY_LABELS[p()] ?? props.priority}
    </span>
  )
}

/**
 * When an active case is due, in words ("Overdue by 3 hours", "Due in 2 days 4 hours") with the
 * time beside it; for a resolved or closed case, when it was resolved and whether within the SLA.
 */
export function DueText(props: { status: string; dueAt: string; resolvedAt: string | null; now: number }) {
  const left = () => Date.parse(props.dueAt) - props.now
  return (
    <Show
      when={isActive(props.status)}
      fallback={
        <span class="case-due">
          <Show when={props.resolvedAt} fallback={<span class="muted">Not resolved</span>}>
            {(at) => (
              <>
                Resolved {Date.parse(at()) <= Date.parse(props.dueAt) ? 'within the SLA' : 'after its due time'}
                <span class="case-due-at">
                  <time datetime={at()}>{formatDateTime(at())}</time>
                </span>
              </>
            )}
          </Show>
        </span>
      }
    >
      <span class="case-due" classList={{ 'case-due-overdue': left() <= 0 }}>
        <Show when={left() <= 0} fallback={<>Due in {durationWords(left())}</>}>
          <strong class="overdue">Overdue by {durationWords(left())}</strong>
        </Show>
        <span class="case-due-at">
          <time datetime={props.dueAt}>{formatDateTime(props.dueAt)}</time>
        </span>
      </span>
    </Show>
  )
}

/** What a failed write says: a conflict asks for a reload, anything else is the server's own message. */
export const CONFLICT_MESSAGE = 'This case was changed meanwhile — reload it to see the latest, then try again.'
export const isConflict = (err: unknown) => err instanceof ApiError && err.status === 409
