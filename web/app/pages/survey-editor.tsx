import { A, useNavigate, useParams } from '@solidjs/router'
import { createMemo, createResource, createSignal, For, Index, Show } from 'solid-js'
import { createStore, produce, reconcile, unwrap } from 'solid-js/store'
import { QUESTION_TYPES, ZSurveyDefinition, type QuestionType, type TPage, type TQuestion, type TRule, type TSurveyDefinition } from '../../../shared/survey/definition.ts'
import { questionMeasures, questionMeasuresAnything } from '../../../shared/survey/evidence.ts'
import { api, call, type StandardRow } from '../lib/api.ts'
import { createDraftSave, focusElement, guardUnsavedChanges } from '../lib/draft-editor.ts'
import { createSubmitter } from '../lib/form.ts'
import { formatDate } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { EditorStatusBar } from '../components/editor-status-bar.tsx'
import { CheckboxField, FormFeedback, SelectField, TextAreaField, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { ProblemSummary } from '../components/problem-summary.tsx'
import { issuesByPath, issueSentence, issueTarget } from '../components/builder/issues.ts'
import {
  copyTranslations,
  dependents,
  duplicateQuestion,
  idProblem,
  locate,
  newPage,
  newQuestion,
  prunedTranslations,
  renameQuestion,
  TYPE_LABEL,
  withoutConditionsOn,
} from '../components/builder/model.ts'
import { PreviewPanel } from '../components/builder/preview.tsx'
import { fieldId, IdField, TypeFields } from '../components/builder/question-fields.tsx'
import { RuleEditor, ruleSummary, type RuleTarget } from '../components/builder/rule-editor.tsx'
import { languageLabel, TranslationsPanel } from '../components/builder/translations.tsx'
import { ChangeList, VersionBadge, VersionHistory, type Version } from '../components/builder/versions.tsx'
import { COMMON_LANGUAGES } from '../components/builder/model.ts'
import { SurveyLinks } from './survey-links.tsx'

type Survey = { id: string; title: string; archived_at: string | null }

export function SurveyEditorPage() {
  const params = useParams()
  const [data, { refetch }] = createResource(
    () => params.id,
    async (id) => {
      const [survey, standards] = await Promise.all([call(api.surveys[':id'].$get({ param: { id } })), call(api.standards.$get({ query: {} }))])
      return { survey: survey.survey as Survey, versions: survey.versions as Version[], standards: standards.standards }
    },
  )
  return (
    <AsyncView resource={data} loading="Loading the survey…" onRetry={refetch}>
      {(d) => (
        <Show when={d().survey.id} keyed>
          {(surveyId) => <SurveyEditor surveyId={surveyId} survey={d().survey} versions={d().versions} standards={d().standards} reload={() => Promise.resolve(refetch())} />}
        </Show>
      )}
    </AsyncView>
  )
}

/** Where a dragged question would land. */
type DropSpot = { page: number; index: number }

function SurveyEditor(props: { surveyId: string; survey: Survey; versions: Version[]; standards: StandardRow[]; reload: () => Promise<unknown> }) {
  const navigate = useNavigate()
  const canWrite = () => allowed('surveys:write')
  const latest = () => props.versions[0]!
  const published = () => props.versions.find((v) => v.status === 'published')
  const [def, setDef] = createStore<TSurveyDefinition>(structuredClone(latest().definition))
  const [dirty, setDirty] = createSignal(false)
  /** Counts edits, so the preview knows when to refresh without deep-tracking the store. */
  const [revision, setRevision] = createSignal(0)
  const [announce, setAnnounce] = createSignal('')
  const [dragging, setDragging] = createSignal<string | null>(null)
  const [dropSpot, setDropSpot] = createSignal<DropSpot | null>(null)
  const saver = createSubmitter()
  const publisher = createSubmitter()
  const survey = createSubmitter()
  let summaryEl: HTMLDivElement | undefined

  const edit: typeof setDef = ((...args: unknown[]) => {
    setDirty(true)
    setRevision((n) => n + 1)
    return (setDef as (...a: unknown[]) => void)(...args)
  }) as typeof setDef
  const replace = (next: TSurveyDefinition) => edit(reconcile(next))
  const snapshot = () => structuredClone(unwrap(def)) as TSurveyDefinition

  guardUnsavedChanges({ dirty, setDirty, canSave: canWrite, save: () => save(), message: 'Your changes to this survey have not been saved.' })

  /** Questions in order across pages, numbered as respondents see them. */
  const flat = createMemo(() => def.pages.flatMap((page, p) => page.questions.map((question) => ({ question, page: p }))).map((x, i) => ({ ...x, number: i + 1 })))
  const targetsById = createMemo(() => new Map<string, RuleTarget>(flat().map((x) => [x.question.id, x])))
  const numberOf = (page: number, index: number) => def.pages.slice(0, page).reduce((n, pg) => n + pg.questions.length, 0) + index + 1
  const questionCount = () => flat().length
  const earlierThan = (page: number, index: number): RuleTarget[] => flat().slice(0, numberOf(page, index) - 1)
  const earlierPages = (page: number): RuleTarget[] => flat().filter((x) => x.page < page)

  const status = createMemo(() => {
    const v = latest()
    if (v.status === 'draft')
      return { label: `Version ${v.version} · Draft`, detail: published() ? `Version ${published()!.version} stays live until you publish this draft.` : 'Not published yet: links will not open until you publish.' }
    return { label: `Version ${v.version} · Published`, detail: `Live since ${formatDate(v.publishedAt)}. Saving changes starts version ${v.version + 1} as a draft; answers already given keep their version.` }
  })
  /** Ids answered in the live version: renaming one starts a new question in the results. */
  const liveIds = createMemo(() => new Set(published()?.definition.pages.flatMap((p) => p.questions.map((q) => q.id)) ?? []))
  const canPublish = () => dirty() || latest().status === 'draft'
  const hasDraftOverPublished = () => latest().status === 'draft' && !!published()

  const error = (key: string) => saver.fieldError(`definition.${key}`)
  const questionError = (page: number, index: number) => (field: string) => error(`pages.${page}.questions.${index}.${field}`)
  const issues = () => Object.entries(saver.fieldErrors())

  const showSummary = () => queueMicrotask(() => summaryEl?.focus())

  /** The draft as it would be saved: translations of texts that no longer exist are dropped. */
  const draftToSave = () => {
    const draft = snapshot()
    draft.translations = prunedTranslations(draft)
    return draft
  }
  /** Checks with the shared schema first, then saves; the server's problems land on the same fields. */
  const save = createDraftSave<TSurveyDefinition>({
    saver,
    revision,
    dirty,
    check: () => {
      const draft = draftToSave()
      const parsed = ZSurveyDefinition.safeParse(draft)
      return parsed.success ? { value: draft } : { problems: issuesByPath(parsed.error.issues) }
    },
    write: (draft) => call(api.surveys[':id'].draft.$put({ param: { id: props.surveyId }, json: { definition: draft } })),
    onSaved: async (draft) => {
      // Translations of deleted texts were dropped from what was saved; the editor follows.
      setDef('translations', reconcile(draft.translations))
      setDirty(false)
      await props.reload()
    },
    showSummary,
  })

  const publish = async () => {
    if (dirty() && !(await save())) return
    const result = await publisher.run(() => call(api.surveys[':id'].publish.$post({ param: { id: props.surveyId } })), { success: 'Published: links now show this version.' })
    if (result) {
      saver.clear()
      await props.reload()
    }
  }

  const discardChanges = async () => {
    const ok = await confirmAction({ title: 'Discard unsaved changes?', message: 'The survey goes back to the last saved draft.', confirmLabel: 'Discard changes', danger: true })
    if (!ok) return
    setDef(reconcile(structuredClone(latest().definition)))
    setRevision((n) => n + 1)
    setDirty(false)
    saver.clear()
  }

  const discardDraft = async () => {
    const live = published()
    if (!live) return
    const ok = await confirmAction({
      title: `Discard draft version ${latest().version}?`,
      message: `Every change since version ${live.version} is deleted. Version ${live.version} stays published and links keep showing it.`,
      confirmLabel: 'Discard draft',
      danger: true,
    })
    if (!ok) return
    const done = await publisher.run(() => call(api.surveys[':id'].draft.$delete({ param: { id: props.surveyId } })), { success: `Draft discarded: back to version ${live.version}.` })
    if (!done) return
    await props.reload()
    setDef(reconcile(structuredClone(latest().definition)))
    setRevision((n) => n + 1)
    setDirty(false)
    saver.clear()
  }

  const archive = async () => {
    const ok = await confirmAction({
      title: `Archive “${def.title}”?`,
      message: 'Its links stop taking answers and it moves to the archived surveys. Its results stay, and you can restore it later.',
      confirmLabel: 'Archive survey',
      danger: true,
    })
    if (!ok) return
    if (await survey.run(() => call(api.surveys[':id'].archive.$post({ param: { id: props.surveyId } })), { success: 'Survey archived.' })) await props.reload()
  }
  const restore = async () => {
    if (await survey.run(() => call(api.surveys[':id'].restore.$post({ param: { id: props.surveyId } })), { success: 'Survey restored.' })) await props.reload()
  }

  // ---- questions

  const addQuestion = (page: number, type: QuestionType) => {
    const q = newQuestion(def, type)
    edit('pages', page, 'questions', (qs) => [...qs, q])
    setAnnounce(`Question ${numberOf(page, def.pages[page]!.questions.length - 1)} added: ${TYPE_LABEL.get(type)}.`)
    queueMicrotask(() => focusElement(`q-${q.id}-text`))
  }

  /** Moves a question to any page and position; focus stays on `focusId` (the control that moved it). */
  const moveQuestion = (questionId: string, toPage: number, toIndex: number, focusId?: (id: string) => string) => {
    const from = locate(def, questionId)
    if (!from) return
    let index = toIndex
    if (from.page === toPage && from.index < toIndex) index--
    if (from.page === toPage && from.index === index) return
    edit(
      produce((d: TSurveyDefinition) => {
        const [q] = d.pages[from.page]!.questions.splice(from.index, 1)
        d.pages[toPage]!.questions.splice(index, 0, q!)
      }),
    )
    const count = def.pages[toPage]!.questions.length
    setAnnounce(`Moved to position ${index + 1} of ${count}${def.pages.length > 1 ? ` on page ${toPage + 1}` : ''}. It is now question ${numberOf(toPage, index)}.`)
    if (focusId) queueMicrotask(() => focusElement(focusId(questionId)))
  }

  const move = (page: number, index: number, delta: -1 | 1) => {
    const questions = def.pages[page]!.questions
    const target = index + delta
    if (target < 0 || target >= questions.length) return
    const atEdge = delta === -1 ? target === 0 : target === questions.length - 1
    const button = atEdge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'
    moveQuestion(questions[index]!.id, page, delta === 1 ? target + 1 : target, (id) => `q-${id}-${button}`)
  }

  const duplicate = (page: number, index: number) => {
    const q = def.pages[page]!.questions[index]!
    const copy = duplicateQuestion(def, unwrap(q))
    const translations = copyTranslations(unwrap(def), q.id, copy.id)
    edit(
      produce((d: TSurveyDefinition) => {
        d.pages[page]!.questions.splice(index + 1, 0, copy)
        d.translations = translations
      }),
    )
    setAnnounce(`Question ${numberOf(page, index + 1)} added as a copy of question ${numberOf(page, index)}, with the id ${copy.id}.`)
    queueMicrotask(() => focusElement(`q-${copy.id}-text`))
  }

  const removeQuestion = async (page: number, index: number) => {
    const q = def.pages[page]!.questions[index]!
    const deps = dependents(def, q.id)
    const ok = await confirmAction({
      title: `Delete question ${numberOf(page, index)}?`,
      message: `“${q.text}” will be removed from the draft.${deps.length ? ` Conditions on it are removed from ${deps.join(', ')}.` : ''} Answers already given to published versions are kept.`,
      confirmLabel: 'Delete question',
      danger: true,
    })
    if (!ok) return
    const next = withoutConditionsOn(snapshot(), q.id)
    next.pages[page]!.questions.splice(index, 1)
    replace(next)
    setAnnounce(`Question deleted. ${questionCount()} questions left.`)
    const after = def.pages[page]!.questions[Math.min(index, def.pages[page]!.questions.length - 1)]
    queueMicrotask(() => focusElement(after ? `q-${after.id}-text` : `add-question-${page}`))
  }

  const renameQuestionId = (from: string, to: string) => {
    replace(renameQuestion(snapshot(), from, to))
    setAnnounce(`Question id changed to ${to}.`)
    queueMicrotask(() => focusElement(`q-${to}-qid`))
  }

  const setRule = (page: number, index: number, rule: TRule | undefined) => edit('pages', page, 'questions', index, 'visibleIf', rule ? reconcile(rule) : undefined)

  const toggleStandard = (page: number, index: number, standardId: string, on: boolean) =>
    edit('pages', page, 'questions', index, 'standardIds', (ids) => (on ? [...ids.filter((s) => s !== standardId), standardId] : ids.filter((s) => s !== standardId)))

  // ---- pages

  const addPage = () => {
    const page = newPage(def)
    edit('pages', (pages) => [...pages, page])
    setAnnounce(`Page ${def.pages.length} added. Add its first question.`)
    queueMicrotask(() => focusElement(`page-${def.pages.length - 1}-title`))
  }

  const movePage = (p: number, delta: -1 | 1) => {
    const to = p + delta
    if (to < 0 || to >= def.pages.length) return
    edit(
      'pages',
      produce((pages: TPage[]) => {
        const [page] = pages.splice(p, 1)
        pages.splice(to, 0, page!)
      }),
    )
    setAnnounce(`Page moved to position ${to + 1} of ${def.pages.length}.`)
    const atEdge = to === 0 || to === def.pages.length - 1
    queueMicrotask(() => focusElement(`page-${to}-${atEdge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'}`))
  }

  const removePage = async (p: number) => {
    const page = def.pages[p]!
    if (page.questions.length > 0) {
      const ok = await confirmAction({
        title: `Delete page ${p + 1}?`,
        message: `Its ${page.questions.length === 1 ? 'question is' : `${page.questions.length} questions are`} deleted with it (answers already given to published versions are kept).`,
        confirmLabel: 'Delete page',
        danger: true,
      })
      if (!ok) return
    }
    let next = snapshot()
    for (const q of page.questions) next = withoutConditionsOn(next, q.id)
    next.pages.splice(p, 1)
    replace(next)
    setAnnounce(`Page deleted. ${def.pages.length} ${def.pages.length === 1 ? 'page' : 'pages'} left.`)
    queueMicrotask(() => focusElement(def.pages.length > 1 ? `page-${Math.min(p, def.pages.length - 1)}-title` : 'add-page'))
  }

  // ---- drag and drop (the move buttons do the same by keyboard)

  const onDragOverCard = (e: DragEvent, page: number, index: number) => {
    if (!dragging()) return
    e.preventDefault()
    e.stopPropagation()
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move'
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect()
    const after = e.clientY > rect.top + rect.height / 2
    setDropSpot({ page, index: after ? index + 1 : index })
  }
  const onDragOverList = (e: DragEvent, page: number) => {
    if (!dragging()) return
    e.preventDefault()
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move'
    const spot = dropSpot()
    if (!spot || spot.page !== page) setDropSpot({ page, index: def.pages[page]!.questions.length })
  }
  const onDrop = (e: DragEvent) => {
    const id = dragging()
    const spot = dropSpot()
    if (!id || !spot) return
    e.preventDefault()
    e.stopPropagation()
    moveQuestion(id, spot.page, spot.index, (q) => `q-${q}-drag`)
    setDragging(null)
    setDropSpot(null)
  }
  const endDrag = () => {
    setDragging(null)
    setDropSpot(null)
  }

  const pageLabel = (p: number) => (def.pages[p]?.title ? `Page ${p + 1}: ${def.pages[p]!.title}` : `Page ${p + 1}`)

  return (
    <Page title={def.title || 'Untitled survey'} lead="Build the questions, preview them, save the draft, then publish it to open the links.">
      <p class="breadcrumb">
        <A href="/surveys">← All surveys</A>
      </p>
      <Show when={props.survey.archived_at}>
        <div class="notice" role="note">
          <p>This survey was archived on {formatDate(props.survey.archived_at)}: its links take no answers. Restore it to use it again.</p>
          <Show when={canWrite()}>
            <button type="button" class="button" onClick={restore}>
              Restore survey
            </button>
          </Show>
        </div>
      </Show>
      <EditorStatusBar
        status={latest().status}
        label={status().label}
        detail={status().detail}
        dirty={dirty()}
        canWrite={canWrite()}
        saving={saver.pending()}
        publishing={publisher.pending()}
        canPublish={canPublish()}
        onDiscard={discardChanges}
        onSave={save}
        onPublish={publish}
      />
      <FormFeedback error={saver.error() || publisher.error() || survey.error()} success={saver.success() || publisher.success() || survey.success()} />
      <ProblemSummary
        ref={(el) => (summaryEl = el)}
        issues={issues()}
        sentence={(key, message) => issueSentence(def, key, message)}
        elementId={(key) => issueTarget(def, key).elementId}
        onGoTo={focusElement}
      />
      <div class="sr-only" role="status" aria-live="polite">
        {announce()}
      </div>

      <div class="editor-layout">
        <div class="editor">
          <section class="card" aria-labelledby="details-title">
            <h2 id="details-title">Survey details</h2>
            <fieldset class="plain" disabled={!canWrite()}>
              <TextField id="survey-title" label="Title" value={def.title} onInput={(v) => edit('title', v)} error={error('title')} required maxLength={200} />
              <TextAreaField id="survey-intro" label="Introduction" value={def.intro} onInput={(v) => edit('intro', v)} error={error('intro')} hint="Shown above the first question. Optional." rows={2} maxLength={2000} />
              <TextAreaField id="survey-thank-you" label="Thank-you message" value={def.thankYou} onInput={(v) => edit('thankYou', v)} error={error('thankYou')} rows={2} maxLength={2000} />
              <SelectField
                id="survey-language"
                label="Language of the survey"
                value={def.language}
                onChange={(v) => edit('language', v)}
                options={[...new Set([def.language, ...COMMON_LANGUAGES])].filter((l) => !(l in def.translations) || l === def.language).map((l) => ({ value: l, label: languageLabel(l) }))}
                error={error('language')}
                hint="The language you write the questions in. Add others under Translations."
              />
            </fieldset>
          </section>

          <section class="card" aria-labelledby="questions-title">
            <h2 id="questions-title" tabindex="-1">
              Questions
            </h2>
            <p class="hint">
              Drag a question by its handle, or use Move up and Move down. Each question has an id that keeps its results together across versions; it is made for you and you can change it
              before the first answers arrive.
            </p>
            <Index each={def.pages}>
              {(page, p) => (
                <div class="survey-page" role="group" aria-labelledby={`page-${p}-heading`}>
                  <div class="survey-page-head">
                    <div class="survey-page-title">
                      <h3 id={`page-${p}-heading`}>
                        Page {p + 1} of {def.pages.length}
                        <Show when={page().title}>: {page().title}</Show>
                      </h3>
                      <Show when={canWrite() && def.pages.length > 1}>
                        <div class="question-actions">
                          <button type="button" id={`page-${p}-up`} class="button small" onClick={() => movePage(p, -1)} disabled={p === 0}>
                            <span aria-hidden="true">↑ </span>Move up<span class="sr-only"> page {p + 1}</span>
                          </button>
                          <button type="button" id={`page-${p}-down`} class="button small" onClick={() => movePage(p, 1)} disabled={p === def.pages.length - 1}>
                            <span aria-hidden="true">↓ </span>Move down<span class="sr-only"> page {p + 1}</span>
                          </button>
                          <button type="button" class="button small subtle-danger" onClick={() => removePage(p)}>
                            Delete<span class="sr-only"> page {p + 1}</span>
                          </button>
                        </div>
                      </Show>
                    </div>
                    <fieldset class="plain" disabled={!canWrite()}>
                      <Show when={def.pages.length > 1}>
                        <TextField
                          id={`page-${p}-title`}
                          label={`Title of page ${p + 1}`}
                          value={page().title}
                          onInput={(v) => edit('pages', p, 'title', v)}
                          error={error(`pages.${p}.title`)}
                          hint="Optional, shown above the page's questions."
                          maxLength={200}
                        />
                      </Show>
                      <Show when={p > 0}>
                        <RuleEditor
                          idPrefix={`page-${page().id}-rule`}
                          subject="page"
                          rule={page().visibleIf}
                          targets={earlierPages(p)}
                          error={(f) => error(`pages.${p}.${f}`)}
                          onChange={(rule) => edit('pages', p, 'visibleIf', rule ? reconcile(rule) : undefined)}
                        />
                        <Show when={page().visibleIf}>
                          <p class="rule-summary">{ruleSummary(page().visibleIf, targetsById())}</p>
                        </Show>
                      </Show>
                    </fieldset>
                  </div>
                  <Show when={error(`pages.${p}.questions`)}>
                    <p class="field-error">Page {p + 1} {error(`pages.${p}.questions`)}</p>
                  </Show>
                  <ol class="question-list" classList={{ 'drop-end': dropSpot()?.page === p && dropSpot()?.index === page().questions.length }} start={numberOf(p, 0)} onDragOver={(e) => onDragOverList(e, p)} onDrop={onDrop}>
                    <Show when={page().questions.length === 0}>
                      <li class="empty-page">This page has no questions yet. Add one below, or drag one here.</li>
                    </Show>
                    <For each={page().questions}>
                      {(q, index) => (
                        <li
                          class="question-card"
                          classList={{ dragging: dragging() === q.id, 'drop-before': dropSpot()?.page === p && dropSpot()?.index === index() }}
                          onDragOver={(e) => onDragOverCard(e, p, index())}
                          onDrop={onDrop}
                          data-question-id={q.id}
                        >
                          <QuestionCard
                            question={q}
                            number={numberOf(p, index())}
                            canWrite={canWrite()}
                            standards={props.standards}
                            targets={earlierThan(p, index())}
                            allTargets={targetsById()}
                            error={questionError(p, index())}
                            live={liveIds().has(q.id)}
                            idProblem={(next) => idProblem(def, q.id, next)}
                            onPatch={(patch) => edit('pages', p, 'questions', index(), patch as Partial<TQuestion>)}
                            onRename={(to) => renameQuestionId(q.id, to)}
                            onRule={(rule) => setRule(p, index(), rule)}
                            onToggleStandard={(sid, on) => toggleStandard(p, index(), sid, on)}
                          />
                          <Show when={canWrite()}>
                            <div class="question-actions">
                              <span
                                class="drag-handle"
                                id={`q-${q.id}-drag`}
                                draggable="true"
                                title="Drag to move this question"
                                aria-hidden="true"
                                onDragStart={(e) => {
                                  setDragging(q.id)
                                  e.dataTransfer?.setData('text/plain', q.id)
                                  if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move'
                                  const card = (e.currentTarget as HTMLElement).closest('li')
                                  if (card && e.dataTransfer) e.dataTransfer.setDragImage(card, 24, 24)
                                }}
                                onDragEnd={endDrag}
                              >
                                ⠿ Drag
                              </span>
                              <button type="button" id={`q-${q.id}-up`} class="button small" onClick={() => move(p, index(), -1)} disabled={index() === 0}>
                                <span aria-hidden="true">↑ </span>Move up<span class="sr-only"> question {numberOf(p, index())}</span>
                              </button>
                              <button type="button" id={`q-${q.id}-down`} class="button small" onClick={() => move(p, index(), 1)} disabled={index() === page().questions.length - 1}>
                                <span aria-hidden="true">↓ </span>Move down<span class="sr-only"> question {numberOf(p, index())}</span>
                              </button>
                              <Show when={def.pages.length > 1}>
                                <MoveToPage
                                  questionId={q.id}
                                  number={numberOf(p, index())}
                                  current={p}
                                  pages={def.pages.map((_, i) => pageLabel(i))}
                                  onMove={(to) => moveQuestion(q.id, to, def.pages[to]!.questions.length, (id) => `q-${id}-topage`)}
                                />
                              </Show>
                              <button type="button" class="button small" onClick={() => duplicate(p, index())}>
                                Duplicate<span class="sr-only"> question {numberOf(p, index())}</span>
                              </button>
                              <button type="button" class="button small subtle-danger" onClick={() => removeQuestion(p, index())} disabled={questionCount() === 1}>
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
                <button type="button" id="add-page" class="button" onClick={addPage}>
                  Add a page
                </button>
                <span class="hint">Respondents see one page at a time, with Next and Back. A page can be shown only after certain answers.</span>
              </div>
            </Show>
          </section>

          <TranslationsPanel def={def} disabled={!canWrite()} error={(path) => error(path)} onChange={(t) => edit('translations', reconcile(t))} />
        </div>

        <aside class="editor-side" aria-label="Preview, versions and links">
          <PreviewPanel def={def} version={revision} />

          <Show when={published() && (dirty() || latest().status === 'draft')}>
            <section class="card" aria-labelledby="pending-title">
              <h2 id="pending-title">What publishing will change</h2>
              <p class="hint">
                This draft{dirty() ? ' (with your unsaved edits)' : ''} compared with version {published()!.version}, which is live now. Responses already given stay with version {published()!.version}.
              </p>
              <ChangeList before={published()!.definition} after={def} />
              <Show when={hasDraftOverPublished() && canWrite()}>
                <button type="button" class="button small subtle-danger" onClick={discardDraft}>
                  Discard draft version {latest().version}
                </button>
              </Show>
            </section>
          </Show>

          <VersionHistory versions={props.versions} />

          <SurveyLinks surveyId={props.surveyId} published={!!published()} />

          <Show when={canWrite() && !props.survey.archived_at}>
            <section class="card" aria-labelledby="archive-title">
              <h2 id="archive-title">Archive</h2>
              <p class="hint">Archive a survey you no longer use: its links stop taking answers; its results stay on the dashboard.</p>
              <button
                type="button"
                class="button subtle-danger"
                onClick={async () => {
                  await archive()
                  if (props.survey.archived_at) navigate('/surveys')
                }}
              >
                Archive survey
              </button>
            </section>
          </Show>
        </aside>
      </div>
    </Page>
  )
}

function QuestionCard(props: {
  question: TQuestion
  number: number
  canWrite: boolean
  standards: StandardRow[]
  targets: RuleTarget[]
  allTargets: ReadonlyMap<string, RuleTarget>
  /** Whether the live version has a question with this id. */
  live: boolean
  error: (field: string) => string | undefined
  idProblem: (next: string) => string | null
  onPatch: (patch: Record<string, unknown>) => void
  onRename: (to: string) => void
  onRule: (rule: TRule | undefined) => void
  onToggleStandard: (id: string, on: boolean) => void
}) {
  const q = () => props.question
  return (
    <fieldset disabled={!props.canWrite}>
      <legend class="question-legend">
        <span class="question-number">Question {props.number}</span>
        <span class="question-type">{TYPE_LABEL.get(q().type) ?? q().type}</span>
        <span class="question-id">id: {q().id}</span>
        <Show when={q().required}>
          <span class="tag">Required</span>
        </Show>
      </legend>
      <Show when={q().visibleIf}>
        <p class="rule-summary">{ruleSummary(q().visibleIf, props.allTargets)}</p>
      </Show>
      <TextAreaField id={`q-${q().id}-text`} label="Question text" value={q().text} onInput={(v) => props.onPatch({ text: v })} error={props.error('text')} rows={2} maxLength={500} />
      <TextField id={fieldId(q().id, 'help')} label="Help text" value={q().help} onInput={(v) => props.onPatch({ help: v })} error={props.error('help')} hint="Optional, shown under the question." maxLength={500} />
      <CheckboxField label="Answer required" checked={q().required} onChange={(on) => props.onPatch({ required: on })} hint="Only when the question is shown." />
      <TypeFields question={q()} error={props.error} onPatch={props.onPatch} />
      <RuleEditor idPrefix={`q-${q().id}-rule`} subject="question" rule={q().visibleIf} targets={props.targets} error={props.error} onChange={props.onRule} />
      <StandardLinks type={q().type} standards={props.standards} selected={q().standardIds} error={props.error('standardIds.0') ?? props.error('standardIds')} onToggle={props.onToggleStandard} />
      <IdField
        id={`q-${q().id}-qid`}
        label="Question id"
        value={q().id}
        hint={
          props.live
            ? 'The published version has this id: its answers and the answers to later versions are counted as one question. Changing it starts a new question in the results.'
            : 'Answers to the same id are counted as one question across versions, so keep it when you only reword the question.'
        }
        error={props.error('id')}
        check={props.idProblem}
        onCommit={props.onRename}
      />
    </fieldset>
  )
}

function MoveToPage(props: { questionId: string; number: number; current: number; pages: string[]; onMove: (page: number) => void }) {
  const options = () => props.pages.map((label, i) => ({ label, i })).filter((x) => x.i !== props.current)
  const [to, setTo] = createSignal<number | null>(null)
  const target = () => to() ?? options()[0]?.i ?? 0
  return (
    <span class="move-to-page">
      <label class="sr-only" for={`q-${props.questionId}-topage`}>
        Page to move question {props.number} to
      </label>
      <select id={`q-${props.questionId}-topage`} value={String(target())} onChange={(e) => setTo(Number(e.currentTarget.value))}>
        <For each={options()}>
          {(o) => (
            <option value={String(o.i)} selected={o.i === target()}>
              {o.label}
            </option>
          )}
        </For>
      </select>
      <button
        type="button"
        class="button small"
        onClick={() => {
          props.onMove(target())
          setTo(null)
        }}
      >
        Move to page<span class="sr-only"> (question {props.number})</span>
      </button>
    </span>
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
        Add question<span class="sr-only">{props.pageLabel ? ` to ${props.pageLabel}` : ''}</span>
      </button>
    </div>
  )
}

