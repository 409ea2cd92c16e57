import { useBeforeLeave } from '@solidjs/router'
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js'
import { confirmAction } from '../components/confirm-dialog.tsx'
import type { Submitter } from './form.ts'

// What the versioned editors (surveys, audit templates) do the same way around their drafts.

/** Moves focus to an element and scrolls it to the middle of the screen. */
export function focusElement(id: string | undefined): void {
  const el = id ? document.getElementById(id) : null
  if (el) {
    el.focus()
    el.scrollIntoView({ block: 'center' })
  }
}

/**
 * Keeps unsaved edits from being lost: the browser asks before the page closes, leaving for another
 * page of the app asks first (`message` says what was not saved), and Ctrl+S (⌘S) saves.
 */
export function guardUnsavedChanges(opts: { dirty: Accessor<boolean>; setDirty: (dirty: boolean) => void; canSave: () => boolean; save: () => unknown; message: string }): void {
  const warnBeforeUnload = (e: BeforeUnloadEvent) => {
    if (opts.dirty()) e.preventDefault()
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
      e.preventDefault()
      if (opts.canSave()) void opts.save()
    }
  }
  window.addEventListener('beforeunload', warnBeforeUnload)
  window.addEventListener('keydown', onKeyDown)
  onCleanup(() => {
    window.removeEventListener('beforeunload', warnBeforeUnload)
    window.removeEventListener('keydown', onKeyDown)
  })
  useBeforeLeave((e) => {
    if (opts.dirty() && !e.defaultPrevented) {
      e.preventDefault()
      void confirmAction({ title: 'Leave without saving?', message: opts.message, confirmLabel: 'Leave', danger: true }).then((ok) => {
        if (ok) {
          opts.setDirty(false)
          e.retry(true)
        }
      })
    }
  })
}

const problemsMessage = (n: number) => `${n === 1 ? 'One problem' : `${n} problems`} to fix before saving: see the list below.`

/** A draft checked with the shared schema: what to save, or its problems keyed by field. */
export type DraftCheck<T> = { value: T } | { problems: Record<string, string> }

/**
 * Saving a draft: checked with the shared schema first, then written; the server's problems land on
 * the same fields. Once a save found problems, the list follows the edits (checked again 400 ms
 * after each `revision`), so fixed problems leave it. `save` resolves true when the draft is saved
 * (or had nothing to save); `showSummary` is called when it was not.
 */
export function createDraftSave<T>(opts: {
  saver: Submitter
  revision: Accessor<number>
  dirty: Accessor<boolean>
  check: () => DraftCheck<T>
  write: (value: T) => Promise<unknown>
  onSaved: (value: T) => Promise<unknown>
  showSummary: () => void
}): () => Promise<boolean> {
  const { saver } = opts
  const [following, setFollowing] = createSignal(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  const fail = (fields: Record<string, string>) => saver.fail(fields, problemsMessage(Object.keys(fields).length))
  createEffect(
    on(
      opts.revision,
      () => {
        if (!following()) return
        clearTimeout(timer)
        timer = setTimeout(() => {
          const checked = opts.check()
          if ('problems' in checked) {
            fail(checked.problems)
          } else {
            saver.clear()
            setFollowing(false)
          }
        }, 400)
      },
      { defer: true },
    ),
  )
  onCleanup(() => clearTimeout(timer))

  return async () => {
    if (saver.pending()) return false
    if (!opts.dirty()) {
      saver.clear()
      saver.setSuccess('Nothing to save: the draft is up to date.')
      return true
    }
    clearTimeout(timer)
    const checked = opts.check()
    if ('problems' in checked) {
      fail(checked.problems)
      setFollowing(true)
      opts.showSummary()
      return false
    }
    const result = await saver.run(() => opts.write(checked.value), { success: 'Draft saved.' })
    if (!result) {
      if (Object.keys(saver.fieldErrors()).length) setFollowing(true)
      opts.showSummary()
      return false
    }
    setFollowing(false)
    await opts.onSaved(checked.value)
    return true
  }
}
