import { createSignal, createUniqueId, For, Show, type JSX } from 'solid-js'
import { METHOD_TEXT, METHOD_TEXT_MAX_CHARS, type MeasurementMethod, type MeasurementMethodView } from '../../../../shared/review.ts'
import { api, ApiError, call, errorMessage } from '../../lib/api.ts'
import { Paragraphs } from './section-note.tsx'
import { reportDate } from './report-data.ts'

/**
 * The measurement plan as a table: each method, whether it is used, why it fits, the sample planned
 * and the sample the period actually reached. Users with actions:write edit a method in place.
 */
export function MeasurementPlanTable(props: {
  methods: MeasurementMethodView[]
  canEdit: boolean
  achieved: Record<MeasurementMethod, JSX.Element>
  onSaved: (method: MeasurementMethodView) => void
}) {
  const [editing, setEditing] = createSignal<MeasurementMethod | null>(null)
  const buttons = new Map<MeasurementMethod, HTMLButtonElement>()
  const close = (m: MeasurementMethod) => {
    setEditing(null)
    queueMicrotask(() => buttons.get(m)?.focus())
  }
  return (
    <div class="table-wrap">
      <table class="table review-table review-methods" data-testid="review-methods">
        <caption>Measurement methods: whether each is used, why it fits, the sample planned and the sample reached in the period</caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Used</th>
            <th scope="col">Why it fits</th>
            <th scope="col">Sample planned</th>
            <th scope="col">Reached in the period</th>
            <Show when={props.canEdit}>
              <th scope="col" class="no-print">
                <span class="sr-only">Edit</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={props.methods}>
            {(m) => (
              <Show
                when={editing() === m.method}
                fallback={
                  <tr data-method={m.method}>
                    <th scope="row">
                      {METHOD_TEXT[m.method].name}
                      <span class="hint block">{METHOD_TEXT[m.method].about}</span>
                    </th>
                    <td>{m.recorded ? (m.used ? 'Yes' : 'No') : <span class="muted">Not recorded</span>}</td>
                    <td>
                      <Show when={m.justification} fallback={<span class="muted">{m.recorded ? '—' : 'No reason recorded yet'}</span>}>
                        <Paragraphs text={m.justification} />
                      </Show>
                      <Show when={m.updated_at}>
                        {(at) => (
                          <span class="hint block">
                            Recorded by {m.updated_by_name ?? 'a former user'}, {reportDate(at())}
                          </span>
                        )}
                      </Show>
                    </td>
                    <td>
                      <Show when={m.sample_plan} fallback={<span class="muted">—</span>}>
                        <Paragraphs text={m.sample_plan} />
                      </Show>
                    </td>
                    <td>{props.achieved[m.method]}</td>
                    <Show when={props.canEdit}>
                      <td class="no-print">
                        <button type="button" class="button small" ref={(el) => buttons.set(m.method, el)} onClick={() => setEditing(m.method)}>
                          Edit<span class="sr-only"> {METHOD_TEXT[m.method].name.toLowerCase()}</span>
                        </button>
                      </td>
                    </Show>
                  </tr>
                }
              >
                <tr class="no-print">
                  <td colSpan={6}>
                    <MethodForm
                      method={m}
                      onCancel={() => close(m.method)}
                      onSaved={(saved) => {
                        props.onSaved(saved)
                        close(m.method)
                      }}
                    />
                  </td>
                </tr>
              </Show>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}

function MethodForm(props: { method: MeasurementMethodView; onCancel: () => void; onSaved: (m: MeasurementMethodView) => void }) {
  const id = `method-${createUniqueId()}`
  const [used, setUsed] = createSignal(props.method.recorded ? props.method.used : true)
  const [justification, setJustification] = createSignal(props.method.justification)
  const [samplePlan, setSamplePlan] = createSignal(props.method.sample_plan)
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [error, setError] = createSignal('')
  const [saving, setSaving] = createSignal(false)
  const name = METHOD_TEXT[props.method.method].name

  const save = async (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = {}
    if (used() && !justification().trim()) problems.justification = 'Say why this method fits: the plan records the reason for every method used.'
    setErrors(problems)
    setError('')
    if (Object.keys(problems).length) {
      document.getElementById(`${id}-justification`)?.focus()
      return
    }
    setSaving(true)
    try {
      const r = await call(api.review.methods[':method'].$put({ param: { method: props.method.method }, json: { used: used(), justification: justification(), sample_plan: samplePlan() } }))
      props.onSaved(r.method as MeasurementMethodView)
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const fields = err.fieldErrors()
        setErrors({ justification: fields.justification ?? '', sample_plan: fields.sample_plan ?? '', used: fields.used ?? '' })
      }
      setError(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <form class="review-method-form" onSubmit={save} aria-label={`Edit ${name.toLowerCase()}`} data-method-form={props.method.method}>
      <h4>{name}</h4>
      <div class="field field-checkbox">
        <input id={`${id}-used`} type="checkbox" checked={used()} onChange={(e) => setUsed(e.currentTarget.checked)} />
        <label for={`${id}-used`}>We use this method</label>
      </div>
      <div class="field" classList={{ 'field-invalid': !!errors().justification }}>
        <label for={`${id}-justification`}>{used() ? 'Why it fits' : 'Why it is not used (optional)'}</label>
        <p class="hint" id={`${id}-justification-hint`}>
          What it tells you that the other methods do not, for these standards and customers.
        </p>
        <textarea
          id={`${id}-justification`}
          rows={3}
          maxLength={METHOD_TEXT_MAX_CHARS}
          value={justification()}
          onInput={(e) => setJustification(e.currentTarget.value)}
          aria-invalid={errors().justification ? 'true' : undefined}
          aria-describedby={`${id}-justification-hint${errors().justification ? ` ${id}-justification-error` : ''}`}
        />
        <Show when={errors().justification}>
          <p class="field-error" id={`${id}-justification-error`}>
            {errors().justification}
          </p>
        </Show>
      </div>
      <div class="field" classList={{ 'field-invalid': !!errors().sample_plan }}>
        <label for={`${id}-sample`}>Sample planned (optional)</label>
        <p class="hint" id={`${id}-sample-hint`}>
          How many answers or visits, where and how often: e.g. “100 answers per branch per quarter; 3 visits per branch per month”.
        </p>
        <textarea
          id={`${id}-sample`}
          rows={2}
          maxLength={METHOD_TEXT_MAX_CHARS}
          value={samplePlan()}
          onInput={(e) => setSamplePlan(e.currentTarget.value)}
          aria-invalid={errors().sample_plan ? 'true' : undefined}
          aria-describedby={`${id}-sample-hint${errors().sample_plan ? ` ${id}-sample-error` : ''}`}
        />
        <Show when={errors().sample_plan}>
          <p class="field-error" id={`${id}-sample-error`}>
            {errors().sample_plan}
          </p>
        </Show>
      </div>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="button-row">
        <button type="submit" class="button primary" disabled={saving()}>
          {saving() ? 'Saving…' : 'Save method'}
        </button>
        <button type="button" class="button" onClick={() => props.onCancel()} disabled={saving()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
