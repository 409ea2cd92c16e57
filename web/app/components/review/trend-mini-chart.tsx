import { CategoryScale, Chart, type ChartDataset, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'
import { createEffect, onCleanup } from 'solid-js'
import type { TrendPoint } from '../../../../shared/analytics.ts'
import { formatMetric } from '../../lib/format.ts'
import { metricRange } from '../analytics/figures.tsx'

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Filler, Tooltip, Legend)

/** Line colours (with a different point shape each, so lines never rest on colour alone); the target is red and dashed. */
const SERIES_STYLE = [
  { color: '#1d4e89', point: 'circle' },
  { color: '#b45309', point: 'triangle' },
  { color: '#0f766e', point: 'rect' },
  { color: '#6d28d9', point: 'rectRot' },
  { color: '#374151', point: 'crossRot' },
  { color: '#9d174d', point: 'star' },
] as const

export interface MiniSeries {
  label: string
  points: TrendPoint[]
}

/**
 * A small chart of one standard over the report's period: one line per location (or the scope as
 * one line, with its 95% interval as a band) and the target in force as a dashed red line. Drawn at
 * twice the screen's resolution so it stays sharp on paper; the canvas's label carries the summary
 * and the report's table beside it every figure with its n.
 */
export default function TrendMiniChart(props: { metric: string; labels: string[]; series: MiniSeries[]; target: (number | null)[]; summary: string }) {
  let canvas: HTMLCanvasElement | undefined
  let chart: Chart<'line', (number | null)[], string> | undefined

  createEffect(() => {
    if (!canvas) return
    const [min, max] = metricRange(props.metric)
    const one = props.series.length === 1
    const datasets: ChartDataset<'line', (number | null)[]>[] = props.series.map((s, i) => {
      const style = SERIES_STYLE[i % SERIES_STYLE.length]!
      // Not clipped: a figure of 100% sits on the chart's top edge and should show whole.
      return { label: s.label, data: s.points.map((p) => p.value), borderColor: style.color, backgroundColor: style.color, pointStyle: style.point, pointRadius: 3, borderWidth: 2, spanGaps: true, clip: false, order: 1 }
    })
    if (one) {
      const points = props.series[0]!.points
      datasets.push(
        { label: 'Interval low', data: points.map((p) => p.low), borderColor: 'transparent', backgroundColor: 'rgba(29, 78, 137, 0.14)', pointRadius: 0, fill: false, spanGaps: true, order: 3 },
        { label: '95% interval', data: points.map((p) => p.high), borderColor: 'transparent', backgroundColor: 'rgba(29, 78, 137, 0.14)', pointStyle: 'rect', pointRadius: 0, fill: '-1', spanGaps: true, order: 3 },
      )
    }
    if (props.target.some((t) => t !== null))
      datasets.push({ label: 'Target', data: props.target, borderColor: '#c62828', backgroundColor: '#c62828', borderDash: [6, 4], borderWidth: 2, pointStyle: 'line', pointRadius: 0, stepped: 'middle', order: 2 })
    chart?.destroy()
    chart = new Chart<'line', (number | null)[], string>(canvas, {
      type: 'line',
      data: { labels: props.labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { top: 6, right: 4 } },
        devicePixelRatio: Math.max(2, window.devicePixelRatio || 1),
        scales: {
          x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 7, font: { size: 10 } } },
          y: { min, max, ticks: { font: { size: 10 }, callback: (v) => formatMetric(props.metric, Number(v)) } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 8, boxHeight: 8, pointStyleWidth: 14, font: { size: 10 }, usePointStyle: true, filter: (item) => item.text !== 'Interval low' } },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const s = props.series.find((x) => x.label === ctx.dataset.label)
                const p = s?.points[ctx.dataIndex]
                return `${ctx.dataset.label}: ${formatMetric(props.metric, ctx.parsed.y)}${p ? ` (n = ${p.n})` : ''}`
              },
            },
          },
        },
      },
    })
  })
  // Paper is narrower than the screen: redraw for the print layout, and back after (Chart.js does
  // not follow a change of media by itself).
  const redraw = () => chart?.resize()
  const print = window.matchMedia('print')
  print.addEventListener('change', redraw)
  window.addEventListener('beforeprint', redraw)
  window.addEventListener('afterprint', redraw)
  onCleanup(() => {
    print.removeEventListener('change', redraw)
    window.removeEventListener('beforeprint', redraw)
    window.removeEventListener('afterprint', redraw)
    chart?.destroy()
  })

  return (
    <div class="review-chart-canvas">
      <canvas ref={canvas} role="img" aria-label={props.summary} />
    </div>
  )
}
