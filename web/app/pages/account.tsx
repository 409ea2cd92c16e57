import { createStore } from 'solid-js/store'
import { Show } from 'solid-js'
import { ROLE_LABELS, type Role } from '../../../shared/roles.ts'
import { ZChangePasswordInput } from '../../../shared/schemas.ts'
import { api, call } from '../lib/api.ts'
import { checkWith, createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { session, setSession } from '../lib/session.ts'
import { FormFeedback, SubmitButton, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'

/** The signed-in user's own account: who they are, and changing their password. */
export function AccountPage() {
  const form = createSubmitter()
  const [values, setValues] = createStore({ currentPassword: '', newPassword: '', confirm: '' })
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const mismatch: Record<string, string> = values.confirm !== values.newPassword ? { confirm: 'does not match the new password' } : {}
    const input = checkWith(form, ZChangePasswordInput, { currentPassword: values.currentPassword, newPassword: values.newPassword }, mismatch)
    if (!input) return focusFirstInvalid(formEl)
    const result = await form.run(() => call(api.auth.password.$post({ json: input })), {
      success: 'Password changed. You have been signed out everywhere else.',
    })
    if (!result) return focusFirstInvalid(formEl)
    // The server ended every session and started a new one for this browser: use its new CSRF token.
    const current = session()
    if (current) setSession({ ...current, csrfToken: result.csrfToken })
    setValues({ currentPassword: '', newPassword: '', confirm: '' })
  }

  return (
    <Page title="Your account" lead="Who you are signed in as, and your password." narrow>
      <Show when={session()}>
        {(s) => (
          <section class="card">
            <dl class="facts">
              <dt>Name</dt>
              <dd>{s().user.name}</dd>
              <dt>Email</dt>
              <dd>{s().user.email}</dd>
              <dt>Role</dt>
              <dd>{ROLE_LABELS[s().user.role as Role] ?? s().user.role}</dd>
              <dt>Organisation</dt>
              <dd>{s().organisation.name}</dd>
            </dl>
          </section>
        )}
      </Show>
      <section class="card">
        <h2>Change password</h2>
        <form ref={formEl} onSubmit={submit} novalidate>
          <TextField label="Current password" type="password" value={values.currentPassword} onInput={(v) => setValues('currentPassword', v)} error={form.fieldError('currentPassword')} required autocomplete="current-password" />
          <TextField label="New password" type="password" value={values.newPassword} onInput={(v) => setValues('newPassword', v)} error={form.fieldError('newPassword')} hint="At least 10 characters." required autocomplete="new-password" />
          <TextField label="Repeat the new password" type="password" value={values.confirm} onInput={(v) => setValues('confirm', v)} error={form.fieldError('confirm')} required autocomplete="new-password" />
          <FormFeedback error={form.error()} success={form.success()} />
          <SubmitButton pending={form.pending()} label="Change password" pendingLabel="Changing…" class="button primary" />
        </form>
      </section>
    </Page>
  )
}
