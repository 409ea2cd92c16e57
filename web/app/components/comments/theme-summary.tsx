import { createSignal, For, Show } from 'solid-js'
import type { ThemeSummary, ThemeSummaryRow } from './api.ts'
import { themeName } from './types.ts'

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`)

const monthName = (month: string) => {
  const d = new Date(`${month}-01T00:00:00`)
  return Number.isNaN(d.getTime()) ? month : d.toLocaleDateString(undefined, { month: 'short', year: 'numeric' })
}

function trendText(row: ThemeSummaryRow): string {
  if (!row.months.length) return 'No comments by month'
  return `By month: ${row.months.map((m) => `${monthName(m.month)} ${m.count} (${m.negative} negative)`).join('; ')}`
}

/** A tiny bar per month: the whole bar is the month's comments, the darker part the negative ones. */
function Sparkline(props: { row: ThemeSummaryRow }) {
  const W = 6
  const GAP = 2
  const H = 24
  const max = () => Math.max(1, ...props.row.months.map((m) => m.count))
  return (
    <svg class="sparkline" width={Math.max(1, props.row.months.length) * (W + GAP)} height={H} viewBox={`0 0 ${Math.max(1, props.row.months.length) * (W + GAP)} ${H}`} role="img" aria-label={trendText(props.row)}>
      <For each={props.row.months}>
        {(m, i) => {
          const h = () => Math.max(1, (m.count / max()) * H)
          const n = () => (m.negative / max()) * H
          return (
            <g>
              <rect class="spark-all" x={i() * (W + GAP)} y={H - h()} width={W} height={h()} />
              <Show when={m.negative > 0}>
                <rect class="spark-negative" x={i() * (W + GAP)} y={H - n()} width={W} height={n()} />
              </Show>
            </g>
          )
        }}
      </For>
    </svg>
  )
}

/**
 * Each theme with its number of comments, the share of them that are negative and a monthly
 * trend. A theme's name filters the list to it.
 */
export function ThemeSummaryPanel(props: { summary: ThemeSummary; selected: string | undefined; onSelect: (theme: string | undefined) => void }) {
  const [showMonths, setShowMonths] = createSignal(false)
  const rows = () => props.summary.themes.filter((t) => t.count > 0).sort((a, b) => b.count - a.count)
  const unused = () => props.summary.themes.filter((t) => t.count === 0)
  const months = () => [...new Set(props.summary.themes.flatMap((t) => t.months.map((m) => m.month)))].sort()
  return (
    <Show when={rows().length > 0} fallback={<p class="muted">No comment in this selection is about any of the themes.</p>}>
      <div class="table-wrap">
        <table class="table theme-summary">
          <caption class="sr-only">Comments by theme, the share of them that are negative and the monthly trend; choose a theme to list its comments</caption>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col" class="num">
                Comments
              </th>
              <th scope="col">Negative</th>
              <th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr classList={{ selected: props.selected === r.theme }}>
                  <th scope="row">
                    <button type="button" class="link-button" aria-pressed={props.selected === r.theme ? 'true' : 'false'} onClick={() => props.onSelect(props.selected === r.theme ? undefined : r.theme)}>
                      {themeName(r.theme)}
                    </button>
                  </th>
                  <td class="num">{r.count}</td>
                  <td>
                    <span class="bar-cell">
                      <span class="bar negative-bar" aria-hidden="true">
                        <span class="bar-fill" style={{ width: `${Math.max(0, Math.min(1, r.negativeShare ?? 0)) * 100}%` }} />
                      </span>
                      <span class="nowrap">
                        {percent(r.negativeShare)}
                        <span class="cell-n block">
                          {r.negative} of {r.count}
                        </span>
                      </span>
                    </span>
                  </td>
                  <td>
                    <Sparkline row={r} />
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={unused().length > 0}>
        <p class="hint">No comment here is about {unused().map((t) => themeName(t.theme).toLowerCase()).join(', ')}.</p>
      </Show>
      <p>
        <button type="button" class="button small" aria-expanded={showMonths() ? 'true' : 'false'} onClick={() => setShowMonths((v) => !v)}>
          {showMonths() ? 'Hide the monthly figures' : 'Show the monthly figures'}
        </button>
      </p>
      <Show when={showMonths()}>
        <div class="table-wrap">
          <table class="table theme-months">
            <caption>Comments by theme and month, with the negative ones in brackets</caption>
            <thead>
              <tr>
                <th scope="col">Theme</th>
                <For each={months()}>{(m) => <th scope="col" class="num">{monthName(m)}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r) => (
                  <tr>
                    <th scope="row">{themeName(r.theme)}</th>
                    <For each={months()}>
                      {(m) => {
                        const cell = () => r.months.find((x) => x.month === m)
                        return (
                          <td class="num">
                            <Show when={cell()} fallback={<span class="muted">0</span>}>
                              {(c) => (
                                <>
                                  {c().count} <span class="cell-n">({c().negative})</span>
                                </>
                              )}
                            </Show>
                          </td>
                        )
                      }}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </Show>
  )
}
