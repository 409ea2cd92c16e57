import { createEffect, createSignal, Show } from 'solid-js'

export interface ConfirmRequest {
  title: string
  message: string
  confirmLabel: string
  /** Destructive actions get a red confirm button. */
  danger?: boolean
}

const [request, setRequest] = createSignal<(ConfirmRequest & { resolve: (ok: boolean) => void }) | null>(null)

/**
 * Asks the user to confirm in a modal dialog; resolves true on confirm, false on cancel or Escape.
 * @example if (await confirmAction({ title: 'Archive location?', message: '…', confirmLabel: 'Archive' })) archive()
 */
export function confirmAction(req: ConfirmRequest): Promise<boolean> {
  request()?.resolve(false)
  return new Promise((resolve) => setRequest({ ...req, resolve }))
}

/** The one dialog every confirmation uses; mounted once by the app shell. */
export function ConfirmDialogHost() {
  let dialog: HTMLDialogElement | undefined
  let returnFocus: HTMLElement | null = null

  const close = (ok: boolean) => {
    const r = request()
    setRequest(null)
    dialog?.close()
    r?.resolve(ok)
    returnFocus?.focus()
  }

  createEffect(() => {
    if (request() && dialog && !dialog.open) {
      returnFocus = document.activeElement as HTMLElement | null
      dialog.showModal()
    }
  })

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      onCancel={(e) => {
        e.preventDefault()
        close(false)
      }}
    >
      <Show when={request()}>
        {(r) => (
          <div class="dialog-body">
            <h2 id="confirm-title">{r().title}</h2>
            <p id="confirm-message">{r().message}</p>
            <div class="dialog-actions">
              <button type="button" class="button" autofocus onClick={() => close(false)}>
                Cancel
              </button>
              <button type="button" class={r().danger ? 'button danger' : 'button primary'} onClick={() => close(true)}>
                {r().confirmLabel}
              </button>
            </div>
          </div>
        )}
      </Show>
    </dialog>
  )
}
