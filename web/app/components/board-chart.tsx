import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js'
import { createEffect, createMemo, createSignal, onCleanup } from 'solid-js'
import type { BoardRow } from '../lib/api.ts'
import { formatMetric } from '../lib/format.ts'
import { STATUS_TEXT } from './status-badge.tsx'
import { SelectField } from './fields.tsx'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip)

const STATUS_COLOURS: Record<string, string> = { green: '#1a7f37', amber: '#b35900', red: '#c62828', insufficient: '#8a94a6' }

/** A bar per location for one standard; the board table above carries the same figures as text. */
export default function BoardChart(props: { board: BoardRow[]; locationNames: Map<string, string> }) {
  const charted = createMemo(() => props.board.filter((r) => r.byLocation.length > 0))
  const [standardId, setStandardId] = createSignal(charted()[0]?.standard.id ?? '')
  const found = createMemo(() => charted().find((r) => r.standard.id === standardId()) ?? charted()[0])
  // Bars in the board's column order.
  const row = createMemo(() => {
    const r = found()
    if (!r) return undefined
    const order = [...props.locationNames.keys()]
    return { ...r, byLocation: [...r.byLocation].sort((a, b) => order.indexOf(a.locationId) - order.indexOf(b.locationId)) }
  })
  let canvas: HTMLCanvasElement | undefined
  let chart: Chart<'bar'> | undefined

  const summary = createMemo(() => {
    const r = row()
    if (!r) return ''
    const parts = r.byLocation.map((c) => `${props.locationNames.get(c.locationId) ?? 'Unknown'} ${formatMetric(r.standard.metric, c.value)} (n = ${c.n}, ${STATUS_TEXT[c.status as keyof typeof STATUS_TEXT] ?? c.status})`)
    return `Bar chart of ${r.standard.code} by location: ${parts.join('; ')}.`
  })

  createEffect(() => {
    const r = row()
    if (!r || !canvas) return
    const labels = r.byLocation.map((c) => props.locationNames.get(c.locationId) ?? 'Unknown')
    const values = r.byLocation.map((c) => c.value)
    const colours = r.byLocation.map((c) => STATUS_COLOURS[c.status] ?? STATUS_COLOURS.insufficient!)
    const [min, max] = r.standard.metric === 'nps' ? [-100, 100] : r.standard.metric === 'ces' ? [1, 7] : r.standard.metric === 'rating_mean' ? [0, 10] : [0, 100]
    chart?.destroy()
    chart = new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: r.standard.title, data: values, backgroundColor: colours, maxBarThickness: 56 }] },
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
        <SelectField
          label="Chart"
          value={row()?.standard.id ?? ''}
          onChange={setStandardId}
          options={charted().map((r) => ({ value: r.standard.id, label: `${r.standard.code} · ${r.standard.title}` }))}
          class="inline"
        />
      </div>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={summary()} />
      </div>
      <figcaption class="hint">Bar colour follows the status; the table above gives each figure with its sample size.</figcaption>
    </figure>
  )
}
