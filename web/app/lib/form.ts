import { createSignal } from 'solid-js'
import type { ZodType, z } from 'zod'
import { ApiError, errorMessage } from './api.ts'

export interface Submitter {
  pending: () => boolean
  /** The form-level error message, or '' when the last submit worked. */
  error: () => string
  /** The message for one field, keyed like the API's issue paths without `body.`. */
  fieldError: (name: string) => string | undefined
  fieldErrors: () => Record<string, string>
  success: () => string
  setSuccess: (message: string) => void
  clear: () => void
  /** Shows errors found before sending (e.g. by a shared zod schema), as if the server had returned them. */
  fail: (fields: Record<string, string>, message?: string) => void
  /** Runs a write: one at a time, errors mapped to fields, optional success message. */
  run<T>(work: () => Promise<T>, opts?: { success?: string }): Promise<T | undefined>
}

/** State for one form's submissions: pending flag, inline field errors from `issues`, feedback. */
export function createSubmitter(): Submitter {
  const [pending, setPending] = createSignal(false)
  const [error, setError] = createSignal('')
  const [fields, setFields] = createSignal<Record<string, string>>({})
  const [success, setSuccess] = createSignal('')
  let successTimer: ReturnType<typeof setTimeout> | undefined

  const clear = () => {
    setError('')
    setFields({})
    setSuccess('')
  }

  return {
    pending,
    error,
    fieldError: (name) => fields()[name],
    fieldErrors: fields,
    success,
    setSuccess,
    clear,
    fail(fieldMap, message) {
      setSuccess('')
      setFields(fieldMap)
      setError(message ?? 'Please correct the highlighted fields.')
    },
    async run(work, opts) {
      if (pending()) return undefined
      clear()
      setPending(true)
      try {
        const result = await work()
        if (opts?.success) {
          setSuccess(opts.success)
          clearTimeout(successTimer)
          successTimer = setTimeout(() => setSuccess(''), 6000)
        }
        return result
      } catch (err) {
        if (err instanceof ApiError && err.issues.length > 0) {
          setFields(err.fieldErrors())
          setError('Please correct the highlighted fields.')
        } else {
          setError(errorMessage(err))
        }
        return undefined
      } finally {
        setPending(false)
      }
    },
  }
}

/** Moves focus to the first field marked invalid inside a form, after the DOM has updated. */
export function focusFirstInvalid(form: HTMLElement | undefined): void {
  queueMicrotask(() => {
    const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('.form-error')
    el?.focus()
  })
}

/**
 * Checks a form's values with the shared zod schema the server also uses. Returns the parsed value,
 * or null after showing the problems on the form's fields (`extra` problems found by the form
 * itself win over the schema's message for the same field).
 */
export function checkWith<S extends ZodType>(form: Submitter, schema: S, value: unknown, extra: Record<string, string> = {}): z.output<S> | null {
  const parsed = schema.safeParse(value)
  if (parsed.success && Object.keys(extra).length === 0) return parsed.data
  const fields: Record<string, string> = { ...extra }
  for (const issue of parsed.error?.issues ?? []) fields[issue.path.join('.')] ??= issue.message
  form.fail(fields)
  return null
}
