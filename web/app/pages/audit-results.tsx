import { A, useSearchParams } from '@solidjs/router'
import { createEffect, createMemo, createResource, createSignal, For, lazy, Show, Suspense } from 'solid-js'
import { formatPercent, type AuditOutcome } from '../../../shared/audit/scoring.ts'
import { statusAgainstTarget } from '../../../shared/metrics/index.ts'
import { api, call } from '../lib/api.ts'
import { daysBefore, formatDate, today } from '../lib/format.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { SelectField, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { AuditsNav } from '../components/audit/audits-nav.tsx'
import { OUTCOME_LABELS } from '../components/audit/badges.tsx'
import type { AuditResults } from '../components/audit/types.ts'

// Chart.js is large and only needed for the trend, so it loads after the tables are on screen.
const TrendChart = lazy(() => import('../components/audit/trend-chart.tsx'))

const param = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined
const OUTCOMES: AuditOutcome[] = ['pass', 'amber', 'fail', 'critical_fail']

type StandardRow = AuditResults['standards'][number]

/** Red, amber or green for a compliance figure against its standard; insufficient below the minimum of audits. */
const complianceStatus = (s: StandardRow, compliance: number | null, visits: number, minAudits: number) =>
  statusAgainstTarget(compliance, visits, { target: s.target, tolerance: s.tolerance, direction: s.direction === 'lower' ? 'lower' : 'higher' }, minAudits)

/** Every month (YYYY-MM) the period touches, so the trend shows months without visits as gaps. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number]
  const last = to.slice(0, 7)
  for (let i = 0; i < 240; i++) {
    const month = `${y}-${String(m).padStart(2, '0')}`
    out.push(month)
    if (month >= last) break
    if (m === 12) {
      y += 1
      m = 1
    } else m += 1
  }
  return out
}

const visitsText = (n: number) => (n === 1 ? '1 visit' : `${n} visits`)

/** Mystery-shopping results over a period: approved audits only, every figure with its n. */
export function AuditResultsPage() {
  const [params, setParams] = useSearchParams()
  const filters = createMemo(() => ({
    from: param(params.from) ?? daysBefore(today(), 89),
    to: param(params.to) ?? today(),
    templateId: param(params.template),
    locationId: param(params.location),
  }))
  const [results, { refetch }] = createResource(filters, (f) => call(api['audit-results'].$get({ query: f })))
  const [templates] = createResource(() => call(api['audit-templates'].$get()).then((r) => r.templates))
  const [locations] = createResource(() => call(api.locations.$get({ query: { archived: 'include' } })).then((r) => r.locations))
  const [from, setFrom] = createSignal('')
  const [to, setTo] = createSignal('')
  const [template, setTemplate] = createSignal('')
  const [location, setLocation] = createSignal('')
  const [filterError, setFilterError] = createSignal('')

  createEffect(() => {
    const f = filters()
    setFrom(f.from)
    setTo(f.to)
    setTemplate(f.templateId ?? '')
    setLocation(f.locationId ?? '')
  })

  const apply = (e: SubmitEvent) => {
    e.preventDefault()
    if (from() && to() && from() > to()) {
      setFilterError('must not be after “To”')
      return
    }
    setFilterError('')
    setParams({ from: from() || undefined, to: to() || undefined, template: template() || undefined, location: location() || undefined })
  }

  return (
    <Page title="Audit results" lead="Approved mystery-shopper audits only: compliance with each standard and each location’s scores.">
      <AuditsNav />
      <form class="card filters" onSubmit={apply} aria-label="Period, template and location">
        <TextField label="From" type="date" value={from()} onInput={setFrom} error={filterError() || undefined} />
        <TextField label="To" type="date" value={to()} onInput={setTo} />
        <SelectField label="Template" value={template()} onChange={setTemplate} options={[{ value: '', label: 'All templates' }, ...(templates.latest ?? []).map((t) => ({ value: t.id, label: t.title }))]} />
        <SelectField
          label="Location"
          value={location()}
          onChange={setLocation}
          options={[{ value: '', label: 'All locations' }, ...(locations.latest ?? []).filter((l) => !l.archived_at || l.id === location()).map((l) => ({ value: l.id, label: l.name }))]}
        />
        <button type="submit" class="button primary">
          Show
        </button>
      </form>
      <AsyncView resource={results} loading="Loading results…" onRetry={refetch}>
        {(r) => <ResultsBody results={r()} />}
      </AsyncView>
    </Page>
  )
}

function ResultsBody(props: { results: AuditResults }) {
  const r = () => props.results
  const totalVisits = () => r().locations.reduce((a, l) => a + l.visits, 0)
  const months = createMemo(() => monthsBetween(r().from, r().to))
  const gridLocations = createMemo(() => r().locations.filter((l) => r().byLocationStandard.some((c) => c.locationId === l.locationId)))
  return (
    <>
      <p class="period">
        {formatDate(r().from)} to {formatDate(r().to)} · {totalVisits()} approved {totalVisits() === 1 ? 'audit' : 'audits'} · below {r().minAudits} audits a figure is “insufficient data”
      </p>
      <Show
        when={totalVisits() > 0}
        fallback={
          <div class="card">
            <EmptyState title="No approved audits in this period">
              <p>
                Results count only audits a reviewer has approved. Assign visits, and once shoppers submit, approve them from the <A href="/audits/review">review queue</A>.
              </p>
            </EmptyState>
          </div>
        }
      >
        <section class="card" aria-labelledby="standards-title">
          <h2 id="standards-title">Compliance by standard</h2>
          <p class="hint">Compliance is the share of applicable audit items linked to the standard that passed; n is the number of applicable items.</p>
          <Show when={r().standards.length > 0} fallback={<p class="muted">No audit item linked to a standard was answered in these audits.</p>}>
            <div class="table-wrap">
              <table class="table audit-results-standards">
                <caption class="sr-only">Compliance with each standard, with the number of applicable items and visits</caption>
                <thead>
                  <tr>
                    <th scope="col">Standard</th>
                    <th scope="col" class="num">
                      Target
                    </th>
                    <th scope="col" class="num">
                      Compliance
                    </th>
                    <th scope="col" class="num">
                      Passed / n
                    </th>
                    <th scope="col" class="num">
                      Visits
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().standards}>
                    {(s) => (
                      <tr data-standard-id={s.standardId}>
                        <th scope="row">
                          <A href={`/standards/${s.standardId}`}>
                            <span class="code">{s.code}</span> {s.title}
                          </A>
                        </th>
                        <td class="num">
                          {s.direction === 'lower' ? '≤' : '≥'} {s.target}%
                        </td>
                        <td class="num">{formatPercent(s.compliance)}</td>
                        <td class="num">
                          {s.passed} / n = {s.applicable}
                        </td>
                        <td class="num">{s.visits}</td>
                        <td>
                          <StatusBadge status={complianceStatus(s, s.compliance, s.visits, r().minAudits)} />
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </section>

        <section class="card" aria-labelledby="locations-title">
          <h2 id="locations-title">Scores by location</h2>
          <p class="hint">A location’s score is the mean of its visits’ percentages, each visit counting once.</p>
          <div class="table-wrap">
            <table class="table audit-results-locations">
              <caption class="sr-only">Each location’s visits, mean score and outcomes</caption>
              <thead>
                <tr>
                  <th scope="col">Location</th>
                  <th scope="col" class="num">
                    Visits (n)
                  </th>
                  <th scope="col" class="num">
                    Mean score
                  </th>
                  <For each={OUTCOMES}>
                    {(o) => (
                      <th scope="col" class="num">
                        {OUTCOME_LABELS[o]}
                      </th>
                    )}
                  </For>
                </tr>
              </thead>
              <tbody>
                <For each={r().locations}>
                  {(l) => (
                    <tr>
                      <th scope="row">
                        <A href={`/audits?location=${l.locationId}`}>{l.name}</A>
                      </th>
                      <td class="num">{l.visits}</td>
                      <td class="num">
                        {formatPercent(l.meanPercent)}
                        <Show when={l.insufficient || l.visits < r().minAudits}>
                          <span class="hint block">Insufficient data</span>
                        </Show>
                      </td>
                      <For each={OUTCOMES}>{(o) => <td class="num">{l.outcomes[o] ?? 0}</td>}</For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </section>

        <Show when={gridLocations().length > 0 && r().standards.length > 0}>
          <section class="card" aria-labelledby="grid-title">
            <h2 id="grid-title">Locations against standards</h2>
            <div class="table-wrap">
              <table class="table board audit-grid">
                <caption class="sr-only">Compliance of each location with each standard, with n and visits</caption>
                <thead>
                  <tr>
                    <th scope="col">Location</th>
                    <For each={r().standards}>
                      {(s) => (
                        <th scope="col">
                          <span class="code">{s.code}</span>
                          <span class="sr-only"> {s.title}</span>
                        </th>
                      )}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={gridLocations()}>
                    {(l) => (
                      <tr>
                        <th scope="row">{l.name}</th>
                        <For each={r().standards}>
                          {(s) => (
                            <td>
                              <Show when={r().byLocationStandard.find((c) => c.locationId === l.locationId && c.standardId === s.standardId)} fallback={<span class="muted">No items</span>}>
                                {(c) => (
                                  <div class="cell">
                                    <span class="cell-value">{formatPercent(c().compliance)}</span>
                                    <span class="cell-n">
                                      n = {c().applicable} · {visitsText(c().visits)}
                                    </span>
                                    <StatusBadge status={complianceStatus(s, c().compliance, c().visits, r().minAudits)} />
                                  </div>
                                )}
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
          </section>
        </Show>

        <Show when={months().length > 0 && r().standards.length > 0}>
          <section class="card" aria-labelledby="trend-title">
            <h2 id="trend-title">Monthly trend</h2>
            <Suspense fallback={<p class="loading">Loading the chart…</p>}>
              <TrendChart results={r()} months={months()} />
            </Suspense>
            <div class="table-wrap">
              <table class="table audit-trend-table">
                <caption>Compliance by month, with the number of applicable items (n) and visits</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <For each={r().standards}>{(s) => <th scope="col">{s.code}</th>}</For>
                    <th scope="col">Mean score</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={months()}>
                    {(m) => {
                      const locs = () => r().locationMonths.filter((x) => x.month === m)
                      const visits = () => locs().reduce((a, x) => a + x.visits, 0)
                      // Each visit counts once: the month's mean weights locations by their visits.
                      const mean = () => {
                        const scored = locs().filter((x) => x.meanPercent !== null)
                        const n = scored.reduce((a, x) => a + x.visits, 0)
                        return n ? scored.reduce((a, x) => a + x.meanPercent! * x.visits, 0) / n : null
                      }
                      return (
                        <tr>
                          <th scope="row">{m}</th>
                          <For each={r().standards}>
                            {(s) => (
                              <td>
                                <Show when={r().months.find((x) => x.month === m && x.standardId === s.standardId)} fallback={<span class="muted">—</span>}>
                                  {(p) => (
                                    <>
                                      {formatPercent(p().compliance)} <span class="cell-n">n = {p().applicable}, {visitsText(p().visits)}</span>
                                    </>
                                  )}
                                </Show>
                              </td>
                            )}
                          </For>
                          <td>
                            <Show when={visits() > 0} fallback={<span class="muted">—</span>}>
                              {formatPercent(mean())} <span class="cell-n">{visitsText(visits())}</span>
                            </Show>
                          </td>
                        </tr>
                      )
                    }}
                  </For>
                </tbody>
              </table>
            </div>
          </section>
        </Show>
      </Show>
    </>
  )
}
