import { A, useSearchParams } from '@solidjs/router'
import { createMemo, createResource, For, Show } from 'solid-js'
import { CASE_CHANNELS, CASE_STATUSES, CHANNEL_LABELS, ROOT_CAUSE_LABELS, STATUS_LABELS, TRIGGER_LABELS, type CaseChannel, type CaseFigures, type CaseStatus, type CaseSummary } from '../../../shared/case-terms.ts'
import { api, call } from '../lib/api.ts'
import { formatDate } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { CheckboxField, SelectField } from '../components/fields.tsx'
import { ListTable } from '../components/list-table.tsx'
import { Page } from '../components/page.tsx'
import { CaseStatusTag, createNow, DueText, hoursWords, PriorityLabel } from '../components/cases/case-words.tsx'

/** Filters as they appear in the address, so a queue can be bookmarked and shared. */
const KEYS = ['status', 'mine', 'location', 'channel'] as const
type Key = (typeof KEYS)[number]
type StatusFilter = 'open_all' | 'all' | CaseStatus

const param = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined
const cleared = Object.fromEntries(KEYS.map((k) => [k, undefined])) as Record<Key, undefined>

const STATUS_OPTIONS = [{ value: 'open_all', label: 'Active (open, in progress, escalated)' }, { value: 'all', label: 'All cases' }, ...CASE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]

/** The follow-up case queue (DOMAIN.md, "Closing the loop"): the figures of the last 90 days, then the cases, overdue first. */
export function CasesPage() {
  const [params, setParams] = useSearchParams()
  const canWork = () => allowed('cases:work')
  const now = createNow()

  const filters = createMemo(() => ({
    status: (['open_all', 'all', ...CASE_STATUSES] as StatusFilter[]).find((s) => s === param(params.status)) ?? 'open_all',
    mine: param(params.mine) === '1',
    locationId: param(params.location),
    channel: CASE_CHANNELS.find((c) => c === param(params.channel)),
  }))
  const anyFilter = () => KEYS.some((k) => param(params[k]))

  const [queue, { refetch }] = createResource(filters, (f) =>
    call(
      api.cases.$get({
        query: { status: f.status, ...(f.mine ? { mine: 'true' as const } : {}), ...(f.locationId ? { locationId: f.locationId } : {}), ...(f.channel ? { channel: f.channel } : {}) },
      }),
    ).then((r) => r.cases as CaseSummary[]),
  )
  // The figures follow the location only: changing the status or channel does not ask for them again.
  const figuresKey = createMemo(() => filters().locationId ?? 'all')
  const [figures, { refetch: refetchFigures }] = createResource(figuresKey, (key) =>
    call(api.cases.figures.$get({ query: key === 'all' ? {} : { locationId: key } })).then((r) => r as CaseFigures),
  )
  const [locations] = createResource(() => call(api.locations.$get({ query: { archived: 'include' } })).then((r) => r.locations))
  const locationName = () => (locations.latest ?? []).find((l) => l.id === filters().locationId)?.name

  const setFilter = (key: Key) => (value: string) => setParams({ [key]: value || undefined })

  return (
    <Page
      title="Cases"
      lead="Follow-up cases opened by poor survey answers and failed mystery-shop checks, and complaints logged by hand: who owns each, when it is due, and how it was put right."
      actions={
        <Show when={canWork()}>
          <A href="/cases/new" class="button primary">
            Log a complaint
          </A>
          <A href="/cases/settings" class="button">
            Case rules and SLA
          </A>
        </Show>
      }
    >
      <section class="card case-figures-card" aria-labelledby="case-figures-title">
        <h2 id="case-figures-title">
          Last 90 days
          <Show when={locationName()}>{(name) => <> at {name()}</>}</Show>
        </h2>
        <AsyncView resource={figures} loading="Loading the case figures…" onRetry={refetchFigures}>
          {(f) => <CaseFiguresView figures={f()} />}
        </AsyncView>
      </section>

      <div class="card filters case-filters" role="group" aria-label="Filter the cases">
        <SelectField label="Status" value={filters().status} onChange={(v) => setParams({ status: v === 'open_all' ? undefined : v })} options={STATUS_OPTIONS} />
        <SelectField
          label="Location"
          value={filters().locationId ?? ''}
          onChange={setFilter('location')}
          options={[{ value: '', label: 'All locations' }, ...(locations.latest ?? []).filter((l) => !l.archived_at || l.id === filters().locationId).map((l) => ({ value: l.id, label: l.name }))]}
        />
        <SelectField label="Channel" value={filters().channel ?? ''} onChange={setFilter('channel')} options={[{ value: '', label: 'All channels' }, ...CASE_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))]} />
        <CheckboxField label="Only cases I own" checked={filters().mine} onChange={(on) => setParams({ mine: on ? '1' : undefined })} />
        <Show when={anyFilter()}>
          <button type="button" class="button" onClick={() => setParams(cleared)}>
            Clear filters
          </button>
        </Show>
      </div>

      <section class="card" aria-labelledby="case-queue-title" aria-busy={queue.loading ? 'true' : 'false'}>
        <div class="list-toolbar">
          <h2 id="case-queue-title">
            {filters().status === 'open_all' ? 'Active cases' : filters().status === 'all' ? 'All cases' : `${STATUS_LABELS[filters().status as CaseStatus]} cases`}
            <Show when={queue.state === 'ready' || queue.state === 'refreshing'}>
              <span class="count"> ({queue.latest?.length ?? 0})</span>
            </Show>
          </h2>
          <Show when={queue.state === 'refreshing'}>
            <span class="loading">Updating…</span>
          </Show>
        </div>
        <AsyncView resource={queue} loading="Loading the cases…" onRetry={refetch}>
          {(rows) => (
            <Show
              when={rows().length > 0}
              fallback={
                <Show
                  when={!anyFilter()}
                  fallback={
                    <EmptyState title={filters().status === 'open_all' ? 'No cases need attention here' : 'No cases match these filters'}>
                      <p>Try another status, location or channel.</p>
                      <p>
                        <button type="button" class="button" onClick={() => setParams(cleared)}>
                          Clear filters
                        </button>
                      </p>
                    </EmptyState>
                  }
                >
                  <EmptyState title="No cases need attention">
                    <p>A case opens when a customer gives a poor score or a negative comment, when a mystery shop fails a critical check, or when someone logs a complaint.</p>
                  </EmptyState>
                </Show>
              }
            >
              <ListTable
                class="table case-queue"
                caption="Cases, overdue first, then by due time"
                actions={false}
                head={
                  <>
                    <th scope="col">Case</th>
                    <th scope="col">Trigger and channel</th>
                    <th scope="col">Location</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Status</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                  </>
                }
              >
                <For each={rows()}>
                  {(c) => (
                    <tr classList={{ 'case-row-overdue': c.overdue }} data-case-id={c.id}>
                      <th scope="row">
                        <A href={`/cases/${c.id}`}>{c.title}</A>
                        <span class="case-opened">Opened {formatDate(c.openedAt)}</span>
                      </th>
                      <td>
                        {TRIGGER_LABELS[c.trigger] ?? c.trigger}
                        <span class="case-sub">{CHANNEL_LABELS[c.channel as CaseChannel] ?? c.channel}</span>
                      </td>
                      <td>{c.locationName ?? <span class="muted">No location</span>}</td>
                      <td>
                        <PriorityLabel priority={c.priority} />
                      </td>
                      <td>
                        <CaseStatusTag status={c.status} />
                        <Show when={c.escalationLevel > 0}>
                          <span class="case-sub">Escalation level {c.escalationLevel}</span>
                        </Show>
                      </td>
                      <td>{c.ownerName ?? <span class="muted">Unassigned</span>}</td>
                      <td>
                        <DueText status={c.status} dueAt={c.dueAt} resolvedAt={c.resolvedAt} now={now()} />
                      </td>
                    </tr>
                  )}
                </For>
              </ListTable>
            </Show>
          )}
        </AsyncView>
      </section>
    </Page>
  )
}

const share = (s: { share: number | null }) => (s.share === null ? '—' : `${Math.round(s.share)}%`)

/** The period's figures: within SLA, time to resolve, first-contact resolution, what is still open, and the root causes. */
function CaseFiguresView(props: { figures: CaseFigures }) {
  const f = () => props.figures
  return (
    <>
      <p class="hint">
        Cases opened or resolved from {formatDate(f().period.from)} to {formatDate(f().period.to)}: {f().opened} opened, {f().resolved} resolved.
      </p>
      <div class="case-figures">
        <div class="case-figure" data-testid="case-figure-sla">
          <h3>Resolved within SLA</h3>
          <p class="case-figure-value">{share(f().withinSla)}</p>
          <p class="case-figure-n">
            {f().withinSla.count} of {f().withinSla.of} resolved cases · n = {f().withinSla.of}
          </p>
        </div>
        <div class="case-figure" data-testid="case-figure-time">
          <h3>Time to resolve</h3>
          <p class="case-figure-value case-figure-words">{hoursWords(f().timeToResolveHours.median)}</p>
          <p class="case-figure-n">
            median · 90th percentile {hoursWords(f().timeToResolveHours.p90)} · n = {f().timeToResolveHours.n}
          </p>
        </div>
        <div class="case-figure" data-testid="case-figure-fcr">
          <h3>First-contact resolution</h3>
          <p class="case-figure-value">{share(f().firstContact)}</p>
          <p class="case-figure-n">
            {f().firstContact.count} of {f().firstContact.of} resolved with the answer recorded · n = {f().firstContact.of}
          </p>
        </div>
        <div class="case-figure" data-testid="case-figure-open">
          <h3>Still open</h3>
          <p class="case-figure-value">{f().open}</p>
          <p class="case-figure-n">
            of those opened in the period ·{' '}
            <span classList={{ overdue: f().overdue > 0 }}>
              {f().overdue} overdue
            </span>
          </p>
        </div>
      </div>
      <h3 class="case-figures-subtitle" id="root-cause-title">
        Resolved cases by root cause
      </h3>
      <Show when={f().byRootCause.length > 0} fallback={<p class="muted">No case was resolved with a root cause in this period.</p>}>
        <div class="table-wrap">
          <table class="table case-root-causes" aria-labelledby="root-cause-title">
            <thead>
              <tr>
                <th scope="col">Root cause</th>
                <th scope="col" class="num">
                  Cases
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={f().byRootCause}>
                {(r) => (
                  <tr>
                    <th scope="row">{ROOT_CAUSE_LABELS[r.rootCause] ?? r.rootCause}</th>
                    <td class="num">{r.count}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </>
  )
}
