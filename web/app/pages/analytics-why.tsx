import { A, useSearchParams } from '@solidjs/router'
import { createMemo, createResource, For, lazy, Show, Suspense } from 'solid-js'
import { api, call } from '../lib/api.ts'
import { csvNumber, downloadCsv } from '../lib/csv-download.ts'
import { formatDate, formatInterval, formatMetric } from '../lib/format.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { SelectField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { themeName } from '../components/comments/types.ts'
import { analyticsApi, apiFilter, drillHref, param, type WhyResponse } from '../components/analytics/api.ts'
import { AnalyticsFilterBar, AnalyticsTabs, CsvButton } from '../components/analytics/filter-bar.tsx'
import { deltaText } from '../components/analytics/figures.tsx'
import { SENTIMENT_SERIES } from '../components/analytics/sentiment-series.ts'

// Chart.js loads with this page's chart only.
const SentimentChart = lazy(() => import('../components/analytics/sentiment-chart.tsx'))

const GRAINS = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
]

/** Why: what customers say over time, and the themes that pull the score down, each one click from its comments. */
export function AnalyticsWhyPage() {
  const [params, setParams] = useSearchParams()
  const grain = () => (['day', 'week', 'month'] as const).find((g) => g === param(params.grain)) ?? 'week'
  const driver = () => (['nps', 'csat'] as const).find((d) => d === param(params.driver))
  const query = createMemo(() => ({ ...apiFilter(params), grain: grain(), driver: driver() }))
  const [why, { refetch }] = createResource(query, (q) => analyticsApi.why(q))
  const [standards] = createResource(() => call(api.standards.$get({ query: {} })).then((r) => r.standards))

  return (
    <Page title="Why" lead="What customers say: sentiment over time, and the themes that pull the score down.">
      <AnalyticsTabs />
      <AnalyticsFilterBar label="Period and filters of the themes">
        <SelectField
          label="Standard"
          value={param(params.standardId) ?? ''}
          onChange={(v) => setParams({ standardId: v || undefined })}
          options={[{ value: '', label: 'All comments' }, ...(standards.latest ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.title}` }))]}
        />
        <SelectField label="Score" value={driver() ?? ''} onChange={(v) => setParams({ driver: v || undefined })} options={[{ value: '', label: 'The standard’s (or NPS)' }, { value: 'nps', label: 'NPS' }, { value: 'csat', label: 'CSAT' }]} />
        <SelectField label="Grain" value={grain()} onChange={(v) => setParams({ grain: v === 'week' ? undefined : v })} options={GRAINS} />
      </AnalyticsFilterBar>
      <AsyncView resource={why} loading="Loading themes and sentiment…" onRetry={refetch}>
        {(w) => <WhyBody why={w()} />}
      </AsyncView>
    </Page>
  )
}

function WhyBody(props: { why: WhyResponse }) {
  const w = () => props.why
  const driver = () => w().driver
  const byVolume = createMemo(() => [...w().themes].sort((a, b) => a.rankByVolume - b.rankByVolume))
  const byPull = createMemo(() => w().themes.filter((t) => t.rankByPull !== null).sort((a, b) => a.rankByPull! - b.rankByPull!))
  const any = () => w().sentiment.some((b) => b.total > 0)
  const stem = () => `${w().period.from}-to-${w().period.to}`

  const sentimentCsv = () =>
    downloadCsv(`sentiment-by-${w().grain}-${stem()}`, [
      ['Bucket', 'From', 'To', ...SENTIMENT_SERIES.map((s) => s.label), 'Total'],
      ...w().sentiment.map((b) => [b.bucket, b.from, b.to, ...SENTIMENT_SERIES.map((s) => b[s.key]), b.total]),
    ])
  const themesCsv = () =>
    downloadCsv(`themes-${stem()}`, [
      ['Theme', 'Comments', 'Negative', 'Share negative %', `${driver().toUpperCase()} of responses mentioning it`, 'n', 'Interval low', 'Interval high', 'Share of responses with a comment %', 'Pull on the score', 'Rank by volume', 'Rank by pull'],
      ...w().themes.map((t) => [themeName(t.theme), t.count, t.negative, csvNumber(t.negativeShare), csvNumber(t.score.value), t.score.n, csvNumber(t.score.low), csvNumber(t.score.high), csvNumber(t.share), csvNumber(t.pull, 2), t.rankByVolume, t.rankByPull ?? '']),
    ])

  return (
    <>
      <p class="period">
        {formatDate(w().period.from)} to {formatDate(w().period.to)} · {driver().toUpperCase()} of every response with a comment: {formatMetric(driver(), w().baseline.value)} (n = {w().baseline.n}
        {w().baseline.low !== null ? `, ${formatInterval(driver(), w().baseline.low, w().baseline.high)}` : ''})
      </p>
      <section class="card" aria-labelledby="sentiment-title">
        <div class="section-head">
          <h2 id="sentiment-title">Sentiment over time</h2>
          <CsvButton onClick={sentimentCsv} />
        </div>
        <Show when={any()} fallback={<EmptyState title="No comments in this period" />}>
          <Suspense fallback={<p class="loading">Loading the chart…</p>}>
            <SentimentChart why={w()} />
          </Suspense>
          <div class="table-wrap">
            <table class="table sentiment-table">
              <caption>Comments by sentiment per {w().grain}</caption>
              <thead>
                <tr>
                  <th scope="col">{w().grain === 'day' ? 'Day' : w().grain === 'week' ? 'Week from' : 'Month'}</th>
                  <For each={SENTIMENT_SERIES}>
                    {(s) => (
                      <th scope="col" class="num">
                        {s.label}
                      </th>
                    )}
                  </For>
                  <th scope="col" class="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={w().sentiment}>
                  {(b) => (
                    <tr>
                      <th scope="row">{w().grain === 'month' ? b.bucket.slice(0, 7) : formatDate(b.bucket)}</th>
                      <For each={SENTIMENT_SERIES}>{(s) => <td class="num">{b[s.key]}</td>}</For>
                      <td class="num">{b.total}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>

      <section class="card" aria-labelledby="pull-title">
        <div class="section-head">
          <h2 id="pull-title">Themes by pull on the {driver().toUpperCase()}</h2>
          <Show when={w().themes.length > 0}>
            <CsvButton onClick={themesCsv} label="Download themes (CSV)" />
          </Show>
        </div>
        <p class="hint">
          Pull = ({driver().toUpperCase()} of responses whose comment mentions the theme − {driver().toUpperCase()} of every response with a comment) × the theme’s share of those responses. A negative pull
          drags the score down; the largest drag comes first.
        </p>
        <Show when={byPull().length > 0} fallback={<p class="muted">No theme has enough scored responses to weigh its pull.</p>}>
          <div class="table-wrap">
            <table class="table themes-pull-table">
              <caption class="sr-only">Themes ranked by how much they pull the {driver().toUpperCase()} down, with the score of the responses mentioning each and its n</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Rank
                  </th>
                  <th scope="col">Theme</th>
                  <th scope="col" class="num">
                    Pull
                  </th>
                  <th scope="col" class="num">
                    {driver().toUpperCase()} when mentioned
                  </th>
                  <th scope="col" class="num">
                    n
                  </th>
                  <th scope="col" class="num">
                    Share mentioning
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={byPull()}>
                  {(t) => (
                    <tr>
                      <ThemeCells rank={t.rankByPull} theme={t.theme} link={t.link} />
                      <td class="num" classList={{ 'pull-negative': (t.pull ?? 0) < 0 }}>
                        {deltaText(driver(), t.pull)}
                      </td>
                      <td class="num">
                        {formatMetric(driver(), t.score.value)}
                        <Show when={t.score.low !== null}>
                          <span class="cell-interval block">{formatInterval(driver(), t.score.low, t.score.high)}</span>
                        </Show>
                      </td>
                      <td class="num">{t.score.n}</td>
                      <td class="num">{t.share === null ? '—' : `${t.share.toFixed(0)}%`}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>

      <section class="card" aria-labelledby="volume-title">
        <h2 id="volume-title">Themes by volume</h2>
        <Show when={byVolume().length > 0} fallback={<p class="muted">No comment mentions a theme in this period.</p>}>
          <div class="table-wrap">
            <table class="table themes-volume-table">
              <caption class="sr-only">Themes ranked by the number of comments mentioning them, with the share negative</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Rank
                  </th>
                  <th scope="col">Theme</th>
                  <th scope="col" class="num">
                    Comments
                  </th>
                  <th scope="col" class="num">
                    Negative
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={byVolume()}>
                  {(t) => (
                    <tr>
                      <ThemeCells rank={t.rankByVolume} theme={t.theme} link={t.link} />
                      <td class="num">{t.count}</td>
                      <td class="num">
                        {t.negativeShare === null ? '—' : `${t.negativeShare.toFixed(0)}%`} <span class="cell-n">({t.negative})</span>
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

/** A ranked theme's first two cells: its rank and its name, linked to the comments behind it. */
function ThemeCells(props: { rank: number | null; theme: string; link: string }) {
  return (
    <>
      <td class="num rank">{props.rank}</td>
      <th scope="row">
        <A href={drillHref(props.link)}>
          {themeName(props.theme)}
          <span class="sr-only">: read its comments</span>
        </A>
      </th>
    </>
  )
}
