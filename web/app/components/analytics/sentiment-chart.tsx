import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'
import { createEffect, createMemo, onCleanup } from 'solid-js'
import type { WhyResponse } from '../../../../shared/analytics.ts'
import { SENTIMENT_SERIES } from './sentiment-series.ts'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)


/** Comments per sentiment label per bucket, stacked; the table beside it carries the same counts. */
export default function SentimentChart(props: { why: WhyResponse }) {
  let canvas: HTMLCanvasElement | undefined
  let chart: Chart<'bar', number[], string> | undefined
  const summary = createMemo(
    () =>
      `Stacked bar chart of comments by sentiment per ${props.why.grain}: ${props.why.sentiment
        .map((b) => `${b.bucket} ${SENTIMENT_SERIES.map((s) => `${b[s.key]} ${s.label.toLowerCase()}`).join(', ')}`)
        .join('; ')}.`,
  )
  createEffect(() => {
    if (!canvas) return
    const w = props.why
    chart?.destroy()
    chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: {
        labels: w.sentiment.map((b) => b.bucket),
        datasets: SENTIMENT_SERIES.map((s) => ({ label: s.label, data: w.sentiment.map((b) => b[s.key]), backgroundColor: s.colour, stack: 'comments' })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'Comments' } } },
        plugins: { legend: { position: 'bottom' } },
      },
    })
  })
  onCleanup(() => chart?.destroy())
  return (
    <figure class="chart">
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={summary()} />
      </div>
      <figcaption class="hint">Bars stack the comments of each {props.why.grain} by sentiment, negative at the bottom; the table below gives the counts.</figcaption>
    </figure>
  )
}
