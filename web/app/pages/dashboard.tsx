import { A, useSearchParams } from '@solidjs/router'
import { createMemo, createResource, For, lazy, Show, Suspense } from 'solid-js'
import { DIMENSIONS } from '../../../shared/schemas.ts'
import { api, call, type Dashboard } from '../lib/api.ts'
import { downloadCsv, csvNumber } from '../lib/csv-download.ts'
import { formatDate, formatInterval, formatMetric, formatTarget, formatTolerance } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { cellLink } from '../../../shared/cell-link.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { SelectField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { analyticsApi, apiFilter, carriedQuery, DIMENSION_TEXT, drillHref, param, segmentOf, type BoardCell, type BoardResponse, type BoardRow } from '../components/analytics/api.ts'
import { AnalyticsFilterBar, AnalyticsTabs, CsvButton } from '../components/analytics/filter-bar.tsx'
import { ChangeView, changeCsv, FigureText, StatusView, statusText } from '../components/analytics/figures.tsx'

// Chart.js is large and only needed for the chart, so it loads after the figures are on screen.
const BoardChart = lazy(() => import('../components/analytics/board-chart.tsx'))

/**
 * Managers' first screen, the standards board: every standard × location for the period against its
 * target, with n, interval, status in words and shape, the change on the previous period, and the
 * survey and mystery-shop evidence side by side. Each cell opens its trend; its comments one click on.
 */
export function DashboardPage() {
  const [params, setParams] = useSearchParams()
  const filter = createMemo(() => apiFilter(params))
  const [board, { refetch }] = createResource(filter, (f) => analyticsApi.board(f))
  // The headline NPS and CSAT cover every NPS and CSAT question, for the period and location.
  const [headline] = createResource(
    () => ({ from: filter().from, to: filter().to, locationId: filter().locationId }),
    (f) => call(api.dashboard.$get({ query: Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as { from?: string; to?: string; locationId?: string } })),
  )

  return (
    <Page title="Dashboard" lead="Where each location stands against each service standard, whether it is changing, and why.">
      <AnalyticsTabs />
      <AnalyticsFilterBar label="Period and filters of the board">
        <SelectField
          label="Dimension"
          value={param(params.dimension) ?? ''}
          onChange={(v) => setParams({ dimension: v || undefined })}
          options={[{ value: '', label: 'All dimensions' }, ...DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_TEXT[d] ?? d }))]}
        />
      </AnalyticsFilterBar>
      <Show when={headline.state === 'ready' ? headline() : undefined}>
        {(h) => (
          <div class="headline">
            <Headline title="Net Promoter Score" metric="nps" value={h().headline.nps} minSample={h().minSample} />
            <Headline title="Customer satisfaction (CSAT)" metric="csat" value={h().headline.csat} minSample={h().minSample} />
          </div>
        )}
      </Show>
      <Show when={segmentOf(params)}>
        <p class="hint">The headline figures cover every link, language and version; the board below is narrowed to the segment chosen.</p>
      </Show>
      <AsyncView resource={board} loading="Loading the standards board…" onRetry={refetch}>
        {(b) => <BoardBody data={b()} />}
      </AsyncView>
    </Page>
  )
}

function BoardBody(props: { data: BoardResponse }) {
  const [params] = useSearchParams()
  // Columns: active locations, plus archived ones that still have results in the period.
  const columns = createMemo(() => {
    const withData = new Set(props.data.standards.flatMap((r) => r.byLocation.filter((c) => c.n > 0).map((c) => c.locationId)))
    return props.data.locations.filter((l) => !l.archived || withData.has(l.id))
  })
  const trendHref = (row: BoardRow, cell: BoardCell) => `/analytics/trend${carriedQuery(params, { standardId: row.standard.id, locationId: cell.locationId ?? param(params.locationId) })}`

  const csv = () => {
    const header = ['Standard code', 'Standard', 'Location', 'Metric', 'Target', 'Value', 'n', 'Interval low', 'Interval high', 'Status', 'Previous value', 'Change', 'Change significance', 'Survey value', 'Survey n', 'Mystery-shop value', 'Mystery-shop n', 'Audits', 'Sources disagree']
    const lines: (string | number)[][] = [header]
    for (const row of props.data.standards)
      for (const [name, cell] of [['All locations', row.overall] as const, ...row.byLocation.map((c) => [props.data.locations.find((l) => l.id === c.locationId)?.name ?? 'Unknown', c] as const)])
        lines.push([
          row.standard.code,
          row.standard.title,
          name,
          row.standard.metric,
          row.target ? formatTarget(row.standard.metric, row.target) : '',
          csvNumber(cell.value),
          cell.n,
          csvNumber(cell.low),
          csvNumber(cell.high),
          statusText(cell.status),
          ...changeCsv(row.standard.metric, cell.change),
          csvNumber(cell.survey?.value),
          cell.survey?.n ?? '',
          csvNumber(cell.audit?.value),
          cell.audit?.n ?? '',
          cell.audit?.audits ?? '',
          cell.disagree ? 'yes' : '',
        ])
    downloadCsv(`standards-board-${props.data.period.from}-to-${props.data.period.to}`, lines)
  }

  return (
    <>
      <p class="period">
        {formatDate(props.data.period.from)} to {formatDate(props.data.period.to)}, compared with {formatDate(props.data.previous.from)} to {formatDate(props.data.previous.to)} · below {props.data.minSample.answers} answers or {props.data.minSample.audits} audits a figure is “insufficient data”: no colour and no claim of change
      </p>
      <section class="card" aria-labelledby="board-title">
        <div class="section-head">
          <h2 id="board-title">Standards against targets</h2>
          <Show when={props.data.standards.length > 0}>
            <CsvButton onClick={csv} label="Download the board (CSV)" />
          </Show>
        </div>
        <Show
          when={props.data.standards.length > 0}
          fallback={
            <EmptyState title="No standards measured by surveys yet">
              <p>
                Create a standard with a survey metric (NPS, CSAT, CES, rating or yes rate), link a question to it in a survey and publish the survey; or link an audit item to it for
                mystery-shop evidence.
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
          <p class="hint">Each figure opens its trend. The arrow compares it with the previous period of the same length; “significant” only at 95% with enough answers in both periods.</p>
          <ul class="legend-list" aria-label="Status key">
            <li>● On target</li>
            <li>▲ Within tolerance (amber)</li>
            <li>■ Off target (red)</li>
            <li>○ Insufficient data</li>
          </ul>
          <div class="table-wrap">
            <table class="table board analytics-board">
              <caption class="sr-only">Each standard’s figure for the period, overall and by location, with its sample size, interval, status against the target and change on the previous period</caption>
              <thead>
                <tr>
                  <th scope="col">Standard</th>
                  <th scope="col">Target</th>
                  <th scope="col">Overall</th>
                  <For each={columns()}>{(l) => <th scope="col">{l.name}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={props.data.standards}>
                  {(row) => (
                    <tr data-standard-id={row.standard.id}>
                      <th scope="row" class="board-standard">
                        <A href={`/standards/${row.standard.id}`}>
                          <span class="code">{row.standard.code}</span> {row.standard.title}
                        </A>
                        <span class="hint block">{row.source === 'audit' ? 'Measured by mystery shopping' : row.source === 'cases' ? 'Measured by follow-up cases' : 'Measured by surveys'}</span>
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
                        <CellView row={row} cell={row.overall} place="All locations" href={trendHref(row, row.overall)} locationId={param(params.locationId)} />
                      </td>
                      <For each={columns()}>
                        {(l) => (
                          <td>
                            <Show when={row.byLocation.find((c) => c.locationId === l.id && (c.n > 0 || c.change?.previous.n))} fallback={<span class="muted">No answers</span>}>
                              {(cell) => <CellView row={row} cell={cell()} place={l.name} href={trendHref(row, cell())} locationId={param(params.locationId)} />}
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
          <Show when={props.data.standards.some((r) => r.byLocation.some((c) => c.n > 0))}>
            <Suspense fallback={<p class="loading">Loading the chart…</p>}>
              <BoardChart rows={props.data.standards} locations={columns()} />
            </Suspense>
          </Show>
        </Show>
      </section>
    </>
  )
}

function CellView(props: { row: BoardRow; cell: BoardCell; place: string; href: string; locationId: string | undefined }) {
  const drill = (link: string) => drillHref(cellLink(link, props.cell.locationId ?? props.locationId))
  const metric = () => props.row.standard.metric
  const bothSources = () => props.cell.survey !== null && props.cell.audit !== null
  return (
    <div class="cell" data-status={props.cell.status ?? 'none'} data-location-id={props.cell.locationId ?? ''}>
      <A href={props.href} class="board-cell-link cell">
        <span class="sr-only">
          {props.row.standard.code} at {props.place}:{' '}
        </span>
        <FigureText metric={metric()} figure={props.cell} target={props.row.target?.target ?? null} />
        <StatusView status={props.cell.status} />
        <ChangeView metric={metric()} change={props.cell.change} />
        <span class="sr-only">, open the trend</span>
      </A>
      <Show when={bothSources()}>
        <dl class="cell-evidence" aria-label="Evidence by source">
          <dt>Survey</dt>
          <dd>
            {formatMetric(metric(), props.cell.survey!.value)} · n = {props.cell.survey!.n}
          </dd>
          <dt>Mystery shop</dt>
          <dd>
            {formatMetric('audit_compliance', props.cell.audit!.value)} · n = {props.cell.audit!.n} items, {props.cell.audit!.audits} {props.cell.audit!.audits === 1 ? 'audit' : 'audits'}
          </dd>
        </dl>
      </Show>
      <Show when={props.cell.disagree}>
        <span class="cell-disagree">
          <span aria-hidden="true">⚠ </span>Sources disagree
        </span>
      </Show>
      <span class="cell-drill">
        <A href={drill(props.row.links.comments)}>
          Comments<span class="sr-only"> behind {props.row.standard.code} at {props.place}</span>
        </A>
        <Show when={props.row.links.audits}>
          {(href) => (
            <>
              {' · '}
              <A href={drill(href())}>
                Audits<span class="sr-only"> behind {props.row.standard.code} at {props.place}</span>
              </A>
            </>
          )}
        </Show>
      </span>
    </div>
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
