import { A, useNavigate } from '@solidjs/router'
import { createResource, createSignal, createUniqueId, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { ACTION_STATUS_LABELS, ACTION_STATUSES, SETTLING_DAYS, WINDOW_DAYS, ZActionInput, type ActionStatus, type ActionView, type LocationRef, type NamedRef, type StandardRef } from '../../../shared/actions.ts'
import { api, call } from '../lib/api.ts'
import { checkWith, createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate, today } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { FormFeedback, SelectField, sentence, SubmitButton, TextAreaField, TextField } from '../components/fields.tsx'
import { ListTable } from '../components/list-table.tsx'
import { Page } from '../components/page.tsx'

/**
 * Improvement actions (DOMAIN "The review cycle", step 4): what was done, by whom, where and from
 * when, and — on each action's page — whether it worked, before and after.
 */

export const STATUS_TAG: Record<ActionStatus, string> = { planned: 'tag-unsaved', in_progress: 'tag-draft', done: 'tag-live', abandoned: 'tag-closed' }

export function StatusTag(props: { status: ActionStatus }) {
  return <span class={`tag ${STATUS_TAG[props.status] ?? ''}`}>{ACTION_STATUS_LABELS[props.status] ?? props.status}</span>
}

export function ActionsPage() {
  const navigate = useNavigate()
  const [status, setStatus] = createSignal<'' | ActionStatus>('')
  const [actions, { refetch }] = createResource(status, (s) => call(api.actions.$get({ query: s ? { status: s } : {} })).then((r) => r.actions as ActionView[]))
  const [creating, setCreating] = createSignal(false)
  const canWrite = () => allowed('actions:write')
  let formCard: HTMLDivElement | undefined

  const open = () => {
    setCreating(true)
    queueMicrotask(() => {
      formCard?.scrollIntoView({ block: 'start' })
      formCard?.querySelector<HTMLInputElement>('input')?.focus()
    })
  }
  const close = () => {
    setCreating(false)
    queueMicrotask(() => document.getElementById('new-action')?.focus())
  }

  return (
    <Page
      title="Improvement actions"
      lead="What was done to improve service, who owns it, where and from when — and, on each action, whether it worked: equal windows before and after, with the change and its significance."
      actions={
        <Show when={canWrite() && !creating()}>
          <button type="button" id="new-action" class="button primary" onClick={open}>
            New action
          </button>
        </Show>
      }
    >
      <Show when={creating()}>
        <div class="card form-card" ref={formCard}>
          <ActionForm onSaved={(a) => navigate(`/actions/${a.id}`)} onCancel={close} />
        </div>
      </Show>
      <div class="card">
        <div class="list-toolbar">
          <h2>All actions</h2>
          <SelectField
            label="Status"
            value={status()}
            onChange={(v) => setStatus(v as '' | ActionStatus)}
            options={[{ value: '', label: 'Any status' }, ...ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }))]}
          />
        </div>
        <AsyncView resource={actions} loading="Loading improvement actions…" onRetry={refetch}>
          {(rows) => (
            <Show
              when={rows().length > 0}
              fallback={
                <EmptyState title={status() ? `No ${ACTION_STATUS_LABELS[status() as ActionStatus].toLowerCase()} actions` : 'No improvement actions yet'}>
                  <p>
                    Record what you change to close a gap — a new rota, a refit, training — with the standards it should move and the locations where it happens. Yardstick then compares
                    equal windows before and after its start date.
                  </p>
                  <Show when={canWrite() && !creating()}>
                    <button type="button" class="button primary" onClick={open}>
                      Record the first action
                    </button>
                  </Show>
                </EmptyState>
              }
            >
              <ListTable
                caption="Improvement actions with their status, owner, start date, standards and locations"
                actions={false}
                head={
                  <>
                    <th scope="col">Action</th>
                    <th scope="col">Status</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Start date</th>
                    <th scope="col">Standards</th>
                    <th scope="col">Locations</th>
                  </>
                }
              >
                <For each={rows()}>
                  {(a) => (
                    <tr>
                      <th scope="row">
                        <A href={`/actions/${a.id}`}>{a.title}</A>
                      </th>
                      <td>
                        <StatusTag status={a.status} />
                      </td>
                      <td>{a.owner?.name ?? '—'}</td>
                      <td class="nowrap">{formatDate(a.startDate)}</td>
                      <td>
                        <For each={a.standards}>
                          {(s, i) => (
                            <>
                              <Show when={i() > 0}>, </Show>
                              <abbr class="nowrap" title={s.title}>{s.code}</abbr>
                            </>
                          )}
                        </For>
                      </td>
                      <td>
                        {a.locations.map((l) => l.name).join(', ') || '—'}
                        <Show when={a.comparisonLocations.length > 0}>
                          <span class="hint"> (compared with {a.comparisonLocations.map((l) => l.name).join(', ')})</span>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </ListTable>
            </Show>
          )}
        </AsyncView>
      </div>
    </Page>
  )
}

// ---- the form, for a new action and for editing one

interface FormValues {
  title: string
  description: string
  ownerId: string
  startDate: string
  status: ActionStatus
  standardIds: string[]
  locationIds: string[]
  comparisonLocationIds: string[]
  windowDays: string
  settlingDays: string
}

function valuesFrom(a?: ActionView): FormValues {
  return {
    title: a?.title ?? '',
    description: a?.description ?? '',
    ownerId: a?.owner?.id ?? '',
    startDate: a?.startDate ?? today(),
    status: a?.status ?? 'planned',
    standardIds: a?.standards.map((s) => s.id) ?? [],
    locationIds: a?.locations.map((l) => l.id) ?? [],
    comparisonLocationIds: a?.comparisonLocations.map((l) => l.id) ?? [],
    windowDays: String(a?.windowDays ?? WINDOW_DAYS.default),
    settlingDays: String(a?.settlingDays ?? SETTLING_DAYS.default),
  }
}

/** What the form offers: active standards and locations, plus any archived ones the action already uses. */
async function loadChoices(a?: ActionView) {
  const [standards, locations, owners] = await Promise.all([
    call(api.standards.$get({ query: { archived: 'exclude' } })).then((r) => r.standards),
    call(api.locations.$get({ query: { archived: 'exclude' } })).then((r) => r.locations),
    call(api.actions.owners.$get()).then((r) => r.owners as NamedRef[]),
  ])
  const standardRefs: StandardRef[] = standards.map((s) => ({ id: s.id, code: s.code, title: s.title, metric: s.metric, direction: s.direction as 'higher' | 'lower', archived: false }))
  for (const s of a?.standards ?? []) if (!standardRefs.some((x) => x.id === s.id)) standardRefs.push(s)
  const locationRefs: LocationRef[] = locations.map((l) => ({ id: l.id, name: l.name, archived: false }))
  for (const l of [...(a?.locations ?? []), ...(a?.comparisonLocations ?? [])]) if (!locationRefs.some((x) => x.id === l.id)) locationRefs.push(l)
  if (a?.owner && !owners.some((o) => o.id === a.owner!.id)) owners.push(a.owner)
  return { standards: standardRefs, locations: locationRefs, owners }
}

/**
 * Records a new action or edits one. Checked with the API's own schema before sending; the API's
 * answers (an id of another organisation, an owner who cannot own actions) land on the same fields.
 */
export function ActionForm(props: { action?: ActionView; onSaved: (a: ActionView) => void; onCancel: () => void }) {
  const form = createSubmitter()
  const [values, setValues] = createStore<FormValues>(valuesFrom(props.action))
  const [choices, { refetch }] = createResource(() => loadChoices(props.action))
  let formEl: HTMLFormElement | undefined
  const toggle = (field: 'standardIds' | 'locationIds' | 'comparisonLocationIds', id: string, on: boolean) =>
    setValues(field, (list) => (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id)))
  /** The first problem on a list field or any of its items (`comparisonLocationIds.1`). */
  const listError = (field: string) => {
    const errors = form.fieldErrors()
    return errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}.`))?.[1]
  }

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const number = (v: string) => (v.trim() === '' ? Number.NaN : Number(v))
    const json = {
      title: values.title,
      description: values.description,
      ownerId: values.ownerId || null,
      startDate: values.startDate,
      status: values.status,
      standardIds: [...values.standardIds],
      locationIds: [...values.locationIds],
      comparisonLocationIds: values.comparisonLocationIds.filter((id) => !values.locationIds.includes(id)),
      windowDays: number(values.windowDays),
      settlingDays: number(values.settlingDays),
    }
    const checked = checkWith(form, ZActionInput, json)
    if (!checked) return focusFirstInvalid(formEl)
    const id = props.action?.id
    const saved = await form.run(() => (id ? call(api.actions[':id'].$patch({ param: { id }, json: checked })) : call(api.actions.$post({ json: checked }))))
    if (!saved) return focusFirstInvalid(formEl)
    props.onSaved(saved.action as ActionView)
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate aria-labelledby="action-form-title">
      <h2 id="action-form-title">{props.action ? 'Edit the action' : 'New improvement action'}</h2>
      <TextField label="Title" value={values.title} onInput={(v) => setValues('title', v)} error={form.fieldError('title')} required maxLength={160} hint="What is being changed, e.g. “Greeter at the door at lunchtimes”." />
      <TextAreaField label="Description" value={values.description} onInput={(v) => setValues('description', v)} error={form.fieldError('description')} maxLength={4000} rows={3} hint="Optional: why, and what exactly changes." />
      <AsyncView resource={choices} loading="Loading standards, locations and people…" onRetry={refetch}>
        {(c) => (
          <>
            <div class="field-row">
              <SelectField
                label="Owner"
                value={values.ownerId}
                onChange={(v) => setValues('ownerId', v)}
                options={[{ value: '', label: 'No owner yet' }, ...c().owners.map((o) => ({ value: o.id, label: o.name }))]}
                error={form.fieldError('ownerId')}
              />
              <SelectField
                label="Status"
                value={values.status}
                onChange={(v) => setValues('status', v as ActionStatus)}
                options={ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }))}
                error={form.fieldError('status')}
              />
            </div>
            <CheckboxGroup
              legend="Standards it should improve"
              name="Standards"
              required
              hint="Each standard gets its own before and after."
              options={c().standards.map((s) => ({ id: s.id, label: `${s.code} · ${s.title}${s.archived ? ' (archived)' : ''}` }))}
              selected={values.standardIds}
              onToggle={(id, on) => toggle('standardIds', id, on)}
              error={listError('standardIds')}
              empty="No active standards yet: create one first."
            />
            <CheckboxGroup
              legend="Locations with the action"
              name="Locations"
              required
              hint="Their figures are pooled."
              options={c().locations.map((l) => ({ id: l.id, label: `${l.name}${l.archived ? ' (archived)' : ''}` }))}
              selected={values.locationIds}
              onToggle={(id, on) => toggle('locationIds', id, on)}
              error={listError('locationIds')}
              empty="No active locations yet: add one first."
            />
            <CheckboxGroup
              legend="Comparison locations (optional)"
              name="Comparison locations"
              hint="Similar locations without the action: the difference of differences takes out a change every location saw, such as the season."
              options={c().locations.map((l) => ({ id: l.id, label: `${l.name}${l.archived ? ' (archived)' : ''}`, disabled: values.locationIds.includes(l.id) }))}
              selected={values.comparisonLocationIds.filter((id) => !values.locationIds.includes(id))}
              onToggle={(id, on) => toggle('comparisonLocationIds', id, on)}
              error={listError('comparisonLocationIds')}
              empty="No locations to compare with."
            />
          </>
        )}
      </AsyncView>
      <fieldset class="fieldset">
        <legend>When, and the windows compared</legend>
        <div class="field-row">
          <TextField label="Start date" type="date" value={values.startDate} onInput={(v) => setValues('startDate', v)} error={form.fieldError('startDate')} required hint="The day the change took effect." />
          <TextField
            label="Window (days)"
            type="number"
            inputMode="numeric"
            min={String(WINDOW_DAYS.min)}
            max={String(WINDOW_DAYS.max)}
            step="1"
            value={values.windowDays}
            onInput={(v) => setValues('windowDays', v)}
            error={form.fieldError('windowDays')}
            required
            hint={`${WINDOW_DAYS.min}–${WINDOW_DAYS.max} days before the start, and as many after.`}
          />
          <TextField
            label="Settling-in (days)"
            type="number"
            inputMode="numeric"
            min={String(SETTLING_DAYS.min)}
            max={String(SETTLING_DAYS.max)}
            step="1"
            value={values.settlingDays}
            onInput={(v) => setValues('settlingDays', v)}
            error={form.fieldError('settlingDays')}
            hint={`${SETTLING_DAYS.min}–${SETTLING_DAYS.max} days skipped after the start before the after window.`}
          />
        </div>
      </fieldset>
      <FormFeedback error={form.error()} success={form.success()} />
      <div class="form-actions">
        <SubmitButton pending={form.pending()} label={props.action ? 'Save changes' : 'Record action'} />
        <button type="button" class="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** Checkboxes under one legend; a problem is said once, under the legend, and the first box is marked for focus. */
function CheckboxGroup(props: {
  legend: string
  /** The field's name in a sentence ("Standards must include at least one standard"). */
  name: string
  hint?: string
  required?: boolean
  options: { id: string; label: string; disabled?: boolean }[]
  selected: string[]
  onToggle: (id: string, on: boolean) => void
  error?: string
  empty: string
}) {
  const id = `g-${createUniqueId()}`
  const describedBy = () => [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <fieldset class="fieldset" classList={{ 'field-invalid': !!props.error }} aria-describedby={describedBy()}>
      <legend>
        {props.legend}
        <Show when={props.required}>
          <span class="required-mark"> (required)</span>
        </Show>
      </legend>
      <Show when={props.hint}>
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${id}-error`}>
          {sentence(props.name, props.error!)}
        </p>
      </Show>
      <Show when={props.options.length > 0} fallback={<p class="muted">{props.empty}</p>}>
        <ul class="checkbox-list">
          <For each={props.options}>
            {(o, i) => (
              <li class="field field-checkbox">
                <input
                  id={`${id}-${o.id}`}
                  type="checkbox"
                  checked={props.selected.includes(o.id)}
                  disabled={o.disabled}
                  onChange={(e) => props.onToggle(o.id, e.currentTarget.checked)}
                  aria-invalid={props.error && i() === 0 ? 'true' : undefined}
                  aria-describedby={props.error ? `${id}-error` : undefined}
                />
                <label for={`${id}-${o.id}`}>
                  {o.label}
                  <Show when={o.disabled}>
                    <span class="sr-only"> (has the action)</span>
                  </Show>
                </label>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </fieldset>
  )
}
