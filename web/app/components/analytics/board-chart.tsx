import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js'
import { createEffect, createMemo, createSignal, onCleanup } from 'solid-js'
import type { BoardRow } from '../../../../shared/analytics.ts'
import { formatMetric } from '../../lib/format.ts'
import { STATUS_TEXT } from '../status-badge.tsx'
import { SelectField } from '../fields.tsx'
import { metricRange } from './figures.tsx'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip)

const STATUS_COLOURS: Record<string, string> = { green: '#1a7f37', amber: '#b35900', red: '#c62828', insufficient: '#8a94a6' }

/** A bar per location for one standard; the board above carries the same figures as text. */
export default function BoardChart(props: { rows: BoardRow[]; locations: { id: string; name: string }[] }) {
  const charted = createMemo(() => props.rows.filter((r) => r.byLocation.length > 0))
  const [standardId, setStandardId] = createSignal(charted()[0]?.standard.id ?? '')
  const row = createMemo(() => {
    const r = charted().find((x) => x.standard.id === standardId()) ?? charted()[0]
    if (!r) return undefined
    const order = props.locations.map((l) => l.id)
    return { ...r, byLocation: r.byLocation.filter((c) => c.n > 0).sort((a, b) => order.indexOf(a.locationId ?? '') - order.indexOf(b.locationId ?? '')) }
  })
  const name = (id: string | null) => props.locations.find((l) => l.id === id)?.name ?? 'Unknown'
  let canvas: HTMLCanvasElement | undefined
  let chart: Chart<'bar'> | undefined

  const summary = createMemo(() => {
    const r = row()
    if (!r) return ''
    const parts = r.byLocation.map((c) => `${name(c.locationId)} ${formatMetric(r.standard.metric, c.value)} (n = ${c.n}, ${c.status ? STATUS_TEXT[c.status] : 'no target'})`)
    return `Bar chart of ${r.standard.code} by location: ${parts.join('; ')}.`
  })

  createEffect(() => {
    const r = row()
    if (!r || !canvas) return
    const [min, max] = metricRange(r.standard.metric)
    chart?.destroy()
    chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: r.byLocation.map((c) => name(c.locationId)),
        datasets: [{ label: r.standard.title, data: r.byLocation.map((c) => c.value), backgroundColor: r.byLocation.map((c) => STATUS_COLOURS[c.status ?? 'insufficient'] ?? STATUS_COLOURS.insufficient!), maxBarThickness: 56 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min, max, title: { display: true, text: r.standard.code } } },
        plugins: { tooltip: { callbacks: { label: (ctx) => `${formatMetric(r.standard.metric, ctx.parsed.y)} (n = ${r.byLocation[ctx.dataIndex]?.n ?? 0})` } } },
      },
    })
  })
  onCleanup(() => chart?.destroy())

  return (
    <figure class="chart">
      <div class="chart-toolbar">
        <SelectField label="Chart" value={row()?.standard.id ?? ''} onChange={setStandardId} options={charted().map((r) => ({ value: r.standard.id, label: `${r.standard.code} · ${r.standard.title}` }))} class="inline" />
      </div>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={summary()} />
      </div>
      <figcaption class="hint">Bar colour follows the status; the board above gives each figure with its sample size, interval and status in words.</figcaption>
    </figure>
  )
}
