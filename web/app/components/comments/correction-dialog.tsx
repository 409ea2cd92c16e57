import { createEffect, createSignal, createUniqueId, For, Show } from 'solid-js'
import { errorMessage } from '../../lib/api.ts'
import { FormFeedback, SubmitButton } from '../fields.tsx'
import type { CommentRow } from './api.ts'
import { LABEL_HINT, LABEL_TEXT, LABELS, THEME_IDS, THEME_TEXT, type SentimentLabel } from './types.ts'

/**
 * A manager's correction of one comment's label and themes, in a modal dialog. Focus starts on
 * the chosen label and returns to the button that opened it.
 */
export function CorrectionDialog(props: {
  comment: CommentRow | null
  onClose: () => void
  onSave: (comment: CommentRow, change: { label: SentimentLabel; themes: string[] }) => Promise<void>
}) {
  let dialog: HTMLDialogElement | undefined
  let returnFocus: HTMLElement | null = null
  const id = createUniqueId()
  const [label, setLabel] = createSignal<SentimentLabel>('neutral')
  const [themes, setThemes] = createSignal<string[]>([])
  const [error, setError] = createSignal('')
  const [saving, setSaving] = createSignal(false)

  createEffect(() => {
    const c = props.comment
    if (c && dialog && !dialog.open) {
      returnFocus = document.activeElement as HTMLElement | null
      const chosen = c.label ?? c.tagger.label ?? 'neutral'
      setLabel(chosen)
      setThemes([...c.themes])
      setError('')
      dialog.showModal()
      document.getElementById(`${id}-label-${chosen}`)?.focus()
    } else if (!c && dialog?.open) {
      dialog.close()
    }
  })

  const close = () => {
    dialog?.close()
    props.onClose()
    const target = returnFocus
    returnFocus = null
    // The list may have re-rendered the button; focus whatever now has its id.
    const again = target?.id ? document.getElementById(target.id) : target
    ;(again ?? target)?.focus()
  }

  const toggle = (theme: string, on: boolean) => setThemes((list) => THEME_IDS.filter((t) => (t === theme ? on : list.includes(t))))

  const save = async (e: SubmitEvent) => {
    e.preventDefault()
    const c = props.comment
    if (!c || saving()) return
    setSaving(true)
    setError('')
    try {
      await props.onSave(c, { label: label(), themes: themes() })
      close()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <dialog
      ref={dialog}
      class="dialog dialog-wide correction-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault()
        close()
      }}
    >
      <Show when={props.comment}>
        {(c) => (
          <form class="dialog-body" onSubmit={save}>
            <h2 id={`${id}-title`}>Correct the sentiment and themes</h2>
            <blockquote class="correction-quote">{c().text}</blockquote>
            <p class="hint">
              The tagger said {c().tagger.label ? LABEL_TEXT[c().tagger.label!] : 'nothing (not English)'}
              {c().tagger.themes.length ? `, about ${c().tagger.themes.map((t) => THEME_TEXT[t]?.name ?? t).join(', ')}` : ', with no theme'}. Your correction is kept through later re-tagging and used by every
              report.
            </p>
            <fieldset class="fieldset">
              <legend>Sentiment</legend>
              <For each={LABELS}>
                {(l) => (
                  <div class="field field-checkbox">
                    <input
                      type="radio"
                      id={`${id}-label-${l}`}
                      name={`${id}-label`}
                      value={l}
                      checked={label() === l}
                      onChange={() => setLabel(l)}
                      aria-describedby={`${id}-label-${l}-hint`}
                    />
                    <label for={`${id}-label-${l}`}>{LABEL_TEXT[l]}</label>
                    <p class="hint" id={`${id}-label-${l}-hint`}>
                      {LABEL_HINT[l]}
                    </p>
                  </div>
                )}
              </For>
            </fieldset>
            <fieldset class="fieldset">
              <legend>Themes</legend>
              <p class="hint">Tick every theme the comment talks about, whatever its sentiment.</p>
              <div class="theme-options">
                <For each={THEME_IDS}>
                  {(t) => (
                    <div class="field field-checkbox">
                      <input
                        type="checkbox"
                        id={`${id}-theme-${t}`}
                        value={t}
                        checked={themes().includes(t)}
                        onChange={(e) => toggle(t, e.currentTarget.checked)}
                        aria-describedby={`${id}-theme-${t}-hint`}
                      />
                      <label for={`${id}-theme-${t}`}>{THEME_TEXT[t]!.name}</label>
                      <p class="hint" id={`${id}-theme-${t}-hint`}>
                        {THEME_TEXT[t]!.about}
                      </p>
                    </div>
                  )}
                </For>
              </div>
            </fieldset>
            <FormFeedback error={error()} />
            <div class="dialog-actions">
              <button type="button" class="button" onClick={close}>
                Cancel
              </button>
              <SubmitButton pending={saving()} label="Save correction" />
            </div>
          </form>
        )}
      </Show>
    </dialog>
  )
}
