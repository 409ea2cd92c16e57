import { A, useParams } from '@solidjs/router'
import { createEffect, createMemo, createResource, createSignal, createUniqueId, For, on, Show } from 'solid-js'
import { CASE_PRIORITIES, CHANNEL_LABELS, PRIORITY_LABELS, ROOT_CAUSE_LABELS, ROOT_CAUSES, STATUS_LABELS, TRIGGER_LABELS, type CaseChannel, type CasePriority, type CaseStatus, type CaseTrigger, type RootCause } from '../../../shared/case-terms.ts'
import { api, call } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { allowed, session } from '../lib/session.ts'
import { AsyncView } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { FormFeedback, SelectField, sentence, SubmitButton, TextAreaField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import {
  CaseStatusTag,
  CONFLICT_MESSAGE,
  createNow,
  DueText,
  formatDateTime,
  isActive,
  isConflict,
  PriorityLabel,
  type CaseAssignee,
  type CaseDetail,
  type CaseEvent,
} from '../components/cases/case-words.tsx'

/** One follow-up case: its facts, the work on it (for those who work cases) and its timeline. */
export function CaseDetailPage() {
  const params = useParams()
  const [detail, { refetch }] = createResource(
    () => params.id,
    (id) => call(api.cases[':id'].$get({ param: { id } })),
  )
  const [assignees] = createResource(() => call(api.cases.assignees.$get()).then((r) => r.users))
  const [message, setMessage] = createSignal('')
  const now = createNow()
  let messageEl: HTMLParagraphElement | undefined

  /** After a change: the case is read again, the outcome announced, and focus lands on it (the button pressed may be gone). */
  const afterChange = async (text: string) => {
    await refetch()
    setMessage(text)
    messageEl?.focus()
  }

  return (
    <AsyncView resource={detail} loading="Loading the case…" onRetry={refetch}>
      {(d) => {
        const c = () => d().case
        const names = createMemo(() => new Map((assignees.latest ?? []).map((u) => [u.id, u.name])))
        return (
          <Page title={c().title} lead={`${TRIGGER_LABELS[c().trigger as CaseTrigger] ?? c().trigger} · ${CHANNEL_LABELS[c().channel as CaseChannel] ?? c().channel}`}>
            <p class="breadcrumb">
              <A href="/cases">← Cases</A>
            </p>
            <p role="status" class="row-message case-message" tabindex="-1" ref={messageEl}>
              {message()}
            </p>
            <div class="layout-halves">
              <section class="card" aria-labelledby="case-facts-title">
                <h2 id="case-facts-title">The case</h2>
                <CaseFacts detail={d()} now={now()} onDone={afterChange} />
              </section>
              <Show when={allowed('cases:work')}>
                <section class="card case-work" aria-labelledby="case-work-title">
                  <h2 id="case-work-title">Work on the case</h2>
                  <CaseWork detail={d()} assignees={assignees.latest ?? []} onDone={afterChange} onReload={() => refetch()} />
                </section>
              </Show>
            </div>
            <section class="card" aria-labelledby="case-timeline-title">
              <h2 id="case-timeline-title">Timeline</h2>
              <CaseTimeline events={d().events} names={names()} />
              <Show when={allowed('cases:work')}>
                <NoteForm caseId={c().id} onDone={afterChange} />
              </Show>
            </section>
          </Page>
        )
      }}
    </AsyncView>
  )
}

function CaseFacts(props: { detail: CaseDetail; now: number; onDone: (message: string) => Promise<void> }) {
  const [erasing, setErasing] = createSignal(false)
  const [eraseError, setEraseError] = createSignal('')
  /** A customer's request to be forgotten: their name and contact leave the case; what was done stays. */
  const eraseCustomer = async () => {
    const ok = await confirmAction({
      title: 'Erase the customer’s details?',
      message: 'Their name and contact are removed from this case for good. The case, its timeline and its figures stay.',
      confirmLabel: 'Erase details',
      danger: true,
    })
    if (!ok) return
    setErasing(true)
    setEraseError('')
    try {
      await call(api.cases[':id']['erase-customer'].$post({ param: { id: props.detail.case.id } }))
      await props.onDone('The customer’s details were erased.')
    } catch (err) {
      setEraseError(err instanceof Error ? err.message : String(err))
    } finally {
      setErasing(false)
    }
  }
  const c = () => props.detail.case
  const sourceLink = () => {
    const row = c()
    if (row.source === 'audit') return { href: `/audits/${row.source_id}`, text: 'Open the mystery-shop audit' }
    if (row.source === 'survey' && row.location_id) {
      // The comments page lists by location and day, not by response: the location's comments of that day.
      const day = row.opened_at.slice(0, 10)
      const q = new URLSearchParams({ location: row.location_id, from: day, to: day, ...(row.form_id ? { survey: row.form_id } : {}) })
      return { href: `/comments?${q}`, text: `Comments at ${props.detail.locationName ?? 'this location'} that day` }
    }
    return null
  }
  return (
    <dl class="details case-facts">
      <dt>Status</dt>
      <dd data-testid="case-status">
        <CaseStatusTag status={c().status} />
      </dd>
      <dt>Priority</dt>
      <dd>
        <PriorityLabel priority={c().priority} />
      </dd>
      <dt>Trigger</dt>
      <dd>{TRIGGER_LABELS[c().trigger as CaseTrigger] ?? c().trigger}</dd>
      <dt>Channel</dt>
      <dd>{CHANNEL_LABELS[c().channel as CaseChannel] ?? c().channel}</dd>
      <dt>Location</dt>
      <dd>{props.detail.locationName ?? <span class="muted">No location</span>}</dd>
      <dt>Opened</dt>
      <dd>
        <time datetime={c().opened_at}>{formatDateTime(c().opened_at)}</time>
      </dd>
      <dt>Due</dt>
      <dd data-testid="case-due">
        <Show when={isActive(c().status)} fallback={<time datetime={c().due_at}>{formatDateTime(c().due_at)}</time>}>
          <DueText status={c().status} dueAt={c().due_at} resolvedAt={c().resolved_at} now={props.now} />
        </Show>
      </dd>
      <Show when={!isActive(c().status)}>
        <dt>Resolved</dt>
        <dd>
          <DueText status={c().status} dueAt={c().due_at} resolvedAt={c().resolved_at} now={props.now} />
        </dd>
      </Show>
      <dt>Owner</dt>
      <dd data-testid="case-owner">{props.detail.ownerName ?? <span class="muted">Unassigned</span>}</dd>
      <dt>Escalation</dt>
      <dd>{c().escalation_level > 0 ? `Level ${c().escalation_level}${c().escalated_at ? `, since ${formatDateTime(c().escalated_at)}` : ''}` : <span class="muted">Not escalated</span>}</dd>
      <dt>Standards</dt>
      <dd>
        <Show when={props.detail.standards.length > 0} fallback={<span class="muted">None linked</span>}>
          <ul class="plain-list">
            <For each={props.detail.standards}>
              {(s) => (
                <li>
                  <A href={`/standards/${s.id}`}>
                    <span class="code">{s.code}</span> {s.title}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </dd>
      <dt>Summary</dt>
      <dd class="pre-line">{c().summary || <span class="muted">No summary</span>}</dd>
      <Show when={c().customer_name || c().customer_contact}>
        <dt>Customer</dt>
        <dd>
          <Show when={c().customer_name}>
            <span class="block">{c().customer_name}</span>
          </Show>
          <Show when={c().customer_contact}>
            <span class="block">{c().customer_contact}</span>
          </Show>
          <span class="block">{c().contact_allowed ? 'Agreed to be contacted about this case' : 'Did not agree to be contacted: do not use these details to get in touch'}</span>
          <Show when={allowed('cases:work')}>
            <button type="button" class="button small subtle-danger" disabled={erasing()} onClick={() => void eraseCustomer()}>
              {erasing() ? 'Erasing…' : 'Erase the customer’s details'}
            </button>
            <Show when={eraseError()}>
              <span class="field-error block" role="alert">
                {eraseError()}
              </span>
            </Show>
          </Show>
        </dd>
      </Show>
      <Show when={sourceLink()}>
        {(link) => (
          <>
            <dt>Source</dt>
            <dd>
              <A href={link().href}>{link().text}</A>
            </dd>
          </>
        )}
      </Show>
      <Show when={c().root_cause}>
        <dt>Root cause</dt>
        <dd data-testid="case-root-cause">{ROOT_CAUSE_LABELS[c().root_cause as RootCause] ?? c().root_cause}</dd>
      </Show>
      <Show when={c().resolution}>
        <dt>Resolution</dt>
        <dd class="pre-line" data-testid="case-resolution">
          {c().resolution}
        </dd>
      </Show>
      <Show when={c().first_contact !== null}>
        <dt>First contact</dt>
        <dd>{c().first_contact ? 'Resolved at the first contact' : 'Not resolved at the first contact'}</dd>
      </Show>
      <Show when={c().closed_at}>
        <dt>Closed</dt>
        <dd>
          <time datetime={c().closed_at!}>{formatDateTime(c().closed_at)}</time>
        </dd>
      </Show>
    </dl>
  )
}

const MOVE_LABEL: Partial<Record<CaseStatus, string>> = { escalated: 'Escalate', resolved: 'Resolve…', closed: 'Close' }
const moveLabel = (from: string, to: CaseStatus) => (to === 'in_progress' ? (from === 'resolved' || from === 'closed' ? 'Reopen' : 'Start work') : (MOVE_LABEL[to] ?? STATUS_LABELS[to]))
const MOVE_DONE: Record<CaseStatus, string> = { open: 'Case reopened.', in_progress: 'Work started on the case.', escalated: 'Case escalated.', resolved: 'Case resolved.', closed: 'Case closed.' }

type Patch = NonNullable<Parameters<(typeof api.cases)[':id']['$patch']>[0]>['json']

/** Take it, assign it, change its priority, move it on (resolving asks how it was put right), each with an optional note. */
function CaseWork(props: { detail: CaseDetail; assignees: CaseAssignee[]; onDone: (message: string) => Promise<void>; onReload: () => void }) {
  const c = () => props.detail.case
  const me = () => session()?.user.id
  const [conflict, setConflict] = createSignal(false)
  const [resolving, setResolving] = createSignal(false)
  const [owner, setOwner] = createSignal(c().owner_id ?? '')
  const [priority, setPriority] = createSignal(c().priority as CasePriority)
  const [note, setNote] = createSignal('')
  // The lists follow the case as read again after a change (taken, reassigned by escalation…).
  createEffect(on(() => c().owner_id, (id) => setOwner(id ?? ''), { defer: true }))
  createEffect(on(() => c().priority, (p) => setPriority(p as CasePriority), { defer: true }))
  const ownerForm = createSubmitter()
  const priorityForm = createSubmitter()
  const moveForm = createSubmitter()
  let reloadButton: HTMLButtonElement | undefined
  let resolveButton: HTMLButtonElement | undefined
  let ownerFormEl: HTMLFormElement | undefined
  let priorityFormEl: HTMLFormElement | undefined
  let moveEl: HTMLDivElement | undefined

  const reload = () => {
    setConflict(false)
    setResolving(false)
    props.onReload()
  }

  /** Sends a change guarded on the case as this page read it: one made since is a 409, never overwritten. */
  const patch = async (json: Patch): Promise<unknown> => call(api.cases[':id'].$patch({ param: { id: c().id }, json: { ...json, expectedUpdatedAt: c().updated_at } }))

  /** Runs a change through its form; a conflict is shown once, above, with the way out focused. */
  const run = async (form: ReturnType<typeof createSubmitter>, json: Patch, done: string, formEl?: HTMLElement) => {
    setConflict(false)
    let conflicted = false
    const saved = await form.run(async () => {
      try {
        return await patch(json)
      } catch (err) {
        if (!isConflict(err)) throw err
        conflicted = true
        return undefined
      }
    })
    if (conflicted) {
      setConflict(true)
      queueMicrotask(() => reloadButton?.focus())
      return false
    }
    if (!saved) {
      focusFirstInvalid(formEl)
      return false
    }
    setNote('')
    await props.onDone(done)
    return true
  }

  const ownerOptions = () => [{ value: '', label: 'Unassigned' }, ...props.assignees.map((u) => ({ value: u.id, label: u.id === me() ? `${u.name} (you)` : u.name }))]
  const nameOf = (id: string) => props.assignees.find((u) => u.id === id)?.name ?? 'the chosen person'

  const takeIt = () => {
    const json: Patch = { ownerId: me()!, ...(c().status === 'open' ? { status: 'in_progress' as const } : {}) }
    void run(ownerForm, json, c().status === 'open' ? 'The case is yours, and work has started on it.' : 'The case is yours.', ownerFormEl)
  }

  const assign = (e: SubmitEvent) => {
    e.preventDefault()
    const to = owner() || null
    if (to === c().owner_id) return ownerForm.setSuccess(to ? `Already owned by ${nameOf(to)}.` : 'Already unassigned.')
    void run(ownerForm, { ownerId: to }, to ? `Assigned to ${nameOf(to)}.` : 'The case is unassigned.', ownerFormEl)
  }

  const changePriority = (e: SubmitEvent) => {
    e.preventDefault()
    if (priority() === c().priority) return priorityForm.setSuccess(`The priority is already ${PRIORITY_LABELS[priority()]}.`)
    void run(priorityForm, { priority: priority() }, `Priority changed to ${PRIORITY_LABELS[priority()]}; the due time is recounted.`, priorityFormEl)
  }

  const move = async (to: CaseStatus) => {
    if (to === 'resolved') {
      setResolving(true)
      queueMicrotask(() => document.getElementById('resolve-root-cause')?.focus())
      return
    }
    if (to === 'closed') {
      const ok = await confirmAction({
        title: 'Close this case?',
        message: 'A closed case leaves every queue and counts as done. It can be reopened if the customer comes back.',
        confirmLabel: 'Close case',
      })
      if (!ok) return
    }
    const from = c().status
    void run(moveForm, { status: to, ...(note().trim() ? { note: note().trim() } : {}) }, to === 'in_progress' && (from === 'resolved' || from === 'closed') ? 'Case reopened.' : MOVE_DONE[to], moveEl)
  }

  return (
    <>
      <div role="alert" class="form-feedback-slot">
        <Show when={conflict()}>
          <div class="notice notice-error case-conflict">
            <p>{CONFLICT_MESSAGE}</p>
            <button type="button" class="button" ref={reloadButton} onClick={reload}>
              Reload the case
            </button>
          </div>
        </Show>
      </div>

      <form ref={ownerFormEl} class="case-work-part" onSubmit={assign} aria-labelledby="case-owner-title" novalidate>
        <h3 id="case-owner-title">Owner</h3>
        <Show when={c().owner_id !== me()}>
          <p>
            <button type="button" class="button primary" onClick={takeIt} disabled={ownerForm.pending()} aria-describedby="take-it-hint">
              Take it
            </button>{' '}
            <span class="hint" id="take-it-hint">
              Assigns the case to you{c().status === 'open' ? ' and starts work on it' : ''}.
            </span>
          </p>
        </Show>
        <div class="case-inline">
          <SelectField label="Assign to" value={owner()} onChange={setOwner} options={ownerOptions()} error={ownerForm.fieldError('ownerId')} />
          <SubmitButton pending={ownerForm.pending()} label="Assign" class="button" />
        </div>
        <FormFeedback error={ownerForm.error()} success={ownerForm.success()} />
      </form>

      <form ref={priorityFormEl} class="case-work-part" onSubmit={changePriority} aria-labelledby="case-priority-title" novalidate>
        <h3 id="case-priority-title">Priority</h3>
        <div class="case-inline">
          <SelectField
            label="New priority"
            value={priority()}
            onChange={(v) => setPriority(v as CasePriority)}
            options={CASE_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
            error={priorityForm.fieldError('priority')}
            hint="The due time is recounted from when the case opened."
          />
          <SubmitButton pending={priorityForm.pending()} label="Change priority" class="button" />
        </div>
        <FormFeedback error={priorityForm.error()} success={priorityForm.success()} />
      </form>

      <div class="case-work-part" ref={moveEl} role="group" aria-labelledby="case-move-title">
        <h3 id="case-move-title">Status: {STATUS_LABELS[c().status as CaseStatus]}</h3>
        <Show when={!resolving()}>
          <TextAreaField label="Note with the change" hint="Optional: why it is moving, what was agreed. Kept in the timeline." value={note()} onInput={setNote} rows={2} maxLength={5000} error={moveForm.fieldError('note')} />
          <Show when={moveForm.fieldError('status')}>
            {(msg) => <p class="field-error">{sentence('Status', msg())}</p>}
          </Show>
          <div class="form-actions">
            <For each={props.detail.moves as CaseStatus[]}>
              {(to) => (
                <button
                  type="button"
                  class={to === 'resolved' ? 'button primary' : 'button'}
                  ref={(el) => {
                    if (to === 'resolved') resolveButton = el
                  }}
                  disabled={moveForm.pending()}
                  onClick={() => void move(to)}
                >
                  {moveLabel(c().status, to)}
                </button>
              )}
            </For>
          </div>
          <FormFeedback error={moveForm.error()} />
        </Show>
        <Show when={resolving()}>
          <ResolveForm
            note={note()}
            onCancel={() => {
              setResolving(false)
              queueMicrotask(() => resolveButton?.focus())
            }}
            onSubmit={async (form, json, formEl) => {
              const ok = await run(form, { status: 'resolved', ...json }, MOVE_DONE.resolved, formEl)
              if (ok) setResolving(false)
            }}
          />
        </Show>
        <Show when={!isActive(c().status)}>
          <p class="hint">Reopening puts the case back in progress; its resolution stays on record until it is resolved again.</p>
        </Show>
      </div>
    </>
  )
}

/** Resolving asks how it was put right: the root cause, the resolution and whether at the first contact. */
function ResolveForm(props: {
  note: string
  onCancel: () => void
  onSubmit: (form: ReturnType<typeof createSubmitter>, json: { rootCause?: RootCause; resolution: string; firstContact?: boolean; note?: string }, formEl?: HTMLElement) => Promise<void>
}) {
  const form = createSubmitter()
  const [rootCause, setRootCause] = createSignal('')
  const [resolution, setResolution] = createSignal('')
  const [firstContact, setFirstContact] = createSignal<boolean | null>(null)
  const [note, setNote] = createSignal(props.note)
  const group = `first-contact-${createUniqueId()}`
  let formEl: HTMLFormElement | undefined

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    void props.onSubmit(
      form,
      {
        ...(rootCause() ? { rootCause: rootCause() as RootCause } : {}),
        resolution: resolution(),
        ...(firstContact() !== null ? { firstContact: firstContact()! } : {}),
        ...(note().trim() ? { note: note().trim() } : {}),
      },
      formEl,
    )
  }

  return (
    <form ref={formEl} class="case-resolve" onSubmit={submit} aria-labelledby="case-resolve-title" novalidate>
      <h4 id="case-resolve-title">Resolve the case</h4>
      <SelectField
        id="resolve-root-cause"
        label="Root cause"
        required
        value={rootCause()}
        onChange={setRootCause}
        options={[{ value: '', label: 'Choose a root cause' }, ...ROOT_CAUSES.map((r) => ({ value: r, label: ROOT_CAUSE_LABELS[r] }))]}
        error={form.fieldError('rootCause')}
      />
      <TextAreaField label="Resolution" required hint="What was done to put it right." value={resolution()} onInput={setResolution} rows={3} maxLength={5000} error={form.fieldError('resolution')} />
      <fieldset class="fieldset radio-row" classList={{ 'field-invalid': !!form.fieldError('firstContact') }} aria-describedby={`${group}-hint${form.fieldError('firstContact') ? ` ${group}-error` : ''}`}>
        <legend>Resolved at the first contact?</legend>
        <label class="radio-option">
          <input type="radio" name={group} checked={firstContact() === true} onChange={() => setFirstContact(true)} aria-invalid={form.fieldError('firstContact') ? 'true' : undefined} />
          Yes
        </label>
        <label class="radio-option">
          <input type="radio" name={group} checked={firstContact() === false} onChange={() => setFirstContact(false)} aria-invalid={form.fieldError('firstContact') ? 'true' : undefined} />
          No
        </label>
        <p class="hint block" id={`${group}-hint`}>
          Yes when the customer’s first contact with us settled it, with no call back. Counts in the first-contact resolution rate.
        </p>
        <Show when={form.fieldError('firstContact')}>
          {(msg) => (
            <p class="field-error block" id={`${group}-error`}>
              {sentence('First contact', msg())}
            </p>
          )}
        </Show>
      </fieldset>
      <TextAreaField label="Note with the change" hint="Optional. Kept in the timeline." value={note()} onInput={setNote} rows={2} maxLength={5000} error={form.fieldError('note')} />
      <Show when={form.fieldError('status')}>
        {(msg) => <p class="field-error">{sentence('Status', msg())}</p>}
      </Show>
      <FormFeedback error={form.error()} />
      <div class="form-actions">
        <SubmitButton pending={form.pending()} label="Resolve case" pendingLabel="Resolving…" />
        <button type="button" class="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function NoteForm(props: { caseId: string; onDone: (message: string) => Promise<void> }) {
  const form = createSubmitter()
  const [text, setText] = createSignal('')
  let formEl: HTMLFormElement | undefined
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const saved = await form.run(() => call(api.cases[':id'].notes.$post({ param: { id: props.caseId }, json: { text: text() } })))
    if (!saved) return focusFirstInvalid(formEl)
    setText('')
    await props.onDone('Note added to the timeline.')
  }
  return (
    <form ref={formEl} class="case-note-form" onSubmit={submit} aria-labelledby="case-note-title" novalidate>
      <h3 id="case-note-title">Add a note</h3>
      <TextAreaField label="Note" hint="A call made, a message left, what was agreed." value={text()} onInput={setText} rows={3} maxLength={5000} error={form.fieldError('text')} />
      <FormFeedback error={form.error()} />
      <SubmitButton pending={form.pending()} label="Add note" pendingLabel="Adding…" class="button" />
    </form>
  )
}

const statusWord = (s: unknown) => (typeof s === 'string' ? (STATUS_LABELS[s as CaseStatus] ?? s) : '')
const priorityWord = (p: unknown) => (typeof p === 'string' ? (PRIORITY_LABELS[p as CasePriority] ?? p) : '')

/** What one event did, in words. */
function eventTitle(e: CaseEvent, names: Map<string, string>): string {
  const data = e.data as Record<string, unknown>
  switch (e.kind) {
    case 'opened':
      return 'Opened'
    case 'note':
      return 'Note'
    case 'status':
      return `${statusWord(data.from)} → ${statusWord(data.to)}`
    case 'assigned':
      return typeof data.to === 'string' ? `Assigned to ${names.get(data.to) ?? 'another user'}` : 'Unassigned'
    case 'priority':
      return `Priority ${priorityWord(data.from)} → ${priorityWord(data.to)}${typeof data.dueAt === 'string' ? `, now due ${formatDateTime(data.dueAt)}` : ''}`
    case 'escalated':
      return typeof data.level === 'number' ? `Escalated to level ${data.level}` : 'Escalated'
    case 'resolved':
      return 'Resolved'
    case 'closed':
      return 'Closed'
    case 'reopened':
      return `Reopened (${statusWord(data.from)} → ${statusWord(data.to)})`
    default:
      return e.kind
  }
}

/** Everything that happened to the case, oldest first: who, when, what, with its note. */
function CaseTimeline(props: { events: CaseEvent[]; names: Map<string, string> }) {
  return (
    <Show when={props.events.length > 0} fallback={<p class="muted">Nothing has happened to this case yet.</p>}>
      <ol class="timeline case-timeline" data-testid="case-timeline">
        <For each={props.events}>
          {(e) => (
            <li class={`timeline-event case-event-${e.kind}`}>
              <p class="timeline-head">
                <strong>{eventTitle(e, props.names)}</strong>
                <span class="timeline-meta">
                  {' '}
                  · {e.actor_name ?? 'Yardstick, automatically'} · <time datetime={e.at}>{formatDateTime(e.at)}</time>
                </span>
              </p>
              <Show when={e.text}>
                <p class="timeline-message pre-line">{e.text}</p>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </Show>
  )
}
