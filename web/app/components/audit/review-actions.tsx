import { createSignal } from 'solid-js'
import { api, call } from '../../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../../lib/form.ts'
import { confirmAction } from '../confirm-dialog.tsx'
import { FormFeedback, TextAreaField } from '../fields.tsx'
import { reviewQueueChanged } from './audits-nav.tsx'

type Decision = 'approve' | 'return' | 'reject'

/** A reviewer's decision: approve (comment optional), return for changes or reject (comment required). */
export function ReviewActions(props: { assignmentId: string; onDone: (message: string) => void }) {
  const form = createSubmitter()
  const [comment, setComment] = createSignal('')
  let formEl: HTMLFormElement | undefined

  const decide = async (decision: Decision) => {
    const text = comment().trim()
    if (decision !== 'approve' && !text) {
      form.fail({ comment: decision === 'return' ? 'is required: tell the shopper what to change' : 'is required: give the reason for rejecting' })
      return focusFirstInvalid(formEl)
    }
    if (decision === 'reject') {
      const ok = await confirmAction({
        title: 'Reject this audit?',
        message: 'A rejected audit never counts in results and cannot be sent back to the shopper. Return it instead if the shopper can fix it.',
        confirmLabel: 'Reject audit',
        danger: true,
      })
      if (!ok) return
    }
    const param = { id: props.assignmentId }
    const done = await form.run(() => {
      if (decision === 'approve') return call(api.assignments[':id'].approve.$post({ param, json: text ? { comment: text } : {} }))
      if (decision === 'return') return call(api.assignments[':id'].return.$post({ param, json: { comment: text } }))
      return call(api.assignments[':id'].reject.$post({ param, json: { comment: text } }))
    })
    if (!done) return focusFirstInvalid(formEl)
    setComment('')
    reviewQueueChanged()
    props.onDone(decision === 'approve' ? 'Audit approved: it now counts in results.' : decision === 'return' ? 'Audit returned to the shopper with your comments.' : 'Audit rejected.')
  }

  return (
    <form ref={formEl} class="review-actions" onSubmit={(e) => e.preventDefault()} novalidate aria-labelledby="review-title">
      <h2 id="review-title">Your review</h2>
      <TextAreaField
        label="Comments for the shopper"
        value={comment()}
        onInput={setComment}
        rows={3}
        maxLength={2000}
        error={form.fieldError('comment')}
        hint="Optional when approving; required to return or reject."
      />
      <FormFeedback error={form.error()} />
      <div class="button-row">
        <button type="button" class="button primary" disabled={form.pending()} onClick={() => decide('approve')}>
          Approve
        </button>
        <button type="button" class="button" disabled={form.pending()} onClick={() => decide('return')}>
          Return for changes
        </button>
        <button type="button" class="button subtle-danger" disabled={form.pending()} onClick={() => decide('reject')}>
          Reject
        </button>
      </div>
    </form>
  )
}
