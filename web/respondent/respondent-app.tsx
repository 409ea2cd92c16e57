import { batch, createEffect, createMemo, createSignal, ErrorBoundary, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js'
import { createStore, reconcile, unwrap } from 'solid-js/store'
import type { TQuestion, TSurveyDefinition } from '../../shared/survey/definition.ts'
import { checkAnswers, type AnswerValue } from '../../shared/survey/answers.ts'
import { isAnswered, visibility } from '../../shared/survey/logic.ts'
import { chooseLanguage, isRtl, languageName, localise, surveyLanguages } from '../../shared/survey/i18n.ts'
import { loadSurvey, sendEvent, submitResponse, type LinkSettings, type Refusal, type Submission, type SubmitResult } from './api.ts'
import { friendlyMessage } from './messages.ts'
import { listenForPreview, withDefaults, type PreviewMessage } from './preview.ts'
import { focusQuestion, Question } from './questions.tsx'
import { CHROME_LANGUAGES, chromeLanguage, chromeStrings, fill } from './strings.ts'
import { clearSaved, newClientId, readOutbox, readSaved, writeOutbox, writeSaved, type Outgoing, type SavedSurvey } from './storage.ts'

type Unavailable = Refusal | 'invalid'

type View =
  | { kind: 'loading' }
  | { kind: 'waiting' }
  | { kind: 'answering' }
  | { kind: 'sending' }
  | { kind: 'queued'; reason: 'offline' | 'server' | 'busy' }
  | { kind: 'done' }
  | { kind: 'unavailable'; state: Unavailable; organisation?: string }
  | { kind: 'unreachable' }

/** First retry after 5 s, doubling to at most 5 minutes; the `online` event retries at once. */
const retryDelay = (attempt: number) => Math.min(5_000 * 2 ** attempt, 300_000)

/** Kiosk timings: the thank-you stays this long, input stops this long before asking, the question waits this long. */
const KIOSK_RESET_S = 8
const KIOSK_IDLE_MS = 90_000
const KIOSK_PROMPT_S = 20
const REDIRECT_S = 5

const browserLanguages = () => (navigator.languages?.length ? navigator.languages : [navigator.language || 'en'])

/**
 * The customer's side of a survey link: one page at a time, questions shown and hidden by the
 * survey's logic as they answer, checked with the same rules as the server, in their language,
 * and nothing lost to a reload or a dropped connection. With `preview`, the builder's draft is
 * shown instead (see preview.ts) and nothing is stored or sent.
 */
export function RespondentApp(props: { token: string; preview: boolean }) {
  const [view, setView] = createSignal<View>({ kind: props.preview ? 'waiting' : 'loading' })
  const [survey, setSurvey] = createSignal<{ organisation: string; versionId: string; definition: TSurveyDefinition } | null>(null)
  const [answers, setAnswers] = createStore<Record<string, AnswerValue | undefined>>({})
  /** The shared check's message per question; shown in the reader's words by friendlyMessage. */
  const [errors, setErrors] = createStore<Record<string, string | undefined>>({})
  const [pageId, setPageId] = createSignal('')
  const [language, setLanguage] = createSignal(chromeLanguage(chooseLanguage(CHROME_LANGUAGES, browserLanguages())))
  const [formError, setFormError] = createSignal('')
  const [link, setLink] = createSignal<LinkSettings | undefined>()
  /** Seconds left on the thank-you's countdown (kiosk reset or redirect), the idle question's, and whether the response waits on the device. */
  const [countdown, setCountdown] = createSignal(0)
  const [idleLeft, setIdleLeft] = createSignal(0)
  const [savedOnDevice, setSavedOnDevice] = createSignal(false)
  let clientId = ''
  let started = false
  let reached = new Set<string>()
  let outbox: Outgoing[] = []
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let attempt = 0
  let mainHeading: HTMLHeadingElement | undefined

  const definition = () => survey()?.definition
  const languages = createMemo(() => (definition() ? surveyLanguages(definition()!) : []))
  const local = createMemo(() => (definition() ? localise(definition()!, language()) : undefined))
  const t = createMemo(() => chromeStrings(language()))
  const vis = createMemo(() => visibility(definition() ?? { pages: [] }, answers))
  const pagesShown = () => vis().pages
  /** Where the reader is among the pages shown; a page that stopped showing falls back to the one before it. */
  const pageIndex = createMemo(() => {
    const shown = pagesShown()
    const i = shown.indexOf(pageId())
    if (i >= 0) return i
    const all = definition()?.pages.map((p) => p.id) ?? []
    const at = all.indexOf(pageId())
    let best = 0
    shown.forEach((id, k) => {
      if (all.indexOf(id) <= at) best = k
    })
    return best
  })
  const currentPage = () => local()?.pages.find((p) => p.id === pagesShown()[pageIndex()])
  const pageQuestions = () => (currentPage()?.questions ?? []).filter((q) => vis().questions.has(q.id))
  const shownQuestions = () => (local()?.pages ?? []).flatMap((p) => p.questions).filter((q) => vis().questions.has(q.id))
  const answeredCount = () => shownQuestions().filter((q) => isAnswered(answers[q.id])).length
  const isLastPage = () => pageIndex() >= pagesShown().length - 1
  const pageProblems = () => pageQuestions().filter((q) => errors[q.id])
  const kiosk = () => !props.preview && !!link()?.kiosk
  const redirectUrl = () => {
    const url = link()?.redirectUrl
    return !props.preview && !kiosk() && url && url.startsWith('https://') ? url : undefined
  }
  const message = (q: TQuestion) => (errors[q.id] ? friendlyMessage(q, errors[q.id]!, t(), language()) : undefined)

  createEffect(() => {
    const root = document.documentElement
    root.lang = language()
    root.dir = isRtl(language()) ? 'rtl' : 'ltr'
    if (local()?.title) document.title = local()!.title
  })

  const persist = (queued: boolean) => {
    const s = survey()
    if (!s || props.preview) return
    if (!clientId) clientId = newClientId()
    const saved: SavedSurvey = { versionId: s.versionId, clientId, answers: { ...(unwrap(answers) as Record<string, AnswerValue>) }, page: pagesShown()[pageIndex()] ?? '', language: language(), queued, organisation: s.organisation, definition: s.definition, reached: [...reached], link: link() }
    writeSaved(props.token, saved)
  }

  /** The shared check over what is shown: answers of questions hidden by the logic are left out, as the server requires. */
  const check = () => {
    const def = definition() ?? { pages: [] }
    return checkAnswers(def, visibility(def, unwrap(answers)).effective)
  }

  const showProblems = (questions: readonly TQuestion[]): boolean => {
    const problems = new Map(check().problems.map((p) => [p.questionId, p.message]))
    batch(() => {
      for (const q of questions) setErrors(q.id, problems.get(q.id))
    })
    return questions.every((q) => !problems.has(q.id))
  }

  const answer = (q: TQuestion, value: AnswerValue | undefined) => {
    // Replaced, not merged: a choice answer that drops "Other" must lose its `other` text.
    setAnswers({ [q.id]: value })
    if (!started && !props.preview) {
      started = true
      sendEvent(props.token, 'start')
    }
    // A shown error is re-checked as the answer changes, so it clears the moment it is fixed.
    if (errors[q.id]) showProblems([q])
    persist(false)
  }

  const focusFirstProblem = () => {
    const first = pageQuestions().find((q) => errors[q.id])
    if (first) queueMicrotask(() => focusQuestion(first.id))
  }

  const focusPageStart = () =>
    queueMicrotask(() => (document.querySelector<HTMLElement>('.page-title') ?? document.querySelector<HTMLElement>('h1'))?.focus())

  const goToPage = (id: string) => {
    setPageId(id)
    persist(false)
    window.scrollTo(0, 0)
    focusPageStart()
  }

  const retry = () => {
    clearTimeout(retryTimer)
    retryTimer = setTimeout(() => void send(), retryDelay(attempt++))
  }

  const applyResult = (result: SubmitResult, sent: Submission) => {
    clearTimeout(retryTimer)
    switch (result.outcome) {
      case 'sent':
        attempt = 0
        clearSaved(props.token)
        setSavedOnDevice(false)
        setView({ kind: 'done' })
        break
      case 'offline':
      case 'retry-later':
        if (kiosk()) {
          // The next customer should not wait for the connection: the response waits in the outbox.
          outbox.push(sent)
          writeOutbox(props.token, outbox)
          clearSaved(props.token)
          setSavedOnDevice(true)
          setView({ kind: 'done' })
          scheduleFlush()
          break
        }
        setView({ kind: 'queued', reason: result.outcome === 'offline' || !navigator.onLine ? 'offline' : result.busy ? 'busy' : 'server' })
        retry()
        break
      case 'closed': {
        // Paused, not open yet or full may change: the answers stay on the device for then.
        if (result.state === 'paused' || result.state === 'scheduled' || result.state === 'unpublished' || result.state === 'full') persist(false)
        else clearSaved(props.token)
        setView({ kind: 'unavailable', state: result.state, organisation: survey()?.organisation })
        break
      }
      case 'invalid-link':
        clearSaved(props.token)
        setView({ kind: 'unavailable', state: 'invalid' })
        break
      case 'rejected': {
        persist(false)
        setView({ kind: 'answering' })
        const problems = Object.entries(result.answerErrors)
        if (problems.length === 0) return setFormError(result.message)
        batch(() => {
          for (const [id, m] of problems) setErrors(id, m)
        })
        const first = pagesShown().find((id) => definition()?.pages.find((p) => p.id === id)?.questions.some((q) => errors[q.id]))
        if (first) setPageId(first)
        focusFirstProblem()
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
    const body: Submission = { clientId, versionId: s.versionId, language: language(), answers: check().answers }
    const result = await submitResponse(props.token, body)
    sending = false
    applyResult(result, body)
  }

  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let flushAttempt = 0
  let flushing = false
  const scheduleFlush = () => {
    clearTimeout(flushTimer)
    flushTimer = setTimeout(() => void flushOutbox(), retryDelay(flushAttempt++))
  }
  /** Sends the responses a kiosk kept while offline, oldest first; one the server refuses for good is dropped. */
  const flushOutbox = async () => {
    if (flushing || outbox.length === 0) return
    flushing = true
    clearTimeout(flushTimer)
    while (outbox.length) {
      const result = await submitResponse(props.token, outbox[0]!)
      if (result.outcome === 'offline' || result.outcome === 'retry-later') {
        scheduleFlush()
        break
      }
      outbox.shift()
      writeOutbox(props.token, outbox)
      flushAttempt = 0
    }
    flushing = false
  }

  /** A kiosk's next customer: a fresh response (new clientId), first page, the browser's language. */
  const startNext = () => {
    clientId = newClientId()
    started = false
    reached = new Set()
    clearSaved(props.token)
    const def = definition()
    batch(() => {
      setAnswers(reconcile({}))
      setErrors(reconcile({}))
      setFormError('')
      setIdleLeft(0)
      setSavedOnDevice(false)
      if (def) setLanguage(chooseLanguage(surveyLanguages(def), browserLanguages()))
      setPageId(def?.pages[0]?.id ?? '')
      setView({ kind: 'answering' })
    })
    window.scrollTo(0, 0)
    focusPageStart()
  }

  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault()
    setFormError('')
    if (!showProblems(pageQuestions())) return focusFirstProblem()
    if (!isLastPage()) return goToPage(pagesShown()[pageIndex() + 1]!)
    // Every shown page was checked on its way here; this catches a page skipped by a changed answer.
    const left = check().problems
    if (left.length) {
      const firstPage = definition()!.pages.find((p) => p.questions.some((q) => q.id === left[0]!.questionId))
      if (firstPage) setPageId(firstPage.id)
      showProblems(pageQuestions())
      return focusFirstProblem()
    }
    if (props.preview) return setView({ kind: 'done' })
    void send()
  }

  const startAgain = () => {
    batch(() => {
      setAnswers(reconcile({}))
      setErrors(reconcile({}))
      setPageId(pagesShown()[0] ?? '')
      setView({ kind: 'answering' })
    })
    focusPageStart()
  }

  const openSurvey = (s: { organisation: string; versionId: string; definition: TSurveyDefinition; link?: LinkSettings }, saved: SavedSurvey | null, preferred?: string) => {
    const available = surveyLanguages(s.definition)
    const lang = preferred && available.includes(preferred) ? preferred : chooseLanguage(available, browserLanguages())
    batch(() => {
      setSurvey({ organisation: s.organisation, versionId: s.versionId, definition: s.definition })
      setLink(s.link ?? saved?.link)
      setLanguage(lang)
      if (!saved) {
        setPageId(s.definition.pages[0]?.id ?? '')
        return
      }
      clientId = saved.clientId
      reached = new Set(saved.reached ?? [])
      started = Object.keys(saved.answers).length > 0
      // Question ids are stable across versions, so answers carry over to a newer version.
      const known = new Set(s.definition.pages.flatMap((p) => p.questions.map((q) => q.id)))
      setAnswers(reconcile(Object.fromEntries(Object.entries(saved.answers).filter(([id]) => known.has(id)))))
      const page = typeof saved.page === 'number' ? s.definition.pages[saved.page]?.id : saved.page
      setPageId(page ?? s.definition.pages[0]?.id ?? '')
    })
    if (saved && saved.versionId !== s.versionId) persist(false)
  }

  const chooseReaderLanguage = (lang: string) => {
    setLanguage(lang)
    persist(view().kind === 'queued')
  }

  let resetPreviewError: (() => void) | undefined
  const showPreview = (m: PreviewMessage) => {
    const def = withDefaults(m.definition)
    const typeOf = (d: TSurveyDefinition | undefined) => new Map((d?.pages ?? []).flatMap((p) => p.questions.map((q) => [q.id, q.type] as const)))
    const before = typeOf(definition())
    // An answer stays only while its question exists with the same type (a number does not answer a choice).
    const known = new Set([...typeOf(def)].filter(([id, type]) => !before.has(id) || before.get(id) === type).map(([id]) => id))
    const keepLanguage = surveyLanguages(def).includes(language()) && survey() ? language() : undefined
    batch(() => {
      const page = pageId()
      openSurvey({ organisation: m.organisation ?? '', versionId: 'preview', definition: def }, null, m.language ?? keepLanguage)
      // The page being looked at stays when it still exists; answers to removed questions go.
      if (def.pages.some((p) => p.id === page)) setPageId(page)
      for (const id of Object.keys(unwrap(answers))) if (!known.has(id)) setAnswers(id, undefined)
      if (view().kind === 'waiting') setView({ kind: 'answering' })
    })
    resetPreviewError?.()
  }

  onMount(async () => {
    if (props.preview) {
      onCleanup(listenForPreview(showPreview))
      return
    }
    if (!props.token) return setView({ kind: 'unavailable', state: 'invalid' })
    const saved = readSaved(props.token)
    if (saved?.queued) {
      // A submission that never got through: send it before anything else.
      openSurvey({ organisation: saved.organisation, versionId: saved.versionId, definition: saved.definition }, saved, saved.language)
      void send()
      outbox = readOutbox(props.token)
      void flushOutbox()
      return
    }
    outbox = readOutbox(props.token)
    void flushOutbox()
    const loaded = await loadSurvey(props.token)
    if (loaded.state === 'open') {
      openSurvey(loaded, saved, saved?.language)
      setView({ kind: 'answering' })
    } else if (loaded.state === 'unreachable') {
      if (saved) {
        // Offline with answers already on this device: carry on, the answers will be sent later.
        openSurvey({ organisation: saved.organisation, versionId: saved.versionId, definition: saved.definition }, saved, saved.language)
        setView({ kind: 'answering' })
      } else setView({ kind: 'unreachable' })
    } else if (loaded.state === 'invalid') {
      setView({ kind: 'unavailable', state: 'invalid' })
    } else {
      setView({ kind: 'unavailable', state: loaded.state, organisation: loaded.organisation })
    }
  })

  const onOnline = () => {
    flushAttempt = 0
    void flushOutbox()
    if (view().kind === 'queued') {
      attempt = 0
      void send()
    }
  }
  window.addEventListener('online', onOnline)
  onCleanup(() => {
    window.removeEventListener('online', onOnline)
    clearTimeout(retryTimer)
    clearTimeout(flushTimer)
  })

  // Each question counts once as reached, when first shown, for the link's drop-off statistics.
  createEffect(() => {
    if (props.preview || view().kind !== 'answering') return
    let added = false
    for (const q of pageQuestions()) {
      if (reached.has(q.id)) continue
      reached.add(q.id)
      added = true
      sendEvent(props.token, 'reach', q.id)
    }
    // Kept with the answers, so a reload does not count them again; nothing is kept before a first answer.
    if (added && started) persist(false)
  })

  // After the thank-you: a kiosk starts again for the next customer; a link with a redirect goes there.
  createEffect(() => {
    if (view().kind !== 'done' || (!kiosk() && !redirectUrl())) return
    setCountdown(kiosk() ? KIOSK_RESET_S : REDIRECT_S)
    const timer = setInterval(() => {
      // Below zero: the customer chose to stay.
      if (countdown() < 0) return clearInterval(timer)
      const left = countdown() - 1
      setCountdown(left)
      if (left > 0) return
      clearInterval(timer)
      if (kiosk()) startNext()
      else location.assign(redirectUrl()!)
    }, 1000)
    onCleanup(() => clearInterval(timer))
  })

  // A kiosk left mid-survey asks whether anyone is still there, then starts again for the next customer.
  let idleTimer: ReturnType<typeof setTimeout> | undefined
  let promptTimer: ReturnType<typeof setInterval> | undefined
  let idleDialog: HTMLDialogElement | undefined
  const midSurvey = () => view().kind === 'answering' && (answeredCount() > 0 || pageIndex() > 0)
  const armIdle = () => {
    clearTimeout(idleTimer)
    if (kiosk() && idleLeft() === 0) idleTimer = setTimeout(askStillThere, KIOSK_IDLE_MS)
  }
  const askStillThere = () => {
    if (!midSurvey()) return armIdle()
    setIdleLeft(KIOSK_PROMPT_S)
    idleDialog?.showModal()
    promptTimer = setInterval(() => {
      setIdleLeft(idleLeft() - 1)
      if (idleLeft() > 0) return
      closeStillThere()
      startNext()
    }, 1000)
  }
  const closeStillThere = () => {
    clearInterval(promptTimer)
    setIdleLeft(0)
    if (idleDialog?.open) idleDialog.close()
    armIdle()
  }
  createEffect(() => {
    if (!kiosk()) return
    const events = ['pointerdown', 'keydown', 'input', 'touchstart'] as const
    for (const e of events) document.addEventListener(e, armIdle, { passive: true })
    armIdle()
    onCleanup(() => {
      for (const e of events) document.removeEventListener(e, armIdle)
      clearTimeout(idleTimer)
      clearInterval(promptTimer)
    })
  })

  createEffect(() => {
    const k = view().kind
    if (k === 'done' || k === 'unavailable' || k === 'queued' || k === 'unreachable') queueMicrotask(() => mainHeading?.focus())
  })

  const unavailableText = (state: Unavailable) => {
    const s = t()
    const texts: Record<Unavailable, [string, string]> = {
      paused: [s.paused, s.pausedText],
      closed: [s.closed, s.closedText],
      expired: [s.closed, s.closedText],
      unpublished: [s.unpublished, s.unpublishedText],
      scheduled: [s.unpublished, s.unpublishedText],
      full: [s.full, s.fullText],
      used: [s.used, s.usedText],
      answered_on_device: [s.onDevice, s.onDeviceText],
      invalid: [s.badLink, s.badLinkText],
    }
    return texts[state] ?? texts.closed
  }

  const Organisation = (p: { name: string | undefined }) => (
    <Show when={p.name}>
      <p class="org">{p.name}</p>
    </Show>
  )

  return (
    <>
    <Show when={kiosk()}>
      <dialog
        ref={idleDialog}
        class="idle-dialog"
        aria-labelledby="idle-title"
        aria-describedby="idle-text"
        onCancel={(e) => {
          e.preventDefault()
          closeStillThere()
        }}
      >
        <Show when={idleLeft() > 0}>
          <h2 id="idle-title">{t().stillThere}</h2>
          <p id="idle-text">{fill(t().stillThereText, { n: idleLeft() })}</p>
          <button type="button" class="btn btn-primary" onClick={closeStillThere}>
            {t().keepGoing}
          </button>
        </Show>
      </dialog>
    </Show>
    <Switch>
      <Match when={view().kind === 'loading' || view().kind === 'waiting'}>
        <div class="panel">
          <h1 class="visually-quiet">{view().kind === 'waiting' ? t().previewBadge : t().loading}</h1>
          <p class="status-text" role="status">
            {view().kind === 'waiting' ? t().previewWaiting : t().loading}
          </p>
        </div>
      </Match>

      <Match when={view().kind === 'unreachable'}>
        <div class="panel">
          <h1 tabindex="-1" ref={mainHeading}>
            {t().cannotLoad}
          </h1>
          <p>{t().checkConnection}</p>
          <button type="button" class="btn btn-primary" onClick={() => location.reload()}>
            {t().tryAgain}
          </button>
        </div>
      </Match>

      <Match when={view().kind === 'unavailable' ? (view() as Extract<View, { kind: 'unavailable' }>) : undefined}>
        {(v) => (
          <div class="panel panel-centre">
            <Organisation name={v().organisation} />
            <h1 tabindex="-1" ref={mainHeading}>
              {unavailableText(v().state)[0]}
            </h1>
            <p class="lead">{unavailableText(v().state)[1]}</p>
            <p class="muted">{t().closePage}</p>
          </div>
        )}
      </Match>

      <Match when={view().kind === 'done'}>
        <div class="panel panel-centre">
          <Organisation name={survey()?.organisation} />
          <div class="tick" aria-hidden="true">
            ✓
          </div>
          <h1 tabindex="-1" ref={mainHeading}>
            {t().thanks}
          </h1>
          <p class="lead">{link()?.thankYou || local()?.thankYou}</p>
          <Switch fallback={<p class="muted">{t().closePage}</p>}>
            <Match when={props.preview}>
              <p class="preview-note">{t().preview}</p>
              <button type="button" class="btn btn-primary" onClick={startAgain}>
                {t().startAgain}
              </button>
            </Match>
            <Match when={kiosk()}>
              <Show when={savedOnDevice()}>
                <p class="muted">{t().kioskSaved}</p>
              </Show>
              <p class="muted countdown">{fill(t().restartIn, { n: countdown() })}</p>
              <button type="button" class="btn btn-primary" onClick={startNext}>
                {t().startNow}
              </button>
            </Match>
            <Match when={redirectUrl()}>
              {(url) => (
                <>
                  <Show when={countdown() > 0}>
                    <p class="muted countdown">{fill(t().redirecting, { x: new URL(url()).host, n: countdown() })}</p>
                  </Show>
                  <div class="actions actions-centre">
                    <a class="btn btn-primary" href={url()}>
                      {fill(t().continueTo, { x: new URL(url()).host })}
                    </a>
                    <Show when={countdown() > 0}>
                      <button type="button" class="btn" onClick={() => setCountdown(-1)}>
                        {t().stay}
                      </button>
                    </Show>
                  </div>
                </>
              )}
            </Match>
          </Switch>
        </div>
      </Match>

      <Match when={view().kind === 'queued' ? (view() as Extract<View, { kind: 'queued' }>) : undefined}>
        {(v) => (
          <div class="panel panel-centre">
            <Organisation name={survey()?.organisation} />
            <h1 tabindex="-1" ref={mainHeading}>
              {t().savedTitle}
            </h1>
            <p class="lead" role="status">
              {v().reason === 'offline' ? t().offline : v().reason === 'busy' ? t().busy : t().serverBusy}
            </p>
            <button type="button" class="btn" onClick={() => void send()}>
              {t().sendNow}
            </button>
          </div>
        )}
      </Match>

      <Match when={view().kind === 'answering' || view().kind === 'sending'}>
        <div class="panel">
          <ErrorBoundary
            fallback={(err: Error, reset) => {
              resetPreviewError = reset
              return (
                <p class="form-alert" role="alert">
                  {fill(t().previewBroken, { x: err?.message ?? String(err) })}
                </p>
              )
            }}
          >
            <header class="survey-header">
              <Show when={props.preview}>
                <p class="preview-badge">{t().previewBadge}</p>
              </Show>
              <Organisation name={survey()?.organisation} />
              <h1 tabindex="-1">{local()?.title}</h1>
              <Show when={pageIndex() === 0 && local()?.intro}>
                <p class="intro">{local()?.intro}</p>
              </Show>
              <Show when={languages().length > 1}>
                <div class="language">
                  <label for="language">{t().language}</label>
                  <select id="language" value={language()} onChange={(e) => chooseReaderLanguage(e.currentTarget.value)}>
                    <For each={languages()}>
                      {(l) => (
                        <option value={l} lang={l}>
                          {languageName(l)}
                        </option>
                      )}
                    </For>
                  </select>
                </div>
              </Show>
            </header>
            <div class="progress">
              <div
                class="progress-track"
                role="progressbar"
                aria-label={t().progress}
                aria-valuemin={0}
                aria-valuemax={shownQuestions().length}
                aria-valuenow={answeredCount()}
                aria-valuetext={`${fill(t().page, { n: pageIndex() + 1, of: pagesShown().length })}, ${fill(t().answered, { n: answeredCount(), of: shownQuestions().length })}`}
              >
                <div class="progress-fill" style={{ width: `${shownQuestions().length ? (answeredCount() / shownQuestions().length) * 100 : 0}%` }} />
              </div>
              <p class="progress-text" aria-hidden="true">
                <Show when={pagesShown().length > 1}>{fill(t().page, { n: pageIndex() + 1, of: pagesShown().length })} · </Show>
                {fill(t().answered, { n: answeredCount(), of: shownQuestions().length })}
              </p>
            </div>
            <form onSubmit={onSubmit} novalidate>
              <Show when={currentPage()?.title}>
                <h2 class="page-title" tabindex="-1">
                  {currentPage()?.title}
                </h2>
              </Show>
              <div role="alert" class="form-alert-slot">
                <Show when={formError()}>
                  <p class="form-alert">{formError()}</p>
                </Show>
                <Show when={pageProblems().length > 0}>
                  <div class="error-summary" id="page-errors">
                    <h2 class="error-summary-title">{t().problems}</h2>
                    <p>{pageProblems().length === 1 ? t().oneProblem : fill(t().manyProblems, { n: pageProblems().length })}</p>
                    <ul>
                      <For each={pageProblems()}>
                        {(q) => (
                          <li>
                            <a
                              href={`#q-${q.id}`}
                              onClick={(e) => {
                                e.preventDefault()
                                focusQuestion(q.id)
                              }}
                            >
                              {q.text} — {message(q)}
                            </a>
                          </li>
                        )}
                      </For>
                    </ul>
                  </div>
                </Show>
              </div>
              <For each={pageQuestions()}>{(q) => <Question question={q} value={answers[q.id]} error={message(q)} t={t()} onAnswer={(v) => answer(q, v)} />}</For>
              <p class="sr-only" role="status">
                {view().kind === 'sending' ? t().sending : ''}
              </p>
              <div class="actions">
                <Show when={pageIndex() > 0}>
                  <button type="button" class="btn" onClick={() => goToPage(pagesShown()[pageIndex() - 1]!)}>
                    {t().back}
                  </button>
                </Show>
                <button type="submit" class="btn btn-primary" disabled={view().kind === 'sending'} aria-describedby={pageProblems().length > 0 ? 'page-errors' : undefined}>
                  {view().kind === 'sending' ? t().sending : isLastPage() ? t().submit : t().next}
                </button>
              </div>
              <Show when={survey()?.organisation}>
                <p class="privacy">{fill(t().privacy, { x: survey()!.organisation })}</p>
              </Show>
            </form>
          </ErrorBoundary>
        </div>
      </Match>
    </Switch>
    </>
  )
}
