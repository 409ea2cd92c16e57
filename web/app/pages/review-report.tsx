import { useSearchParams } from '@solidjs/router'
import { createEffect, createMemo, createResource, createSignal, For, Match, onCleanup, onMount, Show, Switch, type Accessor, type JSX, type Resource } from 'solid-js'
import type { ActionImpact, ActionView } from '../../../shared/action-types.ts'
import type { CaseFigures } from '../../../shared/case-terms.ts'
import { reportKey, type MeasurementMethod, type MeasurementMethodView, type ReportScope, type ReviewNoteView, type ReviewSection } from '../../../shared/review.ts'
import { api, ApiError, call, errorMessage, request } from '../lib/api.ts'
import { today } from '../lib/format.ts'
import { allowed, session } from '../lib/session.ts'
import { Page } from '../components/page.tsx'
import { analyticsApi, param, type BoardResponse } from '../components/analytics/api.ts'
import { themeName } from '../components/comments/types.ts'
import { MeasurementPlanTable } from '../components/review/measurement-plan.tsx'
import { SectionNote } from '../components/review/section-note.tsx'
import {
  ActionsList,
  CaseFiguresView,
  FindingsBody,
  QuotedThemes,
  ResultsTable,
  SampleTable,
  StandardsTable,
  ThemeTables,
  TrendsGrid,
  Unavailable,
  type ActionResult,
  type CaseStandard,
  type QuotedTheme,
  type TrendSet,
} from '../components/review/sections.tsx'
import {
  addDays,
  combineCases,
  combineWhy,
  count,
  daysIn,
  deriveFindings,
  isIsoDate,
  lastQuarter,
  locationIdsOf,
  mapLimit,
  PERIOD_PRESETS,
  periodText,
  pickComments,
  plural,
  presetDates,
  presetOf,
  pullText,
  quarterName,
  quotedThemes,
  reportDate,
  sampleOf,
  scopeCells,
  scopeKind,
  statusCounts,
  trendGrain,
  whyOf,
  type PeriodPreset,
  type ReportCases,
  type ReportWhy,
} from '../components/review/report-data.ts'
import '../components/analytics/analytics.css'
import '../components/review/review.css'

/** The longest period a report covers (the analytics API reads at most three years). */
const MAX_DAYS = 1096
/** Trend lines per standard when several locations are chosen: more would not be readable. */
const MAX_TREND_LINES = 6
/** Actions shown with their before-and-after figures. */
const MAX_ACTIONS = 12

const SECTION_TITLES: Record<ReviewSection, string> = {
  summary: 'Summary',
  plan: 'Standards and measurement plan',
  results: 'Results against targets',
  trends: 'Trends',
  voice: 'What customers said',
  strengths: 'Strengths and areas for development',
  actions: 'Improvement actions: before and after',
  cases: 'Follow-up cases and SLA performance',
}

type Optional<T> = { available: true; data: T } | { available: false }

/** A section's API that this installation may not have yet: a missing route is "not available", not an error. */
async function optional<T>(load: () => Promise<T>): Promise<Optional<T>> {
  try {
    return { available: true, data: await load() }
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.code === 'not_found' && /^No route/.test(err.message)) return { available: false }
    throw err
  }
}

const query = (q: Record<string, string | undefined>) => {
  const s = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v) s.set(k, v)
  return s.toString()
}

/**
 * The review report (docs/review-report.md): for a period and some or all locations, the review
 * cycle in one printable document — the standards and how they were measured, results against
 * targets with their samples, trends, what customers said, strengths and areas for development,
 * what was done and whether it worked, and how cases were handled — each with the manager's own
 * commentary. The period and locations live in the address, so a report can be bookmarked; its
 * key (shared/review.ts) finds the same commentary again.
 */
export function ReviewReportPage() {
  const [params, setParams] = useSearchParams()
  const now = today()
  const canEdit = () => allowed('actions:write')

  // The address always holds the dates (a bookmark of "last quarter" keeps meaning that quarter).
  createEffect(() => {
    if (!isIsoDate(param(params.from)) || !isIsoDate(param(params.to))) {
      const d = lastQuarter(now)
      setParams({ from: d.from, to: d.to }, { replace: true })
    }
  })
  onMount(() => document.documentElement.classList.add('printing-review'))
  onCleanup(() => document.documentElement.classList.remove('printing-review'))

  const problem = createMemo(() => {
    const from = param(params.from)
    const to = param(params.to)
    if (!isIsoDate(from) || !isIsoDate(to)) return null
    if (from > to) return 'The period ends before it starts: choose a “From” date on or before the “To” date.'
    if (daysIn(from, to) > MAX_DAYS) return `A report covers at most ${MAX_DAYS} days (three years): choose a shorter period.`
    return null
  })
  const scope = createMemo<ReportScope | undefined>(
    () => {
      const from = param(params.from)
      const to = param(params.to)
      if (!isIsoDate(from) || !isIsoDate(to) || problem()) return undefined
      return { from, to, locationIds: locationIdsOf(param(params.locations)) }
    },
    undefined,
    { equals: (a, b) => !!a && !!b && reportKey(a) === reportKey(b) },
  )
  const key = createMemo(() => (scope() ? reportKey(scope()!) : undefined))
  const ids = () => scope()?.locationIds ?? []
  const kind = () => scopeKind(ids())

  // ---- reads
  const [locations] = createResource(() => call(api.locations.$get({ query: { archived: 'include' } })).then((r) => r.locations))
  const nameOf = (id: string) => locations.latest?.find((l) => l.id === id)?.name ?? board.latest?.locations.find((l) => l.id === id)?.name ?? 'Unknown location'
  const [standards, { refetch: refetchStandards }] = createResource(() => call(api.standards.$get({ query: {} })).then((r) => r.standards))
  const [methods, { mutate: setMethods, refetch: refetchMethods }] = createResource(() => call(api.review.methods.$get()).then((r) => r.methods as MeasurementMethodView[]))
  const [notes, { mutate: setNotes }] = createResource(key, (k) => call(api.review.notes.$get({ query: { key: k } })).then((r) => r.notes as ReviewNoteView[]))
  const [board, { refetch: refetchBoard }] = createResource(scope, (s) => analyticsApi.board({ from: s.from, to: s.to, ...(s.locationIds.length === 1 ? { locationId: s.locationIds[0]! } : {}) }))
  const [why, { refetch: refetchWhy }] = createResource(scope, async (s): Promise<ReportWhy | null> => {
    const base = { from: s.from, to: s.to, grain: 'month' }
    if (s.locationIds.length <= 1) return whyOf(await analyticsApi.why({ ...base, locationId: s.locationIds[0] }))
    return combineWhy(await mapLimit(s.locationIds, 3, (id) => analyticsApi.why({ ...base, locationId: id })))
  })
  const grain = () => (scope() ? trendGrain(scope()!.from, scope()!.to) : 'week')
  const [trends, { refetch: refetchTrends }] = createResource(
    () => (scope() && board.state === 'ready' ? { s: scope()!, b: board() } : undefined),
    async ({ s, b }): Promise<TrendSet[]> => {
      const g = trendGrain(s.from, s.to)
      const lines = s.locationIds.length === 0 ? [{ id: undefined, label: 'All locations' }] : s.locationIds.slice(0, MAX_TREND_LINES).map((id) => ({ id, label: nameOf(id) }))
      // Only standards with answers or audits in the period: an empty chart says nothing.
      const measured = b.standards.filter((row) => scopeCells(row, s.locationIds, nameOf).some((c) => !c.benchmark && c.cell.n > 0))
      const jobs = measured.flatMap((row) => lines.map((line) => ({ row, line })))
      const series = await mapLimit(jobs, 4, ({ row, line }) => analyticsApi.trend({ from: s.from, to: s.to, grain: g, standardId: row.standard.id, locationId: line.id }))
      return measured.map((row) => ({ row, lines: jobs.flatMap((j, i) => (j.row === row ? [{ label: j.line.label, trend: series[i]! }] : [])) }))
    },
  )
  const [quotes, { refetch: refetchQuotes }] = createResource(
    () => (scope() && why.state === 'ready' && why() ? { s: scope()!, w: why()! } : undefined),
    async ({ s, w }): Promise<QuotedTheme[]> => {
      const themes = quotedThemes(w, 4)
      const several = s.locationIds.length > 1
      const jobs = themes.flatMap((theme) => (['negative', 'positive'] as const).map((label) => ({ theme, label })))
      // Several locations: the comments API filters one location, so read the newest of the theme and keep the chosen locations'.
      const lists = await mapLimit(jobs, 4, (j) =>
        call(
          api.comments.$get({
            query: { theme: j.theme, label: j.label, from: s.from, to: s.to, ...(s.locationIds.length === 1 ? { locationId: s.locationIds[0]! } : {}), limit: several ? '100' : '12' } as Parameters<typeof api.comments.$get>[0]['query'],
          }),
        ).then((r) => r.comments),
      )
      const of = (theme: string, label: 'negative' | 'positive') => lists[jobs.findIndex((j) => j.theme === theme && j.label === label)] ?? []
      const chosen = several ? s.locationIds : []
      return themes.map((theme) => ({ theme, negative: pickComments(of(theme, 'negative'), theme, 2, chosen), positive: pickComments(of(theme, 'positive'), theme, 2, chosen) }))
    },
  )
  const [cases, { refetch: refetchCases }] = createResource(scope, (s) =>
    optional(async () => {
      const places = s.locationIds.length ? s.locationIds : [undefined]
      const list = await mapLimit(places, 3, (id) => request<CaseFigures>('GET', `/api/cases/figures?${query({ from: s.from, to: s.to, locationId: id })}`))
      return {
        total: combineCases(list)!,
        perLocation: s.locationIds.length > 1 ? list.map((f, i) => ({ locationId: s.locationIds[i]!, cases: combineCases([f])! })) : [],
      }
    }),
  )
  const [actions, { refetch: refetchActions }] = createResource(scope, (s) =>
    optional(async () => {
      const body = await request<{ actions?: ActionView[] } | ActionView[]>('GET', '/api/actions')
      const all = Array.isArray(body) ? body : (body.actions ?? [])
      // Actions whose before-or-after window touches the period, at the report's locations.
      const relevant = all.filter((a) => {
        if (a.status === 'abandoned' || a.startDate > s.to) return false
        if (addDays(a.startDate, (a.settlingDays ?? 0) + (a.windowDays ?? 90) - 1) < s.from) return false
        return s.locationIds.length === 0 || a.locations.some((l) => s.locationIds.includes(l.id))
      })
      relevant.sort((a, b) => b.startDate.localeCompare(a.startDate))
      const shown = relevant.slice(0, MAX_ACTIONS)
      const results = await mapLimit(shown, 3, (action): Promise<ActionResult> =>
        request<ActionImpact>('GET', `/api/actions/${action.id}/impact`).then(
          (impact) => ({ action, impact, error: null }),
          (err) => ({ action, impact: null, error: errorMessage(err) }),
        ),
      )
      return { results, more: relevant.length - shown.length }
    }),
  )

  const findings = createMemo(() => (board.state === 'ready' ? deriveFindings({ board: board(), locationIds: ids(), why: why.state === 'ready' ? (why() ?? null) : null }) : undefined))
  const caseStandard = createMemo<CaseStandard | null>(() => {
    const s = standards.latest?.find((x) => x.metric === 'case_sla')
    if (!s) return null
    const t = board.latest?.standards.find((r) => r.standard.id === s.id)?.target
    return { code: s.code, title: s.title, target: t?.target ?? s.target, tolerance: t?.tolerance ?? s.tolerance, direction: t?.direction ?? s.direction }
  })

  // ---- commentary
  const noteOf = (section: ReviewSection) => notes.latest?.find((n) => n.section === section)
  const notesState = (): 'loading' | 'ready' | 'failed' => (notes.error ? 'failed' : notes.state === 'ready' ? 'ready' : 'loading')
  const onNoteSaved = (section: ReviewSection, note: ReviewNoteView | null) => setNotes((list) => [...(list ?? []).filter((n) => n.section !== section), ...(note ? [note] : [])])
  const note = (section: ReviewSection) => (
    <Show when={key()}>
      {(k) => <SectionNote section={section} sectionTitle={SECTION_TITLES[section]} reportKey={k()} note={noteOf(section)} state={notesState()} canEdit={canEdit()} onSaved={onNoteSaved} />}
    </Show>
  )

  // ---- the sample reached, per method
  const achieved = createMemo<Record<MeasurementMethod, JSX.Element>>(() => {
    const b = board.state === 'ready' ? board() : undefined
    const pending = <span class="muted">{board.error ? 'Not available: the results could not be loaded' : 'Loading…'}</span>
    const perStandard = b ? b.standards.map((row) => ({ row, sample: sampleOf(scopeCells(row, ids(), nameOf)) })) : []
    const survey = perStandard.filter((x) => x.sample.surveyLinked && x.sample.answers > 0)
    const audit = perStandard.filter((x) => x.sample.auditLinked && x.sample.audits > 0)
    const range = (list: typeof perStandard, value: (x: (typeof perStandard)[number]) => number, unit: string) => {
      if (list.length === 0) return <span class="muted">None in the period</span>
      const sorted = [...list].sort((a, c) => value(a) - value(c))
      const low = sorted[0]!
      const high = sorted[sorted.length - 1]!
      return (
        <>
          Up to {plural(value(high), unit)} per standard ({high.row.standard.code})
          <Show when={list.length > 1}>
            <span class="hint block">
              fewest {count(value(low))} ({low.row.standard.code}); by standard in the table below
            </span>
          </Show>
        </>
      )
    }
    const c = cases.state === 'ready' ? cases() : undefined
    return {
      survey: b ? range(survey, (x) => x.sample.answers, 'answer') : pending,
      mystery_shop: b ? range(audit, (x) => x.sample.audits, 'audit') : pending,
      complaints: c ? (
        c.available ? (
          <>
            {plural(c.data.total.opened, 'case')} opened, {count(c.data.total.resolved)} resolved
            <span class="hint block">see section 8</span>
          </>
        ) : (
          <span class="muted">Not available: case figures are not part of this installation yet</span>
        )
      ) : (
        <span class="muted">{cases.error ? 'The case figures could not be loaded' : 'Loading…'}</span>
      ),
      operational: <span class="muted">Not read by Yardstick: report these figures in the commentary</span>,
    }
  })

  const period = () => scope() && periodText(scope()!.from, scope()!.to)
  const scopeName = () => (kind() === 'all' ? 'All locations' : ids().map(nameOf).join(', '))

  return (
    <Page
      title="Service quality review"
      actions={
        <button type="button" class="button primary no-print" onClick={() => window.print()}>
          Print / save as PDF
        </button>
      }
    >
      <DocumentTitle scope={scope()} />
      <Show when={scope()}>
        {(s) => <style>{pageStyle(session()?.organisation.name ?? '', s())}</style>}
      </Show>
      <ReportControls scopeFrom={param(params.from)} scopeTo={param(params.to)} locationIds={locationIdsOf(param(params.locations))} locations={locations.latest ?? []} now={now} problem={problem()} onApply={(next) => setParams(next)} />

      <Show when={scope()}>
        {(s) => (
          <article class="review-report" aria-label="Review report">
            <dl class="review-meta" data-testid="review-meta">
              <div>
                <dt>Organisation</dt>
                <dd>{session()?.organisation.name}</dd>
              </div>
              <div>
                <dt>Period</dt>
                <dd>
                  {period()}
                  <Show when={quarterName(s().from, s().to)}>{(q) => <> ({q()})</>}</Show>
                  <Show when={board.latest}>
                    {(b) => <span class="hint block">compared with {periodText(b().previous.from, b().previous.to)}</span>}
                  </Show>
                </dd>
              </div>
              <div>
                <dt>Locations</dt>
                <dd>{scopeName()}</dd>
              </div>
              <div>
                <dt>Prepared</dt>
                <dd>
                  {reportDate(now)}
                  {session()?.user.name ? ` by ${session()!.user.name}` : ''}
                </dd>
              </div>
            </dl>

            <nav class="review-contents" aria-labelledby="review-contents-title">
              <h2 id="review-contents-title" class="review-contents-title">
                Contents
              </h2>
              <ol>
                <For each={CONTENTS}>
                  {(c) => (
                    <li>
                      <a href={`#review-${c.id}`}>{c.title}</a>
                    </li>
                  )}
                </For>
              </ol>
            </nav>

            <ReportSection id="summary" title="Summary" lead="The period at a glance, and the manager’s conclusions.">
              <SummaryFacts />
              {note('summary')}
            </ReportSection>

            <ReportSection number={1} id="standards" title="Standards and targets" lead="What good service means here: each standard, the dimension of service it belongs to, what measures it and the target it is judged against.">
              <Loaded resource={standards} what="the standards" onRetry={refetchStandards}>
                {(list) => (
                  <Show when={list().length > 0} fallback={<p class="muted">No service standards are recorded yet.</p>}>
                    <StandardsTable standards={list()} board={board.latest} />
                  </Show>
                )}
              </Loaded>
            </ReportSection>

            <ReportSection number={2} id="plan" title="Measurement plan and samples" lead="How the standards were measured, why each method fits, the sample planned and the sample the period reached.">
              <Loaded resource={methods} what="the measurement plan" onRetry={refetchMethods}>
                {(list) => <MeasurementPlanTable methods={list()} canEdit={canEdit()} achieved={achieved()} onSaved={(m) => setMethods((all) => (all ?? []).map((x) => (x.method === m.method ? m : x)))} />}
              </Loaded>
              <Show when={methods.state === 'ready' && methods()!.every((m) => !m.recorded)}>
                <p class="hint no-print">{canEdit() ? 'No method is recorded yet: use Edit on each row to record whether it is used and why it fits.' : 'No method is recorded yet.'}</p>
              </Show>
              <div class="review-keep">
                <h3>Sample reached by standard</h3>
                <Loaded resource={board} what="the results" onRetry={refetchBoard}>
                  {(b) => <SampleTable board={b()} locationIds={ids()} nameOf={nameOf} />}
                </Loaded>
              </div>
              {note('plan')}
            </ReportSection>

            <ReportSection number={3} id="results" title="Results against targets" major lead="Each standard’s figure for the period with its sample size (n), 95% interval, status against the target and the change on the previous period of the same length.">
              <Loaded resource={board} what="the results" onRetry={refetchBoard}>
                {(b) => (
                  <Show when={b().standards.length > 0} fallback={<p class="muted">No active standards to report on.</p>}>
                    <p class="hint">
                      Compared with {periodText(b().previous.from, b().previous.to)}. Below {b().minSample.answers} answers or {b().minSample.audits} audits a figure shows “Insufficient data”: no colour and no claim of
                      change. “Significant” means at 95% confidence, with enough data in both periods.
                    </p>
                    <ul class="legend-list" aria-label="Status key">
                      <li>● On target</li>
                      <li>▲ Within tolerance (amber)</li>
                      <li>■ Off target (red)</li>
                      <li>○ Insufficient data</li>
                    </ul>
                    <ResultsTable board={b()} locationIds={ids()} nameOf={nameOf} />
                  </Show>
                )}
              </Loaded>
              {note('results')}
            </ReportSection>

            <ReportSection number={4} id="trends" title="Trends" major lead={`Each standard by ${grain()} across the period against its target${kind() === 'several' ? ', one line per location' : ''}.`}>
              <Show when={!board.error} fallback={<Failed what="the trends" error={board.error} onRetry={refetchBoard} />}>
                <Show when={board.state === 'ready'} fallback={<p class="loading" role="status">Loading the trends…</p>}>
                <Loaded resource={trends} what="the trends" onRetry={refetchTrends} loading="Loading the trends…">
                  {(sets) => (
                    <Show when={sets().length > 0} fallback={<p class="muted">No standard has answers or audits in this period.</p>}>
                      <Show when={ids().length > MAX_TREND_LINES}>
                        <p class="hint">The charts show the first {MAX_TREND_LINES} of the {ids().length} locations chosen; the results table covers them all.</p>
                      </Show>
                      <TrendsGrid sets={sets()} grain={grain()} />
                    </Show>
                  )}
                </Loaded>
                </Show>
              </Show>
              {note('trends')}
            </ReportSection>

            <ReportSection number={5} id="voice" title="What customers said" major lead="The themes of customers’ and mystery shoppers’ comments: the most mentioned, and those that pull the score down; then a few comments on the leading themes in their own words.">
              <Loaded resource={why} what="the comments’ themes" onRetry={refetchWhy}>
                {(w) => (
                  <Show when={w()?.themes.some((t) => t.count > 0) ? w() : undefined} fallback={<p class="muted">No comment mentions a theme in this period.</p>}>
                    {(ww) => (
                      <>
                        <p>
                          {plural(ww().comments, 'comment')} in the period. The {ww().driver.toUpperCase()} of all responses with a comment was {formatDriver(ww())}.
                          <Show when={ww().pooled}>
                            {' '}
                            <span class="hint">The chosen locations are added together: their scores pool exactly, but their intervals cannot be pooled and are not shown.</span>
                          </Show>
                        </p>
                        <ThemeTables why={ww()} />
                        <h3>In their own words</h3>
                        <Loaded resource={quotes} what="the comments" onRetry={refetchQuotes} loading="Loading comments…">
                          {(q) => (
                            <Show when={q().length > 0} fallback={<p class="muted">No comments to quote.</p>}>
                              <QuotedThemes themes={q()} why={ww()} />
                            </Show>
                          )}
                        </Loaded>
                      </>
                    )}
                  </Show>
                )}
              </Loaded>
              {note('voice')}
            </ReportSection>

            <ReportSection number={6} id="strengths" title="Strengths and areas for development" lead="Drawn from the figures above: standards on target and significant improvements are strengths; standards below target, significant declines and the themes that pull the score down are areas for development.">
              <Switch>
                <Match when={board.error}>
                  <Failed what="the results these are drawn from" error={board.error} onRetry={refetchBoard} />
                </Match>
                <Match when={findings()}>{(f) => <FindingsBody findings={f()} />}</Match>
                <Match when={true}>
                  <p class="loading" role="status">
                    Loading…
                  </p>
                </Match>
              </Switch>
              {note('strengths')}
            </ReportSection>

            <ReportSection number={7} id="actions" title="Improvement actions: before and after" major lead="What was done, and whether it worked: each improvement action running in the period, with its standards measured over equal windows before and after it started.">
              <Loaded resource={actions} what="the actions" onRetry={refetchActions}>
                {(a) => (
                  <Show when={(() => { const x = a(); return x.available ? x.data : undefined })()} fallback={<Unavailable what="Improvement actions are not part of this installation yet, so there is nothing to show here." />}>
                    {(d) => (
                      <Show when={d().results.length > 0} fallback={<p class="muted">No improvement action was running at {kind() === 'all' ? 'any location' : 'the chosen locations'} in this period.</p>}>
                        <ActionsList results={d().results} more={d().more} />
                      </Show>
                    )}
                  </Show>
                )}
              </Loaded>
              {note('actions')}
            </ReportSection>

            <ReportSection number={8} id="cases" title="Follow-up cases and SLA performance" lead="How complaints and poor experiences were followed up: cases opened and resolved, the share resolved within the SLA, how long they took and why they arose.">
              <Loaded resource={cases} what="the case figures" onRetry={refetchCases}>
                {(c) => (
                  <Show when={(() => { const x = c(); return x.available ? x.data : undefined })()} fallback={<Unavailable what="The follow-up cases register is not part of this installation yet, so there are no case figures." />}>
                    {(d) => (
                      <Show when={d().total.opened > 0 || d().total.resolved > 0} fallback={<p class="muted">No case was opened or resolved in this period.</p>}>
                        <CaseFiguresView cases={d().total} perLocation={d().perLocation.map((p) => ({ label: nameOf(p.locationId), cases: p.cases }))} standard={caseStandard()} minSample={board.latest?.minSample.answers ?? 30} />
                      </Show>
                    )}
                  </Show>
                )}
              </Loaded>
              {note('cases')}
            </ReportSection>
            <p class="review-footer no-print">
              Figures from Yardstick on {reportDate(now)}: every figure with its sample size (n) and, where one applies, its 95% interval. Results read {periodText(s().from, s().to)}.
            </p>
          </article>
        )}
      </Show>
    </Page>
  )

  function SummaryFacts() {
    const counts = createMemo(() => (board.state === 'ready' ? statusCounts(board(), ids()) : undefined))
    const worst = createMemo(() => {
      const w = why.state === 'ready' ? why() : null
      const t = w?.themes.filter((x) => x.pull !== null && x.pull < 0).sort((a, b) => a.pull! - b.pull!)[0]
      return w && t ? { w, t } : null
    })
    const c = () => (cases.state === 'ready' && cases()!.available ? (cases() as { available: true; data: { total: ReportCases } }).data.total : null)
    const a = () => (actions.state === 'ready' && actions()!.available ? (actions() as { available: true; data: { results: ActionResult[] } }).data.results : null)
    return (
      <ul class="review-glance" data-testid="review-glance">
        <Show when={counts()} fallback={<li class="muted">{board.error ? 'The results could not be loaded.' : 'Loading the results…'}</li>}>
          {(k) => (
            <>
              <li>
                <strong>{plural(k().cells, kind() === 'all' || kind() === 'one' ? 'standard' : 'standard-and-location figure', kind() === 'all' || kind() === 'one' ? 'standards' : 'standard-and-location figures')} measured</strong>
                {k().cells > 0 ? `: ${count(k().green)} on target, ${count(k().amber)} within tolerance, ${count(k().red)} off target, ${count(k().insufficient)} with too little data to judge` : ''}
                {k().notJudged ? `, ${count(k().notJudged)} without a target` : ''}.
              </li>
              <li>
                On the previous period: {changesText(k().improved, k().worsened)}
                {kind() === 'all' ? ` across all locations; at single locations, ${changesText(k().locationImproved, k().locationWorsened)}` : ''}.
              </li>
            </>
          )}
        </Show>
        <Show when={worst()}>
          {(x) => (
            <li>
              The theme pulling the {x().w.driver.toUpperCase()} down most: {themeName(x().t.theme).toLowerCase()} ({pullText(x().t.pull)}, {plural(x().t.count, 'comment')}).
            </li>
          )}
        </Show>
        <Show when={c()}>
          {(cc) => (
            <li>
              Cases: {plural(cc().opened, 'case')} opened;{' '}
              {cc().withinSla.share === null ? 'none resolved in the period' : `${cc().withinSla.share!.toFixed(0)}% resolved within the SLA (${count(cc().withinSla.count)} of ${count(cc().withinSla.of)})`}.
            </li>
          )}
        </Show>
        <Show when={a()}>
          {(list) => (
            <li>
              Improvement actions: {plural(list().length, 'action')} in the period
              {list().length ? `, ${count(list().filter((r) => r.impact?.standards.some((s) => s.outcome === 'improved')).length)} with a significant improvement` : ''}.
            </li>
          )}
        </Show>
      </ul>
    )
  }
}

const CONTENTS = [
  { id: 'summary', title: 'Summary' },
  { id: 'standards', title: '1. Standards and targets' },
  { id: 'plan', title: '2. Measurement plan and samples' },
  { id: 'results', title: '3. Results against targets' },
  { id: 'trends', title: '4. Trends' },
  { id: 'voice', title: '5. What customers said' },
  { id: 'strengths', title: '6. Strengths and areas for development' },
  { id: 'actions', title: '7. Improvement actions: before and after' },
  { id: 'cases', title: '8. Follow-up cases and SLA performance' },
]

/** "2 significant improvements and 1 significant decline", "no significant improvement or decline". */
function changesText(up: number, down: number): string {
  if (up === 0 && down === 0) return 'no significant improvement or decline'
  const part = (n: number, what: string) => (n === 0 ? `no significant ${what}` : plural(n, `significant ${what}`))
  return `${part(up, 'improvement')} and ${part(down, 'decline')}`
}

function formatDriver(w: ReportWhy): string {
  const v = w.baseline.value
  const text = v === null ? '—' : `${v > 0 && w.driver === 'nps' ? '+' : ''}${v.toFixed(0).replace('-', '−')}${w.driver === 'csat' ? '%' : ''}`
  return `${text} (n = ${count(w.baseline.n)})`
}

/** The print's page size, margins and running footer: the organisation and period on every page, with page numbers. */
function pageStyle(org: string, s: ReportScope): string {
  const quoted = (t: string) => `"${t.replace(/["\\]/g, '').replace(/[\n\r]/g, ' ')}"`
  const footer = quoted(`${org ? `${org} · ` : ''}Service quality review, ${periodText(s.from, s.to)}`)
  return `@page { size: A4; margin: 16mm 15mm 18mm; @bottom-left { content: ${footer}; font: 8pt system-ui, sans-serif; color: #4a5565; } @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #4a5565; } }`
}

function DocumentTitle(props: { scope: ReportScope | undefined }) {
  createEffect(() => {
    const s = props.scope
    if (s) document.title = `Service quality review, ${quarterName(s.from, s.to) ?? periodText(s.from, s.to)} · Yardstick`
  })
  return null
}

function ReportSection(props: { id: string; number?: number; title: string; lead?: string; major?: boolean; children: JSX.Element }) {
  return (
    <section class="card review-section" classList={{ 'review-section-major': !!props.major }} id={`review-${props.id}`} aria-labelledby={`review-${props.id}-title`} data-section={props.id}>
      <h2 id={`review-${props.id}-title`}>{props.number ? `${props.number}. ${props.title}` : props.title}</h2>
      <Show when={props.lead}>
        <p class="review-lead">{props.lead}</p>
      </Show>
      {props.children}
    </section>
  )
}

function Failed(props: { what: string; error: unknown; onRetry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <p>
        {props.what.charAt(0).toUpperCase() + props.what.slice(1)} could not be loaded: {errorMessage(props.error)}
      </p>
      <Show when={props.onRetry}>
        <button type="button" class="button no-print" onClick={() => props.onRetry?.()}>
          Try again
        </button>
      </Show>
    </div>
  )
}

/**
 * A section's three states: loading, failed (with a retry) and loaded. A report being reloaded for
 * another period or other locations says so, rather than showing the previous report's figures.
 */
function Loaded<T>(props: { resource: Resource<T>; what: string; loading?: string; onRetry?: () => void; children: (data: Accessor<T>) => JSX.Element }) {
  return (
    <Switch>
      <Match when={props.resource.error}>
        <Failed what={props.what} error={props.resource.error} onRetry={props.onRetry} />
      </Match>
      <Match when={props.resource.state === 'ready' ? { data: props.resource.latest as T } : undefined}>{(ready) => props.children(() => ready().data)}</Match>
      <Match when={true}>
        <p class="loading" role="status">
          {props.loading ?? `Loading ${props.what}…`}
        </p>
      </Match>
    </Switch>
  )
}

/**
 * The report's period and locations. A preset applies at once; custom dates and the choice of
 * locations apply with "Show report". Everything lands in the address.
 */
function ReportControls(props: {
  scopeFrom: string | undefined
  scopeTo: string | undefined
  locationIds: string[]
  locations: { id: string; name: string; archived_at: string | null }[]
  now: string
  problem: string | null
  onApply: (next: Record<string, string | undefined>) => void
}) {
  const [preset, setPreset] = createSignal<PeriodPreset>('last-quarter')
  const [from, setFrom] = createSignal('')
  const [to, setTo] = createSignal('')
  const [some, setSome] = createSignal(false)
  const [chosen, setChosen] = createSignal<string[]>([])
  const [error, setError] = createSignal('')
  createEffect(() => {
    const f = props.scopeFrom ?? ''
    const t = props.scopeTo ?? ''
    setFrom(f)
    setTo(t)
    setPreset(isIsoDate(f) && isIsoDate(t) ? presetOf(f, t, props.now) : 'last-quarter')
  })
  createEffect(() => {
    setSome(props.locationIds.length > 0)
    setChosen(props.locationIds)
  })
  const choosePreset = (value: string) => {
    const p = value as PeriodPreset
    setPreset(p)
    const d = presetDates(p, props.now)
    if (d) props.onApply({ from: d.from, to: d.to })
  }
  const toggle = (id: string, on: boolean) => setChosen((list) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id)))
  const apply = (e: SubmitEvent) => {
    e.preventDefault()
    if (!isIsoDate(from()) || !isIsoDate(to())) return setError('Enter both dates of the period.')
    if (from() > to()) return setError('“From” must be on or before “To”.')
    if (some() && chosen().length === 0) return setError('Choose at least one location, or “All locations”.')
    setError('')
    props.onApply({ from: from(), to: to(), locations: some() ? [...chosen()].sort().join(',') : undefined })
  }
  const listed = () => props.locations.filter((l) => !l.archived_at || chosen().includes(l.id))
  return (
    <form class="card review-controls no-print" onSubmit={apply} aria-label="Period and locations of the report">
      <div class="review-controls-row">
        <div class="field">
          <label for="review-period">Period</label>
          <select id="review-period" value={preset()} onChange={(e) => choosePreset(e.currentTarget.value)}>
            <For each={PERIOD_PRESETS}>{(p) => <option value={p.value} selected={p.value === preset()}>{p.label}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="review-from">From</label>
          <input id="review-from" type="date" value={from()} readOnly={preset() !== 'custom'} onInput={(e) => setFrom(e.currentTarget.value)} aria-describedby={preset() !== 'custom' ? 'review-dates-hint' : undefined} />
        </div>
        <div class="field">
          <label for="review-to">To</label>
          <input id="review-to" type="date" value={to()} readOnly={preset() !== 'custom'} onInput={(e) => setTo(e.currentTarget.value)} aria-describedby={preset() !== 'custom' ? 'review-dates-hint' : undefined} />
        </div>
        <fieldset class="review-scope">
          <legend>Locations</legend>
          <div class="review-radios">
            <label>
              <input type="radio" name="review-scope" checked={!some()} onChange={() => setSome(false)} /> All locations
            </label>
            <label>
              <input type="radio" name="review-scope" checked={some()} onChange={() => setSome(true)} /> Chosen locations
            </label>
          </div>
        </fieldset>
      </div>
      <p class="hint" id="review-dates-hint">
        <Show when={preset() !== 'custom'} fallback="Enter the first and last day of the period, then show the report.">
          A preset fills in its dates; choose “Custom dates” to enter your own.
        </Show>
      </p>
      <Show when={some()}>
        <fieldset class="review-location-list">
          <legend>Locations in the report</legend>
          <For each={listed()} fallback={<p class="muted">Loading locations…</p>}>
            {(l) => (
              <label class="review-location-option">
                <input type="checkbox" checked={chosen().includes(l.id)} onChange={(e) => toggle(l.id, e.currentTarget.checked)} /> {l.name}
                {l.archived_at ? ' (archived)' : ''}
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <Show when={error() || props.problem}>
        <p class="field-error" role="alert">
          {error() || props.problem}
        </p>
      </Show>
      <div class="button-row">
        <button type="submit" class="button primary">
          Show report
        </button>
      </div>
    </form>
  )
}
