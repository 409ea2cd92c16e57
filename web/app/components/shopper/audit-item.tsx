import { createEffect, createSignal, For, Show, type JSX } from 'solid-js'
import type { TAuditAnswer, TAuditItem } from '../../../../shared/audit/template.ts'
import { confirmAction } from '../confirm-dialog.tsx'
import type { ShopperPhoto } from './api.ts'
import { blobToDataUrl, shrinkPhoto } from './photo.ts'
import { getPhotoBlob, type LocalPhoto } from './store.ts'
import { formatSeconds, Stopwatch } from './stopwatch.tsx'

export const itemDomId = (itemId: string) => `item-${itemId}`

/** An answer problem as a sentence ("This item is required"). */
export function problemSentence(message: string): string {
  return /^[a-z]/.test(message) ? `This item ${message}.` : message
}

export interface AuditItemProps {
  item: TAuditItem
  assignmentId: string
  answer: TAuditAnswer | undefined
  error: string | null
  disabled: boolean
  photos: ShopperPhoto[]
  localPhotos: LocalPhoto[]
  onAnswer: (fn: (a: TAuditAnswer) => TAuditAnswer) => void
  onAddPhoto: (blob: Blob, name: string) => Promise<void>
  onRemovePhoto: (photoId: string) => Promise<void>
}

/** One audit item: its control, guidance, an optional private note and its problem, tied together for assistive tech. */
export function AuditItemField(props: AuditItemProps) {
  const id = () => itemDomId(props.item.id)
  const errorId = () => `${id()}-error`
  const guidanceId = () => `${id()}-guidance`
  const describedBy = () => (props.error ? errorId() : undefined)
  const na = () => props.answer?.na === true
  const setValue = (value: TAuditAnswer['value']) => props.onAnswer((a) => ({ ...a, na: undefined, value: value === undefined ? undefined : value }))

  const legend = (
    <legend class="audit-item-label">
      {props.item.label}
      <Show when={props.item.required}>
        <span class="required-mark"> (required)</span>
      </Show>
    </legend>
  )

  const naCheckbox = () => (
    <Show when={props.item.naAllowed && props.item.type !== 'yes_no'}>
      <label class="choice-tile na-tile">
        <input type="checkbox" checked={na()} disabled={props.disabled} onChange={(e) => props.onAnswer((a) => (e.currentTarget.checked ? { na: true, note: a.note } : { ...a, na: undefined }))} />
        <span>Not applicable</span>
      </label>
    </Show>
  )

  const control = (): JSX.Element => {
    const item = props.item
    switch (item.type) {
      case 'yes_no': {
        const current = () => (na() ? 'na' : props.answer?.value === true ? 'yes' : props.answer?.value === false ? 'no' : '')
        const options = () => [
          { v: 'yes', label: 'Yes' },
          { v: 'no', label: 'No' },
          ...(item.naAllowed ? [{ v: 'na', label: 'N/A' }] : []),
        ]
        return (
          <div class="choice-tiles choice-tiles-row">
            <For each={options()}>
              {(o) => (
                <label class="choice-tile">
                  <input
                    type="radio"
                    name={id()}
                    value={o.v}
                    checked={current() === o.v}
                    disabled={props.disabled}
                    aria-describedby={describedBy()}
                    onChange={() => (o.v === 'na' ? props.onAnswer((a) => ({ na: true, note: a.note })) : setValue(o.v === 'yes'))}
                  />
                  <span>{o.label}</span>
                </label>
              )}
            </For>
          </div>
        )
      }
      case 'scale': {
        const points = () => Array.from({ length: item.max + 1 }, (_, i) => i)
        return (
          <>
            <div class="scale-ends" aria-hidden="true">
              <span>{item.lowLabel ? `0 = ${item.lowLabel}` : ''}</span>
              <span>{item.highLabel ? `${item.max} = ${item.highLabel}` : ''}</span>
            </div>
            <div class="choice-tiles scale-tiles">
              <For each={points()}>
                {(p) => (
                  <label class="choice-tile">
                    <input
                      type="radio"
                      name={id()}
                      value={String(p)}
                      checked={!na() && props.answer?.value === p}
                      disabled={props.disabled || na()}
                      aria-describedby={describedBy()}
                      onChange={() => setValue(p)}
                    />
                    <span>
                      {p}
                      <Show when={p === 0 && item.lowLabel}>
                        <span class="sr-only"> ({item.lowLabel})</span>
                      </Show>
                      <Show when={p === item.max && item.highLabel}>
                        <span class="sr-only"> ({item.highLabel})</span>
                      </Show>
                    </span>
                  </label>
                )}
              </For>
            </div>
            {naCheckbox()}
          </>
        )
      }
      case 'timing': {
        const seconds = () => (typeof props.answer?.value === 'number' && !na() ? props.answer.value : undefined)
        return (
          <>
            <Stopwatch scope={`${props.assignmentId}:${item.id}`} label={item.label} seconds={seconds()} disabled={props.disabled || na()} onStop={(s) => setValue(s)} onReset={() => setValue(undefined)} />
            <div class="field timing-manual">
              <label for={`${id()}-seconds`}>Measured seconds</label>
              <input
                id={`${id()}-seconds`}
                type="number"
                inputMode="numeric"
                min="0"
                max="86400"
                step="1"
                value={seconds() ?? ''}
                disabled={props.disabled || na()}
                aria-describedby={[`${id()}-mss`, props.error ? errorId() : ''].filter(Boolean).join(' ')}
                aria-invalid={props.error ? 'true' : undefined}
                onInput={(e) => {
                  const raw = e.currentTarget.value
                  setValue(raw === '' ? undefined : e.currentTarget.valueAsNumber)
                }}
              />
              <p class="hint" id={`${id()}-mss`}>
                {seconds() !== undefined ? `${formatSeconds(seconds()!)} (minutes:seconds)` : 'Use the stopwatch or type the seconds.'}
              </p>
            </div>
            {naCheckbox()}
          </>
        )
      }
      case 'number': {
        const [text, setText] = createSignal(typeof props.answer?.value === 'number' ? String(props.answer.value) : '')
        createEffect(() => {
          const v = props.answer?.value
          if (typeof v === 'number' && Number(text()) !== v) setText(String(v))
        })
        return (
          <>
            <div class="field number-field">
              <label for={`${id()}-number`}>{item.unit ? `Number (${item.unit})` : 'Number'}</label>
              <div class="input-with-unit">
                <input
                  id={`${id()}-number`}
                  type="text"
                  inputMode="decimal"
                  value={text()}
                  disabled={props.disabled || na()}
                  aria-describedby={describedBy()}
                  aria-invalid={props.error ? 'true' : undefined}
                  onInput={(e) => {
                    const raw = e.currentTarget.value.trim().replace(',', '.')
                    setText(e.currentTarget.value)
                    const n = Number(raw)
                    setValue(raw === '' ? undefined : Number.isFinite(n) ? n : (raw as unknown as number))
                  }}
                />
                <Show when={item.unit}>
                  <span class="unit" aria-hidden="true">
                    {item.unit}
                  </span>
                </Show>
              </div>
            </div>
            {naCheckbox()}
          </>
        )
      }
      case 'choice':
        return (
          <>
            <div class="choice-tiles">
              <For each={item.choices}>
                {(c) => (
                  <label class="choice-tile">
                    <input type="radio" name={id()} value={c.id} checked={!na() && props.answer?.value === c.id} disabled={props.disabled || na()} aria-describedby={describedBy()} onChange={() => setValue(c.id)} />
                    <span>{c.label}</span>
                  </label>
                )}
              </For>
            </div>
            {naCheckbox()}
          </>
        )
      case 'text': {
        const value = () => (typeof props.answer?.value === 'string' ? props.answer.value : '')
        return (
          <>
            <div class="field">
              <label for={`${id()}-text`}>What happened</label>
              <textarea
                id={`${id()}-text`}
                rows="6"
                value={value()}
                disabled={props.disabled || na()}
                aria-describedby={[`${id()}-count`, props.error ? errorId() : ''].filter(Boolean).join(' ')}
                aria-invalid={props.error ? 'true' : undefined}
                onInput={(e) => setValue(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
              />
              <p class="hint char-count" id={`${id()}-count`} classList={{ over: value().length > item.maxLength }}>
                {value().length} of {item.maxLength} characters
              </p>
            </div>
            {naCheckbox()}
          </>
        )
      }
      case 'photo':
        return (
          <>
            <PhotoPicker {...props} maxPhotos={item.maxPhotos} inputId={`${id()}-photo`} describedBy={describedBy()} />
            {naCheckbox()}
          </>
        )
    }
  }

  return (
    <fieldset class="audit-item" id={id()} classList={{ 'audit-item-invalid': !!props.error }} aria-describedby={props.item.guidance ? guidanceId() : undefined}>
      {legend}
      <Show when={props.item.guidance}>
        <details class="guidance">
          <summary>How to judge this</summary>
          <p id={guidanceId()}>{props.item.guidance}</p>
        </details>
      </Show>
      {control()}
      <Show when={props.error}>
        <p class="field-error" id={errorId()}>
          {problemSentence(props.error!)}
        </p>
      </Show>
      <details class="private-note" open={!!props.answer?.note}>
        <summary>Private note for the reviewer</summary>
        <div class="field">
          <label for={`${id()}-note`}>Note (not scored)</label>
          <textarea
            id={`${id()}-note`}
            rows="3"
            maxLength={2000}
            value={props.answer?.note ?? ''}
            disabled={props.disabled}
            onInput={(e) => {
              const note = e.currentTarget.value
              props.onAnswer((a) => ({ ...a, note: note === '' ? undefined : note }))
            }}
          />
        </div>
      </details>
    </fieldset>
  )
}

function Thumbnail(props: { photoId: string; url?: string; alt: string }) {
  const [src, setSrc] = createSignal<string | undefined>()
  createEffect(() => {
    const photoId = props.photoId
    void getPhotoBlob(photoId).then(async (blob) => {
      if (blob) setSrc(await blobToDataUrl(blob))
      else setSrc(props.url ?? `/api/photos/${encodeURIComponent(photoId)}`)
    })
  })
  return (
    <Show when={src()} fallback={<span class="thumb thumb-loading" role="img" aria-label={props.alt} />}>
      <img class="thumb" src={src()} alt={props.alt} width="96" height="96" />
    </Show>
  )
}

function PhotoPicker(props: AuditItemProps & { maxPhotos: number; inputId: string; describedBy?: string }) {
  const [busy, setBusy] = createSignal(false)
  const [message, setMessage] = createSignal('')
  const all = () => [
    ...(props.answer?.photoIds ?? []).map((photoId) => ({ id: photoId, url: props.photos.find((p) => p.id === photoId)?.url, waiting: false })),
    ...props.localPhotos.map((p) => ({ id: p.id, url: undefined, waiting: true })),
  ]
  const full = () => all().length >= props.maxPhotos

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    setBusy(true)
    setMessage('Preparing the photo…')
    try {
      const { blob, name } = await shrinkPhoto(file)
      await props.onAddPhoto(blob, name)
      setMessage('Photo added.')
    } catch {
      setMessage('The photo could not be kept on this phone. Try again.')
    } finally {
      setBusy(false)
    }
  }

  const remove = async (photoId: string, n: number) => {
    const ok = await confirmAction({ title: 'Remove this photo?', message: `Photo ${n} of “${props.item.label}” will be removed from the audit.`, confirmLabel: 'Remove photo', danger: true })
    if (!ok) return
    await props.onRemovePhoto(photoId)
    setMessage('Photo removed.')
  }

  return (
    <div class="photo-picker">
      <Show when={all().length}>
        <ul class="thumbs">
          <For each={all()}>
            {(p, i) => (
              <li>
                <Thumbnail photoId={p.id} url={p.url} alt={`Photo ${i() + 1} for ${props.item.label}`} />
                <Show when={p.waiting}>
                  <span class="thumb-note">Not sent yet</span>
                </Show>
                <button type="button" class="button small" disabled={props.disabled} onClick={() => void remove(p.id, i() + 1)}>
                  Remove<span class="sr-only"> photo {i() + 1}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={!full()} fallback={<p class="hint">{props.maxPhotos === 1 ? 'Remove the photo to take another.' : `At most ${props.maxPhotos} photos.`}</p>}>
        <label class="button photo-button" for={props.inputId}>
          {busy() ? 'Preparing…' : all().length ? 'Add another photo' : 'Take or choose a photo'}
        </label>
        <input
          id={props.inputId}
          class="photo-input"
          type="file"
          accept="image/*"
          capture="environment"
          disabled={props.disabled || busy()}
          aria-describedby={props.describedBy}
          onChange={(e) => void onFile(e.currentTarget)}
        />
      </Show>
      <p class="sr-only" aria-live="polite">
        {message()}
      </p>
    </div>
  )
}
