import { A, useSearchParams } from '@solidjs/router'
import { createMemo, createResource, For, lazy, Show, Suspense } from 'solid-js'
import { api, call } from '../lib/api.ts'
import { csvNumber, downloadCsv } from '../lib/csv-download.ts'
import { formatDate, formatInterval, formatMetric, formatMetricAgainst } from '../lib/format.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { SelectField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { analyticsApi, apiFilter, carriedQuery, param, type TrendResponse } from '../components/analytics/api.ts'
import { AnalyticsFilterBar, AnalyticsTabs, CsvButton } from '../components/analytics/filter-bar.tsx'
import { StatusView, statusText } from '../components/analytics/figures.tsx'

// Chart.js loads with this page's chart only.
const TrendChart = lazy(() => import('../components/analytics/trend-chart.tsx'))

const GRAINS = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
]
const COMPARES = [
  { value: '', label: 'No comparison' },
  { value: 'previous', label: 'Previous period' },
  { value: 'last_year', label: 'Same period last year' },
]

/** A standard (or a survey question) over time against its target, by day, week or month. */
export function AnalyticsTrendPage() {
  const [params, setParams] = useSearchParams()
  const grain = () => (['day', 'week', 'month'] as const).find((g) => g === param(params.grain)) ?? 'week'
  const compare = () => (['previous', 'last_year'] as const).find((c) => c === param(params.compare))
  const query = createMemo(() => {
    const q: Record<string, string | undefined> = { ...apiFilter(params), grain: grain(), compare: compare() }
    const questionId = param(params.questionId)
    if (questionId) Object.assign(q, { questionId, metric: param(params.metric) })
    return q.standardId || (q.questionId && q.surveyId) ? q : undefined
  })
  const [trend, { refetch }] = createResource(query, (q) => analyticsApi.trend(q))
  const [standards] = createResource(() => call(api.standards.$get({ query: {} })).then((r) => r.standards))
  // With a survey chosen, any of its scale questions can be followed too, not only standards.
  const [questions] = createResource(
    () => param(params.surveyId),
    (id) => call(api.surveys[':id'].$get({ param: { id } })).then((r) => measurableQuestions(r.versions as { status: string; definition: { pages: { questions: { id: string; type: string; text: string }[] }[] } }[])),
  )

  return (
    <Page title="Trends" lead="Is it changing? One standard over time against its target, with the interval of every figure.">
      <AnalyticsTabs />
      <AnalyticsFilterBar label="Period and filters of the trend">
        <SelectField
          label="Standard"
          value={param(params.standardId) ?? ''}
          onChange={(v) => setParams({ standardId: v || undefined, questionId: undefined, metric: undefined })}
          options={[{ value: '', label: param(params.questionId) ? 'A survey question' : 'Choose a standard' }, ...(standards.latest ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.title}` }))]}
        />
        <Show when={param(params.surveyId) && (questions.latest ?? []).length > 0}>
          <SelectField
            label="Question"
            value={param(params.questionId) ?? ''}
            onChange={(v) => setParams({ questionId: v || undefined, standardId: undefined, metric: undefined })}
            options={[{ value: '', label: 'Choose a question' }, ...(questions.latest ?? []).map((q) => ({ value: q.id, label: q.text }))]}
          />
        </Show>
        <SelectField label="Grain" value={grain()} onChange={(v) => setParams({ grain: v === 'week' ? undefined : v })} options={GRAINS} />
        <SelectField label="Compare with" value={compare() ?? ''} onChange={(v) => setParams({ compare: v || undefined })} options={COMPARES} />
      </AnalyticsFilterBar>
      <Show
        when={query()}
        fallback={
          <div class="card">
            <EmptyState title="Choose a standard">
              <p>Pick a standard above to see its figure by day, week or month against its target, or choose a survey in the filters and one of its questions; or open a figure from the board.</p>
            </EmptyState>
          </div>
        }
      >
        <AsyncView resource={trend} loading="Loading the trend…" onRetry={refetch}>
          {(t) => <TrendBody trend={t()} />}
        </AsyncView>
      </Show>
    </Page>
  )
}

/** Question types a trend can follow (each read as its type's default metric). */
const MEASURABLE = new Set(['nps', 'csat', 'ces', 'rating', 'yes_no'])

/** The survey's scale questions across its published and archived versions, the newest wording of each. */
function measurableQuestions(versions: { status: string; definition: { pages: { questions: { id: string; type: string; text: string }[] }[] } }[]) {
  const out = new Map<string, { id: string; text: string }>()
  for (const v of versions) {
    if (v.status === 'draft') continue
    for (const page of v.definition.pages) for (const q of page.questions) if (MEASURABLE.has(q.type) && !out.has(q.id)) out.set(q.id, { id: q.id, text: q.text })
  }
  return [...out.values()]
}

function TrendBody(props: { trend: TrendResponse }) {
  const [params] = useSearchParams()
  const t = () => props.trend
  const metric = () => t().metric
  const hasTarget = () => t().series.some((p) => p.target !== null)
  const any = () => t().series.some((p) => p.n > 0)
  const comparisonName = () => (t().comparison?.compare === 'last_year' ? 'Same period last year' : 'Previous period')
  const commentsHref = () => {
    const f = apiFilter(params)
    const q = new URLSearchParams()
    if (f.from) q.set('from', f.from)
    if (f.to) q.set('to', f.to)
    if (f.locationId) q.set('location', f.locationId)
    if (f.surveyId) q.set('survey', f.surveyId)
    return `/comments${q.toString() ? `?${q}` : ''}`
  }

  const csv = () => {
    const header = ['Bucket', 'From', 'To', 'Value', 'n', 'Interval low', 'Interval high', 'Target', 'Status']
    if (t().comparison) header.push(`${comparisonName()} from`, `${comparisonName()} value`, `${comparisonName()} n`)
    const rows: (string | number)[][] = [header]
    t().series.forEach((p, i) => {
      const c = t().comparison?.series[i]
      rows.push([p.bucket, p.from, p.to, csvNumber(p.value), p.n, csvNumber(p.low), csvNumber(p.high), csvNumber(p.target), statusText(p.status), ...(t().comparison ? [c?.from ?? '', csvNumber(c?.value), c?.n ?? ''] : [])])
    })
    downloadCsv(`trend-${t().subject.title.replace(/[^\w-]+/g, '-').toLowerCase()}-${t().grain}-${t().period.from}-to-${t().period.to}`, rows)
  }

  return (
    <>
      <p class="period">
        {t().subject.title} · {formatDate(t().period.from)} to {formatDate(t().period.to)} by {t().grain}
        {t().comparison ? ` · compared with ${comparisonName().toLowerCase()} (${formatDate(t().comparison!.from)} to ${formatDate(t().comparison!.to)})` : ''}
      </p>
      <section class="card" aria-labelledby="trend-title">
        <div class="section-head">
          <h2 id="trend-title">{t().subject.title}</h2>
          <span class="button-row">
            <Show when={t().subject.standardId}>
              {(id) => (
                <A class="button small" href={`/analytics/breakdown${carriedQuery(params, { standardId: id(), by: 'location' })}`}>
                  Compare locations
                </A>
              )}
            </Show>
            <A class="button small" href={`/analytics/why${carriedQuery(params)}`}>
              Why: themes and sentiment
            </A>
            <A class="button small" href={commentsHref()}>
              Comments
            </A>
          </span>
        </div>
        <Show when={any()} fallback={<EmptyState title="No answers in this period">{<p>Try a longer period or fewer filters.</p>}</EmptyState>}>
          <Suspense fallback={<p class="loading">Loading the chart…</p>}>
            <TrendChart trend={t()} />
          </Suspense>
        </Show>
        <div class="section-head">
          <h3 id="trend-table-title">Figures by {t().grain}</h3>
          <CsvButton onClick={csv} />
        </div>
        <div class="table-wrap">
          <table class="table trend-table" data-testid="trend-table">
            <caption>
              {t().subject.title} by {t().grain}: value, sample size, 95% interval{hasTarget() ? ', target in force' : ''} and status
              {t().comparison ? `, with the ${comparisonName().toLowerCase()}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t().grain === 'day' ? 'Day' : t().grain === 'week' ? 'Week from' : 'Month'}</th>
                <th scope="col" class="num">
                  Value
                </th>
                <th scope="col" class="num">
                  n
                </th>
                <th scope="col">95% interval</th>
                <th scope="col" class="num">
                  Target
                </th>
                <th scope="col">Status</th>
                <Show when={t().comparison}>
                  <th scope="col" class="num">
                    {comparisonName()}
                  </th>
                </Show>
              </tr>
            </thead>
            <tbody>
              <For each={t().series}>
                {(p, i) => (
                  <tr>
                    <th scope="row">{t().grain === 'month' ? p.bucket.slice(0, 7) : formatDate(p.bucket)}</th>
                    <td class="num">{formatMetricAgainst(metric(), p.value, p.target)}</td>
                    <td class="num">{p.n.toLocaleString('en-GB')}</td>
                    <td>{p.n > 0 ? formatInterval(metric(), p.low, p.high) : '—'}</td>
                    <td class="num" data-target={p.target ?? ''}>
                      {p.target === null ? '—' : formatMetric(metric(), p.target)}
                    </td>
                    <td>
                      <StatusView status={p.status} />
                    </td>
                    <Show when={t().comparison}>
                      {(c) => (
                        <td class="num">
                          <Show when={c().series[i()]} fallback="—">
                            {(cp) => (
                              <>
                                {formatMetric(metric(), cp().value)} <span class="cell-n">n = {cp().n}</span>
                                <span class="cell-n block">{t().grain === 'month' ? cp().bucket.slice(0, 7) : formatDate(cp().bucket)}</span>
                              </>
                            )}
                          </Show>
                        </td>
                      )}
                    </Show>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
