import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js'
import { unwrap } from 'solid-js/store'
import type { TSurveyDefinition } from '../../../../shared/survey/definition.ts'
import { surveyLanguages } from '../../../../shared/survey/i18n.ts'
import { languageLabel } from './translations.tsx'

const SIZES = {
  phone: { width: 375, height: 667, label: 'Phone' },
  desktop: { width: 1024, height: 768, label: 'Desktop' },
} as const
type Size = keyof typeof SIZES

/**
 * The respondent page in an iframe, fed the draft as it is edited: the page says it is ready, then
 * receives the definition (again on every edit, at most every 300 ms). Nothing is saved or sent.
 */
export function PreviewPanel(props: { def: TSurveyDefinition; version: () => unknown }) {
  const [size, setSize] = createSignal<Size>('phone')
  const [language, setLanguage] = createSignal('')
  const [ready, setReady] = createSignal(false)
  const [available, setAvailable] = createSignal(0)
  let frame: HTMLIFrameElement | undefined
  let stage: HTMLDivElement | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const languages = () => surveyLanguages(props.def)
  const currentLanguage = () => (languages().includes(language()) ? language() : props.def.language)
  const scale = () => (available() > 0 ? Math.min(1, available() / SIZES[size()].width) : 1)

  const send = () => {
    if (!ready() || !frame?.contentWindow) return
    // A plain copy: the store's proxies cannot cross to another window.
    const definition = JSON.parse(JSON.stringify(unwrap(props.def))) as TSurveyDefinition
    frame.contentWindow.postMessage({ type: 'yardstick:preview', definition, language: currentLanguage() }, location.origin)
  }

  const onMessage = (e: MessageEvent) => {
    if (e.origin !== location.origin || !frame || e.source !== frame.contentWindow) return
    if ((e.data as { type?: unknown } | null)?.type === 'yardstick:preview-ready') {
      setReady(true)
      send()
    }
  }
  window.addEventListener('message', onMessage)
  onCleanup(() => {
    window.removeEventListener('message', onMessage)
    clearTimeout(timer)
  })

  onMount(() => {
    if (!stage) return
    const observer = new ResizeObserver(() => setAvailable(stage!.clientWidth))
    observer.observe(stage)
    setAvailable(stage.clientWidth)
    onCleanup(() => observer.disconnect())
  })

  // Any edit (tracked through the version counter) is sent after a short pause; the language at once.
  createEffect(
    on(props.version, () => {
      clearTimeout(timer)
      timer = setTimeout(send, 300)
    }),
  )
  createEffect(on(currentLanguage, () => send(), { defer: true }))

  return (
    <section class="card preview-panel" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <p class="hint">What respondents see, updated as you edit (answers here are not saved).</p>
      <div class="preview-toolbar">
        <div class="segmented" role="group" aria-label="Preview width">
          <For each={Object.keys(SIZES) as Size[]}>
            {(s) => (
              <button type="button" class="button small" aria-pressed={size() === s} onClick={() => setSize(s)}>
                {SIZES[s].label}
                <span class="sr-only"> ({SIZES[s].width} pixels wide)</span>
              </button>
            )}
          </For>
        </div>
        <Show when={languages().length > 1}>
          <div class="field inline">
            <label for="preview-language">Language</label>
            <select id="preview-language" value={currentLanguage()} onChange={(e) => setLanguage(e.currentTarget.value)}>
              <For each={languages()}>
                {(l) => (
                  <option value={l} selected={l === currentLanguage()}>
                    {languageLabel(l)}
                  </option>
                )}
              </For>
            </select>
          </div>
        </Show>
      </div>
      <div ref={stage} class="preview-stage">
        <div class="preview-viewport" style={{ width: `${SIZES[size()].width * scale()}px`, height: `${SIZES[size()].height * scale()}px` }}>
          <iframe
            ref={frame}
            src="/respondent.html?preview=1"
            title={`Preview of “${props.def.title}” at ${SIZES[size()].label.toLowerCase()} width`}
            class="preview-frame"
            style={{ width: `${SIZES[size()].width}px`, height: `${SIZES[size()].height}px`, transform: `scale(${scale()})` }}
          />
        </div>
        <Show when={!ready()}>
          <p class="hint" role="status">
            Loading the preview…
          </p>
        </Show>
        <Show when={scale() < 1}>
          <p class="hint">Shown at {Math.round(scale() * 100)}% to fit.</p>
        </Show>
      </div>
    </section>
  )
}
