import { createMemo, createUniqueId, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { ZLinkInput, ZLinkPatch } from '../../../../shared/distribution.ts'
import { checkWith, createSubmitter, focusFirstInvalid } from '../../lib/form.ts'
import { CHANNELS, createLink, fromLocalInput, toLocalInput, updateLink, type Link } from '../../lib/links.ts'
import { CheckboxField, FormFeedback, SelectField, SubmitButton, TextAreaField, TextField } from '../fields.tsx'

const KNOWN_CHANNELS = new Set<string>(CHANNELS.map((c) => c.value))

interface Values {
  label: string
  kind: 'link' | 'invitations'
  locationId: string
  channel: string
  otherChannel: string
  opensAt: string
  closesAt: string
  responseCap: string
  identified: boolean
  onePerDevice: boolean
  kiosk: boolean
  thankYou: string
  redirectUrl: string
}

function valuesOf(link: Link | undefined): Values {
  const channel = link?.channel ?? ''
  const known = channel === '' || KNOWN_CHANNELS.has(channel)
  return {
    label: link?.label ?? '',
    kind: link?.kind ?? 'link',
    locationId: link?.locationId ?? '',
    channel: known ? channel : 'other',
    otherChannel: known ? '' : channel,
    opensAt: toLocalInput(link?.opensAt ?? null),
    closesAt: toLocalInput(link?.closesAt ?? null),
    responseCap: link?.responseCap ? String(link.responseCap) : '',
    identified: link?.identified ?? false,
    onePerDevice: link?.onePerDevice ?? false,
    kiosk: link?.kiosk ?? false,
    thankYou: link?.thankYou ?? '',
    redirectUrl: link?.redirectUrl ?? '',
  }
}

/**
 * Creates a link, or edits one (`link` given): every setting, checked with the shared schema the
 * server uses before anything is sent, problems shown on their fields.
 */
export function LinkForm(props: { surveyId: string; link?: Link; locations: { id: string; name: string }[]; onSaved: (link: Link) => void; onCancel: () => void }) {
  const form = createSubmitter()
  const [values, setValues] = createStore<Values>(valuesOf(props.link))
  const editing = () => !!props.link
  const headingId = `link-form-${createUniqueId()}`
  let formEl: HTMLFormElement | undefined

  const channel = () => (values.channel === 'other' ? values.otherChannel.trim() || 'other' : values.channel)
  const settings = () => {
    const cap = values.responseCap.trim()
    return {
      label: values.label,
      locationId: values.locationId || null,
      channel: channel(),
      opensAt: fromLocalInput(values.opensAt),
      closesAt: fromLocalInput(values.closesAt),
      responseCap: cap === '' ? null : Number(cap),
      identified: values.identified,
      // The per-device rule does not apply to a shared kiosk.
      onePerDevice: values.kiosk ? false : values.onePerDevice,
      kiosk: values.kiosk,
      thankYou: values.thankYou,
      redirectUrl: values.redirectUrl.trim() || null,
    }
  }

  const channelOptions = createMemo(() => [{ value: '', label: 'No channel' }, ...CHANNELS.map((c) => ({ value: c.value, label: c.label }))])

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const extra: Record<string, string> = {}
    const cap = values.responseCap.trim()
    if (cap !== '' && !/^\d+$/.test(cap)) extra.responseCap = 'must be a whole number'
    const existing = props.link
    let save: () => Promise<Link>
    if (existing) {
      const patch = checkWith(form, ZLinkPatch, settings(), extra)
      if (!patch) return focusFirstInvalid(formEl)
      save = () => updateLink(props.surveyId, existing.id, patch)
    } else {
      const input = checkWith(form, ZLinkInput, { ...settings(), kind: values.kind }, extra)
      if (!input) return focusFirstInvalid(formEl)
      save = () => createLink(props.surveyId, input)
    }
    const saved = await form.run(save)
    if (!saved) return focusFirstInvalid(formEl)
    props.onSaved(saved)
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate class="link-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{editing() ? `Edit “${props.link!.label}”` : 'New link'}</h3>
      <div class="field-row">
        <TextField label="Label" value={values.label} onInput={(v) => setValues('label', v)} error={form.fieldError('label')} hint="For you: e.g. “Till receipts, High Street”." required maxLength={120} />
        <Show when={!editing()}>
          <SelectField
            label="Kind"
            value={values.kind}
            onChange={(v) => setValues('kind', v as Values['kind'])}
            options={[
              { value: 'link', label: 'One link for everyone' },
              { value: 'invitations', label: 'Invitation list (single-use personal links)' },
            ]}
            error={form.fieldError('kind')}
            hint="An invitation list gives each contact their own link that can be answered once."
          />
        </Show>
      </div>
      <div class="field-row">
        <SelectField
          label="Location"
          value={values.locationId}
          onChange={(v) => setValues('locationId', v)}
          options={[{ value: '', label: 'No location' }, ...props.locations.map((l) => ({ value: l.id, label: l.name }))]}
          error={form.fieldError('locationId')}
        />
        <SelectField label="Channel" value={values.channel} onChange={(v) => setValues('channel', v)} options={channelOptions()} error={values.channel === 'other' ? undefined : form.fieldError('channel')} hint="Where customers find this link." />
        <Show when={values.channel === 'other'}>
          <TextField label="Other channel" value={values.otherChannel} onInput={(v) => setValues('otherChannel', v)} error={form.fieldError('channel')} hint="e.g. Flyer, Newsletter." maxLength={40} />
        </Show>
      </div>
      <div class="field-row">
        <TextField label="Opens" type="datetime-local" value={values.opensAt} onInput={(v) => setValues('opensAt', v)} error={form.fieldError('opensAt')} hint="Empty: open now." />
        <TextField label="Closes" type="datetime-local" value={values.closesAt} onInput={(v) => setValues('closesAt', v)} error={form.fieldError('closesAt')} hint="Empty: no end date." />
        <TextField label="Response cap" type="number" inputMode="numeric" min="1" step="1" value={values.responseCap} onInput={(v) => setValues('responseCap', v)} error={form.fieldError('responseCap')} hint="Stop after this many responses. Empty: no cap." />
      </div>
      <fieldset class="fieldset">
        <legend>Who answers</legend>
        <div class="radio-row">
          <For each={[{ value: false, label: 'Anonymous', hint: 'Responses carry no contact details.' }, { value: true, label: 'Identified', hint: 'Responses through invitations keep the invitee’s name and columns.' }]}>
            {(o) => (
              <label class="radio-option">
                <input type="radio" name={`${headingId}-identified`} checked={values.identified === o.value} onChange={() => setValues('identified', o.value)} />
                <span>
                  <strong>{o.label}</strong> <span class="hint">{o.hint}</span>
                </span>
              </label>
            )}
          </For>
        </div>
        <CheckboxField
          label="Kiosk mode"
          checked={values.kiosk}
          onChange={(v) => setValues('kiosk', v)}
          hint="For a shared tablet: the survey starts again by itself after each response and when left idle, and keeps answers on the device while offline."
        />
        <CheckboxField
          label="One response per device"
          checked={values.kiosk ? false : values.onePerDevice}
          disabled={values.kiosk}
          onChange={(v) => setValues('onePerDevice', v)}
          hint={values.kiosk ? 'Not available in kiosk mode: many customers share the one device.' : 'Refuses a second response from the same device on the same day.'}
        />
      </fieldset>
      <TextAreaField label="Thank-you message" value={values.thankYou} onInput={(v) => setValues('thankYou', v)} error={form.fieldError('thankYou')} hint="Shown after a response instead of the survey’s own. Empty: the survey’s message." maxLength={2000} rows={2} />
      <TextField label="Redirect after the thank-you" type="url" value={values.redirectUrl} onInput={(v) => setValues('redirectUrl', v)} error={form.fieldError('redirectUrl')} hint="An https:// address to send customers to afterwards, e.g. your website. Empty: none." placeholder="https://" />
      <FormFeedback error={form.error()} success={form.success()} />
      <div class="button-row">
        <SubmitButton pending={form.pending()} label={editing() ? 'Save link' : 'Create link'} pendingLabel={editing() ? 'Saving…' : 'Creating…'} />
        <button type="button" class="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
