import { A, useBeforeLeave, useParams } from '@solidjs/router'
import { createMemo, createResource, createSignal, For, Index, onCleanup, Show } from 'solid-js'
import { createStore, produce, reconcile, unwrap } from 'solid-js/store'
import { QUESTION_TYPES, type QuestionType, type TQuestion, type TSurveyDefinition } from '../../../shared/survey/definition.ts'
import { api, call, type StandardRow } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView } from '../components/async-view.tsx'
import { questionMeasures, questionMeasuresAnything } from '../../../shared/survey/evidence.ts'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { CheckboxField, FormFeedback, SelectField, TextAreaField, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { SurveyLinks } from './survey-links.tsx'

type Version = { id: string; version: number; status: string; definition: TSurveyDefinition; createdAt: string; publishedAt: string | null }

const DEFAULT_TEXT: Record<QuestionType, string> = {
  nps: 'How likely are you to recommend us to a friend or colleague?',
  csat: 'How satisfied were you with the service you received?',
  ces: 'The organisation made it easy for me to handle my request.',
  yes_no: 'Was your request resolved today?',
  short_text: 'Which member of staff helped you?',
  comment: 'Is there anything else you would like to tell us?',
  rating: 'How would you rate the cleanliness of the premises?',
  single_choice: 'How did you contact us?',
  multiple_choice: 'What did you come in for today?',
  number: 'How many minutes did you wait before being served?',
  date: 'When did you visit?',
  consent: 'You may contact me about my answers.',
}

const TYPE_LABEL = new Map(QUESTION_TYPES.map((t) => [t.type, t.label]))

/** A question id not yet used in the survey: the type's name, then name_2, name_3... */
function freshQuestionId(def: TSurveyDefinition, type: QuestionType): string {
  const used = new Set(def.pages.flatMap((p) => [p.id, ...p.questions.map((q) => q.id)]))
  if (!used.has(type)) return type
  let n = 2
  while (used.has(`${type}_${n}`)) n++
  return `${type}_${n}`
}

export function SurveyEditorPage() {
  const params = useParams()
  const [data, { refetch }] = createResource(
    () => params.id,
    async (id) => {
      const [survey, standards] = await Promise.all([call(api.surveys[':id'].$get({ param: { id } })), call(api.standards.$get({ query: {} }))])
      return { ...survey, versions: survey.versions as Version[], standards: standards.standards }
    },
  )
  return (
    <AsyncView resource={data} loading="Loading the survey…" onRetry={refetch}>
      {(d) => (
        <Show when={d().survey.id} keyed>
          {(surveyId) => <SurveyEditor surveyId={surveyId} versions={d().versions} standards={d().standards} onChanged={refetch} />}
        </Show>
      )}
    </AsyncView>
  )
}

function SurveyEditor(props: { surveyId: string; versions: Version[]; standards: StandardRow[]; onChanged: () => void }) {
  const canWrite = () => allowed('surveys:write')
  const latest = () => props.versions[0]
  const published = () => props.versions.find((v) => v.status === 'published')
  const [def, setDef] = createStore<TSurveyDefinition>(structuredClone(latest()!.definition))
  const [dirty, setDirty] = createSignal(false)
  const [announce, setAnnounce] = createSignal('')
  const saver = createSubmitter()
  const publisher = createSubmitter()
  let editorEl: HTMLDivElement | undefined

  const edit: typeof setDef = ((...args: unknown[]) => {
    setDirty(true)
    return (setDef as (...a: unknown[]) => void)(...args)
  }) as typeof setDef

  const warnBeforeUnload = (e: BeforeUnloadEvent) => {
    if (dirty()) e.preventDefault()
  }
  window.addEventListener('beforeunload', warnBeforeUnload)
  onCleanup(() => window.removeEventListener('beforeunload', warnBeforeUnload))

  useBeforeLeave((e) => {
    if (dirty() && !e.defaultPrevented) {
      e.preventDefault()
      void confirmAction({ title: 'Leave without saving?', message: 'Your changes to this survey have not been saved.', confirmLabel: 'Leave', danger: true }).then((ok) => {
        if (ok) {
          setDirty(false)
          e.retry(true)
        }
      })
    }
  })

  /** Questions are numbered across pages, as respondents see them. */
  const numberOf = (page: number, index: number) => def.pages.slice(0, page).reduce((n, pg) => n + pg.questions.length, 0) + index + 1
  const questionCount = () => def.pages.reduce((n, pg) => n + pg.questions.length, 0)
  const draftStatus = createMemo(() => {
    const v = latest()!
    if (v.status === 'draft') return { label: `Version ${v.version} · Draft`, detail: published() ? `Version ${published()!.version} is live until you publish this draft.` : 'Not published yet: links will not open until you publish.' }
    return { label: `Version ${v.version} · Published`, detail: `Live since ${formatDate(v.publishedAt)}. Saving changes starts version ${v.version + 1} as a draft; answers already given keep their version.` }
  })
  const canPublish = () => dirty() || latest()?.status === 'draft'

  const questionError = (page: number, index: number, field: string) => saver.fieldError(`definition.pages.${page}.questions.${index}.${field}`)

  const save = async (): Promise<boolean> => {
    const result = await saver.run(() => call(api.surveys[':id'].draft.$put({ param: { id: props.surveyId }, json: { definition: unwrap(def) } })), { success: 'Draft saved.' })
    if (!result) {
      focusFirstInvalid(editorEl)
      return false
    }
    setDirty(false)
    props.onChanged()
    return true
  }

  const publish = async () => {
    if (dirty() && !(await save())) return
    saver.clear()
    const result = await publisher.run(() => call(api.surveys[':id'].publish.$post({ param: { id: props.surveyId } })), { success: 'Published: links now show this version.' })
    if (result) props.onChanged()
  }

  const newQuestion = (type: QuestionType) => ({ id: freshQuestionId(def, type), type, text: DEFAULT_TEXT[type], help: '', required: false, standardIds: [] }) as TQuestion

  const addQuestion = (page: number, type: QuestionType) => {
    const q = newQuestion(type)
    edit('pages', page, 'questions', (qs) => [...qs, q])
    setAnnounce(`Question ${numberOf(page, def.pages[page]!.questions.length - 1)} added: ${TYPE_LABEL.get(type)}.`)
    queueMicrotask(() => document.getElementById(`q-${q.id}-text`)?.focus())
  }

  const addPage = (type: QuestionType) => {
    const used = new Set(def.pages.map((pg) => pg.id))
    let n = def.pages.length + 1
    while (used.has(`p${n}`)) n++
    const q = newQuestion(type)
    edit('pages', (pages) => [...pages, { id: `p${n}`, title: '', questions: [q] }])
    setAnnounce(`Page ${def.pages.length} added with one question.`)
    queueMicrotask(() => document.getElementById(`page-${def.pages.length - 1}-title`)?.focus())
  }

  const move = (page: number, index: number, delta: -1 | 1) => {
    const questions = def.pages[page]!.questions
    const target = index + delta
    if (target < 0 || target >= questions.length) return
    const id = questions[index]!.id
    edit(
      'pages',
      page,
      'questions',
      produce((qs) => {
        const [q] = qs.splice(index, 1)
        qs.splice(target, 0, q!)
      }),
    )
    setAnnounce(`Moved to position ${target + 1} of ${questions.length} on this page.`)
    queueMicrotask(() => {
      const atEdge = delta === -1 ? target === 0 : target === def.pages[page]!.questions.length - 1
      document.getElementById(`q-${id}-${atEdge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'}`)?.focus()
    })
  }

  const remove = async (page: number, index: number) => {
    const q = def.pages[page]!.questions[index]!
    const lastOnPage = def.pages[page]!.questions.length === 1
    const ok = await confirmAction({
      title: `Delete question ${numberOf(page, index)}?`,
      message: `“${q.text}” will be removed from the draft${lastOnPage ? `, and page ${page + 1} with it` : ''}. Answers already given to published versions are kept.`,
      confirmLabel: 'Delete question',
      danger: true,
    })
    if (!ok) return
    if (lastOnPage) edit('pages', (pages) => pages.filter((_, i) => i !== page))
    else edit('pages', page, 'questions', (qs) => qs.filter((_, i) => i !== index))
    setAnnounce(`Question deleted. ${questionCount()} questions left.`)
    queueMicrotask(() => document.getElementById(`add-question-${Math.min(page, def.pages.length - 1)}`)?.focus())
  }

  const toggleStandard = (page: number, index: number, standardId: string, on: boolean) =>
    edit('pages', page, 'questions', index, 'standardIds', (ids) => (on ? [...ids.filter((s) => s !== standardId), standardId] : ids.filter((s) => s !== standardId)))

  const discard = async () => {
    const ok = await confirmAction({ title: 'Discard changes?', message: 'The survey goes back to the last saved version.', confirmLabel: 'Discard changes', danger: true })
    if (!ok) return
    setDef(reconcile(structuredClone(latest()!.definition)))
    setDirty(false)
    saver.clear()
  }

  return (
    <Page title={def.title || 'Untitled survey'} lead="Edit the questions, save the draft, then publish it to open the links.">
      <p class="breadcrumb">
        <A href="/surveys">← All surveys</A>
      </p>
      <div class="status-bar card" aria-labelledby="version-status">
        <div>
          <p class="status-line" id="version-status">
            <span class="tag" classList={{ 'tag-live': latest()?.status === 'published', 'tag-draft': latest()?.status === 'draft' }}>
              {draftStatus().label}
            </span>
            <Show when={dirty()}>
              <span class="tag tag-unsaved">Unsaved changes</span>
            </Show>
          </p>
          <p class="hint">{draftStatus().detail}</p>
        </div>
        <Show when={canWrite()}>
          <div class="status-actions">
            <Show when={dirty()}>
              <button type="button" class="button" onClick={discard}>
                Discard changes
              </button>
            </Show>
            <button type="button" class="button" onClick={save} disabled={saver.pending() || !dirty()}>
              {saver.pending() ? 'Saving…' : 'Save draft'}
            </button>
            <button type="button" class="button primary" onClick={publish} disabled={publisher.pending() || saver.pending() || !canPublish()}>
              {publisher.pending() ? 'Publishing…' : 'Publish'}
            </button>
          </div>
        </Show>
      </div>
      <FormFeedback error={saver.error() || publisher.error()} success={saver.success() || publisher.success()} />
      <div class="sr-only" role="status" aria-live="polite">
        {announce()}
      </div>

      <div class="editor-layout">
        <div ref={editorEl} class="editor">
          <section class="card" aria-labelledby="details-title">
            <h2 id="details-title">Survey details</h2>
            <fieldset class="plain" disabled={!canWrite()}>
              <TextField label="Title" value={def.title} onInput={(v) => edit('title', v)} error={saver.fieldError('definition.title')} required maxLength={200} />
              <TextAreaField label="Introduction" value={def.intro} onInput={(v) => edit('intro', v)} error={saver.fieldError('definition.intro')} hint="Shown above the first question. Optional." rows={2} maxLength={2000} />
              <TextAreaField label="Thank-you message" value={def.thankYou} onInput={(v) => edit('thankYou', v)} error={saver.fieldError('definition.thankYou')} rows={2} maxLength={2000} />
            </fieldset>
          </section>

          <section class="card" aria-labelledby="questions-title">
            <h2 id="questions-title">Questions</h2>
            <Index each={def.pages}>
              {(page, p) => (
                <div class="survey-page" role="group" aria-labelledby={`page-${p}-heading`}>
                  <div class="survey-page-head" classList={{ 'sr-only': def.pages.length === 1 }}>
                    <h3 id={`page-${p}-heading`}>
                      Page {p + 1} of {def.pages.length}
                    </h3>
                    <Show when={def.pages.length > 1}>
                      <TextField
                        id={`page-${p}-title`}
                        label={`Title of page ${p + 1}`}
                        value={page().title}
                        onInput={(v) => edit('pages', p, 'title', v)}
                        error={saver.fieldError(`definition.pages.${p}.title`)}
                        hint="Optional, shown above the page's questions."
                        maxLength={200}
                      />
                    </Show>
                  </div>
                  <ol class="question-list" start={numberOf(p, 0)}>
                    <For each={page().questions}>
                      {(q, index) => (
                        <li class="question-card">
                          <fieldset disabled={!canWrite()}>
                            <legend class="question-legend">
                              <span class="question-number">Question {numberOf(p, index())}</span>
                              <span class="question-type">{TYPE_LABEL.get(q.type) ?? q.type}</span>
                              <span class="question-id">id: {q.id}</span>
                            </legend>
                            <TextAreaField
                              id={`q-${q.id}-text`}
                              label="Question text"
                              value={q.text}
                              onInput={(v) => edit('pages', p, 'questions', index(), 'text', v)}
                              error={questionError(p, index(), 'text')}
                              rows={2}
                              maxLength={500}
                            />
                            <TextField
                              label="Help text"
                              value={q.help}
                              onInput={(v) => edit('pages', p, 'questions', index(), 'help', v)}
                              error={questionError(p, index(), 'help')}
                              hint="Optional, shown under the question."
                              maxLength={500}
                            />
                            <CheckboxField label="Answer required" checked={q.required} onChange={(on) => edit('pages', p, 'questions', index(), 'required', on)} />
                            <StandardLinks
                              type={q.type}
                              standards={props.standards}
                              selected={q.standardIds}
                              error={questionError(p, index(), 'standardIds.0')}
                              onToggle={(sid, on) => toggleStandard(p, index(), sid, on)}
                            />
                          </fieldset>
                          <Show when={canWrite()}>
                            <div class="question-actions">
                              <button type="button" id={`q-${q.id}-up`} class="button small" onClick={() => move(p, index(), -1)} disabled={index() === 0}>
                                <span aria-hidden="true">↑ </span>Move up<span class="sr-only"> question {numberOf(p, index())}</span>
                              </button>
                              <button type="button" id={`q-${q.id}-down`} class="button small" onClick={() => move(p, index(), 1)} disabled={index() === page().questions.length - 1}>
                                <span aria-hidden="true">↓ </span>Move down<span class="sr-only"> question {numberOf(p, index())}</span>
                              </button>
                              <button type="button" class="button small subtle-danger" onClick={() => remove(p, index())} disabled={questionCount() === 1}>
                                Delete<span class="sr-only"> question {numberOf(p, index())}</span>
                              </button>
                            </div>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ol>
                  <Show when={canWrite()}>
                    <AddQuestion id={`add-question-${p}`} pageLabel={def.pages.length > 1 ? `page ${p + 1}` : ''} onAdd={(type) => addQuestion(p, type)} />
                  </Show>
                </div>
              )}
            </Index>
            <Show when={canWrite()}>
              <div class="add-page">
                <button type="button" class="button" onClick={() => addPage('comment')}>
                  Add a page
                </button>
                <span class="hint">Respondents see one page at a time, with Next and Back.</span>
              </div>
            </Show>
          </section>
        </div>

        <aside aria-label="Links and versions">
          <SurveyLinks surveyId={props.surveyId} published={!!published()} />

          <section class="card" aria-labelledby="versions-title">
            <h2 id="versions-title">Versions</h2>
            <ul class="version-list">
              <For each={props.versions}>
                {(v) => (
                  <li>
                    <strong>Version {v.version}</strong> · {v.status === 'published' ? `published ${formatDate(v.publishedAt)}` : v.status === 'draft' ? 'draft' : `retired (published ${formatDate(v.publishedAt)})`}
                  </li>
                )}
              </For>
            </ul>
          </section>
        </aside>
      </div>
    </Page>
  )
}

function StandardLinks(props: { type: QuestionType; standards: StandardRow[]; selected: readonly string[]; error?: string; onToggle: (id: string, on: boolean) => void }) {
  const fitting = () => props.standards.filter((s) => questionMeasures(props.type, s.metric) || props.selected.includes(s.id))
  return (
    <Show when={questionMeasuresAnything(props.type) || props.selected.length > 0}>
      <fieldset class="standard-links">
        <legend>Gives evidence for these standards</legend>
        <Show when={fitting().length > 0} fallback={<p class="hint">No standard uses this kind of answer yet. <A href="/standards/new">Create a standard</A> to link it.</p>}>
          <ul class="checkbox-list">
            <For each={fitting()}>
              {(s) => (
                <li>
                  <CheckboxField label={`${s.code} — ${s.title}`} checked={props.selected.includes(s.id)} onChange={(on) => props.onToggle(s.id, on)} />
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={props.error}>
          <p class="field-error">{props.error}</p>
        </Show>
      </fieldset>
    </Show>
  )
}

function AddQuestion(props: { id: string; pageLabel: string; onAdd: (type: QuestionType) => void }) {
  const [type, setType] = createSignal<QuestionType>('csat')
  return (
    <div class="add-question">
      <SelectField
        label={props.pageLabel ? `New question type (${props.pageLabel})` : 'New question type'}
        id={props.id}
        value={type()}
        onChange={(v) => setType(v as QuestionType)}
        options={QUESTION_TYPES.map((t) => ({ value: t.type, label: t.label }))}
      />
      <button type="button" class="button" onClick={() => props.onAdd(type())}>
        Add question
      </button>
    </div>
  )
}
