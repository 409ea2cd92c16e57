import { CategoryScale, Chart, type ChartDataset, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'
import { createEffect, createMemo, onCleanup } from 'solid-js'
import type { TrendResponse } from '../../../../shared/analytics.ts'
import { METRIC_LABELS } from '../../../../shared/schemas.ts'
import { formatInterval, formatMetric } from '../../lib/format.ts'
import { statusText } from './figures.tsx'
import { metricRange } from './figures.tsx'

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Filler, Tooltip, Legend)

/**
 * One metric over time: the figure with its 95% interval as a band, the target in force as a stepped
 * line, and the comparison series (previous period or the same period last year) dashed. The table
 * beside it carries the same figures with their n; the canvas's label reads them out.
 */
export default function TrendChart(props: { trend: TrendResponse }) {
  let canvas: HTMLCanvasElement | undefined
  let chart: Chart<'line', (number | null)[], string> | undefined
  const metric = () => props.trend.metric
  const hasTarget = () => props.trend.series.some((p) => p.target !== null)
  const comparisonLabel = () => (props.trend.comparison?.compare === 'last_year' ? 'Same period last year' : 'Previous period')
  const datasetNames = createMemo(() => ['Figure', 'Interval low', '95% interval', ...(hasTarget() ? ['Target'] : []), ...(props.trend.comparison ? [comparisonLabel()] : [])])

  const summary = createMemo(() => {
    const t = props.trend
    const points = t.series.map((p) => `${p.bucket} ${formatMetric(metric(), p.value)} (n = ${p.n}${p.low !== null ? `, ${formatInterval(metric(), p.low, p.high)}` : ''}${p.target !== null ? `, target ${formatMetric(metric(), p.target)}` : ''}, ${statusText(p.status)})`)
    return `Line chart of ${t.subject.title} by ${t.grain}${hasTarget() ? ' with its target line' : ''}: ${points.join('; ')}.`
  })

  createEffect(() => {
    if (!canvas) return
    const t = props.trend
    const [min, max] = metricRange(metric())
    const labels = t.series.map((p) => p.bucket)
    const datasets: ChartDataset<'line', (number | null)[]>[] = [
      { label: 'Figure', data: t.series.map((p) => p.value), borderColor: '#1d4e89', backgroundColor: '#1d4e89', pointStyle: 'circle', pointRadius: 4, spanGaps: true, order: 1 },
      { label: 'Interval low', data: t.series.map((p) => p.low), borderColor: 'transparent', backgroundColor: 'rgba(29, 78, 137, 0.15)', pointRadius: 0, fill: false, spanGaps: true, order: 3 },
      { label: '95% interval', data: t.series.map((p) => p.high), borderColor: 'transparent', backgroundColor: 'rgba(29, 78, 137, 0.15)', pointRadius: 0, fill: '-1', spanGaps: true, order: 3 },
    ]
    if (hasTarget())
      datasets.push({ label: 'Target', data: t.series.map((p) => p.target), borderColor: '#c62828', backgroundColor: '#c62828', borderDash: [8, 4], pointRadius: 0, stepped: 'middle', order: 2 })
    if (t.comparison)
      datasets.push({ label: comparisonLabel(), data: t.series.map((_, i) => t.comparison!.series[i]?.value ?? null), borderColor: '#5b3f8c', backgroundColor: '#5b3f8c', borderDash: [2, 3], pointStyle: 'triangle', pointRadius: 4, spanGaps: true, order: 1 })
    chart?.destroy()
    chart = new Chart<'line', (number | null)[], string>(canvas, {
      type: 'line',
      data: { labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min, max, title: { display: true, text: METRIC_LABELS[t.metric as keyof typeof METRIC_LABELS] ?? t.metric } } },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item) => item.text !== 'Interval low' } },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const p = ctx.dataset.label === 'Figure' ? t.series[ctx.dataIndex] : undefined
                return `${ctx.dataset.label}: ${formatMetric(metric(), ctx.parsed.y)}${p ? ` (n = ${p.n})` : ''}`
              },
            },
          },
        },
      },
    })
  })
  onCleanup(() => chart?.destroy())

  return (
    <figure class="chart chart-tall" data-testid="trend-chart" data-datasets={datasetNames().join('|')} data-target-line={hasTarget() ? 'true' : 'false'}>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={summary()} />
      </div>
      <figcaption class="hint">
        The solid line is the figure and the shaded band its 95% interval{hasTarget() ? '; the red dashed line is the target in force' : ''}
        {props.trend.comparison ? `; the purple dotted line is the ${comparisonLabel().toLowerCase()}` : ''}. The table below gives every figure with its n.
      </figcaption>
    </figure>
  )
}
