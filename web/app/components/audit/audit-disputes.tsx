import { createSignal, For, Show } from 'solid-js'
import { api, call } from '../../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../../lib/form.ts'
import { confirmAction } from '../confirm-dialog.tsx'
import { FormFeedback, SelectField, SubmitButton, TextAreaField } from '../fields.tsx'
import { formatDateTime } from './badges.tsx'
import type { AuditDispute } from './types.ts'

const DISPUTE_LABELS: Record<string, string> = { open: 'Open', upheld: 'Upheld: audit withdrawn', dismissed: 'Dismissed: result stands' }

/** Disputes of an approved audit: the list, raising one, and a reviewer's resolution. */
export function AuditDisputes(props: { assignmentId: string; disputes: AuditDispute[]; canRaise: boolean; canResolve: boolean; onChanged: (message: string) => void }) {
  const open = () => props.disputes.find((d) => d.status === 'open')
  return (
    <>
      <Show when={props.disputes.length > 0}>
        <ul class="dispute-list">
          <For each={props.disputes}>
            {(d) => (
              <li class="dispute">
                <p>
                  <span class={`tag dispute-${d.status}`}>{DISPUTE_LABELS[d.status] ?? d.status}</span> Raised by {d.raisedBy} · {formatDateTime(d.raisedAt)}
                </p>
                <p class="dispute-reason">{d.reason}</p>
                <Show when={d.status !== 'open'}>
                  <p class="hint">
                    Resolved by {d.resolvedBy ?? '—'} · {formatDateTime(d.resolvedAt)}
                    <Show when={d.resolution}>: {d.resolution}</Show>
                  </p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={open() && props.canResolve}>
        <ResolveForm assignmentId={props.assignmentId} dispute={open()!} onDone={props.onChanged} />
      </Show>
      <Show when={!open() && props.canRaise}>
        <RaiseForm assignmentId={props.assignmentId} onDone={props.onChanged} />
      </Show>
    </>
  )
}

function RaiseForm(props: { assignmentId: string; onDone: (message: string) => void }) {
  const form = createSubmitter()
  const [reason, setReason] = createSignal('')
  let formEl: HTMLFormElement | undefined
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    if (!reason().trim()) {
      form.fail({ reason: 'is required: say what you dispute and why' })
      return focusFirstInvalid(formEl)
    }
    const done = await form.run(() => call(api.assignments[':id'].disputes.$post({ param: { id: props.assignmentId }, json: { reason: reason().trim() } })))
    if (!done) return focusFirstInvalid(formEl)
    setReason('')
    props.onDone('Dispute raised: a reviewer will look at it.')
  }
  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h3>Dispute this result</h3>
      <p class="hint">One visit is never the sole basis for judging a person. Say what you believe is wrong, e.g. the visit happened outside opening hours.</p>
      <TextAreaField label="Reason" value={reason()} onInput={setReason} rows={3} maxLength={2000} error={form.fieldError('reason')} required />
      <FormFeedback error={form.error()} />
      <SubmitButton pending={form.pending()} label="Raise dispute" pendingLabel="Sending…" class="button" />
    </form>
  )
}

function ResolveForm(props: { assignmentId: string; dispute: AuditDispute; onDone: (message: string) => void }) {
  const form = createSubmitter()
  const [outcome, setOutcome] = createSignal<'upheld' | 'dismissed'>('dismissed')
  const [resolution, setResolution] = createSignal('')
  let formEl: HTMLFormElement | undefined
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    if (!resolution().trim()) {
      form.fail({ resolution: 'is required: explain the decision' })
      return focusFirstInvalid(formEl)
    }
    const upheld = outcome() === 'upheld'
    const ok = await confirmAction({
      title: upheld ? 'Uphold the dispute?' : 'Dismiss the dispute?',
      message: upheld
        ? 'Upholding withdraws this audit from results: it becomes rejected and its scores no longer count for the location or any standard.'
        : 'Dismissing keeps the audit approved and its result counts as before.',
      confirmLabel: upheld ? 'Uphold and withdraw' : 'Dismiss dispute',
      danger: upheld,
    })
    if (!ok) return
    const done = await form.run(() =>
      call(api.assignments[':id'].disputes[':disputeId'].resolve.$post({ param: { id: props.assignmentId, disputeId: props.dispute.id }, json: { outcome: outcome(), resolution: resolution().trim() } })),
    )
    if (!done) return focusFirstInvalid(formEl)
    props.onDone(upheld ? 'Dispute upheld: the audit is withdrawn from results.' : 'Dispute dismissed: the result stands.')
  }
  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h3>Resolve the dispute</h3>
      <SelectField
        label="Decision"
        value={outcome()}
        onChange={(v) => setOutcome(v as 'upheld' | 'dismissed')}
        options={[
          { value: 'dismissed', label: 'Dismiss: the result stands' },
          { value: 'upheld', label: 'Uphold: withdraw the audit from results' },
        ]}
      />
      <TextAreaField label="Resolution" value={resolution()} onInput={setResolution} rows={3} maxLength={2000} error={form.fieldError('resolution')} required />
      <FormFeedback error={form.error()} />
      <SubmitButton pending={form.pending()} label="Record decision" pendingLabel="Saving…" />
    </form>
  )
}
