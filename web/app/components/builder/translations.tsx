import { createMemo, createSignal, For, Index, Show } from 'solid-js'
import type { TSurveyDefinition } from '../../../../shared/survey/definition.ts'
import { isRtl, languageName, missingTranslations, translatableStrings } from '../../../../shared/survey/i18n.ts'
import { confirmAction } from '../confirm-dialog.tsx'
import { COMMON_LANGUAGES } from './model.ts'

/** "French (fr)", in the manager's language, with the language's own name when it differs. */
export function languageLabel(tag: string): string {
  let english = tag
  try {
    english = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag
  } catch {
    // An unknown tag shows as itself.
  }
  const own = languageName(tag)
  return own && own !== english ? `${english} — ${own} (${tag})` : `${english} (${tag})`
}

/** What a string key is, in words: "Question 3 · choice “Waiting time”". */
function keyLabel(def: TSurveyDefinition, key: string): string {
  if (key === 'title') return 'Survey title'
  if (key === 'intro') return 'Introduction'
  if (key === 'thankYou') return 'Thank-you message'
  const page = /^page\.([^.]+)\.title$/.exec(key)
  if (page) return `Title of page ${def.pages.findIndex((p) => p.id === page[1]) + 1}`
  const m = /^q\.([^.]+)\.(.+)$/.exec(key)
  if (!m) return key
  const all = def.pages.flatMap((p) => p.questions)
  const n = all.findIndex((q) => q.id === m[1]) + 1
  const field = m[2]!
  const what =
    field === 'text'
      ? 'text'
      : field === 'help'
        ? 'help'
        : field === 'lowLabel'
          ? 'lowest label'
          : field === 'highLabel'
            ? 'highest label'
            : field === 'otherLabel'
              ? 'Other label'
              : field.startsWith('choice.')
                ? 'choice'
                : field
  return `Question ${n} · ${what}`
}

/** Translations side by side: the survey's own text on the left, the translation on the right. */
export function TranslationsPanel(props: { def: TSurveyDefinition; disabled?: boolean; error: (path: string) => string | undefined; onChange: (translations: TSurveyDefinition['translations']) => void }) {
  const languages = () => Object.keys(props.def.translations)
  const [selected, setSelected] = createSignal<string>('')
  const current = () => (languages().includes(selected()) ? selected() : (languages()[0] ?? ''))
  const [adding, setAdding] = createSignal('')
  const strings = createMemo(() => translatableStrings(props.def))
  const missing = (lang: string) => missingTranslations(props.def, props.def.translations[lang] ?? {})
  const offered = () => COMMON_LANGUAGES.filter((l) => l !== props.def.language && !languages().includes(l))

  const add = () => {
    const lang = adding() || offered()[0]
    if (!lang) return
    props.onChange({ ...props.def.translations, [lang]: {} })
    setSelected(lang)
    setAdding('')
    queueMicrotask(() => document.querySelector<HTMLElement>('.translation-table textarea, .translation-table input')?.focus())
  }
  const remove = async (lang: string) => {
    const ok = await confirmAction({
      title: `Remove the ${languageLabel(lang)} translation?`,
      message: 'Respondents will no longer be able to read the survey in this language once you publish. Its translated texts are deleted from the draft.',
      confirmLabel: 'Remove translation',
      danger: true,
    })
    if (!ok) return
    const next = { ...props.def.translations }
    delete next[lang]
    props.onChange(next)
    queueMicrotask(() => document.getElementById('translation-add-language')?.focus())
  }
  const setText = (lang: string, key: string, text: string) => props.onChange({ ...props.def.translations, [lang]: { ...props.def.translations[lang], [key]: text } })

  return (
    <section class="card" aria-labelledby="translations-title">
      <h2 id="translations-title">Translations</h2>
      <p class="hint">
        The survey is written in {languageLabel(props.def.language)}. Add a language to let respondents choose it; every text needs a translation before the survey can be saved.
      </p>
      <fieldset class="plain" disabled={props.disabled}>
        <div class="add-question">
          <div class="field">
            <label for="translation-add-language">Add a language</label>
            <select id="translation-add-language" value={adding() || offered()[0]} onChange={(e) => setAdding(e.currentTarget.value)}>
              <For each={offered()}>
                {(l) => (
                  <option value={l} selected={l === (adding() || offered()[0])}>
                    {languageLabel(l)}
                  </option>
                )}
              </For>
            </select>
          </div>
          <button type="button" class="button" onClick={add}>
            Add language
          </button>
        </div>
        <Show when={languages().length > 0} fallback={<p class="muted">No translations yet.</p>}>
          <div class="language-tabs" role="group" aria-label="Translations">
            <For each={languages()}>
              {(lang) => (
                <button type="button" class="button small" aria-pressed={current() === lang} onClick={() => setSelected(lang)}>
                  {languageLabel(lang)}
                  <span class="tag" classList={{ 'tag-draft': missing(lang).length > 0, 'tag-live': missing(lang).length === 0 }}>
                    {missing(lang).length ? `${missing(lang).length} missing` : 'complete'}
                  </span>
                </button>
              )}
            </For>
          </div>
          <Show when={current()} keyed>
            {(lang) => (
              <div class="translation-language">
                <div class="translation-head">
                  <h3 id="translation-heading">{languageLabel(lang)}</h3>
                  <p class="status-line" role="status">
                    <Show when={missing(lang).length > 0} fallback={<span class="tag tag-live">All {strings().length} texts translated</span>}>
                      <span class="tag tag-draft">
                        {missing(lang).length} of {strings().length} texts missing
                      </span>
                    </Show>
                  </p>
                  <button type="button" class="button small subtle-danger" onClick={() => remove(lang)}>
                    Remove {languageLabel(lang)}
                  </button>
                </div>
                <div class="table-wrap">
                  <table class="table translation-table" aria-labelledby="translation-heading">
                    <thead>
                      <tr>
                        <th scope="col">Text</th>
                        <th scope="col">{languageLabel(props.def.language)}</th>
                        <th scope="col">{languageLabel(lang)}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <Index each={strings()}>
                        {(entry, row) => {
                          const key = () => entry()[0]
                          const source = () => entry()[1]
                          const inputId = `tr-${lang}-${row}`
                          const value = () => props.def.translations[lang]?.[key()] ?? ''
                          const isMissing = () => value().trim() === ''
                          const error = () => props.error(`translations.${lang}.${key()}`)
                          return (
                            <tr classList={{ 'translation-missing': isMissing() }}>
                              <th scope="row" class="translation-key">
                                {keyLabel(props.def, key())}
                                <span class="code block">{key()}</span>
                              </th>
                              <td class="translation-source" id={`${inputId}-source`} lang={props.def.language}>
                                {source()}
                              </td>
                              <td>
                                <label class="sr-only" for={inputId}>
                                  {languageLabel(lang)} for {keyLabel(props.def, key())}
                                </label>
                                <textarea
                                  id={inputId}
                                  rows={Math.min(6, Math.max(1, Math.ceil(source().length / 34)))}
                                  lang={lang}
                                  dir={isRtl(lang) ? 'rtl' : 'auto'}
                                  value={value()}
                                  maxLength={5000}
                                  onInput={(e) => setText(lang, key(), e.currentTarget.value)}
                                  aria-describedby={`${inputId}-source${isMissing() ? ` ${inputId}-missing` : ''}`}
                                  aria-invalid={error() && isMissing() ? 'true' : undefined}
                                />
                                <Show when={isMissing()}>
                                  <p class="hint translation-missing-note" id={`${inputId}-missing`}>
                                    Missing
                                  </p>
                                </Show>
                              </td>
                            </tr>
                          )
                        }}
                      </Index>
                    </tbody>
                  </table>
                </div>
              </div>
            )}
          </Show>
        </Show>
      </fieldset>
    </section>
  )
}
