import { For, Match, Show, Switch } from 'solid-js'
import { ASSIGNMENT_STATUS_LABELS, type AssignmentStatus } from '../../../../shared/audit/status.ts'
import { templateItems, type TAuditTemplateDefinition } from '../../../../shared/audit/template.ts'
import { answerText, parseAnswer } from './answer-text.ts'
import { formatDateTime } from './badges.tsx'
import type { AuditEvent } from './types.ts'

const statusLabel = (s: string | null) => (s ? (ASSIGNMENT_STATUS_LABELS[s as AssignmentStatus] ?? s) : '')

/** Everything that happened to the audit, oldest first: status moves with their comments, reviewer edits, disputes. */
export function AuditHistory(props: { events: AuditEvent[]; definition: TAuditTemplateDefinition }) {
  const items = () => new Map(templateItems(props.definition).map((e) => [e.item.id, e.item]))
  return (
    <Show when={props.events.length > 0} fallback={<p class="muted">Nothing has happened to this audit yet.</p>}>
      <ol class="timeline">
        <For each={props.events}>
          {(e) => (
            <li class={`timeline-event timeline-${e.kind}`}>
              <p class="timeline-head">
                <Switch fallback={<strong>{e.kind === 'dispute' ? 'Dispute' : 'Comment'}</strong>}>
                  <Match when={e.kind === 'status'}>
                    <strong>
                      {e.fromStatus ? `${statusLabel(e.fromStatus)} → ` : ''}
                      {statusLabel(e.toStatus)}
                    </strong>
                  </Match>
                  <Match when={e.kind === 'edit'}>
                    <strong>Answer edited: {items().get(e.itemId ?? '')?.label ?? e.itemId}</strong>
                  </Match>
                </Switch>
                <span class="timeline-meta">
                  {' '}
                  · {e.userName} · <time datetime={e.at}>{formatDateTime(e.at)}</time>
                </span>
              </p>
              <Show when={e.kind === 'edit'}>
                <p class="timeline-change">
                  <span class="old-value">{answerText(items().get(e.itemId ?? ''), parseAnswer(e.oldValue))}</span>
                  <span aria-hidden="true"> → </span>
                  <span class="sr-only"> changed to </span>
                  <span class="new-value">{answerText(items().get(e.itemId ?? ''), parseAnswer(e.newValue))}</span>
                </p>
              </Show>
              <Show when={e.message}>
                <p class="timeline-message">
                  <span class="timeline-message-label">{e.kind === 'edit' ? 'Reason: ' : e.kind === 'dispute' ? '' : 'Comment: '}</span>
                  {e.message}
                </p>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </Show>
  )
}
