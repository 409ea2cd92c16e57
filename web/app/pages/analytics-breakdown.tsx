import { A, useSearchParams } from '@solidjs/router'
import { createMemo, createResource, For, Show } from 'solid-js'
import type { BreakdownBy } from '../../../shared/analytics.ts'
import { api, call } from '../lib/api.ts'
import { csvNumber, downloadCsv } from '../lib/csv-download.ts'
import { formatDate, formatInterval, formatMetric } from '../lib/format.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { CheckboxField, SelectField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { analyticsApi, apiFilter, carriedQuery, param, type BreakdownResponse, type BreakdownRow } from '../components/analytics/api.ts'
import { AnalyticsFilterBar, AnalyticsTabs, CsvButton } from '../components/analytics/filter-bar.tsx'
import { StatusView, statusText } from '../components/analytics/figures.tsx'

// The API's list (shared/analytics.ts), kept here so this page does not load zod with its schemas.
const BREAKDOWN_BY: readonly BreakdownBy[] = ['location', 'channel', 'collector', 'version', 'question', 'standard', 'dimension', 'language']

const BY_TEXT: Record<BreakdownBy, string> = {
  location: 'Location',
  channel: 'Channel',
  collector: 'Link',
  version: 'Survey version',
  question: 'Question',
  standard: 'Standard',
  dimension: 'Service dimension',
  language: 'Language',
}

/** Figures by location, channel, link, version, question, standard, dimension or language, ranked with care. */
export function AnalyticsBreakdownPage() {
  const [params, setParams] = useSearchParams()
  const by = () => BREAKDOWN_BY.find((b) => b === param(params.by)) ?? 'location'
  const needsSubject = () => by() !== 'standard' && by() !== 'dimension' && by() !== 'question'
  const query = createMemo(() => {
    const q: Record<string, string | undefined> = { ...apiFilter(params), by: by() }
    const questionId = param(params.questionId)
    if (questionId) Object.assign(q, { questionId, metric: param(params.metric) })
    if (by() === 'question' && !q.surveyId) return undefined
    if (needsSubject() && !q.standardId && !(q.questionId && q.surveyId)) return undefined
    return q
  })
  const [data, { refetch }] = createResource(query, (q) => analyticsApi.breakdown(q))
  const [standards] = createResource(() => call(api.standards.$get({ query: {} })).then((r) => r.standards))

  return (
    <Page title="Breakdowns" lead="League tables: each group’s figure with its n and interval, ranked so that a small group is not put first by chance.">
      <AnalyticsTabs />
      <AnalyticsFilterBar label="Period and filters of the breakdown">
        <SelectField label="Break down by" value={by()} onChange={(v) => setParams({ by: v === 'location' ? undefined : v })} options={BREAKDOWN_BY.map((b) => ({ value: b, label: BY_TEXT[b] }))} />
        <Show when={by() !== 'standard' && by() !== 'dimension'}>
          <SelectField
            label="Standard"
            value={param(params.standardId) ?? ''}
            onChange={(v) => setParams({ standardId: v || undefined, questionId: undefined, metric: undefined })}
            options={[{ value: '', label: by() === 'question' ? 'Every question' : 'Choose a standard' }, ...(standards.latest ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.title}` }))]}
          />
        </Show>
        <CheckboxField label="Hide small groups" checked={param(params.hideSmall) === 'true'} onChange={(on) => setParams({ hideSmall: on ? 'true' : undefined })} hint="Below the minimum sample" />
      </AnalyticsFilterBar>
      <Show
        when={query()}
        fallback={
          <div class="card">
            <EmptyState title={by() === 'question' ? 'Choose a survey' : 'Choose a standard'}>
              <p>{by() === 'question' ? 'A breakdown by question reads one survey’s questions: pick the survey above.' : `Pick the standard to compare by ${BY_TEXT[by()].toLowerCase()}.`}</p>
            </EmptyState>
          </div>
        }
      >
        <AsyncView resource={data} loading="Loading the breakdown…" onRetry={refetch}>
          {(d) => <BreakdownBody data={d()} />}
        </AsyncView>
      </Show>
    </Page>
  )
}

function BreakdownBody(props: { data: BreakdownResponse }) {
  const [params] = useSearchParams()
  const d = () => props.data
  const metricOf = () => (d().by === 'standard' || d().by === 'dimension' ? '' : d().metric)
  const show = (value: number | null) => (metricOf() ? formatMetric(metricOf(), value) : value === null ? '—' : `${value.toFixed(1)}`)
  const interval = (r: BreakdownRow) => (r.n === 0 || r.low === null ? '—' : metricOf() ? formatInterval(metricOf(), r.low, r.high) : `${r.low.toFixed(1)} to ${r.high?.toFixed(1)}`)
  const trendHref = (r: BreakdownRow) => {
    if (d().by === 'location') return `/analytics/trend${carriedQuery(params, { locationId: r.key })}`
    if (d().by === 'standard') return `/analytics/trend${carriedQuery(params, { standardId: r.key })}`
    return null
  }

  const csv = () =>
    downloadCsv(`breakdown-by-${d().by}-${d().period.from}-to-${d().period.to}`, [
      ['Rank', BY_TEXT[d().by], 'Value', 'n', 'Interval low', 'Interval high', 'Status', 'Small group'],
      ...d().rows.map((r) => [r.rank ?? '', r.label, csvNumber(r.value), r.n, csvNumber(r.low), csvNumber(r.high), statusText(r.status), r.small ? 'yes' : '']),
    ])

  return (
    <>
      <p class="period">
        {formatDate(d().period.from)} to {formatDate(d().period.to)} · {metricOf() ? `${metricOf().toUpperCase()} by ${BY_TEXT[d().by].toLowerCase()}` : `each ${BY_TEXT[d().by].toLowerCase()} in its own metric, against its own target`}
      </p>
      <section class="card" aria-labelledby="breakdown-title">
        <div class="section-head">
          <h2 id="breakdown-title">By {BY_TEXT[d().by].toLowerCase()}</h2>
          <Show when={d().rows.length > 0}>
            <CsvButton onClick={csv} />
          </Show>
        </div>
        <p class="hint">
          The rank uses the cautious end of each 95% interval (the low end where higher is better), not the figure itself: a group with few answers has a wide interval, so it is not ranked above a
          group with many answers by chance. Groups below the minimum sample are marked small and not ranked.
        </p>
        <Show when={d().hidden > 0}>
          <p class="hint">
            {d().hidden} small {d().hidden === 1 ? 'group is' : 'groups are'} hidden.
          </p>
        </Show>
        <Show when={d().rows.length > 0} fallback={<EmptyState title="Nothing to compare in this period" />}>
          <div class="table-wrap">
            <table class="table breakdown-table">
              <caption class="sr-only">
                {metricOf() ? metricOf().toUpperCase() : 'Figures'} by {BY_TEXT[d().by].toLowerCase()}, ranked by the cautious end of the interval, with n, interval and status
              </caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Rank
                  </th>
                  <th scope="col">{BY_TEXT[d().by]}</th>
                  <th scope="col" class="num">
                    Value
                  </th>
                  <th scope="col" class="num">
                    n
                  </th>
                  <th scope="col">95% interval</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                <For each={d().rows}>
                  {(r) => (
                    <tr classList={{ 'row-small': r.small }} data-key={r.key}>
                      <td class="num rank">{r.rank ?? '—'}</td>
                      <th scope="row">
                        <Show when={trendHref(r)} fallback={r.label}>
                          {(href) => <A href={href()}>{r.label}</A>}
                        </Show>
                        <Show when={r.small}>
                          <span class="hint block">Small group: not ranked</span>
                        </Show>
                      </th>
                      <td class="num">{show(r.value)}</td>
                      <td class="num">{r.n.toLocaleString('en-GB')}</td>
                      <td>{interval(r)}</td>
                      <td>
                        <StatusView status={r.status} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>
    </>
  )
}
