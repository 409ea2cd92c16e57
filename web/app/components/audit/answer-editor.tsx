import { createSignal, createUniqueId, For, Show } from 'solid-js'
import type { TAuditAnswer, TAuditItem } from '../../../../shared/audit/template.ts'
import { api, call } from '../../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../../lib/form.ts'
import { CheckboxField, FormFeedback, SelectField, SubmitButton, TextAreaField, TextField } from '../fields.tsx'
import type { AuditDetail } from './types.ts'

/**
 * A reviewer's change to one answer, in the item's own terms, with the reason that the history
 * keeps beside the old and new value.
 */
export function AnswerEditor(props: { item: TAuditItem; answer: TAuditAnswer | undefined; assignmentId: string; onSaved: (next: AuditDetail) => void; onCancel: () => void }) {
  const form = createSubmitter()
  const item = props.item
  const start = props.answer?.value
  const [na, setNa] = createSignal(props.answer?.na === true)
  const [text, setText] = createSignal(typeof start === 'string' ? start : typeof start === 'number' && item.type !== 'timing' ? String(start) : '')
  const [yes, setYes] = createSignal<boolean | null>(typeof start === 'boolean' ? start : null)
  const [minutes, setMinutes] = createSignal(typeof start === 'number' && item.type === 'timing' ? String(Math.floor(start / 60)) : '')
  const [seconds, setSeconds] = createSignal(typeof start === 'number' && item.type === 'timing' ? String(Math.round(start % 60)) : '')
  const [reason, setReason] = createSignal('')
  const groupId = `edit-${createUniqueId()}`
  let formEl: HTMLFormElement | undefined

  /** The new value, or a problem to show on the field. */
  const value = (): { value: TAuditAnswer['value'] } | { problem: string; field: string } => {
    switch (item.type) {
      case 'yes_no':
        return yes() === null ? { problem: 'Choose Yes or No.', field: 'value' } : { value: yes() }
      case 'scale':
      case 'number': {
        const n = Number(text())
        if (text().trim() === '' || !Number.isFinite(n)) return { problem: 'must be a number', field: 'value' }
        return { value: n }
      }
      case 'timing': {
        const m = minutes().trim() === '' ? 0 : Number(minutes())
        const s = seconds().trim() === '' ? 0 : Number(seconds())
        if (!Number.isInteger(m) || !Number.isInteger(s) || m < 0 || s < 0 || s > 59 || (minutes().trim() === '' && seconds().trim() === ''))
          return { problem: 'must be whole minutes and 0–59 seconds', field: 'value' }
        return { value: m * 60 + s }
      }
      case 'choice':
        return text() ? { value: text() } : { problem: 'Choose one.', field: 'value' }
      default:
        return { value: text() }
    }
  }

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = {}
    const v = na() ? { value: null } : value()
    if ('problem' in v) problems[v.field] = v.problem
    if (!reason().trim()) problems.reason = 'is required: say why the answer changes'
    if (Object.keys(problems).length) {
      form.fail(problems)
      return focusFirstInvalid(formEl)
    }
    const answer: TAuditAnswer = { ...(props.answer ?? {}), ...(na() ? { na: true, value: null } : { na: false, value: (v as { value: TAuditAnswer['value'] }).value }) }
    const next = await form.run(() => call(api.assignments[':id'].answers.$patch({ param: { id: props.assignmentId }, json: { itemId: item.id, answer, reason: reason().trim() } })))
    if (!next) return focusFirstInvalid(formEl)
    props.onSaved(next as AuditDetail)
  }

  const valueError = () => form.fieldError('value') ?? form.fieldError('answer.value') ?? form.fieldError('answer')

  return (
    <form ref={formEl} class="answer-editor" onSubmit={submit} novalidate aria-label={`Edit the answer to “${item.label}”`}>
      <Show when={item.naAllowed}>
        <CheckboxField label="Not applicable" checked={na()} onChange={setNa} />
      </Show>
      <Show when={!na()}>
        {(() => {
          switch (item.type) {
            case 'yes_no':
              return (
                <fieldset class="fieldset radio-row" aria-describedby={valueError() ? `${groupId}-error` : undefined}>
                  <legend>New answer</legend>
                  <For each={[true, false]}>
                    {(option) => (
                      <label class="radio-option">
                        <input type="radio" name={groupId} checked={yes() === option} onChange={() => setYes(option)} aria-invalid={valueError() ? 'true' : undefined} />
                        {option ? 'Yes' : 'No'}
                      </label>
                    )}
                  </For>
                  <Show when={valueError()}>
                    <p class="field-error" id={`${groupId}-error`}>
                      {valueError()}
                    </p>
                  </Show>
                </fieldset>
              )
            case 'scale':
              return (
                <SelectField
                  label={`New answer (0 to ${item.max})`}
                  value={text()}
                  onChange={setText}
                  options={[{ value: '', label: 'Choose' }, ...Array.from({ length: item.max + 1 }, (_, i) => ({ value: String(i), label: String(i) }))]}
                  error={valueError()}
                />
              )
            case 'timing':
              return (
                <fieldset class="fieldset">
                  <legend>New time (threshold {Math.floor(item.thresholdSeconds / 60)}:{String(item.thresholdSeconds % 60).padStart(2, '0')})</legend>
                  <div class="field-row">
                    <TextField label="Minutes" type="number" inputMode="numeric" min="0" value={minutes()} onInput={setMinutes} error={valueError()} />
                    <TextField label="Seconds" type="number" inputMode="numeric" min="0" max="59" value={seconds()} onInput={setSeconds} />
                  </div>
                </fieldset>
              )
            case 'number':
              return <TextField label={`New answer${item.unit ? ` (${item.unit})` : ''}`} type="number" inputMode="decimal" step="any" value={text()} onInput={setText} error={valueError()} />
            case 'choice':
              return (
                <SelectField label="New answer" value={text()} onChange={setText} options={[{ value: '', label: 'Choose' }, ...item.choices.map((c) => ({ value: c.id, label: c.label }))]} error={valueError()} />
              )
            case 'text':
              return <TextAreaField label="New answer" value={text()} onInput={setText} rows={4} maxLength={item.maxLength} error={valueError()} />
            default:
              return null
          }
        })()}
      </Show>
      <TextAreaField label="Reason for the change" value={reason()} onInput={setReason} rows={2} maxLength={2000} error={form.fieldError('reason')} hint="Kept in the audit’s history with your name." required />
      <FormFeedback error={form.error()} />
      <div class="button-row">
        <SubmitButton pending={form.pending()} label="Save change" pendingLabel="Saving…" />
        <button type="button" class="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
