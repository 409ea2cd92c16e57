import { createEffect, createMemo, createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js'
import { createStore, reconcile, unwrap } from 'solid-js/store'
import type { TQuestion, TSurveyDefinition } from '../../shared/survey/definition.ts'
import { loadSurvey, submitResponse, type SubmitResult } from './api.ts'
import { Question, TEXT_LIMITS } from './questions.tsx'
import { clearSaved, newClientId, readSaved, writeSaved, type AnswerValue, type SavedSurvey } from './storage.ts'

type View =
  | { kind: 'loading' }
  | { kind: 'answering' }
  | { kind: 'sending' }
  | { kind: 'queued'; reason: 'offline' | 'server' }
  | { kind: 'done' }
  | { kind: 'unavailable'; title: string; message: string; organisation?: string }
  | { kind: 'unreachable' }

const RETRY_MS = 30_000

function isEmpty(v: AnswerValue | undefined): boolean {
  return v === undefined || (typeof v === 'string' && v.trim() === '')
}

function problemFor(q: TQuestion, v: AnswerValue | undefined): string | undefined {
  if (isEmpty(v)) return q.required ? 'Please answer this question.' : undefined
  if (q.type === 'short_text' || q.type === 'comment') {
    const limit = TEXT_LIMITS[q.type]
    if (typeof v === 'string' && v.length > limit) return `Please keep this to ${limit} characters or fewer.`
  }
  return undefined
}

/** The customer's side of a survey link: answer page by page, nothing lost to a reload or a bad connection. */
export function RespondentApp(props: { token: string }) {
  const [view, setView] = createSignal<View>({ kind: 'loading' })
  const [survey, setSurvey] = createSignal<{ organisation: string; versionId: string; definition: TSurveyDefinition } | null>(null)
  const [answers, setAnswers] = createStore<Record<string, AnswerValue>>({})
  const [errors, setErrors] = createStore<Record<string, string | undefined>>({})
  const [page, setPage] = createSignal(0)
  const [formError, setFormError] = createSignal('')
  let clientId = ''
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let mainHeading: HTMLHeadingElement | undefined

  const definition = () => survey()?.definition
  const pages = () => definition()?.pages ?? []
  const currentPage = () => pages()[page()]
  const allQuestions = createMemo(() => pages().flatMap((p) => p.questions))
  const answeredCount = () => allQuestions().filter((q) => !isEmpty(answers[q.id])).length
  const isLastPage = () => page() >= pages().length - 1
  const pageErrorCount = () => (currentPage()?.questions ?? []).filter((q) => errors[q.id]).length

  createEffect(() => {
    const d = definition()
    if (d) {
      document.documentElement.lang = d.language
      document.title = d.title
    }
  })

  const persist = (queued: boolean) => {
    const s = survey()
    if (!s) return
    if (!clientId) clientId = newClientId()
    const saved: SavedSurvey = { versionId: s.versionId, clientId, answers: { ...unwrap(answers) }, page: page(), queued, organisation: s.organisation, definition: s.definition }
    writeSaved(props.token, saved)
  }

  const answer = (q: TQuestion, value: AnswerValue | undefined) => {
    setAnswers(q.id, value as AnswerValue)
    if (errors[q.id]) setErrors(q.id, problemFor(q, value))
    persist(false)
  }

  const focusFirstError = (questions: readonly TQuestion[]) => {
    const first = questions.find((q) => errors[q.id])
    if (!first) return
    queueMicrotask(() => {
      const box = document.getElementById(`q-${first.id}`)
      const target = box?.querySelector<HTMLInputElement>('input:checked') ?? box?.querySelector<HTMLElement>('input, textarea')
      target?.focus()
    })
  }

  /** Checks the current page; shows each problem beside its question and focuses the first. */
  const checkPage = (): boolean => {
    const questions = currentPage()?.questions ?? []
    let ok = true
    for (const q of questions) {
      const problem = problemFor(q, answers[q.id])
      setErrors(q.id, problem)
      if (problem) ok = false
    }
    if (!ok) focusFirstError(questions)
    return ok
  }

  const goToPage = (index: number) => {
    setPage(index)
    persist(false)
    window.scrollTo(0, 0)
    queueMicrotask(() => (document.querySelector<HTMLElement>('.page-title') ?? document.querySelector<HTMLElement>('h1'))?.focus())
  }

  const applyResult = (result: SubmitResult) => {
    clearTimeout(retryTimer)
    switch (result.outcome) {
      case 'sent':
        clearSaved(props.token)
        setView({ kind: 'done' })
        break
      case 'offline':
      case 'retry-later': {
        const reason = result.outcome === 'offline' || !navigator.onLine ? 'offline' : 'server'
        setView({ kind: 'queued', reason })
        retryTimer = setTimeout(() => void send(), RETRY_MS)
        break
      }
      case 'closed':
        clearSaved(props.token)
        setView({ kind: 'unavailable', title: 'This survey has closed', message: result.message, organisation: survey()?.organisation })
        break
      case 'invalid-link':
        clearSaved(props.token)
        setView({ kind: 'unavailable', title: 'This link does not work', message: result.message })
        break
      case 'rejected': {
        persist(false)
        setView({ kind: 'answering' })
        const problems = Object.entries(result.answerErrors)
        if (problems.length === 0) {
          setFormError(result.message)
          return
        }
        for (const [qid, message] of problems) setErrors(qid, message.startsWith('is required') ? 'Please answer this question.' : `This answer ${message}.`)
        const firstPage = pages().findIndex((p) => p.questions.some((q) => errors[q.id]))
        if (firstPage >= 0) setPage(firstPage)
        focusFirstError(currentPage()?.questions ?? [])
        break
      }
    }
  }

  let sending = false
  const send = async () => {
    const s = survey()
    if (!s || sending) return
    sending = true
    persist(true)
    setView({ kind: 'sending' })
    setFormError('')
    const result = await submitResponse(props.token, { clientId, versionId: s.versionId, language: s.definition.language, answers: cleanAnswers() })
    sending = false
    applyResult(result)
  }

  const cleanAnswers = () => {
    const out: Record<string, AnswerValue> = {}
    for (const q of allQuestions()) {
      const v = answers[q.id]
      if (!isEmpty(v)) out[q.id] = typeof v === 'string' ? v.trim() : v!
    }
    return out
  }

  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault()
    setFormError('')
    if (!checkPage()) return
    if (!isLastPage()) return goToPage(page() + 1)
    void send()
  }

  const restore = (saved: SavedSurvey | null, versionId: string) => {
    if (!saved) return
    clientId = saved.clientId
    // Question ids are stable across versions, so answers carry over to a newer version.
    const known = new Set(allQuestions().map((q) => q.id))
    setAnswers(reconcile(Object.fromEntries(Object.entries(saved.answers).filter(([id]) => known.has(id)))))
    setPage(Math.min(Math.max(0, saved.page), Math.max(0, pages().length - 1)))
    if (saved.versionId !== versionId) persist(false)
  }

  onMount(async () => {
    if (!props.token) {
      setView({ kind: 'unavailable', title: 'This link does not work', message: 'This survey link is not valid. Please check the address.' })
      return
    }
    const saved = readSaved(props.token)
    if (saved?.queued) {
      // A submission that never got through: send it before anything else.
      setSurvey({ organisation: saved.organisation, versionId: saved.versionId, definition: saved.definition })
      restore(saved, saved.versionId)
      void send()
      return
    }
    const loaded = await loadSurvey(props.token)
    if (loaded.state === 'open') {
      setSurvey({ organisation: loaded.organisation, versionId: loaded.versionId, definition: loaded.definition })
      restore(saved, loaded.versionId)
      setView({ kind: 'answering' })
    } else if (loaded.state === 'unreachable') {
      if (saved) {
        // Offline with answers already on this device: carry on, the answers will be sent later.
        setSurvey({ organisation: saved.organisation, versionId: saved.versionId, definition: saved.definition })
        restore(saved, saved.versionId)
        setView({ kind: 'answering' })
      } else setView({ kind: 'unreachable' })
    } else if (loaded.state === 'invalid') {
      setView({ kind: 'unavailable', title: 'This link does not work', message: loaded.message })
    } else {
      const titles = { paused: 'This survey is paused', closed: 'This survey has closed', unpublished: 'This survey is not open yet' }
      setView({ kind: 'unavailable', title: titles[loaded.state], message: loaded.message, organisation: loaded.organisation })
    }
  })

  const onOnline = () => {
    if (view().kind === 'queued') void send()
  }
  window.addEventListener('online', onOnline)
  onCleanup(() => {
    window.removeEventListener('online', onOnline)
    clearTimeout(retryTimer)
  })

  createEffect(() => {
    const k = view().kind
    if (k === 'done' || k === 'unavailable' || k === 'queued') queueMicrotask(() => mainHeading?.focus())
  })

  return (
    <Switch>
      <Match when={view().kind === 'loading'}>
        <div class="panel">
          <h1 class="visually-quiet">Survey</h1>
          <p class="status-text" role="status">
            Loading the survey…
          </p>
        </div>
      </Match>

      <Match when={view().kind === 'unreachable'}>
        <div class="panel">
          <h1 tabindex="-1" ref={mainHeading}>
            We could not load the survey
          </h1>
          <p>Please check your internet connection and try again.</p>
          <button type="button" class="btn btn-primary" onClick={() => location.reload()}>
            Try again
          </button>
        </div>
      </Match>

      <Match when={view().kind === 'unavailable' ? (view() as Extract<View, { kind: 'unavailable' }>) : undefined}>
        {(v) => (
          <div class="panel panel-centre">
            <Show when={v().organisation}>
              <p class="org">{v().organisation}</p>
            </Show>
            <h1 tabindex="-1" ref={mainHeading}>
              {v().title}
            </h1>
            <p class="lead">{v().message}</p>
            <p class="muted">You can close this page.</p>
          </div>
        )}
      </Match>

      <Match when={view().kind === 'done'}>
        <div class="panel panel-centre">
          <p class="org">{survey()?.organisation}</p>
          <div class="tick" aria-hidden="true">
            ✓
          </div>
          <h1 tabindex="-1" ref={mainHeading}>
            Thank you
          </h1>
          <p class="lead">{definition()?.thankYou}</p>
          <p class="muted">You can close this page.</p>
        </div>
      </Match>

      <Match when={view().kind === 'queued' ? (view() as Extract<View, { kind: 'queued' }>) : undefined}>
        {(v) => (
          <div class="panel panel-centre">
            <p class="org">{survey()?.organisation}</p>
            <h1 tabindex="-1" ref={mainHeading}>
              Your answers are saved
            </h1>
            <p class="lead" role="status">
              {v().reason === 'offline'
                ? 'You’re offline — your answers are saved and will be sent when you’re back online.'
                : 'We couldn’t send your answers just now. They are saved on this device and we’ll try again shortly.'}
            </p>
            <button type="button" class="btn" onClick={() => void send()}>
              Try sending now
            </button>
          </div>
        )}
      </Match>

      <Match when={view().kind === 'answering' || view().kind === 'sending'}>
        <div class="panel">
          <header class="survey-header">
            <p class="org">{survey()?.organisation}</p>
            <h1 tabindex="-1">{definition()?.title}</h1>
            <Show when={page() === 0 && definition()?.intro}>
              <p class="intro">{definition()?.intro}</p>
            </Show>
          </header>
          <div class="progress">
            <div
              class="progress-track"
              role="progressbar"
              aria-label="Survey progress"
              aria-valuemin={0}
              aria-valuemax={allQuestions().length}
              aria-valuenow={answeredCount()}
              aria-valuetext={`${answeredCount()} of ${allQuestions().length} questions answered`}
            >
              <div class="progress-fill" style={{ width: `${allQuestions().length ? (answeredCount() / allQuestions().length) * 100 : 0}%` }} />
            </div>
            <p class="progress-text" aria-hidden="true">
              <Show when={pages().length > 1}>
                Page {page() + 1} of {pages().length} ·{' '}
              </Show>
              {answeredCount()} of {allQuestions().length} answered
            </p>
          </div>
          <form onSubmit={onSubmit} novalidate>
            <Show when={currentPage()?.title}>
              <h2 class="page-title" tabindex="-1">
                {currentPage()?.title}
              </h2>
            </Show>
            <For each={currentPage()?.questions ?? []}>
              {(q) => <Question question={q} value={answers[q.id]} error={errors[q.id]} onAnswer={(v) => answer(q, v)} />}
            </For>
            <div role="alert" class="form-alert-slot">
              <Show when={formError()}>
                <p class="form-alert">{formError()}</p>
              </Show>
              <Show when={pageErrorCount() > 0}>
                <p class="form-alert" id="page-errors">
                  {pageErrorCount() === 1 ? 'One question above needs your attention.' : `${pageErrorCount()} questions above need your attention.`}
                </p>
              </Show>
            </div>
            <div class="actions">
              <Show when={page() > 0}>
                <button type="button" class="btn" onClick={() => goToPage(page() - 1)}>
                  Back
                </button>
              </Show>
              <button type="submit" class="btn btn-primary" disabled={view().kind === 'sending'} aria-describedby={pageErrorCount() > 0 ? 'page-errors' : undefined}>
                {view().kind === 'sending' ? 'Sending…' : isLastPage() ? 'Submit' : 'Next'}
              </button>
            </div>
            <p class="privacy">Your answers help {survey()?.organisation} improve its service.</p>
          </form>
        </div>
      </Match>
    </Switch>
  )
}
