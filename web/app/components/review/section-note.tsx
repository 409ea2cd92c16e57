import { createEffect, createSignal, createUniqueId, For, on, Show } from 'solid-js'
import { NOTE_MAX_CHARS, type ReviewNoteView, type ReviewSection } from '../../../../shared/review.ts'
import { api, ApiError, call, errorMessage } from '../../lib/api.ts'
import { reportDate } from './report-data.ts'

/** Paragraphs as the writer typed them: a blank line starts a new one, single line breaks are kept. */
export function Paragraphs(props: { text: string; class?: string }) {
  const paragraphs = () => props.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  return (
    <div class={props.class}>
      <For each={paragraphs()}>{(p) => <p class="review-note-paragraph">{p}</p>}</For>
    </div>
  )
}

/**
 * The manager's commentary on one section of the report: plain text, read-only for roles without
 * actions:write, edited in place by those with it. Saving sends the version edited from, so a note
 * someone else saved meanwhile is not overwritten (the API answers 409). Empty text removes the
 * note. Printed as plain text; an empty note is left out of the print.
 */
export function SectionNote(props: {
  section: ReviewSection
  /** The section's name, for labels: "Results against targets". */
  sectionTitle: string
  reportKey: string
  note: ReviewNoteView | undefined
  /** The notes could not be read (or are still loading): say so rather than "no commentary". */
  state: 'loading' | 'ready' | 'failed'
  canEdit: boolean
  onSaved: (section: ReviewSection, note: ReviewNoteView | null) => void
}) {
  const id = `note-${createUniqueId()}`
  const [editing, setEditing] = createSignal(false)
  const [draft, setDraft] = createSignal('')
  const [saving, setSaving] = createSignal(false)
  const [error, setError] = createSignal('')
  const [saved, setSaved] = createSignal('')
  let editButton: HTMLButtonElement | undefined
  let textarea: HTMLTextAreaElement | undefined
  // Another period or other locations is another report: a draft begun on this one is not carried over.
  createEffect(on(() => props.reportKey, () => setEditing(false), { defer: true }))

  const start = () => {
    setDraft(props.note?.text ?? '')
    setError('')
    setSaved('')
    setEditing(true)
    queueMicrotask(() => textarea?.focus())
  }
  const stop = () => {
    setEditing(false)
    queueMicrotask(() => editButton?.focus())
  }
  const save = async (e: SubmitEvent) => {
    e.preventDefault()
    setSaving(true)
    setError('')
    try {
      const r = await call(api.review.notes.$put({ json: { key: props.reportKey, section: props.section, text: draft(), base: props.note?.updated_at ?? null } }))
      props.onSaved(props.section, (r.note as ReviewNoteView | null) ?? null)
      setSaved(r.note ? 'Commentary saved.' : 'Commentary removed.')
      stop()
    } catch (err) {
      setError(err instanceof ApiError && err.issues.length ? err.issues.map((i) => `${i.path.replace(/^body\./, '')} ${i.message}`).join('; ') : errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div class="review-note" classList={{ 'review-note-empty': !props.note && !editing() }} data-section={props.section}>
      <div class="review-note-head">
        <h3 id={`${id}-title`}>Manager’s commentary</h3>
        <Show when={props.canEdit && !editing() && props.state === 'ready'}>
          <button type="button" class="button small no-print" ref={editButton} onClick={start}>
            {props.note ? 'Edit' : 'Add commentary'}
            <span class="sr-only"> on {props.sectionTitle}</span>
          </button>
        </Show>
      </div>
      <Show
        when={editing()}
        fallback={
          <>
            <Show when={props.state === 'loading'}>
              <p class="muted no-print" role="status">
                Loading the commentary…
              </p>
            </Show>
            <Show when={props.state === 'failed'}>
              <p class="muted no-print">The commentary could not be loaded.</p>
            </Show>
            <Show when={props.state === 'ready'}>
              <Show when={props.note} fallback={<p class="muted no-print">{props.canEdit ? 'No commentary yet: add what these figures mean and what you will do about them.' : 'No commentary on this section.'}</p>}>
                {(n) => (
                  <>
                    <Paragraphs text={n().text} class="review-note-text" />
                    <p class="review-note-meta">
                      {n().updated_by_name ? `${n().updated_by_name}, ` : ''}
                      {reportDate(n().updated_at)}
                    </p>
                  </>
                )}
              </Show>
            </Show>
            <div role="status" class="sr-only">
              {saved()}
            </div>
          </>
        }
      >
        <form class="review-note-form no-print" onSubmit={save} aria-labelledby={`${id}-title`}>
          <label for={`${id}-text`}>Commentary on {props.sectionTitle.toLowerCase()}</label>
          <p class="hint" id={`${id}-hint`}>
            Plain text for the printed report; a blank line starts a new paragraph. Leave empty and save to remove it.
          </p>
          <textarea
            id={`${id}-text`}
            ref={textarea}
            rows={6}
            maxLength={NOTE_MAX_CHARS}
            value={draft()}
            onInput={(e) => setDraft(e.currentTarget.value)}
            aria-describedby={`${id}-hint ${id}-count${error() ? ` ${id}-error` : ''}`}
            aria-invalid={error() ? 'true' : undefined}
          />
          <p class="hint review-note-count" id={`${id}-count`}>
            {draft().length.toLocaleString('en-GB')} of {NOTE_MAX_CHARS.toLocaleString('en-GB')} characters
          </p>
          <Show when={error()}>
            <p class="field-error" id={`${id}-error`} role="alert">
              {error()}
            </p>
          </Show>
          <div class="button-row">
            <button type="submit" class="button primary" disabled={saving()}>
              {saving() ? 'Saving…' : 'Save commentary'}
            </button>
            <button type="button" class="button" onClick={stop} disabled={saving()}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
    </div>
  )
}
