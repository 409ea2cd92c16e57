import { createMemo, For, lazy, Show, Suspense, type JSX } from 'solid-js'
import type { BoardCell, BoardResponse, BoardRow, TrendPoint, TrendResponse } from '../../../../shared/analytics.ts'
import { formatImpactDelta, formatImpactInterval, formatImpactValue, type ActionImpact, type ActionView, type ImpactFigure, type StandardImpact } from '../../../../shared/action-types.ts'
import { ROOT_CAUSE_LABELS, TRIGGER_LABELS, type CaseTrigger, type RootCause } from '../../../../shared/case-terms.ts'
import { formatInterval, formatMetric, formatMetricAgainst, formatTarget, formatTolerance } from '../../lib/format.ts'
import type { StandardRow } from '../../lib/api.ts'
import { StatusBadge } from '../status-badge.tsx'
import { DIMENSION_TEXT } from '../analytics/api.ts'
import { themeName } from '../comments/types.ts'
import {
  changeText,
  count,
  durationText,
  excerpt,
  plural,
  pullText,
  reportDate,
  sampleOf,
  scopeCells,
  scopeKind,
  type Findings,
  type ReportCases,
  type ReportWhy,
  type ScopeCell,
} from './report-data.ts'

// Chart.js loads with the trends only, after the figures are on screen.
const TrendMiniChart = lazy(() => import('./trend-mini-chart.tsx'))

/** What each metric is, in the report's words. */
export const METRIC_NAMES: Record<string, string> = {
  nps: 'NPS (−100 to +100)',
  csat: 'CSAT (% satisfied)',
  ces: 'Customer effort (mean, 1–7)',
  rating_mean: 'Rating (mean)',
  yes_rate: 'Yes rate (%)',
  audit_compliance: 'Mystery-shop compliance (%)',
  timing: 'Timing (% within the threshold)',
  case_sla: 'Cases within SLA (%)',
}

/** A section whose API this installation does not have yet. */
export function Unavailable(props: { what: string; children?: JSX.Element }) {
  return (
    <div class="review-unavailable" data-unavailable="true">
      <p>
        <strong>Not available.</strong> {props.what}
      </p>
      {props.children}
    </div>
  )
}

// ---- 1. standards and targets

export function StandardsTable(props: { standards: StandardRow[]; board: BoardResponse | undefined }) {
  const inForce = (s: StandardRow) => props.board?.standards.find((r) => r.standard.id === s.id)?.target ?? null
  return (
    <div class="table-wrap">
      <table class="table review-table review-standards" data-testid="review-standards">
        <caption>Service standards in force, with the target each is judged against and the amber band of tolerance below it</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Standard</th>
            <th scope="col">Dimension</th>
            <th scope="col">Metric</th>
            <th scope="col">Target</th>
            <th scope="col">Tolerance (amber)</th>
            <th scope="col">Better when</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.standards}>
            {(s) => {
              const t = () => inForce(s)
              const changed = () => {
                const x = t()
                return x !== null && (x.target !== s.target || x.tolerance !== s.tolerance || x.direction !== s.direction)
              }
              return (
                <tr>
                  <td class="code">{s.code}</td>
                  <th scope="row">
                    {s.title}
                    <Show when={s.owner}>
                      <span class="hint block">Owner: {s.owner}</span>
                    </Show>
                  </th>
                  <td>{DIMENSION_TEXT[s.dimension] ?? s.dimension}</td>
                  <td>{METRIC_NAMES[s.metric] ?? s.metric}</td>
                  <td class="nowrap">
                    {formatTarget(s.metric, s)}
                    <Show when={changed()}>
                      <span class="hint block">{formatTarget(s.metric, t()!)} at the end of the period</span>
                    </Show>
                  </td>
                  <td class="nowrap">{formatTolerance(s.metric, s.tolerance)}</td>
                  <td>{s.direction === 'higher' ? 'Higher' : 'Lower'}</td>
                </tr>
              )
            }}
          </For>
        </tbody>
      </table>
    </div>
  )
}

// ---- 2. the sample reached, by standard

export function SampleTable(props: { board: BoardResponse; locationIds: string[]; nameOf: (id: string) => string }) {
  const rows = createMemo(() => props.board.standards.map((row) => ({ row, sample: sampleOf(scopeCells(row, props.locationIds, props.nameOf)) })))
  const min = () => props.board.minSample
  return (
    <div class="table-wrap">
      <table class="table review-table review-samples" data-testid="review-samples">
        <caption>
          Sample reached in the period by standard. A figure needs at least {min().answers} answers or {min().audits} audits to be judged against its target.
        </caption>
        <thead>
          <tr>
            <th scope="col">Standard</th>
            <th scope="col" class="num">
              Survey answers
            </th>
            <th scope="col" class="num">
              Mystery-shop audits
            </th>
            <th scope="col" class="num">
              Audit checks
            </th>
            <th scope="col">Enough to judge?</th>
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {({ row, sample }) => {
              // Case-measured standards are judged on resolved cases, with the audits' minimum.
              const headline = () => (row.source === 'audit' ? sample.audits : row.source === 'cases' ? sample.cases : sample.answers)
              const needed = () => (row.source === 'survey' ? min().answers : min().audits)
              const linked = () => (row.source === 'audit' ? sample.auditLinked : row.source === 'cases' ? true : sample.surveyLinked)
              return (
                <tr data-enough={!linked() ? 'unmeasured' : headline() >= needed() ? 'yes' : 'no'}>
                  <th scope="row">
                    <span class="code">{row.standard.code}</span> {row.standard.title}
                  </th>
                  <td class="num">{sample.surveyLinked ? count(sample.answers) : <span class="muted">no question linked</span>}</td>
                  <td class="num">{sample.auditLinked ? count(sample.audits) : <span class="muted">no item linked</span>}</td>
                  <td class="num">{sample.auditLinked ? count(sample.checks) : '—'}</td>
                  <td>
                    <Show when={linked()} fallback={<span class="muted">Not measured: no survey question or audit item is linked</span>}>
                      {headline() >= needed() ? 'Yes' : `No: ${plural(headline(), row.source === 'audit' ? 'audit' : row.source === 'cases' ? 'resolved case' : 'answer')} of the ${count(needed())} needed`}
                      <Show when={scopeKind(props.locationIds) === 'several'}>
                        <span class="hint block">added up over the chosen locations; each is judged on its own sample</span>
                      </Show>
                    </Show>
                  </td>
                </tr>
              )
            }}
          </For>
        </tbody>
      </table>
    </div>
  )
}

// ---- 3. results against targets

function ChangeText(props: { metric: string; cell: BoardCell; judged: boolean }) {
  return (
    <Show when={props.cell.change && props.cell.change.delta !== null ? props.cell.change : undefined} fallback={<span class="muted">No figure for the previous period</span>}>
      {(c) => (
        <span class="review-change" data-significant={c().significant ? 'true' : 'false'}>
          <span aria-hidden="true">{c().direction === 'up' ? '↑' : c().direction === 'down' ? '↓' : '→'} </span>
          {changeText(props.metric, c().delta)} on {formatMetric(props.metric, c().previous.value)} (n = {count(c().previous.n)})
          <span class="block">
            {c().significant ? <strong>Significant</strong> : props.judged && c().previous.n > 0 ? 'Not significant' : 'Too little data to judge'}
            <Show when={c().low !== null && c().high !== null}>
              <span class="hint"> · 95% interval {changeText(props.metric, c().low).replace(/ points?$/, '')} to {changeText(props.metric, c().high)}</span>
            </Show>
          </span>
        </span>
      )}
    </Show>
  )
}

function SampleCell(props: { row: BoardRow; cell: BoardCell }) {
  return (
    <Show when={props.row.source === 'audit'} fallback={<>{count(props.cell.n)}</>}>
      {plural(props.cell.n, 'check')}
      <Show when={props.cell.audit}>{(a) => <span class="hint block">in {plural(a().audits, 'audit')}</span>}</Show>
    </Show>
  )
}

function ResultCells(props: { row: BoardRow; cell: BoardCell }) {
  const metric = () => props.row.standard.metric
  const bothSources = () => props.cell.survey !== null && props.cell.audit !== null && props.cell.n > 0
  return (
    <>
      <td class="num review-value">
        {formatMetricAgainst(metric(), props.cell.value, props.row.target?.target ?? null)}
        <Show when={bothSources()}>
          <span class="hint block review-evidence">
            Survey {formatMetric(metric(), props.cell.survey!.value)} (n = {count(props.cell.survey!.n)}) · mystery shop {formatMetric('audit_compliance', props.cell.audit!.value)} (n = {count(props.cell.audit!.n)})
          </span>
        </Show>
        <Show when={props.cell.disagree}>
          <span class="block review-disagree">Survey and mystery shop disagree</span>
        </Show>
      </td>
      <td class="num">
        <SampleCell row={props.row} cell={props.cell} />
      </td>
      <td class="nowrap">{props.cell.n > 0 && props.cell.low !== null ? formatInterval(metric(), props.cell.low, props.cell.high) : '—'}</td>
      <td>
        <Show when={props.cell.status} fallback={<span class="muted">No target</span>}>
          {(s) => <StatusBadge status={s()} />}
        </Show>
      </td>
      <td>
        <ChangeText metric={metric()} cell={props.cell} judged={props.cell.status !== 'insufficient'} />
      </td>
    </>
  )
}

function targetLine(row: BoardRow): string {
  if (!row.target) return 'no target'
  return `target ${formatTarget(row.standard.metric, row.target)}, amber within ${formatTolerance(row.standard.metric, row.target.tolerance)}`
}

/**
 * Every standard × the report's locations: value, n, 95% interval, status in words and the change
 * on the previous period. One location: one row per standard. Several or all: a group per standard,
 * a row per location (and the whole organisation).
 */
export function ResultsTable(props: { board: BoardResponse; locationIds: string[]; nameOf: (id: string) => string }) {
  const kind = () => scopeKind(props.locationIds)
  // All locations: the overall row, then each location that is active or had answers.
  const groups = createMemo(() =>
    props.board.standards.map((row) => {
      if (kind() !== 'all') return { row, cells: scopeCells(row, props.locationIds, props.nameOf), empty: [] as string[] }
      // Locations without answers or audits in either period are named once, not given a row each.
      const hasData = (l: { id: string }) => row.byLocation.some((c) => c.locationId === l.id && (c.n > 0 || (c.change?.previous.n ?? 0) > 0))
      const shown = props.board.locations.filter(hasData)
      const empty = props.board.locations.filter((l) => !l.archived && !hasData(l))
      const cells: ScopeCell[] = [{ label: 'All locations', locationId: null, cell: row.overall }, ...shown.map((l) => ({ label: l.name, locationId: l.id, cell: row.byLocation.find((c) => c.locationId === l.id)! }))]
      return { row, cells, empty: empty.map((l) => l.name) }
    }),
  )
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" class="num">
          Value
        </th>
        <th scope="col" class="num">
          n
        </th>
        <th scope="col">95% interval</th>
        <th scope="col">Status</th>
        <th scope="col">Change on the previous period</th>
      </tr>
    </thead>
  )
  return (
    <div class="table-wrap">
      <Show
        when={kind() === 'one'}
        fallback={
          <table class="table review-table review-results" data-testid="review-results">
            <caption class="sr-only">Each standard’s result for the period by location, with its sample size, 95% interval, status against the target and change on the previous period</caption>
            {head('Location')}
            <For each={groups()}>
              {(g) => (
                <tbody class="review-group" data-standard-id={g.row.standard.id}>
                  <tr class="review-group-head">
                    <th scope="colgroup" colSpan={6}>
                      <span class="code">{g.row.standard.code}</span> {g.row.standard.title}
                      <span class="review-group-target">
                        {' '}
                        · {targetLine(g.row)} · measured by {g.row.source === 'audit' ? 'mystery shopping' : g.row.source === 'cases' ? 'follow-up cases' : 'surveys'}
                      </span>
                    </th>
                  </tr>
                  <For each={g.cells}>
                    {(c) => (
                      <tr data-status={c.cell.status ?? 'none'} classList={{ 'review-overall': c.locationId === null && !c.benchmark, 'review-benchmark': !!c.benchmark }}>
                        <th scope="row">
                          {c.label}
                          <Show when={c.benchmark}>
                            <span class="hint block">for comparison</span>
                          </Show>
                        </th>
                        <ResultCells row={g.row} cell={c.cell} />
                      </tr>
                    )}
                  </For>
                  <Show when={g.empty.length > 0}>
                    <tr class="review-no-data">
                      <td colSpan={6}>No answers or audits in either period: {g.empty.join(', ')}.</td>
                    </tr>
                  </Show>
                </tbody>
              )}
            </For>
          </table>
        }
      >
        <table class="table review-table review-results" data-testid="review-results">
          <caption class="sr-only">Each standard’s result for the period at {props.nameOf(props.locationIds[0]!)}, with its sample size, 95% interval, status against the target and change on the previous period</caption>
          {head('Standard')}
          <tbody>
            <For each={groups()}>
              {(g) => (
                <tr data-status={g.cells[0]!.cell.status ?? 'none'} data-standard-id={g.row.standard.id}>
                  <th scope="row">
                    <span class="code">{g.row.standard.code}</span> {g.row.standard.title}
                    <span class="hint block">{targetLine(g.row)}</span>
                  </th>
                  <ResultCells row={g.row} cell={g.cells[0]!.cell} />
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  )
}

// ---- 4. trends

export interface TrendSet {
  row: BoardRow
  lines: { label: string; trend: TrendResponse }[]
}

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export function bucketLabel(grain: string, bucket: string): string {
  const [y, m, d] = bucket.split('-').map(Number)
  return grain === 'month' ? `${MONTHS_SHORT[(m ?? 1) - 1]} ${y}` : `${d} ${MONTHS_SHORT[(m ?? 1) - 1]}`
}

function trendSummary(set: TrendSet, grain: string): string {
  const metric = set.row.standard.metric
  const parts = set.lines.map((l) => {
    const points = l.trend.series.filter((p) => p.n > 0 && p.value !== null)
    if (points.length === 0) return `${l.label}: no answers`
    const first = points[0]!
    const last = points[points.length - 1]!
    const on = points.filter((p) => p.status === 'green').length
    return `${l.label}: ${formatMetric(metric, first.value)} (n = ${first.n}) in the ${grain} of ${bucketLabel(grain, first.bucket)}, ${formatMetric(metric, last.value)} (n = ${last.n}) in the ${grain} of ${bucketLabel(grain, last.bucket)}; on target in ${on} of ${points.length}`
  })
  const target = set.row.target ? `, target ${formatTarget(metric, set.row.target)}` : ''
  return `Line chart of ${set.row.standard.code} ${set.row.standard.title} by ${grain}${target}. ${parts.join('. ')}.`
}

function TrendFigure(props: { set: TrendSet; grain: 'week' | 'month'; index: number }) {
  const metric = () => props.set.row.standard.metric
  const first = () => props.set.lines[0]!.trend.series
  const labels = () => first().map((p) => bucketLabel(props.grain, p.bucket))
  const target = () => first().map((p) => p.target)
  const any = () => props.set.lines.some((l) => l.trend.series.some((p) => p.n > 0))
  const id = () => `review-trend-${props.index}`
  return (
    <figure class="review-trend" data-standard-id={props.set.row.standard.id} aria-labelledby={`${id()}-title`}>
      <figcaption id={`${id()}-title`} class="review-trend-title">
        <span class="code">{props.set.row.standard.code}</span> {props.set.row.standard.title}
        <span class="hint block">{props.set.row.target ? `Target ${formatTarget(metric(), props.set.row.target)} (red dashed line)` : 'No target'}</span>
      </figcaption>
      <Show when={any()} fallback={<p class="muted">No answers or audits in the period.</p>}>
        <Suspense fallback={<p class="loading review-chart-canvas">Loading the chart…</p>}>
          <TrendMiniChart metric={metric()} labels={labels()} series={props.set.lines.map((l) => ({ label: l.label, points: l.trend.series }))} target={target()} summary={trendSummary(props.set, props.grain)} />
        </Suspense>
        <details class="review-trend-table">
          <summary>
            Figures as a table<span class="sr-only">: {props.set.row.standard.code}</span>
          </summary>
          <div class="table-wrap">
            <table class="table review-table">
              <caption class="sr-only">
                {props.set.row.standard.code} by {props.grain}: value, n and 95% interval{props.set.lines.length > 1 ? ' per location' : ''}, and the target in force
              </caption>
              <thead>
                <tr>
                  <th scope="col">{props.grain === 'week' ? 'Week from' : 'Month'}</th>
                  <For each={props.set.lines}>
                    {(l) => (
                      <th scope="col" class="num">
                        {props.set.lines.length > 1 ? l.label : 'Value'}
                      </th>
                    )}
                  </For>
                  <th scope="col" class="num">
                    Target
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={first()}>
                  {(p, i) => (
                    <tr>
                      <th scope="row">{labels()[i()]}</th>
                      <For each={props.set.lines}>{(l) => <td class="num">{pointText(metric(), l.trend.series[i()])}</td>}</For>
                      <td class="num">{p.target === null ? '—' : formatMetric(metric(), p.target)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </details>
      </Show>
    </figure>
  )
}

function pointText(metric: string, p: TrendPoint | undefined): string {
  if (!p || p.n === 0) return 'no answers'
  const interval = p.low !== null ? `; ${formatInterval(metric, p.low, p.high)}` : ''
  return `${formatMetric(metric, p.value)} (n = ${count(p.n)}${interval})`
}

export function TrendsGrid(props: { sets: TrendSet[]; grain: 'week' | 'month' }) {
  return (
    <div class="review-trends" data-testid="review-trends">
      <For each={props.sets}>{(set, i) => <TrendFigure set={set} grain={props.grain} index={i()} />}</For>
    </div>
  )
}

// ---- 5. what customers said

export interface QuotedTheme {
  theme: string
  negative: Quote[]
  positive: Quote[]
}
export interface Quote {
  id: string
  text: string
  at: string
  locationName: string | null
  source: 'survey' | 'audit'
  formTitle: string
}

export function ThemeTables(props: { why: ReportWhy }) {
  const driver = () => props.why.driver.toUpperCase()
  const byVolume = createMemo(() => props.why.themes.filter((t) => t.count > 0).sort((a, b) => a.rankByVolume - b.rankByVolume).slice(0, 6))
  const byPull = createMemo(() =>
    props.why.themes
      .filter((t) => t.rankByPull !== null && t.score.n > 0)
      .sort((a, b) => a.rankByPull! - b.rankByPull!)
      .slice(0, 6),
  )
  return (
    <>
    <div class="review-columns review-columns-themes">
      <div class="table-wrap">
        <table class="table review-table review-themes-volume" data-testid="review-themes-volume">
          <caption>Most mentioned themes</caption>
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
                  <td class="num">{t.rankByVolume}</td>
                  <th scope="row">{themeName(t.theme)}</th>
                  <td class="num">{count(t.count)}</td>
                  <td class="num">
                    {t.negativeShare === null ? '—' : `${t.negativeShare.toFixed(0)}%`} <span class="hint">({count(t.negative)})</span>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table class="table review-table review-themes-pull" data-testid="review-themes-pull">
          <caption>Themes by pull on the {driver()}</caption>
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
                {driver()} when mentioned
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={byPull()} fallback={<tr><td colSpan={4} class="muted">Too few scored responses to weigh the themes.</td></tr>}>
              {(t) => (
                <tr>
                  <td class="num">{t.rankByPull}</td>
                  <th scope="row">{themeName(t.theme)}</th>
                  <td class="num" classList={{ 'pull-negative': (t.pull ?? 0) <= -0.05 }}>
                    {pullText(t.pull)}
                  </td>
                  <td class="num">
                    {formatMetric(props.why.driver, t.score.value)} <span class="hint">(n = {count(t.score.n)})</span>
                    <Show when={t.score.low !== null}>
                      <span class="hint block">{formatInterval(props.why.driver, t.score.low, t.score.high)}</span>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
    <p class="hint">
      Pull = ({driver()} of responses whose comment mentions the theme − {driver()} of all responses with a comment) × the theme’s share of those responses, in {driver()} points. Negative pulls the score
      down; the largest drag ranks first.
    </p>
    </>
  )
}

function QuoteList(props: { quotes: Quote[]; label: 'negative' | 'positive'; theme: string }) {
  return (
    <Show when={props.quotes.length > 0} fallback={<p class="muted review-quote-none">No {props.label} comment on {themeName(props.theme).toLowerCase()} in the period.</p>}>
      <For each={props.quotes}>
        {(q) => (
          <figure class={`review-quote review-quote-${props.label}`} data-comment-id={q.id}>
            <blockquote>
              <p>
                <span class="review-quote-label">
                  <span aria-hidden="true">{props.label === 'negative' ? '▼ ' : '▲ '}</span>
                  {props.label === 'negative' ? 'Negative' : 'Positive'}:
                </span>{' '}
                “{excerpt(q.text)}”
              </p>
            </blockquote>
            <figcaption class="hint">
              {q.source === 'audit' ? 'Mystery shopper' : 'Customer'}
              {q.locationName ? `, ${q.locationName}` : ''}, {reportDate(q.at)}
              {q.formTitle ? ` · ${q.formTitle}` : ''}
            </figcaption>
          </figure>
        )}
      </For>
    </Show>
  )
}

export function QuotedThemes(props: { themes: QuotedTheme[]; why: ReportWhy }) {
  return (
    <div class="review-quotes" data-testid="review-quotes">
      <For each={props.themes}>
        {(t) => {
          const info = () => props.why.themes.find((x) => x.theme === t.theme)
          return (
            <section class="review-quote-theme" aria-label={`Comments on ${themeName(t.theme).toLowerCase()}`}>
              <h4>
                {themeName(t.theme)}
                <Show when={info()}>
                  {(i) => (
                    <span class="hint">
                      {' '}
                      · {plural(i().count, 'comment')}, {i().negativeShare === null ? '' : `${i().negativeShare!.toFixed(0)}% negative`}
                      {i().pull !== null ? `, pull ${pullText(i().pull)} on the ${props.why.driver.toUpperCase()}` : ''}
                    </span>
                  )}
                </Show>
              </h4>
              <QuoteList quotes={t.negative} label="negative" theme={t.theme} />
              <QuoteList quotes={t.positive} label="positive" theme={t.theme} />
            </section>
          )
        }}
      </For>
    </div>
  )
}

// ---- 6. strengths and areas for development

export function FindingsBody(props: { findings: Findings }) {
  return (
    <>
      <div class="review-columns">
        <div class="review-findings review-strengths" data-testid="review-strengths">
          <h3>Strengths</h3>
          <Show when={props.findings.strengths.length > 0} fallback={<p class="muted">No standard met its target with enough data, and nothing improved significantly.</p>}>
            <ul>
              <For each={props.findings.strengths}>{(f) => <li data-kind={f.kind}>{f.text}</li>}</For>
            </ul>
          </Show>
        </div>
        <div class="review-findings review-areas" data-testid="review-areas">
          <h3>Areas for development</h3>
          <Show when={props.findings.areas.length > 0} fallback={<p class="muted">No standard was below target with enough data, nothing worsened significantly, and no theme pulls the score down.</p>}>
            <ul>
              <For each={props.findings.areas}>{(f) => <li data-kind={f.kind}>{f.text}</li>}</For>
            </ul>
          </Show>
        </div>
      </div>
      <Show when={props.findings.notJudged.length > 0}>
        <p class="review-not-judged">
          <strong>Too little data to judge</strong> (below the minimum sample, so no status and no claim of change): {props.findings.notJudged.join('; ')}.
        </p>
      </Show>
      <Show when={props.findings.notMeasured.length > 0}>
        <p class="review-not-judged">
          <strong>Not measured in the period</strong> (no answers or audits): {props.findings.notMeasured.join('; ')}.
        </p>
      </Show>
    </>
  )
}

// ---- 7. actions, before and after

export interface ActionResult {
  action: ActionView
  impact: ActionImpact | null
  error: string | null
}

const STATUS_WORDS: Record<string, string> = { planned: 'Planned', in_progress: 'In progress', done: 'Done', abandoned: 'Abandoned' }

function impactFigure(metric: string, f: ImpactFigure): string {
  if (f.n === 0 || f.value === null) return 'no data'
  const interval = f.low !== null ? `; ${formatImpactInterval(metric, f.low, f.high, false)}` : ''
  return `${formatImpactValue(metric, f.value)} (n = ${count(f.n)}${interval})`
}

function impactChange(metric: string, c: { delta: number | null; low: number | null; high: number | null; significant: boolean } | null): string {
  if (!c || c.delta === null) return '—'
  const interval = formatImpactInterval(metric, c.low, c.high)
  return `${formatImpactDelta(metric, c.delta)}${interval ? ` (${interval})` : ''}${c.significant ? ', significant' : ', not significant'}`
}

function ImpactTable(props: { impact: ActionImpact }) {
  const comparison = () => props.impact.standards.some((s) => s.comparison !== null)
  return (
    <div class="table-wrap">
      <table class="table review-table review-impact" classList={{ 'review-impact-comparison': comparison() }}>
        <caption class="sr-only">Before and after the action, per linked standard, at the action’s locations{comparison() ? ' and against the comparison locations' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Standard</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Change</th>
            <Show when={comparison()}>
              <th scope="col">Change beyond comparison locations</th>
            </Show>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.impact.standards}>
            {(s: StandardImpact) => (
              <tr data-outcome={s.outcome}>
                <th scope="row">
                  <span class="code">{s.standard.code}</span> {s.standard.title}
                </th>
                <td>{impactFigure(s.standard.metric, s.action.before)}</td>
                <td>{impactFigure(s.standard.metric, s.action.after)}</td>
                <td>{impactChange(s.standard.metric, s.action.change)}</td>
                <Show when={comparison()}>
                  <td>{impactChange(s.standard.metric, s.differenceOfDifferences)}</td>
                </Show>
                <td>{s.verdict}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}

export function ActionsList(props: { results: ActionResult[]; more: number }) {
  return (
    <div class="review-actions" data-testid="review-actions">
      <For each={props.results}>
        {(r) => (
          <article class="review-action" data-action-id={r.action.id}>
            <h3>{r.action.title}</h3>
            <p class="review-action-meta">
              {STATUS_WORDS[r.action.status] ?? r.action.status} · started {reportDate(r.action.startDate)}
              {r.action.owner ? ` · owner ${r.action.owner.name}` : ''}
              {r.action.locations.length ? ` · at ${r.action.locations.map((l) => l.name).join(', ')}` : ''}
              {r.action.comparisonLocations.length ? ` · compared with ${r.action.comparisonLocations.map((l) => l.name).join(', ')}` : ''}
            </p>
            <Show when={r.action.description}>
              <p class="review-action-description">{excerpt(r.action.description, 400)}</p>
            </Show>
            <Show when={r.impact} fallback={<p class="muted">{r.error ? `The before-and-after figures could not be loaded: ${r.error}` : 'No before-and-after figures.'}</p>}>
              {(impact) => (
                <>
                  <p class="hint">
                    Before: {reportDate(impact().windows.before.from)} to {reportDate(impact().windows.before.to)}. After:{' '}
                    {impact().windows.after.started ? `${reportDate(impact().windows.after.from)} to ${reportDate(impact().windows.after.to)}${impact().windows.after.complete ? '' : ' so far'}` : `from ${reportDate(impact().windows.after.from)} (not started yet)`}
                    {impact().windows.settlingDays ? `, after ${plural(impact().windows.settlingDays, 'day')} to settle in` : ''}.
                  </p>
                  <ImpactTable impact={impact()} />
                </>
              )}
            </Show>
          </article>
        )}
      </For>
      <Show when={props.more > 0}>
        <p class="hint">And {plural(props.more, 'more action')} in the period, not shown here.</p>
      </Show>
    </div>
  )
}

// ---- 8. cases and SLA

export interface CaseStandard {
  code: string
  title: string
  target: number
  tolerance: number
  direction: 'higher' | 'lower'
}

function shareText(s: { count: number; of: number; share: number | null }): string {
  if (s.of === 0 || s.share === null) return 'none resolved'
  return `${s.share.toFixed(0)}% (${count(s.count)} of ${count(s.of)})`
}

export function CaseFiguresView(props: { cases: ReportCases; perLocation: { label: string; cases: ReportCases }[]; standard: CaseStandard | null; minSample: number }) {
  const c = () => props.cases
  const sla = () => c().withinSla
  const verdict = () => {
    const s = props.standard
    if (!s || sla().share === null) return null
    if (sla().of < props.minSample) return `Too few resolved cases (${count(sla().of)}) to judge against the target of ${formatTarget('case_sla', s)} (${s.code}).`
    const met = s.direction === 'higher' ? sla().share! >= s.target : sla().share! <= s.target
    return `${met ? 'Met' : 'Missed'} the target of ${formatTarget('case_sla', s)} (${s.code} ${s.title}).`
  }
  return (
    <>
      <dl class="review-figures" data-testid="review-case-figures">
        <div>
          <dt>Cases opened</dt>
          <dd>{count(c().opened)}</dd>
        </div>
        <div>
          <dt>Resolved in the period</dt>
          <dd>{count(c().resolved)}</dd>
        </div>
        <div>
          <dt>Resolved within the SLA</dt>
          <dd>
            {shareText(sla())}
            <Show when={verdict()}>
              <span class="hint block">{verdict()}</span>
            </Show>
          </dd>
        </div>
        <div>
          <dt>Time to resolve</dt>
          <dd>
            <Show when={c().timeToResolveHours} fallback={<span class="hint">by location, below</span>}>
              {(t) => (
                <>
                  median {durationText(t().median)}
                  <span class="hint block">
                    90% within {durationText(t().p90)} · n = {count(t().n)}
                  </span>
                </>
              )}
            </Show>
          </dd>
        </div>
        <div>
          <dt>Resolved at first contact</dt>
          <dd>{c().firstContact.of === 0 ? 'not recorded' : shareText(c().firstContact)}</dd>
        </div>
        <div>
          <dt>Opened in the period and still open</dt>
          <dd>
            {count(c().open)}
            <span class="hint block">{plural(c().overdue, 'overdue case')}</span>
          </dd>
        </div>
      </dl>
      <div class="review-columns">
        <CountTable caption="Root causes of the cases resolved" head="Root cause" rows={c().byRootCause.map((r) => ({ label: ROOT_CAUSE_LABELS[r.rootCause as RootCause] ?? r.rootCause, count: r.count }))} empty="No root cause recorded." />
        <CountTable caption="What opened the cases" head="Opened by" rows={c().byTrigger.map((r) => ({ label: TRIGGER_LABELS[r.trigger as CaseTrigger] ?? r.trigger, count: r.count }))} empty="No cases opened." />
      </div>
      <Show when={props.perLocation.length > 1}>
        <div class="table-wrap">
          <table class="table review-table review-case-locations">
            <caption>Case figures by location</caption>
            <thead>
              <tr>
                <th scope="col">Location</th>
                <th scope="col" class="num">
                  Opened
                </th>
                <th scope="col" class="num">
                  Resolved
                </th>
                <th scope="col">Within SLA</th>
                <th scope="col">Median time to resolve</th>
                <th scope="col">First contact</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.perLocation}>
                {(l) => (
                  <tr>
                    <th scope="row">{l.label}</th>
                    <td class="num">{count(l.cases.opened)}</td>
                    <td class="num">{count(l.cases.resolved)}</td>
                    <td>{shareText(l.cases.withinSla)}</td>
                    <td>{l.cases.timeToResolveHours ? `${durationText(l.cases.timeToResolveHours.median)} (n = ${count(l.cases.timeToResolveHours.n)})` : '—'}</td>
                    <td>{l.cases.firstContact.of === 0 ? 'not recorded' : shareText(l.cases.firstContact)}</td>
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

function CountTable(props: { caption: string; head: string; rows: { label: string; count: number }[]; empty: string }) {
  const total = () => props.rows.reduce((s, r) => s + r.count, 0)
  return (
    <div class="table-wrap">
      <table class="table review-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col" class="num">
              Cases
            </th>
            <th scope="col" class="num">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows.filter((r) => r.count > 0).slice(0, 8)} fallback={<tr><td colSpan={3} class="muted">{props.empty}</td></tr>}>
            {(r) => (
              <tr>
                <th scope="row">{r.label}</th>
                <td class="num">{count(r.count)}</td>
                <td class="num">{total() ? `${((r.count / total()) * 100).toFixed(0)}%` : '—'}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}
