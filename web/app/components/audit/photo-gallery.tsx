import { createSignal, For, Show } from 'solid-js'
import type { AuditPhoto } from './types.ts'

/** Thumbnails of an item's photos; each opens a larger view in a dialog (Escape or Close returns). */
export function PhotoGallery(props: { photos: AuditPhoto[]; itemLabel: string }) {
  const [open, setOpen] = createSignal<{ photo: AuditPhoto; n: number } | null>(null)
  let dialog: HTMLDialogElement | undefined
  let opener: HTMLElement | null = null
  const alt = (n: number) => `Photo ${n} of ${props.photos.length} for “${props.itemLabel}”`

  const show = (photo: AuditPhoto, n: number, e: MouseEvent) => {
    opener = e.currentTarget as HTMLElement
    setOpen({ photo, n })
    dialog?.showModal()
  }
  const close = () => {
    dialog?.close()
    setOpen(null)
    opener?.focus()
  }

  return (
    <>
      <ul class="photo-thumbs">
        <For each={props.photos}>
          {(photo, i) => (
            <li>
              <button type="button" class="photo-thumb" onClick={(e) => show(photo, i() + 1, e)} aria-label={`Open ${alt(i() + 1).charAt(0).toLowerCase()}${alt(i() + 1).slice(1)}`}>
                <img src={photo.url} alt={alt(i() + 1)} loading="lazy" width="96" height="96" />
              </button>
            </li>
          )}
        </For>
      </ul>
      <dialog
        ref={dialog}
        class="dialog photo-dialog"
        aria-label={open() ? alt(open()!.n) : 'Photo'}
        onCancel={(e) => {
          e.preventDefault()
          close()
        }}
        onClick={(e) => {
          if (e.target === dialog) close()
        }}
      >
        <Show when={open()}>
          {(o) => (
            <div class="dialog-body">
              <img src={o().photo.url} alt={alt(o().n)} class="photo-large" />
              <div class="dialog-actions">
                <a class="button" href={o().photo.url} target="_blank" rel="noopener">
                  Open full size
                </a>
                <button type="button" class="button primary" autofocus onClick={close}>
                  Close
                </button>
              </div>
            </div>
          )}
        </Show>
      </dialog>
    </>
  )
}
