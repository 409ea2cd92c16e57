import { A, useParams } from '@solidjs/router'
import { createMemo, createResource, createSignal, For, Match, onMount, Show, Switch } from 'solid-js'
import { checkAuditAnswers, checkAuditValue, type AuditAnswerProblem } from '../../../shared/audit/answers.ts'
import { answerGiven } from '../../../shared/audit/scoring.ts'
import { ASSIGNMENT_STATUS_LABELS } from '../../../shared/audit/status.ts'
import { templateItems } from '../../../shared/audit/items.ts'
import type { TAuditAnswers, TAuditItem } from '../../../shared/audit/template.ts'
import { ApiError, errorMessage } from '../lib/api.ts'
import { formatDate } from '../lib/format.ts'
import { Page } from '../components/page.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { acceptAssignment, getShopperAssignment, type ShopperAssignmentDetail } from '../components/shopper/api.ts'
import { readCachedDetail, writeCachedDetail } from '../components/shopper/store.ts'
import { createVisitSync, type VisitSync } from '../components/shopper/visit-sync.ts'
import { AuditItemField, itemDomId, problemSentence } from '../components/shopper/audit-item.tsx'

/** The visit's audit on the shopper's phone: from the cached copy at once, refreshed from the server when it can be. */
export function ShopperAuditPage() {
  const params = useParams()
  const cached = readCachedDetail(params.id!)
  const [fresh] = createResource(
    () => params.id,
    async (id) => {
      const detail = await getShopperAssignment(id)
      writeCachedDetail(id, detail)
      return detail
    },
  )
  const initial = () => cached ?? (fresh.state === 'ready' ? fresh() : undefined)
  return (
    <Show
      when={initial()}
      fallback={
        <Page title="Visit">
          <Show when={fresh.error} fallback={<p class="loading">Loading the visit…</p>}>
            <div class="card">
              <p>{fresh.error instanceof ApiError && fresh.error.status === 0 ? 'This visit has not been opened on this phone yet, and there is no connection. Open it once while online to use it offline.' : errorMessage(fresh.error)}</p>
              <p>
                <A href="/visits">Back to my visits</A>
              </p>
            </div>
          </Show>
        </Page>
      }
    >
      {(detail) => <Visit id={params.id!} initial={detail()} fresh={() => (fresh.state === 'ready' ? fresh() : undefined)} />}
    </Show>
  )
}

const SAVE_TEXT = {
  local: 'Saved on this phone',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline — will send when you’re back online',
  conflict: 'Changed on another device',
  error: 'Not saved to the server',
} as const

const toLocalInput = (iso: string | null) => {
  if (!iso) return ''
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null)
const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '—')

function Visit(props: { id: string; initial: ShopperAssignmentDetail; fresh: () => ShopperAssignmentDetail | undefined }) {
  const sync = createVisitSync(props.id, props.initial)
  let adopted = false
  const freshCopy = createMemo(() => props.fresh())
  // The server's copy replaces the cached one once it arrives (this phone's unsent work is kept).
  createMemo(() => {
    const f = freshCopy()
    if (f && !adopted) {
      adopted = true
      if (f !== props.initial) sync.refreshed(f)
    }
  })

  const a = () => sync.detail().assignment
  const def = () => sync.detail().definition
  const title = () => `${a().locationName}`
  return (
    <Page title={title()} lead={a().templateTitle}>
      <Switch>
        <Match when={sync.submitState() === 'done' || sync.submitState() === 'queued' || sync.submitState() === 'sending'}>
          <SubmittedScreen sync={sync} />
        </Match>
        <Match when={a().status === 'assigned'}>
          <AcceptScreen sync={sync} />
        </Match>
        <Match when={!sync.editable()}>
          <ClosedScreen sync={sync} />
        </Match>
        <Match when={def()}>
          <AuditForm sync={sync} />
        </Match>
      </Switch>
    </Page>
  )
}

function Briefing(props: { sync: VisitSync }) {
  const a = () => props.sync.detail().assignment
  const def = () => props.sync.detail().definition
  return (
    <div class="card shopper-briefing">
      <dl class="visit-facts">
        <div>
          <dt>Where</dt>
          <dd>
            {a().locationName}
            <Show when={a().locationAddress}>
              <br />
              {a().locationAddress}
            </Show>
          </dd>
        </div>
        <div>
          <dt>Visit between</dt>
          <dd>
            {formatDate(a().visitFrom)} and {formatDate(a().visitTo)}
          </dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd classList={{ overdue: a().overdue }}>
            {formatTime(a().dueAt)}
            {a().overdue ? ' (overdue)' : ''}
          </dd>
        </div>
      </dl>
      <Show when={a().instructions}>
        <h2 class="h3">Instructions</h2>
        <p class="prewrap">{a().instructions}</p>
      </Show>
      <Show when={def().briefing}>
        <h2 class="h3">Briefing</h2>
        <p class="prewrap">{def().briefing}</p>
      </Show>
    </div>
  )
}

function AcceptScreen(props: { sync: VisitSync }) {
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal('')
  const accept = async () => {
    setBusy(true)
    setError('')
    try {
      await acceptAssignment(props.sync.detail().assignment.id)
      const fresh = await getShopperAssignment(props.sync.detail().assignment.id)
      props.sync.refreshed(fresh)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Briefing sync={props.sync} />
      <div class="button-row start">
        <button type="button" class="button primary big" onClick={() => void accept()} disabled={busy()}>
          {busy() ? 'Accepting…' : 'Accept this visit'}
        </button>
      </div>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
    </>
  )
}

function ClosedScreen(props: { sync: VisitSync }) {
  const a = () => props.sync.detail().assignment
  return (
    <div class="card">
      <p>
        This audit is <strong>{ASSIGNMENT_STATUS_LABELS[a().status].toLowerCase()}</strong>
        {a().submittedAt ? ` (sent ${formatTime(a().submittedAt)})` : ''}. There is nothing more to do on it.
      </p>
      <ReviewerComments sync={props.sync} />
      <p>
        <A href="/visits">Back to my visits</A>
      </p>
    </div>
  )
}

function SubmittedScreen(props: { sync: VisitSync }) {
  let heading: HTMLHeadingElement | undefined
  onMount(() => heading?.focus())
  const waiting = () => props.sync.submitState() !== 'done'
  return (
    <div class="card shopper-done" role="status">
      <h2 ref={heading} tabindex="-1">
        {waiting() ? 'Audit ready to send' : 'Audit submitted'}
      </h2>
      <Show when={waiting()}>
        <ConflictNotice sync={props.sync} />
      </Show>
      <Show when={waiting()} fallback={<p>Thank you. A reviewer will check it; if anything needs changing it comes back to your visits.</p>}>
        <p>{props.sync.submitState() === 'sending' ? 'Sending your audit…' : 'Your audit is kept on this phone and will send when you’re back online. You can close the app; it sends the next time you open it.'}</p>
      </Show>
      <p>
        <A href="/visits" class="button">
          Back to my visits
        </A>
      </p>
    </div>
  )
}

function ReviewerComments(props: { sync: VisitSync }) {
  const comments = () => props.sync.detail().comments.filter((c) => c.message)
  return (
    <Show when={comments().length}>
      <section class="reviewer-comments" aria-labelledby="reviewer-comments-title">
        <h2 id="reviewer-comments-title" class="h3">
          Reviewer’s comments
        </h2>
        <ul>
          <For each={comments()}>
            {(c) => (
              <li>
                <p class="prewrap">{c.message}</p>
                <p class="muted small">
                  {c.userName || 'Reviewer'}, {formatTime(c.at)}
                  {c.toStatus ? ` · ${ASSIGNMENT_STATUS_LABELS[c.toStatus]}` : ''}
                </p>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  )
}

function SaveStatus(props: { sync: VisitSync }) {
  return (
    <p class={`save-state save-${props.sync.saveState()}`} role="status">
      {SAVE_TEXT[props.sync.saveState()]}
    </p>
  )
}

function ConflictNotice(props: { sync: VisitSync }) {
  return (
    <Show when={props.sync.conflict()}>
      <div class="notice notice-error conflict" role="alert">
        <p>
          <strong>This audit was changed on another device.</strong> Keep the answers on this phone (they replace the other device’s), or use the version saved on the server (this phone’s changes are dropped).
        </p>
        <div class="button-row start">
          <button type="button" class="button primary" onClick={() => props.sync.keepMine()}>
            Keep this phone’s answers
          </button>
          <button type="button" class="button" onClick={() => props.sync.useSaved()}>
            Use the saved version
          </button>
        </div>
      </div>
    </Show>
  )
}

type Problem = AuditAnswerProblem & { label: string; section: number }

function AuditForm(props: { sync: VisitSync }) {
  const sync = props.sync
  const def = () => sync.detail().definition
  const sections = () => def().sections
  /** 0 is the briefing and visit times, 1..n the sections, n+1 check and submit. */
  const [screen, setScreen] = createSignal(sync.visit().visitStartedAt ? 1 : 0)
  const [submitTried, setSubmitTried] = createSignal(false)
  let screenHeading: HTMLHeadingElement | undefined

  const allAnswers = (): TAuditAnswers => {
    // Photos not yet uploaded count as given: they are sent before the submit.
    const answers = { ...sync.visit().answers }
    for (const p of sync.visit().localPhotos) {
      const a = answers[p.itemId] ?? {}
      answers[p.itemId] = { ...a, photoIds: [...(a.photoIds ?? []), p.id] }
    }
    return answers
  }
  const entries = () => templateItems(def())
  const sectionOf = (itemId: string) => sections().findIndex((s) => s.items.some((i) => i.id === itemId)) + 1
  const done = (item: TAuditItem) => {
    const answer = allAnswers()[item.id]
    return (answer?.na === true && item.naAllowed) || answerGiven(item, answer)
  }
  const progress = () => {
    const list = entries()
    return { done: list.filter((e) => done(e.item)).length, total: list.length }
  }

  const itemError = (item: TAuditItem): string | null => {
    const answer = allAnswers()[item.id]
    if (answer) {
      const problem = checkAuditValue(item, answer)
      if (problem) return problem
    }
    if (submitTried()) return submitProblems().find((p) => p.itemId === item.id)?.message ?? null
    return null
  }

  const visitProblems = (): Problem[] => {
    const v = sync.visit()
    const out: Problem[] = []
    if (!v.visitStartedAt) out.push({ itemId: 'visit-start', message: 'Record when the visit started', label: 'Visit start', section: 0 })
    if (!v.visitEndedAt) out.push({ itemId: 'visit-end', message: 'Record when the visit ended', label: 'Visit end', section: 0 })
    if (v.visitStartedAt && v.visitEndedAt && v.visitEndedAt < v.visitStartedAt) out.push({ itemId: 'visit-end', message: 'The visit cannot end before it started', label: 'Visit end', section: 0 })
    return out
  }
  const submitProblems = createMemo((): Problem[] => {
    const labels = new Map(entries().map((e) => [e.item.id, e.item.label] as const))
    const itemProblems = checkAuditAnswers(def(), allAnswers(), 'submit').problems.map((p) => ({ ...p, label: labels.get(p.itemId) ?? p.itemId, section: sectionOf(p.itemId) }))
    return [...visitProblems(), ...itemProblems]
  })

  const go = (n: number, focusId?: string) => {
    setScreen(n)
    void sync.sync()
    requestAnimationFrame(() => {
      const target = focusId ? document.getElementById(focusId) : null
      const control = target?.matches('input, textarea, button, select') ? target : target?.querySelector<HTMLElement>('input:checked, input:not([type=hidden]), textarea, button')
      if (control) {
        control.focus()
        control.scrollIntoView({ block: 'center' })
      } else {
        screenHeading?.focus()
        window.scrollTo(0, 0)
      }
    })
  }

  const submit = async () => {
    setSubmitTried(true)
    if (submitProblems().length) {
      requestAnimationFrame(() => document.getElementById('submit-problems')?.focus())
      return
    }
    const resubmit = sync.status() === 'returned'
    const ok = await confirmAction({
      title: resubmit ? 'Send the audit again?' : 'Submit the audit?',
      message: 'A reviewer will check it. You cannot change it afterwards unless it is sent back to you.',
      confirmLabel: resubmit ? 'Resubmit' : 'Submit',
    })
    if (ok) sync.submit()
  }

  const setTime = (key: 'visitStartedAt' | 'visitEndedAt', value: string | null) => sync.change((v) => ({ ...v, [key]: value }))

  return (
    <div class="shopper-audit">
      <div class="audit-sticky">
        <SaveStatus sync={sync} />
        <div class="progress-line">
          <label for="audit-progress">
            {progress().done} of {progress().total} answered
          </label>
          <progress id="audit-progress" max={progress().total} value={progress().done} />
        </div>
      </div>
      <ConflictNotice sync={sync} />
      <Show when={sync.problem()}>
        <p class="form-error" role="alert">
          {sync.problem()}
        </p>
      </Show>
      <Show when={sync.status() === 'returned'}>
        <ReviewerComments sync={sync} />
      </Show>

      <details class="section-jump">
        <summary>All sections</summary>
        <ol>
          <li>
            <button type="button" class="link-button" aria-current={screen() === 0 ? 'step' : undefined} onClick={() => go(0)}>
              Before your visit
            </button>
          </li>
          <For each={sections()}>
            {(s, i) => (
              <li>
                <button type="button" class="link-button" aria-current={screen() === i() + 1 ? 'step' : undefined} onClick={() => go(i() + 1)}>
                  {s.title} ({s.items.filter(done).length} of {s.items.length})
                </button>
              </li>
            )}
          </For>
          <li>
            <button type="button" class="link-button" aria-current={screen() === sections().length + 1 ? 'step' : undefined} onClick={() => go(sections().length + 1)}>
              Check and submit
            </button>
          </li>
        </ol>
      </details>

      <Switch>
        <Match when={screen() === 0}>
          <h2 ref={screenHeading} tabindex="-1">
            Before your visit
          </h2>
          <Briefing sync={sync} />
          <section class="card visit-times" aria-labelledby="visit-times-title">
            <h2 id="visit-times-title" class="h3">
              Your visit
            </h2>
            <div class="button-row start">
              <Show when={!sync.visit().visitStartedAt}>
                <button type="button" id="visit-start" class="button primary big" onClick={() => { setTime('visitStartedAt', new Date().toISOString()); go(1) }}>
                  Start visit
                </button>
              </Show>
              <Show when={sync.visit().visitStartedAt && !sync.visit().visitEndedAt}>
                <button type="button" id="visit-end" class="button primary big" onClick={() => setTime('visitEndedAt', new Date().toISOString())}>
                  End visit
                </button>
              </Show>
            </div>
            <Show when={sync.visit().visitStartedAt}>
              <div class="field">
                <label for="visit-start-time">Visit started</label>
                <input id="visit-start-time" type="datetime-local" value={toLocalInput(sync.visit().visitStartedAt)} onChange={(e) => setTime('visitStartedAt', fromLocalInput(e.currentTarget.value))} />
              </div>
            </Show>
            <Show when={sync.visit().visitEndedAt}>
              <div class="field">
                <label for="visit-end-time">Visit ended</label>
                <input id="visit-end-time" type="datetime-local" value={toLocalInput(sync.visit().visitEndedAt)} onChange={(e) => setTime('visitEndedAt', fromLocalInput(e.currentTarget.value))} />
              </div>
            </Show>
          </section>
        </Match>
        <Match when={screen() >= 1 && screen() <= sections().length}>
          {(() => {
            const section = () => sections()[screen() - 1]!
            return (
              <section aria-labelledby="section-title">
                <p class="muted small section-count">
                  Section {screen()} of {sections().length}
                </p>
                <h2 id="section-title" ref={screenHeading} tabindex="-1">
                  {section().title}
                </h2>
                <Show when={section().guidance}>
                  <p class="prewrap muted">{section().guidance}</p>
                </Show>
                <For each={section().items}>
                  {(item) => (
                    <AuditItemField
                      item={item}
                      assignmentId={sync.detail().assignment.id}
                      answer={sync.visit().answers[item.id]}
                      error={itemError(item)}
                      disabled={sync.visit().submitPending}
                      photos={sync.detail().photos}
                      localPhotos={sync.visit().localPhotos.filter((p) => p.itemId === item.id)}
                      onAnswer={(fn) => sync.setAnswer(item.id, fn)}
                      onAddPhoto={(blob, name) => sync.addPhoto(item.id, blob, name)}
                      onRemovePhoto={(photoId) => sync.removePhoto(photoId)}
                    />
                  )}
                </For>
              </section>
            )
          })()}
        </Match>
        <Match when={screen() === sections().length + 1}>
          <h2 ref={screenHeading} tabindex="-1">
            Check and submit
          </h2>
          <Show when={submitTried() && submitProblems().length}>
            <div class="error-summary" id="submit-problems" tabindex="-1" role="alert" aria-labelledby="submit-problems-title">
              <h3 id="submit-problems-title">
                {submitProblems().length === 1 ? 'One thing to fix before you submit' : `${submitProblems().length} things to fix before you submit`}
              </h3>
              <ul>
                <For each={submitProblems()}>
                  {(p) => (
                    <li>
                      <a
                        href={`#${p.section === 0 ? p.itemId : itemDomId(p.itemId)}`}
                        onClick={(e) => {
                          e.preventDefault()
                          go(p.section, p.section === 0 ? (sync.visit().visitStartedAt ? (p.itemId === 'visit-start' ? 'visit-start-time' : sync.visit().visitEndedAt ? 'visit-end-time' : 'visit-end') : 'visit-start') : itemDomId(p.itemId))
                        }}
                      >
                        {p.section === 0 ? p.message : `${p.label}: ${problemSentence(p.message)}`}
                      </a>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          </Show>
          <div class="card">
            <p>
              {progress().done} of {progress().total} items answered. Visit {formatTime(sync.visit().visitStartedAt)} to {formatTime(sync.visit().visitEndedAt)}.
            </p>
            <Show when={sync.visit().localPhotos.length}>
              <p class="hint">Photos taken offline are sent first.</p>
            </Show>
            <button type="button" class="button primary big" onClick={() => void submit()}>
              {sync.status() === 'returned' ? 'Resubmit audit' : 'Submit audit'}
            </button>
          </div>
        </Match>
      </Switch>

      <nav class="section-nav" aria-label="Sections">
        <Show when={screen() > 0}>
          <button type="button" class="button big" onClick={() => go(screen() - 1)}>
            Previous
          </button>
        </Show>
        <Show when={screen() <= sections().length}>
          <button type="button" class="button primary big" onClick={() => go(screen() + 1)}>
            Next
          </button>
        </Show>
      </nav>
    </div>
  )
}
