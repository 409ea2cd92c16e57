import { A } from '@solidjs/router'
import { createMemo, createResource, createSignal, For, Show, type JSX } from 'solid-js'
import { createStore } from 'solid-js/store'
import { api, call } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate, today } from '../lib/format.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { FormFeedback, SelectField, SubmitButton, TextAreaField, TextField, type Option } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { AuditsNav } from '../components/audit/audits-nav.tsx'
import type { AssignmentSummary } from '../components/audit/types.ts'

interface Choices {
  templates: Option[]
  locations: Option[]
  shoppers: Option[]
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Assigning visits: one visit to one shopper, or a wave of visits across locations. */
export function AuditPlanPage() {
  const [choices, { refetch }] = createResource(async (): Promise<Choices> => {
    const [templates, locations, shoppers] = await Promise.all([
      call(api['audit-templates'].$get()),
      call(api.locations.$get({ query: { archived: 'exclude' } })),
      call(api['audit-shoppers'].$get()),
    ])
    return {
      templates: templates.templates.filter((t) => t.publishedVersion !== null && !t.archivedAt).map((t) => ({ value: t.id, label: `${t.title} (version ${t.publishedVersion})` })),
      locations: locations.locations.map((l) => ({ value: l.id, label: l.name })),
      shoppers: shoppers.shoppers.map((s) => ({ value: s.id, label: s.name })),
    }
  })

  return (
    <Page title="Assign visits" lead="Give a shopper one visit, or plan a wave: one visit per location in the same window.">
      <AuditsNav />
      <AsyncView resource={choices} loading="Loading templates, locations and shoppers…" onRetry={refetch}>
        {(c) => (
          <Show when={c().templates.length > 0 && c().locations.length > 0 && c().shoppers.length > 0} fallback={<MissingChoices choices={c()} />}>
            <div class="layout-halves audit-plan">
              <section class="card" aria-labelledby="one-visit-title">
                <OneVisitForm choices={c()} />
              </section>
              <section class="card" aria-labelledby="wave-title">
                <WaveForm choices={c()} />
              </section>
            </div>
          </Show>
        )}
      </AsyncView>
    </Page>
  )
}

function MissingChoices(props: { choices: Choices }) {
  return (
    <div class="card">
      <EmptyState title="Not ready to assign visits yet">
        <ul>
          <Show when={props.choices.templates.length === 0}>
            <li>
              Publish an <A href="/audits/templates">audit template</A>: visits use its published version.
            </li>
          </Show>
          <Show when={props.choices.locations.length === 0}>
            <li>
              Add a <A href="/locations">location</A> to visit.
            </li>
          </Show>
          <Show when={props.choices.shoppers.length === 0}>
            <li>Invite a user with the Mystery shopper role (Users page).</li>
          </Show>
        </ul>
      </EmptyState>
    </div>
  )
}

interface WindowValues {
  templateId: string
  visitFrom: string
  visitTo: string
  dueAt: string
  instructions: string
}

function windowDefaults(choices: Choices): WindowValues {
  const from = today()
  return { templateId: choices.templates[0]?.value ?? '', visitFrom: from, visitTo: addDays(from, 13), dueAt: addDays(from, 16), instructions: '' }
}

/** Template, visit window, due date and instructions: the part both forms share. */
function WindowFields(props: { values: WindowValues; set: (key: keyof WindowValues, value: string) => void; error: (name: string) => string | undefined; templates: Option[]; children?: JSX.Element }) {
  return (
    <>
      <SelectField
        label="Template"
        value={props.values.templateId}
        onChange={(v) => props.set('templateId', v)}
        options={props.templates}
        error={props.error('templateId')}
        hint="Only templates with a published version; the visit keeps that version."
        required
      />
      {props.children}
      <div class="field-row">
        <TextField label="Visit from" type="date" value={props.values.visitFrom} onInput={(v) => props.set('visitFrom', v)} error={props.error('visitFrom')} required />
        <TextField label="Visit to" type="date" value={props.values.visitTo} onInput={(v) => props.set('visitTo', v)} error={props.error('visitTo')} required />
      </div>
      <TextField label="Due" type="date" value={props.values.dueAt} onInput={(v) => props.set('dueAt', v)} error={props.error('dueAt')} hint="The audit is due by the end of this day." required />
      <TextAreaField
        label="Instructions"
        value={props.values.instructions}
        onInput={(v) => props.set('instructions', v)}
        error={props.error('instructions')}
        hint="What to buy or ask, when to go. Never ask a shopper to reveal themselves."
        maxLength={4000}
      />
    </>
  )
}

function OneVisitForm(props: { choices: Choices }) {
  const form = createSubmitter()
  const [values, setValues] = createStore({ ...windowDefaults(props.choices), locationId: props.choices.locations[0]?.value ?? '', shopperId: props.choices.shoppers[0]?.value ?? '' })
  const [created, setCreated] = createSignal<AssignmentSummary | null>(null)
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setCreated(null)
    const res = await form.run(() => call(api.assignments.$post({ json: { ...values } })))
    if (!res) return focusFirstInvalid(formEl)
    setCreated(res.assignment as AssignmentSummary)
    setValues('instructions', '')
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h2 id="one-visit-title">One visit</h2>
      <WindowFields values={values} set={(k, v) => setValues(k, v)} error={form.fieldError} templates={props.choices.templates}>
        <div class="field-row">
          <SelectField label="Location" value={values.locationId} onChange={(v) => setValues('locationId', v)} options={props.choices.locations} error={form.fieldError('locationId')} required />
          <SelectField label="Shopper" value={values.shopperId} onChange={(v) => setValues('shopperId', v)} options={props.choices.shoppers} error={form.fieldError('shopperId')} required />
        </div>
      </WindowFields>
      <FormFeedback error={form.error()} />
      <div role="status" class="form-feedback-slot">
        <Show when={created()}>
          {(a) => (
            <p class="form-success">
              Visit assigned to {a().shopperName}: <A href={`/audits/${a().id}`}>{a().locationName}, {formatDate(a().visitFrom)} to {formatDate(a().visitTo)}</A>.
            </p>
          )}
        </Show>
      </div>
      <SubmitButton pending={form.pending()} label="Assign visit" pendingLabel="Assigning…" />
    </form>
  )
}

interface WaveRow {
  locationId: string
  name: string
  ticked: boolean
  shopperId: string
}

function WaveForm(props: { choices: Choices }) {
  const form = createSubmitter()
  const [values, setValues] = createStore({ ...windowDefaults(props.choices), name: '' })
  const [rows, setRows] = createStore<WaveRow[]>(props.choices.locations.map((l) => ({ locationId: l.value, name: l.label, ticked: false, shopperId: '' })))
  const [created, setCreated] = createSignal<{ id: string; name: string; count: number } | null>(null)
  const ticked = createMemo(() => rows.filter((r) => r.ticked))
  let formEl: HTMLFormElement | undefined

  /** Gives the ticked locations to the shoppers in turn, so the visits spread evenly. */
  const spread = () => {
    let turn = 0
    rows.forEach((r, i) => {
      if (!r.ticked) return
      setRows(i, 'shopperId', props.choices.shoppers[turn % props.choices.shoppers.length]!.value)
      turn++
    })
  }

  const rowError = (locationId: string) => {
    const i = ticked().findIndex((r) => r.locationId === locationId)
    if (i < 0) return undefined
    return form.fieldError(`visits.${i}.shopperId`) ?? form.fieldError(`visits.${i}.locationId`) ?? form.fieldError(`visits.${i}`)
  }

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setCreated(null)
    const missing = ticked().findIndex((r) => !r.shopperId)
    if (ticked().length === 0) return form.fail({ visits: 'Tick at least one location to visit.' }, 'Tick at least one location to visit.')
    if (missing >= 0) {
      form.fail({ [`visits.${missing}.shopperId`]: 'Pick a shopper for this location.' })
      return focusFirstInvalid(formEl)
    }
    const visits = ticked().map((r) => ({ locationId: r.locationId, shopperId: r.shopperId }))
    const res = await form.run(() => call(api.waves.$post({ json: { ...values, visits } })))
    if (!res) return focusFirstInvalid(formEl)
    setCreated({ id: res.wave.id, name: res.wave.name, count: res.assignments.length })
    setValues('name', '')
    setRows({ from: 0, to: rows.length - 1 }, { ticked: false, shopperId: '' })
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h2 id="wave-title">A wave of visits</h2>
      <TextField label="Wave name" value={values.name} onInput={(v) => setValues('name', v)} error={form.fieldError('name')} hint="e.g. “Spring 2026 round”." required maxLength={200} />
      <WindowFields values={values} set={(k, v) => setValues(k, v)} error={form.fieldError} templates={props.choices.templates} />
      <fieldset class="fieldset wave-visits">
        <legend>Locations and shoppers</legend>
        <Show when={form.fieldError('visits')}>
          <p class="field-error">{form.fieldError('visits')}</p>
        </Show>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Visit</th>
                <th scope="col">Location</th>
                <th scope="col">Shopper</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows}>
                {(r, i) => (
                  <tr>
                    <td>
                      <input
                        type="checkbox"
                        id={`wave-visit-${r.locationId}`}
                        checked={r.ticked}
                        onChange={(e) => {
                          setRows(i(), 'ticked', e.currentTarget.checked)
                          if (!e.currentTarget.checked) setRows(i(), 'shopperId', '')
                        }}
                        aria-label={`Visit ${r.name}`}
                      />
                    </td>
                    <th scope="row">
                      <label for={`wave-visit-${r.locationId}`}>{r.name}</label>
                    </th>
                    <td>
                      <select
                        value={r.shopperId}
                        disabled={!r.ticked}
                        aria-label={`Shopper for ${r.name}`}
                        aria-invalid={rowError(r.locationId) ? 'true' : undefined}
                        aria-describedby={rowError(r.locationId) ? `wave-error-${r.locationId}` : undefined}
                        onChange={(e) => setRows(i(), 'shopperId', e.currentTarget.value)}
                      >
                        <option value="" selected={r.shopperId === ''}>
                          {r.ticked ? 'Pick a shopper' : '—'}
                        </option>
                        <For each={props.choices.shoppers}>
                          {(s) => (
                            <option value={s.value} selected={s.value === r.shopperId}>
                              {s.label}
                            </option>
                          )}
                        </For>
                      </select>
                      <Show when={rowError(r.locationId)}>
                        <p class="field-error" id={`wave-error-${r.locationId}`}>
                          {rowError(r.locationId)}
                        </p>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <div class="button-row">
          <button type="button" class="button small" onClick={() => setRows({ from: 0, to: rows.length - 1 }, 'ticked', true)}>
            Tick all locations
          </button>
          <button type="button" class="button small" onClick={spread} disabled={ticked().length === 0}>
            Spread across shoppers
          </button>
          <span class="hint">
            {ticked().length} {ticked().length === 1 ? 'visit' : 'visits'}
          </span>
        </div>
      </fieldset>
      <FormFeedback error={form.error()} />
      <div role="status" class="form-feedback-slot">
        <Show when={created()}>
          {(w) => (
            <p class="form-success">
              Wave “{w().name}” created with {w().count} {w().count === 1 ? 'visit' : 'visits'}: <A href={`/audits?wave=${w().id}`}>see its assignments</A>.
            </p>
          )}
        </Show>
      </div>
      <SubmitButton pending={form.pending()} label="Create wave" pendingLabel="Creating…" />
    </form>
  )
}
