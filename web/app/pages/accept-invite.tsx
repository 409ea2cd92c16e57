import { useNavigate, useParams } from '@solidjs/router'
import { createResource, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { ROLE_LABELS, type Role } from '../../../shared/roles.ts'
import { api, call } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { setSession } from '../lib/session.ts'
import { AsyncView } from '../components/async-view.tsx'
import { FormFeedback, SubmitButton, TextField } from '../components/fields.tsx'
import { PublicFrame } from '../components/public-frame.tsx'

/** An invitee chooses their name and password; the invitation says which organisation and role. */
export function AcceptInvitePage() {
  const params = useParams()
  const navigate = useNavigate()
  const [invitation] = createResource(() => params.token, (token) => call(api.invitations[':token'].$get({ param: { token } })))
  const form = createSubmitter()
  const [values, setValues] = createStore({ name: '', password: '' })
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const result = await form.run(() => call(api.invitations[':token'].accept.$post({ param: { token: params.token! }, json: { ...values } })))
    if (!result) return focusFirstInvalid(formEl)
    setSession(result)
    navigate('/', { replace: true })
  }

  return (
    <PublicFrame title="Accept your invitation">
      <AsyncView resource={invitation} loading="Checking your invitation…">
        {(inv) => (
          <>
            <p>
              You have been invited to join <strong>{inv().organisation}</strong> as <strong>{ROLE_LABELS[inv().role as Role] ?? inv().role}</strong>, with the email{' '}
              <strong>{inv().email}</strong>.
            </p>
            <form ref={formEl} onSubmit={submit} novalidate>
              <TextField label="Your name" value={values.name} onInput={(v) => setValues('name', v)} error={form.fieldError('name')} required autocomplete="name" />
              <TextField
                label="Choose a password"
                type="password"
                value={values.password}
                onInput={(v) => setValues('password', v)}
                error={form.fieldError('password')}
                hint="At least 10 characters."
                required
                autocomplete="new-password"
              />
              <FormFeedback error={form.error()} />
              <SubmitButton pending={form.pending()} label="Create my account" pendingLabel="Creating…" class="button primary wide" />
            </form>
          </>
        )}
      </AsyncView>
      <Show when={invitation.error}>
        <p>
          <a href="/login">Go to sign in</a>
        </p>
      </Show>
    </PublicFrame>
  )
}
