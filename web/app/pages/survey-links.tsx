import { createResource, createSignal, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { api, call, errorMessage, type CollectorRow } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { CopyField } from '../components/copy-field.tsx'
import { FormFeedback, SelectField, SubmitButton, TextField } from '../components/fields.tsx'

type LinkStatus = 'open' | 'paused' | 'closed'

const STATUS_LABELS: Record<LinkStatus, string> = { open: 'Open', paused: 'Paused', closed: 'Closed' }
const CHANNEL_SUGGESTIONS = ['QR code', 'Receipt', 'Email', 'SMS', 'Website', 'Kiosk']

/** A survey's links (collectors): each tagged with a location and channel so results can be split. */
export function SurveyLinks(props: { surveyId: string; published: boolean }) {
  const [links, { refetch }] = createResource(
    () => props.surveyId,
    (id) => call(api.surveys[':id'].collectors.$get({ param: { id } })).then((r) => r.collectors),
  )
  const [locations] = createResource(() => call(api.locations.$get({ query: {} })).then((r) => r.locations))
  const [message, setMessage] = createSignal('')
  const canWrite = () => allowed('surveys:write')

  const setStatus = async (link: CollectorRow, status: LinkStatus) => {
    if (status === 'closed') {
      const ok = await confirmAction({
        title: `Close “${link.label}”?`,
        message: 'People who open this link will see that the survey has closed. Answers already given are kept. You can reopen it later.',
        confirmLabel: 'Close link',
        danger: true,
      })
      if (!ok) return
    }
    try {
      await call(api.surveys[':id'].collectors[':collectorId'].$patch({ param: { id: props.surveyId, collectorId: link.id }, json: { status } }))
      setMessage(`“${link.label}” is now ${STATUS_LABELS[status].toLowerCase()}.`)
      refetch()
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  return (
    <section class="card" aria-labelledby="links-title">
      <h2 id="links-title">Links</h2>
      <p class="hint">Share a link in receipts, emails, SMS or as a QR code. Tag it with a location and channel to compare results by where they came from.</p>
      <Show when={!props.published}>
        <p class="notice">Links open for answers once the survey is published. You can create them now.</p>
      </Show>
      <Show when={canWrite()}>
        <NewLinkForm surveyId={props.surveyId} locations={locations() ?? []} onCreated={() => refetch()} />
      </Show>
      <p role="status" class="row-message">
        {message()}
      </p>
      <AsyncView resource={links} loading="Loading links…" onRetry={refetch}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<EmptyState title="No links yet"><p>Create a link to start collecting answers.</p></EmptyState>}>
            <ul class="link-list">
              <For each={rows()}>
                {(link) => (
                  <li class="link-item">
                    <div class="link-head">
                      <h3>{link.label}</h3>
                      <span class={`tag tag-${link.status}`}>{STATUS_LABELS[link.status as LinkStatus] ?? link.status}</span>
                    </div>
                    <p class="link-meta">
                      {link.location_name ?? 'No location'} · {link.channel || 'No channel'} · {link.responses} {link.responses === 1 ? 'response' : 'responses'}
                    </p>
                    <CopyField label={`Address of the link “${link.label}”`} value={link.url} />
                    <Show when={canWrite()}>
                      <div class="link-actions">
                        <Show when={link.status === 'open'}>
                          <button type="button" class="button small" onClick={() => setStatus(link, 'paused')}>
                            Pause<span class="sr-only"> {link.label}</span>
                          </button>
                        </Show>
                        <Show when={link.status === 'paused'}>
                          <button type="button" class="button small" onClick={() => setStatus(link, 'open')}>
                            Resume<span class="sr-only"> {link.label}</span>
                          </button>
                        </Show>
                        <Show when={link.status !== 'closed'}>
                          <button type="button" class="button small subtle-danger" onClick={() => setStatus(link, 'closed')}>
                            Close<span class="sr-only"> {link.label}</span>
                          </button>
                        </Show>
                        <Show when={link.status === 'closed'}>
                          <button type="button" class="button small" onClick={() => setStatus(link, 'open')}>
                            Reopen<span class="sr-only"> {link.label}</span>
                          </button>
                        </Show>
                        <a class="button small" href={link.url} target="_blank" rel="noopener">
                          Open<span class="sr-only"> {link.label} in a new tab</span>
                        </a>
                      </div>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </AsyncView>
    </section>
  )
}

function NewLinkForm(props: { surveyId: string; locations: { id: string; name: string }[]; onCreated: () => void }) {
  const form = createSubmitter()
  const [values, setValues] = createStore({ label: '', locationId: '', channel: '' })
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const created = await form.run(
      () => call(api.surveys[':id'].collectors.$post({ param: { id: props.surveyId }, json: { label: values.label, channel: values.channel, locationId: values.locationId || null } })),
      { success: 'Link created: copy it below.' },
    )
    if (!created) return focusFirstInvalid(formEl)
    setValues({ label: '', locationId: '', channel: '' })
    props.onCreated()
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate class="inline-form" aria-label="New link">
      <h3>New link</h3>
      <div class="field-row thirds">
        <TextField label="Label" value={values.label} onInput={(v) => setValues('label', v)} error={form.fieldError('label')} hint="e.g. “Till receipts, High Street”." required maxLength={120} />
        <SelectField
          label="Location"
          value={values.locationId}
          onChange={(v) => setValues('locationId', v)}
          options={[{ value: '', label: 'No location' }, ...props.locations.map((l) => ({ value: l.id, label: l.name }))]}
          error={form.fieldError('locationId')}
        />
        <TextField label="Channel" value={values.channel} onInput={(v) => setValues('channel', v)} error={form.fieldError('channel')} list="channel-suggestions" hint="e.g. QR code, Email." maxLength={40} />
      </div>
      <datalist id="channel-suggestions">
        <For each={CHANNEL_SUGGESTIONS}>{(c) => <option value={c} />}</For>
      </datalist>
      <FormFeedback error={form.error()} success={form.success()} />
      <SubmitButton pending={form.pending()} label="Create link" pendingLabel="Creating…" />
    </form>
  )
}
