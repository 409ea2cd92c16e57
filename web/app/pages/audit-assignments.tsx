import { A, useSearchParams } from '@solidjs/router'
import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { ASSIGNMENT_STATUS_LABELS, ASSIGNMENT_STATUSES, type AssignmentStatus } from '../../../shared/audit/status.ts'
import { formatPercent } from '../../../shared/audit/scoring.ts'
import { api, call, errorMessage } from '../lib/api.ts'
import { formatDate } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { SelectField, type Option } from '../components/fields.tsx'
import { ListTable } from '../components/list-table.tsx'
import { Page } from '../components/page.tsx'
import { AuditsNav } from '../components/audit/audits-nav.tsx'
import { AssignmentStatusBadge, formatDateTime, OutcomeBadge } from '../components/audit/badges.tsx'
import type { AssignmentSummary } from '../components/audit/types.ts'

const FILTERS = ['status', 'location', 'shopper', 'template', 'wave'] as const
type FilterKey = (typeof FILTERS)[number]

/** Only visits the shopper has not started may be deleted. */
const DELETABLE = ['assigned', 'accepted']

const param = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined

/** The audits home: every assigned visit with its status and score, filtered through the address. */
export function AuditAssignmentsPage() {
  const [params, setParams] = useSearchParams()
  const filters = createMemo(() => ({
    status: ASSIGNMENT_STATUSES.find((s): s is AssignmentStatus => s === param(params.status)),
    locationId: param(params.location),
    shopperId: param(params.shopper),
    templateId: param(params.template),
    waveId: param(params.wave),
  }))
  const [rows, { refetch }] = createResource(filters, (f) => call(api.assignments.$get({ query: f })).then((r) => r.assignments))
  const [locations] = createResource(() => call(api.locations.$get({ query: { archived: 'include' } })).then((r) => r.locations))
  const [templates] = createResource(() => call(api['audit-templates'].$get()).then((r) => r.templates))
  const [waves] = createResource(() => call(api.waves.$get()).then((r) => r.waves))
  const [shoppers] = createResource(
    () => allowed('audits:design'),
    () => call(api['audit-shoppers'].$get()).then((r) => r.shoppers),
  )
  const [message, setMessage] = createSignal('')
  const canDesign = () => allowed('audits:design')
  const anyFilter = () => FILTERS.some((k) => param(params[k]))

  // Roles that cannot list shoppers still filter by the shoppers they can see in the list.
  const shopperOptions = createMemo<Option[]>(() => {
    const known = new Map<string, string>()
    for (const s of shoppers.latest ?? []) known.set(s.id, s.name)
    for (const r of rows.latest ?? []) if (!known.has(r.shopperId)) known.set(r.shopperId, r.shopperName)
    return [...known].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label))
  })

  const setFilter = (key: FilterKey) => (value: string) => setParams({ [key]: value || undefined })

  const remove = async (a: AssignmentSummary) => {
    const ok = await confirmAction({
      title: `Delete the visit to ${a.locationName}?`,
      message: `${a.shopperName} will no longer see this visit (${a.templateTitle}, ${formatDate(a.visitFrom)} to ${formatDate(a.visitTo)}). This cannot be undone.`,
      confirmLabel: 'Delete visit',
      danger: true,
    })
    if (!ok) return
    try {
      await call(api.assignments[':id'].$delete({ param: { id: a.id } }))
      setMessage(`Visit to ${a.locationName} deleted.`)
      await refetch()
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  return (
    <Page
      title="Audits"
      lead="Mystery-shopper visits: who goes where and when, and how each audit scored."
      actions={
        <Show when={canDesign()}>
          <A href="/audits/plan" class="button primary">
            Assign visits
          </A>
        </Show>
      }
    >
      <AuditsNav />
      <form class="card filters" aria-label="Filter assignments" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Status"
          value={filters().status ?? ''}
          onChange={setFilter('status')}
          options={[{ value: '', label: 'Any status' }, ...ASSIGNMENT_STATUSES.map((s) => ({ value: s, label: ASSIGNMENT_STATUS_LABELS[s] }))]}
        />
        <SelectField
          label="Location"
          value={filters().locationId ?? ''}
          onChange={setFilter('location')}
          options={[{ value: '', label: 'All locations' }, ...(locations.latest ?? []).filter((l) => !l.archived_at || l.id === filters().locationId).map((l) => ({ value: l.id, label: l.name }))]}
        />
        <SelectField label="Shopper" value={filters().shopperId ?? ''} onChange={setFilter('shopper')} options={[{ value: '', label: 'All shoppers' }, ...shopperOptions()]} />
        <SelectField
          label="Template"
          value={filters().templateId ?? ''}
          onChange={setFilter('template')}
          options={[{ value: '', label: 'All templates' }, ...(templates.latest ?? []).map((t) => ({ value: t.id, label: t.title }))]}
        />
        <SelectField
          label="Wave"
          value={filters().waveId ?? ''}
          onChange={setFilter('wave')}
          options={[{ value: '', label: 'All waves' }, ...(waves.latest ?? []).map((w) => ({ value: w.id, label: w.name }))]}
        />
        <Show when={anyFilter()}>
          <button type="button" class="button" onClick={() => setParams({ status: undefined, location: undefined, shopper: undefined, template: undefined, wave: undefined })}>
            Clear filters
          </button>
        </Show>
      </form>
      <section class="card" aria-labelledby="assignments-title">
        <h2 id="assignments-title">Assignments</h2>
        <p role="status" class="row-message">
          {message()}
        </p>
        <AsyncView resource={rows} loading="Loading assignments…" onRetry={refetch}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={
                <Show when={!anyFilter()} fallback={<p class="muted">No assignments match these filters.</p>}>
                  <EmptyState title="No visits assigned yet">
                    <p>Create an audit template and publish it, then assign visits to your mystery shoppers: one at a time or a whole wave.</p>
                    <Show when={canDesign()}>
                      <p class="button-row">
                        <A href="/audits/templates" class="button">
                          Audit templates
                        </A>
                        <A href="/audits/plan" class="button primary">
                          Assign visits
                        </A>
                      </p>
                    </Show>
                  </EmptyState>
                </Show>
              }
            >
              <AssignmentTable rows={list()} canDelete={canDesign()} onDelete={remove} />
            </Show>
          )}
        </AsyncView>
      </section>
    </Page>
  )
}

function AssignmentTable(props: { rows: AssignmentSummary[]; canDelete: boolean; onDelete: (a: AssignmentSummary) => void }) {
  return (
    <ListTable
      class="table audit-table"
      caption="Assigned visits with their status, score and outcome"
      actions={props.canDelete}
      head={
        <>
          <th scope="col">Location</th>
          <th scope="col">Template</th>
          <th scope="col">Shopper</th>
          <th scope="col">Wave</th>
          <th scope="col">Visit window</th>
          <th scope="col">Due</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">
            Score
          </th>
          <th scope="col">Outcome</th>
        </>
      }
    >
        <For each={props.rows}>
          {(a) => (
            <tr>
              <th scope="row">
                <A href={`/audits/${a.id}`}>{a.locationName}</A>
              </th>
              <td>
                {a.templateTitle} <span class="muted">v{a.version}</span>
              </td>
              <td>{a.shopperName}</td>
              <td>{a.waveName ?? <span class="muted">—</span>}</td>
              <td class="nowrap">
                {formatDate(a.visitFrom)} – {formatDate(a.visitTo)}
              </td>
              <td class="nowrap" classList={{ overdue: a.overdue }}>
                {formatDateTime(a.dueAt)}
                <Show when={a.overdue}>
                  <span class="tag tag-overdue">Overdue</span>
                </Show>
              </td>
              <td>
                <AssignmentStatusBadge status={a.status} />
              </td>
              <td class="num">{formatPercent(a.scorePercent)}</td>
              <td>
                <OutcomeBadge outcome={a.outcome} insufficient={a.insufficient} />
                <Show when={a.insufficient && a.scorePercent !== null}>
                  <span class="hint block">Too few items applicable</span>
                </Show>
              </td>
              <Show when={props.canDelete}>
                <td class="actions">
                  <Show when={DELETABLE.includes(a.status)}>
                    <button type="button" class="button small subtle-danger" onClick={() => props.onDelete(a)}>
                      Delete<span class="sr-only"> the visit to {a.locationName} by {a.shopperName}</span>
                    </button>
                  </Show>
                </td>
              </Show>
            </tr>
          )}
        </For>
    </ListTable>
  )
}
