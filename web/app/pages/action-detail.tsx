import { A, useNavigate, useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import {
  formatImpactDelta,
  formatImpactInterval,
  formatImpactValue,
  IMPACT_OUTCOME_LABELS,
  STAKEHOLDER_KIND_LABELS,
  STAKEHOLDER_KINDS,
  ZStakeholderInput,
  type ActionDetailResponse,
  type ActionImpact,
  type ActionView,
  type ImpactChange,
  type ImpactFigure,
  type ImpactOutcome,
  type StakeholderEntry,
  type StakeholderKind,
  type StandardImpact,
} from '../../../shared/actions.ts'
import { api, call, errorMessage } from '../lib/api.ts'
import { checkWith, createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate, today } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { FormFeedback, SelectField, SubmitButton, TextField } from '../components/fields.tsx'
import { ListTable } from '../components/list-table.tsx'
import { Page } from '../components/page.tsx'
import { metricLabel } from './standards.tsx'
import { ActionForm, StatusTag } from './actions.tsx'

/**
 * One improvement action: what, who, where and when; its stakeholder log; and whether it worked —
 * for each standard, equal windows before and after with n and intervals, the change, the
 * difference of differences against comparison locations, and the verdict in words.
 */
export function ActionDetailPage() {
  const params = useParams()
  const navigate = useNavigate()
  const [detail, { refetch, mutate }] = createResource(() => params.id, (id) => call(api.actions[':id'].$get({ param: { id } })) as Promise<ActionDetailResponse>)
  const [impact, impactControls] = createResource(() => params.id, (id) => call(api.actions[':id'].impact.$get({ param: { id } })) as Promise<ActionImpact>)
  const [editing, setEditing] = createSignal(false)
  const [message, setMessage] = createSignal('')
  const canWrite = () => allowed('actions:write')

  const startEditing = () => {
    setEditing(true)
    queueMicrotask(() => document.querySelector<HTMLInputElement>('#action-edit input')?.focus())
  }
  const stopEditing = () => {
    setEditing(false)
    queueMicrotask(() => document.getElementById('edit-action')?.focus())
  }

  const remove = async (a: ActionView) => {
    const ok = await confirmAction({
      title: `Delete “${a.title}”?`,
      message: 'The action and its stakeholder log are deleted for good. Survey and audit results are not affected.',
      confirmLabel: 'Delete action',
      danger: true,
    })
    if (!ok) return
    try {
      await call(api.actions[':id'].$delete({ param: { id: a.id } }))
      navigate('/actions', { replace: true })
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  return (
    <AsyncView resource={detail} loading="Loading the action…" onRetry={refetch}>
      {(d) => (
        <Page
          title={d().action.title}
          lead={d().action.description || undefined}
          actions={
            <Show when={canWrite()}>
              <Show when={!editing()}>
                <button type="button" id="edit-action" class="button primary" onClick={startEditing}>
                  Edit
                </button>
              </Show>
              <button type="button" class="button subtle-danger" onClick={() => remove(d().action)}>
                Delete
              </button>
            </Show>
          }
        >
          <p class="breadcrumb">
            <A href="/actions">← All improvement actions</A>
          </p>
          <p role="status" class="row-message">
            {message()}
          </p>
          <Show
            when={editing()}
            fallback={<ActionFacts action={d().action} />}
          >
            <div class="card form-card" id="action-edit">
              <ActionForm
                action={d().action}
                onSaved={(a) => {
                  mutate({ ...d(), action: a })
                  setMessage('Changes saved.')
                  stopEditing()
                  // New windows, standards or locations: the before and after again.
                  impactControls.refetch()
                }}
                onCancel={stopEditing}
              />
            </div>
          </Show>
          <section class="card" aria-labelledby="impact-title">
            <h2 id="impact-title">Did it work? Before and after</h2>
            <AsyncView resource={impact} loading="Comparing before and after…" onRetry={impactControls.refetch}>
              {(i) => <ImpactView impact={i()} />}
            </AsyncView>
          </section>
          <StakeholderLog actionId={d().action.id} entries={d().stakeholders} onChange={(entries) => mutate({ ...d(), stakeholders: entries })} />
        </Page>
      )}
    </AsyncView>
  )
}

function ActionFacts(props: { action: ActionView }) {
  const a = () => props.action
  return (
    <section class="card" aria-labelledby="facts-title">
      <h2 id="facts-title">The action</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusTag status={a().status} />
        </dd>
        <dt>Owner</dt>
        <dd>{a().owner?.name ?? 'No owner yet'}</dd>
        <dt>Start date</dt>
        <dd>{formatDate(a().startDate)}</dd>
        <dt>Standards</dt>
        <dd>
          <ul class="change-list">
            <For each={a().standards}>
              {(s) => (
                <li>
                  <A href={`/standards/${s.id}`}>
                    {s.code} · {s.title}
                  </A>
                  <span class="hint"> — {metricLabel(s.metric)}</span>
                  <Show when={s.archived}>
                    <span class="tag">Archived</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </dd>
        <dt>Locations</dt>
        <dd>{a().locations.map((l) => l.name).join(', ') || '—'}</dd>
        <dt>Compared with</dt>
        <dd>{a().comparisonLocations.map((l) => l.name).join(', ') || 'No comparison locations'}</dd>
        <dt>Windows</dt>
        <dd>
          {a().windowDays} days before and after{a().settlingDays > 0 ? `, skipping ${a().settlingDays} settling-in ${a().settlingDays === 1 ? 'day' : 'days'} after the start` : ''}
        </dd>
        <dt>Recorded</dt>
        <dd>
          {formatDate(a().createdAt)}
          <Show when={a().createdBy}>{(u) => <> by {u().name}</>}</Show>
        </dd>
      </dl>
    </section>
  )
}

// ---- before and after

const OUTCOME_BADGE: Record<ImpactOutcome, { cls: string; symbol: string }> = {
  improved: { cls: 'badge-green', symbol: '▲' },
  worsened: { cls: 'badge-red', symbol: '▼' },
  no_significant_change: { cls: 'badge-insufficient', symbol: '●' },
  insufficient: { cls: 'badge-insufficient', symbol: '○' },
  not_started: { cls: 'badge-insufficient', symbol: '○' },
  not_measured: { cls: 'badge-insufficient', symbol: '○' },
}

function OutcomeBadge(props: { outcome: ImpactOutcome }) {
  return (
    <span class={`badge ${OUTCOME_BADGE[props.outcome].cls}`} data-outcome={props.outcome}>
      <span aria-hidden="true" class="badge-symbol">
        {OUTCOME_BADGE[props.outcome].symbol}
      </span>
      {IMPACT_OUTCOME_LABELS[props.outcome]}
    </span>
  )
}

const range = (w: { from: string; to: string }) => `${formatDate(w.from)} to ${formatDate(w.to)}`

function ImpactView(props: { impact: ActionImpact }) {
  const w = () => props.impact.windows
  return (
    <>
      <p class="period">
        Before: {range(w().before)} ({w().before.days} days). After:{' '}
        <Show when={w().after.started} fallback={<>from {formatDate(w().after.from)} (not started yet)</>}>
          {range(w().after)} ({w().after.days} {w().after.complete ? 'days' : `of ${w().after.plannedDays} days so far; it ends on ${formatDate(w().after.plannedTo)}`})
        </Show>
        <Show when={w().settlingDays > 0}>
          {' '}
          · {w().settlingDays} settling-in {w().settlingDays === 1 ? 'day' : 'days'} skipped
        </Show>
      </p>
      <p class="hint">
        Figures come with n and a 95% interval. A change is “significant” only at 95% with at least {props.impact.minSample.answers} answers (or {props.impact.minSample.audits} audits) on every side compared.
        <Show when={props.impact.comparisonLocations.length > 0}> The difference of differences takes out the change at the comparison locations, which had no action.</Show>
      </p>
      <Show when={props.impact.standards.length > 0} fallback={<EmptyState title="No standards linked">Link a standard to the action to see its before and after.</EmptyState>}>
        <For each={props.impact.standards}>{(s) => <StandardImpactView s={s} impact={props.impact} />}</For>
      </Show>
    </>
  )
}

function FigureCell(props: { metric: string; f: ImpactFigure; audits: boolean }) {
  const interval = () => formatImpactInterval(props.metric, props.f.low, props.f.high, false)
  return (
    <td>
      <div class="cell">
        <span class="cell-value">{formatImpactValue(props.metric, props.f.value)}</span>
        <span class="cell-n">
          n = {props.f.n}
          <Show when={props.audits}> ({props.f.sample} {props.f.sample === 1 ? 'audit' : 'audits'})</Show>
        </span>
        <Show when={interval()}>
          <span class="cell-interval">95%: {interval()}</span>
        </Show>
      </div>
    </td>
  )
}

function ChangeCell(props: { metric: string; c: ImpactChange | null; colspan?: number }) {
  return (
    <td colSpan={props.colspan}>
      <Show when={props.c && props.c.delta !== null} fallback="—">
        <div class="cell">
          <span class="cell-value">{formatImpactDelta(props.metric, props.c!.delta)}</span>
          <Show when={formatImpactInterval(props.metric, props.c!.low, props.c!.high)}>
            <span class="cell-interval">95%: {formatImpactInterval(props.metric, props.c!.low, props.c!.high)}</span>
          </Show>
          <strong>{props.c!.significant ? 'significant' : 'not significant'}</strong>
        </div>
      </Show>
    </td>
  )
}

function StandardImpactView(props: { s: StandardImpact; impact: ActionImpact }) {
  const s = () => props.s
  const metric = () => s().standard.metric
  const audits = () => s().source === 'audit'
  const titleId = `impact-${s().standard.id}`
  return (
    <section class="group impact-standard" aria-labelledby={titleId} data-standard-code={s().standard.code} data-outcome={s().outcome}>
      <h3 id={titleId}>
        {s().standard.code} · {s().standard.title}
      </h3>
      <p class="verdict" data-testid="verdict">
        <OutcomeBadge outcome={s().outcome} /> {s().verdict}
      </p>
      <Show when={s().source}>
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">
              {s().standard.code} before and after: {metricLabel(metric())} with n and 95% interval in each window, and the change
            </caption>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
                <th scope="col">Change (after − before)</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{props.impact.locations.map((l) => l.name).join(', ')} (with the action)</th>
                <FigureCell metric={metric()} f={s().action.before} audits={audits()} />
                <FigureCell metric={metric()} f={s().action.after} audits={audits()} />
                <ChangeCell metric={metric()} c={s().action.change} />
              </tr>
              <Show when={s().comparison}>
                {(c) => (
                  <>
                    <tr>
                      <th scope="row">{props.impact.comparisonLocations.map((l) => l.name).join(', ')} (comparison)</th>
                      <FigureCell metric={metric()} f={c().before} audits={audits()} />
                      <FigureCell metric={metric()} f={c().after} audits={audits()} />
                      <ChangeCell metric={metric()} c={c().change} />
                    </tr>
                    <tr>
                      <th scope="row" colSpan={3}>
                        Difference of differences (the action’s change less the comparison’s)
                      </th>
                      <ChangeCell metric={metric()} c={s().differenceOfDifferences} />
                    </tr>
                  </>
                )}
              </Show>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  )
}

// ---- stakeholders consulted and informed

function StakeholderLog(props: { actionId: string; entries: StakeholderEntry[]; onChange: (entries: StakeholderEntry[]) => void }) {
  const [message, setMessage] = createSignal('')
  const canWrite = () => allowed('actions:write')

  const remove = async (e: StakeholderEntry) => {
    const ok = await confirmAction({
      title: `Remove ${e.stakeholder} from the log?`,
      message: `The entry “${STAKEHOLDER_KIND_LABELS[e.kind]} on ${formatDate(e.onDate)}” is deleted for good.`,
      confirmLabel: 'Remove entry',
      danger: true,
    })
    if (!ok) return
    try {
      await call(api.actions[':id'].stakeholders[':sid'].$delete({ param: { id: props.actionId, sid: e.id } }))
      props.onChange(props.entries.filter((x) => x.id !== e.id))
      setMessage(`${e.stakeholder} removed from the log.`)
      queueMicrotask(() => document.getElementById('stakeholder-title')?.focus())
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  return (
    <section class="card" aria-labelledby="stakeholder-title">
      <h2 id="stakeholder-title" tabindex="-1">
        Stakeholders consulted and informed
      </h2>
      <p role="status" class="row-message">
        {message()}
      </p>
      <Show
        when={props.entries.length > 0}
        fallback={
          <EmptyState title="Nobody logged yet">
            <p>Record who was consulted before the change and who was told about it: staff, unions, other departments, customers’ representatives.</p>
          </EmptyState>
        }
      >
        <ListTable
          caption="Stakeholder log, oldest first"
          actions={canWrite()}
          head={
            <>
              <th scope="col">Date</th>
              <th scope="col">Stakeholder</th>
              <th scope="col">How</th>
              <th scope="col">Note</th>
              <th scope="col">Recorded by</th>
            </>
          }
        >
          <For each={props.entries}>
            {(e) => (
              <tr>
                <td class="nowrap">{formatDate(e.onDate)}</td>
                <th scope="row">{e.stakeholder}</th>
                <td>{STAKEHOLDER_KIND_LABELS[e.kind]}</td>
                <td class="prewrap">{e.note || '—'}</td>
                <td>{e.recordedBy?.name ?? '—'}</td>
                <Show when={canWrite()}>
                  <td class="actions">
                    <button type="button" class="button small subtle-danger" onClick={() => remove(e)}>
                      Remove<span class="sr-only"> {e.stakeholder}, {formatDate(e.onDate)}</span>
                    </button>
                  </td>
                </Show>
              </tr>
            )}
          </For>
        </ListTable>
      </Show>
      <Show when={canWrite()}>
        <StakeholderForm
          actionId={props.actionId}
          onAdded={(entry) => {
            const entries = [...props.entries, entry].sort((a, b) => a.onDate.localeCompare(b.onDate) || a.createdAt.localeCompare(b.createdAt))
            props.onChange(entries)
          }}
        />
      </Show>
    </section>
  )
}

const EMPTY_ENTRY = () => ({ kind: 'consulted' as StakeholderKind, stakeholder: '', onDate: today(), note: '' })

function StakeholderForm(props: { actionId: string; onAdded: (entry: StakeholderEntry) => void }) {
  const form = createSubmitter()
  const [values, setValues] = createStore(EMPTY_ENTRY())
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const checked = checkWith(form, ZStakeholderInput, { ...values })
    if (!checked) return focusFirstInvalid(formEl)
    const saved = await form.run(() => call(api.actions[':id'].stakeholders.$post({ param: { id: props.actionId }, json: checked })), { success: `${checked.stakeholder} added to the log.` })
    if (!saved) return focusFirstInvalid(formEl)
    props.onAdded(saved.stakeholder as StakeholderEntry)
    setValues(EMPTY_ENTRY())
    queueMicrotask(() => formEl?.querySelector<HTMLInputElement>('input')?.focus())
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate aria-labelledby="stakeholder-form-title">
      <h3 id="stakeholder-form-title">Add to the log</h3>
      <div class="field-row">
        <TextField label="Stakeholder" value={values.stakeholder} onInput={(v) => setValues('stakeholder', v)} error={form.fieldError('stakeholder')} required maxLength={160} hint="A person, team or group." />
        <SelectField label="How" value={values.kind} onChange={(v) => setValues('kind', v as StakeholderKind)} options={STAKEHOLDER_KINDS.map((k) => ({ value: k, label: STAKEHOLDER_KIND_LABELS[k] }))} error={form.fieldError('kind')} />
        <TextField label="Date" type="date" value={values.onDate} onInput={(v) => setValues('onDate', v)} error={form.fieldError('onDate')} required />
      </div>
      <TextField label="Note" value={values.note} onInput={(v) => setValues('note', v)} error={form.fieldError('note')} maxLength={1000} hint="Optional: what was asked, agreed or shared." />
      <FormFeedback error={form.error()} success={form.success()} />
      <div class="form-actions">
        <SubmitButton pending={form.pending()} label="Add to the log" pendingLabel="Adding…" />
      </div>
    </form>
  )
}
