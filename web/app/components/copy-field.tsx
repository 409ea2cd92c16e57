import { createSignal, createUniqueId } from 'solid-js'

/** A read-only URL with a Copy button; falls back to selecting the text where the clipboard is unavailable. */
export function CopyField(props: { label: string; value: string }) {
  const id = `copy-${createUniqueId()}`
  const [status, setStatus] = createSignal('')
  let input: HTMLInputElement | undefined

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value)
      setStatus('Copied')
    } catch {
      input?.select()
      setStatus('Press Ctrl+C (⌘C) to copy')
    }
    setTimeout(() => setStatus(''), 4000)
  }

  return (
    <div class="copy-field">
      <label for={id} class="sr-only">
        {props.label}
      </label>
      <input id={id} ref={input} type="text" readOnly value={props.value} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" class="button" onClick={copy} aria-describedby={`${id}-status`}>
        Copy
      </button>
      <span id={`${id}-status`} role="status" class="copy-status">
        {status()}
      </span>
    </div>
  )
}
