import { useNavigate, useSearchParams } from '@solidjs/router'
import { createStore } from 'solid-js/store'
import { api, call } from '../lib/api.ts'
import { safeNext } from '../lib/navigation.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { setSession } from '../lib/session.ts'
import { FormFeedback, SubmitButton, TextField } from '../components/fields.tsx'
import { PublicFrame } from '../components/public-frame.tsx'

export function LoginPage() {
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const form = createSubmitter()
  const [values, setValues] = createStore({ email: '', password: '' })
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const result = await form.run(() => call(api.auth.login.$post({ json: { ...values } })))
    if (!result) return focusFirstInvalid(formEl)
    setSession(result)
    navigate(safeNext(params.next), { replace: true })
  }

  return (
    <PublicFrame title="Sign in">
      <form ref={formEl} onSubmit={submit} novalidate>
        <TextField label="Email" type="email" value={values.email} onInput={(v) => setValues('email', v)} error={form.fieldError('email')} required autocomplete="username" />
        <TextField label="Password" type="password" value={values.password} onInput={(v) => setValues('password', v)} error={form.fieldError('password')} required autocomplete="current-password" />
        <FormFeedback error={form.error()} />
        <SubmitButton pending={form.pending()} label="Sign in" pendingLabel="Signing in…" class="button primary wide" />
      </form>
    </PublicFrame>
  )
}
