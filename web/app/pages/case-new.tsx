import { A, useNavigate } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { CASE_PRIORITIES, CHANNEL_LABELS, COMPLAINT_CHANNELS, PRIORITY_LABELS, type CasePriority } from '../../../shared/case-terms.ts'
import { api, call } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { session } from '../lib/session.ts'
import { CheckboxField, FormFeedback, SelectField, sentence, SubmitButton, TextAreaField, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'

type Channel = (typeof COMPLAINT_CHANNELS)[number]

/** The browser's local time as a datetime-local value (YYYY-MM-DDTHH:MM). */
function localNow(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A complaint received by phone, email, letter, in person, web form or social media, logged into the case register. */
export function CaseNewPage() {
  const navigate = useNavigate()
  const form = createSubmitter()
  const [locations] = createResource(() => call(api.locations.$get({ query: {} })).then((r) => r.locations))
  const [standards] = createResource(() => call(api.standards.$get({ query: {} })).then((r) => r.standards))
  const [assignees] = createResource(() => call(api.cases.assignees.$get()).then((r) => r.users))
  const [values, setValues] = createStore({
    channel: 'phone' as Channel,
    title: '',
    summary: '',
    customerName: '',
    customerContact: '',
    contactAllowed: false,
    locationId: '',
    standardIds: [] as string[],
    priority: 'normal' as CasePriority,
    ownerId: '',
    receivedAt: localNow(),
  })
  let formEl: HTMLFormElement | undefined

  const standardsError = () => Object.entries(form.fieldErrors()).find(([k]) => k === 'standardIds' || k.startsWith('standardIds.'))?.[1]
  const toggleStandard = (id: string, on: boolean) => setValues('standardIds', (ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)))

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const received = values.receivedAt ? new Date(values.receivedAt) : null
    const json = {
      channel: values.channel,
      title: values.title,
      summary: values.summary,
      customerName: values.customerName,
      customerContact: values.customerContact,
      contactAllowed: values.contactAllowed,
      locationId: values.locationId || null,
      standardIds: [...values.standardIds],
      priority: values.priority,
      ownerId: values.ownerId || null,
      // A date the browser cannot read is sent as typed, for the server to name the field.
      ...(values.receivedAt ? { receivedAt: received && !Number.isNaN(received.getTime()) ? received.toISOString() : values.receivedAt } : {}),
    }
    const saved = await form.run(() => call(api.cases.$post({ json })))
    if (!saved) return focusFirstInvalid(formEl)
    navigate(`/cases/${saved.case!.id}`)
  }

  return (
    <Page title="Log a complaint" lead="A complaint received by phone, email, letter, in person, a web form or social media: it joins the case queue with a due time from your SLA." narrow>
      <p class="breadcrumb">
        <A href="/cases">← Cases</A>
      </p>
      <form ref={formEl} class="card form-card" onSubmit={submit} novalidate aria-label="Complaint">
        <div class="field-row">
          <SelectField
            label="Channel"
            required
            value={values.channel}
            onChange={(v) => setValues('channel', v as Channel)}
            options={COMPLAINT_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
            error={form.fieldError('channel')}
          />
          <TextField label="Received at" type="datetime-local" value={values.receivedAt} onInput={(v) => setValues('receivedAt', v)} max={localNow()} error={form.fieldError('receivedAt')} hint="The SLA runs from then." />
        </div>
        <TextField label="Title" required value={values.title} onInput={(v) => setValues('title', v)} maxLength={160} error={form.fieldError('title')} hint="A short description, e.g. “Charged twice for one coffee”." />
        <TextAreaField label="Summary" value={values.summary} onInput={(v) => setValues('summary', v)} rows={4} maxLength={5000} error={form.fieldError('summary')} hint="What the customer told us." />

        <fieldset class="fieldset">
          <legend>The customer</legend>
          <p class="hint">Optional. Keep only what you need to reply to this complaint: the details are used for nothing else.</p>
          <div class="field-row">
            <TextField label="Customer name" value={values.customerName} onInput={(v) => setValues('customerName', v)} maxLength={160} autocomplete="off" error={form.fieldError('customerName')} />
            <TextField label="Customer contact" value={values.customerContact} onInput={(v) => setValues('customerContact', v)} maxLength={254} autocomplete="off" error={form.fieldError('customerContact')} hint="An email address or phone number." />
          </div>
          <CheckboxField
            label="The customer agreed to be contacted about this complaint"
            checked={values.contactAllowed}
            onChange={(v) => setValues('contactAllowed', v)}
            error={form.fieldError('contactAllowed')}
            hint="Tick only if they said yes. Without it, the case shows that the details must not be used to get in touch."
          />
        </fieldset>

        <div class="field-row">
          <SelectField
            label="Location"
            value={values.locationId}
            onChange={(v) => setValues('locationId', v)}
            options={[{ value: '', label: 'No particular location' }, ...(locations.latest ?? []).map((l) => ({ value: l.id, label: l.name }))]}
            error={form.fieldError('locationId')}
          />
          <SelectField
            label="Priority"
            value={values.priority}
            onChange={(v) => setValues('priority', v as CasePriority)}
            options={CASE_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
            error={form.fieldError('priority')}
            hint="Sets the due time."
          />
        </div>
        <SelectField
          label="Owner"
          value={values.ownerId}
          onChange={(v) => setValues('ownerId', v)}
          options={[
            { value: '', label: 'The default owner from the case rules' },
            ...(assignees.latest ?? []).map((u) => ({ value: u.id, label: u.id === session()?.user.id ? `${u.name} (you)` : u.name })),
          ]}
          error={form.fieldError('ownerId')}
        />

        <fieldset class="fieldset" classList={{ 'field-invalid': !!standardsError() }} aria-describedby={standardsError() ? 'complaint-standards-error' : undefined}>
          <legend>Standards concerned</legend>
          <Show when={standards.state === 'ready'} fallback={<p class="loading">{standards.error ? 'The standards could not be loaded.' : 'Loading the standards…'}</p>}>
            <Show when={(standards() ?? []).length > 0} fallback={<p class="muted">No service standards yet.</p>}>
              <ul class="checkbox-list complaint-standards">
                <For each={standards()}>
                  {(s) => (
                    <li>
                      <CheckboxField label={`${s.code} · ${s.title}`} checked={values.standardIds.includes(s.id)} onChange={(on) => toggleStandard(s.id, on)} />
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Show>
          <Show when={standardsError()}>
            {(msg) => (
              <p class="field-error" id="complaint-standards-error" tabindex="-1">
                {sentence('A standard', msg())}
              </p>
            )}
          </Show>
        </fieldset>

        <FormFeedback error={form.error()} />
        <div class="form-actions">
          <SubmitButton pending={form.pending()} label="Log the complaint" pendingLabel="Logging…" />
          <A href="/cases" class="button">
            Cancel
          </A>
        </div>
      </form>
    </Page>
  )
}
