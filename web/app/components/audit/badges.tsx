import { Show } from 'solid-js'
import type { AuditOutcome } from '../../../../shared/audit/scoring.ts'
import { ASSIGNMENT_STATUS_LABELS, type AssignmentStatus } from '../../../../shared/audit/status.ts'

export const OUTCOME_LABELS: Record<AuditOutcome, string> = { pass: 'Pass', amber: 'Amber', fail: 'Fail', critical_fail: 'Critical fail' }
const OUTCOME_CLASS: Record<AuditOutcome, string> = { pass: 'badge-green', amber: 'badge-amber', fail: 'badge-red', critical_fail: 'badge-red' }
const OUTCOME_SYMBOL: Record<AuditOutcome, string> = { pass: '●', amber: '▲', fail: '■', critical_fail: '✖' }

/** An audit's outcome as text and shape; an audit with too few applicable items is never coloured. */
export function OutcomeBadge(props: { outcome: AuditOutcome | null | undefined; insufficient?: boolean }) {
  return (
    <Show when={props.outcome} fallback={<span class="muted">–</span>}>
      {(outcome) => (
        <span class={`badge ${props.insufficient && outcome() !== 'critical_fail' ? 'badge-insufficient' : OUTCOME_CLASS[outcome()]}`}>
          <span aria-hidden="true" class="badge-symbol">
            {OUTCOME_SYMBOL[outcome()]}
          </span>
          {OUTCOME_LABELS[outcome()]}
        </span>
      )}
    </Show>
  )
}

/** Where an assignment is in its flow, as words (colour only groups: with the shopper, waiting, decided). */
export function AssignmentStatusBadge(props: { status: string }) {
  const label = () => ASSIGNMENT_STATUS_LABELS[props.status as AssignmentStatus] ?? props.status
  return <span class={`tag audit-status audit-status-${props.status}`}>{label()}</span>
}

/** Measured seconds as m:ss (125 → 2:05). */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  return new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** How long something has waited, in the largest sensible unit ("3 days", "5 hours"). */
export function formatWaiting(sinceIso: string | null | undefined, now = new Date()): string {
  if (!sinceIso) return '—'
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(sinceIso).getTime()) / 60_000))
  if (minutes < 1) return 'under a minute'
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`
  return `${Math.floor(hours / 24)} days`
}
