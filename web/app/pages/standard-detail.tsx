import { A, useNavigate, useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { CUSTOMER_TYPES, DIMENSION_LABELS, DIMENSIONS, METRIC_LABELS, STANDARD_METRICS, targetRange, ZStandardInput } from '../../../shared/schemas.ts'
import { api, call, errorMessage, type StandardDetail } from '../lib/api.ts'
import { checkWith, createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate, formatTarget, formatTolerance, today } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { FormFeedback, SelectField, SubmitButton, TextAreaField, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { dimensionLabel, metricLabel } from './standards.tsx'

type Standard = StandardDetail['standard']
type CustomerType = (typeof CUSTOMER_TYPES)[number]

const CUSTOMER_TYPE_LABELS: Record<CustomerType, string> = { external: 'External customers', internal: 'Internal customers (colleagues)', both: 'Both' }

interface FormValues {
  code: string
  title: string
  description: string
  owner: string
  channel: string
  customerType: string
  dimension: string
  metric: string
  target: string
  tolerance: string
  direction: string
  targetEffectiveFrom: string
}

function valuesFrom(s?: Standard): FormValues {
  return {
    code: s?.code ?? '',
    title: s?.title ?? '',
    description: s?.description ?? '',
    owner: s?.owner ?? '',
    channel: s?.channel ?? '',
    customerType: s?.customer_type ?? 'external',
    dimension: s?.dimension ?? 'reliability',
    metric: s?.metric ?? 'csat',
    target: s ? String(s.target) : '',
    tolerance: s ? String(s.tolerance) : '5',
    direction: s?.direction ?? 'higher',
    targetEffectiveFrom: today(),
  }
}

export function StandardNewPage() {
  const navigate = useNavigate()
  return (
    <Page title="New service standard" lead="Say what you promise, who owns it and how it is measured.">
      <div class="card form-card">
        <StandardForm onSaved={(s) => navigate(`/standards/${s.id}`)} onCancel={() => navigate('/standards')} />
      </div>
    </Page>
  )
}

/** One standard: its details, an edit form, and the history of its targets. */
export function StandardDetailPage() {
  const params = useParams()
  const [detail, { refetch, mutate }] = createResource(() => params.id, (id) => call(api.standards[':id'].$get({ param: { id } })))
  const [editing, setEditing] = createSignal(false)
  const [message, setMessage] = createSignal('')
  const canWrite = () => allowed('config:write')
  const startEditing = () => {
    setEditing(true)
    queueMicrotask(() => document.querySelector<HTMLInputElement>('#standard-form input')?.focus())
  }
  const stopEditing = () => {
    setEditing(false)
    queueMicrotask(() => document.getElementById('edit-standard')?.focus())
  }

  const setArchived = async (s: Standard, archive: boolean) => {
    if (archive) {
      const ok = await confirmAction({
        title: `Archive ${s.code}?`,
        message: 'The standard leaves the dashboard and can no longer be linked to questions. Its history and past results are kept; you can restore it later.',
        confirmLabel: 'Archive standard',
        danger: true,
      })
      if (!ok) return
    }
    try {
      if (archive) await call(api.standards[':id'].archive.$post({ param: { id: s.id } }))
      else await call(api.standards[':id'].restore.$post({ param: { id: s.id } }))
      setMessage(archive ? 'Standard archived.' : 'Standard restored.')
      refetch()
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  return (
    <AsyncView resource={detail} loading="Loading the standard…" onRetry={refetch}>
      {(d) => (
        <Page
          title={`${d().standard.code} · ${d().standard.title}`}
          lead={d().standard.description || undefined}
          actions={
            <Show when={canWrite()}>
              <Show when={!editing()}>
                <button type="button" id="edit-standard" class="button primary" onClick={startEditing}>
                  Edit
                </button>
              </Show>
              <Show
                when={!d().standard.archived_at}
                fallback={
                  <button type="button" class="button" onClick={() => setArchived(d().standard, false)}>
                    Restore
                  </button>
                }
              >
                <button type="button" class="button subtle-danger" onClick={() => setArchived(d().standard, true)}>
                  Archive
                </button>
              </Show>
            </Show>
          }
        >
          <p class="breadcrumb">
            <A href="/standards">← All standards</A>
          </p>
          <p role="status" class="row-message">
            {message()}
          </p>
          <Show when={d().standard.archived_at}>
            <p class="notice">This standard is archived: it is not shown on the dashboard.</p>
          </Show>
          <div class="layout-halves">
            <div class="card">
              <Show
                when={editing()}
                fallback={
                  <>
                    <h2>Details</h2>
                    <dl class="details">
                      <dt>Dimension</dt>
                      <dd>{dimensionLabel(d().standard.dimension)}</dd>
                      <dt>Metric</dt>
                      <dd>{metricLabel(d().standard.metric)}</dd>
                      <dt>Target</dt>
                      <dd>
                        {formatTarget(d().standard.metric, { target: d().standard.target, tolerance: d().standard.tolerance, direction: d().standard.direction as 'higher' | 'lower' })} (
                        {d().standard.direction === 'higher' ? 'higher is better' : 'lower is better'})
                      </dd>
                      <dt>Tolerance (amber band)</dt>
                      <dd>{formatTolerance(d().standard.metric, d().standard.tolerance)}</dd>
                      <dt>Owner</dt>
                      <dd>{d().standard.owner || '—'}</dd>
                      <dt>Channel / touchpoint</dt>
                      <dd>{d().standard.channel || '—'}</dd>
                      <dt>Customers</dt>
                      <dd>{CUSTOMER_TYPE_LABELS[d().standard.customer_type as CustomerType] ?? d().standard.customer_type}</dd>
                    </dl>
                  </>
                }
              >
                <h2>Edit standard</h2>
                <StandardForm
                  standard={d().standard}
                  onSaved={(_s, next) => {
                    if (next) mutate(next)
                    stopEditing()
                    setMessage('Standard saved.')
                  }}
                  onCancel={stopEditing}
                />
              </Show>
            </div>
            <div class="card">
              <h2>Target history</h2>
              <p class="hint">The dashboard judges each period against the target in force on its last day.</p>
              <div class="table-wrap">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">In force from</th>
                      <th scope="col" class="num">
                        Target
                      </th>
                      <th scope="col" class="num">
                        Tolerance
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={[...d().targets].reverse()}>
                      {(t) => (
                        <tr>
                          <td>{t.effective_from <= '1970-01-02' ? 'The start' : formatDate(t.effective_from)}</td>
                          <td class="num">{formatTarget(d().standard.metric, { target: t.target, tolerance: t.tolerance, direction: t.direction as 'higher' | 'lower' })}</td>
                          <td class="num">{formatTolerance(d().standard.metric, t.tolerance)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </Page>
      )}
    </AsyncView>
  )
}

function StandardForm(props: { standard?: Standard; onSaved: (s: { id: string }, detail?: StandardDetail) => void; onCancel: () => void }) {
  const form = createSubmitter()
  const [values, setValues] = createStore<FormValues>(valuesFrom(props.standard))
  const set = (key: keyof FormValues) => (v: string) => setValues(key, v)
  const range = () => targetRange(values.metric)
  const targetChanged = () =>
    !!props.standard &&
    (Number(values.target) !== props.standard.target || Number(values.tolerance) !== props.standard.tolerance || values.direction !== props.standard.direction)
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const numberProblems: Record<string, string> = {}
    for (const key of ['target', 'tolerance'] as const) if (values[key].trim() === '' || !Number.isFinite(Number(values[key]))) numberProblems[key] = 'must be a number'
    const input = checkWith(form, ZStandardInput, { ...values, target: Number(values.target), tolerance: Number(values.tolerance) }, numberProblems)
    if (!input) return focusFirstInvalid(formEl)
    const id = props.standard?.id
    if (id) {
      const saved = await form.run(() =>
        call(api.standards[':id'].$patch({ param: { id }, json: { ...input, ...(targetChanged() && values.targetEffectiveFrom ? { targetEffectiveFrom: values.targetEffectiveFrom } : {}) } })),
      )
      if (!saved) return focusFirstInvalid(formEl)
      props.onSaved({ id }, saved as StandardDetail)
    } else {
      const saved = await form.run(() => call(api.standards.$post({ json: input })))
      if (!saved) return focusFirstInvalid(formEl)
      props.onSaved(saved.standard)
    }
  }

  return (
    <form ref={formEl} id="standard-form" onSubmit={submit} novalidate>
      <div class="field-row">
        <TextField label="Code" value={values.code} onInput={set('code')} error={form.fieldError('code')} hint="Short reference, e.g. CS-01." required maxLength={20} class="field-narrow" />
        <TextField label="Title" value={values.title} onInput={set('title')} error={form.fieldError('title')} required maxLength={160} />
      </div>
      <TextAreaField label="Description" value={values.description} onInput={set('description')} error={form.fieldError('description')} hint="What the customer should experience." maxLength={2000} />
      <div class="field-row">
        <TextField label="Owner" value={values.owner} onInput={set('owner')} error={form.fieldError('owner')} hint="Who answers for it." maxLength={120} />
        <TextField label="Channel / touchpoint" value={values.channel} onInput={set('channel')} error={form.fieldError('channel')} hint="e.g. Branch counter, Phone." maxLength={80} />
      </div>
      <div class="field-row">
        <SelectField
          label="Dimension"
          value={values.dimension}
          onChange={set('dimension')}
          options={DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))}
          error={form.fieldError('dimension')}
        />
        <SelectField
          label="Customers"
          value={values.customerType}
          onChange={set('customerType')}
          options={CUSTOMER_TYPES.map((c) => ({ value: c, label: CUSTOMER_TYPE_LABELS[c] }))}
          error={form.fieldError('customerType')}
        />
      </div>
      <SelectField
        label="Metric"
        value={values.metric}
        onChange={set('metric')}
        options={STANDARD_METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }))}
        error={form.fieldError('metric')}
        hint="Survey questions linked to this standard are scored with this metric."
      />
      <fieldset class="fieldset">
        <legend>Target</legend>
        <div class="field-row thirds">
          <SelectField
            label="Direction"
            value={values.direction}
            onChange={set('direction')}
            options={[
              { value: 'higher', label: 'At least (higher is better)' },
              { value: 'lower', label: 'At most (lower is better)' },
            ]}
            error={form.fieldError('direction')}
          />
          <TextField
            label="Target"
            type="number"
            inputMode="decimal"
            step="any"
            value={values.target}
            onInput={set('target')}
            error={form.fieldError('target')}
            hint={`Between ${range()[0]} and ${range()[1]}.`}
            required
          />
          <TextField
            label="Tolerance"
            type="number"
            inputMode="decimal"
            step="any"
            min="0"
            value={values.tolerance}
            onInput={set('tolerance')}
            error={form.fieldError('tolerance')}
            hint="Amber band below the target."
            required
          />
        </div>
        <Show when={targetChanged()}>
          <TextField
            label="New target applies from"
            type="date"
            value={values.targetEffectiveFrom}
            onInput={set('targetEffectiveFrom')}
            error={form.fieldError('targetEffectiveFrom')}
            hint="The old target stays in the history and still applies to earlier periods."
          />
        </Show>
      </fieldset>
      <FormFeedback error={form.error()} />
      <div class="form-actions">
        <SubmitButton pending={form.pending()} label={props.standard ? 'Save changes' : 'Create standard'} />
        <button type="button" class="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
