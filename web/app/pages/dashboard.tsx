import { A, useSearchParams } from '@solidjs/router'
import { createEffect, createMemo, createResource, createSignal, For, lazy, Show, Suspense } from 'solid-js'
import { api, call, type BoardRow, type Dashboard } from '../lib/api.ts'
import { formatDate, formatInterval, formatMetric, formatMetricAgainst, formatTarget, formatTolerance } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { SelectField, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

// Chart.js is large and only needed here, so it loads after the figures are on screen.
const BoardChart = lazy(() => import('../components/board-chart.tsx'))

type Cell = BoardRow['overall']
type Filters = { from?: string; to?: string; locationId?: string }

const param = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined

/** Managers' first screen: headline NPS and CSAT, then every standard against its target by location. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams()
  const filters = createMemo<Filters>(() => ({ from: param(params.from), to: param(params.to), locationId: param(params.location) }))
  const [dashboard, { refetch }] = createResource(filters, (f) => call(api.dashboard.$get({ query: f })))
  const [from, setFrom] = createSignal('')
  const [to, setTo] = createSignal('')
  const [location, setLocation] = createSignal('')
  const [filterError, setFilterError] = createSignal('')

  createEffect(() => {
    const d = dashboard.state === 'ready' ? dashboard() : undefined
    if (!d) return
    setFrom(d.period.from)
    setTo(d.period.to)
    setLocation(filters().locationId ?? '')
  })

  const apply = (e: SubmitEvent) => {
    e.preventDefault()
    if (from() && to() && from() > to()) {
      setFilterError('“From” must not be after “To”.')
      return
    }
    setFilterError('')
    setParams({ from: from() || undefined, to: to() || undefined, location: location() || undefined })
  }

  return (
    <Page title="Dashboard" lead="Where each location stands against each service standard.">
      <form class="card filters" onSubmit={apply} aria-label="Period and location">
        <TextField label="From" type="date" value={from()} onInput={setFrom} error={filterError() || undefined} />
        <TextField label="To" type="date" value={to()} onInput={setTo} />
        <SelectField
          label="Location"
          value={location()}
          onChange={setLocation}
          options={[{ value: '', label: 'All locations' }, ...(dashboard.latest?.locations ?? []).filter((l) => !l.archived || l.id === location()).map((l) => ({ value: l.id, label: l.name }))]}
        />
        <button type="submit" class="button primary">
          Show
        </button>
      </form>
      <AsyncView resource={dashboard} loading="Loading the dashboard…" onRetry={refetch}>
        {(d) => <DashboardBody data={d()} />}
      </AsyncView>
    </Page>
  )
}

function DashboardBody(props: { data: Dashboard }) {
  const locationNames = createMemo(() => new Map(props.data.locations.map((l) => [l.id, l.name])))
  // Columns: active locations, plus archived ones that still have results in the period.
  const columns = createMemo(() => {
    const withData = new Set(props.data.board.flatMap((r) => r.byLocation.map((c) => c.locationId)))
    return props.data.locations.filter((l) => !l.archived || withData.has(l.id))
  })
  return (
    <>
      <p class="period">
        {formatDate(props.data.period.from)} to {formatDate(props.data.period.to)} · minimum sample for a rating: {props.data.minSample} answers
      </p>
      <div class="headline">
        <Headline title="Net Promoter Score" metric="nps" value={props.data.headline.nps} minSample={props.data.minSample} />
        <Headline title="Customer satisfaction (CSAT)" metric="csat" value={props.data.headline.csat} minSample={props.data.minSample} />
      </div>
      <section class="card" aria-labelledby="board-title">
        <h2 id="board-title">Standards against targets</h2>
        <Show
          when={props.data.board.length > 0}
          fallback={
            <EmptyState title="No standards measured by surveys yet">
              <p>
                Create a standard with a survey metric (NPS, CSAT, CES, rating or yes rate), link a question to it in a survey and publish the survey.
              </p>
              <Show when={allowed('config:write')}>
                <p class="button-row">
                  <A href="/standards/new" class="button primary">
                    New standard
                  </A>
                  <A href="/surveys" class="button">
                    Surveys
                  </A>
                </p>
              </Show>
            </EmptyState>
          }
        >
          <div class="table-wrap">
            <table class="table board">
              <caption class="sr-only">Each standard’s figure for the period, overall and by location, with its sample size and status against the target</caption>
              <thead>
                <tr>
                  <th scope="col">Standard</th>
                  <th scope="col">Target</th>
                  <th scope="col">Overall</th>
                  <For each={columns()}>{(l) => <th scope="col">{l.name}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={props.data.board}>
                  {(row) => (
                    <tr>
                      <th scope="row" class="board-standard">
                        <A href={`/standards/${row.standard.id}`}>
                          <span class="code">{row.standard.code}</span> {row.standard.title}
                        </A>
                        <Show when={row.evidence.length === 0}>
                          <span class="hint block">No survey question linked yet</span>
                        </Show>
                      </th>
                      <td class="board-target">
                        <Show when={row.target} fallback="—">
                          {(t) => (
                            <>
                              {formatTarget(row.standard.metric, t())}
                              <span class="hint block">amber within {formatTolerance(row.standard.metric, t().tolerance)}</span>
                            </>
                          )}
                        </Show>
                      </td>
                      <td>
                        <CellView metric={row.standard.metric} cell={row.overall} target={row.target?.target ?? null} />
                      </td>
                      <For each={columns()}>
                        {(l) => (
                          <td>
                            <Show when={row.byLocation.find((c) => c.locationId === l.id)} fallback={<span class="muted">No answers</span>}>
                              {(cell) => <CellView metric={row.standard.metric} cell={cell()} target={row.target?.target ?? null} />}
                            </Show>
                          </td>
                        )}
                      </For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={props.data.board.some((r) => r.byLocation.length > 0)}>
            <Suspense fallback={<p class="loading">Loading the chart…</p>}>
              <BoardChart board={props.data.board} locationNames={locationNames()} />
            </Suspense>
          </Show>
        </Show>
      </section>
    </>
  )
}

function Headline(props: { title: string; metric: 'nps' | 'csat'; value: Dashboard['headline']['nps'] | Dashboard['headline']['csat']; minSample: number }) {
  return (
    <section class="card headline-card" aria-label={props.title}>
      <h2>{props.title}</h2>
      <p class="headline-value" data-testid={`headline-${props.metric}`}>
        {formatMetric(props.metric, props.value.value)}
      </p>
      <p class="headline-n">n = {props.value.n}</p>
      <Show when={props.value.low !== null}>
        <p class="hint">95% interval: {formatInterval(props.metric, props.value.low, props.value.high)}</p>
      </Show>
      <Show when={props.value.n < props.minSample}>
        <p class="hint">Fewer than {props.minSample} answers: read as indicative only.</p>
      </Show>
    </section>
  )
}

function CellView(props: { metric: string; cell: Cell; target: number | null }) {
  return (
    <div class="cell">
      <span class="cell-value">{formatMetricAgainst(props.metric, props.cell.value, props.target)}</span>
      <span class="cell-n">n = {props.cell.n}</span>
      <Show when={props.cell.low !== null && props.cell.n > 0}>
        <span class="cell-interval" title="95% interval">
          {formatInterval(props.metric, props.cell.low, props.cell.high)}
        </span>
      </Show>
      <StatusBadge status={props.cell.status} />
    </div>
  )
}
