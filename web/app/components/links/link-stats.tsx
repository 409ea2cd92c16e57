import { createResource, For, Show } from 'solid-js'
import { getSurveyStats, type Funnel, type SurveyStats } from '../../lib/links.ts'
import { AsyncView } from '../async-view.tsx'

const percent = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`)

/** Views, starts, completions and completion rate, as a row of figures. */
export function FunnelFigures(props: { funnel: Funnel; label: string }) {
  return (
    <dl class="funnel" aria-label={props.label}>
      <div>
        <dt>Views</dt>
        <dd>{props.funnel.views}</dd>
      </div>
      <div>
        <dt>Starts</dt>
        <dd>{props.funnel.starts}</dd>
      </div>
      <div>
        <dt>Completions</dt>
        <dd>{props.funnel.completions}</dd>
      </div>
      <div>
        <dt>Completion rate</dt>
        <dd>{percent(props.funnel.completionRate)}</dd>
      </div>
    </dl>
  )
}

/** How many of those who started reached each question: a table with a bar per question. */
export function DropOffTable(props: { dropOff: SurveyStats['dropOff']; caption: string }) {
  return (
    <Show when={props.dropOff.length > 0} fallback={<p class="hint">No one has started yet, so there is no drop-off to show.</p>}>
      <div class="table-wrap">
        <table class="table drop-off">
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col" class="num">
                Reached
              </th>
              <th scope="col">Share of starts</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.dropOff}>
              {(q) => (
                <tr>
                  <th scope="row">{q.text}</th>
                  <td class="num">{q.reached}</td>
                  <td>
                    <span class="bar-cell">
                      <span class="bar" aria-hidden="true">
                        <span class="bar-fill" style={{ width: `${Math.max(0, Math.min(1, q.share ?? 0)) * 100}%` }} />
                      </span>
                      <span>{percent(q.share)}</span>
                    </span>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  )
}

/** One link's statistics, loaded when opened. */
export function LinkStats(props: { surveyId: string; linkId: string; label: string }) {
  const [stats, { refetch }] = createResource(() => getSurveyStats(props.surveyId, props.linkId))
  return (
    <AsyncView resource={stats} loading="Loading statistics…" onRetry={refetch}>
      {(s) => (
        <div class="link-stats">
          <FunnelFigures funnel={s().links.find((l) => l.collectorId === props.linkId) ?? s().totals} label={`Statistics of “${props.label}”`} />
          <DropOffTable dropOff={s().dropOff} caption={`Drop-off by question through “${props.label}”`} />
        </div>
      )}
    </AsyncView>
  )
}

/** The survey's statistics across its links, with a row per link. */
export function SurveyStatsCard(props: { stats: SurveyStats }) {
  return (
    <section class="card" aria-labelledby="stats-title">
      <h2 id="stats-title">Statistics</h2>
      <FunnelFigures funnel={props.stats.totals} label="Statistics of every link together" />
      <Show when={props.stats.links.length > 0}>
        <div class="table-wrap">
          <table class="table link-stats-table">
            <caption>By link</caption>
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col" class="num">
                  Views
                </th>
                <th scope="col" class="num">
                  Starts
                </th>
                <th scope="col" class="num">
                  Completions
                </th>
                <th scope="col" class="num">
                  Completion rate
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.stats.links}>
                {(l) => (
                  <tr>
                    <th scope="row">{l.label}</th>
                    <td class="num">{l.views}</td>
                    <td class="num">{l.starts}</td>
                    <td class="num">{l.completions}</td>
                    <td class="num">{percent(l.completionRate)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <DropOffTable dropOff={props.stats.dropOff} caption="Drop-off by question, every link" />
      <p class="hint">A view is the survey opened through a link; a start is a first answer given; a completion is a response sent.</p>
    </section>
  )
}
