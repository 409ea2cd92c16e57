import { createResource, createSignal, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { LOCATION_KINDS } from '../../../shared/schemas.ts'
import { api, call, errorMessage, type LocationRow } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { CheckboxField, FormFeedback, SelectField, SubmitButton, TextField } from '../components/fields.tsx'
import { ListTable } from '../components/list-table.tsx'
import { Page } from '../components/page.tsx'

type Kind = (typeof LOCATION_KINDS)[number]

export const KIND_LABELS: Record<Kind, string> = {
  branch: 'Branch',
  store: 'Store',
  phone_line: 'Phone line',
  website: 'Website',
  other: 'Other',
}

const EMPTY = { name: '', code: '', kind: 'branch' as Kind, address: '' }

/** Locations (touchpoints): where service happens and results are split by. */
export function LocationsPage() {
  const [showArchived, setShowArchived] = createSignal(false)
  const [locations, { refetch }] = createResource((): 'include' | 'exclude' => (showArchived() ? 'include' : 'exclude'), (archived) =>
    call(api.locations.$get({ query: { archived } })).then((r) => r.locations),
  )
  const canWrite = () => allowed('config:write')
  const [editing, setEditing] = createSignal<LocationRow | null>(null)
  const [rowMessage, setRowMessage] = createSignal('')
  let formCard: HTMLDivElement | undefined

  /** After editing, focus goes back to the row's Edit button rather than being lost. */
  const finishEdit = async (loc: LocationRow, saved: boolean) => {
    setEditing(null)
    if (saved) await refetch()
    queueMicrotask(() => document.getElementById(`edit-${loc.id}`)?.focus())
  }

  const startEdit = (loc: LocationRow) => {
    setEditing(loc)
    formCard?.scrollIntoView({ block: 'start' })
    queueMicrotask(() => formCard?.querySelector<HTMLInputElement>('input')?.focus())
  }

  const archive = async (loc: LocationRow) => {
    const ok = await confirmAction({
      title: `Archive ${loc.name}?`,
      message: 'It disappears from lists and new links, but its past results are kept. You can restore it later.',
      confirmLabel: 'Archive location',
      danger: true,
    })
    if (!ok) return
    try {
      await call(api.locations[':id'].archive.$post({ param: { id: loc.id } }))
      setRowMessage(`${loc.name} archived.`)
      if (editing()?.id === loc.id) setEditing(null)
      refetch()
    } catch (err) {
      setRowMessage(errorMessage(err))
    }
  }

  const restore = async (loc: LocationRow) => {
    try {
      await call(api.locations[':id'].restore.$post({ param: { id: loc.id } }))
      setRowMessage(`${loc.name} restored.`)
      refetch()
    } catch (err) {
      setRowMessage(errorMessage(err))
    }
  }

  return (
    <Page title="Locations" lead="Branches, stores, phone lines and websites: the places where service happens. Survey links are tagged with a location so results can be compared.">
      <div class="layout-split">
        <Show when={canWrite()}>
          <div class="card" ref={formCard}>
            <Show when={editing()} keyed fallback={<LocationForm onSaved={() => refetch()} />}>
              {(loc) => (
                <LocationForm
                  location={loc}
                  onSaved={(name) => {
                    setRowMessage(`${name} saved.`)
                    void finishEdit(loc, true)
                  }}
                  onCancel={() => void finishEdit(loc, false)}
                />
              )}
            </Show>
          </div>
        </Show>
        <div class="card">
          <div class="list-toolbar">
            <h2>All locations</h2>
            <CheckboxField label="Show archived" checked={showArchived()} onChange={setShowArchived} />
          </div>
          <p role="status" class="row-message">
            {rowMessage()}
          </p>
          <AsyncView resource={locations} loading="Loading locations…" onRetry={refetch}>
            {(rows) => (
              <Show
                when={rows().length > 0}
                fallback={
                  <EmptyState title="No locations yet">
                    <p>Add your branches, stores, phone lines or website so results can be split by where service happened.</p>
                  </EmptyState>
                }
              >
                <ListTable
                  actions={canWrite()}
                  head={
                    <>
                      <th scope="col">Name</th>
                      <th scope="col">Code</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Address</th>
                    </>
                  }
                >
                  <For each={rows()}>
                    {(loc) => (
                      <tr classList={{ archived: !!loc.archived_at }}>
                        <th scope="row">
                          {loc.name}
                          <Show when={loc.archived_at}>
                            <span class="tag">Archived</span>
                          </Show>
                        </th>
                        <td>{loc.code || '—'}</td>
                        <td>{KIND_LABELS[loc.kind as Kind] ?? loc.kind}</td>
                        <td>{loc.address || '—'}</td>
                        <Show when={canWrite()}>
                          <td class="actions">
                            <Show
                              when={!loc.archived_at}
                              fallback={
                                <button type="button" class="button small" onClick={() => restore(loc)}>
                                  Restore<span class="sr-only"> {loc.name}</span>
                                </button>
                              }
                            >
                              <button type="button" id={`edit-${loc.id}`} class="button small" onClick={() => startEdit(loc)}>
                                Edit<span class="sr-only"> {loc.name}</span>
                              </button>
                              <button type="button" class="button small subtle-danger" onClick={() => archive(loc)}>
                                Archive<span class="sr-only"> {loc.name}</span>
                              </button>
                            </Show>
                          </td>
                        </Show>
                      </tr>
                    )}
                  </For>
                </ListTable>
              </Show>
            )}
          </AsyncView>
        </div>
      </div>
    </Page>
  )
}

function LocationForm(props: { location?: LocationRow; onSaved: (name: string) => void; onCancel?: () => void }) {
  const form = createSubmitter()
  const initial = props.location
    ? { name: props.location.name, code: props.location.code, kind: props.location.kind as Kind, address: props.location.address }
    : { ...EMPTY }
  const [values, setValues] = createStore(initial)
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const json = { ...values }
    const id = props.location?.id
    const saved = await form.run(
      () => (id ? call(api.locations[':id'].$patch({ param: { id }, json })) : call(api.locations.$post({ json }))),
      { success: id ? undefined : `${values.name} added.` },
    )
    if (!saved) return focusFirstInvalid(formEl)
    if (!id) setValues({ ...EMPTY })
    props.onSaved(json.name)
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h2>{props.location ? `Edit ${props.location.name}` : 'Add a location'}</h2>
      <TextField label="Name" value={values.name} onInput={(v) => setValues('name', v)} error={form.fieldError('name')} required maxLength={120} />
      <div class="field-row">
        <TextField label="Code" value={values.code} onInput={(v) => setValues('code', v)} error={form.fieldError('code')} hint="Optional, e.g. a branch number." maxLength={40} />
        <SelectField
          label="Kind"
          value={values.kind}
          onChange={(v) => setValues('kind', v as Kind)}
          options={LOCATION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
          error={form.fieldError('kind')}
        />
      </div>
      <TextField label="Address" value={values.address} onInput={(v) => setValues('address', v)} error={form.fieldError('address')} hint="Optional." maxLength={300} />
      <FormFeedback error={form.error()} success={form.success()} />
      <div class="form-actions">
        <SubmitButton pending={form.pending()} label={props.location ? 'Save changes' : 'Add location'} />
        <Show when={props.onCancel}>
          <button type="button" class="button" onClick={() => props.onCancel?.()}>
            Cancel
          </button>
        </Show>
      </div>
    </form>
  )
}
