import { Show } from 'solid-js'
import type { Change, Figure, Status } from '../../../../shared/analytics.ts'
import { formatInterval, formatMetric, formatMetricAgainst } from '../../lib/format.ts'
import { STATUS_TEXT, StatusBadge } from '../status-badge.tsx'

/** The axis range a metric lives on. */
export function metricRange(metric: string): [number, number] {
  if (metric === 'nps') return [-100, 100]
  if (metric === 'ces') return [1, 7]
  if (metric === 'rating_mean') return [0, 10]
  return [0, 100]
}

/** Points for NPS and shares, plain units for means. */
export function deltaText(metric: string, delta: number | null): string {
  if (delta === null) return '—'
  const decimals = metric === 'ces' || metric === 'rating_mean' ? 1 : 0
  const unit = metric === 'ces' || metric === 'rating_mean' ? '' : ' points'
  const text = Math.abs(delta).toFixed(decimals)
  const sign = Number(text) === 0 ? '±' : delta > 0 ? '+' : '−'
  return `${sign}${text}${unit}`
}

export const statusText = (status: Status | null) => (status ? STATUS_TEXT[status] : 'No target')

/** A status as a badge (text and shape), or "No target" when the figure is not judged. */
export function StatusView(props: { status: Status | null }) {
  return (
    <Show when={props.status} fallback={<span class="muted cell-n">No target</span>}>
      {(s) => <StatusBadge status={s()} />}
    </Show>
  )
}

/** Value, n and interval of one figure, as the board and tables show them. */
export function FigureText(props: { metric: string; figure: Figure; target?: number | null }) {
  return (
    <>
      <span class="cell-value">{formatMetricAgainst(props.metric, props.figure.value, props.target ?? null)}</span>
      <span class="cell-n">n = {props.figure.n.toLocaleString('en-GB')}</span>
      <Show when={props.figure.low !== null && props.figure.n > 0}>
        <span class="cell-interval">
          <span class="sr-only">95% interval </span>
          {formatInterval(props.metric, props.figure.low, props.figure.high)}
        </span>
      </Show>
    </>
  )
}

const ARROWS = { up: '↑', down: '↓', flat: '→' } as const
const WORDS = { up: 'Up', down: 'Down', flat: 'No change' } as const

/**
 * The change against the previous period: an arrow with the difference, and "significant" only when
 * the API says so (95%, both periods at or above the minimum sample).
 */
export function ChangeView(props: { metric: string; change: Change | null }) {
  return (
    <Show when={props.change && props.change.delta !== null ? props.change : undefined} fallback={<span class="cell-change muted">No previous figure</span>}>
      {(c) => (
        <span class="cell-change" classList={{ 'cell-change-significant': c().significant }} data-significant={c().significant ? 'true' : 'false'}>
          <span aria-hidden="true">{ARROWS[c().direction]} </span>
          <span class="sr-only">{WORDS[c().direction]} </span>
          {deltaText(props.metric, c().delta)} vs previous
          {c().significant ? ', significant' : ''}
        </span>
      )}
    </Show>
  )
}

export function changeCsv(metric: string, change: Change | null): string[] {
  if (!change || change.delta === null) return ['', '', '']
  return [formatMetric(metric, change.previous.value), deltaText(metric, change.delta), change.significant ? 'significant' : 'not significant']
}
