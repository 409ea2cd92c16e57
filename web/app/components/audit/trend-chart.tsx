import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'
import { createEffect, createMemo, onCleanup } from 'solid-js'
import { formatPercent } from '../../../../shared/audit/scoring.ts'
import type { AuditResults } from './types.ts'

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend)

// Distinguishable for common colour-vision deficiencies; lines also differ by dash and point shape.
const SERIES = ['#1d4e89', '#b35900', '#5b3f8c', '#1a7f37', '#8a2b5c', '#3d6e7a']
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]]
const POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star'] as const

/** Monthly compliance per standard; the table beside it carries the same figures with their n. */
export default function TrendChart(props: { results: AuditResults; months: string[] }) {
  let canvas: HTMLCanvasElement | undefined
  let chart: Chart<'line'> | undefined

  const series = createMemo(() =>
    props.results.standards.map((s) => ({
      standard: s,
      points: props.months.map((m) => props.results.months.find((x) => x.month === m && x.standardId === s.standardId)),
    })),
  )
  const summary = createMemo(() => {
    const parts = series().map(
      (s) => `${s.standard.code}: ${s.points.map((p, i) => `${props.months[i]} ${p ? `${formatPercent(p.compliance)} (n = ${p.applicable})` : 'no visits'}`).join(', ')}`,
    )
    return `Line chart of monthly compliance by standard. ${parts.join('; ')}.`
  })

  createEffect(() => {
    if (!canvas) return
    const data = series()
    chart?.destroy()
    chart = new Chart(canvas, {
      type: 'line',
      data: {
        labels: props.months,
        datasets: data.map((s, i) => ({
          label: `${s.standard.code} · ${s.standard.title}`,
          data: s.points.map((p) => p?.compliance ?? null),
          borderColor: SERIES[i % SERIES.length],
          backgroundColor: SERIES[i % SERIES.length],
          borderDash: DASHES[i % DASHES.length],
          pointStyle: POINTS[i % POINTS.length],
          pointRadius: 4,
          spanGaps: true,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: 0, max: 100, title: { display: true, text: 'Compliance %' } } },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const p = data[ctx.datasetIndex]?.points[ctx.dataIndex]
                return `${data[ctx.datasetIndex]?.standard.code}: ${formatPercent(p?.compliance ?? null)} (n = ${p?.applicable ?? 0}, ${p?.visits ?? 0} visits)`
              },
            },
          },
        },
      },
    })
  })
  onCleanup(() => chart?.destroy())

  return (
    <figure class="chart">
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={summary()} />
      </div>
      <figcaption class="hint">Each line is a standard; the table below gives every month’s figure with its n and number of visits.</figcaption>
    </figure>
  )
}
