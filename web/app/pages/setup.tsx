import { useNavigate } from '@solidjs/router'
import { createStore } from 'solid-js/store'
import { api, call } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { setNeedsSetup, setSession } from '../lib/session.ts'
import { FormFeedback, SubmitButton, TextField } from '../components/fields.tsx'
import { PublicFrame } from '../components/public-frame.tsx'

/** First run on an empty database: the organisation and its first admin. */
export function SetupPage() {
  const navigate = useNavigate()
  const form = createSubmitter()
  const [values, setValues] = createStore({ organisationName: '', name: '', email: '', password: '' })
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const result = await form.run(() => call(api.setup.$post({ json: { ...values } })))
    if (!result) return focusFirstInvalid(formEl)
    setSession(result)
    setNeedsSetup(false)
    navigate('/', { replace: true })
  }

  return (
    <PublicFrame title="Set up Yardstick" lead="Welcome. Name your organisation and create the first admin account; you can invite colleagues afterwards.">
      <form ref={formEl} onSubmit={submit} novalidate>
        <TextField label="Organisation name" value={values.organisationName} onInput={(v) => setValues('organisationName', v)} error={form.fieldError('organisationName')} required autocomplete="organization" />
        <TextField label="Your name" value={values.name} onInput={(v) => setValues('name', v)} error={form.fieldError('name')} required autocomplete="name" />
        <TextField label="Email" type="email" value={values.email} onInput={(v) => setValues('email', v)} error={form.fieldError('email')} required autocomplete="email" />
        <TextField
          label="Password"
          type="password"
          value={values.password}
          onInput={(v) => setValues('password', v)}
          error={form.fieldError('password')}
          hint="At least 10 characters. A short sentence is easy to remember and hard to guess."
          required
          autocomplete="new-password"
        />
        <FormFeedback error={form.error()} />
        <SubmitButton pending={form.pending()} label="Create organisation" pendingLabel="Creating…" class="button primary wide" />
      </form>
    </PublicFrame>
  )
}
