import { createUniqueId, For, Show, type JSX } from 'solid-js'

interface FieldBase {
  label: string
  error?: string
  hint?: string
  required?: boolean
  class?: string
}

function describedBy(id: string, props: FieldBase): string | undefined {
  const ids = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

/** The API's messages are predicates ("must be an email address"); the field's label makes them sentences. */
export function sentence(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message
}

function FieldFrame(props: FieldBase & { id: string; children: JSX.Element }) {
  return (
    <div class={`field ${props.class ?? ''}`} classList={{ 'field-invalid': !!props.error }}>
      <label for={props.id}>
        {props.label}
        <Show when={props.required}>
          <span class="required-mark"> (required)</span>
        </Show>
      </label>
      {props.children}
      <Show when={props.hint}>
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {sentence(props.label, props.error!)}
        </p>
      </Show>
    </div>
  )
}

export function TextField(
  props: FieldBase & {
    value: string
    onInput: (value: string) => void
    type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'datetime-local' | 'number' | 'search'
    name?: string
    autocomplete?: string
    placeholder?: string
    step?: string
    min?: string
    max?: string
    maxLength?: number
    inputMode?: 'decimal' | 'numeric' | 'text'
    list?: string
    id?: string
    readOnly?: boolean
  },
) {
  const id = props.id ?? `f-${createUniqueId()}`
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        required={props.required}
        autocomplete={props.autocomplete}
        placeholder={props.placeholder}
        step={props.step}
        min={props.min}
        max={props.max}
        maxLength={props.maxLength}
        inputMode={props.inputMode}
        list={props.list}
        readOnly={props.readOnly}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      />
    </FieldFrame>
  )
}

export function TextAreaField(props: FieldBase & { value: string; onInput: (value: string) => void; rows?: number; name?: string; maxLength?: number; id?: string }) {
  const id = props.id ?? `f-${createUniqueId()}`
  return (
    <FieldFrame {...props} id={id}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        value={props.value}
        maxLength={props.maxLength}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      />
    </FieldFrame>
  )
}

export interface Option {
  value: string
  label: string
}

export function SelectField(props: FieldBase & { value: string; onChange: (value: string) => void; options: readonly Option[]; name?: string; id?: string }) {
  const id = props.id ?? `f-${createUniqueId()}`
  return (
    <FieldFrame {...props} id={id}>
      <select
        id={id}
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      >
        <For each={props.options}>{(o) => <option value={o.value} selected={o.value === props.value}>{o.label}</option>}</For>
      </select>
    </FieldFrame>
  )
}

/** A checkbox; give it an id when a problem on it is linked from a summary. */
export function CheckboxField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: string; error?: string; name?: string; disabled?: boolean; id?: string }) {
  const id = props.id ?? `f-${createUniqueId()}`
  return (
    <div class="field field-checkbox" classList={{ 'field-invalid': !!props.error }}>
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      />
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error block" id={`${id}-error`}>
          {sentence(props.label, props.error!)}
        </p>
      </Show>
    </div>
  )
}

/** The form-level outcome: an error (announced assertively) or a success message (politely). */
export function FormFeedback(props: { error: string; success?: string }) {
  return (
    <>
      <div role="alert" class="form-feedback-slot">
        <Show when={props.error}>
          <p class="form-error" tabindex="-1">
            {props.error}
          </p>
        </Show>
      </div>
      <div role="status" class="form-feedback-slot">
        <Show when={props.success}>
          <p class="form-success">{props.success}</p>
        </Show>
      </div>
    </>
  )
}

export function SubmitButton(props: { pending: boolean; label: string; pendingLabel?: string; class?: string }) {
  return (
    <button type="submit" class={props.class ?? 'button primary'} disabled={props.pending} aria-disabled={props.pending}>
      {props.pending ? (props.pendingLabel ?? 'Saving…') : props.label}
    </button>
  )
}
